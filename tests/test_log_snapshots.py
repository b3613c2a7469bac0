"""The log screens at 80x24, pinned as SVG snapshots: the table, a session with its heart
rate and motion charts, an exercise's trend and the calendar.

The history ends on a fixed day and the screens are given that day and UTC as their clock,
so the dates, the calendar and the streak look the same every run.
Update after a deliberate change with:
.venv/bin/pytest tests/test_log_snapshots.py --snapshot-update
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest
from log_history import FIXED_NOW, months
from textual.pilot import Pilot
from textual.screen import Screen

from catalog import load_catalog
from tui.app import LumbarApp
from tui.locations import Locations
from tui.log_clock import LogClock
from tui.screens.log import LogScreen
from tui.screens.session_detail import SessionDetailScreen
from tui.screens.trends import TrendsScreen
from tui.settings import Settings

SIZE = (80, 24)
CLOCK = LogClock(tz=UTC, today_fn=FIXED_NOW.date)


@pytest.fixture
def newest(lumbar_home: Locations) -> int:
    return months(lumbar_home.db_path, FIXED_NOW)


def app(lumbar_home: Locations) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=lumbar_home,
    )


async def show(pilot: Pilot[Any], screen: Screen[Any], *keys: str) -> None:
    """Push ``screen``, press ``keys``, and wait until its workers have drawn it."""
    lumbar = pilot.app
    assert isinstance(lumbar, LumbarApp)
    await lumbar.push_screen(screen)
    for key in ("", *keys):
        if key:
            await pilot.press(key)
        for _ in range(3):
            await pilot.pause()
            await lumbar.workers.wait_for_complete()
    await pilot.pause()


def test_log_table(snap_compare: Any, lumbar_home: Locations, newest: int) -> None:
    async def open_log(pilot: Pilot[int]) -> None:
        assert isinstance(pilot.app, LumbarApp)
        await show(pilot, LogScreen(pilot.app.database, CLOCK))

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=open_log)


def test_session_heart_rate(snap_compare: Any, lumbar_home: Locations, newest: int) -> None:
    async def open_session(pilot: Pilot[int]) -> None:
        assert isinstance(pilot.app, LumbarApp)
        await show(pilot, SessionDetailScreen(pilot.app.database, newest, CLOCK))

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=open_session)


def test_session_motion_trace(snap_compare: Any, lumbar_home: Locations, newest: int) -> None:
    async def open_trace(pilot: Pilot[int]) -> None:
        assert isinstance(pilot.app, LumbarApp)
        await show(pilot, SessionDetailScreen(pilot.app.database, newest, CLOCK), "enter")

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=open_trace)


def test_trends_calendar(snap_compare: Any, lumbar_home: Locations, newest: int) -> None:
    async def open_trends(pilot: Pilot[int]) -> None:
        assert isinstance(pilot.app, LumbarApp)
        await show(pilot, TrendsScreen(pilot.app.database, CLOCK))

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=open_trends)


def test_trends_plank_holds(snap_compare: Any, lumbar_home: Locations, newest: int) -> None:
    async def open_exercise(pilot: Pilot[int]) -> None:
        assert isinstance(pilot.app, LumbarApp)
        await show(pilot, TrendsScreen(pilot.app.database, CLOCK), "2", "tab", "down")

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=open_exercise)


def test_trends_pain(snap_compare: Any, lumbar_home: Locations, newest: int) -> None:
    async def open_pain(pilot: Pilot[int]) -> None:
        assert isinstance(pilot.app, LumbarApp)
        await show(pilot, TrendsScreen(pilot.app.database, CLOCK), "3")

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=open_pain)
