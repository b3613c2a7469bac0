"""Finished sessions whose last rows wait for the database (``db.unsaved``)."""

from __future__ import annotations

import sqlite3
import threading

from catalog import Catalog
from catalog.plan import expand
from db.connection import open_database
from db.sessions import SessionWriter, utc_now
from db.stored_plan import plan_json
from db.unsaved import Unsaved
from tui.locations import Locations


def test_two_saves_at_once_write_a_session_once_and_fail_neither(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Found in a full run under load: the app begins a save each second, and one begun while
    the one before still waited for the database took the same session off the list again
    (ValueError in the save's thread). Here another connection holds the database while both
    saves start: each must end cleanly, and the note be written."""
    db = open_database(lumbar_home.db_path)
    steps = expand(builtin.routines["core-basics"], builtin.exercises, 30)
    writer = SessionWriter.start(
        db, kind="routine", routine_id="core-basics", routine_name="Core basics",
        plan=plan_json(steps), started_at=utc_now(),
    )  # fmt: skip
    writer.update(note="kept")
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
    # Both saves start while the database is held (a save waits for it up to the busy
    # timeout, 3 s); then it is free.
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
