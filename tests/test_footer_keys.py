"""The tests' reading of a footer: a screen without one yet reads as no keys, not an error;
and a footer that keeps its keys while they stay the same."""

from __future__ import annotations

from fake_clock import FakeClock
from footer_keys import footer_keys
from session_apps import quiet_app
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.locations import Locations
from tui.screens.home import HomeScreen


def test_a_screen_with_no_footer_yet_offers_no_keys() -> None:
    """The review: a wait for a dialog's keys raised when the dialog had just opened and was
    not built yet (test_resume flaked under load); it reads as nothing yet, and waits on."""
    assert footer_keys(Screen()) == []


async def test_a_footer_keeps_its_keys_while_the_bindings_say_the_same(
    lumbar_home: Locations,
) -> None:
    """The footer recomposes whenever the screen's bindings may have changed, mostly to
    the keys it shows already; those keys stay, not made and styled anew each time (an
    eighth of the CPU of starting lumbar went on it)."""
    app = quiet_app(lumbar_home, FakeClock(), None)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        footer = app.screen.query_one(Footer)
        before = list(footer.query(FooterKey))
        assert before
        recomposed = 0
        recompose = footer.recompose

        async def counted() -> None:
            nonlocal recomposed
            recomposed += 1
            await recompose()

        footer.recompose = counted  # type: ignore[method-assign]
        app.screen.refresh_bindings()
        for _ in range(100):
            if recomposed:
                break
            await pilot.pause()
        assert recomposed, "the footer never recomposed"
        await pilot.pause()
        assert list(footer.query(FooterKey)) == before  # the same widgets, not made anew
