"""The routine screen's doses: the reason for the highlighted exercise, ``e`` to change a
dose for the next session, ``p`` to pin it (kept in the database) or unpin it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from dose_sessions import session
from fake_clock import FakeClock
from footer_keys import footer_keys
from log_screens import shown_lines
from notices import Notices
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static
from waiting import until

from catalog import Catalog, load_catalog
from catalog.dose_words import day_text
from catalog.models import Dose
from catalog.plan import expand
from catalog.progression import step_up
from db.connection import open_database
from db.dose_pins import pin_dose, pinned_doses
from db.errors import DatabaseProblem
from db.sessions import SessionWriter
from tui.app import LumbarApp
from tui.cli import main
from tui.coach.player import CuePlayer
from tui.doses import CHANGED_TITLE, with_doses
from tui.locations import Locations
from tui.screens.dose_editor import DoseEditor
from tui.screens.questions import NumberQuestion
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen
from tui.settings import Settings

SIZE = (80, 24)


def make_app(home: Locations) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir), settings=Settings(sound=False), locations=home
    )


def screen(app: LumbarApp) -> Screen[Any]:
    return app.screen


def change(routine: RoutineScreen, exercise_id: str) -> str:
    """Read afresh (keeps mypy from narrowing it across key presses)."""
    return routine.suggestions[exercise_id].change


def note(routine: RoutineScreen) -> str:
    return str(routine.query_one("#doses-note", Static).render())


async def opened(pilot: Pilot[Any], app: LumbarApp, routine_id: str) -> RoutineScreen:
    app.open_routine(routine_id)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    routine = screen(app)
    assert isinstance(routine, RoutineScreen)
    return routine


async def editing(pilot: Pilot[Any], app: LumbarApp) -> DoseEditor:
    """e on the routine: the dose editor of the highlighted exercise."""
    await pilot.press("e")
    await until(pilot, lambda: isinstance(screen(app), DoseEditor), "the editor", 30)
    editor = screen(app)
    assert isinstance(editor, DoseEditor)
    return editor


async def reps_changed_to(
    pilot: Pilot[Any], app: LumbarApp, routine: RoutineScreen, reps: str
) -> None:
    """e, the reps typed, enter: back on the routine with the change."""
    editor = await editing(pilot, app)
    editor.query_one("#dose-reps", Input).value = reps
    await pilot.press("enter")
    await until(pilot, lambda: screen(app) is routine, "the routine", 30)


async def test_the_note_gives_the_highlighted_exercises_dose_and_why(
    lumbar_home: Locations,
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert note(routine) == (
            "Today: Bird dog 5 reps, 2 s at the top, each side: first time in this routine: "
            "the routine's own dose."
        )
        while routine.highlighted_exercise() != "forearm-plank":
            await pilot.press("down")
        assert note(routine).startswith("Today: Forearm plank 3 × 10 s hold: first time")


@pytest.mark.parametrize("exercise_id", ["knee-to-chest", "bird-dog", "forearm-plank"])
async def test_the_editor_keeps_each_label_apart_from_its_number(
    lumbar_home: Locations, builtin: Catalog, exercise_id: str
) -> None:
    """Found by a new user's trial: "Each hold, s (each side)30", the label (as wide as its
    column) ran into the number. A blank stands between them, and the numbers line up."""
    exercise = builtin.exercises[exercise_id]
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(DoseEditor(exercise, exercise.dose.start, pinned=False))
        await until(pilot, lambda: isinstance(screen(app), DoseEditor), "the editor", 30)
        await pilot.pause()
        editor = screen(app)
        labels = list(editor.query(".dose-label").results(Static))
        boxes = list(editor.query(".dose-field Input").results(Input))
        assert len(labels) == len(boxes) >= 2
        for label, box in zip(labels, boxes, strict=True):
            text = str(label.render())
            assert box.region.x > label.region.x + len(text), text
        assert len({box.region.x for box in boxes}) == 1


async def test_e_changes_a_dose_for_the_next_session(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        await pilot.press("e")
        await pilot.pause()
        editor = screen(app)
        assert isinstance(editor, DoseEditor)
        assert editor.query_one("#dose-reps", Input).value == "5"
        await pilot.press("tab", "0")  # the reps: 0 is refused in words
        await pilot.press("enter")
        await pilot.pause()
        assert "from 1 to 500" in str(editor.query_one(".question-error", Static).render())
        editor.query_one("#dose-reps", Input).value = "7"
        await pilot.press("enter")
        await pilot.pause()
        assert screen(app) is routine
        assert routine.doses()["bird-dog"].reps == 7
        assert note(routine).startswith("Today: Bird dog ✎ 7 reps, 2 s at the top, each side")
        assert "changed by you for the next session" in note(routine)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(screen(app), NumberQuestion)
        (runner,) = [s for s in app.screen_stack if isinstance(s, RunnerScreen)]
        reps = [
            s.dose.reps for s in runner.live.engine.steps if s.exercise_id == "bird-dog" and s.dose
        ]
        assert reps == [7, 7]
        assert routine.yours, "kept until the session's record is open"
        await pilot.press("3", "enter")
        await until(pilot, lambda: runner.session_id is not None, "the record", 30)
        assert routine.yours == {}, "the change was for that session"
    db = open_database(lumbar_home.db_path, writable=False)
    assert pinned_doses(db, "core-basics") == {}, "a change is no pin"
    db.close()


async def test_a_changed_dose_waits_for_the_next_session_when_the_screen_is_left(
    lumbar_home: Locations,
) -> None:
    """Leaving the routine (escape) and coming back keeps a dose changed with e: it is for
    the next session, which takes it and leaves the routine's suggestion after."""
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        await reps_changed_to(pilot, app, routine, "7")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(screen(app), RoutineScreen), "home", 30)

        again = await opened(pilot, app, "core-basics")
        assert again is not routine
        assert again.doses()["bird-dog"].reps == 7
        assert note(again).startswith("Today: Bird dog ✎ 7 reps")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain question", 30)
        (runner,) = [s for s in app.screen_stack if isinstance(s, RunnerScreen)]
        reps = [
            s.dose.reps for s in runner.live.engine.steps if s.exercise_id == "bird-dog" and s.dose
        ]
        assert reps == [7, 7]
        await pilot.press("3", "enter")
        await until(pilot, lambda: runner.session_id is not None, "the record", 30)
        assert again.yours == {}
        assert app.chosen_doses == {"core-basics": {}}


async def test_a_dose_typed_in_one_burst_keeps_each_number_in_its_box(
    lumbar_home: Locations,
) -> None:
    """Tab, backspace and digits typed faster than lumbar reads them: each acts on the box
    it was typed for, and enter keeps the whole dose."""
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        editor = await editing(pilot, app)
        await until(pilot, lambda: isinstance(app.focused, Input), "its first box", 30)
        for key in ("2", "tab", "backspace", "8", "enter"):  # sets 2, reps 8
            app.post_message(events.Key(key, key if key.isdigit() else None))
        await until(pilot, lambda: screen(app) is routine, "the dose kept", 30)
        await until(pilot, lambda: not editor.is_attached, "the editor taken away", 30)
        dose = routine.doses()["bird-dog"]
        assert (dose.sets, dose.reps) == (2, 8)


async def test_p_pins_a_dose_until_it_is_unpinned(lumbar_home: Locations) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        await pilot.press("e", "tab", "8", "enter")
        await pilot.pause()
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert change(routine, "bird-dog") == "pinned"
        assert note(routine) == (
            "Today: Bird dog ⚑ 8 reps, 2 s at the top, each side: pinned by you: kept until "
            "you unpin it."
        )

    db = open_database(lumbar_home.db_path, writable=False)
    (pin,) = pinned_doses(db, "core-basics").values()
    assert (pin.exercise_id, pin.sets, pin.reps, pin.hold_s) == ("bird-dog", 1, 8, 2)
    db.close()

    app = make_app(lumbar_home)  # another day: the pin is still there
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert routine.doses()["bird-dog"].reps == 8
        await pilot.press("e", "tab", "9", "enter")  # a pinned dose changed stays pinned
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert routine.suggestions["bird-dog"].dose.reps == 9
        assert change(routine, "bird-dog") == "pinned"
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert change(routine, "bird-dog") == "new"
        assert routine.doses()["bird-dog"].reps == 5


async def test_a_session_whose_record_cannot_open_keeps_the_changed_dose(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review (helper-81): the change was cleared as the session was planned, before the
    record opened: when it could not be opened (the runner says the session cannot be
    saved and leaves), no session took the change, yet it was gone."""
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        await reps_changed_to(pilot, app, routine, "7")

        def refused(*_: Any) -> Any:
            raise DatabaseProblem("the database is locked by another program")

        monkeypatch.setattr("tui.session_shell.open_record", refused)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain", 30)
        await pilot.press("2", "enter")
        await until(pilot, lambda: isinstance(screen(app), RoutineScreen), "back", 30)
        assert routine.doses()["bird-dog"].reps == 7


def core_basics_with_pain_up(path: Path, builtin: Catalog) -> None:
    """Two sessions of core basics, the last yesterday with pain 3 → 4."""
    db = open_database(path)
    try:
        today = date.today()
        session(db, builtin, "core-basics", today - timedelta(days=3), pain=(3, 3))
        session(db, builtin, "core-basics", today - timedelta(days=1), pain=(3, 4))
    finally:
        db.close()


def routines_show(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["routines", "show", "core-basics"]) == 0
    return capsys.readouterr().out


async def test_a_read_only_database_shows_the_doses_lumbar_routines_show_gives(
    lumbar_home: Locations, builtin: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a new user's trial: on a read-only copy the routine screen showed the
    routine's own doses ("the routine's own") while `lumbar routines show` on the same file
    gave the easier ones suggested, and the footer offered "d Routine's doses" all the same.
    Browsing reads the file as it is; only a pin, which writes, is refused, in one line."""
    path = lumbar_home.db_path
    core_basics_with_pain_up(path, builtin)
    path.chmod(0o400)
    before = path.read_bytes()
    told = routines_show(capsys)
    line = (
        "**Bird dog**: 4 reps, 2 s at the top, each side — pain went up last time (3 → 4): one "
        "step easier."
    )
    assert line in told
    app = make_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert note(routine) == (
            "Today: Bird dog ↓ 4 reps, 2 s at the top, each side: pain went up last time "
            "(3 → 4): one step easier."
        )
        assert routine.doses()["bird-dog"].reps == 4
        assert footer_keys(routine)[:2] == ["Start session", "Routine's doses"]
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (refused,) = [n for n in notices.errors() if "pin" in n]
        assert refused == (
            f"{path} is read-only; make it writable or choose another file with --db PATH. "
            "The pin is not kept."
        )
        assert change(routine, "bird-dog") == "down"
    assert path.read_bytes() == before


async def test_a_pinned_line_says_that_pain_went_up_as_lumbar_routines_show_does(
    lumbar_home: Locations, builtin: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a new user's trial: after pain that rose, a pinned exercise said only
    "pinned by you: kept until you unpin it", its dose unchanged. It is one step below the
    pin for the next session, saying so, the pin kept; p (unpin) leaves it to the
    suggestions."""
    core_basics_with_pain_up(lumbar_home.db_path, builtin)
    db = open_database(lumbar_home.db_path)
    try:
        pin_dose(db, "core-basics", "bird-dog", sets=1, reps=5, hold_s=2, duration_s=None)
    finally:
        db.close()
    reason = (
        "pain went up last time (3 → 4): one step below your pin "
        "(5 reps, 2 s at the top, each side) this time; the pin stays"
    )
    assert f"**Bird dog**: 4 reps, 2 s at the top, each side — {reason}." in routines_show(capsys)
    assert main(["routines", "show", "core-basics", "--json"]) == 0
    today = {i["exercise"]: i["today"] for i in json.loads(capsys.readouterr().out)["items"]}
    assert (today["bird-dog"]["pinned"], today["bird-dog"]["change"]) == (True, "down")
    assert (today["glute-bridge"]["pinned"], today["glute-bridge"]["change"]) == (False, "down")
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert note(routine) == f"Today: Bird dog ↓ 4 reps, 2 s at the top, each side: {reason}."
        assert "Unpin" in footer_keys(routine), "p says what it does to the highlighted one"
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (change(routine, "bird-dog"), routine.doses()["bird-dog"].reps) == ("down", 4)
        assert not routine.suggestions["bird-dog"].pinned
        assert "Pin" in footer_keys(routine)


def test_a_pin_raised_since_the_pain_names_the_dose_done_it_is_eased_from(
    lumbar_home: Locations, builtin: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review: the bird dog done at 5 reps with pain 3 → 4, pinned at 8 since. The next
    session is at most a step below the dose done (4 reps), not below the pin (7): the line
    said "one step below your pin (8 reps...)" of 4 reps. It names the dose done, and the pin
    that stays."""
    core_basics_with_pain_up(lumbar_home.db_path, builtin)
    db = open_database(lumbar_home.db_path)
    try:
        pin_dose(db, "core-basics", "bird-dog", sets=1, reps=8, hold_s=2, duration_s=None)
    finally:
        db.close()
    reason = (
        "pain went up last time (3 → 4): one step below what you did last time "
        "(5 reps, 2 s at the top, each side); your pin (8 reps, 2 s at the top, each side) "
        "stays"
    )
    assert f"**Bird dog**: 4 reps, 2 s at the top, each side — {reason}." in routines_show(capsys)


def pinned_reps(path: Path) -> int | None:
    db = open_database(path, writable=False)
    try:
        pin = pinned_doses(db, "core-basics").get("bird-dog")
        return None if pin is None else pin.reps
    finally:
        db.close()


async def pressed(pilot: Pilot[Any], app: LumbarApp, *keys: str) -> None:
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_pinning_an_eased_dose_pins_the_dose_it_was_eased_from_and_eases_it_once(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Review of the first fix: p on a dose eased after pain (bird dog 4 reps, eased from
    5) pinned the 4, which the pain then eased again (3), and p, p (unpin, pin again)
    lowered the pin for good. The easing is lumbar's, for one session: p pins the dose it
    eased from, says so, and that session stays a step below it; p, p leaves the pin where
    it was. A lower pin is the person's explicit choice: e, the numbers, enter (not eased
    again: it is a step below the dose that brought the pain already)."""
    core_basics_with_pain_up(lumbar_home.db_path, builtin)
    app = make_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert (change(routine, "bird-dog"), routine.doses()["bird-dog"].reps) == ("down", 4)
        await pressed(pilot, app, "p")
        assert notices.texts()[-1] == (
            "Bird dog: pinned at 5 reps, 2 s at the top, each side; the next session is a step "
            "below it (4 reps, 2 s at the top, each side) after the pain last time."
        )
        assert pinned_reps(lumbar_home.db_path) == 5
        eased = (
            "pain went up last time (3 → 4): one step below your pin "
            "(5 reps, 2 s at the top, each side) this time; the pin stays"
        )
        assert note(routine) == f"Today: Bird dog ↓ 4 reps, 2 s at the top, each side: {eased}."
        for _ in range(2):  # unpin, pin again: the same pin, the same dose today
            await pressed(pilot, app, "p")
            assert routine.doses()["bird-dog"].reps == 4
        assert pinned_reps(lumbar_home.db_path) == 5
        assert routine.suggestions["bird-dog"].pinned
        editor = await editing(pilot, app)
        assert editor.query_one("#dose-reps", Input).value == "5", "the pin itself"
        editor.query_one("#dose-reps", Input).value = "4"
        await pilot.press("enter")
        await until(pilot, lambda: screen(app) is routine, "the routine", 30)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pinned_reps(lumbar_home.db_path) == 4
        assert (change(routine, "bird-dog"), routine.doses()["bird-dog"].reps) == ("pinned", 4)
        assert note(routine) == (
            "Today: Bird dog ⚑ 4 reps, 2 s at the top, each side: pain went up last time "
            "(3 → 4); pinned by you a step easier since: kept until you unpin it."
        )


async def test_pinning_a_dose_above_the_one_that_hurt_says_what_the_next_session_does(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Found by the lead: after pain 3 → 4 at 5 reps, the bird dog set to 8 reps (e) and
    pinned (p) said only "pinned at 8 reps", while the next session is 4 reps, a step below
    the dose done. The notice says what the suggestion read with the pin gives."""
    core_basics_with_pain_up(lumbar_home.db_path, builtin)
    app = make_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        routine = await opened(pilot, app, "core-basics")
        await reps_changed_to(pilot, app, routine, "8")
        await pressed(pilot, app, "p")
        assert pinned_reps(lumbar_home.db_path) == 8
        assert notices.texts()[-1] == (
            "Bird dog: pinned at 8 reps, 2 s at the top, each side; the next session is 4 reps, "
            "2 s at the top, each side after the pain last time, one step below what you did "
            "last time (5 reps, 2 s at the top, each side)."
        )
        assert routine.doses()["bird-dog"].reps == 4


async def test_a_pin_eased_after_pain_elsewhere_is_said_whole_at_80x24(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Found by review (M4): the bird dog done at 2 sets of 5 reps, 3 s in core basics,
    pinned at 8 reps, then hurt in strength foundation: the note's reason took 5 lines and
    was cut after "your pin (8 reps, 2 s at the top,", and said the dose on its line twice.
    Every word of it is on screen at 80x24."""
    db = open_database(lumbar_home.db_path)
    try:
        session(
            db,
            builtin,
            "core-basics",
            date.today() - timedelta(days=3),
            doses={"bird-dog": Dose(sets=2, reps=5, hold_s=3)},
        )
        pin_dose(db, "core-basics", "bird-dog", sets=1, reps=8, hold_s=2, duration_s=None)
        steps = expand(builtin.routines["strength-foundation"], builtin.exercises, 30)
        hurt = next(
            i for i, s in enumerate(steps) if s.kind == "work" and s.exercise_id == "bird-dog"
        )
        session(
            db,
            builtin,
            "strength-foundation",
            date.today() - timedelta(days=1),
            pain_during=((hurt, 6),),
        )
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "core-basics")
        said = note(routine)
        note_widget = routine.query_one("#doses-note", Static)
        shown = " ".join(line.strip() for line in shown_lines(note_widget) if line.strip())
        assert shown == said
        assert said == (
            "Today: Bird dog ↓ 4 reps, 2 s at the top, each side: pain rose to 6 from 3 during "
            "it last time, in Strength foundation at 5 reps, 2 s at the top, each side: one "
            "step below that; your pin (8 reps, 2 s at the top, each side) stays."
        )


async def test_an_eased_pin_reason_of_5_lines_is_said_whole_at_80x24(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """The doses note takes up to 5 lines: the bird dog pinned at 3 sets of 9 reps, 4 s in
    core basics, done there at 4 reps, 2 s; skipped in strength foundation (planned at
    3 sets of 8 reps, 4 s) where pain went up with no pain after. The reason, said against
    the dose planned there part by part, takes 5 lines at 80x24, every word on screen."""
    bird_dog = Dose(sets=3, reps=8, hold_s=4)
    db = open_database(lumbar_home.db_path)
    try:
        for back in (60, 8):
            session(
                db,
                builtin,
                "core-basics",
                date.today() - timedelta(days=back),
                doses={"bird-dog": Dose(sets=1, reps=4, hold_s=2)},
            )
        pin_dose(db, "core-basics", "bird-dog", sets=3, reps=9, hold_s=4, duration_s=None)
        routine = with_doses(builtin.routines["strength-foundation"], {"bird-dog": bird_dog})
        steps = expand(routine, builtin.exercises, 30)
        plank = next(
            i for i, s in enumerate(steps) if s.kind == "work" and s.exercise_id == "forearm-plank"
        )
        session(
            db,
            builtin,
            "strength-foundation",
            date.today() - timedelta(days=1),
            pain=(3, None),
            pain_during=((plank, 6),),
            doses={"bird-dog": bird_dog},
            skip="bird-dog",
        )
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine_screen = await opened(pilot, app, "core-basics")
        said = note(routine_screen)
        note_widget = routine_screen.query_one("#doses-note", Static)
        lines = [line.strip() for line in shown_lines(note_widget) if line.strip()]
        assert len(lines) == 5
        assert " ".join(lines) == said
        assert said == (
            "Today: Bird dog ↓ 3 reps, 2 s at the top, each side: pain went up last time "
            "(3 → 6, the last pain you reported), skipped in Strength foundation (planned at "
            "3 sets of 8 reps, 4 s at the top, each side): 2 sets fewer, 5 reps fewer and 2 s "
            "less at the top than that; your pin (3 sets of 9 reps, 4 s at the top, each "
            "side) stays."
        )


async def test_pain_since_and_a_gap_are_said_whole_at_80x24(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Review 2: the knee-to-chest last done three weeks ago a step above its start, back
    ten begun at pain 8 yesterday: the note says both the pain and the gap, every word on
    screen at 80x24."""
    knee = builtin.exercises["knee-to-chest"]
    up = Dose(sets=knee.dose.start.sets, reps=knee.dose.start.reps, hold_s=15)
    today = date.today()
    db = open_database(lumbar_home.db_path)
    try:
        session(
            db, builtin, "gentle-mobility", today - timedelta(days=21), doses={"knee-to-chest": up}
        )
        session(db, builtin, "back-ten", today - timedelta(days=1), pain=(8, None), left_at=0)
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        routine = await opened(pilot, app, "gentle-mobility")
        said = note(routine)
        lines = [
            line.strip()
            for line in shown_lines(routine.query_one("#doses-note", Static))
            if line.strip()
        ]
        assert " ".join(lines) == said
        assert said == (
            "Today: Knee-to-chest stretch ↓ 2 × 10 s hold, each side: pain was 8/10 at the "
            f"start of Back ten on {day_text(today - timedelta(days=1))}, and last done 3 "
            "weeks ago: one step easier to start back."
        )


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
            session(db, builtin, "gentle-mobility", date.today() - timedelta(days=back))
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
        session(db, builtin, "core-basics", date.today() - timedelta(days=2))
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
            session(db, builtin, "gentle-mobility", date.today() - timedelta(days=back))
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
    day = day_text(date.today())
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


async def test_the_pin_line_says_the_dose_the_screen_shows_after_a_newer_read(
    lumbar_home: Locations, builtin: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the lead: p on the bird dog eased after pain (4 reps, from 5) pins 5, and the
    next session stays a step below it. The pin's own read of the doses was dropped when a
    newer one began meanwhile (help opened and closed: the routine, shown again, reads its
    doses), and finishing first, its line described the doses read before the pin ("pinned
    at 5 reps", nothing of the 4 today), while the screen showed the newer read. The line
    waits for the read the screen shows, and says what it says."""
    import threading

    import tui.history

    core_basics_with_pain_up(lumbar_home.db_path, builtin)
    gates = {2: threading.Event(), 3: threading.Event()}  # the pin's read, the newer one
    calls = 0
    real = tui.history.routine_suggestions

    def held(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        gate = gates.get(calls)
        if gate is not None:
            gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(tui.history, "routine_suggestions", held)
    app = make_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert (change(routine, "bird-dog"), routine.doses()["bird-dog"].reps) == ("down", 4)
        await pilot.press("p")
        await until(pilot, lambda: calls == 2, "the pin's read", 30)
        await pilot.press("question_mark")
        await until(pilot, lambda: screen(app) is not routine, "help", 30)
        await pilot.press("escape")
        await until(pilot, lambda: calls == 3, "the newer read", 30)

        def pinning() -> bool:
            return any(w.group == "pins" and not w.is_finished for w in app.workers)

        gates[2].set()
        await until(pilot, lambda: not pinning(), "the pin's read done", 30)
        await pilot.pause()
        gates[3].set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = [n.message for n in notices.shown if n.title == "Pin"]
        assert lines == [
            "Bird dog: pinned at 5 reps, 2 s at the top, each side; the next session is a step "
            "below it (4 reps, 2 s at the top, each side) after the pain last time."
        ]
        assert routine.suggestions["bird-dog"].pinned
        assert routine.doses()["bird-dog"].reps == 4


async def test_two_quick_pins_are_both_told(
    lumbar_home: Locations, builtin: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review: a second p while the first pin was written cancelled the first's work: the
    pin was kept, and never said. Both are kept and said, written in the order pressed."""
    import threading

    from db import dose_pins

    real = dose_pins.pin_dose
    gates = [threading.Event(), threading.Event()]
    calls: list[str] = []

    def held(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[2])
        gates[len(calls) - 1].wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(dose_pins, "pin_dose", held)
    app = make_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert routine.highlighted_exercise() == "bird-dog"
        await pilot.press("p")
        await until(pilot, lambda: len(calls) == 1, "the first pin's write", 30)
        while routine.highlighted_exercise() != "glute-bridge":
            await pilot.press("down")
        await pilot.press("p")
        gates[0].set()
        await until(pilot, lambda: len(calls) == 2, "the second pin's write", 30)
        gates[1].set()

        def told() -> list[str]:
            return [n.message for n in notices.shown if n.title == "Pin"]

        await until(pilot, lambda: len(told()) == 2, "both pins said", 30)
        assert [line.split(":")[0] for line in told()] == ["Bird dog", "Glute bridge"]
        assert calls == ["bird-dog", "glute-bridge"]
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        assert set(pinned_doses(db, "core-basics")) == {"bird-dog", "glute-bridge"}
    finally:
        db.close()


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
            session(db, builtin, "gentle-mobility", date.today() - timedelta(days=back))
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


async def test_an_unpin_takes_back_the_line_of_a_pin_not_said_yet(
    lumbar_home: Locations, builtin: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pinned dose changed with e is pinned at the new numbers, its line waiting for the
    read of the doses after it; p unpins it before that read is done: the pin is gone, and
    only the unpin is said, not "pinned at 3 reps" after it."""
    import threading

    import tui.history
    from db import dose_pins

    start = builtin.exercises["bird-dog"].dose.start
    db = open_database(lumbar_home.db_path)
    try:
        pin_dose(
            db, "core-basics", "bird-dog", sets=1, reps=start.reps, hold_s=None, duration_s=None
        )
    finally:
        db.close()
    written = threading.Event()
    gate = threading.Event()
    gated: list[bool] = []
    write, read = dose_pins.pin_dose, tui.history.routine_suggestions

    def pinned(*args: Any, **kwargs: Any) -> None:
        write(*args, **kwargs)
        written.set()

    def held(*args: Any, **kwargs: Any) -> Any:
        if written.is_set() and not gated:  # the first read after the new pin: held
            gated.append(True)
            gate.wait(30)
        return read(*args, **kwargs)

    monkeypatch.setattr(dose_pins, "pin_dose", pinned)
    monkeypatch.setattr(tui.history, "routine_suggestions", held)
    app = make_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        routine = await opened(pilot, app, "core-basics")
        assert routine.highlighted_exercise() == "bird-dog"
        await reps_changed_to(pilot, app, routine, "3")
        await until(pilot, lambda: bool(gated), "the read after the new pin", 30)
        assert "Unpin" in footer_keys(routine)  # still shown pinned: p unpins
        await pilot.press("p")
        await until(pilot, lambda: not routine.suggestions["bird-dog"].pinned, "unpinned", 30)
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = [n.message for n in notices.shown if n.title == "Pin"]
        assert lines == ["Bird dog: unpinned; the suggested dose follows again."]
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        assert pinned_doses(db, "core-basics") == {}
    finally:
        db.close()


async def test_the_session_line_is_drawn_as_written_brackets_and_all(
    lumbar_home: Locations, user_catalog: Path
) -> None:
    """A session's lines are plain words, not markup: an exercise of one's own named "Wall
    sit [am]" lost its "[am]" in the line that its dose changed since shown."""
    from textual.widgets._toast import Toast

    (user_catalog / "mine.toml").write_text(
        """
[[exercise]]
id = "wall-sit"
name = "Wall sit [am]"
summary = "Builds the thighs without loading the back."
mode = "hold"
position = "standing"
purpose = "strength"
equipment = ["wall"]
muscles = ["quadriceps"]
steps = ["Lean your back on a wall.", "Slide down until the knees bend."]
cautions = ["Stop if your back hurts."]

[exercise.dose]
start = { hold_s = 10, reps = 3 }
target = { hold_s = 45, reps = 5 }

[[routine]]
id = "my-morning"
name = "My morning"
description = "A wall sit."
items = [{ exercise = "wall-sit" }]
"""
    )
    app = make_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=SIZE, notifications=True, message_hook=notices) as pilot:
        await opened(pilot, app, "my-morning")
        # as s sends it, had the screen shown 15 s holds (the session starts at 10 s)
        app.start_session("my-morning", shown={"wall-sit": Dose(sets=1, reps=3, hold_s=15)})
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain", 30)
        await pilot.press("3", "enter")

        def drawn() -> list[str]:
            return [str(t.render()) for t in app.screen.query(Toast)]

        await until(pilot, lambda: any("today" in t for t in drawn()), "the line drawn", 30)
        (line,) = [t for t in drawn() if "today" in t]
        assert "Wall sit [am] today: 3 × 10 s hold" in line, line
