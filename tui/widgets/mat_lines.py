"""Which lines for the person (toasts) the mat view shows, in the rows it keeps for them above
the exercise's row (the header's and the one under it; a short mat view: the header's alone).

A line alone there has both rows, its title and the start of its words; two lines up have a
row each, their titles (the dose changed since shown and no sound, told together: the first
went unseen under the second); more, the newest. A line a newer one left out comes back when
that one goes. Textual keeps the lines (toasts) in a rack of holders, oldest first, and does
not restyle a holder left last when a newer one goes, so the choice is made here, not by
``:last-child`` (``lumbar.tcss`` draws the holders given ``IN_VIEW``)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

IN_VIEW = "-in-view"
"""The class of a line's holder the mat view shows."""
TWO_LINES = "-two-lines"
"""The class of the screen while two lines share the rows, a row each."""


def show_lines(screen: Screen[Any], rows: int) -> None:
    """Mark the newest lines up on ``screen``, as many as its ``rows`` (2, or 1), as shown."""
    holders = list(screen.query("ToastRack > ToastHolder"))
    shown = holders[-rows:] if rows > 0 else []
    for holder in holders:
        holder.set_class(holder in shown, IN_VIEW)
    screen.set_class(len(shown) > 1, TWO_LINES)
