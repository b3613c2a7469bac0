"""Buttons for a finger or a mouse (a tablet beside the mat): they never take the keyboard's
focus, so space and enter keep going to the screen's own keys."""

from __future__ import annotations

from textual.widgets import Button


class TouchTarget(Button, can_focus=False):
    """A large button that a tap or a click presses; the keys do the same."""
