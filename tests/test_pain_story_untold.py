"""No pain after: pain given in the session (at the pain check or reported mid-session)
counts for every exercise done in it, whatever ended it, and none steps up when that pain
was high or rose. The keys of a person in the session screen on a fake clock, a real SQLite
file, then `lumbar routines show`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from dose_sessions import session
from fake_clock import FakeClock
from pain_keys import answer, go_on_until, pain_before
from session_apps import quiet_app
from textual.pilot import Pilot

from catalog import Catalog
from db.clock import local_now
from db.connection import open_database
from db.read_model import read_session
from tui.cli import main
from tui.history import routine_suggestions
from tui.locations import Locations
from tui.screens.questions import NoteQuestion, NumberQuestion, PainAdviceScreen
from tui.screens.runner import RunnerScreen
from tui.screens.summary import SummaryScreen

BIRD_DOG_DOWN = (
    "**Bird dog**: 5 reps, 2 s at the top, each side — pain went up last time "
    "(3 → 8, the last pain you reported): one step easier."
)
"""Done fully at 6 reps (a step up) before the pain: eased by the last pain reported, said
as such."""


def due_a_step_up(home: Locations, catalog: Catalog) -> None:
    """Core basics done fully without more pain on three days since seven weeks ago (its
    pace: after 6 weeks), the last this week: every exercise is due a step up."""
    db = open_database(home.db_path)
    try:
        for days in (50, 10, 3):
            session(
                db, catalog, "core-basics", local_now().date() - timedelta(days=days), pain=(3, 3)
            )
        due = routine_suggestions(db, catalog.routines["core-basics"], catalog)
        assert {s.change for s in due.values()} == {"up"}
    finally:
        db.close()


def in_rest_after(exercise_id: str) -> Callable[[RunnerScreen], bool]:
    def there(runner: RunnerScreen) -> bool:
        step = runner.live.engine.step
        return step.kind == "rest" and step.set_number == 0 and step.exercise_id == exercise_id

    return there


async def pain_8_in_the_rest(pilot: Pilot[Any]) -> None:
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NumberQuestion)
    await answer(pilot, "8")
    advice = pilot.app.screen
    assert isinstance(advice, PainAdviceScreen)
    assert advice.advice.advice == "stop-exercise"


LAST_REPORTED = "pain went up last time (3 → 8, the last pain you reported): one step easier"
JUST_BEFORE = "pain rose to 8 from 3 just before it last time: one step easier"
NOT_REACHED = (
    "pain rose to 8 from 3 in your last session, which ended before this one: one step easier"
)


@pytest.mark.parametrize(
    ("ending", "status", "bridge", "plank"),
    [
        # The bridge skipped at 6 reps, the plank done at 15 s holds after it.
        (
            "skip-and-finish",
            "completed",
            f"5 reps, 2 s at the top — {JUST_BEFORE}",
            f"3 × 10 s hold — {LAST_REPORTED}",
        ),
        # The plank, the last exercise, skipped: the session ends there.
        (
            "skip-the-last",
            "ended-early",
            f"5 reps, 2 s at the top — {LAST_REPORTED}",
            f"3 × 10 s hold — {JUST_BEFORE}",
        ),
        # The plank never reached: last done at 10 s holds.
        (
            "carry-on-then-q",
            "ended-early",
            f"5 reps, 2 s at the top — {JUST_BEFORE}",
            f"3 × 5 s hold — {NOT_REACHED}",
        ),
        (
            "carry-on-then-closed",
            "interrupted",
            f"5 reps, 2 s at the top — {JUST_BEFORE}",
            f"3 × 5 s hold — {NOT_REACHED}",
        ),
    ],
    ids=["skip-and-finish", "skip-the-last", "carry-on-then-q", "carry-on-then-closed"],
)
async def test_the_last_pain_reported_counts_for_every_exercise_when_none_is_given_after(
    lumbar_home: Locations,
    builtin: Catalog,
    capsys: pytest.CaptureFixture[str],
    ending: str,
    status: str,
    bridge: str,
    plank: str,
) -> None:
    """Pain 3 before; the bird dog done fully; pain 8 in the rest after it (or after the
    bridge); then the advice's enter (skip the next exercise) and the session finished, or
    carry on and q, or lumbar closed mid-set; no pain after. The 8 counts for every exercise:
    the bird dog, done before it, steps down too, and the bridge's 8, reported in the rest
    before it, is said "just before it". (Review: the bird dog stepped up, as only a session
    ended for pain counted its pain for every exercise; the bridge's 8 was "during it".)"""
    due_a_step_up(lumbar_home, builtin)
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await pain_before(pilot, "3")
        await pilot.press("space")
        after = "glute-bridge" if ending == "skip-the-last" else "bird-dog"
        await go_on_until(pilot, clock, runner, lambda: in_rest_after(after)(runner))
        await pain_8_in_the_rest(pilot)
        if ending.startswith("skip"):
            await pilot.press("enter")  # the advice's default: skip the next exercise
            await pilot.pause()
            if not runner.live.over:  # paused a moment before the next exercise
                await pilot.press("space")
            await go_on_until(pilot, clock, runner, lambda: runner.live.over)
        else:
            await pilot.press("c")  # carry on, into the bridge
            await pilot.pause()
            await go_on_until(pilot, clock, runner, lambda: runner.live.engine.step.kind == "work")
            clock.advance(3)
            await pilot.pause()
        if ending != "carry-on-then-closed":
            if ending == "carry-on-then-q":
                await pilot.press("q", "y")
                await pilot.pause()
            assert runner.live.over
            assert isinstance(app.screen, NumberQuestion)  # pain after: asked, not given
            await answer(pilot, "")
            assert isinstance(app.screen, NoteQuestion)
            await answer(pilot, "")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
        session_id = runner.session_id
        assert session_id is not None
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        stored = read_session(db, session_id)
    finally:
        db.close()
    assert stored is not None
    assert (stored.row.status, stored.row.pain_before, stored.row.pain_after) == (status, 3, None)
    capsys.readouterr()
    assert main(["routines", "show", "core-basics"]) == 0
    shown = capsys.readouterr().out
    assert BIRD_DOG_DOWN in shown
    assert f"**Glute bridge**: {bridge}." in shown
    assert f"**Forearm plank**: {plank}." in shown
    assert main(["routines", "show", "core-basics", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert {i["exercise"]: i["today"]["change"] for i in items} == dict.fromkeys(
        ("bird-dog", "glute-bridge", "forearm-plank"), "down"
    ), "none steps up: the 8 counts for every exercise"


NO_AFTER_BEFORE_8 = "pain was 8/10 before the session last time, no pain after given"
NO_AFTER_8_THEN_4 = "pain was 8/10 last time during the session, no pain after given"


async def finish_without_pain_after(
    pilot: Pilot[Any], clock: FakeClock, runner: RunnerScreen
) -> None:
    """The session gone on to its end, every rep keyed; pain after skipped, no note."""
    app = pilot.app
    await go_on_until(pilot, clock, runner, lambda: runner.live.over)
    assert isinstance(app.screen, NumberQuestion)  # pain after: asked, not given
    await answer(pilot, "")
    assert isinstance(app.screen, NoteQuestion)
    await answer(pilot, "")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)


def shown_today(capsys: pytest.CaptureFixture[str]) -> tuple[str, dict[str, str]]:
    """`lumbar routines show core-basics`: its text, and each exercise's change."""
    capsys.readouterr()
    assert main(["routines", "show", "core-basics"]) == 0
    shown = capsys.readouterr().out
    assert main(["routines", "show", "core-basics", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    return shown, {i["exercise"]: i["today"]["change"] for i in items}


async def test_pain_8_before_gone_on_gently_and_no_pain_after_steps_nothing_up(
    lumbar_home: Locations, builtin: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review: pain 8 at the pain check, "go on gently", every exercise done, pain after
    skipped: skipping the question must not earn a harder dose than giving 8 after would
    (which steps every exercise down). Pain before counts then, said as such."""
    due_a_step_up(lumbar_home, builtin)
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await pain_before(pilot, "8")
        assert isinstance(app.screen, PainAdviceScreen)
        assert app.screen.advice.advice == "rest-today"
        await pilot.press("c")  # go on gently
        await pilot.pause()
        await pilot.press("space")
        await finish_without_pain_after(pilot, clock, runner)
        session_id = runner.session_id
        assert session_id is not None
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        stored = read_session(db, session_id)
    finally:
        db.close()
    assert stored is not None
    assert (stored.row.status, stored.row.pain_before, stored.row.pain_after) == (
        "completed",
        8,
        None,
    )
    shown, changes = shown_today(capsys)
    assert changes == dict.fromkeys(("bird-dog", "glute-bridge", "forearm-plank"), "down")
    assert f"**Bird dog**: 5 reps, 2 s at the top, each side — {NO_AFTER_BEFORE_8}" in shown


async def test_pain_8_then_4_with_no_pain_before_or_after_steps_nothing_up(
    lumbar_home: Locations, builtin: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review: pain before skipped; the bird dog done fully; 8 reported with p in the rest
    after it (carry on), 4 in the rest after the bridge; pain after skipped. The bird dog,
    done before the 8, must not step up because the last pain reported (4) is under 7: the 8
    counts for it, said as reported during the session."""
    due_a_step_up(lumbar_home, builtin)
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await pain_before(pilot, "")
        await pilot.press("space")
        await go_on_until(pilot, clock, runner, lambda: in_rest_after("bird-dog")(runner))
        await pain_8_in_the_rest(pilot)
        await pilot.press("c")  # carry on, into the bridge
        await pilot.pause()
        await go_on_until(pilot, clock, runner, lambda: in_rest_after("glute-bridge")(runner))
        await pilot.press("p")
        await pilot.pause()
        await answer(pilot, "4")
        assert isinstance(app.screen, PainAdviceScreen)
        assert app.screen.advice.advice == "your-call"
        await pilot.press("c")  # carry on
        await pilot.pause()
        await finish_without_pain_after(pilot, clock, runner)
        session_id = runner.session_id
        assert session_id is not None
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        stored = read_session(db, session_id)
    finally:
        db.close()
    assert stored is not None
    assert (stored.row.pain_before, stored.row.pain_after) == (None, None)
    shown, changes = shown_today(capsys)
    assert changes == dict.fromkeys(("bird-dog", "glute-bridge", "forearm-plank"), "down")
    assert f"**Bird dog**: 5 reps, 2 s at the top, each side — {NO_AFTER_8_THEN_4}" in shown
