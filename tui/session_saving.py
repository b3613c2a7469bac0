"""Where a live session's rows go: its writer, fed from the session's effects in one place,
written in a thread (a slow disk never holds up the clock).

A write that fails keeps its rows (the writer puts them back) and is told once; the next one
that works says nothing was lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from db.sessions import Row, SessionWriter

Tell = Callable[[str, str, bool], None]
"""One line for the person: text, title, and whether it is an error."""


class SessionSaving:
    def __init__(self, writer: SessionWriter, tell: Tell) -> None:
        self.writer = writer
        self._tell = tell
        self._problem: str | None = None
        self._writing: asyncio.Task[None] | None = None
        self._again = False

    def keep(self, rows: Sequence[Row], *, save: bool) -> None:
        """Rows for the writer's buffer; ``save``: write what it holds soon."""
        if rows:
            self.writer.write(rows)
        if save:
            self.save()

    def save(self) -> None:
        if self._writing is not None and not self._writing.done():
            self._again = True  # once this write is done: what came since goes too
            return
        self._writing = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        while True:
            self._again = False
            try:
                await asyncio.to_thread(self.writer.flush)
            except DatabaseProblem as problem:
                if self._problem is None:
                    self._tell(
                        f"{problem}. The session goes on and lumbar keeps trying to save it.",
                        "Not saved yet",
                        True,
                    )
                self._problem = str(problem)
            else:
                if self._problem is not None:
                    self._problem = None
                    self._tell("Saved again: nothing was lost.", "Saved", False)
            if not self._again:
                return
