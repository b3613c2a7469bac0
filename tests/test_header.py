"""lumbar's header: a screen that closes as it opens (lumbar quit at once, a burst of keys)
does not stop the app with an error."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen

from tui.widgets.header import Header


class Titled(Screen[None]):
    TITLE = "Core basics"

    def compose(self) -> ComposeResult:
        yield Header()


async def test_an_app_closed_as_a_titled_screen_opens_closes_cleanly() -> None:
    # Textual's own header stopped the app here with NoMatches: its title watcher ran
    # after the header's parts were gone.
    app: App[None] = App()
    async with app.run_test():
        app.push_screen(Titled())
    assert app.return_code in (None, 0)


async def test_the_title_shows_and_follows_the_screen() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        await app.push_screen(Titled())
        await pilot.pause()
        title = app.screen.query_one("HeaderTitle")
        assert "Core basics" in str(title.render())
        app.screen.title = "Back ten"
        await pilot.pause()
        assert "Back ten" in str(title.render())
