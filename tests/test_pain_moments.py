"""Where a pain report is said to be for the exercise it counts for, read from the database
as the session screen writes it: during it (in a set, between its sets or its sides, even
when the session was left there), just before it, just after its last planned set."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from dose_sessions import session
from fake_clock import FakeClock
from pain_keys import answer, go_on_until, pain_before
from session_apps import quiet_app

from catalog import Catalog, load_catalog
from catalog.plan import expand
from db.clock import local_now
from db.connection import open_database
from tui.history import routine_suggestions
from tui.locations import Locations
from tui.screens.questions import NumberQuestion, PainAdviceScreen
from tui.widgets.number_input import NumberInput


def bird_dog_switch(catalog: Catalog) -> int:
    """The step index of core basics' first side switch of the bird dog (left done, right
    next)."""
    steps = expand(catalog.routines["core-basics"], catalog.exercises, 30)
    return next(
        i for i, s in enumerate(steps) if s.kind == "switch" and s.exercise_id == "bird-dog"
    )


def bird_dog_reason(lumbar_home: Locations, catalog: Catalog) -> str:
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        found = routine_suggestions(db, catalog.routines["core-basics"], catalog)
    finally:
        db.close()
    return found["bird-dog"].reason


def test_pain_in_the_side_switch_is_during_the_exercise(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Pain 8 between the bird dog's left and right sides, the right then done: during it,
    for its sides are one set (a report after its left side is not before it)."""
    db = open_database(lumbar_home.db_path)
    try:
        switch = bird_dog_switch(builtin)
        yesterday = local_now().date() - timedelta(days=1)
        session(db, builtin, "core-basics", yesterday, pain=(3, 3), pain_during=((switch, 8),))
    finally:
        db.close()
    assert bird_dog_reason(lumbar_home, builtin) == (
        "pain rose to 8 from 3 during it last time: one step easier"
    )


def test_pain_in_the_side_switch_with_the_session_left_there_is_during_it(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Pain 8 in the bird dog's side switch, and the session left there (no right side
    recorded, no pain after): during it, not "just after it" (its last set was never
    reached)."""
    db = open_database(lumbar_home.db_path)
    try:
        switch = bird_dog_switch(builtin)
        yesterday = local_now().date() - timedelta(days=1)
        session(
            db,
            builtin,
            "core-basics",
            yesterday,
            pain=(3, None),
            pain_during=((switch, 8),),
            left_at=switch + 1,
        )
    finally:
        db.close()
    assert bird_dog_reason(lumbar_home, builtin) == (
        "pain rose to 8 from 3 during it last time: one step easier"
    )


async def test_pain_between_two_sets_ended_there_is_during_the_exercise(
    lumbar_home: Locations, user_catalog: Path
) -> None:
    """Review: a routine of the glute bridge in two sets; pain 3; set 1 done; p 8 in the
    rest before set 2, then e (end the session). It said "just after it" of a bridge whose
    second set never came: it is during it."""
    (user_catalog / "mine.toml").write_text(
        '[[routine]]\nid = "bridges"\nname = "Bridges"\ndescription = "Two sets."\n'
        'items = [{ exercise = "glute-bridge", dose = { sets = 2, reps = 5, hold_s = 2 } }]\n',
        encoding="utf-8",
    )
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="bridges")
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await pain_before(pilot, "3")
        await pilot.press("space")

        def in_the_rest() -> bool:
            step = runner.live.engine.step
            return step.kind == "rest" and step.exercise_id == "glute-bridge"

        await go_on_until(pilot, clock, runner, in_the_rest)
        assert runner.live.engine.step.set_number == 1
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, NumberQuestion)
        await answer(pilot, "8")
        assert isinstance(app.screen, PainAdviceScreen)
        await pilot.press("e")  # end the session
        await pilot.pause()
        assert runner.live.over
        await app.workers.wait_for_complete()
    catalog = load_catalog(lumbar_home.catalog_dir)
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        found = routine_suggestions(db, catalog.routines["bridges"], catalog)
    finally:
        db.close()
    assert found["glute-bridge"].reason == (
        "pain rose to 8 from 3 during it last time: one step easier"
    )


@pytest.mark.parametrize(("typed", "kept"), [("", 7), ("6", 6)])
async def test_pain_after_a_last_exercise_skipped_for_pain_comes_filled_in(
    lumbar_home: Locations, user_catalog: Path, typed: str, kept: int
) -> None:
    """Review 5: the one bridge set, pain 7 (from 3) reported in it, the advice to skip it
    taken, which ends the session: pain after comes with the 7 filled in; enter keeps it,
    a digit replaces it."""
    (user_catalog / "mine.toml").write_text(
        '[[routine]]\nid = "bridge"\nname = "Bridge"\ndescription = "One set."\n'
        'items = [{ exercise = "glute-bridge", dose = { sets = 1, reps = 5, hold_s = 2 } }]\n',
        encoding="utf-8",
    )
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="bridge")
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await pain_before(pilot, "3")
        await pilot.press("space")
        await go_on_until(pilot, clock, runner, lambda: runner.live.engine.step.kind == "work")
        await pilot.press("p")
        await pilot.pause()
        await answer(pilot, "7")
        assert isinstance(app.screen, PainAdviceScreen)
        await pilot.press("s")  # skip the exercise: the last, so the session ends
        await pilot.pause()
        assert runner.live.over
        question = app.screen
        assert isinstance(question, NumberQuestion)
        assert question.query_one(NumberInput).value == "7"
        await pilot.press(*typed, "enter")
        await pilot.pause()
        assert runner.live.pain_after == kept
        await app.workers.wait_for_complete()
