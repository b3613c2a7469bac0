"""The mat view's touch targets (a finger on a tablet, or a mouse) do what their keys do,
say what they do now, and are refused where their keys are."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from fake_clock import FakeClock
from footer_keys import footer_keys
from session_apps import quiet_app, runner_of
from textual.geometry import Region
from textual.pilot import Pilot
from waiting import until

from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens.questions import NumberQuestion
from tui.screens.runner import RunnerScreen
from tui.widgets.session_views import REP_WORDS
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


def shown(runner: RunnerScreen, target: str) -> bool:
    """The target is in sight; one in sight can be pressed, one out of sight cannot (no
    greyed target: a person on a mat or at a tablet cannot tell it from one that works)."""
    button = runner.query_one(f"#{target}", TouchTarget)
    assert button.visible is not button.disabled, f"{target} in sight: pressable"
    return button.visible


TARGETS = ("touch-toggle", "touch-rep", "touch-next")
TARGET_KEYS = {"Start", "Pause", "Resume", "Next", *REP_WORDS}
"""The footer's words of the keys the targets press."""


def targets_shown(runner: RunnerScreen) -> list[str]:
    """The targets there to tap, by their words, left to right."""
    return [label(runner, target) for target in TARGETS if shown(runner, target)]


def footer_offers(runner: RunnerScreen) -> list[str]:
    """The footer's keys that a target presses, by their words, in the footer's order."""
    return [words for words in footer_keys(runner) if words in TARGET_KEYS]


async def test_the_targets_start_count_and_go_on_without_a_key(lumbar_home: Locations) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        (runner,) = [s for s in app.screen_stack if isinstance(s, RunnerScreen)]
        assert isinstance(app.screen, NumberQuestion)
        assert targets_shown(runner) == [], "nothing to start before the pain check"
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert runner.mat
        assert targets_shown(runner) == ["Start"]
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
        assert targets_shown(runner) == ["Resume", "Next"], "no rep is counted while paused"
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


async def test_a_paused_hold_hides_its_target_and_gives_it_back_on_resume(
    lumbar_home: Locations, user_catalog: Path
) -> None:
    """Paused in a hold, the middle target was greyed (h95: named for what it does once the
    session runs on); a new user's trial: buttons and the footer's keys must agree, and the
    footer has no enter while paused. It goes, and comes back as the hold's on resuming."""
    app = quiet_app(lumbar_home, FakeClock(), planks(user_catalog, 1), mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await holding(pilot)
        assert targets_shown(runner) == ["Pause", "Hold done", "Next"]
        await tap(pilot, "touch-toggle")
        assert runner.live.engine.phase == "paused"
        # The footer is built again a refresh or more after the pause: waited for, as agree()
        # below does, then the targets and the footer asserted to agree.
        await until(pilot, lambda: footer_offers(runner) == ["Resume", "Next"], "paused keys", 30)
        assert targets_shown(runner) == ["Resume", "Next"] == footer_offers(runner)
        await tap(pilot, "touch-toggle")
        assert targets_shown(runner) == ["Pause", "Hold done", "Next"]


async def test_a_hold_paused_between_its_holds_gives_back_start_hold_on_resume(
    lumbar_home: Locations, user_catalog: Path
) -> None:
    """Review h99 of 87460c5: between two holds the middle target starts the next one; paused
    there it goes (enter does nothing), and comes back saying "Start hold", not "Hold done"."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, planks(user_catalog, 3), mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await holding(pilot)
        clock.advance(1.0)
        await tap(pilot, "touch-rep")  # the first hold done: the breath before the second
        await until(pilot, lambda: label(runner, "touch-rep") == "Start hold", "the breath", 30)
        await tap(pilot, "touch-toggle")
        assert runner.live.engine.phase == "paused"
        assert not shown(runner, "touch-rep")
        await tap(pilot, "touch-toggle")
        assert targets_shown(runner) == ["Pause", "Start hold", "Next"]


async def test_the_targets_are_the_footers_keys_at_every_moment(lumbar_home: Locations) -> None:
    """Found by a new user: in a rest the "Rep" target was drawn as if it counted (it does
    nothing there), and before the start a "Go now" target stood where the footer had no such
    key (and the footer offered n, which does nothing before the start). A target is there only
    while its key does something, as the footer shows the key; a tap where one is gone does
    nothing, and the others keep their places."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        runner = runner_of(app)
        await pilot.press("escape")  # the pain check, skipped
        await app.workers.wait_for_complete()
        await pilot.pause()
        engine = runner.live.engine

        def step_kind() -> str:
            return engine.step.kind

        places: dict[str, Region] = {}

        async def agree(expected: list[str], moment: str) -> None:
            await until(pilot, lambda: footer_offers(runner) == expected, moment, 30)
            assert targets_shown(runner) == expected, moment
            for target in TARGETS:
                region = runner.query_one(f"#{target}").region
                if shown(runner, target):
                    assert places.setdefault(target, region) == region, f"{target}: {moment}"

        async def tap_where(target: str) -> None:
            """A tap where the target stands when it is there."""
            place = places[target]
            await pilot.click(offset=(place.x + place.width // 2, place.y + place.height // 2))

        await agree(["Start"], "before the start")
        await tap(pilot, "touch-toggle")
        await agree(["Pause", "Go now", "Next"], "the get-ready")
        await tap(pilot, "touch-toggle")
        await agree(["Resume", "Next"], "paused in the get-ready")
        await tap_where("touch-rep")
        assert (engine.phase, step_kind()) == ("paused", "ready"), "a tap on no target"
        await tap(pilot, "touch-toggle")
        await tap(pilot, "touch-rep")
        await agree(["Pause", "Rep", "Next"], "a set of reps")
        while step_kind() != "rest":
            await pilot.press("n")
        await agree(["Pause", "Next"], "a rest")
        rest = engine.index
        await tap_where("touch-rep")  # where "Rep" was drawn as if it counted
        assert (engine.phase, engine.index) == ("running", rest), "a tap on no target"
        while step_kind() != "work" or engine.mode != "hold":
            await pilot.press("n")
        await agree(["Pause", "Hold done", "Next"], "a hold")
        await tap(pilot, "touch-toggle")
        await agree(["Resume", "Next"], "paused in a hold")
