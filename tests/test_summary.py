"""The summary after a session shows the session as stored (the read model), in the words
every other face uses; ``load_summary`` writes what the writer holds and reads it back."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from dose_sessions import session
from log_history import H10, step
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from waiting import until

from catalog import Catalog, load_catalog
from catalog.models import Dose
from catalog.progression import Suggestion
from db.clock import local_now
from db.connection import open_database
from db.dose_pins import pin_dose, pinned_doses
from db.read_model import read_session
from db.sessions import SessionWriter, StepSensing
from tui.app import LumbarApp
from tui.cli import main
from tui.doses import pain_rose_text
from tui.history import routine_suggestions
from tui.locations import Locations
from tui.screens.questions import NumberQuestion
from tui.screens.summary import SummaryScreen, load_summary
from tui.settings import Settings

SIZE = (80, 24)


class FrozenClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def every(self, interval_s: float, callback: Callable[[], None]) -> Callable[[], None]:
        """No tick of its own: the time never moves, so a tick would only draw the same
        view again (the real 0.1 s timer drew it ten times a second, most of these tests'
        CPU); every key still draws it."""
        return lambda: None


def make_app(home: Locations, start_routine: str | None = None) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=home,
        start_routine=start_routine,
        clock=(clock := FrozenClock()),
        ticks=clock,
    )


async def settled(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


async def test_the_stored_session_reads_as_the_runner_showed_it(lumbar_home: Locations) -> None:
    """What the runner hands over today (the engine's results) and what it will hand over
    (the stored session with the plan) give the same summary, so the snapshot holds."""
    app = make_app(lumbar_home, "core-basics")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("3", "enter")
        await settled(pilot)
        await pilot.press("space", "n", *"rrrrr", "n", "r", "r", "n", "q", "y")
        await pilot.press("4", "enter", *"stiff morning", "enter")
        await settled(pilot)
        shown = app.screen
        assert isinstance(shown, SummaryScreen)
        db = open_database(lumbar_home.db_path, writable=False)
        try:
            session = read_session(db, shown.session.id)
        finally:
            db.close()
        assert session is not None
        stored = SummaryScreen(
            session, plan=shown.plan, catalog=app.catalog, next_doses=shown.next_doses
        )
        assert stored.rows() == shown.rows()
        assert shown.rows() == [
            ("Bird dog", "1 L", "5 reps", "5 reps"),
            ("Bird dog", "1 R", "5 reps", "2 reps, then skipped"),
            ("Glute bridge", "1", "5 reps", "not reached"),
            ("Forearm plank", "1", "3 × 10 s", "not reached"),
        ]
        assert stored.headline().plain == shown.headline().plain
        assert shown.headline().plain.startswith(
            "Ended early: 1 of 4 sets done, 1 skipped.  Pain 3 → 4\nPain went up"
        )
        await app.push_screen(stored)
        note = stored.query_one("#summary-note", Static)
        assert str(note.content) == (
            f"Note: stiff morning\nSaved as session {session.id}: lumbar log show {session.id}"
        )


async def test_a_set_left_by_ending_the_session_reads_then_ended_not_then_skipped(
    lumbar_home: Locations,
) -> None:
    """Q in the middle of a set ends the session there: the set was not skipped (n), and the
    summary (read back as stored) says so."""
    app = make_app(lumbar_home, "core-basics")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("3", "enter")
        await settled(pilot)
        await pilot.press("space", "n", *"rrrrr", "n", "r", "r", "q", "y")
        await pilot.press("3", "enter", "enter")
        await settled(pilot)
        shown = app.screen
        assert isinstance(shown, SummaryScreen)
        assert shown.rows()[:2] == [
            ("Bird dog", "1 L", "5 reps", "5 reps"),
            ("Bird dog", "1 R", "5 reps", "2 reps, then ended"),
        ]
        # Counted neither done nor skipped, here and in the view that sqlite3 users read.
        assert shown.headline().plain.startswith("Ended early: 1 of 4 sets done.  Pain 3 → 3")
        db = open_database(lumbar_home.db_path, writable=False)
        try:
            (row,) = db.execute("SELECT sets_done, sets_skipped FROM session_summary").fetchall()
        finally:
            db.close()
        assert row == (1, 0)


def finished_session(db_path: Any) -> SessionWriter:
    db = open_database(db_path)
    writer = SessionWriter.start(
        db, kind="routine", routine_id="core-basics", routine_name="Core basics", planned_sets=1
    )
    writer.update(pain_after=2, note="kept in the writer")
    writer.finish("completed", 30.0)
    writer.update(note="changed after the end")  # held, not yet written
    return writer


async def test_load_summary_writes_what_is_held_and_reads_the_session_back(
    lumbar_home: Locations,
) -> None:
    writer = finished_session(lumbar_home.db_path)
    session, problem = load_summary(writer)
    assert problem is None
    assert (session.row.note, session.row.status) == ("changed after the end", "completed")
    writer.db.close()


async def test_a_summary_whose_last_write_failed_says_so(lumbar_home: Locations) -> None:
    writer = finished_session(lumbar_home.db_path)
    writer.db.execute("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(lumbar_home.db_path)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        session, problem = load_summary(writer)
    finally:
        holder.rollback()
        holder.close()
    assert problem is not None
    assert "locked" in problem
    assert session.row.note == "kept in the writer", "what was stored before"
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SummaryScreen(session, unsaved=problem))
        await pilot.pause()
        note = str(app.screen.query_one("#summary-note", Static).content)
        assert "Not all of it is saved yet" in note
        assert "lumbar keeps trying" in note
    writer.flush()  # the writer kept it for the next try
    assert load_summary(writer)[0].row.note == "changed after the end"
    writer.db.close()


async def test_lumbar_quit_as_the_summary_opens_closes_cleanly(lumbar_home: Locations) -> None:
    """The summary's mount asks for its table after lumbar began to close (its widgets gone):
    no traceback, no failure code."""
    writer = finished_session(lumbar_home.db_path)
    session, _ = load_summary(writer)
    writer.db.close()
    app = make_app(lumbar_home)
    async with app.run_test():
        app.push_screen(SummaryScreen(session))
    assert app.return_code in (None, 0)


async def test_the_summary_shows_every_cell_whole_at_80_columns(lumbar_home: Locations) -> None:
    """Found on the demo's summary at 80x24: with a long exercise name the Sensor column ran
    past the table's edge ("87% held · 1 break · ♥7" for ♥73), to be scrolled to sideways.
    What does not fit wraps onto a second line of its row instead, as in a session's detail."""
    seated = ("seated-lower-back-rotation", "Seated lower back rotation stretch", "hold")
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db, kind="routine", routine_id="desk-break", routine_name="Desk break",
            planned_sets=2, pain_before=3,
        )  # fmt: skip
        sensing = StepSensing(
            sensor=H10, hold_breaks=2, broken_s=3.0, form_warnings=1, avg_bpm=101.0
        )
        writer.step(
            step(0, seated, (0.0, 30.0), side="left", planned_reps=3, planned_hold_s=5,
                 reps_done=2, holds_s=(5.0, 4.0), skipped=True, sensing=sensing)
        )  # fmt: skip
        writer.step(
            step(2, seated, (35.0, 60.0), side="right", planned_reps=3, planned_hold_s=5,
                 reps_done=3, holds_s=(5.0, 5.0, 5.0), sensing=sensing)
        )  # fmt: skip
        writer.finish("completed", 60.0)
        session = read_session(db, writer.session_id)
    finally:
        db.close()
    assert session is not None
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        summary = SummaryScreen(session)
        app.push_screen(summary)
        await settled(pilot)
        table = summary.query_one(DataTable)
        rows = summary.rows()
        assert len(rows[0]) == 5, "the sensor's column is shown"
        assert table.max_scroll_x == 0, "the columns fit the table: nothing to scroll to"
        widths = [column.width for column in table.ordered_columns]
        for index, row in enumerate(rows):
            shown = table.get_row_at(index)
            for cell, drawn, width in zip(row, shown, widths, strict=True):
                lines = str(drawn).split("\n")
                assert " ".join(lines) == cell, "every word of the cell is there"
                assert max(map(cell_len, lines)) <= width, (lines, width)


async def test_the_summary_shows_a_long_planned_hold_whole_at_every_width(
    lumbar_home: Locations,
) -> None:
    """Review h99 of 8aee1d2: the Set and Planned columns were given fixed widths (3, 9) and
    never wrapped nor grew, so the forearm plank's target dose, "10 × 1 min 30 s", read "10
    × 1 min" even at 200 columns (before, the table showed it whole there)."""
    plank = ("forearm-plank", "Forearm plank", "hold")
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db, kind="routine", routine_id="plank", routine_name="Plank",
            planned_sets=1, pain_before=3,
        )  # fmt: skip
        writer.step(
            step(0, plank, (0.0, 900.0), planned_reps=10, planned_hold_s=90,
                 reps_done=10, holds_s=(90.0,) * 10, sensing=StepSensing(
                     sensor=H10, hold_breaks=1, broken_s=3.0, avg_bpm=101.0))
        )  # fmt: skip
        writer.finish("completed", 900.0)
        session = read_session(db, writer.session_id)
    finally:
        db.close()
    assert session is not None
    for size in ((80, 24), (200, 50)):
        app = make_app(lumbar_home)
        async with app.run_test(size=size) as pilot:
            await settled(pilot)
            summary = SummaryScreen(session)
            app.push_screen(summary)
            await settled(pilot)
            table = summary.query_one(DataTable)
            widths = [column.width for column in table.ordered_columns]
            (row,) = summary.rows()
            assert row[2] == "10 × 1 min 30 s"
            shown = table.get_row_at(0)
            for cell, drawn, width in zip(row, shown, widths, strict=True):
                lines = str(drawn).split("\n")
                assert " ".join(lines) == cell, (size, lines, width)
                assert max(map(cell_len, lines)) <= width, (size, lines, width)


CARE_WORDS = "If the pain stays or is severe, see a health professional."


@pytest.mark.parametrize(
    ("after", "pinned_reps", "promise", "bridge_line"),
    [
        (
            "8",
            5,
            "Pain went up: next time lumbar suggests easier doses; Glute bridge at 4 reps, 2 s "
            "at the top for that session, one step below your pin (5 reps, 2 s at the top). "
            f"{CARE_WORDS}",
            "**Glute bridge**: 4 reps, 2 s at the top — pain went up last time (2 → 8): one "
            "step below your pin (5 reps, 2 s at the top) this time; the pin stays.",
        ),
        (
            "3",
            1,
            "Pain went up: next time lumbar suggests easier doses of Bird dog and Forearm "
            f"plank; Glute bridge stays as you pinned it. {CARE_WORDS}",
            "**Glute bridge**: 1 rep, 2 s at the top — pain went up last time (2 → 3); pinned "
            "by you at the easiest dose: kept until you unpin it.",
        ),
    ],
    ids=["pinned at 5, 2 to 8", "pinned at the easiest, 2 to 3"],
)
async def test_what_the_summary_promises_of_the_next_doses_is_true_of_a_pinned_one(
    lumbar_home: Locations,
    builtin: Catalog,
    capsys: pytest.CaptureFixture[str],
    after: str,
    pinned_reps: int,
    promise: str,
    bridge_line: str,
) -> None:
    """Found by a new user's trial: the glute bridge pinned at 5 reps, pain 2, every set
    skipped, pain 8 after; the summary promised easier doses, and `lumbar routines show`
    kept the bridge at its pin without a word of the pain. After pain that went up a pin is
    one step below for one session, the pin itself unchanged, and the summary names it.
    Review of the first fix: it told the person to unpin for an easier dose where unpinning
    gave nothing easier (a pin at the easiest dose); now only where it is so."""
    db = open_database(lumbar_home.db_path)
    try:
        pin_dose(
            db, "core-basics", "glute-bridge", sets=1, reps=pinned_reps, hold_s=2, duration_s=None
        )
    finally:
        db.close()
    app = make_app(lumbar_home, "core-basics")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("2", "enter")
        await settled(pilot)
        await pilot.press("space")
        while not isinstance(app.screen, NumberQuestion):  # n: every set skipped
            await pilot.press("n")
            await settled(pilot)
        await pilot.press(*after, "enter", "escape")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary", 30)
        shown = app.screen
        assert isinstance(shown, SummaryScreen)
        assert shown.headline().plain.startswith(
            f"Ended early: 0 of 4 sets done, 4 skipped.  Pain 2 → {after}\n{promise}"
        )
    capsys.readouterr()
    assert main(["routines", "show", "core-basics"]) == 0
    shown_cli = capsys.readouterr().out
    assert bridge_line in shown_cli
    assert "**Bird dog**: 4 reps, 2 s at the top, each side — pain went up last time" in shown_cli
    db = open_database(lumbar_home.db_path)
    try:
        assert pinned_doses(db, "core-basics")["glute-bridge"].reps == pinned_reps, "unchanged"
        # One session at the eased doses without more pain: the pin holds again.
        routine = builtin.routines["core-basics"]
        eased = {e: s.dose for e, s in routine_suggestions(db, routine, builtin).items()}
        tomorrow = local_now().date() + timedelta(days=1)
        session(db, builtin, "core-basics", tomorrow, pain=(2, 2), doses=eased)
        later = routine_suggestions(db, routine, builtin, today=tomorrow + timedelta(days=1))
        bridge = later["glute-bridge"]
        assert (bridge.dose.reps, bridge.change, bridge.reason) == (
            pinned_reps,
            "pinned",
            "pinned by you: kept until you unpin it",
        )
    finally:
        db.close()


def test_the_summary_names_a_pin_eased_below_the_dose_done_as_it_is(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Found by the lead: the bird dog done at 5 reps with pain 3 → 4, pinned at 8 since;
    the next session is 4 reps, a step below the dose done (the reason said so), and the
    summary said "one step below your pin" (7). It says the dose and what it is below."""
    db = open_database(lumbar_home.db_path)
    try:
        today = local_now().date()
        session(db, builtin, "core-basics", today - timedelta(days=3), pain=(3, 3))
        session(db, builtin, "core-basics", today - timedelta(days=1), pain=(3, 4))
        pin_dose(db, "core-basics", "bird-dog", sets=1, reps=8, hold_s=2, duration_s=None)
        pin_dose(db, "core-basics", "glute-bridge", sets=1, reps=5, hold_s=2, duration_s=None)
        found = routine_suggestions(db, builtin.routines["core-basics"], builtin)
    finally:
        db.close()
    assert found["bird-dog"].dose.reps == 4
    assert pain_rose_text(found, builtin) == (
        "Pain went up: next time lumbar suggests easier doses; Bird dog at 4 reps, 2 s at the "
        "top, each side for that session, one step below what you did last time (5 reps, 2 s "
        "at the top, each side); Glute bridge at 4 reps, 2 s at the top for that session, one "
        f"step below your pin (5 reps, 2 s at the top). {CARE_WORDS}"
    )


def test_the_summary_offers_unpinning_only_where_progression_says_it_eases(
    builtin: Catalog,
) -> None:
    """Review of the first fix: "unpin it for an easier dose" was said of every pinned
    exercise the pain did not ease. It is the suggestion's own fact (``unpin_eases``)."""
    kept = Suggestion(Dose(sets=1, reps=5, hold_s=2), "pinned", "pinned", pinned=True)
    eased = Suggestion(Dose(sets=1, reps=4, hold_s=2), "down", "pain", eased_from=kept.dose)
    doses = {"bird-dog": eased, "glute-bridge": kept, "forearm-plank": eased}
    said = pain_rose_text(doses, builtin)
    assert said == (
        "Pain went up: next time lumbar suggests easier doses of Bird dog and Forearm plank; "
        f"Glute bridge stays as you pinned it. {CARE_WORDS}"
    )
    doses["glute-bridge"] = dataclasses.replace(kept, unpin_eases=True)
    assert pain_rose_text(doses, builtin) == said.replace(
        "pinned it.", "pinned it (unpin it for an easier dose)."
    )
    assert pain_rose_text(None, builtin) == f"Pain went up. {CARE_WORDS}"
