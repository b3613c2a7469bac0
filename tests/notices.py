"""What an app told the person, seen through Textual's own seam for tests: the
``message_hook`` of ``run_test`` receives every ``Notify`` message, so no test needs to read
the app's private list of notifications (``App._notifications``)."""

from __future__ import annotations

from textual.message import Message
from textual.notifications import Notification, Notify


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
