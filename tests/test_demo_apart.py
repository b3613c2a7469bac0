"""Demo work never mixes with a person's history: ``--demo`` has a database of its own, and
demo sessions in a shared file are left out of progression, trends, streaks and exports
unless asked for (``--include-demo``). Also ``lumbar routines show``'s doses of today."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from dose_sessions import session
from fake_clock import FakeClock
from log_screens import open_log
from sqlite_utils import Database
from textual.pilot import Pilot
from textual.widgets import Static

from catalog import Catalog, load_catalog
from db.clock import local_now
from db.connection import open_database
from db.demo import record_as_demo
from tui.app import LumbarApp
from tui.cli import main
from tui.locations import Locations, locate
from tui.screens.home import HomeScreen
from tui.screens.log import SessionTable
from tui.screens.questions import NoteQuestion, NumberQuestion
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen
from tui.screens.summary import SummaryScreen
from tui.screens.trends import TrendsScreen
from tui.settings import Settings


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(lumbar_home: Locations) -> Iterator[Database]:
    database = open_database(lumbar_home.db_path)
    yield database
    database.close()


def demo_connection(path: Path) -> Database:
    """The same file as a demo run opens it."""
    demo = open_database(path)
    record_as_demo(demo)
    return demo


def days_ago(days: int) -> date:
    return local_now().date() - timedelta(days=days)


def demo_sessions(path: Path, builtin: Catalog, *days: date) -> list[int]:
    """Back-ten sessions the demo recorded in the file at ``path``, one on each day; their ids."""
    demo = demo_connection(path)
    try:
        return [session(demo, builtin, "back-ten", day) for day in days]
    finally:
        demo.close()


def test_trends_and_streaks_leave_the_demos_sessions_out_unless_asked(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, db: Database, builtin: Catalog
) -> None:
    session(db, builtin, "back-ten", days_ago(5))
    demo_sessions(lumbar_home.db_path, builtin, days_ago(1), days_ago(0))

    _, out, _ = run(capsys, "trends", "--json")
    mine = json.loads(out)
    assert mine["days_exercised"] == 1
    assert mine["streaks"]["current_days"] == 0, "the demo's days make no streak"
    assert len(mine["pain"]) == 1

    _, out, _ = run(capsys, "trends", "--json", "--include-demo")
    shared = json.loads(out)
    assert shared["days_exercised"] == 3
    assert shared["streaks"]["current_days"] == 2


def test_exports_of_every_session_leave_the_demos_out_unless_asked(
    capsys: pytest.CaptureFixture[str],
    lumbar_home: Locations,
    db: Database,
    builtin: Catalog,
    tmp_path: Path,
) -> None:
    real = session(db, builtin, "back-ten", days_ago(3))
    (demo_id,) = demo_sessions(lumbar_home.db_path, builtin, days_ago(2))

    code, _, _ = run(capsys, "export", "--format", "json", "--all", "-o", str(tmp_path / "a"))
    assert code == 0
    exported = json.loads((tmp_path / "a").read_text())
    assert [s["id"] for s in exported["sessions"]] == [real]
    code, _, _ = run(
        capsys, "export", "--format", "json", "--all", "--include-demo", "-o", str(tmp_path / "b")
    )
    assert code == 0
    exported = json.loads((tmp_path / "b").read_text())
    assert [s["id"] for s in exported["sessions"]] == [real, demo_id]
    # A demo session named is exported: it was asked for.
    code, _, _ = run(
        capsys, "export", "--format", "json", "--session", str(demo_id), "-o", str(tmp_path / "c")
    )
    assert code == 0
    # Nothing of the person's fits an RR export: the line says the demo's were left out
    # (found by a new user whose only RR was the demo's: the line did not say).
    code, _, err = run(capsys, "export", "--format", "rr", "--all", "-o", str(tmp_path / "d"))
    assert (code, err) == (
        2,
        "lumbar: no session has RR intervals to put in an RR export "
        "(the demo's are left out: --include-demo adds them)\n",
    )


def test_the_log_and_its_json_say_which_sessions_the_demo_did_in_a_shared_file(
    capsys: pytest.CaptureFixture[str],
    lumbar_home: Locations,
    db: Database,
    builtin: Catalog,
    tmp_path: Path,
) -> None:
    """Found trying ``lumbar --demo --db`` on the person's own file: the session it recorded
    was listed by ``lumbar log`` and ``log show`` as if the person had done it, and the JSON
    of ``log --json`` and of ``export --include-demo`` had no word of the demo (the CSV's
    sessions.csv has its ``demo`` column)."""
    real = session(db, builtin, "back-ten", days_ago(3))
    (demo_id,) = demo_sessions(lumbar_home.db_path, builtin, days_ago(2))

    _, out, _ = run(capsys, "log")
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert lines[str(demo_id)].endswith(", demo")
    assert "demo" not in lines[str(real)]
    _, out, _ = run(capsys, "log", "show", str(demo_id))
    assert ", demo," in out.splitlines()[1]
    _, out, _ = run(capsys, "log", "--json")
    assert {row["id"]: row["demo"] for row in json.loads(out)} == {real: False, demo_id: True}
    code, _, _ = run(
        capsys, "export", "--format", "json", "--all", "--include-demo", "-o", str(tmp_path / "b")
    )
    assert code == 0
    exported = json.loads((tmp_path / "b").read_text())["sessions"]
    assert {s["id"]: s["demo"] for s in exported} == {real: False, demo_id: True}
    # In the demo's own database every session is the demo's: none is marked.
    (own_id,) = demo_sessions(lumbar_home.demo_db_path, builtin, days_ago(1))
    _, out, _ = run(capsys, "--demo", "log")
    (line,) = out.splitlines()[1:]
    assert line.split()[0] == str(own_id)
    assert "demo" not in line
    _, out, _ = run(capsys, "--demo", "log", "--json")
    assert [row["demo"] for row in json.loads(out)] == [True]


async def test_the_apps_log_marks_the_demos_sessions_in_a_shared_file(
    lumbar_home: Locations, db: Database, builtin: Catalog
) -> None:
    """The log table (at 80 columns) and the line under it say which session the demo did."""
    session(db, builtin, "back-ten", days_ago(3))
    demo_sessions(lumbar_home.db_path, builtin, days_ago(2))
    app = LumbarApp(catalog=builtin, settings=Settings(), locations=lumbar_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        log = await open_log(pilot)
        await until(pilot, lambda: log.query_one(SessionTable).row_count == 2)
        table = log.query_one(SessionTable)
        demo_cell, real_cell = (table.get_row_at(i)[1] for i in range(2))
        assert demo_cell.startswith("demo: Back"), "cut to the column with the mark first"
        assert real_cell == "Back ten"
        assert "the demo's" in str(log.query_one("#log-info", Static).render())
        await pilot.press("down")
        assert "demo" not in str(log.query_one("#log-info", Static).render())


def test_the_demo_has_a_database_of_its_own(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, builtin: Catalog
) -> None:
    demo_sessions(lumbar_home.demo_db_path, builtin, days_ago(0))
    _, out, _ = run(capsys, "--demo", "trends", "--json")
    assert json.loads(out)["days_exercised"] == 1, "the demo reads its own sessions"
    _, out, _ = run(capsys, "trends", "--json")
    assert json.loads(out)["days_exercised"] == 0
    # What is due today reads the demo's own sessions in a demo run too (found by review).
    _, out, _ = run(capsys, "--demo", "today", "--json")
    (followed,) = json.loads(out)["routines"]
    assert (followed["routine_id"], followed["done_today"]) == ("back-ten", 1)
    assert not lumbar_home.db_path.exists(), "the person's database was never touched"


def test_routines_show_gives_todays_doses_and_why(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, db: Database, builtin: Catalog
) -> None:
    for day in (days_ago(9), days_ago(7)):
        session(db, builtin, "back-ten", day)
    code, out, _ = run(capsys, "routines", "show", "back-ten", "--json")
    assert code == 0
    items = {item["exercise"]: item for item in json.loads(out)["items"]}
    bridge = items["glute-bridge"]
    assert bridge["today"]["change"] == "up"
    assert bridge["today"]["dose"]["reps"] == bridge["dose"]["reps"] + 1
    assert bridge["today"]["reason"].startswith("done fully on 2 days (")
    assert bridge["today"]["dose_text"] == "6 reps, 2 s at the top"
    _, text, _ = run(capsys, "routines", "show", "back-ten")
    assert "## Today's doses" in text
    assert "- **Glute bridge**: 6 reps, 2 s at the top — done fully on 2 days (" in text


def test_routines_show_leaves_the_demos_sessions_out(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, db: Database, builtin: Catalog
) -> None:
    demo_sessions(lumbar_home.db_path, builtin, days_ago(9), days_ago(7))
    _, out, _ = run(capsys, "routines", "show", "back-ten", "--json")
    changes = {i["exercise"]: i["today"]["change"] for i in json.loads(out)["items"]}
    assert set(changes.values()) == {"new"}
    _, out, _ = run(capsys, "routines", "show", "back-ten", "--json", "--include-demo")
    changes = {i["exercise"]: i["today"]["change"] for i in json.loads(out)["items"]}
    assert changes["glute-bridge"] == "up"


def test_routines_show_without_a_database_gives_the_routines_doses(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations
) -> None:
    code, out, err = run(capsys, "routines", "show", "desk-break", "--json")
    assert (code, err) == (0, "")
    assert {i["today"]["change"] for i in json.loads(out)["items"]} == {"new"}
    assert not lumbar_home.db_path.exists()


async def test_a_demo_run_on_a_shared_file_marks_its_session_and_leaves_doses_alone(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """A real session after a demo session has the routine's own doses."""
    catalog = load_catalog(lumbar_home.catalog_dir)
    demo = demo_app(lumbar_home)
    async with demo.run_test(size=(80, 24)) as pilot:
        session_id = await demo_session_started(pilot)
        await pilot.press("q", "y")
        await until_screen(pilot, NumberQuestion)
    check = open_database(lumbar_home.db_path, writable=False)
    assert check.execute("SELECT demo FROM sessions WHERE id = ?", [session_id]).fetchone() == (1,)
    check.close()
    # The demo person did it all, twice, a week ago: still none of it is the person's.
    demo_sessions(lumbar_home.db_path, builtin, days_ago(9), days_ago(7))

    real = LumbarApp(catalog=catalog, settings=Settings(), locations=lumbar_home)
    async with real.run_test(size=(80, 24)) as pilot:
        real.open_routine("back-ten")
        await until_screen(pilot, RoutineScreen)
        await real.workers.wait_for_complete()
        await pilot.pause()
        screen = real.screen
        assert isinstance(screen, RoutineScreen)
        routine = builtin.routines["back-ten"]
        assert {k: s.change for k, s in screen.suggestions.items()} == {
            i.exercise: "new" for i in routine.items
        }
        assert screen.doses() == {
            i.exercise: builtin.exercises[i.exercise].dose.start for i in routine.items
        }


async def test_a_demo_session_is_pointed_to_in_the_demo_database(lumbar_home: Locations) -> None:
    """A demo session is saved in the demo's own database: the command the summary gives to
    see it again says --demo, and does show it."""
    app = demo_app(locate(demo=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await demo_session_started(pilot)
        await pilot.press("q", "y")
        await until_screen(pilot, NumberQuestion)
        await pilot.press("2", "enter")
        await until_screen(pilot, NoteQuestion)
        await pilot.press("enter")
        await until_screen(pilot, SummaryScreen)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        session_id = summary.session.id
        note = str(summary.query_one("#summary-note", Static).content)
        assert f"Saved as session {session_id}: lumbar --demo log show {session_id}\n" in note
    assert main(["--demo", "log", "show", str(session_id)]) == 0
    assert not lumbar_home.db_path.exists()


async def test_every_screen_of_the_demo_says_it_is_the_demo(lumbar_home: Locations) -> None:
    for demo in (True, False):
        app = LumbarApp(
            catalog=load_catalog(None), settings=Settings(), locations=lumbar_home, demo=demo
        )
        async with app.run_test(size=(80, 24)) as pilot:
            for opened in ("home", "routine", "log"):
                if opened == "routine":
                    app.open_routine("core-basics")
                elif opened == "log":
                    app.action_log()
                await pilot.pause()
                title = str(app.screen.query_one("HeaderTitle", Static).render())
                said = "DEMO: emulated sensors, marked demo" in title
                assert said is demo, (opened, title)
    # In its own database (no --db or LUMBAR_DB), it says so (helper-82: it said "own log"
    # in the person's).
    app = LumbarApp(
        catalog=load_catalog(None), settings=Settings(), locations=locate(demo=True), demo=True
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("HeaderTitle", Static).render())
        assert "DEMO: emulated sensors, own log" in title


def demo_app(home: Locations) -> LumbarApp:
    """The demo, going straight into back-ten, its session's time standing still (these
    stories are about where it is saved, not about time)."""
    clock = FakeClock()
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False),
        locations=home,
        start_routine="back-ten",
        demo=True,
        clock=clock,
        ticks=clock,
    )


async def demo_session_started(pilot: Pilot[Any]) -> int:
    """Pain 2 answered before the session: its id once it is written."""
    await until_screen(pilot, NumberQuestion)
    await pilot.press("2", "enter")
    (runner,) = [s for s in pilot.app.screen_stack if isinstance(s, RunnerScreen)]
    await until(pilot, lambda: runner.session_id is not None)
    assert runner.session_id is not None
    return runner.session_id


async def until(pilot: Pilot[Any], holds: Callable[[], bool], timeout_s: float = 60) -> None:
    """Wait for a condition (the demo's sensors keep workers running: no waiting for all)."""
    deadline = time.monotonic() + timeout_s
    while not holds():
        assert time.monotonic() < deadline, f"waited {timeout_s} s; on {pilot.app.screen}"
        await pilot.pause(0.05)


async def until_screen(pilot: Pilot[Any], kind: type) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))


async def test_the_trends_screen_shows_the_demos_days_only_in_the_demo(
    lumbar_home: Locations, db: Database, builtin: Catalog
) -> None:
    session(db, builtin, "back-ten", days_ago(4))
    demo_sessions(lumbar_home.db_path, builtin, days_ago(1))
    for in_demo, days in ((False, 1), (True, 2)):
        app = LumbarApp(catalog=builtin, settings=Settings(), locations=lumbar_home, demo=in_demo)
        async with app.run_test(size=(80, 24)) as pilot:
            app.action_trends()
            await until(pilot, lambda: getattr(pilot.app.screen, "view", None) is not None)
            trends = app.screen
            assert isinstance(trends, TrendsScreen)
            assert trends.view is not None
            assert len(trends.view.days) == days, f"demo={in_demo}"


async def test_the_interrupted_notice_shows_a_path_with_brackets_whole(tmp_path: Path) -> None:
    """The notice is drawn as markup: a database in "Dropbox [personal]" lost its brackets
    in the command it gave (review, helper-81)."""
    from notices import Notices
    from textual.content import Content

    folder = tmp_path / "Dropbox [personal]"
    folder.mkdir()
    home = locate(str(folder / "lumbar.db"))
    app = LumbarApp(catalog=load_catalog(None), settings=Settings(sound=False), locations=home)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        app.post_message(LumbarApp.SessionsInterrupted((3,)))
        await until(pilot, lambda: any("interrupted" in t for t in notices.texts()))
        (text,) = [t for t in notices.texts() if "interrupted" in t]
        assert f"lumbar --db '{folder}/lumbar.db' log show 3" in Content.from_markup(text).plain


def test_the_demos_sessions_in_the_persons_own_file_are_marked_before_their_first_session(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, builtin: Catalog
) -> None:
    """Review h99 of 450c253: a person who tries ``lumbar --demo --db`` on their own file (or
    ``lumbar --demo`` with LUMBAR_DB set) before a session of their own finds the demo's
    session listed by ``lumbar log`` unmarked, as if they had done it: a file is taken for
    the demo's own whenever all its sessions are the demo's. Once they record one, the same
    earlier session turns 'demo'."""
    # The person's own file, not the demo's.
    (demo_id,) = demo_sessions(lumbar_home.db_path, builtin, days_ago(2))
    _, out, _ = run(capsys, "log")
    (line,) = out.splitlines()[1:]
    assert line.split()[0] == str(demo_id)
    assert line.endswith(", demo"), line


READING_SESSIONS = [
    ("log", "--json"),
    ("log", "show", "1", "--json"),
    ("trends", "--json"),
    ("today", "--json"),
    ("routines", "show", "back-ten", "--json"),
    ("export", "--format", "json", "--session", "1", "-o", "{out}"),
    ("report", "-o", "{out}"),
]


@pytest.mark.parametrize("argv", READING_SESSIONS, ids=lambda argv: "-".join(argv[:2]))
def test_demo_after_any_command_that_reads_sessions_is_the_demo_before_it(
    capsys: pytest.CaptureFixture[str],
    lumbar_home: Locations,
    builtin: Catalog,
    tmp_path: Path,
    argv: tuple[str, ...],
) -> None:
    """``lumbar export --demo`` was refused ("unrecognized arguments: --demo") though
    ``run``, ``serve`` and ``record`` took it there: every command that reads sessions
    takes it after the command as before it."""
    demo_sessions(lumbar_home.demo_db_path, builtin, days_ago(1))
    before = [word.format(out=tmp_path / "before.out") for word in argv]
    after = [word.format(out=tmp_path / "after.out") for word in argv]
    code, out, err = run(capsys, "--demo", *before)
    assert (code, err) == (0, "")
    code_after, out_after, err_after = run(capsys, *after, "--demo")
    assert (code_after, err_after) == (0, "")
    assert out_after.replace("after.out", "before.out") == out
    assert not lumbar_home.db_path.exists(), "the person's database was never touched"


def test_log_note_and_delete_take_demo_after_them_too(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, builtin: Catalog
) -> None:
    (session_id,) = demo_sessions(lumbar_home.demo_db_path, builtin, days_ago(1))
    assert run(capsys, "log", "note", str(session_id), "fine", "--demo")[0] == 0
    _, out, _ = run(capsys, "log", "show", str(session_id), "--json", "--demo")
    assert json.loads(out)["note"] == "fine"
    assert run(capsys, "log", "delete", str(session_id), "--yes", "--demo")[0] == 0
    _, out, _ = run(capsys, "--demo", "log", "--json")
    assert json.loads(out) == []


def test_include_demo_where_the_demos_sessions_are_not_says_where_they_are(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, builtin: Catalog, tmp_path: Path
) -> None:
    """After only demo use, ``trends --include-demo`` said "No sessions yet (no database
    at …/lumbar.db)" and ``export --include-demo`` "no sessions yet": the demo's are in its
    own database, which ``--include-demo`` does not read; the one line says what to type."""
    demo_sessions(lumbar_home.demo_db_path, builtin, days_ago(1))
    code, out, err = run(capsys, "trends", "--include-demo")
    assert code == 0
    assert out.startswith("No sessions yet (no database at")
    (note,) = err.splitlines()
    assert note.startswith("lumbar: note: the demo's sessions are in its own database")
    assert "'lumbar --demo trends' reads them" in note
    folder = tmp_path / "x"
    code, _, err = run(
        capsys, "export", "--format", "csv", "--session", "1", "--include-demo", "-o", str(folder)
    )
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith("lumbar: no sessions yet")
    assert f"'lumbar --demo export --format csv --session 1 -o {folder}' reads them" in line
    assert not folder.exists()
    # A mistake in the words is said alone: the note is no answer to it.
    code, _, err = run(capsys, "trends", "--since", "2099-01-01", "--include-demo")
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith("lumbar: --since 2099-01-01 is after today")
    assert "demo" not in line
    # Where --include-demo finds demo sessions in the person's own file, nothing is said.
    demo_sessions(lumbar_home.db_path, builtin, days_ago(2))
    code, out, err = run(capsys, "trends", "--include-demo", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["days_exercised"] == 1
