"""Textual's header, whose title survives a screen that closes as it opens.

Textual's own sets its title in a watcher that can run after the header's children are
gone (a screen pushed and popped in one burst of keys, or lumbar quit as a screen opens),
and then stops the app with ``NoMatches``. This one sets the title only while it is there.
"""

from __future__ import annotations

from contextlib import suppress

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widgets import Header as TextualHeader
from textual.widgets import Static


class Header(TextualHeader):
    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # Textual's own watcher, below made safe

        def set_title() -> None:
            with suppress(NoScreen, NoMatches):  # the header is going with its screen
                self.query_one("HeaderTitle", Static).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
