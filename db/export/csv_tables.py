"""Sessions as CSV: one file per table, and each session's raw motion as a recording CSV.

- ``sessions.csv``: every column of the sessions table except ``host`` and ``pid`` (they name
  the machine), ``active_s`` as every reader gives it (``db.session_figures.time_in_sets``:
  the sum of ``steps.csv``'s ``worked_s``, in a file not yet migrated too), then
  ``duration_s``, ``sets_done`` and ``sets_skipped`` as ``lumbar log`` counts them (the read
  model's figures, as the JSON export has them: a resumed session's duration leaves out its
  time away), and ``elapsed_s``, the length of its timeline (which the other files' ``t_s``
  are on);
- ``steps.csv``, ``events.csv``, ``devices.csv`` (session_devices), ``heart_rate.csv``: the
  rows of the chosen sessions, columns as stored (lists such as ``holds_s`` and ``rr_ms`` as
  JSON text); ``steps.csv`` then gives each set's ``state`` (done, skipped, ended or
  unfinished: ``db.figures.set_state``) and ``worked_s``, its seconds in the session's
  minutes in sets (``active_s`` of a set worked, done or left part done; 0 for one left
  before any of it: ``db.figures.set_worked``), as ``lumbar log show`` reads them;
- ``motion-ID.csv`` for each session with raw accelerometer: ``t,ax,ay,az`` in session
  seconds and g, what ``lumbar analyze`` reads (``motion-ID-DEVICE.csv`` when several
  devices recorded one).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from db.export.output import Folder, text_file
from db.export.reading import (
    PRIVATE_COLUMNS,
    DecodeAcc,
    ExportError,
    acc_chunks,
    acc_devices,
    has_table,
)
from db.figures import set_state, set_worked
from db.read_model import session_row
from db.session_figures import time_in_sets

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE_FILES = (
    ("sessions", "sessions.csv", "id", "id"),
    ("steps", "steps.csv", "session_id", "step_index"),
    ("events", "events.csv", "session_id", "id"),
    ("session_devices", "devices.csv", "session_id", "address"),
    ("heart_rate", "heart_rate.csv", "session_id", "t_s, rowid"),
)
"""(table, file, column naming the session, order within a session)."""
SESSION_FIGURES = ("duration_s", "sets_done", "sets_skipped", "elapsed_s")
SET_FIGURES = (
    ("state", set_state("t")),
    (
        "worked_s",
        f"CASE WHEN {set_worked('t')} THEN round(coalesce(t.active_s, 0), 3) ELSE 0 END",
    ),
)
"""Columns after a set's own in ``steps.csv``: (name, SQL on ``steps t``)."""
MOTION_HEADER = ("t", "ax", "ay", "az")


def write_tables(
    db: Database, session_ids: Sequence[int], folder: Folder, decode_acc: DecodeAcc
) -> list[str]:
    """Write every file into ``folder``; the names written."""
    names = []
    for table, name, key, order in TABLE_FILES:
        if not has_table(db, table):  # a database of an earlier schema
            continue
        with text_file(folder, name) as out:
            _write_table(db, table, key, order, session_ids, csv.writer(out, lineterminator="\n"))
        names.append(name)
    for session_id in session_ids:
        names += write_motion(db, session_id, folder, decode_acc)
    return names


def write_motion(db: Database, session_id: int, folder: Folder, decode_acc: DecodeAcc) -> list[str]:
    """A recording CSV per device with raw accelerometer in the session; the names written."""
    devices = acc_devices(db, session_id)
    names = []
    for device in devices:
        name = f"motion-{session_id}.csv"
        if len(devices) > 1:
            name = f"motion-{session_id}-{_slug(device)}.csv"
        with text_file(folder, name) as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(MOTION_HEADER)
            for chunk in acc_chunks(db, session_id, device):
                try:
                    times, values = decode_acc(chunk)
                except ValueError as error:
                    raise ExportError(
                        f"session {session_id}: a stored accelerometer chunk cannot be read "
                        f"({error}); json leaves raw motion out"
                    ) from None
                writer.writerows(
                    (f"{t:.6f}", f"{x / 1000:.3f}", f"{y / 1000:.3f}", f"{z / 1000:.3f}")
                    for t, (x, y, z) in zip(times, values, strict=True)
                )
        names.append(name)
    return names


def _write_table(
    db: Database,
    table: str,
    key: str,
    order: str,
    session_ids: Sequence[int],
    writer: Any,
) -> None:
    columns = [
        str(row[1])
        for row in db.execute(f"PRAGMA table_info('{table}')").fetchall()
        if not (table == "sessions" and row[1] in PRIVATE_COLUMNS)
    ]
    sessions = table == "sessions"
    figures = SET_FIGURES if table == "steps" else ()
    writer.writerow(
        [*columns, *SESSION_FIGURES] if sessions else [*columns, *(name for name, _ in figures)]
    )
    selected = ", ".join([*(_column(db, table, c) for c in columns), *(sql for _, sql in figures)])
    sql = f'SELECT {selected} FROM "{table}" t WHERE t."{key}" = ? ORDER BY {order}'
    for session_id in session_ids:
        for row in db.execute(sql, [session_id]):
            writer.writerow(
                [*row, *_figures(db, dict(zip(columns, row, strict=True)))] if sessions else row
            )


def _column(db: Database, table: str, column: str) -> str:
    """SQL for one stored column of ``table t``: as stored, but a session's ``active_s``."""
    if table == "sessions" and column == "active_s":
        return time_in_sets(db, "t")
    return f't."{column}"'


def _figures(db: Database, session: dict[str, Any]) -> tuple[int, int, int, float]:
    row = session_row(db, session["id"])
    if row is None:  # deleted meanwhile by another lumbar
        return 0, 0, 0, 0.0
    return row.duration_s, row.sets_done, row.sets_skipped, round(row.elapsed_s, 3)


def _slug(device: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", device).strip("-") or "unknown"
