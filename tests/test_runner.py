"""The guided session driven with Pilot, on a fake clock, recorded in a real SQLite file."""

from __future__ import annotations

import asyncio
import math
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from damaged_database import damaged_inside
from dialogs import fits_whole
from fake_clock import FakeClock
from footer_keys import footer_keys
from notices import Notices, hidden_cells
from session_apps import quiet_app, runner_of
from sqlite_utils import Database
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Digits, Footer, Static
from waiting import until

from catalog.plan import GET_READY_S, SIDE_SWITCH_S
from db.connection import open_database
from db.queries import get_session, list_sessions
from tui.app import LumbarApp
from tui.doses import plan
from tui.live import LiveSession
from tui.live.engine import LATE_PRESS_S, SessionEngine
from tui.locations import Locations
from tui.screens.help import HelpScreen
from tui.screens.questions import ConfirmEnd, NoteQuestion, NumberQuestion, PainAdviceScreen
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen
from tui.screens.summary import SummaryScreen
from tui.session_shell import SessionShell
from tui.widgets.big_clock import BigClock, rows_drawn
from tui.widgets.touch import TouchTarget

SIZE = (80, 24)


def screen(app: LumbarApp) -> Screen[Any]:
    return app.screen


async def answer(pilot: Pilot[Any], text: str) -> None:
    """``text`` then enter; none: escape, which skips a question (enter alone does not)."""
    if text:
        await pilot.press(*text, "enter")
    else:
        await pilot.press("escape")
    await pilot.pause()


async def let_time_pass(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    await pilot.pause()


async def started(pilot: Pilot[Any], app: LumbarApp, pain: str = "3") -> RunnerScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(screen(app), NumberQuestion)
    await answer(pilot, pain)
    await app.workers.wait_for_complete()
    await pilot.pause()
    runner = runner_of(app)
    assert screen(app) is runner
    return runner


async def at_the_switch_of_sides(
    pilot: Pilot[Any], app: LumbarApp, clock: FakeClock
) -> RunnerScreen:
    """Core basics begun (space), its get-ready run out and the left side's set skipped (n):
    the switch of sides."""
    runner = await started(pilot, app, pain="2")
    await pilot.press("space")
    await let_time_pass(pilot, clock, GET_READY_S)
    await pilot.press("n")
    await pilot.pause()
    assert runner.live.engine.step.kind == "switch"
    return runner


async def skipped_to_the_plank(pilot: Pilot[Any], runner: RunnerScreen) -> SessionEngine:
    """Core basics begun (space) and skipped (n) to the forearm plank's first hold."""
    await pilot.press("space")
    engine = runner.live.engine
    while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "work":
        await pilot.press("n")
    return engine


def phase(runner: RunnerScreen) -> str:
    return runner.live.engine.phase


def saved(home: Locations) -> list[dict[str, Any]]:
    db = open_database(home.db_path, writable=False)
    try:
        sessions = [get_session(db, s["id"]) for s in list_sessions(db)]
        return [s for s in sessions if s is not None]
    finally:
        db.close()


def text_of(runner: RunnerScreen, selector: str) -> str:
    return str(runner.query_one(selector, Static).render())


async def test_a_whole_session_by_keys_is_saved_as_it_was_done(lumbar_home: Locations) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="3")
        assert "Press space to start" in text_of(runner, "#run-status")
        await pilot.press("space")
        assert "Get ready" in text_of(runner, "#run-title")
        await let_time_pass(pilot, clock, GET_READY_S)
        # One separator (a trial read "Bird dog  left side", two spaces).
        assert text_of(runner, "#run-title") == "Bird dog · left side"
        await let_time_pass(pilot, clock, 2)  # a press just after the go would be that go
        for _ in range(5):
            await pilot.press("r")
        assert "Switch sides" in text_of(runner, "#run-title")
        await let_time_pass(pilot, clock, SIDE_SWITCH_S)
        await let_time_pass(pilot, clock, 2)
        await pilot.press("enter", "enter", "n")  # two reps on the right, then skip the rest
        await pilot.press("n", "n")  # through the rest and the get-ready
        assert runner.live.engine.step.exercise_id == "glute-bridge"
        await pilot.press("p")
        await answer(pilot, "6")
        assert isinstance(screen(app), PainAdviceScreen)
        # A dialog's footer is built a few refreshes after it opens: waited for, not read.
        await until(pilot, lambda: "Skip exercise" in footer_keys(screen(app)), "its keys", 30)
        assert "Next" not in footer_keys(screen(app))
        await pilot.press("s")  # skip the bridge
        await pilot.pause()
        assert runner.live.engine.phase == "paused"
        await pilot.press("space")
        await pilot.press("n", "n")  # rest, get ready: on to the plank
        await let_time_pass(pilot, clock, 4)
        assert runner.query_one("#run-digits", Digits).value == "6"
        await pilot.press("q")
        assert isinstance(screen(app), ConfirmEnd)
        # Its own keys at the foot, not the session's (found trying it: "space Resume",
        # "n Next" under "End this session now?", where n goes back).
        await until(pilot, lambda: footer_keys(screen(app)) == ["End it", "Go back"], "keys", 30)
        await pilot.press("n")
        assert screen(app) is runner
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(screen(app), NumberQuestion)
        await answer(pilot, "2")
        assert isinstance(screen(app), NoteQuestion)
        await pilot.press(*"easy on the bridge")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(screen(app), SummaryScreen)
        summary_table = screen(app).query_one(DataTable)
        assert summary_table.row_count == 4
        await app.workers.wait_for_complete()

    (session,) = saved(lumbar_home)
    assert session["status"] == "ended-early"
    assert (session["pain_before"], session["pain_after"]) == (3, 2)
    assert session["note"] == "easy on the bridge"
    steps = [
        (s["exercise_id"], s["side"], s["reps_done"], s["holds_s"], s["skipped"])
        for s in session["steps"]
    ]
    assert steps == [
        ("bird-dog", "left", 5, [], False),
        ("bird-dog", "right", 2, [], True),
        ("glute-bridge", None, 0, [], True),
        ("forearm-plank", None, 1, [4.0], True),
    ]
    kinds = [(e["kind"], e["value"]) for e in session["events"]]
    assert ("pain", 6.0) in kinds
    assert ("skip-exercise", None) in kinds
    assert kinds[-1] == ("ended-early", None)


async def test_holds_count_down_and_plus_lengthens_them(lumbar_home: Locations) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="core-basics")
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        await skipped_to_the_plank(pilot, runner)
        assert runner.query_one("#run-digits", Digits).value == "10"
        assert "hold 1 of 3" in text_of(runner, "#run-label")
        await pilot.press("plus")
        assert runner.query_one("#run-digits", Digits).value == "15"
        await pilot.press("space")
        assert "Paused" in text_of(runner, "#run-status")
        await let_time_pass(pilot, clock, 30)
        assert runner.query_one("#run-digits", Digits).value == "15"


async def test_a_hold_paused_says_paused_under_its_clock_in_both_views(
    lumbar_home: Locations,
) -> None:
    """Found by a new user: paused in a hold, the clock's words still said "holding" (the
    full view's and the mat view's); they say it is paused, and "holding" once resumed."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="core-basics")
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        engine = await skipped_to_the_plank(pilot, runner)
        await let_time_pass(pilot, clock, 2)
        assert text_of(runner, "#run-label") == "hold 1 of 3\nholding"
        await pilot.press("space")
        assert engine.phase == "paused"
        assert text_of(runner, "#run-label") == "hold 1 of 3\npaused"
        await pilot.press("m")
        assert runner.mat
        assert text_of(runner, "#mat-label") == "hold 1 of 3 · paused"
        await pilot.press("space")
        assert text_of(runner, "#mat-label") == "hold 1 of 3 · holding"


async def test_letters_in_the_pain_box_are_refused_in_words_not_taken_as_a_skip(
    lumbar_home: Locations,
) -> None:
    """The box takes digits only: "abc" left it empty, without a word, and enter then
    skipped the question. The error line now says what it takes, before any enter."""
    app = quiet_app(lumbar_home, FakeClock(), routine="core-basics")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        question = screen(app)
        assert isinstance(question, NumberQuestion)
        await pilot.press(*"abc")
        error = question.query_one(".question-error", Static)
        refused = "A number from 0"
        await until(pilot, lambda: refused in str(error.render()), "the refusal", timeout_s=30)
        assert screen(app) is question
        await answer(pilot, "4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert runner_of(app).live.pain_before == 4


async def test_enter_and_r_pressed_apart_but_handled_together_count_the_rep(
    lumbar_home: Locations,
) -> None:
    """On a busy machine a person's enter (the set starts now) and their r half a second
    later reached lumbar together, and the r was dropped as a bounce of the enter. Each is
    now timed from its own key event: the rep counts. A real bounce still does not."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="core-basics")
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        engine = runner.live.engine
        await pilot.press("space")
        await until(pilot, lambda: engine.step.kind == "ready", "the get-ready", timeout_s=30)
        pressed = time.monotonic() - 0.7
        for key, after_s in (("enter", 0.0), ("enter", 0.1), ("r", 0.6)):
            event = events.Key(key, "\r" if key == "enter" else key)
            event.time = pressed + after_s  # each made then, all handled now
            app.post_message(event)
        await until(pilot, lambda: engine.view(clock()).reps_done == 1, "the rep", timeout_s=30)
        assert engine.step.kind == "work"
        await pilot.pause()
        assert engine.view(clock()).reps_done == 1  # the bounced enter counted nothing


async def test_the_footer_says_what_enter_does_now(lumbar_home: Locations) -> None:
    """The footer said "enter Rep" through get-readies, rests and holds, where enter starts
    the set, does nothing, or ends the hold: it says what enter does, as the mat view's
    target does, and nothing where it does nothing."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="core-basics")
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        engine = runner.live.engine

        def enter_says() -> list[str]:
            """The footer's enter key, as shown: "⏎ Rep" is ["Rep"]."""
            shown = [str(key.render()).split(maxsplit=1) for key in runner.query("FooterKey")]
            return [words[1].strip() for words in shown if words[0] == "⏎"]

        async def footer(words: list[str], what: str) -> None:
            await until(pilot, lambda: enter_says() == words, what, timeout_s=10)

        await footer([], "nothing while the session waits for space")
        await pilot.press("space")
        await footer(["Go now"], "the get-ready's words")
        await pilot.press("enter")
        await footer(["Rep"], "the set's words")

        def at(kind: str, exercise_id: str | None = None) -> bool:
            step = engine.step
            return step.kind == kind and exercise_id in (None, step.exercise_id)

        while not at("rest"):
            await pilot.press("n")
        await footer([], "nothing in a rest")
        while not at("work", "forearm-plank"):
            await pilot.press("n")
        await footer(["Hold done"], "the hold's words")
        await let_time_pass(pilot, clock, 3.0)
        await pilot.press("enter")
        assert engine.view(clock()).hold_state == "resetting"
        await footer(["Start hold"], "the breath before the next hold")
        await let_time_pass(pilot, clock, 1.0)  # a second press, not the first one again
        await pilot.press("enter")
        assert engine.view(clock()).hold_state == "holding"
        await footer(["Hold done"], "the next hold's words")
        await let_time_pass(pilot, clock, 2.0)
        engine.hold_broken(clock())  # as a sensor reports the position left
        await let_time_pass(pilot, clock, 0.5)
        assert engine.view(clock()).hold_state == "settling"
        await footer(["Hold done"], "a broken hold's words: enter ends it as held so far")


async def test_a_finished_session_asks_pain_then_note_and_suggests_more_next_time(
    lumbar_home: Locations,
) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="desk-break")
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="2")
        await pilot.press("space")
        for _ in range(400):
            if runner.live.engine.phase == "finished":
                break
            if runner.live.engine.step.kind == "work" and runner.live.engine.mode == "reps":
                await pilot.press("r")
            else:
                # Timers carry leftover time on, so one jump crosses holds, rests and sides.
                clock.advance(120)
                await pilot.pause()
        await pilot.pause()
        assert isinstance(screen(app), NumberQuestion)
        await answer(pilot, "2")
        await answer(pilot, "")
        # The summary is read back from the database by a worker (in a thread): wait for it.
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(screen(app), SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
    (session,) = saved(lumbar_home)
    assert session["status"] == "completed"
    assert session["steps"]
    assert not any(s["skipped"] for s in session["steps"])

    # Next time: done fully on one day, the same again (a second day steps up); each
    # suggestion says why; d goes back to the routine's.
    app = quiet_app(lumbar_home, FakeClock(), routine=None)
    async with app.run_test(size=SIZE) as pilot:
        app.open_routine("desk-break")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        routine_screen = screen(app)
        assert isinstance(routine_screen, RoutineScreen)
        assert routine_screen.suggestions
        assert all(s.change in ("same", "target") for s in routine_screen.suggestions.values())
        assert "done fully on 1 day at this dose" in str(
            routine_screen.query_one("#doses-note", Static).render()
        )

        def d_says() -> str:
            return routine_screen.active_bindings["d"].binding.description

        assert d_says() == "Routine's doses"
        await pilot.press("d")
        assert routine_screen.doses() == {}
        assert d_says() == "Suggested doses"  # the footer says what d does now
        await pilot.press("d")
        assert d_says() == "Routine's doses"


@pytest.mark.parametrize("damage", ["another kind of file", "damaged inside"])
async def test_an_unusable_database_keeps_the_session_from_starting(
    lumbar_home: Locations, damage: str
) -> None:
    """In one line, the shell's, and the file left untouched."""
    lumbar_home.db_path.parent.mkdir(parents=True)
    if damage == "damaged inside":
        data = damaged_inside(lumbar_home.db_path)
    else:
        data = b"not a database at all" * 50
    lumbar_home.db_path.write_bytes(data)
    app = quiet_app(lumbar_home, FakeClock())
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await answer(pilot, "")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any(isinstance(s, RunnerScreen) for s in app.screen_stack)
        said = notices.texts()
        assert any("not a readable lumbar database" in m for m in said)
        assert not any("malformed" in m or "Worker" in m for m in said)
    assert lumbar_home.db_path.read_bytes() == data


async def test_a_terminal_too_small_pauses_the_session(lumbar_home: Locations) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        await pilot.press("space")
        assert phase(runner) == "running"
        await pilot.resize_terminal(59, 19)  # the full view works from 60x20
        await pilot.pause()
        assert phase(runner) == "paused"
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert screen(app) is runner
        assert "Paused" in text_of(runner, "#run-status")


async def test_a_session_that_cannot_be_saved_is_refused_before_its_pain_check(
    lumbar_home: Locations,
) -> None:
    """With the database locked by another program, 'lumbar run ROUTINE' told the lock
    three times, asked the pain check, and only then refused; then twice (the problem, then
    the refusal). Now one notice tells both, before any question; once the lock is gone, s
    starts it."""
    open_database(lumbar_home.db_path).close()
    holder = sqlite3.connect(lumbar_home.db_path)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    notices = Notices()
    try:
        async with app.run_test(size=SIZE, message_hook=notices) as pilot:
            await until(pilot, lambda: "Cannot save sessions" in notices.titles(), "refusal", 30)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not any(isinstance(s, (NumberQuestion, RunnerScreen)) for s in app.screen_stack)
            # One notice: the refusal says the problem (and that browsing works).
            assert notices.titles().count("Session database") == 0
            assert notices.titles().count("Cannot save sessions") == 1
            (refusal,) = [m for m in notices.texts() if "cannot be saved" in m]
            assert "locked" in refusal
            holder.rollback()
            await pilot.press("enter")  # the routines' first, Core basics
            await until(pilot, lambda: isinstance(screen(app), RoutineScreen), "the routine", 30)
            await pilot.press("s")
            await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain check", 30)
    finally:
        holder.rollback()
        holder.close()


async def test_a_locked_database_mid_session_is_told_once_and_nothing_is_lost(
    lumbar_home: Locations,
) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    notices = Notices()
    titles = notices.titles

    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        runner = await started(pilot, app, pain="")
        await pilot.press("space", "n", *"rrrrr")  # the left side is done
        holder = sqlite3.connect(lumbar_home.db_path)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            await let_time_pass(pilot, clock, 1.5)  # a save is due; it waits, then fails
            await until(pilot, lambda: "Not saved yet" in titles(), "the failed save", 30)
            await let_time_pass(pilot, clock, 1.5)  # another fails: not told again
            await let_time_pass(pilot, clock, 1.5)
        finally:
            holder.rollback()
            holder.close()
        await let_time_pass(pilot, clock, 1.5)
        await until(pilot, lambda: "Saved" in titles(), "the save that works", 30)
        assert titles().count("Not saved yet") == 1
        assert runner.live.engine.phase == "running"
    (session,) = saved(lumbar_home)
    assert [(s["side"], s["reps_done"]) for s in session["steps"] if s["finished"]] == [("left", 5)]


async def test_help_over_a_running_session_pauses_it_as_the_catalog_does(
    lumbar_home: Locations,
) -> None:
    """Found by a new user's trial: the session's clock ran on under help, which hides it
    (the catalog pauses it): nobody can follow a session they cannot see. Help pauses it, and
    space resumes it once help is closed, as after the catalog."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        engine = await skipped_to_the_plank(pilot, runner)
        await pilot.press("question_mark")
        assert isinstance(screen(app), HelpScreen)
        assert phase(runner) == "paused"
        left = engine.view(clock()).seconds_left
        await let_time_pass(pilot, clock, 100)  # the holds would have run out
        assert engine.view(clock()).seconds_left == left
        await pilot.press("escape")
        assert screen(app) is runner
        assert "Paused" in text_of(runner, "#run-status")
        await pilot.press("space")
        assert phase(runner) == "running"


async def test_q_over_help_does_what_q_does_beneath(lumbar_home: Locations) -> None:
    """Found by a new user's trial: q did nothing while help was open, though the README says
    q over help asks to end the running session (as over the catalog), and quits outside
    one. Help's footer says which."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        await pilot.press("space", "question_mark")
        await until(pilot, lambda: "End session" in footer_keys(screen(app)), "help's keys", 30)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(screen(app), ConfirmEnd)
        assert not any(isinstance(s, HelpScreen) for s in app.screen_stack)
        await pilot.press("n")
        assert screen(app) is runner


async def test_q_over_help_outside_a_session_quits(lumbar_home: Locations) -> None:
    home = quiet_app(lumbar_home, FakeClock(), routine=None)
    async with home.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(screen(home), HelpScreen)
        await until(pilot, lambda: "Quit" in footer_keys(screen(home)), "help's keys", 30)
        await pilot.press("q")
        await until(pilot, lambda: not home.is_running, "lumbar to quit", 30)


async def test_help_before_the_first_space_lists_the_sessions_keys_that_wait_for_it(
    lumbar_home: Locations,
) -> None:
    """Found by a new user's trial: help shown before the first space listed "x -Rep" (which
    does nothing then) but not n, b or enter. It lists the keys that work now, then the
    session's others, marked "not now"."""
    from tui.screens.help import KeyHelp

    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app, pain="")
        await pilot.press("question_mark")
        shown = screen(app)
        assert isinstance(shown, HelpScreen)
        keys: dict[str, KeyHelp] = {k.binding_id: k for k in shown.keys}
        assert keys["runner.toggle"].now
        assert keys["runner.toggle"].description == "Start"
        for binding_id in ("runner.next", "runner.back", "runner.rep", "runner.unrep"):
            assert not keys[binding_id].now, binding_id
        assert keys["runner.rep"].key == "⏎"
        words = "Rep / Confirm / Confirmed / Go now / Hold done / Start hold"
        assert keys["runner.rep"].description == words
        await pilot.press("escape", "space", "question_mark")
        after = screen(app)
        assert isinstance(after, HelpScreen)
        now = {k.binding_id: k for k in after.keys}
        assert now["runner.next"].now
        assert now["runner.rep"].now
        assert now["runner.rep"].description == "Go now"


async def test_help_marks_x_not_now_where_there_is_no_rep_to_take_back(
    lumbar_home: Locations,
) -> None:
    """Found by a new user's trial: help during a hold listed "x -Rep runner.unrep" as a key
    that works, though a hold has no reps and x did nothing. It works in a set of reps with
    a rep counted."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        await pilot.press("space")
        await let_time_pass(pilot, clock, GET_READY_S)
        assert runner.live.engine.step.exercise_id == "bird-dog"
        await let_time_pass(pilot, clock, 2)  # a press just after the go would be that go
        await pilot.press("r", "question_mark")
        in_reps = screen(app)
        assert isinstance(in_reps, HelpScreen)
        assert {k.binding_id: k.now for k in in_reps.keys}["runner.unrep"]
        await pilot.press("escape", "space")
        engine = runner.live.engine
        while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "work":
            await pilot.press("n")
        await pilot.press("question_mark")
        in_a_hold = screen(app)
        assert isinstance(in_a_hold, HelpScreen)
        (unrep,) = [k for k in in_a_hold.keys if k.binding_id == "runner.unrep"]
        assert not unrep.now


async def test_help_marks_x_not_now_in_a_set_of_reps_before_its_first_rep(
    lumbar_home: Locations,
) -> None:
    """The review: x takes a rep back only once one is counted; at a set's start it does
    nothing, and help says so (no test told the set's start from a counted rep)."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        await pilot.press("space")
        await let_time_pass(pilot, clock, GET_READY_S)
        engine = runner.live.engine
        assert (engine.step.exercise_id, engine.step.kind) == ("bird-dog", "work")
        await pilot.press("question_mark")
        at_the_start = screen(app)
        assert isinstance(at_the_start, HelpScreen)
        assert not {k.binding_id: k.now for k in at_the_start.keys}["runner.unrep"]
        # Help paused it at the go: resumed, the late go's window runs on (a pause uses none
        # of it), so the rep comes after it.
        await pilot.press("escape", "space")
        await let_time_pass(pilot, clock, LATE_PRESS_S + 0.1)
        await pilot.press("r", "question_mark")
        one_counted = screen(app)
        assert isinstance(one_counted, HelpScreen)
        assert {k.binding_id: k.now for k in one_counted.keys}["runner.unrep"]


async def test_help_over_a_session_shows_its_own_keys_not_the_sessions(
    lumbar_home: Locations,
) -> None:
    """Found pressing ? in a session at 80x24: the footer under the help still read "space
    Pause  ⏎ Go now  n Next  p Pain  m Mat view  v Silent", keys the help takes and does
    nothing with (the session ran on beneath it, unpaused); escape, which closes it, was
    not there. As the session's other dialogs do, the help shows its own keys."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        await pilot.press("space")
        await pilot.press("question_mark")
        assert isinstance(screen(app), HelpScreen)
        await until(pilot, lambda: "Close" in footer_keys(screen(app)), "help's keys", 30)
        shown = footer_keys(screen(app))
        assert not {"Pause", "Go now", "Next", "Pain", "Mat view"} & set(shown), shown
        await pilot.press("space", "n")  # what the footer no longer offers does nothing here
        assert phase(runner) == "paused"  # by the help, which hides it
        assert runner.live.engine.index == 0
        await pilot.press("escape")
        assert screen(app) is runner
        # Its footer is built again after help goes (a refresh later): waited for.
        await until(pilot, lambda: footer_keys(runner)[:1] == ["Resume"], "Resume first", 30)


async def test_a_session_shows_the_palettes_key_only_where_its_own_keys_leave_room(
    lumbar_home: Locations,
) -> None:
    """Found at 160 columns (helper-115): the session's footer never showed "^p palette",
    though the palette works there. At 80 its keys still fill the footer, each whole."""
    from textual.widgets._footer import FooterKey

    app = quiet_app(lumbar_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        await pilot.press("space")
        keys = [k for k in runner.query_one(Footer).query(FooterKey) if k.region.width]
        assert [k.description for k in keys if k.region.right > SIZE[0]] == []
        assert {"Pause", "Next", "Pain", "Mat view", "End", "Help"} <= {k.description for k in keys}
        assert "palette" not in footer_keys(runner)
        await pilot.resize_terminal(160, 40)
        await until(pilot, lambda: "palette" in footer_keys(runner), "the palette's key", 30)


async def test_q_pauses_while_asking_and_n_carries_on(lumbar_home: Locations) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="")
        await pilot.press("space", "q")
        assert isinstance(screen(app), ConfirmEnd)
        assert phase(runner) == "paused"
        await let_time_pass(pilot, clock, 500)
        await pilot.press("n")
        assert phase(runner) == "running"
        assert runner.live.engine.step.kind == "ready"


async def test_the_mat_view_clock_is_at_least_half_the_terminal_tall(
    lumbar_home: Locations,
) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space", *["plus"] * 12)  # a get-ready of 1:10: four glyphs wide
        await pilot.press("m")
        await pilot.pause()
        big = runner.query_one("#mat-clock", BigClock)
        assert big.text == "1:10"
        assert big.rows_tall() >= 20
        await pilot.press("m")  # back to the full view, for reading the steps
        await pilot.pause()
        assert not runner.mat
        assert "Get ready" in text_of(runner, "#run-title")


SMALL = [(60, 20), (80, 19), (40, 19)]
"""Where the word in block letters kept 3 blank rows above the figure (too few to draw it)."""
MAIN_COUNT_ROWS = {(80, 24): 14, (120, 40): 14, (40, 12): 7, (60, 20): 7, (80, 19): 7, (40, 19): 7}
"""How tall the count of a tempo-paced set was on main, measured (the count of a set is what
the person on the floor reads: a word in block letters may not take its size)."""


def figure_alone(runner: RunnerScreen, figure: BigClock) -> int:
    """The rows the mat view's figure would take with its whole room to itself."""
    room = runner.query_one("#mat-figure")
    return rows_drawn(figure.text, room.size.width, room.size.height)


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (40, 12), *SMALL])
async def test_a_tempo_set_keeps_the_mat_views_count_as_tall_as_it_was(
    lumbar_home: Locations, size: tuple[int, int]
) -> None:
    """The tempo's word (LIFT, LOWER) in block letters above the count took half the count's
    rows through every tempo-paced set (80x24: 14 rows on main, 7; 120x40: a third). The
    count keeps its size; the word is in the line under it, after "of 5 reps". Where the
    word was too big to draw (``SMALL``) no rows are kept for it."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=size) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space", "enter")  # the get-ready is cut short: the set starts
        await let_time_pass(pilot, clock, 0.5)
        assert runner.mat
        tempo = runner.live.view(clock()).tempo
        assert tempo is not None, "the coach paces bird dog"
        word = runner.query_one("#mat-word", BigClock)
        count = runner.query_one("#mat-clock", BigClock)
        assert count.text == "0"
        assert not count.shaded, "the set runs"
        # "of 5 reps" reads on from the count; the tempo's seconds come after it, with their
        # unit ("LIFT 2 of 5 reps" read as the rep's number).
        label = text_of(runner, "#mat-label")
        assert label.startswith("of 5 reps · "), label
        assert f"{tempo.label.upper()} {math.ceil(tempo.seconds_left)} s" in label
        assert count.rows_tall() >= MAIN_COUNT_ROWS[size]
        assert count.rows_tall() == figure_alone(runner, count)
        assert not shown(word)
        assert hidden_cells(runner.query_one("#mat-label")) == []


async def test_the_tempo_word_is_drawn_where_the_count_leaves_rows_for_it(
    lumbar_home: Locations,
) -> None:
    """A tablet on its side (40x60): the count is as large as the width allows, and the
    rows it leaves above it take the tempo's word in block letters."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 60)) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space", "enter")
        await let_time_pass(pilot, clock, 0.5)
        tempo = runner.live.view(clock()).tempo
        assert tempo is not None
        word = runner.query_one("#mat-word", BigClock)
        count = runner.query_one("#mat-clock", BigClock)
        assert shown(word)
        assert word.text == tempo.label.upper()
        assert word.rows_tall() >= 7
        assert count.rows_tall() == figure_alone(runner, count), "at no cost to the count"
        assert hidden_cells(word) == []
        assert hidden_cells(count) == []


def shaded(clock: BigClock) -> bool:
    """Whether the figure is greyed (a function: each look is a new one)."""
    return clock.shaded


def shown(widget: Widget) -> bool:
    return bool(widget.display)


MAIN_PAUSED_ROWS = {(80, 24): 14, (120, 40): 28, (40, 12): 7, (60, 20): 7, (80, 19): 7, (40, 19): 7}
"""How tall the figure of a paused get-ready was on main, measured."""


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (40, 12), *SMALL])
async def test_a_paused_session_shows_in_the_mat_views_big_display_itself(
    lumbar_home: Locations, size: tuple[int, int]
) -> None:
    """QA at 80x24: paused, the digits looked as they did running, with only a small PAUSED
    in the corner. Paused, the figure is greyed (shaded blocks: a monochrome terminal too);
    it keeps its size (PAUSED in block letters above it took half: 120x40, 28 rows on main,
    14), PAUSED in the corner; both go on resuming."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=size) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space")  # the get-ready runs
        await let_time_pass(pilot, clock, 1.0)
        word = runner.query_one("#mat-word", BigClock)
        count = runner.query_one("#mat-clock", BigClock)
        assert not shaded(count), "running: solid, no word"
        assert not shown(word), "running: solid, no word"
        await pilot.press("space")
        await let_time_pass(pilot, clock, 0.5)
        assert shaded(count), "paused: the figure is greyed"
        assert count.rows_tall() >= MAIN_PAUSED_ROWS[size]
        assert count.rows_tall() == figure_alone(runner, count)
        assert hidden_cells(count) == []
        assert not shown(word), "the figure keeps its room"
        assert text_of(runner, "#mat-state") == "PAUSED"
        await pilot.press("space")
        await let_time_pass(pilot, clock, 0.5)
        assert not shaded(count), "resumed: as before"
        assert not shown(word), "resumed: as before"


async def test_paused_the_mat_view_draws_paused_in_the_rows_the_figure_leaves(
    lumbar_home: Locations,
) -> None:
    """A wide figure (1:10) in a large terminal (200x60) is as large as the width allows: the
    rows it leaves above it take PAUSED in block letters, and go on resuming."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(200, 60)) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space", *["plus"] * 12)  # a get-ready of 1:10: four glyphs wide
        await let_time_pass(pilot, clock, 0.5)
        word = runner.query_one("#mat-word", BigClock)
        count = runner.query_one("#mat-clock", BigClock)
        running_rows = count.rows_tall()
        await pilot.press("space")
        await let_time_pass(pilot, clock, 0.5)
        assert count.text.startswith("1:")
        assert shown(word)
        assert word.text == "PAUSED"
        assert word.rows_tall() >= 7
        assert count.rows_tall() == running_rows == figure_alone(runner, count)
        assert hidden_cells(word) == []
        assert hidden_cells(count) == []
        await pilot.press("space")
        await let_time_pass(pilot, clock, 0.5)
        assert not shown(word), "resumed"


async def test_the_mat_view_says_done_in_block_letters_when_the_session_is_over(
    lumbar_home: Locations,
) -> None:
    """It showed the last hold's "0" behind the pain question."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(120, 40)) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space")
        while not runner.live.over:
            await pilot.press("n")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain after", 30)
        assert runner.query_one("#mat-clock", BigClock).text == "DONE"
        assert text_of(runner, "#mat-label") == "the session is over"


@pytest.mark.parametrize(("mat", "title"), [(False, "#run-title"), (True, "#mat-title")])
async def test_the_title_says_the_session_is_over_not_the_step_it_ended_in(
    lumbar_home: Locations, mat: bool, title: str
) -> None:
    """Found by a new user's trial: ended in the plank's get-ready, the header still read
    "Get ready: Forearm plank" above "the session is over"."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=mat)
    async with app.run_test(size=(120, 40)) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space")
        engine = runner.live.engine
        while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "ready":
            await pilot.press("n")
        assert "Forearm plank" in text_of(runner, title)
        await pilot.press("q", "y")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain after", 30)
        assert text_of(runner, title) == "Session over"


@pytest.mark.parametrize(("mat", "title"), [(False, "#run-title"), (True, "#mat-title")])
async def test_the_title_says_only_session_over_when_it_ends_in_a_sides_set(
    lumbar_home: Locations, mat: bool, title: str
) -> None:
    """The review: ended in a set done side by side, the mat view's title could read
    "Session over · left side"; no test ended a session there."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=mat)
    async with app.run_test(size=(120, 40)) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space")
        engine = runner.live.engine
        while not (engine.step.side and engine.step.kind == "work"):
            assert not runner.live.over, "the routine has no set done side by side"
            await pilot.press("n")
        await pilot.pause()
        if mat:
            assert f"{engine.step.side} side" in text_of(runner, title)
        await pilot.press("q", "y")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain after", 30)
        assert text_of(runner, title) == "Session over"


@pytest.mark.parametrize(("size", "tall"), [((200, 55), True), ((80, 24), False)])
async def test_the_full_view_figure_grows_in_a_big_terminal_and_stays_small_in_a_small_one(
    lumbar_home: Locations, size: tuple[int, int], tall: bool
) -> None:
    """On a mat two metres from a 200x55 window the full view's 3-row digits were unreadable:
    there, the figure is block digits about a third of the screen tall; at 80x24 the steps
    keep their room."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=size) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space")
        await pilot.pause()
        assert not runner.mat
        clock_widget = runner.query_one("#run-clock", BigClock)
        digits = runner.query_one("#run-digits")
        assert clock_widget.text == runner.live.view(clock()).big != ""
        if tall:
            assert clock_widget.display
            assert not digits.display
            assert clock_widget.rows_tall() >= 14
            assert len(visible_steps(runner)) >= 5, "the steps still show"
        else:
            assert digits.display
            assert not clock_widget.display
            assert digits.size.height == 3


def visible_steps(runner: RunnerScreen) -> list[str]:
    return [line for line in text_of(runner, "#run-steps").splitlines() if line[:1].isdigit()]


@pytest.mark.parametrize("size", [(80, 40), (100, 40), (120, 40), (80, 24)])
async def test_the_words_beside_the_figure_are_never_cut(
    lumbar_home: Locations, size: tuple[int, int]
) -> None:
    """Beside the block digits of a tall terminal the words have a third of the width: "of 5
    reps" and "the coach counts; x takes one off" wrapped to three lines in a two-line box, and
    the last words were lost ("...x takes one" at 100x40)."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=size) as pilot:
        runner = await started(pilot, app, pain="1")
        await pilot.press("space")
        await let_time_pass(pilot, clock, GET_READY_S)
        assert "left side" in text_of(runner, "#run-title")
        label = runner.query_one("#run-label", Static)
        assert "x takes one off" in text_of(runner, "#run-label")
        needed = label.get_content_height(label.size, label.size, label.content_size.width)
        assert label.content_size.height >= needed, "the label's last words are cut"


async def test_a_whole_routine_runs_with_no_key_after_the_first_space(
    lumbar_home: Locations,
) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="2")
        await pilot.press("space")
        for _ in range(600):  # 10 minutes at most, a tick a second
            if runner.live.over:
                break
            await let_time_pass(pilot, clock, 1.0)
        assert runner.live.over
        await answer(pilot, "2")
        await answer(pilot, "")
        assert isinstance(screen(app), SummaryScreen)
        await app.workers.wait_for_complete()
    (session,) = saved(lumbar_home)
    assert session["status"] == "completed"
    done = [(s["exercise_id"], s["reps_done"], s["skipped"]) for s in session["steps"]]
    assert done == [
        ("bird-dog", 5, False),
        ("bird-dog", 5, False),
        ("glute-bridge", 5, False),
        ("forearm-plank", 3, False),
    ]


async def test_the_footer_offers_start_once_the_record_opens_after_the_pain_question(
    lumbar_home: Locations,
) -> None:
    """Found trying --demo at 80x24: when the session's record opened only after the pain
    question had made way (the database slower to answer than the screen to come back), the
    footer kept the keys of a session not yet recorded ("m Mat view  v Silent  q End  ?
    Help") while the status line said "Press space to start": space, n and p worked but
    the footer never offered them until another key was pressed."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine=None)
    answered = asyncio.Event()

    async def database() -> Database:
        await answered.wait()  # the database answers once the screen is back
        return await app.database()

    async with app.run_test(size=SIZE) as pilot:
        routine = app.catalog.routines["core-basics"]
        steps = plan(routine, app.catalog, app.settings.rest_s, {})
        live = LiveSession(routine, steps, app.catalog.exercises, pace=app.settings.pace_reps)
        shell = SessionShell(
            live, app.settings, clock=clock, notify=app.notify, keep_saving=app.keep_saving
        )
        runner = RunnerScreen(
            live, shell, app.catalog, app.settings, database=database, clock=clock, ticks=clock
        )
        app.push_screen(runner)
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain check", 30)
        await answer(pilot, "3")
        await until(pilot, lambda: screen(app) is runner, "the session's screen", 30)
        assert "Start" not in footer_keys(runner)  # not recorded yet: space does nothing
        answered.set()
        await until(pilot, lambda: runner.live.ready, "the session's record", 30)
        # n goes on only once started; the footer is built again a refresh after the record.
        await until(pilot, lambda: footer_keys(runner)[:2] == ["Start", "Pain"], "Start", 30)
        await pilot.press("space")
        assert phase(runner) == "running"
        await app.workers.wait_for_complete()


ONE_SET = """
[[routine]]
id = "one-set"
name = "One set"
description = "Two bridges, to end a session by the rep key."
items = [{ exercise = "glute-bridge", dose = { sets = 1, reps = 2, hold_s = 1 } }]
"""


async def test_an_enter_pressed_as_the_last_set_ends_does_not_skip_the_pain_after(
    lumbar_home: Locations, user_catalog: Path
) -> None:
    """Found trying it: a person ends a set with enter, and one more press, a moment late,
    landed on the pain question after the last set, where enter alone skipped it: the pain
    after was lost. Enter alone now says a number is wanted (escape skips), as before."""
    (user_catalog / "one-set.toml").write_text(ONE_SET)
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="one-set")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        pain_before = screen(app)
        assert isinstance(pain_before, NumberQuestion)
        await pilot.press("enter")  # enter alone does not skip the pain before either
        assert screen(app) is pain_before
        runner = await started(pilot, app, pain="3")
        await pilot.press("space", "enter")  # the get-ready: start now
        await let_time_pass(pilot, clock, 2)
        await pilot.press("enter")  # bridge 1
        await let_time_pass(pilot, clock, 2)
        await pilot.press("enter", "enter")  # bridge 2 ends the set and the session; one more
        await pilot.pause()
        assert runner.live.over
        question = screen(app)
        assert isinstance(question, NumberQuestion), "the pain after is still asked"
        error = str(question.query_one(".question-error", Static).render())
        assert error == "No number yet: type 0 (none) to 10 (worst), then enter; escape skips."
        await answer(pilot, "2")
        assert isinstance(screen(app), NoteQuestion)
        await answer(pilot, "")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(screen(app), SummaryScreen)
    (session,) = saved(lumbar_home)
    assert (session["status"], session["pain_before"], session["pain_after"]) == ("completed", 3, 2)


async def test_escape_skips_the_pain_after(lumbar_home: Locations) -> None:
    app = quiet_app(lumbar_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="3")
        await pilot.press("q", "y")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain after", 30)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(screen(app), NoteQuestion)
        assert runner.live.pain_after is None


@pytest.mark.parametrize("size", [(60, 20), SIZE])
async def test_the_pain_questions_and_their_advice_fit_a_small_terminal(
    lumbar_home: Locations, size: tuple[int, int]
) -> None:
    """Found trying it at 60x20: the session runs, but its pain dialogs, 70 columns wide,
    were cut off on the right, the advice to stop with them."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(screen(app), NumberQuestion)
        await fits_whole(pilot, screen(app))
        runner = await started(pilot, app, pain="3")
        await pilot.press("space")
        await let_time_pass(pilot, clock, GET_READY_S + 2)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(screen(app), NumberQuestion)
        await fits_whole(pilot, screen(app))
        await answer(pilot, "7")
        advice = screen(app)
        assert isinstance(advice, PainAdviceScreen)
        assert advice.advice.advice == "stop-exercise"
        await fits_whole(pilot, advice)
        await pilot.press("f")  # a red flag: the advice to seek care, the longest
        await pilot.pause()
        care = screen(app)
        assert isinstance(care, PainAdviceScreen)
        assert care.advice.red_flag
        await fits_whole(pilot, care)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(screen(app), NoteQuestion), "the note", 30)
        await fits_whole(pilot, screen(app))
        assert runner.live.over


async def test_enter_after_each_rep_the_coach_counts_confirms_it(lumbar_home: Locations) -> None:
    """The QA trial, keys only with the coach pacing: enter just after the get-ready ran out
    counted a rep, and enter in the pause after each rep the coach counted added one (1,
    enter 2, 3, enter 4, the coach's 5: three bird dogs done, five stored). The first is the
    late "go now" it was meant as; each of the others confirms the coach's rep, recorded as
    ``rep-confirmed``; the last does not cut the switch of sides short."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="2")
        engine = runner.live.engine
        await pilot.press("space")
        await let_time_pass(pilot, clock, GET_READY_S)  # the set begins by itself
        await let_time_pass(pilot, clock, 0.2)
        await pilot.press("enter")  # "go now", a moment late
        assert (engine.step.kind, engine.view(clock()).reps_done) == ("work", 0)
        # Bird dog: 1.5 s up, 2 s at the top, 1.5 s down, counted, then a 1 s pause.
        await let_time_pass(pilot, clock, 5.3)
        for rep in range(1, 5):
            assert engine.view(clock()).reps_done == rep  # the coach's count
            await pilot.press("enter")  # in the pause after it
            assert engine.view(clock()).reps_done == rep
            await let_time_pass(pilot, clock, 6.0)
        assert engine.step.kind == "switch"  # the coach's fifth ended the set
        await pilot.press("enter")
        assert engine.step.kind == "switch"
        await pilot.press("q", "y")
        await pilot.pause()
        await answer(pilot, "2")
        await answer(pilot, "")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(screen(app), SummaryScreen)
    (session,) = saved(lumbar_home)
    assert session["steps"][0]["reps_done"] == 5
    confirmed = [
        (e["value"], e["detail"]) for e in session["events"] if e["kind"] == "rep-confirmed"
    ]
    assert confirmed == [(rep, "coach") for rep in range(1, 6)]


async def test_the_footer_and_the_mat_target_say_confirm_while_enter_would_confirm_a_rep(
    lumbar_home: Locations,
) -> None:
    """The footer read "⏎ Rep" in the breath after the coach's count, where enter confirms
    that rep and adds none: it says "Confirm" then (the mat view's target too), "Go now" just
    after the get-ready ran out, and "Rep" again once a press would be a rep of its own."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await started(pilot, app, pain="2")
        engine = runner.live.engine

        def enter_says() -> list[str]:
            shown = [str(key.render()).split(maxsplit=1) for key in runner.query("FooterKey")]
            return [words[1].strip() for words in shown if words[0] == "⏎"]

        async def footer(words: list[str], what: str) -> None:
            await until(pilot, lambda: enter_says() == words, what, timeout_s=10)

        await pilot.press("space")
        await let_time_pass(pilot, clock, GET_READY_S + 0.2)  # the set began by itself
        await footer(["Go now"], "a late go's words")
        # The late go's 1 s runs from when the set showed, 0.2 s after it began here.
        await let_time_pass(pilot, clock, 1.1)
        await footer(["Rep"], "the set's words")
        # Bird dog: 1.5 s up, 2 s at the top, 1.5 s down, then the coach counts.
        await let_time_pass(pilot, clock, 3.9)
        assert engine.view(clock()).reps_done == 1
        await footer(["Confirm"], "the words while enter would confirm the coach's rep")
        await pilot.press("m")
        target = runner.query_one("#touch-rep", TouchTarget)
        await until(pilot, lambda: str(target.label) == "Confirm", "the mat target's words", 30)
        # Past a bird dog's 5 s after the coach's first count showed, 0.3 s after it here
        # (rep 1's window is a whole rep, the reps after it half), before its second count
        # (a 1 s pause, then a rep).
        await let_time_pass(pilot, clock, 5.1)
        await until(pilot, lambda: str(target.label) == "Rep", "a rep of its own again", 30)
        assert engine.view(clock()).reps_done == 1


async def test_enter_on_seeing_the_right_sides_set_shown_late_is_its_go_not_a_rep(
    lumbar_home: Locations,
) -> None:
    """Review, on a loaded machine: the switch of sides ran out, the screen showed the right
    side's set 1.5 s late (a slow tick), and enter pressed on seeing it, a moment later,
    counted a rep: the late go's 1 s had run on the engine's clock from the change, unseen.
    It runs from when the screen showed the set: the press is its late "go now"."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await at_the_switch_of_sides(pilot, app, clock)
        engine = runner.live.engine
        await let_time_pass(pilot, clock, SIDE_SWITCH_S + 1.5)  # shown 1.5 s late
        assert (engine.step.kind, engine.step.side) == ("work", "right")

        def enter_says() -> list[str]:
            shown = [str(key.render()).split(maxsplit=1) for key in runner.query("FooterKey")]
            return [words[1].strip() for words in shown if words[0] == "⏎"]

        await until(pilot, lambda: enter_says() == ["Go now"], "the late go's words", 30)
        clock.now += 0.3
        await pilot.press("enter")
        await pilot.pause()
        assert engine.view(clock()).reps_done == 0
        clock.now += LATE_PRESS_S
        await pilot.press("enter")
        await pilot.pause()
        assert engine.view(clock()).reps_done == 1


async def test_enter_on_the_switch_handled_before_the_late_tick_is_the_go_not_a_rep(
    lumbar_home: Locations,
) -> None:
    """Review, on a loaded machine: the switch of sides shown with 0.5 s left, then no tick
    for 1.8 s, and enter pressed on its "Go now": the press's own tick ran the switch out
    and took the press as a rep of the right side, judged against a window never shown. The
    runner says when it last drew: a press on the switch's screen is the late go."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = await at_the_switch_of_sides(pilot, app, clock)
        engine = runner.live.engine
        await let_time_pass(pilot, clock, SIDE_SWITCH_S - 0.5)  # the switch shows 0.5 s left
        clock.now += 1.8  # no tick meanwhile: the screen still shows the switch
        await pilot.press("enter")
        await pilot.pause()
        assert (engine.step.kind, engine.step.side) == ("work", "right")
        assert engine.view(clock()).reps_done == 0
