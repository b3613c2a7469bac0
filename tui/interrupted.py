"""The line that sessions were found interrupted as lumbar started ("Interrupted session"):
which sessions it names, whether it was told, and when a line told now can be seen.

The app tells it through ``InterruptedLine`` at each screen change, once ``line_seen``
says the person can read it; a session taken up again is not named; a line still untold
as the app closes is printed on the terminal after it (``left_untold``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.screen import ModalScreen, Screen

TITLE = "Interrupted session"


class InterruptedLine:
    """The sessions found interrupted at start, held while the line on them cannot be seen;
    told once. ``command``: the ``lumbar`` command line for some words, on this database."""

    def __init__(self, command: Callable[[str], str]) -> None:
        self._command = command
        self._untold: tuple[int, ...] = ()
        self._resumed: set[int] = set()

    def found(self, session_ids: Iterable[int]) -> None:
        """The sessions the database marked interrupted as it opened."""
        self._untold = tuple(i for i in session_ids if i not in self._resumed)

    def resumed(self, session_id: int) -> None:
        """A session taken up again (from the offer at start, or its routine's own): no
        longer interrupted, so not named, even if what the database found comes after."""
        self._resumed.add(session_id)
        self._untold = tuple(i for i in self._untold if i != session_id)

    @property
    def untold(self) -> tuple[int, ...]:
        """The sessions found interrupted and not told yet."""
        return self._untold

    def take(self) -> str:
        """The words of the line, now told: the sessions it names are not told again."""
        some, commands = self._told()
        quoted = ", ".join(f"'{c}'" for c in commands)
        return f"{some} interrupted; what was done is kept ({quoted})."

    def left_untold(self) -> str | None:
        """The line for the terminal, as lumbar closes before it could be told (quit under
        the too-small notice, say): one plain line with the command that shows each session
        (None when there is nothing left to tell). Told: not given again."""
        if not self._untold:
            return None
        some, commands = self._told()
        return f"lumbar: {some.lower()} interrupted; what was done is kept: {', '.join(commands)}"

    def _told(self) -> tuple[str, list[str]]:
        """How many sessions were interrupted, in words ("A session was"), and the command
        that shows each (``log show`` takes one); from now on they are told."""
        commands = [self._command(f"log show {i}") for i in self._untold]
        some = "A session was" if len(commands) == 1 else f"{len(commands)} sessions were"
        self._untold = ()
        return some, commands


def line_seen(top: Screen[Any], *, offer_coming: bool, starting: bool, fits: bool) -> bool:
    """Whether a line (an information toast) told now is seen and read: not while the offer
    at start is waiting or up (``offer_coming``), nor while a session is on its way
    (``starting``: its routine's own offer to resume, or its screen, is to come), nor over a
    dialog: at 40×12 the line covered the offer's words, at 50×18 its keys, and went unread
    under it; over the too-small notice, help and a session's question no such line is drawn
    (``lumbar.tcss``: below 80×24, n on the offer goes back under the notice, and the line
    went unseen). Nor where the notice is about to come over the screen on top (``fits``:
    whether the terminal has the room it needs; a screen just closed, say)."""
    return not (offer_coming or starting or isinstance(top, ModalScreen)) and fits
