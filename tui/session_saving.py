"""Where a live session's rows go: its record, opened (or reopened, to resume) when the pain
check is answered, and its writer, fed from the session's effects in one place, written in a
thread (a slow disk never holds up the clock), or at once as lumbar closes.

A write that fails keeps its rows (the writer puts them back) and is told once; the next one
that works says nothing was lost.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.sessions import Row, SessionWriter
    from tui.live import LiveSession

Tell = Callable[[str, str, bool], None]
"""One line for the person: text, title, and whether it is an error."""


def open_record(
    db: Database, live: LiveSession, pain_before: int | None
) -> tuple[SessionWriter, float]:
    """The writer of ``live``'s record in ``db``, a new one or the interrupted one it resumes,
    and the seconds since the session started: a resumed session's clock goes on from its
    start (the time away included)."""
    from db.sessions import SessionWriter, utc_now
    from tui.version import lumbar_version

    resumption = live.resumption
    if resumption is None:
        fields = live.record_fields(pain_before)
        return SessionWriter.start(db, **fields, app_version=lumbar_version()), 0.0
    writer = SessionWriter.resume(db, resumption.session_id, resumption.set_index)
    return writer, (utc_now() - writer.started_at).total_seconds()


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

    def write_now(self, rows: Sequence[Row]) -> None:
        """``rows`` written at once, in this thread: lumbar is closing, and no loop is left to
        write them later. A write that fails is let go: the next start finds the session
        interrupted all the same."""
        if rows:
            self.writer.write(rows)
            with contextlib.suppress(DatabaseProblem):
                self.writer.flush()
