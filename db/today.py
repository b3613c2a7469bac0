"""Today, read from the database: the routines due and the questionnaires due."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from catalog.measures import MEASURES, LastAsked, Measure, is_due
from catalog.models import Routine
from catalog.schedule import FOLLOWED_DAYS, Done, Today, plan_today
from db.log import local_zone
from db.outcomes import last_asked
from db.past_sessions import done_sessions

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class TodayPlan:
    today: Today
    last_asked: dict[Measure, LastAsked]
    outcomes_due: tuple[Measure, ...]


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
    day = today or datetime.now(zone).date()
    if db is None:
        return _plan(plan_today(routines, (), day), {m: LastAsked() for m in MEASURES}, day)
    since = day - timedelta(days=FOLLOWED_DAYS)
    sessions = done_sessions(db, since=since, tz=zone, include_demo=include_demo)
    done = [Done(s.routine_id, s.day) for s in sessions]
    return _plan(plan_today(routines, done, day), last_asked(db, tz=zone), day)


def _plan(today: Today, asked: dict[Measure, LastAsked], day: date) -> TodayPlan:
    due = tuple(measure for measure in MEASURES if is_due(measure, asked[measure], day))
    return TodayPlan(today=today, last_asked=asked, outcomes_due=due)
