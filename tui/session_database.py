"""The session database as the app hands it out.

It is opened (and migrated) once, in a thread (opening imports sqlite-utils, which is slow):
a moment after start, or at once when something needs it first. A problem the person may fix
is tried again the next time it is needed; a file that opened and met a damaged page since
is unusable. Browsing reads the same file read-only when it cannot be written. A problem is
told once while it lasts, and a session that could not be saved is refused with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkerCancelled, WorkerFailed

from db.errors import DatabaseProblem
from tui import one_session

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import App


class SessionDatabase:
    def __init__(
        self, app: App[Any], path: Path, opener: Callable[[], Database | DatabaseProblem]
    ) -> None:
        """``opener``: opens the database at ``path``, in a thread worker of ``app``."""
        self._app = app
        self._path = path
        self._open_database = opener
        self._database_worker: Worker[Database | DatabaseProblem] | None = None
        self._reader: Database | None = None
        """The database opened read-only for browsing, when it cannot be written."""
        self._told_unusable: str | None = None
        """The database problem last told, not told again while it lasts."""

    def opening(self) -> Worker[Database | DatabaseProblem]:
        if self._database_worker is None:
            self._database_worker = self._app.run_worker(
                self._open_database, thread=True, group="database", exit_on_error=False
            )
        return self._database_worker

    async def database(self) -> Database:
        """The open session database; raises DatabaseProblem when it cannot be used."""
        try:
            # Shielded: Worker.wait awaits the worker's own task, so a caller cancelled while
            # waiting (its screen closed) would cancel the opening for everyone.
            result = await asyncio.shield(self.opening().wait())
        except (WorkerCancelled, WorkerFailed) as error:  # lumbar is closing
            self._database_worker = None
            raise DatabaseProblem(f"the database was not opened: {error}") from None
        if isinstance(result, DatabaseProblem):
            self._database_worker = None  # the person may fix it: try again next time
            raise result
        damaged = getattr(result, "damaged", None)
        if damaged is not None:  # it opened, and a read met a damaged page since
            raise DatabaseProblem(str(damaged))
        self._told_unusable = None
        return result

    async def browsing_database(self) -> Database:
        """The database for reading the log: the session database when it can be written,
        else the same file opened read-only (a read-only or briefly locked file can still
        be browsed). Raises DatabaseProblem when it cannot even be read."""
        try:
            return await self.database()
        except DatabaseProblem as problem:
            from db.connection import open_database

            if self._reader is None:
                try:
                    self._reader = await asyncio.to_thread(
                        open_database, self._path, writable=False
                    )
                except DatabaseProblem:
                    raise problem from None
            return self._reader

    def tell_unusable(self, problem: str) -> None:
        """Tell that the database cannot be used, once while it lasts."""
        if problem == self._told_unusable:
            return  # each try to open it fails the same way: once is enough
        self._told_unusable = problem
        self._app.notify(
            f"{problem}. Browsing works; sessions cannot be saved until this is fixed.",
            title="Session database",
            severity="error",
            timeout=30,
        )

    def refuse_unsaved(self, problem: DatabaseProblem) -> None:
        """A session does not start: ``problem`` says why, once (told already: said so)."""
        if str(problem) != self._told_unusable:
            self._told_unusable = str(problem)
            one_session.refuse_unsaved(self._app.notify, problem)
        else:
            one_session.refuse_unsaved(self._app.notify, None)
