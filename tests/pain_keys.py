"""The keys of a person answering a session's questions, for the pain stories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fake_clock import FakeClock
from textual.pilot import Pilot

from tui.screens.runner import RunnerScreen


async def pain_before(pilot: Pilot[Any], level: str) -> RunnerScreen:
    """The session opened, its pain check answered ``level``; its runner."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    await answer(pilot, level)
    await app.workers.wait_for_complete()
    return next(s for s in app.screen_stack if isinstance(s, RunnerScreen))


async def answer(pilot: Pilot[Any], text: str) -> None:
    """``text`` then enter; none: escape, which skips a question (enter alone does not)."""
    if text:
        await pilot.press(*text, "enter")
    else:
        await pilot.press("escape")
    await pilot.pause()


async def go_on_until(
    pilot: Pilot[Any], clock: FakeClock, runner: RunnerScreen, there: Callable[[], bool]
) -> None:
    """The session on, a second at a time, each rep keyed (r) as the person does it. The
    app is let run (and draw) after a key, a step or phase begun, another screen, and before
    ``there`` is looked at: the seconds between, a countdown running, are ticked all the
    same, undrawn (a frame each cost most of these stories' CPU): ``there`` reads the engine, not
    the screen."""
    for _ in range(3000):
        engine = runner.live.engine
        if there():
            await pilot.pause()
            if there():
                return
        moment = (engine.index, engine.phase, pilot.app.screen)
        if engine.phase == "running" and engine.step.kind == "work" and engine.mode == "reps":
            await pilot.press("r")
        clock.advance(1)
        if (engine.index, engine.phase, pilot.app.screen) != moment:
            await pilot.pause()
    engine = runner.live.engine
    raise AssertionError(f"the session never got there: {engine.phase}, {engine.step}")
