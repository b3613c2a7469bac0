"""Demo work kept apart from a person's history.

``--demo`` keeps its sessions in a database of its own unless ``--db`` or ``LUMBAR_DB``
names one, and every session it records is marked (``sessions.demo`` = 1). What counts as
the person's history (progression, trends, streaks, exports) leaves demo sessions out
unless asked for: ``history_filter`` is that rule as one SQL condition, for every reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

DEMO_DB_NAME = "demo.db"
"""The file ``--demo`` keeps its sessions in when no database is named."""

_MARK_DEMO = """
CREATE TEMP TRIGGER IF NOT EXISTS lumbar_demo_sessions AFTER INSERT ON main.sessions
BEGIN
    UPDATE sessions SET demo = 1 WHERE id = NEW.id;
END
"""


def record_as_demo(db: Database) -> None:
    """Every session written through this database from now on is a demo session.

    A temporary trigger: it belongs to the demo's connections alone (each thread's, see
    ``db.per_thread``), and goes with them, so whatever starts a session there (the session
    screen, a recording) is marked without having to know it runs in a demo."""
    from db.per_thread import PerThreadDatabase

    if not has_demo_column(db):
        return
    if isinstance(db, PerThreadDatabase):
        db.on_every_connection(_MARK_DEMO)
    else:
        db.execute(_MARK_DEMO)


def history_filter(db: Database, alias: str = "s", *, include_demo: bool = False) -> str:
    """The SQL condition on ``sessions`` (as ``alias``) for a session that counts as the
    person's history: not a demo's, unless ``include_demo``. Always true on a file from
    before demo sessions were marked (opened read-only, not upgraded)."""
    if include_demo or not has_demo_column(db):
        return "1"
    return f"{alias}.demo = 0"


def has_demo_column(db: Database) -> bool:
    return any(row[1] == "demo" for row in db.execute("PRAGMA table_info(sessions)").fetchall())


def demo_session_ids(db: Database) -> set[int]:
    """The sessions a demo recorded (none on a file from before they were marked)."""
    if not has_demo_column(db):
        return set()
    return {row[0] for row in db.execute("SELECT id FROM sessions WHERE demo = 1").fetchall()}


def is_demos_own_file(db: Database) -> bool:
    """Whether this is the demo's own database (by its file's name), where every session is
    the demo's: nothing there needs marking as not the person's."""
    for _, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return bool(path) and Path(path).name == DEMO_DB_NAME
    return False
