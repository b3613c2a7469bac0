"""The live session: the guided session's logic, free of Textual (keys, hub events and the
time in; a view and effects out). ``tui.screens.runner`` only draws it."""

from tui.live.effects import Ask, DemoMove, Effects, Finished, Notice
from tui.live.session import LiveSession
from tui.live.view import LiveView, SensorPanel, SensorsNow

__all__ = [
    "Ask",
    "DemoMove",
    "Effects",
    "Finished",
    "LiveSession",
    "LiveView",
    "Notice",
    "SensorPanel",
    "SensorsNow",
]
