"""The line that sessions were found interrupted as lumbar started ("Interrupted session"):
which sessions it names, whether it was told (and is still up), and when a line told now can
be seen whole.

The app tells it through ``InterruptedLine`` at each screen change, once ``line_seen``
says the person can read it; a session taken up again is not named (a line still up that
names it is taken back); a line untold as the app closes, or told so late that it is still
up then, is printed on the terminal after it (``left_untold``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from textual.markup import escape
from textual.message import Message
from textual.notifications import Notification
from textual.screen import ModalScreen, Screen

TITLE = "Interrupted session"


@runtime_checkable
class SaysWhetherLinesShow(Protocol):
    """A screen that says whether a line (an information toast) told over it now is shown
    whole: the session's screen does not in its mat view (two rows, the newest line cut to
    its title and the start of its words, and the command lost)."""

    def shows_a_line_whole(self) -> bool: ...


class LinesShowWhole(Message):
    """A screen that did not show a line whole now does (the session's, from its mat view
    to its full view): a line held for it may be told."""


class InterruptedLine:
    """The sessions found interrupted at start, held while the line on them cannot be seen;
    told once. ``command``: the ``lumbar`` command line for some words, on this database.

    ``found`` may be called from the thread that opens the database, the rest from the app's
    own: what the database found is kept even when lumbar is closing as it comes."""

    def __init__(self, command: Callable[[str], str]) -> None:
        self._command = command
        self._lock = threading.Lock()
        self._untold: tuple[int, ...] = ()
        self._resumed: set[int] = set()
        self._known: set[int] = set()
        """Every session found so far, told or not."""
        self._told: Notification | None = None
        """The line last told, while it may still be up."""
        self._told_ids: tuple[int, ...] = ()
        """The sessions that line names."""

    def found(self, session_ids: Iterable[int]) -> None:
        """The sessions the database marked interrupted as it opened; once each (the thread
        that opens it keeps them, and its message says so again)."""
        with self._lock:
            new = [i for i in session_ids if i not in self._known and i not in self._resumed]
            self._known.update(new)
            self._untold = (*self._untold, *new)

    def resumed(self, session_id: int) -> Notification | None:
        """A session taken up again (from the offer at start, or its routine's own): no
        longer interrupted, so not named, even if what the database found comes after.
        Returns the line told that names it when it may still be up, to be taken back; the
        other sessions it names are untold again (to be told without it)."""
        with self._lock:
            self._resumed.add(session_id)
            self._untold = tuple(i for i in self._untold if i != session_id)
            told = self._still_up()
            if told is None or session_id not in self._told_ids:
                return None
            others = tuple(i for i in self._told_ids if i != session_id)
            self._untold = (*others, *self._untold)
            self._told, self._told_ids = None, ()
            return told

    @property
    def untold(self) -> tuple[int, ...]:
        """The sessions found interrupted and not told yet."""
        with self._lock:
            return self._untold

    def tell(self, timeout_s: float) -> Notification:
        """The line, now told (shown for ``timeout_s``): the sessions it names are not told
        again, unless lumbar closes while it is still up (``left_untold``)."""
        with self._lock:
            ids = self._untold
            some, commands = self._words(ids)
            self._untold = ()
            quoted = ", ".join(f"'{c}'" for c in commands)
            self._told = Notification(  # markup as every line (a path may hold brackets)
                escape(f"{some} interrupted; what was done is kept ({quoted})."),
                title=TITLE,
                timeout=timeout_s,
                markup=True,
            )
            self._told_ids = ids
            return self._told

    def left_untold(self) -> str | None:
        """The line for the terminal, as lumbar closes before it could be told (quit under
        the too-small notice, say) or while it is still up (told a moment before: quit at
        once, it may not have been drawn, or read): one plain line with the command that
        shows each session (None when there is nothing left to tell). Given once."""
        with self._lock:
            told = self._told_ids if self._still_up() is not None else ()
            ids = (*told, *self._untold)
            self._untold, self._told, self._told_ids = (), None, ()
        if not ids:
            return None
        some, commands = self._words(ids)
        if len(commands) > 1:  # where each command ends, as the line in the app says
            commands = [f"'{c}'" for c in commands]
        return f"lumbar: {some.lower()} interrupted; what was done is kept: {', '.join(commands)}"

    def _still_up(self) -> Notification | None:
        """The line told, unless its time is up (then it is gone from the screen)."""
        if self._told is not None and self._told.has_expired:
            self._told, self._told_ids = None, ()
        return self._told

    def _words(self, ids: tuple[int, ...]) -> tuple[str, list[str]]:
        """How many sessions were interrupted, in words ("A session was"), and the command
        that shows each (``log show`` takes one)."""
        commands = [self._command(f"log show {i}") for i in ids]
        some = "A session was" if len(commands) == 1 else f"{len(commands)} sessions were"
        return some, commands


def line_seen(top: Screen[Any], *, offer_coming: bool, starting: bool, fits: bool) -> bool:
    """Whether a line (an information toast) told now is seen whole and read: not while the
    offer at start is waiting or up (``offer_coming``), nor while a session is on its way
    (``starting``: its routine's own offer to resume, or its screen, is to come); not where
    the notice is about to come over the screen on top (``fits``: whether the terminal has
    the room it needs; a screen just closed, say). Then the screen on top says, if it can
    (``SaysWhetherLinesShow``: the session's mat view shows a line cut short); else not over
    a dialog: at 40×12 the line covered the offer's words, at 50×18 its keys, and went
    unread under it; over the too-small notice, help and a session's question no such line
    is drawn (``lumbar.tcss``)."""
    if offer_coming or starting or not fits:
        return False
    if isinstance(top, SaysWhetherLinesShow):
        return top.shows_a_line_whole()
    return not isinstance(top, ModalScreen)
