"""What a set did, seen after it ends: its last rep is counted as it ends, in the same moment
the session moves on, so the step after it shows the set (the mat view's bar, the full view's
frame) for its first seconds; and what to do now (the tempo under the count) stays in sight
while a form warning shows, in every mat view."""

from __future__ import annotations

from typing import Any

import pytest
from fake_clock import FakeClock
from notices import hidden_cells
from session_apps import quiet_app, runner_of
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static
from waiting import until

from tui.app import LumbarApp
from tui.live.view import DONE_SHOWN_S
from tui.locations import Locations
from tui.screens.runner import RunnerScreen
from tui.widgets.big_clock import BigClock

TICK_S = 0.25


def shown(widget: Widget) -> bool:
    """In the layout and with room on screen (a function: each look is a new one)."""
    return bool(widget.display) and widget.region.height > 0


def text_of(runner: RunnerScreen, selector: str) -> str:
    return str(runner.query_one(selector, Static).render())


async def started(pilot: Pilot[Any], app: LumbarApp) -> RunnerScreen:
    """Core basics begun (the pain check skipped) and started with space."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("escape")  # the pain check
    await app.workers.wait_for_complete()
    runner = runner_of(app)
    await until(pilot, lambda: runner.live.ready, "the session to open", 30)
    await pilot.press("space")
    await until(pilot, lambda: runner.live.engine.phase == "running", "the start", 30)
    return runner


async def run_until(
    pilot: Pilot[Any], clock: FakeClock, holds: Any, what: str, limit_s: float = 120
) -> None:
    """The session's clock moved on a tick at a time until ``holds()`` (the app handles its
    messages every few ticks: the session's own tick runs with the clock)."""
    ran_s, ticks = 0.0, 0
    while not holds():
        assert ran_s < limit_s, f"{what} within {limit_s} s of the session"
        clock.advance(TICK_S)
        ran_s, ticks = ran_s + TICK_S, ticks + 1
        if ticks % 20 == 0:
            await pilot.pause()
    await pilot.pause()


async def test_the_mat_view_shows_a_sets_last_count_once_it_has_ended(
    lumbar_home: Locations,
) -> None:
    """QA at 80x24 on the mat: the bird dog's count went 3, 4, then at once "Bird dog, right
    side next · SWITCH SIDES"; the last frame of every set said 4 of 5, so a full set could
    not be told from one cut short (the summary said 5). The switch of sides shows the set
    done, 5 of 5, as a bar under its clock for its first seconds; then "Next" is back."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await started(pilot, app)
        engine = runner.live.engine
        await run_until(pilot, clock, lambda: engine.step.kind == "switch", "the switch")
        bar = runner.query_one("#mat-alert", Static)
        await until(pilot, lambda: shown(bar), "the bar of the set done", 30)
        words = text_of(runner, "#mat-alert")
        assert "DONE: 5 of 5 reps" in words, words
        assert "Bird dog, left side" in words, words
        assert hidden_cells(bar) == []
        assert hidden_cells(runner.query_one("#mat-clock")) == [], "the switch's clock"
        assert "SWITCH SIDES" in text_of(runner, "#mat-state")
        left_s = engine.view(clock.now).seconds_left or 0.0
        assert left_s > 0, "the switch goes on at its own time: nothing waits for the bar"
        await run_until(pilot, clock, lambda: engine.step.kind == "work", "the right side")
        assert engine.view(clock.now).step.side == "right"
        await until(pilot, lambda: not shown(bar), "the bar to go", 30)
        assert shown(runner.query_one("#mat-next")), "Next is back"


async def test_the_full_view_frames_its_figure_with_the_set_just_done(
    lumbar_home: Locations,
) -> None:
    """The full view too: on the frame round the switch's clock, in its first seconds."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await started(pilot, app)
        engine = runner.live.engine
        await run_until(pilot, clock, lambda: engine.step.kind == "switch", "the switch")
        big = runner.query_one("#run-big")
        await until(pilot, lambda: big.has_class("-done"), "the frame of the set done", 30)
        assert "Done: 5 of 5 reps" in str(big.border_title)
        await run_until(
            pilot, clock, lambda: engine.view(clock.now).elapsed_s >= DONE_SHOWN_S, "its time"
        )
        await until(pilot, lambda: not big.has_class("-done"), "the frame to go", 30)
        assert big.border_title is None


TEMPO_WORDS = ("LIFT", "HOLD", "LOWER", "PAUSE")


@pytest.mark.parametrize("size", [(80, 24), (80, 18), (40, 12)], ids=["80x24", "80x18", "40x12"])
async def test_a_form_warning_leaves_the_tempo_under_the_count_in_sight(
    lumbar_home: Locations, size: tuple[int, int]
) -> None:
    """QA: in the mat view the glute bridge's form warning took the place of "of 5 reps ·
    LIFT 2 s ...", the tempo's word (what to do now), for up to 8 s: most of a rep. In a
    short mat view the bar has one row and the words under the count keep theirs, with the
    tempo's word; the figure keeps its smallest size."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=size) as pilot:
        runner = await started(pilot, app)
        engine = runner.live.engine
        await run_until(
            pilot,
            clock,
            lambda: engine.step.exercise_id == "glute-bridge" and engine.step.kind == "work",
            "the glute bridge",
            limit_s=240,
        )
        # As the motion detector warns (the session keeps its last warning, by the time).
        runner.live.form_warning = (clock.now, "hips not level past 10°", "hips not level")
        clock.advance(TICK_S)
        await pilot.pause()
        bar, label = runner.query_one("#mat-alert", Static), runner.query_one("#mat-label")
        await until(pilot, lambda: shown(bar), "the warning", 30)
        assert "KEEP YOUR HIPS LEVEL." in text_of(runner, "#mat-alert")
        assert shown(label), "the words under the count"
        words = text_of(runner, "#mat-label")
        assert any(word in words for word in TEMPO_WORDS), words
        assert "of 5 reps" in words, words
        for part in (bar, label, runner.query_one("#mat-clock")):
            assert hidden_cells(part) == [], f"{part} is covered"
        assert label.region.bottom <= runner.query_one("#mat").region.bottom, "on screen"
        assert runner.query_one("#mat-figure").region.height >= 7


async def test_a_short_mat_view_gives_the_set_done_the_row_of_next(
    lumbar_home: Locations,
) -> None:
    """Merging the two: at 40x12 "Next" has a row where the words under the clock leave one
    (a rest), and the set done's bar takes a row too. The bar is in the place of "Next", as
    in every mat view: Next gave way to a form warning only, and with both the rest's clock
    lost rows. Once the bar goes, Next is back."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12)) as pilot:
        runner = await started(pilot, app)
        engine = runner.live.engine
        await run_until(pilot, clock, lambda: engine.step.kind == "rest", "the rest")
        bar, line = runner.query_one("#mat-alert", Static), runner.query_one("#mat-next")
        await until(pilot, lambda: shown(bar), "the bar of the set done", 30)
        assert "DONE: 5 of 5 reps" in text_of(runner, "#mat-alert")
        assert not shown(line), "Next, with the bar"
        figure = runner.query_one("#mat-clock", BigClock)
        assert figure.rows_tall() == 7
        for part in (bar, runner.query_one("#mat-label"), figure):
            assert hidden_cells(part) == [], f"{part} is covered"
        await run_until(
            pilot, clock, lambda: engine.view(clock.now).elapsed_s >= DONE_SHOWN_S, "its time"
        )
        assert engine.step.kind == "rest"
        await until(pilot, lambda: not shown(bar), "the bar to go", 30)
        await until(pilot, lambda: shown(line), "Next, back", 30)
        assert figure.rows_tall() == 7


def test_the_mat_views_bar_puts_the_verb_alone_in_capitals() -> None:
    """Review: a timed set read "✓ DONE: 30 S"; the amount stays as written ("30 s")."""
    from tui.live.view import SetDone
    from tui.widgets.session_views import done_text

    timed = SetDone("Done:", "30 s", "Walking", whole=True)
    assert str(done_text(timed, one_row=True)) == "✓ DONE: 30 s · Walking"
    reps = SetDone("Done:", "5 of 5 reps", "Bird dog, left side", whole=True)
    assert str(done_text(reps)).splitlines()[0] == "✓ DONE: 5 of 5 reps"
