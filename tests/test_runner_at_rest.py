"""A session's screen does no work when nothing it shows has changed: its tick comes ten times
a second, and drawing the same view again laid out and drew the whole screen each time (a
paused session on a laptop kept a core busy, and every test that ran one paid for it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fake_clock import FakeClock
from session_apps import quiet_app, runner_of
from textual import messages
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar
from waiting import until

from tui.locations import Locations
from tui.screens.questions import NumberQuestion

TICKS = 10


@pytest.mark.parametrize("mat_view", [False, True], ids=["full-view", "mat-view"])
@pytest.mark.parametrize(
    ("paused", "tick_s"),
    [(False, 0.0), (True, 0.0), (True, 0.1), (False, 0.001)],
    ids=["running-still", "paused", "paused-in-time", "running-less-than-shows"],
)
async def test_ticks_that_change_nothing_draw_nothing(
    lumbar_home: Locations, mat_view: bool, paused: bool, tick_s: float
) -> None:
    """Running on a clock that stands still, or paused, or running for less time than the
    view shows (its clock shows whole seconds, the step's progress bar half a cell: a tenth
    of a second of the session at 80 columns): the ticks after the first draw ask for no
    layout and no repaint of any widget."""
    clock = FakeClock()
    drawn: list[Message] = []

    def hook(message: Message) -> None:
        if isinstance(message, (messages.Layout, messages.Update)):
            drawn.append(message)

    def quiet() -> Callable[[], bool]:
        """Whether nothing was drawn over the last three looks (a frame asked for before
        may come a while later on a busy machine: CI drew the half second's bar in the
        ticks that follow, and the test failed)."""
        looks = [len(drawn), 0]

        def held() -> bool:
            if len(drawn) != looks[0]:
                looks[:] = [len(drawn), 0]
                return False
            looks[1] += 1
            return looks[1] >= 3

        return held

    app = quiet_app(lumbar_home, clock, mat_view=mat_view)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "the pain check", 30)
        await pilot.press("3", "enter")
        runner = runner_of(app)
        screen: Screen[Any] = runner
        await until(pilot, lambda: app.screen is screen, "the session", 30)
        await pilot.press("space")  # started (the clock stands still)
        if paused:
            await pilot.press("space")
        # The flash at the change goes, and the screen is drawn as it now is (a bar that
        # moves off nothing is drawn again, however little it moves).
        await until(pilot, lambda: not runner.query(".flash"), "the flash to go", 30)
        clock.advance(0.5 if tick_s else 0)  # mid-second: its clock shows whole seconds
        await until(pilot, quiet(), "the screen drawn as it now is", 30)
        state = runner.live.view(clock(), None).state
        assert state == ("paused" if paused else "ready")
        bar = runner.query_one("#run-bar", ProgressBar)
        drawn.clear()
        for tick in range(TICKS):
            clock.advance(tick_s)
            # Textual's bar estimates its time left each second of real time and redraws
            # when that moves, though the session's shows none: on a busy machine the
            # estimate moved among these ticks and CI saw the bar drawn. As it does then:
            bar._display_eta = 100 - tick
            await pilot.pause()
        assert drawn == []


def test_the_bar_is_drawn_again_where_textuals_bar_draws_more() -> None:
    """Textual's bar keeps the whole half cells below its progress: the session's is drawn
    again as soon as that moves, not half a half-cell later (it rounded, so it lagged)."""
    from types import SimpleNamespace

    from textual.widgets._progress_bar import Bar

    from tui.widgets.session_views import bar_drawn

    for cells in (10, 37, 78):
        bar = SimpleNamespace(size=SimpleNamespace(width=cells))
        for step in range(1001):
            progress = step / 1000
            textuals = Bar._validate_percentage(bar, progress)  # type: ignore[arg-type]
            assert textuals is not None
            assert bar_drawn(progress, cells)[0] == round(textuals * cells * 2), (cells, step)
