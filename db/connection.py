"""Opening the session database: private files, WAL, migrations, and plain-language errors."""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from db.errors import DatabaseProblem
from db.schema import MIGRATIONS

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.per_thread import PerThreadDatabase

BUSY_TIMEOUT_MS = 3000
SQLITE_MIN = (3, 30, 0)
"""The oldest SQLite lumbar's queries run on (2019): FILTER on an aggregate (the trends).
They need its JSON functions too (``json_each``): built in from 3.38, in most builds
before."""


def open_database(
    path: Path, *, writable: bool = True, timeout_s: float = BUSY_TIMEOUT_MS / 1000
) -> Database:
    """The database at ``path``, created (private to the user) and migrated as needed; each
    thread that uses it has a connection of its own (``db.per_thread``).

    With ``writable=False`` nothing is created or changed: for reading the log. Raises
    ``DatabaseProblem`` with one line for a missing (when reading), locked, read-only,
    corrupt or newer file, or an SQLite too old (``check_sqlite``); such a file is never
    changed or overwritten.
    """
    check_sqlite()
    if not path.exists():
        if not writable:
            raise DatabaseProblem(f"no sessions yet: {path} is created by the first session")
        _create_private(path)
    elif writable and (not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR):
        raise DatabaseProblem(
            f"{path} is read-only; make it writable or choose another file with --db PATH"
        )
    from db.per_thread import PerThreadDatabase

    # The file exists by now: a thread's connection must never create one (mode=rw), were
    # it moved away meanwhile. A write-protected file opens read-only, as before.
    uri = f"{path.absolute().as_uri()}?mode=rw"

    def connect() -> sqlite3.Connection:
        # Not checked for the thread: PerThreadDatabase hands each thread its own, and
        # closes those of ended threads from another.
        try:
            conn = sqlite3.connect(
                uri, uri=True, timeout=timeout_s, check_same_thread=False, factory=_Said
            )
        except sqlite3.Error as error:
            raise problem(path, error) from None
        conn.path = path
        conn.found_in = opened
        # Searching ignores case in every language, not only ASCII (SQLite's LIKE).
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: each commit reaches the disk, so a pulled plug too loses at most a second.
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    opened: list[PerThreadDatabase] = []  # the database its connections find damage in

    try:
        db = PerThreadDatabase(path, connect)
    except sqlite3.Error as error:
        raise problem(path, error) from None
    opened.append(db)
    try:
        # Migrations recreate tables: with foreign keys enforced, that would cascade.
        db.execute("PRAGMA foreign_keys = OFF")
        _check_and_migrate(db, path, writable)
        db.execute("PRAGMA foreign_keys = ON")
        if writable:
            # Find a lock now, with one clear line, rather than at the first save.
            db.execute("BEGIN IMMEDIATE")
            db.conn.rollback()
    except DatabaseProblem:
        db.close()
        raise
    except sqlite3.Error as error:
        db.close()
        raise problem(path, error) from None
    return db


def check_sqlite() -> None:
    """Raises ``DatabaseProblem`` with one line where the SQLite this Python uses cannot run
    lumbar's queries (``SQLITE_MIN``): said where the database opens, not met as a
    traceback at the first query that needs what it lacks."""
    version = sqlite3.sqlite_version
    if sqlite3.sqlite_version_info < SQLITE_MIN:
        least = ".".join(str(part) for part in SQLITE_MIN[:2])
        raise DatabaseProblem(
            f"SQLite {version} is too old for lumbar (it needs {least} or newer, from 2019): "
            "upgrade SQLite, or use a Python built with a newer one"
        )
    if not _has_json():
        raise DatabaseProblem(
            f"SQLite {version} here has no JSON functions, which lumbar needs: use a Python "
            "built with an SQLite that has them (any from 3.38 on does)"
        )


@functools.cache
def _has_json() -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("SELECT value FROM json_each('[1]')").fetchall()
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
    return True


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


def _create_private(path: Path) -> None:
    """An empty file readable by its owner only, in a folder only its owner can enter."""
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700)
            os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        return
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise DatabaseProblem(
            f"cannot create the database at {path}: {reason.lower()}; "
            "choose another place with --db PATH or LUMBAR_DB"
        ) from None


def _check_and_migrate(db: Database, path: Path, writable: bool) -> None:
    # Reading the header first tells a corrupt or foreign file from a good one before writing.
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    version = db.execute("PRAGMA user_version").fetchone()[0]
    known = len(MIGRATIONS)
    if version > known:
        raise DatabaseProblem(
            f"{path} was written by a newer lumbar (schema {version}, this one knows {known}); "
            "upgrade lumbar to use it; the file is left as it is"
        )
    if version == 0 and not writable:
        raise DatabaseProblem(f"no sessions yet in {path}")
    if not writable:
        return
    # WAL on every file written, not only those migrated (a copy may come back in another
    # mode): without it a read in one thread would hold off a write in another.
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    for number in range(version, known):
        with db.atomic():
            MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version = {number + 1}")


FILE_ERRORS = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_NOTADB,
    }
)
"""SQLite's primary result codes that say the file cannot be used as it is (damaged, locked,
read-only, full, gone), not that a statement is wrong: what ``_Said`` tells as a
``DatabaseProblem``. Other errors (a constraint, SQL that does not fit the schema) stay
SQLite's own: they are lumbar's to handle (sqlite-utils catches some) or a bug.

BUSY and READONLY thus come out as ``DatabaseProblem``, not ``sqlite3.OperationalError``,
so sqlite-utils' own ``except OperationalError`` fallbacks would not catch them: ``query()``
retrying RELEASE after INSERT … RETURNING, the ``supports_on_conflict`` and ``strict``
probes. lumbar uses none of them; one that does must catch ``DatabaseProblem`` too."""
DAMAGE = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
"""Of ``FILE_ERRORS``, those that say the file is damaged: for good, not for a moment."""


def _of_the_file(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in FILE_ERRORS


class _Said(sqlite3.Connection):
    """A connection whose every statement (and every row fetched: a damaged page is often
    met only there) tells a file that cannot be used as one ``DatabaseProblem`` line
    (``problem``): the one path every read and write takes, so no caller has to catch
    SQLite's own errors to say so."""

    path: Path
    found_in: list[PerThreadDatabase]
    """The database this connection is one of: a damaged page met here is its damage
    (``PerThreadDatabase.damaged``), which nothing new is then written near."""

    def cursor(self, factory: Any = None) -> Any:
        try:
            return super().cursor(factory or _SaidCursor)
        except sqlite3.Error as error:
            raise self.problem(error) from None

    def _said_cursor(self) -> _SaidCursor:
        cursor: _SaidCursor = self.cursor()
        return cursor

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return self._said_cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        return self._said_cursor().executemany(sql, parameters)

    def executescript(self, script: str, /) -> sqlite3.Cursor:
        return self._said_cursor().executescript(script)

    def commit(self) -> None:
        try:
            super().commit()
        except sqlite3.Error as error:
            raise self.problem(error) from None

    def problem(self, error: sqlite3.Error) -> DatabaseProblem | sqlite3.Error:
        """What to raise for ``error``: a ``DatabaseProblem`` when it is the file's."""
        if not _of_the_file(error):
            return error
        found = problem(self.path, error)
        if error.sqlite_errorcode & 0xFF in DAMAGE:
            for db in self.found_in:
                db.damaged = found
        return found


class _SaidCursor(sqlite3.Cursor):
    """A ``_Said`` connection's cursor: its errors told as the connection tells them."""

    connection: _Said

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as error:
            raise self.connection.problem(error) from None

    def executemany(self, sql: str, parameters: Any, /) -> Self:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.Error as error:
            raise self.connection.problem(error) from None

    def executescript(self, script: str, /) -> Self:
        try:
            super().executescript(script)
            return self
        except sqlite3.Error as error:
            raise self.connection.problem(error) from None

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as error:
            raise self.connection.problem(error) from None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except sqlite3.Error as error:
            raise self.connection.problem(error) from None

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as error:
            raise self.connection.problem(error) from None

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as error:
            raise self.connection.problem(error) from None


def said(db: Database, error: DatabaseProblem | sqlite3.Error) -> str:
    """One line for a failure to read or write ``db``: what SQLite said turned into what to
    do (a file damaged since it was opened reads as "malformed" only once its pages are)."""
    from db.per_thread import PerThreadDatabase

    if isinstance(error, sqlite3.Error) and isinstance(db, PerThreadDatabase):
        return str(problem(db.path, error))
    return str(error)


def problem(path: Path, error: sqlite3.Error | OSError) -> DatabaseProblem:
    """Turn what SQLite says into one line a person can act on."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseProblem(
            f"{path} is locked by another program; close it (or the other lumbar) and try again"
        )
    if "readonly" in text or "read-only" in text or getattr(error, "errno", None) == errno.EROFS:
        return DatabaseProblem(
            f"{path} is read-only; make it writable or choose another file with --db PATH"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseProblem(
            f"{path} is not a readable lumbar database (damaged or another kind of file); "
            "it was left untouched: move it aside or choose another file with --db PATH"
        )
    if "unable to open" in text:
        return DatabaseProblem(
            f"cannot open {path}; check the folder exists and is yours, or use --db PATH"
        )
    return DatabaseProblem(f"{path}: {error}; try again, or choose another file with --db PATH")
