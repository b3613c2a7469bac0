"""Text put into a DataTable shown as written.

A DataTable reads a plain ``str`` cell as Rich markup: a name from a person's own catalog
such as "Bridge [band]" would lose its brackets, and one holding "[/]" would stop the app.
"""

from __future__ import annotations

import re

MARKUP_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")
"""What Rich's markup takes for a tag (``rich.markup.escape`` also adds a backslash after a
trailing one, which a cell on its own then shows)."""


def _escaped_tag(match: re.Match[str]) -> str:
    backslashes, tag = match.groups()
    return f"{backslashes}{backslashes}\\{tag}"


def table_cells(cells: tuple[str, ...]) -> tuple[str, ...]:
    """Cells as a DataTable shows them: every character as written."""
    return tuple(MARKUP_TAG.sub(_escaped_tag, cell) for cell in cells)
