"""How a table's text is laid out in the terminal's width: the columns' widths, a long
cell wrapped onto a few lines of its row, a cell cut with "…" where it must be.

Widths are terminal cells (``rich.cells.cell_len``), not characters: a name from a
person's own catalog may hold wide characters, two cells each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len, chop_cells

TABLE_BORDER_W = 2
"""A table's border, left and right."""
TABLE_FRAME_W = TABLE_BORDER_W + 2
"""A table's border and its vertical scrollbar."""
MAX_CELL_LINES = 3
"""A long name or outcome wraps onto at most this many lines of its row."""
ELLIPSIS = "…"


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


def cut_cell(text: str, width: int) -> str:
    """``text`` as it is when it fits ``width`` columns, else cut to end with "…" within
    them (trailing spaces before the "…" dropped)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    kept = chop_cells(text, width - 1)[0]
    return kept.rstrip() + ELLIPSIS


def wrap_cell(text: str, width: int) -> list[str]:
    """A cell's text in lines of at most ``width`` columns (words kept whole where they fit,
    a word longer than a line split); at most ``MAX_CELL_LINES``, the last cut with "…"
    when the text goes on past it."""
    width = max(1, width)
    lines: list[str] = []
    ends: list[int] = []  # where in ``text`` each line ends
    for word in re.finditer(r"\S+", text):
        at = word.start()
        pieces = chop_cells(word[0], width) if cell_len(word[0]) > width else [word[0]]
        for index, piece in enumerate(pieces):
            at += len(piece)
            joined = f"{lines[-1]} {piece}" if lines and index == 0 else ""
            if joined and cell_len(joined) <= width:
                lines[-1], ends[-1] = joined, at
            else:
                lines.append(piece)
                ends.append(at)
    if len(lines) > MAX_CELL_LINES:
        rest = " ".join(text[ends[MAX_CELL_LINES - 2] :].split())
        lines = [*lines[: MAX_CELL_LINES - 1], cut_cell(rest, width)]
    return lines or [""]
