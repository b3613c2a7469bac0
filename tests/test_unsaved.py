"""Finished sessions whose last rows wait for the database (``db.unsaved``)."""

from __future__ import annotations

import sqlite3
import threading
from typing import TYPE_CHECKING

from catalog import Catalog
from catalog.plan import expand
from db.connection import open_database
from db.sessions import SessionWriter, utc_now
from db.stored_plan import plan_json
from db.unsaved import Unsaved
from tui.locations import Locations

if TYPE_CHECKING:
    from sqlite_utils import Database


def test_two_saves_at_once_write_a_session_once_and_fail_neither(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Found in a full run under load: the app begins a save each second, and one begun while
    the one before still waited for the database took the same session off the list again
    (ValueError in the save's thread). Here another connection holds the database while both
    saves start: each must end cleanly, and the note be written."""
    db = open_database(lumbar_home.db_path, timeout_s=30)  # a stalled machine: not refused
    writer = finished(db, builtin, "kept")
    unsaved = Unsaved()
    unsaved.add(writer)
    failures: list[BaseException] = []

    def save() -> None:
        try:
            unsaved.save()
        except BaseException as error:  # what the app's worker thread would meet
            failures.append(error)

    holder = sqlite3.connect(lumbar_home.db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    saves = [threading.Thread(target=save) for _ in range(2)]
    for thread in saves:
        thread.start()
    # Both saves start while the database is held; then it is free.
    threading.Event().wait(0.5)
    holder.execute("ROLLBACK")
    holder.close()
    for thread in saves:
        thread.join(30)
    assert failures == []
    assert not unsaved
    row = db.execute("SELECT note FROM sessions WHERE id = ?", [writer.session_id]).fetchone()
    assert row == ("kept",)
    db.close()


def test_the_last_try_as_lumbar_closes_writes_one_finished_during_a_save(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Found in review: a session finished while a save waited for the database (after that
    save took its list), and lumbar closed within the second: the last try went over the
    list as the save took the first one off it, and skipped the second (its note lost)."""
    db = open_database(lumbar_home.db_path, timeout_s=30)
    first, second = finished(db, builtin, "first"), finished(db, builtin, "second")
    unsaved = Unsaved()
    unsaved.add(first)
    holder = sqlite3.connect(lumbar_home.db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    saving = threading.Thread(target=unsaved.save)
    saving.start()
    threading.Event().wait(0.5)  # setup: the save has taken its list and waits to write
    unsaved.add(second)
    closing = threading.Thread(target=unsaved.last_try)  # as lumbar closes
    closing.start()
    threading.Event().wait(0.5)  # setup: the last try is under way too
    holder.execute("ROLLBACK")
    holder.close()
    saving.join(60)
    closing.join(60)
    notes = db.execute("SELECT note FROM sessions ORDER BY id").fetchall()
    assert notes == [("first",), ("second",)]
    db.close()


def finished(db: Database, builtin: Catalog, note: str) -> SessionWriter:
    """A session finished but for its note, which is buffered."""
    steps = expand(builtin.routines["core-basics"], builtin.exercises, 30)
    writer = SessionWriter.start(
        db, kind="routine", routine_id="core-basics", routine_name="Core basics",
        plan=plan_json(steps), started_at=utc_now(),
    )  # fmt: skip
    writer.update(note=note)
    return writer
