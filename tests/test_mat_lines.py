"""The lines for the person (toasts) in the mat view: each one up is seen, in the rows the
mat view keeps above the exercise's row, and one that a newer line covered comes back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from dose_sessions import session
from fake_clock import FakeClock
from notices import Notices, hidden_cells
from session_apps import quiet_app, runner_of
from textual.pilot import Pilot
from textual.widget import Widget
from waiting import until

from catalog import Catalog, load_catalog
from db.clock import local_now
from db.connection import open_database
from tui.app import LumbarApp
from tui.coach.player import BELL_REMAINS, CuePlayer
from tui.doses import CHANGED_TITLE
from tui.locations import Locations
from tui.screens.questions import NumberQuestion
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen
from tui.settings import Settings
from tui.widgets.mat_lines import IN_VIEW, TWO_LINES

NO_SOUND = f"No sound: {BELL_REMAINS}"


def lines_drawn(runner: RunnerScreen) -> list[str]:
    """The first row of each toast drawn where the person sees it, top to bottom: its title
    (for a line alone: its title, then the start of its words on the next row)."""
    drawn: list[str] = []
    for y in range(2):
        top, _ = runner.get_widget_at(2, y)
        if type(top).__name__ == "Toast" and top.region.y == y:
            drawn.append(top.render_line(0).text.strip())
    return drawn


async def dose_changed_without_sound(
    pilot: Pilot[Any], app: LumbarApp, home: Locations, builtin: Catalog, size: tuple[int, int]
) -> RunnerScreen:
    """The routine screen (at 80x24, its least) shows a dose stepped up; a session
    elsewhere, begun at pain 8, eases it before s; the coach finds no sound device: two
    lines at the session's start, in a terminal of ``size``."""
    app.open_routine("gentle-mobility")
    await until(pilot, lambda: isinstance(app.screen, RoutineScreen), "the routine", 30)
    routine = app.screen
    assert isinstance(routine, RoutineScreen)
    await until(pilot, lambda: "knee-to-chest" in routine.suggestions, "its doses read", 30)
    await app.workers.wait_for_complete()
    assert routine.suggestions["knee-to-chest"].change == "up"
    db = open_database(home.db_path)
    try:
        session(db, builtin, "back-ten", local_now().date(), pain=(8, 8))
    finally:
        db.close()
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "the pain check", 30)
    await pilot.resize_terminal(*size)
    await pilot.press("3", "enter")
    runner = next(s for s in app.screen_stack if isinstance(s, RunnerScreen))
    await until(pilot, lambda: len(runner.query("Toast")) == 2, "both lines", 30)
    return runner


def no_sound_app(home: Locations) -> LumbarApp:
    """lumbar in the mat view with a coach that finds no sound device; its lines stay up
    (a toast goes after some seconds of real time, which a busy machine may take to reach a
    check: when a line goes is Textual's, what shows then is tested)."""

    def no_device(settings: Settings, session_clock: Any) -> CuePlayer:
        # WebAudio exists only in a browser: no device to play on, as with no sound card.
        return CuePlayer(mode="voice", clock=session_clock, backends=("WEBAUDIO",))

    clock = FakeClock()
    app = LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=True, mat_view=True),
        locations=home,
        clock=clock,
        ticks=clock,
        coach=no_device,
    )
    notify = app.notify

    def lasting(*args: Any, **kwargs: Any) -> None:
        notify(*args, **{**kwargs, "timeout": 3600})

    app.notify = lasting  # type: ignore[method-assign]
    return app


def covered(runner: RunnerScreen) -> list[str]:
    parts = ("#mat-top", "#mat-clock", "#mat-label")
    return [p for p in parts if hidden_cells(runner.query_one(p, Widget))]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_a_dose_changed_and_no_sound_are_both_seen_in_the_mat_view(
    lumbar_home: Locations, builtin: Catalog, size: tuple[int, int]
) -> None:
    """QA: in the mat view the line that a dose changed since shown was hidden under the
    line on no sound, told just after it, and did not come back when that one went. Two
    lines up share the two rows, a row each, their titles; one alone has both, its title and
    the start of its words; the exercise's row, the clock and its words stay clear."""
    db = open_database(lumbar_home.db_path)
    try:
        for back in (60, 8):
            session(db, builtin, "gentle-mobility", local_now().date() - timedelta(days=back))
    finally:
        db.close()
    app = no_sound_app(lumbar_home)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices, notifications=True) as pilot:
        runner = await dose_changed_without_sound(pilot, app, lumbar_home, builtin, size)
        assert notices.gists()[-2:] == [CHANGED_TITLE, NO_SOUND]
        await until(pilot, lambda: len(lines_drawn(runner)) == 2, "both lines drawn", 30)
        assert lines_drawn(runner) == [CHANGED_TITLE, NO_SOUND]
        assert covered(runner) == []
        no_sound = runner.query("Toast").last()
        await pilot.click(no_sound)  # taken away (as when its time is up)
        await until(pilot, lambda: len(runner.query("Toast")) == 1, "one line left", 30)
        (toast,) = runner.query("Toast")
        # For a frame it still stands one row high, the class for two lines not yet gone
        # (chosen at the layout that took the other away): wait for the whole of it.
        await until(
            pilot,
            lambda: lines_drawn(runner) == [CHANGED_TITLE] and toast.region.height == 2,
            "the dose line alone, its title and the start of its words",
            30,
        )
        assert toast.render_line(1).text.strip().startswith("Knee-to-chest stretch")
        assert covered(runner) == []


async def test_in_a_short_mat_view_a_line_covered_by_a_newer_one_comes_back(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """A short mat view (a large font) keeps one row, the header's: the newest line's title
    shows; when it goes, the line it covered shows again (it stayed hidden, though up)."""
    db = open_database(lumbar_home.db_path)
    try:
        for back in (60, 8):
            session(db, builtin, "gentle-mobility", local_now().date() - timedelta(days=back))
    finally:
        db.close()
    app = no_sound_app(lumbar_home)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        runner = await dose_changed_without_sound(pilot, app, lumbar_home, builtin, (40, 12))
        await until(pilot, lambda: lines_drawn(runner) == [NO_SOUND], "the newest line", 30)
        assert covered(runner) == []
        await pilot.click(runner.query("Toast").last())
        await until(pilot, lambda: len(runner.query("Toast")) == 1, "one line left", 30)
        await until(pilot, lambda: lines_drawn(runner) == [CHANGED_TITLE], "it comes back", 30)
        assert covered(runner) == []


async def test_the_lines_the_mat_view_shows_are_chosen_only_while_it_is_on_screen(
    lumbar_home: Locations,
) -> None:
    """Review: which lines the mat view shows was worked out at every layout refresh of the
    full view too, where nothing reads it. It is chosen while the mat view shows, and as it
    comes: m shows the newest two of three lines up, as before."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "the pain check", 30)
        await pilot.press("3", "enter")
        await app.workers.wait_for_complete()
        runner = runner_of(app)
        await until(pilot, lambda: app.screen is runner, "the session", 30)
        assert not runner.mat
        for n in range(3):
            app.notify(f"line {n}", title=f"Line {n}", timeout=3600)
        await until(pilot, lambda: len(runner.query("ToastHolder")) == 3, "three lines", 30)
        await pilot.pause()
        holders = runner.query("ToastHolder")
        assert [h.has_class(IN_VIEW) for h in holders] == [False] * 3
        assert not runner.has_class(TWO_LINES)
        await pilot.press("m")
        await until(pilot, lambda: runner.mat, "the mat view", 30)

        def shown() -> list[bool]:
            return [h.has_class(IN_VIEW) for h in runner.query("ToastHolder")]

        await until(pilot, lambda: shown() == [False, True, True], "the newest two", 30)
        assert runner.has_class(TWO_LINES)
        await until(pilot, lambda: lines_drawn(runner) == ["Line 1", "Line 2"], "drawn", 30)
