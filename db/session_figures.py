"""An ended session's figures on its row: written by the writer at every flush and when a
session is marked interrupted, and read back (``time_in_sets``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from db.figures import active_seconds, source_figure
from db.schema import TIME_IN_SETS_SCHEMA

if TYPE_CHECKING:
    from sqlite_utils import Database


def fill_session_figures(db: Database, session_ids: list[int]) -> None:
    """An ended session's heart rate and active seconds on its row, so the log never scans
    them (a running one's are worked out when listed). The heart rate is its source's
    (``db.figures``): a reading of a strap that lost skin contact is kept as recorded
    but is no heart rate."""
    db.execute(
        f"""UPDATE sessions SET
             avg_bpm = {source_figure("round(avg(h.bpm), 1)", "sessions.id")},
             peak_bpm = {source_figure("max(h.bpm)", "sessions.id")},
             active_s = {active_seconds("sessions.id")}
           WHERE id IN (SELECT value FROM json_each(?)) AND status != 'running'""",
        [json.dumps(session_ids)],
    )


def time_in_sets(db: Database, session: str = "s") -> str:
    """SQL, a session's time in sets (the row ``session`` of ``sessions``) as every reader
    gives it: the row's ``active_s`` once the session ended, worked out from the steps
    (``active_seconds``) for a running session, or for every session of a file below
    ``TIME_IN_SETS_SCHEMA`` (opened read-only, not migrated): its rows keep an older rule
    (the sets done only), or none at all."""
    from_steps = active_seconds(f"{session}.id")
    if db.execute("PRAGMA user_version").fetchone()[0] < TIME_IN_SETS_SCHEMA:
        return from_steps
    return f"CASE WHEN {session}.status = 'running' THEN {from_steps} ELSE {session}.active_s END"
