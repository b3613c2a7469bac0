"""The session database used from several threads, as the app's workers use it: each
thread has its own connection to the real file, so no thread sees or spoils another's
unfinished transaction."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from sqlite_utils import Database

from db.connection import open_database
from db.demo import record_as_demo
from db.errors import DatabaseProblem
from db.sessions import SessionWriter
from db.transactions import writing

WAIT_S = 30
T = TypeVar("T")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "private" / "lumbar.db"


@pytest.fixture
def db(path: Path) -> Iterator[Database]:
    # A busy timeout as long as the tests' waits: a write waiting for another thread's is
    # released after a moment, however late a busy machine runs the release.
    database = open_database(path, timeout_s=WAIT_S)
    yield database
    database.close()


class HeldWrite:
    """A write transaction held open in a thread of its own until ``release``."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._written = threading.Event()
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._write)
        self.error: BaseException | None = None

    def _write(self) -> None:
        try:
            with writing(self._db):
                self._db.table("sessions").insert(
                    {
                        "kind": "routine",
                        "started_at": "2026-12-03T07:00:00Z",
                        "updated_at": "2026-12-03T07:00:00Z",
                        "status": "running",
                    }
                )
                self._written.set()
                assert self._release.wait(WAIT_S)
        except BaseException as error:  # told to the test, which asserts on it
            self.error = error
            self._written.set()

    def __enter__(self) -> HeldWrite:
        self._thread.start()
        assert self._written.wait(WAIT_S)
        assert self.error is None, self.error
        return self

    def release(self) -> None:
        self._release.set()

    def __exit__(self, *_: object) -> None:
        self.release()
        self._thread.join(WAIT_S)
        assert self.error is None, self.error


def sessions(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM sessions").fetchone()[0])


def test_a_reader_does_not_see_another_threads_unfinished_write(db: Database) -> None:
    with HeldWrite(db) as held:
        assert sessions(db) == 0, "read a row another thread has not committed"
        held.release()
    assert sessions(db) == 1


def test_a_write_waits_for_another_threads_write_instead_of_failing(db: Database) -> None:
    """Two workers writing at once (a session's flush and a note): the second waits for the
    first (the busy timeout), as it does for another program; it is not refused."""
    with HeldWrite(db) as held:
        release = threading.Timer(0.3, held.release)
        release.start()
        writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
        release.join()
    assert sessions(db) == 2
    assert db.execute(
        "SELECT routine_id FROM sessions WHERE id = ?", [writer.session_id]
    ).fetchone()


def test_a_failed_write_in_one_thread_keeps_another_threads_rows(db: Database) -> None:
    with HeldWrite(db) as held:
        release = threading.Timer(0.3, held.release)
        release.start()
        with pytest.raises(RuntimeError):
            failed_write(db)
        release.join()
    assert sessions(db) == 1, "the held write was undone, or the failed one kept"


def failed_write(db: Database) -> None:
    with writing(db):
        db.table("sessions").insert(
            {"kind": "recording", "started_at": "x", "updated_at": "x", "status": "running"}
        )
        raise RuntimeError("the second write fails")


def test_sessions_started_from_any_thread_of_the_demo_are_marked(db: Database) -> None:
    record_as_demo(db)
    with ThreadPoolExecutor(max_workers=2) as pool:
        started = list(
            pool.map(lambda _: SessionWriter.start(db, kind="routine").session_id, range(4))
        )
    marks = [
        db.execute("SELECT demo FROM sessions WHERE id = ?", [i]).fetchone()[0] for i in started
    ]
    assert marks == [1, 1, 1, 1]


def test_the_connections_of_ended_threads_are_closed(db: Database, path: Path) -> None:
    """Each worker thread opens a connection; they must not pile up as workers come and go.
    (SQLite itself may keep one closed connection's file open while another holds a lock.)"""

    def open_files() -> int:
        fds = Path("/proc/self/fd")
        return sum(1 for fd in fds.iterdir() if _points_to(fd, path))

    def readers(count: int) -> None:
        for _ in range(count):
            reader = threading.Thread(target=sessions, args=(db,))
            reader.start()
            reader.join(WAIT_S)

    readers(3)
    settled = open_files()
    readers(20)
    assert open_files() <= settled, "a connection kept open for each ended thread"


def _points_to(fd: Path, path: Path) -> bool:
    try:
        return os.readlink(fd) == str(path)
    except OSError:  # closed while listed
        return False


def in_a_thread(work: Callable[[], T]) -> T:
    """``work``'s result, or its exception, from a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result(timeout=WAIT_S)


def test_a_thread_never_creates_a_database_that_was_moved_away(path: Path) -> None:
    """A thread's first connection to a file that is gone says so in one line and creates
    nothing (an empty file, readable by others, would be a new database)."""
    writer_db = open_database(path, timeout_s=WAIT_S)
    reader_db = open_database(path, writable=False)
    path.rename(path.with_name("moved.db"))
    with pytest.raises(DatabaseProblem, match="cannot open"):
        in_a_thread(lambda: SessionWriter.start(writer_db, kind="routine"))
    with pytest.raises(DatabaseProblem, match="cannot open"):  # a read too: one line
        in_a_thread(lambda: sessions(reader_db))
    assert not path.exists()
    writer_db.close()
    reader_db.close()


def test_a_file_in_another_journal_mode_is_written_in_wal(path: Path) -> None:
    """A copy of the database may come back in rollback-journal mode; then a read in one
    thread would hold off a write in another until the busy timeout ran out."""
    open_database(path).close()
    plain = sqlite3.connect(path)
    plain.execute("PRAGMA journal_mode = DELETE")
    plain.close()
    db = open_database(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_the_demo_mark_survives_a_rollback_in_a_thread_that_was_writing(
    db: Database,
) -> None:
    """The demo's trigger reaches a thread already writing when the demo began, after its
    transaction: run inside it, the rollback would have taken the trigger away."""
    writing_now = threading.Event()
    marked = threading.Event()
    result: list[int] = []

    def worker() -> None:
        with contextlib.suppress(RuntimeError), writing(db):
            writing_now.set()
            assert marked.wait(WAIT_S)
            raise RuntimeError("this write fails and is rolled back")
        session_id = SessionWriter.start(db, kind="routine").session_id
        result.append(
            db.execute("SELECT demo FROM sessions WHERE id = ?", [session_id]).fetchone()[0]
        )

    thread = threading.Thread(target=worker)
    thread.start()
    assert writing_now.wait(WAIT_S)
    record_as_demo(db)
    marked.set()
    thread.join(WAIT_S)
    assert result == [1]


def test_a_closed_database_is_not_opened_again_by_a_thread(db: Database) -> None:
    db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        in_a_thread(lambda: sessions(db))
