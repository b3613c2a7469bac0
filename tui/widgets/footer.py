"""Textual's footer, fitted to a narrow terminal.

At 80 columns the keys of the busier screens (the log, a session in it, the trends) ran
under the palette's "^p palette" and past the edge, cut mid-word ("? He", "c Catalo"). Below
``PALETTE_FROM_COLUMNS`` the footer leaves the palette's key out, and at any width it shows
only the keys that fit whole, in their order (the screen's own first); help (``?``), which
comes before the app's keys, lists them all, ctrl+p too. A screen may give shorter words for
its keys (``short_words``), said where the keys would not all fit whole in their own: the
advice after pain at 40 columns showed s and e alone, not c (carry on) nor f (a red flag).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.compose import compose
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets import Static
from textual.widgets._footer import FooterKey

PALETTE_FROM_COLUMNS = 100
KEY_PADDING = 3
"""Columns a footer key takes beyond its key and its words: a space either side of the
key, one after the words."""


def key_width(key: FooterKey) -> int:
    words = KEY_PADDING if key.description else KEY_PADDING - 1
    return cell_len(key.key_display) + cell_len(key.description) + words


def shown(widgets: Iterable[Widget]) -> tuple[Any, ...]:
    """What a footer's widgets show and do, theirs and their children's, mounted or only
    composed: two alike show the same footer."""
    return tuple(
        (
            type(widget),
            widget.id,
            widget.classes - {"-compact"},  # the palette's key takes it on mounting
            str(widget.content) if isinstance(widget, Static) else None,
            (widget.key, widget.key_display, widget.description, widget.action)
            if isinstance(widget, FooterKey)
            else None,
            widget.disabled,
            str(widget.tooltip) if widget.tooltip is not None else None,
            shown([*widget.children, *widget._pending_children]),
        )
        for widget in widgets
    )


def born_fitted(key: FooterKey, *, compact: bool) -> None:
    """The key made as compact as its footer before it is mounted. Textual's keys begin
    compact, and the footer's binding turned each back on mounting: a class off, the
    stylesheet applied to the key anew, every key at every recompose of the footer (a
    tenth of the CPU of starting a session). Made alike, the binding finds nothing to
    change."""
    key.set_reactive(FooterKey.compact, compact)
    key.set_class(compact, "-compact", update=False)


class Footer(TextualFooter):
    def __init__(
        self, *, show_command_palette: bool = True, short_words: Mapping[str, str] | None = None
    ) -> None:
        """``short_words``: a key's words (its binding's description) to the fewer said in
        their place when the keys do not all fit whole."""
        super().__init__(show_command_palette=show_command_palette)
        self._palette_wanted = show_command_palette
        self._short_words = dict(short_words or {})
        self._fitted_to = 0

    def compose(self) -> Iterable[Widget]:
        composed = list(super().compose())
        for key in composed:
            if isinstance(key, FooterKey) and not key.has_class("-command-palette"):
                born_fitted(key, compact=self.compact)  # the palette's key is not bound
        room = self.size.width
        palette = [w for w in composed if w.has_class("-command-palette")]
        for widget in palette:
            if isinstance(widget, FooterKey):
                room -= key_width(widget) + 1  # and its bar
        keys = [w for w in composed if isinstance(w, FooterKey) and w not in palette]
        if self._short_words and sum(key_width(k) for k in keys) > room > 0:
            for key in keys:
                key.description = self._short_words.get(key.description, key.description)
        used = 0
        for widget in composed:
            if isinstance(widget, FooterKey) and widget not in palette and room > 0:
                used += key_width(widget)
                if used > room:
                    continue  # it would be cut: help lists it
            yield widget

    async def recompose(self) -> None:
        """Textual's recompose, left undone when the keys would be the same. The footer
        recomposes whenever the screen's bindings may have changed (a focus, a screen
        pushed, a step of a session), mostly to the keys it shows already: its keys
        unmounted, made again and styled anew, an eighth of the CPU of starting lumbar."""
        if not self.is_attached or self._pruning:
            return
        children = list(self.children)
        pruning = any(child._pruning for child in children)  # another recompose under way
        if not pruning and shown(compose(self)) == shown(children):
            return
        async with self.batch():
            await self.query_children("*").exclude(".-textual-system").remove()
            if self.is_attached:
                # Composed after the removal, as Textual does: the bindings may have changed
                # while the old keys went (review: composed before, the keys of a moment
                # since gone were mounted, and a recompose meanwhile found nothing to do).
                await self.mount_all(compose(self))

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        self.show_command_palette = self._palette_wanted and width >= PALETTE_FROM_COLUMNS
        if width != self._fitted_to:
            self._fitted_to = width
            self.refresh(recompose=True)
