"""Today, read from the database: the routines due and the questionnaires due."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING

from catalog.measures import MEASURES, LastAsked, Measure, is_due
from catalog.models import Routine
from catalog.schedule import FOLLOWED_DAYS, Done, Today, plan_today
from db.clock import local_zone
from db.clock import today as clock_today
from db.figures import ended_for_pain
from db.outcomes import last_asked
from db.past_sessions import DoneSession, exercised_sessions
from db.resume import started_afresh

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class LeftToday:
    """A routine's session today that was not completed (and none today was): it counts
    for the week (the person exercised: ``db.figures.session_exercised``), but it was not
    done. ``status`` is "interrupted" (or "running": a resume is offered, or it is still
    going) or "ended-early"."""

    session_id: int
    status: str
    sets_done: int
    sets_planned: int | None
    sets_part_done: int  # left after some of it was done (worked, not done)
    for_pain: bool  # ended on the pain advice: chose to end it, or to skip its last exercise


@dataclass(frozen=True, slots=True)
class TodayPlan:
    today: Today
    last_asked: dict[Measure, LastAsked]
    outcomes_due: tuple[Measure, ...]
    left_today: dict[str, LeftToday] = field(default_factory=dict)
    """Per routine id, today's last session exercised in when none today was completed."""


def today_plan(
    db: Database | None,
    routines: Mapping[str, Routine],
    *,
    today: date | None = None,
    tz: tzinfo | None = None,
    include_demo: bool = False,
) -> TodayPlan:
    """What is due on ``today`` (default: the date now in ``tz``); ``db`` None: no history
    yet (no database file). The demo's sessions count only in a demo run (``include_demo``)."""
    zone = tz or local_zone()
    day = today or clock_today(zone)
    if db is None:
        return _plan(plan_today(routines, (), day), {m: LastAsked() for m in MEASURES}, day)
    since = day - timedelta(days=FOLLOWED_DAYS)
    afresh = started_afresh(db)
    sessions = [
        s
        for s in exercised_sessions(db, since=since, tz=zone, include_demo=include_demo)
        if s.id not in afresh
    ]
    done = [Done(s.routine_id, s.day) for s in sessions]
    plan = _plan(plan_today(routines, done, day), last_asked(db, tz=zone), day)
    return replace(plan, left_today=_left_today(db, [s for s in sessions if s.day == day]))


def _plan(today: Today, asked: dict[Measure, LastAsked], day: date) -> TodayPlan:
    due = tuple(measure for measure in MEASURES if is_due(measure, asked[measure], day))
    return TodayPlan(today=today, last_asked=asked, outcomes_due=due)


def _left_today(db: Database, today: list[DoneSession]) -> dict[str, LeftToday]:
    """Per routine, today's last session (oldest first in ``today``) when none was completed."""
    completed = {s.routine_id for s in today if s.status == "completed"}
    left: dict[str, LeftToday] = {}
    for s in today:
        if s.routine_id in completed:
            continue
        left[s.routine_id] = LeftToday(
            s.id,
            s.status,
            s.sets_done,
            s.sets_planned,
            s.sets_worked - s.sets_done,
            _ended_for_pain(db, s.id),
        )
    return left


def _ended_for_pain(db: Database, session_id: int) -> bool:
    """Whether the session ended on the pain advice (``db.figures.ended_for_pain``)."""
    found = db.execute(f"SELECT {ended_for_pain('?')}", [session_id]).fetchone()
    return bool(found[0])
