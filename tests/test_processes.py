"""A session's process is alive only while it can still run: a zombie is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_database
from db.processes import process_alive, process_state
from db.running import running_sessions
from db.sessions import SessionWriter, iso, mark_interrupted, utc_now


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "lumbar.db")
    yield database
    database.close()


@pytest.fixture
def zombie() -> Iterator[int]:
    """A child killed and not yet reaped: it answers kill(pid, 0) but will never run."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    os.kill(child.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while process_state(child.pid) != "Z":
        assert time.monotonic() < deadline, "the child never became a zombie"
        time.sleep(0.01)
    try:
        yield child.pid
    finally:
        child.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_zombie_is_not_alive(zombie: int) -> None:
    os.kill(zombie, 0)  # the kernel still answers for it ...
    assert not process_alive(zombie)  # ... but it will never write again


def test_a_running_process_is_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert process_alive(child.pid)
    finally:
        child.kill()
        child.wait()
    assert not process_alive(child.pid)
    assert not process_alive(None)
    assert process_alive(os.getpid())


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_the_session_of_a_killed_unreaped_lumbar_becomes_interrupted(
    db: Database, zombie: int
) -> None:
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    db.table("sessions").update(writer.session_id, {"pid": zombie})
    assert mark_interrupted(db) == [writer.session_id]
    status = db.execute("SELECT status FROM sessions WHERE id = ?", [writer.session_id]).fetchone()
    assert status == ("interrupted",)


def test_running_sessions_are_those_whose_writer_can_still_finish(db: Database) -> None:
    mine = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    remote = SessionWriter.start(db, kind="routine", routine_id="back-ten")
    db.table("sessions").update(remote.session_id, {"host": "another-machine", "pid": 1})
    SessionWriter.start(db, kind="recording")  # a recording is no session a person does
    found = running_sessions(db)
    assert [(s.session_id, s.on_this_machine) for s in found] == [
        (mine.session_id, True),
        (remote.session_id, False),
    ]
    assert [s.session_id for s in running_sessions(db, exclude_pid=os.getpid())] == [
        remote.session_id
    ]
    # Not written for minutes: its writer is gone, wherever it ran, unless it is stopped
    # here (test_a_stopped_lumbar_keeps_its_session_however_long_it_is_quiet).
    later = utc_now() + timedelta(minutes=10)
    assert running_sessions(db, now=later) == []


@pytest.fixture
def sleeper() -> Iterator[int]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield child.pid
    finally:
        child.kill()
        child.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_stopped_lumbar_keeps_its_session_however_long_it_is_quiet(
    db: Database, sleeper: int
) -> None:
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    db.table("sessions").update(writer.session_id, {"pid": sleeper})
    os.kill(sleeper, signal.SIGSTOP)  # ctrl+z
    deadline = time.monotonic() + 10
    while process_state(sleeper) != "T":
        assert time.monotonic() < deadline, "the child never stopped"
        time.sleep(0.01)
    later = utc_now() + timedelta(hours=2)
    assert [s.session_id for s in running_sessions(db, now=later)] == [writer.session_id]
    assert mark_interrupted(db, later) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_process_that_started_after_the_last_write_did_not_write_it(
    db: Database, sleeper: int
) -> None:
    """The writer is gone and its pid now names another process (started since)."""
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    before = iso(utc_now() - timedelta(minutes=1))
    db.table("sessions").update(writer.session_id, {"pid": sleeper, "updated_at": before})
    assert running_sessions(db) == []
    assert mark_interrupted(db) == [writer.session_id]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_live_process_that_is_not_stopped_and_writes_nothing_is_not_the_writer(
    db: Database, sleeper: int
) -> None:
    """A lumbar that runs writes its session every second. A pid of this machine's name that
    is alive, not stopped, and silent for minutes is not one: another machine or container
    with the same host name wrote the row (its pid names some process here), or the lumbar
    is wedged. It is taken as gone after ``STALE_AFTER_S``, as it was before."""
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    db.table("sessions").update(writer.session_id, {"pid": sleeper})  # started before
    assert [s.session_id for s in running_sessions(db)] == [writer.session_id]
    later = utc_now() + timedelta(minutes=10)
    assert running_sessions(db, now=later) == []
    assert mark_interrupted(db, later) == [writer.session_id]


def test_on_windows_no_signal_is_sent_and_the_rows_age_decides(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.kill(pid, 0) is CTRL_C_EVENT on Windows: it must never be sent to ask."""

    def no_kill(pid: int, sig: int) -> None:
        raise AssertionError(f"os.kill({pid}, {sig}) sent")

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    db.table("sessions").update(writer.session_id, {"pid": gone.pid})
    monkeypatch.setattr("db.processes.WINDOWS", True)
    monkeypatch.setattr("db.processes.os.kill", no_kill)
    monkeypatch.setattr("db.processes.PROC", Path("/no/proc/here"))
    assert process_alive(gone.pid)
    assert mark_interrupted(db) == []  # written just now: its lumbar may still be there
    assert mark_interrupted(db, utc_now() + timedelta(minutes=10)) == [writer.session_id]
