"""What an app told the person, seen through Textual's own seam for tests: the
``message_hook`` of ``run_test`` receives every ``Notify`` message, so no test needs to read
the app's private list of notifications (``App._notifications``); and whether a toast is
drawn over a widget, through the screen's own ``get_widget_at``."""

from __future__ import annotations

from textual.geometry import Offset
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.widget import Widget


class Notices:
    """Pass as ``app.run_test(message_hook=notices)``; then read what was notified."""

    def __init__(self) -> None:
        self.shown: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.shown.append(message.notification)

    def errors(self) -> list[str]:
        """The texts of the error notifications, in the order shown."""
        return [n.message for n in self.shown if n.severity == "error"]

    def texts(self) -> list[str]:
        return [n.message for n in self.shown]

    def titles(self) -> list[str]:
        return [n.title for n in self.shown]

    def gists(self) -> list[str]:
        """What each line says first: its title, or its words where it has none (a line of
        one row: the mat view's on no sound)."""
        return [n.title or n.message for n in self.shown]


def hidden_cells(widget: Widget) -> list[Offset]:
    """The cells of ``widget`` on its screen where something else is drawn over it (a toast,
    say): the widget, or one of its own children, is on top everywhere else."""
    screen = widget.screen
    hidden = []
    for y in range(widget.region.y, widget.region.bottom):
        for x in range(widget.region.x, widget.region.right):
            top, _ = screen.get_widget_at(x, y)
            if top is not widget and widget not in top.ancestors:
                hidden.append(Offset(x, y))
    return hidden
