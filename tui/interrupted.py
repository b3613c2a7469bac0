"""The line that sessions were found interrupted as lumbar started ("Interrupted session"):
which sessions it names, whether it was told, and when a line told now can be seen.

The app tells it through ``InterruptedLine`` at each screen change, once ``line_seen``
says the person can read it; a session taken up again is not named."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

from textual.screen import Screen

from tui.screens.help import HelpScreen
from tui.screens.too_small import TooSmallScreen

TITLE = "Interrupted session"


class InterruptedLine:
    """The sessions found interrupted at start, held while the line on them cannot be seen;
    told once. ``command``: the ``lumbar`` command line for some words, on this database."""

    def __init__(self, command: Callable[[str], str]) -> None:
        self._command = command
        self._untold: tuple[int, ...] = ()

    def found(self, session_ids: Iterable[int]) -> None:
        """The sessions the database marked interrupted as it opened."""
        self._untold = tuple(session_ids)

    def resumed(self, session_id: int) -> None:
        """A session taken up again: no longer interrupted, so not named."""
        self._untold = tuple(i for i in self._untold if i != session_id)

    @property
    def untold(self) -> tuple[int, ...]:
        """The sessions found interrupted and not told yet."""
        return self._untold

    def take(self) -> str:
        """The words of the line, now told: the sessions it names are not told again."""
        ids = ", ".join(str(i) for i in self._untold)
        self._untold = ()
        command = self._command(f"log show {ids}")
        return f"A session was interrupted; what was done is kept ('{command}')."


def line_seen(top: Screen[Any], *, offer_coming: bool, fits: bool) -> bool:
    """Whether a line (an information toast) told now is seen: not while the offer at start
    is waiting or up (``offer_coming``: at 40×12 the line covered the offer's words, at 50×18
    its keys, and went unread under it), nor over the screens on which no such line is drawn
    (``lumbar.tcss``): the too-small notice (below 80×24, n on the offer goes back under it,
    and the line went unseen), help and a session's question; nor where the notice is about
    to come over the screen on top (``fits``: whether the terminal has the room it needs; a
    screen just closed, say)."""
    if offer_coming:
        return False
    questions = sys.modules.get("tui.screens.questions")
    hiding: tuple[type[Screen[Any]], ...] = (TooSmallScreen, HelpScreen)
    if questions is not None:
        hiding += (questions.SessionQuestion,)
    if isinstance(top, hiding):
        return False
    return fits
