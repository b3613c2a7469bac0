"""A dialog a session puts up (its questions, the offer to resume it), compact where the full
view does not fit (the mat view's room, a large font, ``tui.sizes``): the class ``-compact``,
which lumbar.tcss reads to leave out the blank row under its question and its touch targets,
so that it fits 40×12 whole, its keys with it, none of it scrolled."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

from tui.sizes import FULL_VIEW

AnswerT = TypeVar("AnswerT")

HELP_OVER = Binding("question_mark", "app.help", "Help", id="app.help", show=False, priority=True)
"""? over a session's dialog: help on top of it, and the dialog as it was once help closes.
The app's own ? never reaches a dialog (Textual's rule for the app's keys without priority);
this one is the dialog's, under the app's id, so that a remapped help key moves it too. With
priority, as the pain check's box would take the key first (it takes digits only). Not on
the note's question, whose box takes a typed ?. Out of the footer, full at 40 columns."""


class CompactDialog(ModalScreen[AnswerT]):
    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        self.set_class(not FULL_VIEW.fits(*self.app.size), "-compact")
