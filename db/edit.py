"""Changing what the log holds: a session's note, or the whole session gone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.schema import tables_with_column
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
        for table in tables_with_column(db, "session_id"):
            db.execute(f'DELETE FROM "{table}" WHERE session_id = ?', [session_id])
        db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
    return True
