"""The tests' reading of a footer: a screen without one yet reads as no keys, not an error;
and a footer that keeps its keys while they stay the same."""

from __future__ import annotations

import asyncio

from fake_clock import FakeClock
from footer_keys import footer_keys
from session_apps import quiet_app
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from waiting import until

from tui.locations import Locations
from tui.screens.home import HomeScreen
from tui.widgets.footer import Footer as LumbarFooter


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


class TwoKeys(Screen[None]):
    """A screen whose second key comes and goes (``check_action``)."""

    BINDINGS = [Binding("a", "first", "First"), Binding("b", "second", "Second")]
    second_shown = True

    def compose(self) -> ComposeResult:
        yield LumbarFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.second_shown if action == "second" else True


async def test_a_recompose_while_another_removes_the_keys_shows_the_bindings_as_they_end() -> None:
    """Review: the footer composed its new keys before the old ones were removed; a second
    recompose while they went, the bindings back as the old keys showed, found nothing to
    do, and the first then mounted the keys of a moment gone (the second key missing until
    the next change of bindings). In lumbar a resize's recompose can meet a step's."""
    app: App[None] = App()
    async with app.run_test(size=(100, 10)) as pilot:
        screen = TwoKeys()
        await app.push_screen(screen)
        footer = screen.query_one(LumbarFooter)

        def keys() -> list[str]:
            return [k.key for k in footer.query(FooterKey) if not k.has_class("-command-palette")]

        await until(pilot, lambda: keys() == ["a", "b"], "both keys", 30)
        screen.second_shown = False
        with footer._context():
            first = asyncio.ensure_future(footer.recompose())  # composes without b
        await asyncio.sleep(0)  # its old keys on their way out
        screen.second_shown = True
        with footer._context():
            await footer.recompose()
        await first
        assert keys() == ["a", "b"], "the keys as the bindings are when both are done"
