"""Sessions whose writer is gone: the rule for whether the process that wrote a 'running'
row can still finish it (``writer_can_finish``, also what ``db.running`` lists by), and
marking those it cannot as interrupted, to be resumed (``db.resume``)."""

from __future__ import annotations

import socket
from datetime import datetime
from typing import TYPE_CHECKING

from db.clock import utc_now
from db.processes import process_alive, process_started_at, process_stopped
from db.session_figures import fill_session_figures
from db.timestamps import parse_iso
from db.transactions import writing

if TYPE_CHECKING:
    from sqlite_utils import Database

STALE_AFTER_S = 120
"""A running session not written for this long belongs to a process that is gone (a live
session writes every second), unless it is this machine's and stopped (ctrl+z)."""
PID_START_SLACK_S = 2.0
"""How far a process's start, known to a second or so, may seem to follow its own write."""


def mark_interrupted(db: Database, now: datetime | None = None) -> list[int]:
    """Sessions left 'running' by a process that is gone become 'interrupted'.

    Returns their ids. A session of a lumbar still running (another terminal) is left alone.
    """
    moment = now or utc_now()
    found = []
    rows = db.execute(
        "SELECT id, pid, host, updated_at FROM sessions WHERE status = 'running'"
    ).fetchall()
    for session_id, pid, host, updated_at in rows:
        if not writer_can_finish(pid, host, parse_iso(updated_at), moment):
            found.append(session_id)
    if found:
        with writing(db):
            for session_id in found:
                db.execute(
                    "UPDATE sessions SET status = 'interrupted', ended_at = updated_at "
                    "WHERE id = ?",
                    [session_id],
                )
                # Where it stopped, in its timeline (a session resumed later shows the gap).
                db.execute(
                    "INSERT INTO events (session_id, at, t_s, kind) SELECT id, updated_at, "
                    "round((julianday(updated_at) - julianday(started_at)) * 86400.0, 3), "
                    "'interrupted' FROM sessions WHERE id = ?",
                    [session_id],
                )
            fill_session_figures(db, found)
    return found


def writer_can_finish(
    pid: int | None, host: str | None, updated_at: datetime, now: datetime
) -> bool:
    """Whether the process that wrote a 'running' row can still finish it.

    On this machine: while that process is alive and is the one that wrote the row (it
    started before the row's last write; a pid can be reused); stopped (ctrl+z), however
    long it has been quiet. Otherwise (running, on another machine, or where a process's
    start cannot be known): while the row was written in the last ``STALE_AFTER_S``. A
    lumbar that runs writes every second: a pid alive here and silent for minutes is a
    wedged lumbar, or not one at all (a container or another computer of the same host
    name wrote the row, and its pid names some other process here).
    """
    if host == socket.gethostname():
        if not process_alive(pid):
            return False
        assert pid is not None
        started = process_started_at(pid)
        if started is not None:
            if (started - updated_at).total_seconds() > PID_START_SLACK_S:
                return False  # its pid was reused
            if process_stopped(pid):
                return True  # it writes again once continued
    return (now - updated_at).total_seconds() <= STALE_AFTER_S
