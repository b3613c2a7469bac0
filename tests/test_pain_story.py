"""The scripted pain story of issue 13: pain 4 before, 7 mid-session, then 10. The keys of a
person in the session screen, on a fake clock; the summary and `lumbar log show` tell it."""

from __future__ import annotations

from typing import Any

import pytest
from fake_clock import FakeClock
from session_apps import quiet_app
from textual.pilot import Pilot
from textual.widgets import Static
from waiting import until

from tui.cli import main
from tui.live.pain import SEEK_CARE
from tui.locations import Locations
from tui.screens.log import LogScreen
from tui.screens.questions import NoteQuestion, NumberQuestion, PainAdviceScreen
from tui.screens.runner import RunnerScreen
from tui.screens.session_detail import SessionDetailScreen
from tui.screens.summary import SummaryScreen

STORY = (
    "Pain 4 before → 7 in Bird dog (advised to stop it; carried on) → 10 in Bird dog "
    "(advised to seek care; ended the session) → 10 after"
)


async def answer(pilot: Pilot[Any], text: str) -> None:
    """``text`` then enter; none: escape, which skips a question (enter alone does not)."""
    if text:
        await pilot.press(*text, "enter")
    else:
        await pilot.press("escape")
    await pilot.pause()


async def test_pain_4_then_7_then_10_ends_the_session_and_the_log_tells_it(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await answer(pilot, "4")
        await app.workers.wait_for_complete()
        runner = next(s for s in app.screen_stack if isinstance(s, RunnerScreen))
        await pilot.press("space")
        clock.advance(12)  # into the first set of bird dog
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, NumberQuestion)
        await answer(pilot, "7")
        assert isinstance(app.screen, PainAdviceScreen)
        assert app.screen.advice.advice == "stop-exercise"
        await pilot.press("c")  # carry on: it carries on
        await pilot.pause()
        assert runner.live.engine.phase == "running"
        clock.advance(3)
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await answer(pilot, "10")
        assert isinstance(app.screen, PainAdviceScreen)
        assert app.screen.advice.choices == ("end",)
        await pilot.press("enter")  # the only way on: the session ends
        await pilot.pause()
        assert runner.live.over
        assert isinstance(app.screen, NoteQuestion)  # the 10 just given is the pain after
        await answer(pilot, "")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        headline = str(app.screen.headline())
        assert STORY in headline
        assert SEEK_CARE in headline
        session_id = runner.session_id
        await pilot.press("escape", "l")  # the log, then the session: it tells the story too
        await until(pilot, lambda: isinstance(app.screen, LogScreen), "the log", 30)
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SessionDetailScreen), "it", 30)
        await app.workers.wait_for_complete()
        await pilot.pause()
        head = str(app.screen.query_one("#detail-head", Static).render())
        assert STORY in head.replace("\n", " ")
    capsys.readouterr()
    assert main(["log", "show", str(session_id)]) == 0
    shown = capsys.readouterr().out
    assert f"{STORY}." in shown
    assert SEEK_CARE in shown
    assert "ended early" in shown
