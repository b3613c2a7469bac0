"""A lumbar database damaged inside: it opens, and reading its sessions fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db.connection import open_database


def damaged_inside(path: Path) -> bytes:
    """A new database whose schema is whole (it opens) and the pages of the sessions table and
    its indexes overwritten: the first look for a session fails with SQLite's own words
    ("database disk image is malformed", in a worker's traceback's words)."""
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = conn.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = 'sessions'")
        pages = [root for (root,) in roots]
    conn.close()
    data = bytearray(path.read_bytes())
    for number in pages:
        data[(number - 1) * page : number * page] = b"\xab" * page
    return bytes(data)
