"""Shown instead of everything else while the terminal is smaller than the screen beneath
needs (``tui.sizes``): most screens 80×24, a live session less."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.sizes import MAT_VIEW, Minimum

MOST_WIDE = 60
"""The notice's widest line: wider is hard to read."""
TO_DO = "make the window larger (or the font smaller)"


class TooSmallScreen(ModalScreen[None]):
    BINDINGS = [Binding("m", "mat", "Mat view", id="too-small.mat")]

    class Message(Static):
        """The one line that says what is wrong and what to do."""

    def __init__(
        self,
        need: Minimum,
        *,
        session: bool = False,
        mat: Callable[[], None] | None = None,
    ) -> None:
        """``session``: a live session waits beneath (paused); ``mat``: shows the session's mat view
        instead (its full view does not fit), offered with m where the mat view fits."""
        super().__init__()
        self.need = need
        self.session = session
        self._mat = mat

    def text(self, width: int, height: int) -> str:
        need = self.need
        said = f"{need.what} needs a terminal of at least {need.size_text}; this one is "
        said += f"{width}×{height}. "
        if not self.session:
            return said + TO_DO[0].upper() + TO_DO[1:] + "."
        said += f"The session waits, paused: {TO_DO}"
        if self._offers_mat(width, height):
            said += f", or press m for the mat view (from {MAT_VIEW.size_text})"
        return said + "."

    def _offers_mat(self, width: int, height: int) -> bool:
        return self._mat is not None and MAT_VIEW.fits(width, height)

    def show_size(self, width: int, height: int) -> None:
        """The terminal is now ``width``×``height``: say so, and whether m helps."""
        message = self.query_one(self.Message)
        message.update(self.text(width, height))
        message.styles.max_width = min(MOST_WIDE, width)  # wrapped, not cut off
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield self.Message(self.text(self.app.size.width, self.app.size.height))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mat":
            return self._offers_mat(self.app.size.width, self.app.size.height)
        return True

    def action_mat(self) -> None:
        if self._mat is not None:
            self._mat()
