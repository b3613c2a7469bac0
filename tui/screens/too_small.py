"""Shown instead of everything else while the terminal is smaller than the screen beneath
needs (``tui.sizes``): most screens 80×24, a live session less."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.sizes import MAT_VIEW, PAIN_ADVICE, Minimum

MOST_WIDE = 60
"""The notice's widest line: wider is hard to read."""
TO_DO = "make the window larger (or the font smaller)"


class TooSmallScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("m", "mat", "Mat view", id="too-small.mat"),
        Binding("escape", "back", "Back", id="too-small.back"),
        Binding("q", "leave", "Quit", id="too-small.quit"),
    ]

    class Message(Static):
        """The one line that says what is wrong and what to do."""

    def __init__(
        self,
        need: Minimum,
        *,
        session: str | None = None,
        mat: Callable[[], None] | None = None,
        back: Callable[[], None] | None = None,
        quits: bool = False,
    ) -> None:
        """``session``: what the session beneath is doing, in words ("The session waits,
        paused"; None: no session beneath, or one on its way); ``mat``: shows the session's
        mat view instead, or opens the one on its way in it (its full view does not fit),
        offered with m where the mat view fits; ``back``:
        closes the screen that needs the room (escape), back to the one beneath; ``quits``: q
        quits lumbar (no session is live)."""
        super().__init__()
        self.need = need
        self.session = session
        self._mat = mat
        self._back = back
        self._quits = quits

    def text(self, width: int, height: int) -> str:
        need = self.need
        said = f"{need.what} needs a terminal of at least {need.size_text}; this one is "
        said += f"{width}×{height}. "
        if not self.session:
            mat = f"m for the mat view (from {MAT_VIEW.size_text})"
            ways = [
                way
                for way, can in (
                    (mat, self._offers_mat(width, height)),
                    ("escape to go back", self._back),
                    ("q to quit", self._quits),
                )
                if can
            ]
            listed = "".join(f", {way}" for way in ways[:-1]) + (f", or {ways[-1]}" if ways else "")
            return said + TO_DO[0].upper() + TO_DO[1:] + listed + "."
        said += f"{self.session}: {TO_DO}"
        if self._offers_mat(width, height):
            said += f", or press m for the mat view (from {MAT_VIEW.size_text})"
        said += "."
        if need == PAIN_ADVICE:
            said += " Meanwhile: stop the exercise if your pain is increasing."
        return said

    def _offers_mat(self, width: int, height: int) -> bool:
        return self._mat is not None and MAT_VIEW.fits(width, height)

    def show_size(self, width: int, height: int) -> None:
        """The terminal is now ``width``×``height``: say so, and whether m helps. (Resized
        again before the notice is built: it says the size once built, ``on_mount``.)"""
        found = self.query(self.Message)
        if not found:
            return
        message = found.first()
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
        if action == "back":
            return self._back is not None
        if action == "leave":
            return self._quits  # a live session is ended by its own question
        return True

    def action_mat(self) -> None:
        if self._mat is not None:
            self._mat()

    def action_back(self) -> None:
        if self._back is not None:
            self._back()

    def action_leave(self) -> None:
        self.app.exit()
