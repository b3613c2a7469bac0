"""How a table's text is laid out in the terminal's width: the columns' widths, and a
long cell wrapped onto a few lines of its row (the session's detail, the summary)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

TABLE_FRAME_W = 4
"""A table's border and its vertical scrollbar."""
MAX_CELL_LINES = 3
"""A long name or outcome wraps onto at most this many lines of its row."""


def fitted_widths(
    columns: Sequence[tuple[str, int]],
    rows: Sequence[tuple[str, ...]],
    room: int,
    grow: Sequence[int],
) -> tuple[int, ...]:
    """Each column's width: its least (``columns``: label, least width; together they fit 80
    columns), and the ``room`` left over given to the columns ``grow`` names, in that order,
    up to their longest cell, so a wide terminal shows a long name or outcome whole."""
    widths = [least for _, least in columns]
    spare = room - sum(widths)
    for index in grow:
        label, least = columns[index]
        longest = max([cell_len(label), *(cell_len(row[index]) for row in rows)])
        more = max(0, min(longest - least, spare))
        widths[index] += more
        spare -= more
    return tuple(widths)


def wrap_cell(text: str, width: int) -> list[str]:
    """A cell's text in lines of at most ``width`` columns (words kept whole where they fit);
    at most ``MAX_CELL_LINES``, the last cut with an ellipsis if need be."""
    import textwrap

    lines = textwrap.wrap(text, max(1, width)) or [""]
    if len(lines) > MAX_CELL_LINES:
        lines = [*lines[: MAX_CELL_LINES - 1], " ".join(lines[MAX_CELL_LINES - 1 :])]
    return lines
