"""Buttons for a finger or a mouse (a tablet beside the mat): they never take the keyboard's
focus, so space and enter keep going to the screen's own keys."""

from __future__ import annotations

from typing import Any

from textual.widgets import Button


class TouchTarget(Button, can_focus=False):
    """A large button that a tap or a click presses; the keys do the same."""

    PRESS_SHOWN_S = 0.2
    """How long a press shows; another tap meanwhile is the same press (a shaky finger)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.active_effect_duration = self.PRESS_SHOWN_S

    def offer(self, shown: bool) -> None:
        """Shown and pressable while its action does something; else gone from sight (a tap
        there does nothing) but keeping its place, so the targets beside it stay put."""
        self.visible = shown
        self.disabled = not shown
