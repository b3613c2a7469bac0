"""A lumbar database damaged inside: it opens, and reading its sessions fails."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from db.connection import open_database
from db.dose_pins import pinned_doses
from db.errors import DatabaseProblem

UNREADABLE = "not a readable lumbar database"
"""What lumbar says of a file damaged inside."""


def damaged_inside(path: Path) -> bytes:
    """A new database whose schema is whole (it opens) and the pages of the sessions table and
    its indexes overwritten: the first look for a session fails with SQLite's own words
    ("database disk image is malformed", in a worker's traceback's words)."""
    open_database(path).close()
    return _overwritten(path, ("sessions",))


def damaged_history(path: Path) -> bytes:
    """A database of four Core basics sessions (the person's, not the demo's) whose sessions
    read whole and whose sets and events do not: the pages of the steps and events tables
    and their indexes overwritten, as a QA trial's 0xAB over pages 4-6 did. It opens, the
    log lists it, and the first read of a routine's past sets fails in SQLite's words."""
    from datetime import date, timedelta

    from dose_sessions import session

    from catalog import load_catalog

    db = open_database(path)
    catalog = load_catalog(None)
    for day in range(4):
        session(db, catalog, "core-basics", date(2026, 11, 1) + timedelta(days=day))
    db.close()
    return _overwritten(path, ("steps", "events"))


def damaged_pins(path: Path) -> bytes:
    """A new database whose pinned doses' pages (a table no session writes) are overwritten:
    sessions, sets and events are whole, reading the pins fails."""
    open_database(path).close()
    return _overwritten(path, ("dose_pins",))


def _overwritten(path: Path, tables: tuple[str, ...]) -> bytes:
    """The file at ``path`` (checkpointed) with the pages of ``tables`` and their indexes
    overwritten with 0xAB: the bytes to write over it."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        marks = ", ".join("?" * len(tables))
        roots = conn.execute(
            f"SELECT rootpage FROM sqlite_master WHERE tbl_name IN ({marks})", tables
        )
        pages = [root for (root,) in roots if root]
    conn.close()
    data = bytearray(path.read_bytes())
    for number in pages:
        data[(number - 1) * page : number * page] = b"\xab" * page
    return bytes(data)


def found_damaged(db: Any) -> None:
    """A read of the pinned doses in another thread (a fresh connection, as a worker's) meets
    the damage of a file made by ``damaged_pins``, and says so."""
    found: list[BaseException] = []

    def read() -> None:
        try:
            pinned_doses(db, "core-basics")
        except DatabaseProblem as problem:
            found.append(problem)

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert len(found) == 1
    assert UNREADABLE in str(found[0])
