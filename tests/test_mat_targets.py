"""The mat view's touch targets (a finger on a tablet, or a mouse) do what their keys do,
say what they do now, and are refused where their keys are."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from fake_clock import FakeClock
from session_apps import quiet_app, runner_of
from textual.pilot import Pilot
from waiting import until

from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens.questions import NumberQuestion
from tui.screens.runner import RunnerScreen
from tui.widgets.touch import TouchTarget


async def tap(pilot: Pilot[Any], target: str) -> None:
    """Click the target, as a tap does, and wait until it can be pressed again (a button
    takes no second press while it shows the first: no double count from a shaky finger)."""
    await pilot.click(f"#{target}")
    button = pilot.app.screen.query_one(f"#{target}", TouchTarget)
    await until(pilot, lambda: not button.has_class("-active"), "the press shown", 30)


def label(runner: RunnerScreen, target: str) -> str:
    return str(runner.query_one(f"#{target}", TouchTarget).label)


def disabled(runner: RunnerScreen, target: str) -> bool:
    return runner.query_one(f"#{target}", TouchTarget).disabled


async def test_the_targets_start_count_and_go_on_without_a_key(lumbar_home: Locations) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        (runner,) = [s for s in app.screen_stack if isinstance(s, RunnerScreen)]
        assert isinstance(app.screen, NumberQuestion)
        assert disabled(runner, "touch-toggle"), "nothing to start before the pain check"
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert runner.mat
        assert (label(runner, "touch-toggle"), disabled(runner, "touch-rep")) == ("Start", True)
        await tap(pilot, "touch-toggle")
        assert runner.live.engine.phase == "running"
        assert (label(runner, "touch-toggle"), label(runner, "touch-rep")) == ("Pause", "Go now")
        await tap(pilot, "touch-rep")  # the get-ready: go now
        assert label(runner, "touch-rep") == "Rep"
        for _ in range(2):
            clock.advance(0.5)  # a person's taps: never the one that started the set, again
            await tap(pilot, "touch-rep")
        assert runner.live.engine.view(clock()).reps_done == 2
        await tap(pilot, "touch-toggle")
        assert (runner.live.engine.phase, label(runner, "touch-toggle")) == ("paused", "Resume")
        assert disabled(runner, "touch-rep"), "no rep is counted while paused"
        await tap(pilot, "touch-toggle")
        await tap(pilot, "touch-next")  # the rest of the set left: saved as skipped
        assert runner.live.engine.step.kind == "switch"
        assert app.focused is None or not isinstance(app.focused, TouchTarget)


def planks(user_catalog: Path, holds: int) -> str:
    """A routine of one set of forearm-plank holds, in the user's catalog; its id."""
    (user_catalog / "mine.toml").write_text(
        '[[routine]]\nid = "planks"\nname = "Planks"\ndescription = "Holds."\n'
        'items = [{ exercise = "forearm-plank", '
        f"dose = {{ sets = 1, reps = {holds}, hold_s = 20 }} }}]\n",
        encoding="utf-8",
    )
    return "planks"


async def holding(pilot: Pilot[Any]) -> RunnerScreen:
    """The pain check answered, the session started and its first hold begun, by taps."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    runner = runner_of(cast(LumbarApp, app))
    await pilot.press("escape")  # the pain check, skipped
    await app.workers.wait_for_complete()
    await pilot.pause()
    await tap(pilot, "touch-toggle")
    await tap(pilot, "touch-rep")  # the get-ready: go now
    assert runner.live.engine.mode == "hold"
    return runner


async def test_a_paused_hold_keeps_its_target_named_for_the_hold(
    lumbar_home: Locations, user_catalog: Path
) -> None:
    """Found trying the mat view (h95): paused in a hold, the greyed middle target read "Rep",
    which a hold has none of; it says what it does once the session runs on."""
    app = quiet_app(lumbar_home, FakeClock(), planks(user_catalog, 1), mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await holding(pilot)
        assert (label(runner, "touch-rep"), disabled(runner, "touch-rep")) == ("Hold done", False)
        await tap(pilot, "touch-toggle")
        assert runner.live.engine.phase == "paused"
        assert (label(runner, "touch-rep"), disabled(runner, "touch-rep")) == ("Hold done", True)


async def test_a_hold_paused_between_its_holds_names_what_its_target_will_do(
    lumbar_home: Locations, user_catalog: Path
) -> None:
    """Review h99 of 87460c5: paused in the breath between two holds of a set, the greyed
    target read "Hold done", while what it does there once the session runs on is "Start
    hold" (what it said the moment before the pause)."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, planks(user_catalog, 3), mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await holding(pilot)
        clock.advance(1.0)
        await tap(pilot, "touch-rep")  # the first hold done: the breath before the second
        await until(pilot, lambda: label(runner, "touch-rep") == "Start hold", "the breath", 10)
        await tap(pilot, "touch-toggle")
        assert runner.live.engine.phase == "paused"
        assert (label(runner, "touch-rep"), disabled(runner, "touch-rep")) == ("Start hold", True)
