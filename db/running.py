"""Which guided sessions are running now, in this lumbar or another one on the same file.

One rule with ``mark_interrupted``: a 'running' row is live while its writer can still
finish it (``writer_can_finish``). Recordings (``lumbar record``) are not sessions a person
does.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from db.clock import utc_now
from db.interrupted import writer_can_finish
from db.timestamps import parse_iso

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class RunningSession:
    session_id: int
    routine_id: str | None
    routine_name: str | None
    started_at: datetime
    pid: int | None
    host: str | None
    on_this_machine: bool


def running_sessions(
    db: Database, *, now: datetime | None = None, exclude_pid: int | None = None
) -> list[RunningSession]:
    """Guided sessions live now, oldest first; ``exclude_pid`` leaves out one process's own
    (this lumbar knows its own sessions by their screens)."""
    moment = now or utc_now()
    here = socket.gethostname()
    rows = db.execute(
        "SELECT id, routine_id, routine_name, started_at, updated_at, pid, host FROM sessions "
        "WHERE status = 'running' AND kind = 'routine' ORDER BY started_at, id"
    ).fetchall()
    found = []
    for session_id, routine_id, name, started_at, updated_at, pid, host in rows:
        local = host == here
        if local and exclude_pid is not None and pid == exclude_pid:
            continue
        if not writer_can_finish(pid, host, parse_iso(updated_at), moment):
            continue
        found.append(
            RunningSession(
                session_id,
                routine_id,
                name,
                parse_iso(started_at),
                pid,
                host,
                on_this_machine=local,
            )
        )
    return found
