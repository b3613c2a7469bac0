"""A database damaged inside where the past sessions' sets are: it opens, the log lists its
sessions, and the first read of a routine's history meets a damaged page. Every face says
so in one line (``db.connection``: the one path every statement takes tells SQLite's
"malformed" as a ``DatabaseProblem``), no session starts on it, and the file is left as it
was: nothing recorded in it is lost."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from damaged_database import UNREADABLE, damaged_history, damaged_pins, found_damaged
from fake_clock import FakeClock
from notices import Notices
from session_apps import quiet_app
from waiting import until

from catalog import load_catalog
from db.connection import open_database
from db.dose_pins import pin_dose
from db.errors import DatabaseProblem
from db.sessions import EventRow, SessionWriter
from tui.app import LumbarApp
from tui.cli import main
from tui.history import routine_suggestions
from tui.locations import Locations
from tui.screens.home import HomeScreen
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen

SIZE = (80, 24)


@pytest.fixture
def damaged(lumbar_home: Locations) -> bytes:
    lumbar_home.db_path.parent.mkdir(parents=True)
    data = damaged_history(lumbar_home.db_path)
    lumbar_home.db_path.write_bytes(data)
    return data


def test_a_read_that_meets_a_damaged_page_says_so_and_nothing_is_written_after(
    lumbar_home: Locations, damaged: bytes
) -> None:
    """The read model's own queries raised SQLite's error, which no caller caught."""
    db = open_database(lumbar_home.db_path)
    routine = load_catalog(None).routines["core-basics"]
    with pytest.raises(DatabaseProblem, match=UNREADABLE):
        routine_suggestions(db, routine, load_catalog(None))
    # Found damaged: a session would be written into it no more.
    with pytest.raises(DatabaseProblem, match=UNREADABLE):
        SessionWriter.start(db, kind="routine", routine_id="core-basics")
    db.close()
    assert lumbar_home.db_path.read_bytes() == damaged


def test_a_session_running_goes_on_saving_when_another_read_meets_damage(
    lumbar_home: Locations,
) -> None:
    """A read in a worker that met a damaged page of a table the session does not write
    marked the database, and the running session's every flush was refused from then on
    (its rows lost at the end). Now only what starts anew is refused."""
    lumbar_home.db_path.parent.mkdir(parents=True)
    lumbar_home.db_path.write_bytes(damaged_pins(lumbar_home.db_path))
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    found_damaged(db)
    writer.event(EventRow(t_s=1.0, kind="pause"))
    writer.finish("completed", 2.0)
    # New writes are refused: a session, a pin.
    with pytest.raises(DatabaseProblem, match=UNREADABLE):
        SessionWriter.start(db, kind="routine", routine_id="core-basics")
    with pytest.raises(DatabaseProblem, match=UNREADABLE):
        pin_dose(db, "core-basics", "dead-bug", sets=2, reps=8, hold_s=None, duration_s=None)
    db.close()
    with sqlite3.connect(lumbar_home.db_path) as conn:
        kinds = conn.execute(
            "SELECT kind FROM events WHERE session_id = ?", [writer.session_id]
        ).fetchall()
        status = conn.execute(
            "SELECT status FROM sessions WHERE id = ?", [writer.session_id]
        ).fetchone()
    conn.close()
    assert kinds == [("pause",)]
    assert status == ("completed",)


def test_routines_show_names_the_damaged_file_in_one_line(
    lumbar_home: Locations, damaged: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """It showed a Python traceback; now the routine's own doses, and why, as for a file
    that does not open at all."""
    assert main(["routines", "show", "core-basics"]) == 0
    out, err = capsys.readouterr()
    assert "# Core basics" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert UNREADABLE in lines[0]
    assert lines[0].endswith("; the doses shown are the routine's own")
    assert "malformed" not in err
    assert lumbar_home.db_path.read_bytes() == damaged


def app(lumbar_home: Locations, routine: str | None = None) -> LumbarApp:
    return quiet_app(lumbar_home, FakeClock(), routine)


async def test_a_routine_opened_on_it_says_so_and_its_session_does_not_start(
    lumbar_home: Locations, damaged: bytes
) -> None:
    """Enter on Core basics ended the app with a traceback (its worker's "malformed")."""
    running = app(lumbar_home)
    notices = Notices()
    async with running.run_test(size=SIZE, message_hook=notices) as pilot:
        await until(pilot, lambda: isinstance(running.screen, HomeScreen), "home", 30)
        await running.workers.wait_for_complete()
        running.open_routine("core-basics")
        await until(pilot, lambda: isinstance(running.screen, RoutineScreen), "routine", 30)
        routine: Any = running.screen
        await until(pilot, lambda: routine._loaded, "the suggestions read", 30)
        await until(pilot, lambda: any(UNREADABLE in m for m in notices.errors()), "line", 30)
        assert "the past sessions cannot be read" in routine.change_of("bird-dog")[1]
        await pilot.press("s")
        await running.workers.wait_for_complete()
        await until(pilot, lambda: "Cannot save sessions" in notices.titles(), "refusal", 30)
        assert not any(isinstance(s, RunnerScreen) for s in running.screen_stack)
        assert running.is_running
        assert not any("malformed" in m or "Worker" in m for m in notices.texts())
    assert lumbar_home.db_path.read_bytes() == damaged


async def test_a_session_asked_for_at_start_is_refused_in_one_line(
    lumbar_home: Locations, damaged: bytes
) -> None:
    """``lumbar run core-basics`` (and ``--demo run`` on a damaged demo.db) ended in a
    traceback as the session worked out its doses."""
    running = app(lumbar_home, "core-basics")
    notices = Notices()
    async with running.run_test(size=SIZE, message_hook=notices) as pilot:
        await running.workers.wait_for_complete()
        await until(pilot, lambda: "Cannot save sessions" in notices.titles(), "refusal", 30)
        assert not any(isinstance(s, RunnerScreen) for s in running.screen_stack)
        assert any(UNREADABLE in m for m in notices.errors())
        assert not any("malformed" in m or "Worker" in m for m in notices.texts())
    assert lumbar_home.db_path.read_bytes() == damaged
