"""Shared by the log screens' tests (the log table, a session's detail, the trends): the
app as they drive it on a real SQLite file, waiting for its workers, and reading what it shows.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static
from waiting import settle as settle  # the log screens' tests settle through this module too

from catalog import load_catalog
from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens.log import LogScreen
from tui.settings import Settings
from tui.widgets.charts import LineChart

SIZE = (80, 24)
TABLES = ("sessions", "steps", "events", "session_devices", "heart_rate", "stream_chunks")


def make_app(home: Locations) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=home,
    )


def current(app: LumbarApp) -> Screen[Any]:
    """The active screen, read afresh (keeps mypy from narrowing it across key presses)."""
    return app.screen


def focused(app: LumbarApp) -> Widget | None:
    """The focused widget, read afresh (keeps mypy from narrowing it across key presses)."""
    return app.focused


def text_of(widget: Static) -> str:
    return str(widget.content)


def column(table: DataTable[Any], index: int) -> list[str]:
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


def counts(path: Path, session_id: int) -> dict[str, int]:
    """How many rows of this session each table holds."""
    found = {}
    with sqlite3.connect(path) as conn:
        for table in TABLES:
            key = "id" if table == "sessions" else "session_id"
            sql = f"SELECT count(*) FROM {table} WHERE {key} = ?"
            found[table] = conn.execute(sql, [session_id]).fetchone()[0]
    conn.close()
    return found


async def open_log(pilot: Pilot[Any]) -> LogScreen:
    await pilot.press("l")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LogScreen)
    return screen


def y_labels(chart: LineChart) -> list[str]:
    """The chart's y-axis labels as drawn, bottom to top."""
    drawn = chart.render()
    assert isinstance(drawn, Text)
    found = [re.match(r"\s*(-?[\d.]+)┤", line) for line in drawn.plain.splitlines()]
    return [match.group(1) for match in reversed(found) if match]


def shown_lines(widget: Widget) -> list[str]:
    """What the widget puts on screen, line by line (its border included)."""
    return ["".join(s.text for s in widget.render_line(y)) for y in range(widget.size.height)]


def shows(widget: Widget, text: str) -> bool:
    return any(text in line for line in shown_lines(widget))
