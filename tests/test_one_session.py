"""One session at a time: nothing starts a second one, and quitting asks while one runs.

The app is driven with Pilot on a real SQLite file; "another lumbar" is a real process
whose pid a running session row carries.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from fake_clock import FakeClock
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Markdown, OptionList
from waiting import until

from catalog import load_catalog
from db.connection import open_database
from db.sessions import SessionWriter
from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens.catalog import CatalogScreen
from tui.screens.home import HomeScreen
from tui.screens.questions import ConfirmEnd, NumberQuestion
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen
from tui.settings import Settings

SIZE = (80, 24)


def make_app(home: Locations, routine: str | None = None) -> LumbarApp:
    """The session's time stands still (these stories are about screens and keys, not
    time): the real 0.1 s tick redrew the session ten times a second for as long as a
    story ran, most of its CPU."""
    clock = FakeClock()
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False),
        locations=home,
        start_routine=routine,
        clock=clock,
        ticks=clock,
    )


def screen(app: LumbarApp) -> Screen[Any]:
    return app.screen


def runners(app: LumbarApp) -> list[RunnerScreen]:
    return [s for s in app.screen_stack if isinstance(s, RunnerScreen)]


def phase(runner: RunnerScreen) -> str:
    """The session's phase, read afresh (keeps mypy from narrowing it across key presses)."""
    return runner.live.engine.phase


def said(app: LumbarApp) -> str:
    return "\n".join(n.message for n in app._notifications)


def statuses(home: Locations) -> list[tuple[str, str]]:
    db = open_database(home.db_path, writable=False)
    try:
        rows = db.execute("SELECT routine_id, status FROM sessions ORDER BY id").fetchall()
        return [(r[0], r[1]) for r in rows]
    finally:
        db.close()


async def session_started(pilot: Pilot[Any], app: LumbarApp) -> RunnerScreen:
    """Answer the pain check of the session ``start_routine`` opened; its screen."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(screen(app), NumberQuestion)
    await pilot.press("3", "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    (runner,) = runners(app)
    assert screen(app) is runner
    assert runner.live.ready, "the session is being recorded"
    return runner


async def palette(pilot: Pilot[Any], command: str) -> None:
    """Ctrl+p, ``command`` typed, and enter once the palette highlights it: its matches come
    in batches (a quarter of a second apart, later on a busy machine), so an enter pressed
    before the match is listed picks nothing, or another command."""
    await pilot.press("ctrl+p", *command)

    def highlighted() -> str:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette):
            return ""
        listed = palette.query_one(CommandList)
        if listed.highlighted is None:
            return ""
        prompt = listed.get_option_at_index(listed.highlighted).prompt
        return prompt.plain if isinstance(prompt, Content | Text) else str(prompt)

    await until(pilot, lambda: highlighted().startswith(command), f"the palette's {command}", 30)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def other_lumbar(lumbar_home: Locations) -> Iterator[int]:
    """Another lumbar (a live process) running Core basics in the same database; its pid."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db, kind="routine", routine_id="core-basics", routine_name="Core basics"
        )
        db.table("sessions").update(writer.session_id, {"pid": process.pid})
        yield process.pid
    finally:
        db.close()
        process.kill()
        process.wait()


async def test_the_palette_refuses_a_second_session_and_says_which_runs(
    lumbar_home: Locations,
) -> None:
    app = make_app(lumbar_home, routine="desk-break")
    async with app.run_test(size=SIZE) as pilot:
        runner = await session_started(pilot, app)
        await palette(pilot, "Routine: Back ten")
        assert screen(app) is runner, "no routine screen opens over the session"
        assert runners(app) == [runner]
        assert "Desk break is running in this window: end it (q) before starting Back ten" in (
            said(app)
        )
        await palette(pilot, "Home")
        assert screen(app) is runner, "home lies under the session: it would hide it"
        assert "Desk break is running in this window: end it (q) to go home" in said(app)
        assert statuses(lumbar_home) == [("desk-break", "running")]
    # Closed under it, as a terminal that closes: kept as interrupted, to be resumed.
    assert statuses(lumbar_home) == [("desk-break", "interrupted")]


async def test_escaping_a_catalog_opened_over_a_session_finds_it_paused(
    lumbar_home: Locations,
) -> None:
    app = make_app(lumbar_home, routine="desk-break")
    async with app.run_test(size=SIZE) as pilot:
        runner = await session_started(pilot, app)
        await pilot.press("space")
        assert phase(runner) == "running"
        await palette(pilot, "Catalog")
        assert isinstance(screen(app), CatalogScreen)
        assert phase(runner) == "paused", "a session nobody sees does not go on"
        await pilot.press("escape")
        assert screen(app) is runner
        assert phase(runner) == "paused"


async def test_q_on_a_screen_over_a_session_asks_to_end_it_and_quits_nothing(
    lumbar_home: Locations,
) -> None:
    """One q on the catalog opened from the palette used to quit the whole app, leaving the
    session interrupted."""
    app = make_app(lumbar_home, routine="desk-break")
    async with app.run_test(size=SIZE) as pilot:
        runner = await session_started(pilot, app)
        await palette(pilot, "Catalog")
        assert isinstance(screen(app), CatalogScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(screen(app), ConfirmEnd)
        await pilot.press("n")
        await pilot.pause()
        assert screen(app) is runner
        await pilot.press("ctrl+q")  # Textual's own quit key asks too
        await pilot.pause()
        assert app.is_running
        assert isinstance(screen(app), ConfirmEnd)
        await pilot.press("y")  # ends it, as the session's own q does: the pain check follows
        await pilot.pause()
        assert isinstance(screen(app), NumberQuestion)
        assert phase(runner) == "finished"
    assert statuses(lumbar_home) == [("desk-break", "ended-early")]


async def test_q_quits_at_once_when_no_session_runs(lumbar_home: Locations) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(screen(app), CatalogScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_session_in_another_lumbar_refuses_s_and_lumbar_run(
    lumbar_home: Locations, other_lumbar: int
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Strength foundation
        await pilot.pause()
        assert isinstance(screen(app), RoutineScreen)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(screen(app), RoutineScreen)
        assert not runners(app)
        text = said(app)
        assert f"Core basics is running in another lumbar (pid {other_lumbar}) since " in text
        assert "finish it there before starting Strength foundation" in text

    app = make_app(lumbar_home, routine="back-ten")  # lumbar run back-ten
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(screen(app), HomeScreen)
        assert f"(pid {other_lumbar})" in said(app)
    assert statuses(lumbar_home) == [("core-basics", "running")]


async def test_a_session_another_lumbar_started_during_the_pain_check_wins(
    lumbar_home: Locations,
) -> None:
    app = make_app(lumbar_home, routine="back-ten")
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(screen(app), NumberQuestion)
            db = await app.database()
            other = SessionWriter.start(
                db, kind="routine", routine_id="core-basics", routine_name="Core basics"
            )
            db.table("sessions").update(other.session_id, {"pid": process.pid})
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not runners(app)
            assert f"Core basics is running in another lumbar (pid {process.pid})" in said(app)
    finally:
        process.kill()
        process.wait()
    assert statuses(lumbar_home) == [("core-basics", "running")]


async def test_a_dead_lumbars_session_does_not_block(lumbar_home: Locations) -> None:
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    db.table("sessions").update(writer.session_id, {"pid": process.pid})
    db.close()
    app = make_app(lumbar_home, routine="back-ten")
    async with app.run_test(size=SIZE) as pilot:
        await session_started(pilot, app)
        assert ("back-ten", "running") in statuses(lumbar_home)
    assert os.getpid() != process.pid


async def test_the_palette_finds_exercises_and_lists_help_once(lumbar_home: Locations) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Help" in titles
        assert "Keys" not in titles, "Help lists the keys already"
        await palette(pilot, "Exercise: Side plank")
        catalog = screen(app)
        assert isinstance(catalog, CatalogScreen)
        options = catalog.query_one("#exercises", OptionList)
        assert options.highlighted is not None
        assert options.get_option_at_index(options.highlighted).id == "side-plank"
        detail = catalog.query_one("#exercise-detail", Markdown)
        assert detail.source.startswith("# Side plank")


async def test_one_escape_leaves_the_catalogs_details(lumbar_home: Locations) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # into the details pane
        await pilot.pause()
        catalog = screen(app)
        assert isinstance(catalog, CatalogScreen)
        assert app.focused is catalog.query_one("#exercise-detail-scroll")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(screen(app), HomeScreen)


async def test_a_refusal_goes_through_the_apps_notify_as_it_is_at_the_time(
    lumbar_home: Locations,
) -> None:
    # Tests wrap app.notify after building the app (to keep notices up): the one-session
    # refusals go through it as every other notice does.
    app = make_app(lumbar_home, "core-basics")
    seen: list[str] = []
    notify = app.notify

    def wrapped(message: str, *args: Any, **kwargs: Any) -> None:
        seen.append(message)
        notify(message, *args, **kwargs)

    app.notify = wrapped  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await session_started(pilot, app)
        app.action_home()  # refused: a session runs in this window
        await until(pilot, lambda: any("go home" in m for m in seen), "the refusal", 30)
        assert any("end it (q) to go home" in m for m in seen), seen
