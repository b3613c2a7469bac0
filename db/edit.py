"""Changing what the log holds: a session's note, or the whole session gone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.transactions import writing

if TYPE_CHECKING:
    from sqlite_utils import Database


def set_note(db: Database, session_id: int, note: str | None) -> bool:
    """Set (or, with None or blank text, clear) a session's note. False: no such session."""
    text = note.strip() if note is not None else ""
    with writing(db):
        cursor = db.execute("UPDATE sessions SET note = ? WHERE id = ?", [text or None, session_id])
        changed: int = cursor.rowcount
    return changed > 0


def delete_session(db: Database, session_id: int) -> bool:
    """Remove the session and its rows in every table that has a ``session_id``; nothing
    else. False: no such session."""
    with writing(db):
        if db.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone() is None:
            return False
        for table in _tables_with_session_id(db):
            db.execute(f'DELETE FROM "{table}" WHERE session_id = ?', [session_id])
        db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
    return True


def _tables_with_session_id(db: Database) -> list[str]:
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'sessions' "
            "AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    return [
        table
        for table in tables
        if any(row[1] == "session_id" for row in db.execute(f'PRAGMA table_info("{table}")'))
    ]
