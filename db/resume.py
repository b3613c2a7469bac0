"""Interrupted sessions a person may take up again.

A guided session keeps the steps it planned (``sessions.plan``). When it is interrupted (the
terminal or the browser closed, lumbar crashed), the next start may resume it: the same steps,
from the first set not finished, in the same session row. Only a routine's latest session is
offered, and only for ``RESUMABLE_FOR_S`` after it stopped: a session of the same routine
started since then means the person chose to start afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from catalog.plan import PlannedStep
from db.clock import utc_now
from db.figures import session_exercised
from db.read_model import StoredSession, read_session
from db.stored_plan import read_plan
from db.timestamps import iso, parse_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

RESUMABLE_FOR_S = 12 * 3600
"""How long after it stopped an interrupted session is offered again (the same day's work)."""


@dataclass(frozen=True, slots=True)
class InterruptedSession:
    session: StoredSession
    plan: tuple[PlannedStep, ...]
    """The steps it planned, in order (the stored sets' step indexes point into them)."""


def interrupted_sessions(
    db: Database,
    *,
    routine_id: str | None = None,
    demo: bool = False,
    now: datetime | None = None,
) -> list[InterruptedSession]:
    """Sessions that may be resumed (of ``routine_id`` only, when given), newest first: each
    the latest session of its routine, interrupted in the last ``RESUMABLE_FOR_S``, with its
    plan kept; the demo's (``demo``) or the person's."""
    since = iso((now or utc_now()) - timedelta(seconds=RESUMABLE_FOR_S))
    rows = db.execute(
        """SELECT s.id, s.plan FROM sessions s
           WHERE s.kind = 'routine' AND s.status = 'interrupted' AND s.plan IS NOT NULL
             AND s.demo = ? AND s.updated_at >= ? AND (? IS NULL OR s.routine_id = ?)
             AND NOT EXISTS (
               SELECT 1 FROM sessions later
               WHERE later.kind = 'routine' AND later.routine_id = s.routine_id
                 AND later.demo = s.demo
                 AND (later.started_at > s.started_at
                      OR (later.started_at = s.started_at AND later.id > s.id)))
           ORDER BY s.updated_at DESC, s.id DESC""",
        [int(demo), since, routine_id, routine_id],
    ).fetchall()
    found = []
    for session_id, text in rows:
        plan = read_plan(text)
        session = read_session(db, session_id)
        if plan is not None and session is not None:
            found.append(InterruptedSession(session, plan))
    return found


def started_afresh(db: Database) -> set[int]:
    """The interrupted sessions the person started afresh: a later session of the same
    routine (the demo's or the person's, as it was), exercised in, began while it was
    offered (``RESUMABLE_FOR_S`` after it stopped). Its minutes and its day count, but it
    is not a session of its own for the week's count: the later one is the same day's work
    begun again (a crash early in set 1, then n, made "this week 2 of 3")."""
    rows = db.execute(
        f"""SELECT s.id, s.updated_at, min(later.started_at) FROM sessions s
           JOIN sessions later ON later.kind = 'routine' AND later.routine_id = s.routine_id
             AND later.demo = s.demo
             AND (later.started_at > s.started_at
                  OR (later.started_at = s.started_at AND later.id > s.id))
             AND {session_exercised("later")}
           WHERE s.kind = 'routine' AND s.status = 'interrupted'
           GROUP BY s.id"""
    ).fetchall()
    offered = timedelta(seconds=RESUMABLE_FOR_S)
    return {
        session_id
        for session_id, stopped, started in rows
        if parse_iso(started) - parse_iso(stopped) <= offered
    }
