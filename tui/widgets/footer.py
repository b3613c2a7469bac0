"""Textual's footer, without the command palette's key where the terminal is narrow.

At 80 columns the keys of the busier screens (the log, a session in it, the trends) ran
under the palette's "^p palette" and their last ones were cut ("? He"). Below
``PALETTE_FROM_COLUMNS`` the footer leaves the palette's key out; help (``?``), which the
footer still shows, lists ctrl+p.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer as TextualFooter

PALETTE_FROM_COLUMNS = 100


class Footer(TextualFooter):
    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__(show_command_palette=show_command_palette)
        self._palette_wanted = show_command_palette

    def on_resize(self, event: events.Resize) -> None:
        shown = self._palette_wanted and event.size.width >= PALETTE_FROM_COLUMNS
        if shown != self.show_command_palette:
            self.show_command_palette = shown
            self.refresh(recompose=True)
