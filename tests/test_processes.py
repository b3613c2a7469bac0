"""A session's process is alive only while it can still run: a zombie is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_database
from db.processes import process_alive, process_state
from db.sessions import SessionWriter, mark_interrupted


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
