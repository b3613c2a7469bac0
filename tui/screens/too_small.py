"""Shown instead of everything else while the terminal is smaller than lumbar needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    class Message(Static):
        """The one line that says what is wrong and what to do."""

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width = min_width
        self.min_height = min_height

    @staticmethod
    def text(width: int, height: int, min_width: int, min_height: int) -> str:
        return (
            f"lumbar needs a terminal of at least {min_width}×{min_height}; "
            f"this one is {width}×{height}. Make the window larger (or the font smaller)."
        )

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield self.Message(
                self.text(
                    self.app.size.width, self.app.size.height, self.min_width, self.min_height
                )
            )
