"""What the between-sessions features (today, reminders, the report) read of the history.

One seam: everything they need of stored sessions comes through here, read with the typed
read model (``db.read_model``) and the trends (``db.trends``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from db.clock import local_zone
from db.demo import demo_session_ids
from db.log import LogFilter, local_day, log_rows
from db.read_model import StoredSet, read_sets
from db.timestamps import iso
from db.trends import active_days, exercise_trends, minutes_per_week, pain_trend, streaks

if TYPE_CHECKING:
    from sqlite_utils import Database


__all__ = [
    "DoneSession",
    "SetDone",
    "active_days",
    "exercise_trends",
    "exercised_sessions",
    "minutes_per_week",
    "pain_trend",
    "routine_sessions",
    "session_sets",
    "streaks",
]


@dataclass(frozen=True, slots=True)
class DoneSession:
    """A routine session as the history reads it (``exercised_sessions``: those the person
    exercised in)."""

    id: int
    routine_id: str
    routine_name: str
    started_at: datetime  # aware, UTC
    day: date  # the local day it started on
    status: str
    sets_done: int
    sets_planned: int | None
    sets_worked: int  # done, or left part done (db.figures.set_worked)
    exercised: bool  # a set worked: the one rule (db.figures.session_exercised)
    pain_before: int | None
    pain_after: int | None
    avg_bpm: float | None
    peak_bpm: int | None
    active_s: float | None
    note: str | None


@dataclass(frozen=True, slots=True)
class SetDone:
    """One set of a session as planned and as done, with what a wearable saw."""

    exercise_id: str
    exercise_name: str
    mode: str  # hold | reps | timed
    set_number: int
    side: str | None
    planned_reps: int | None
    planned_hold_s: int | None
    planned_duration_s: int | None
    reps_done: int
    holds_s: tuple[float, ...]
    active_s: float | None
    done: bool  # finished and not skipped
    hold_quality: float | None  # 0-1 when a wearable watched the hold
    form_warnings: int | None  # when a wearable watched the form
    reps_sensed: int | None


def exercised_sessions(
    db: Database,
    *,
    since: date | None = None,
    tz: tzinfo | None = None,
    include_demo: bool = False,
) -> list[DoneSession]:
    """The routine sessions the person exercised in (a set worked, done or left part done:
    ``db.figures.session_exercised``, as the trends count them), from ``since`` (a local
    day), oldest first; not the demo's unless ``include_demo`` (demo work never counts as
    the person's)."""
    return [
        s
        for s in routine_sessions(db, since=since, tz=tz, include_demo=include_demo)
        if s.exercised
    ]


def routine_sessions(
    db: Database,
    *,
    since: date | None = None,
    tz: tzinfo | None = None,
    include_demo: bool = False,
) -> list[DoneSession]:
    """Every routine session from ``since``, exercised in or not, oldest first; not the
    demo's unless ``include_demo``."""
    zone = tz or local_zone()
    demo = set() if include_demo else demo_session_ids(db)
    rows = [
        row
        for row in log_rows(db, LogFilter(kind="routine", since=since), tz=zone)
        if row.id not in demo
    ]
    sessions = [
        DoneSession(
            id=row.id,
            routine_id=row.routine_id or "",
            routine_name=row.routine_name or row.routine_id or "",
            started_at=row.started_at,
            day=local_day(row.started_utc or iso(row.started_at), zone),
            status=row.status,
            sets_done=row.sets_done,
            sets_planned=row.sets_planned,
            sets_worked=row.sets_worked,
            exercised=row.exercised,
            pain_before=row.pain_before,
            pain_after=row.pain_after,
            avg_bpm=row.avg_bpm,
            peak_bpm=row.peak_bpm,
            active_s=row.active_s,
            note=row.note,
        )
        for row in rows
    ]
    sessions.reverse()
    return sessions


def session_sets(db: Database, session_id: int) -> list[SetDone]:
    """The sets of one session in order (empty: no such session)."""
    return [_set(stored) for stored in read_sets(db, session_id)]


def _set(stored: StoredSet) -> SetDone:
    return SetDone(
        exercise_id=stored.exercise_id,
        exercise_name=stored.name,
        mode=stored.mode,
        set_number=stored.set_number,
        side=stored.side,
        planned_reps=stored.planned_reps,
        planned_hold_s=stored.planned_hold_s,
        planned_duration_s=stored.planned_duration_s,
        reps_done=stored.reps_done,
        holds_s=stored.holds_s,
        active_s=stored.active_s,
        done=stored.done,
        hold_quality=stored.hold_quality if stored.mode == "hold" else None,
        form_warnings=stored.form_warnings if stored.sensor else None,
        reps_sensed=stored.reps_sensed,
    )
