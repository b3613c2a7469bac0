"""The view chosen with m in a session is remembered (the settings' ``mat_view``): every
session after opens in it, and an interrupted one resumes in it, in this run of lumbar and
the next."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from fake_clock import FakeClock
from footer_keys import footer_keys
from notices import Notices
from textual.notifications import Notification
from textual.pilot import Pilot
from waiting import until

import tui.chosen_view
from catalog import load_catalog
from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens.questions import NoteQuestion, NumberQuestion
from tui.screens.resume import ResumeQuestion
from tui.screens.runner import RunnerScreen
from tui.screens.summary import SummaryScreen
from tui.screens.too_small import TooSmallScreen
from tui.settings import load_settings, remember_switch

QUIET = {"LUMBAR_SOUND": "no", "LUMBAR_VOICE": "no", "LUMBAR_TONES": "no"}


def started_app(home: Locations, clock: FakeClock, routine: str | None) -> LumbarApp:
    """lumbar as ``lumbar run ROUTINE`` starts it: its settings read from the file (sound
    off)."""
    settings, problems = load_settings(home.settings_path, environ=QUIET)
    assert problems == []
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=settings,
        locations=home,
        start_routine=routine,
        clock=clock,
        ticks=clock,
    )


def runner(app: LumbarApp) -> RunnerScreen:
    shown = app.screen
    assert isinstance(shown, RunnerScreen), shown
    return shown


async def begun(pilot: Pilot[Any], app: LumbarApp) -> RunnerScreen:
    """The pain check answered: the session's screen on top, its record open."""
    await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "the pain check", 30)
    await pilot.press("3", "enter")
    await until(pilot, lambda: isinstance(app.screen, RunnerScreen), "the session", 30)
    await app.workers.wait_for_complete()
    await until(pilot, lambda: runner(app).session_id is not None, "its record", 30)
    return runner(app)


async def ended(pilot: Pilot[Any], app: LumbarApp) -> None:
    """q, y, pain after and the note skipped, the summary closed."""
    await pilot.press("q")
    await until(pilot, lambda: "End it" in footer_keys(app.screen), "the question", 30)
    await pilot.press("y")
    await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain after", 30)
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, NoteQuestion), "the note", 30)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary", 30)
    await pilot.press("escape")
    await until(pilot, lambda: not app._runners(), "the session gone", 30)


async def test_a_session_left_in_the_mat_view_resumes_in_it(lumbar_home: Locations) -> None:
    """QA: a session switched to the mat view (m), then interrupted (lumbar closed under
    it), resumed in the full view: the person on the mat had to find m again. The view
    chosen is remembered in the settings, and the session resumes in it."""
    clock = FakeClock()
    app = started_app(lumbar_home, clock, "core-basics")
    async with app.run_test(size=(80, 24)) as pilot:
        first = await begun(pilot, app)
        assert not first.mat
        await pilot.press("space", "m")
        await until(pilot, lambda: first.mat, "the mat view", 30)
        assert app.settings.mat_view is True
        session_id = first.session_id
    assert "mat_view = true" in lumbar_home.settings_path.read_text()

    app = started_app(lumbar_home, clock, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ResumeQuestion), "the offer", 30)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen), "the session", 30)
        resumed = runner(app)
        assert resumed.session_id == session_id
        assert resumed.mat, "resumed in the view it was left in"


async def test_every_session_opens_in_the_view_chosen_last(lumbar_home: Locations) -> None:
    """One choice, remembered: a session started after m chose the mat view opens in it,
    and m back to the full view is remembered the same way (the settings' line changed)."""
    clock = FakeClock()
    app = started_app(lumbar_home, clock, "core-basics")
    async with app.run_test(size=(80, 24)) as pilot:
        first = await begun(pilot, app)
        await pilot.press("m")
        await until(pilot, lambda: first.mat, "the mat view", 30)
        await ended(pilot, app)
        app.start_session("glute-activation")
        second = await begun(pilot, app)
        assert second is not first
        assert second.mat, "opened in the view chosen last"
        await pilot.press("m")
        await until(pilot, lambda: not second.mat, "the full view", 30)
        assert app.settings.mat_view is False
    assert "mat_view = false" in lumbar_home.settings_path.read_text()
    app = started_app(lumbar_home, clock, "core-basics")
    async with app.run_test(size=(80, 24)) as pilot:
        assert not (await begun(pilot, app)).mat


async def test_m_on_the_too_small_notice_is_for_that_session_only(lumbar_home: Locations) -> None:
    """Review: m on the notice that the terminal is too small for the full view shows the
    mat view for that session only; nothing pinned it (the notice's m could have been the
    session's own m, remembered, and every test passed). The setting stays, and no settings
    file is written."""
    clock = FakeClock()
    app = started_app(lumbar_home, clock, "core-basics")
    async with app.run_test(size=(80, 24)) as pilot:
        session = await begun(pilot, app)
        await pilot.resize_terminal(40, 12)
        await until(pilot, lambda: isinstance(app.screen, TooSmallScreen), "the notice", 30)
        await pilot.press("m")
        await until(pilot, lambda: app.screen is session, "the mat view", 30)
        assert session.mat
        await app.workers.wait_for_complete()
        assert app.settings.mat_view is False
    assert not lumbar_home.settings_path.exists()


UNCHANGEABLE = {
    "not TOML": ("age = 52\nmat_view = \n", 0o644),
    "read-only": ("age = 52\n", 0o444),
}


@pytest.mark.parametrize("kind", list(UNCHANGEABLE))
async def test_a_view_not_written_is_told_once_and_kept_for_the_run(
    lumbar_home: Locations, kind: str
) -> None:
    """Review: a settings file lumbar cannot change (not TOML, or read-only): m pressed
    again and again names it in one line, once; the file stays byte for byte as it was; and
    the view chosen last is the one the next session of this run opens in."""
    text, mode = UNCHANGEABLE[kind]
    path = lumbar_home.settings_path
    path.parent.mkdir(parents=True)
    path.write_text(text)
    path.chmod(mode)
    clock = FakeClock()
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=load_settings(path, environ=QUIET)[0],
        locations=lumbar_home,
        start_routine="core-basics",
        clock=clock,
        ticks=clock,
    )
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        first = await begun(pilot, app)
        shown = len(notices.shown)
        for mat in (True, False, True):
            await pilot.press("m")
            await until(pilot, lambda mat=mat: first.mat is mat, "the view", 30)  # type: ignore[misc]
            await app.workers.wait_for_complete()

        def told() -> list[Notification]:
            fixing = "Some settings or files need fixing"
            return [n for n in notices.shown[shown:] if n.title == fixing]

        await until(pilot, lambda: bool(told()), "the line", 30)
        await pilot.pause()
        assert len(told()) == 1, [n.message for n in told()]
        assert told()[0].message.startswith(f"{path}: ")
        assert "kept until lumbar closes" in told()[0].message
        assert path.read_bytes() == text.encode()
        assert app.settings.mat_view is True
        await ended(pilot, app)
        app.start_session("glute-activation")
        assert (await begun(pilot, app)).mat, "the next session in the view chosen last"
    assert path.read_bytes() == text.encode()


async def test_the_view_is_written_off_the_event_loop(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review: the settings file was written on the event loop, as m was handled (a slow
    disk, a network home, held the clock). It is written in a thread (a worker)."""
    threads: list[threading.Thread] = []

    def writing(path: Path, name: str, value: bool) -> str | None:
        threads.append(threading.current_thread())
        return remember_switch(path, name, value)

    monkeypatch.setattr(tui.chosen_view, "remember_switch", writing)
    clock = FakeClock()
    app = started_app(lumbar_home, clock, "core-basics")
    async with app.run_test(size=(80, 24)) as pilot:
        session = await begun(pilot, app)
        await pilot.press("m")
        await until(pilot, lambda: session.mat, "the mat view", 30)
        await app.workers.wait_for_complete()
        assert threads
        assert threading.main_thread() not in threads
        assert "mat_view = true" in lumbar_home.settings_path.read_text()
