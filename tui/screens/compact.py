"""A dialog a session puts up (its questions, the offer to resume it), compact where the full
view does not fit (the mat view's room, a large font, ``tui.sizes``): the class ``-compact``,
which lumbar.tcss reads to leave out the blank row under its question and its touch targets,
so that it fits 40×12 whole, its keys with it, none of it scrolled."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from tui.sizes import FULL_VIEW

AnswerT = TypeVar("AnswerT")


class CompactDialog(ModalScreen[AnswerT]):
    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        self.set_class(not FULL_VIEW.fits(*self.app.size), "-compact")
