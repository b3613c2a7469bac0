"""Writing to the database: one short transaction taken at once, its errors as one line."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from db.connection import problem
from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from sqlite_utils import Database


@contextmanager
def writing(db: Database, *, session_open: bool = False) -> Iterator[None]:
    """One write transaction, taken at once (BEGIN IMMEDIATE) so that SQLite's busy
    timeout applies: a plain BEGIN that later needs to write fails at once when another
    program writes. Errors become one ``DatabaseProblem`` line.

    A file a read found damaged is not written anew (its damage is the line), so nothing
    recorded in it is lost: no session starts, no dose is pinned, nothing edited. Only a
    session already running (``session_open``) goes on saving there: its own rows are
    whole unless its writes meet the damage, and then they fail on their own."""
    if not session_open:
        refuse_if_damaged(db)
    with _translated(db):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            db.conn.rollback()
            raise
        db.execute("COMMIT")


def refuse_if_damaged(db: Database) -> None:
    """Raise the damage a read found in ``db`` (``PerThreadDatabase.damaged``), if any."""
    damaged = getattr(db, "damaged", None)
    if damaged is not None:
        raise DatabaseProblem(str(damaged))


@contextmanager
def _translated(db: Database) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as error:
        raise problem(Path(_filename(db)), error) from None


def _filename(db: Database) -> str:
    """The file's name, without asking SQLite when the database knows it (its connection may
    be what failed to open)."""
    known = getattr(db, "path", None)
    if known is not None:
        return str(known)
    row = db.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else "the database"
