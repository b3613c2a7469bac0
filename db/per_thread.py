"""One database, a connection for each thread that uses it.

The app reads and writes the session database from worker threads. Sharing one sqlite3
connection among them shares one transaction: a reader's savepoint made a writer's
BEGIN IMMEDIATE fail ("cannot start a transaction within a transaction", told as a lock),
a reader saw rows another thread had not committed, and a failed write's rollback would
undo another thread's rows. Here each thread opens its own connection to the same file
on first use, set up the same way; WAL lets readers go on while one writes, and writers
wait for each other within the busy timeout.

A cursor (and a sqlite-utils ``query`` generator) belongs to the thread that made it: the
connections of ended threads are closed when the next thread opens one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from db.errors import DatabaseProblem

Connect = Callable[[], sqlite3.Connection]


@dataclass
class _Mine:
    """A thread's connection, and how many of the statements for every connection it ran."""

    connection: sqlite3.Connection
    ran: int = 0


class PerThreadDatabase(Database):
    """A sqlite-utils ``Database`` whose ``conn`` is the calling thread's own connection.

    ``connect`` opens a connection set up as every one must be (functions, pragmas); SQL
    given to ``on_every_connection`` (a temporary trigger) runs on each one too.
    """

    def __init__(self, path: Path, connect: Connect) -> None:
        self.path = path
        self._connect = connect
        self._lock = threading.Lock()
        self._local = threading.local()
        self._all: dict[threading.Thread, _Mine] = {}
        self._each_connection: list[str] = []
        self._closed = False
        self.damaged: DatabaseProblem | None = None
        """Set once a statement found the file damaged (``db.connection``): nothing new is
        written to it (``db.transactions.writing``) while this process lasts; a session
        already running goes on saving, reading what still reads goes on."""
        super().__init__(connect(), execute_plugins=False)

    @property
    def conn(self) -> sqlite3.Connection:
        mine: _Mine | None = getattr(self._local, "mine", None)
        if mine is None:
            mine = self._open_for_this_thread()
        if mine.ran < len(self._each_connection) and not mine.connection.in_transaction:
            self._catch_up(mine)
        return mine.connection

    @conn.setter
    def conn(self, connection: sqlite3.Connection) -> None:
        """sqlite-utils sets the connection it was given: this thread's."""
        self._keep(_Mine(connection))

    def _open_for_this_thread(self) -> _Mine:
        if self._closed:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        connection = self._connect()
        try:
            connection.execute("PRAGMA recursive_triggers = on")  # as sqlite-utils sets its own
        except sqlite3.Error:
            connection.close()
            raise
        mine = _Mine(connection)
        self._keep(mine)
        return mine

    def _keep(self, mine: _Mine) -> None:
        self._local.mine = mine
        with self._lock:
            for ended in [t for t in self._all if not t.is_alive()]:
                self._all.pop(ended).connection.close()
            self._all[threading.current_thread()] = mine

    def _catch_up(self, mine: _Mine) -> None:
        """Run the statements for every connection that this one has not run yet (between
        transactions only: a rollback would undo them)."""
        with self._lock:
            due = self._each_connection[mine.ran :]
        for sql in due:
            mine.connection.execute(sql)
            mine.ran += 1

    def on_every_connection(self, sql: str) -> None:
        """Run ``sql`` (connection-scoped: a temporary trigger) on this thread's connection
        now and on every other before its next statement outside a transaction."""
        with self._lock:
            self._each_connection.append(sql)
        _ = self.conn

    def close(self) -> None:
        """Close every thread's connection; using the database afterwards is an error."""
        with self._lock:
            self._closed = True
            mine = list(self._all.values())
            self._all.clear()
        self._local = threading.local()
        for each in mine:
            each.connection.close()
