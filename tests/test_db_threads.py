"""The session database used from several threads, as the app's workers use it: each
thread has its own connection to the real file, so no thread sees or spoils another's
unfinished transaction."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_database
from db.demo import record_as_demo
from db.sessions import SessionWriter
from db.transactions import writing

WAIT_S = 30


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
