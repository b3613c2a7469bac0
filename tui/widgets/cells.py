"""Text put into a DataTable shown as written.

A DataTable reads a plain ``str`` cell as Rich markup: a name from a person's own catalog
such as "Bridge [band]" would lose its brackets, and one holding "[/]" would stop the app.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len

MARKUP_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")
"""What Rich's markup takes for a tag (``rich.markup.escape`` also adds a backslash after a
trailing one, which a cell on its own then shows)."""


def _escaped_tag(match: re.Match[str]) -> str:
    backslashes, tag = match.groups()
    return f"{backslashes}{backslashes}\\{tag}"


def table_cells(cells: tuple[str, ...]) -> tuple[str, ...]:
    """Cells as a DataTable shows them: every character as written."""
    return tuple(MARKUP_TAG.sub(_escaped_tag, cell) for cell in cells)


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
