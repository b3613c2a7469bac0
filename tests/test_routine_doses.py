"""The routine screen's doses: the reason for the highlighted exercise, ``e`` to change a
dose for the next session, and the doses a read-only database shows."""

from __future__ import annotations

from typing import Any

import pytest
from footer_keys import footer_keys
from notices import Notices
from routine_screens import (
    SIZE,
    change,
    core_basics_with_pain_up,
    editing,
    make_app,
    note,
    opened,
    reps_changed_to,
    routines_show,
    screen,
)
from textual import events
from textual.widgets import Input, Static
from waiting import until

from catalog import Catalog
from db.connection import open_database
from db.dose_pins import pinned_doses
from db.errors import DatabaseProblem
from tui.locations import Locations
from tui.screens.dose_editor import DoseEditor
from tui.screens.questions import NumberQuestion
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen


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
