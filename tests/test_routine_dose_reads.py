"""The routine screen's doses are read in a thread, as the screen opens and again as a
session starts; a dose that changed since the screen showed it is said."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from dose_sessions import session
from fake_clock import FakeClock
from footer_keys import footer_keys
from notices import Notices
from routine_screens import (
    SIZE,
    change,
    editing,
    make_app,
    note,
    opened,
    reps_changed_to,
    screen,
)
from textual.widgets import Input, Static
from waiting import until

from catalog import Catalog, load_catalog
from catalog.dose_words import day_text
from catalog.progression import step_up
from db.clock import local_now
from db.connection import open_database
from db.dose_pins import pin_dose, pinned_doses
from db.sessions import SessionWriter
from tui.app import LumbarApp
from tui.coach.player import CuePlayer
from tui.doses import CHANGED_TITLE
from tui.locations import Locations
from tui.screens.questions import NumberQuestion
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen
from tui.settings import Settings


async def test_doses_are_worked_out_again_at_start_after_a_session_ends_in_another_terminal(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Found by review: back ten begun at pain 8 in another terminal, live while gentle
    mobility's screen was opened here (its doses stepped up: a live session is not read);
    it ends; s started gentle mobility at the doses the screen read, stepped up. They are
    worked out again at start: the same again after pain 8; the person's own kept (a dose
    changed with e, a pin)."""
    db = open_database(lumbar_home.db_path)
    try:
        for back in (60, 8):
            session(db, builtin, "gentle-mobility", local_now().date() - timedelta(days=back))
        pin_dose(db, "gentle-mobility", "cat-cow", sets=1, reps=7, hold_s=None, duration_s=None)
    finally:
        db.close()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    db = open_database(lumbar_home.db_path)
    try:
        live = SessionWriter.start(
            db, kind="routine", routine_id="back-ten", routine_name="Back ten", pain_before=8
        )
        db.table("sessions").update(live.session_id, {"pid": other.pid})
        app = make_app(lumbar_home)
        async with app.run_test(size=SIZE) as pilot:
            routine = await opened(pilot, app, "gentle-mobility")
            assert change(routine, "knee-to-chest") == "up"
            assert change(routine, "cat-cow") == "pinned"
            while routine.highlighted_exercise() != "pelvic-tilt":
                await pilot.press("down")
            await reps_changed_to(pilot, app, routine, "8")
            live.finish("ended-early", 5.0)  # the other terminal: q, y
            await pilot.press("s")
            await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain", 30)
            (runner,) = [s for s in app.screen_stack if isinstance(s, RunnerScreen)]
            started = {s.exercise_id: s.dose for s in runner.live.engine.steps if s.dose}
    finally:
        db.close()
        other.kill()
        other.wait()
    knee = builtin.exercises["knee-to-chest"]
    assert started["knee-to-chest"] != step_up(knee, knee.dose.start)
    rotation = builtin.exercises["lower-back-rotation"]
    assert (started["knee-to-chest"], started["lower-back-rotation"]) == (
        knee.dose.start,
        rotation.dose.start,
    )
    assert (started["pelvic-tilt"].reps, started["cat-cow"].reps) == (8, 7)


async def test_the_doses_are_worked_out_in_a_thread_as_the_screen_opens_and_the_session_starts(
    lumbar_home: Locations, builtin: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Working the doses out reads the past sessions (a noticeable moment on years of them):
    it ran on the screen's own thread as the routine opened and as ``s`` started it, and
    keys waited. It runs in a thread, as the summary's read does; what it works out is the
    same (the rules themselves run, only watched for where)."""
    import threading

    import tui.history

    where: list[threading.Thread] = []
    worked_out = tui.history.routine_suggestions

    def watched(*args: Any, **kwargs: Any) -> Any:
        where.append(threading.current_thread())
        return worked_out(*args, **kwargs)

    monkeypatch.setattr(tui.history, "routine_suggestions", watched)
    db = open_database(lumbar_home.db_path)
    try:
        session(db, builtin, "core-basics", local_now().date() - timedelta(days=2))
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert routine.suggestions["bird-dog"].change == "same"
        assert len(where) == 1
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the session", 30)
    assert len(where) == 2, "as the screen opened, and as the session started"
    assert threading.main_thread() not in where


class GatedRead:
    """``tui.history``'s reading function, held at a gate until the test opens it: stands for
    a read that takes a moment on years of sessions (the read itself is the real one)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        import threading

        import tui.history

        self.gate = threading.Event()
        self.calls = 0
        real = getattr(tui.history, name)

        def held(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == 1:  # the first read only
                self.gate.wait(30)
            return real(*args, **kwargs)

        monkeypatch.setattr(tui.history, name, held)


async def test_e_and_p_wait_until_the_doses_are_read(
    lumbar_home: Locations, builtin: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pressed while the doses were still being read, p took the exercise as not pinned and
    pinned the routine's own dose over the person's pin, and e opened at the routine's own
    dose for one session instead of the pin. Until the read is done they are not offered."""
    start = builtin.exercises["bird-dog"].dose.start
    db = open_database(lumbar_home.db_path)
    try:
        pin_dose(
            db,
            "core-basics",
            "bird-dog",
            sets=start.sets + 2,
            reps=start.reps,
            hold_s=start.hold_s,
            duration_s=start.duration_s,
        )
    finally:
        db.close()
    read = GatedRead(monkeypatch, "routine_suggestions")
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_routine("core-basics")
        await until(pilot, lambda: read.calls == 1, "the read", 30)
        shown = screen(app)
        assert isinstance(shown, RoutineScreen)
        routine = shown
        await until(pilot, lambda: "Start session" in footer_keys(routine), "the footer", 30)
        assert "Pin" not in footer_keys(routine)
        assert "Dose" not in footer_keys(routine)
        await pilot.press("p", "e")
        await pilot.pause()
        assert screen(app) is routine, "no editor"
        read.gate.set()
        await until(pilot, lambda: "Unpin" in footer_keys(routine), "p to unpin", 30)
        assert "Dose" in footer_keys(routine)
        assert routine.suggestions["bird-dog"].dose.sets == start.sets + 2
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        assert pinned_doses(db, "core-basics")["bird-dog"].sets == start.sets + 2
    finally:
        db.close()


async def test_a_read_begun_before_a_pin_was_written_does_not_undo_it_on_screen(
    lumbar_home: Locations, builtin: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pinned dose changed in the editor: the routine, shown again, reads its doses, and
    the pin is written and read again with them. The first of those reads took the pins
    before the new one was written, and, finishing last, showed the old pin while the
    database held the new one. Only the newest read is shown."""
    import threading

    import tui.history
    from db import dose_pins

    start = builtin.exercises["bird-dog"].dose.start
    db = open_database(lumbar_home.db_path)
    try:
        pin_dose(
            db,
            "core-basics",
            "bird-dog",
            sets=start.sets,
            reps=8,
            hold_s=start.hold_s,
            duration_s=start.duration_s,
        )
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert routine.suggestions["bird-dog"].dose.reps == 8
        stale_read = threading.Event()  # the routine's read has its pins: the old ones
        gate = threading.Event()  # ... and finishes when the test says
        reads = 0
        read_pins = dose_pins.pinned_doses
        write_pin = dose_pins.pin_dose

        def held_read(*args: Any, **kwargs: Any) -> Any:
            nonlocal reads
            reads += 1
            pins = read_pins(*args, **kwargs)
            if reads == 1:
                stale_read.set()
                gate.wait(30)
            return pins

        def write_after_the_read(*args: Any, **kwargs: Any) -> None:
            stale_read.wait(30)
            write_pin(*args, **kwargs)

        monkeypatch.setattr(tui.history, "pinned_doses", held_read)
        monkeypatch.setattr(dose_pins, "pin_dose", write_after_the_read)
        editor = await editing(pilot, app)
        editor.query_one("#dose-reps", Input).value = "9"
        await pilot.press("enter")
        await until(pilot, lambda: reads == 2, "the read after the pin", 30)
        await until(
            pilot,
            lambda: routine.suggestions["bird-dog"].dose.reps == 9,
            "the pin read again",
            30,
        )
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reads == 2
        assert routine.suggestions["bird-dog"].pinned
        assert routine.suggestions["bird-dog"].dose.reps == 9


async def test_a_routine_left_while_its_doses_are_read_does_not_draw_them(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left (escape) while the doses are still being read: the read, finishing as the
    screen's parts were taken down, drew on a plan no longer there, and the worker's error
    ended lumbar (seen as lumbar quit as a routine opened). Here the read finishes at that
    moment: a part of the screen taken down last waits for the plan to be gone, lets the
    read finish, and waits for it to end, so the screen is still there when it does."""
    import asyncio
    import contextlib

    from textual.widget import Widget
    from textual.worker import Worker, WorkerState

    read = GatedRead(monkeypatch, "routine_suggestions")
    workers: list[Worker[None]] = []

    class TakenDownLast(Widget):
        async def on_unmount(self) -> None:
            routine = self.screen
            for _ in range(3000):  # a generous bound: 30 s
                if not routine.query("#plan"):
                    break
                await asyncio.sleep(0.01)
            read.gate.set()
            with contextlib.suppress(Exception):
                await workers[0].wait()

    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_routine("core-basics")
        await until(pilot, lambda: read.calls == 1, "the read", 30)
        shown = screen(app)
        assert isinstance(shown, RoutineScreen)
        workers.extend(w for w in app.workers if w.node is shown)
        assert len(workers) == 1, "the read's worker"
        await shown.mount(TakenDownLast())
        await pilot.press("escape")
        await until(pilot, lambda: workers[0].is_finished, "the read done", 30)
        await pilot.pause()
        assert workers[0].state == WorkerState.SUCCESS
        assert app.is_running


async def test_a_dose_changed_since_shown_is_said_as_the_session_starts(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Found by the lead: the doses worked out again at start (back ten, begun at pain 8 in
    another terminal, ended after gentle mobility's plan was read: no step up) started the
    knee to chest and the rotation a step below the plan on screen, and nothing said so. The
    session starts with them (the fresh dose is the safe one) and says which changed from
    the plan shown and why, once the pain check is answered; for the person on the mat, the
    coach says the changed dose at that exercise's get-ready, and the mat view's next line
    gives the dose shown after the new one. The person's own doses (a dose changed with e,
    a pin) are as shown, and not named."""
    db = open_database(lumbar_home.db_path)
    try:
        for back in (60, 8):
            session(db, builtin, "gentle-mobility", local_now().date() - timedelta(days=back))
        pin_dose(db, "gentle-mobility", "cat-cow", sets=1, reps=7, hold_s=None, duration_s=None)
    finally:
        db.close()
    players: list[CuePlayer] = []

    def null_device(settings: Settings, session_clock: Any) -> CuePlayer:
        player = CuePlayer(mode="voice", clock=session_clock, backends=("NULL",))
        players.append(player)
        return player

    clock = FakeClock()
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False),
        locations=lumbar_home,
        clock=clock,
        ticks=clock,
        coach=null_device,
    )
    notices = Notices()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    db = open_database(lumbar_home.db_path)
    try:
        live = SessionWriter.start(
            db, kind="routine", routine_id="back-ten", routine_name="Back ten", pain_before=8
        )
        db.table("sessions").update(live.session_id, {"pid": other.pid})
        async with app.run_test(size=SIZE, message_hook=notices) as pilot:
            routine = await opened(pilot, app, "gentle-mobility")
            assert change(routine, "knee-to-chest") == "up"
            assert change(routine, "lower-back-rotation") == "up"
            while routine.highlighted_exercise() != "pelvic-tilt":
                await pilot.press("down")
            await reps_changed_to(pilot, app, routine, "8")
            live.finish("ended-early", 5.0)  # the other terminal: q, y
            await pilot.press("s")
            await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain", 30)
            assert CHANGED_TITLE not in notices.titles(), "not over the pain check"
            await pilot.press("3", "enter")
            (runner,) = [s for s in app.screen_stack if isinstance(s, RunnerScreen)]
            await until(pilot, lambda: CHANGED_TITLE in notices.titles(), "the line", 30)
            (told,) = [n.message for n in notices.shown if n.title == CHANGED_TITLE]
            coming = "Knee-to-chest stretch, left side: 2 × 10 s hold, not 2 × 15 s hold"
            assert str(runner.query_one("#run-next", Static).render()) == coming
            await pilot.press("m")  # the mat view says it too, under the clock
            await until(pilot, lambda: runner.mat, "the mat view", 30)
            assert str(runner.query_one("#mat-next", Static).render()) == f"Next: {coming}"
            await pilot.press("space")
            (player,) = players
            await until(pilot, lambda: len(player.outcomes()) >= 2, "the get-ready said", 30)
            said = [o.cue.words for o in player.outcomes()]
            started = {s.exercise_id: s.dose for s in runner.live.engine.steps if s.dose}
    finally:
        db.close()
        other.kill()
        other.wait()
    day = day_text(local_now().date())
    why = f"pain was 8/10 at the start of Back ten on {day}: the same again"
    assert told == (
        "Knee-to-chest stretch and Lower back rotation stretch today: each one step below the "
        f"dose shown: {why}."
    )
    knee = builtin.exercises["knee-to-chest"]
    assert started["knee-to-chest"] == knee.dose.start
    assert (started["pelvic-tilt"].reps, started["cat-cow"].reps) == (8, 7)
    assert said[1] == (
        "Knee-to-chest stretch, left side. Today's dose changed: 2 holds of 10 seconds, not "
        f"2 holds of 15 seconds. {knee.cues[0]}"
    )


async def test_a_session_started_while_the_doses_are_read_names_no_change(
    lumbar_home: Locations, builtin: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review: s while the screen said "Doses: reading the last sessions…" named every
    exercise stepped up as changed since shown, against the routine's own doses, which the
    screen had not offered as today's. No dose was shown yet: the session starts with the
    doses worked out as it starts, and says nothing of a change (s does not wait for the
    read as e and p do: starting is never held up by a read of years of sessions)."""
    db = open_database(lumbar_home.db_path)
    try:
        for back in (9, 2):
            session(db, builtin, "gentle-mobility", local_now().date() - timedelta(days=back))
    finally:
        db.close()
    read = GatedRead(monkeypatch, "routine_suggestions")
    app = make_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        app.open_routine("gentle-mobility")
        await until(pilot, lambda: read.calls == 1, "the screen's read", 30)
        routine = screen(app)
        assert isinstance(routine, RoutineScreen)
        assert "reading the last sessions" in note(routine)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain", 30)
        read.gate.set()
        await pilot.press("3", "enter")
        (runner,) = [s for s in app.screen_stack if isinstance(s, RunnerScreen)]
        await until(pilot, lambda: runner.live.ready and screen(app) is runner, "begun", 30)
        await pilot.pause()
        started = {s.exercise_id: s.dose for s in runner.live.engine.steps if s.dose}
        own = builtin.exercises["knee-to-chest"].dose.start
        assert started["knee-to-chest"] != own  # stepped up: today's dose, worked out now
        assert CHANGED_TITLE not in notices.titles()
