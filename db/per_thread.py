"""One database, a connection for each thread that uses it.

The app reads and writes the session database from worker threads. Sharing one sqlite3
connection among them shares one transaction: a reader's savepoint made a writer's
BEGIN IMMEDIATE fail ("cannot start a transaction within a transaction", told as a lock),
a reader saw rows another thread had not committed, and a failed write's rollback would
undo another thread's rows. Here each thread opens its own connection to the same file
on first use, set up the same way; WAL lets readers go on while one writes, and writers
wait for each other within the busy timeout.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

Connect = Callable[[], sqlite3.Connection]


class PerThreadDatabase(Database):
    """A sqlite-utils ``Database`` whose ``conn`` is the calling thread's own connection.

    ``connect`` opens a connection set up as every one must be (functions, pragmas); SQL
    given to ``on_every_connection`` (a temporary trigger) runs on each one too.
    """

    def __init__(self, path: Path, connect: Connect) -> None:
        self.path = path
        self._connect = connect
        self._lock = threading.Lock()
        self._connections: dict[threading.Thread, sqlite3.Connection] = {}
        self._each_connection: list[str] = []
        super().__init__(self._connection_of_this_thread(), execute_plugins=False)

    @property
    def conn(self) -> sqlite3.Connection:
        return self._connection_of_this_thread()

    @conn.setter
    def conn(self, connection: sqlite3.Connection) -> None:
        """sqlite-utils sets the connection it was given; it is already this thread's."""
        with self._lock:
            self._connections[threading.current_thread()] = connection

    def _connection_of_this_thread(self) -> sqlite3.Connection:
        thread = threading.current_thread()
        with self._lock:
            connection = self._connections.get(thread)
            each = list(self._each_connection)
        if connection is not None:
            return connection
        connection = self._connect()
        connection.execute("PRAGMA recursive_triggers = on")  # as sqlite-utils sets its own
        for sql in each:
            connection.execute(sql)
        with self._lock:
            self._close_those_of_ended_threads()
            self._connections[thread] = connection
        return connection

    def _close_those_of_ended_threads(self) -> None:
        for thread in [t for t in self._connections if not t.is_alive()]:
            self._connections.pop(thread).close()

    def on_every_connection(self, sql: str) -> None:
        """Run ``sql`` (connection-scoped: a temporary trigger) on every connection: those
        open now and each one opened from now on."""
        with self._lock:
            self._each_connection.append(sql)
            open_now = list(self._connections.values())
        for connection in open_now:
            connection.execute(sql)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            connections = list(self._connections.values())
            self._connections.clear()
        for connection in connections:
            connection.close()
