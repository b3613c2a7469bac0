"""A session's screen does no work when nothing it shows has changed: its tick comes ten times
a second, and drawing the same view again laid out and drew the whole screen each time (a
paused session on a laptop kept a core busy, and every test that ran one paid for it)."""

from __future__ import annotations

from typing import Any

import pytest
from fake_clock import FakeClock
from session_apps import quiet_app, runner_of
from textual import messages
from textual.message import Message
from textual.screen import Screen
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

    app = quiet_app(lumbar_home, clock, mat_view=mat_view)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, NumberQuestion)
        await pilot.press("3", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        runner = runner_of(app)
        screen: Screen[Any] = app.screen
        assert screen is runner
        await pilot.press("space")  # started (the clock stands still)
        if paused:
            await pilot.press("space")
        # The flash at the change goes, and the screen is drawn as it now is (a bar that
        # moves off nothing is drawn again, however little it moves).
        await until(pilot, lambda: not runner.query(".flash"), "the flash to go", 30)
        clock.advance(0.5 if tick_s else 0)  # mid-second: its clock shows whole seconds
        await pilot.pause()
        state = runner.live.view(clock(), None).state
        assert state == ("paused" if paused else "ready")
        drawn.clear()
        for _ in range(TICKS):
            clock.advance(tick_s)
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
