"""Every face says the same thing about a stored session: ``lumbar log show``, the session
screen and the summary, read through one read model and one words module.

Before, the same hold quality read 92% in the CLI and 91% on the screen, an unfinished set
"(interrupted)" in one and "cut off" in the other, and a set of one rep "1 reps".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from catalog import load_catalog
from db.clock import utc_now
from db.connection import open_database
from db.read_model import read_session
from db.sessions import SessionWriter, StepRow, StepSensing
from tui.app import LumbarApp
from tui.cli import main
from tui.locations import Locations
from tui.screens.session_detail import SessionDetailScreen
from tui.screens.summary import SummaryScreen
from tui.settings import Settings

SIZE = (80, 24)


def a_set(index: int, **fields: Any) -> StepRow:
    row = StepRow(
        step_index=index,
        exercise_id="bird-dog",
        exercise_name="Bird dog",
        mode="reps",
        set_number=1,
        side="left",
        planned_sets=1,
        planned_reps=1,
        planned_hold_s=None,
        planned_duration_s=None,
        reps_done=1,
        holds_s=(),
        active_s=10.0,
        skipped=False,
        started_s=10.0 + 30 * index,
        ended_s=20.0 + 30 * index,
    )
    return replace(row, **fields)


@pytest.fixture
def session_id(lumbar_home: Locations) -> int:
    """One rep of bird dog; a plank held 18.299 s and broken 1.701 s (quality 0.91495, kept
    as 0.915); a right side cut off by the interruption after two reps."""
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id="core-basics",
        routine_name="Core basics",
        planned_sets=3,
        pain_before=3,
        started_at=utc_now() - timedelta(hours=1),
    )
    writer.step(a_set(0))
    plank = a_set(
        1,
        exercise_id="forearm-plank",
        exercise_name="Forearm plank",
        mode="hold",
        side=None,
        planned_reps=2,
        planned_hold_s=10,
        reps_done=2,
        holds_s=(10.0, 8.299),
        sensing=StepSensing(sensor="h10", hold_breaks=1, broken_s=1.701),
    )
    writer.step(plank)
    writer.step(a_set(2, side="right", planned_reps=5, reps_done=2, ended_s=None))
    writer.finish("interrupted", 75.0)
    db.close()
    return writer.session_id


async def screen_rows(home: Locations, session_id: int) -> list[tuple[str, ...]]:
    app = LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=home,
    )
    async with app.run_test(size=SIZE) as pilot:
        detail = SessionDetailScreen(app.database, session_id)
        await app.push_screen(detail)
        await settled(pilot)
        table = detail.query_one("#steps", DataTable)
        # The words of each cell, as wrapped onto lines of its row or not.
        return [
            tuple(" ".join(str(c).split()) for c in table.get_row_at(r))
            for r in range(table.row_count)
        ]


async def settled(pilot: Pilot[Any]) -> None:
    for _ in range(5):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


async def test_the_cli_the_session_screen_and_the_summary_say_the_same(
    lumbar_home: Locations, session_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "show", str(session_id)]) == 0
    text = capsys.readouterr().out
    assert "1 reps" not in text
    rows = await screen_rows(lumbar_home, session_id)
    # exercise, set, planned, done, held, sensed, form
    assert [row[:5] for row in rows] == [
        ("Bird dog", "1 L", "1 rep", "1 rep", ""),
        ("Forearm plank", "1", "2 × 10 s", "10, 8 s", "92%"),
        ("Bird dog", "1 R", "5 reps", "2 reps, unfinished", ""),
    ]
    for exercise, set_text, planned, done, held in (row[:5] for row in rows):
        shown = [line for line in text.splitlines() if line.startswith(exercise)]
        assert any(set_text in line and planned in line and done in line for line in shown)
        if held:
            assert any(set_text in line and held in line for line in shown), held
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        session = read_session(db, session_id)
    finally:
        db.close()
    assert session is not None
    summary = SummaryScreen(session)
    assert [row[:4] for row in summary.rows()] == [row[:4] for row in rows]
    assert summary.rows()[1][4] == "92% held · 1 break"
