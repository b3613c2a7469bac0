"""What the report shows, read from the database through ``db.past_sessions`` (the same
figures as ``lumbar trends``) and ``db.outcomes``. Host, pid and anything the person did not
record are never read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING

from catalog import Catalog
from catalog.describe import safety_lines
from catalog.schedule import FOLLOWED_DAYS, monday
from db.demo import demo_session_ids
from db.log import LogFilter, local_day, log_rows
from db.outcomes import Outcome, outcomes
from db.past_sessions import (
    DoneSession,
    SetDone,
    active_days,
    exercise_trends,
    minutes_per_week,
    pain_trend,
    routine_sessions,
    session_sets,
    streaks,
)
from db.read_model import read_session
from db.resume import started_afresh
from db.timestamps import iso
from db.trends import ExerciseTrend, PainPoint, Streaks
from tui.words import advised_care, pain_story

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class Week:
    monday: date
    done: int
    planned: int | None  # None: no routine with a frequency followed that week
    minutes: float


@dataclass(frozen=True, slots=True)
class ExerciseDay:
    """One exercise on one day, beyond the trends' figures: the dose planned and what a
    wearable saw."""

    day: date
    planned: str
    hold_quality: float | None  # mean of the sets a wearable watched, 0-1
    form_warnings: int | None  # over the sets a wearable watched


@dataclass(frozen=True, slots=True)
class PainDuring:
    """Pain reported during a session, what lumbar advised and what the person chose; shown
    whether or not a set was done (a session ended at its first set for a red flag)."""

    day: date
    routine_name: str
    story: str
    care_advised: bool
    """lumbar advised having the back checked (a red flag, 10/10)."""


@dataclass(frozen=True, slots=True)
class ReportData:
    since: date | None
    today: date
    sessions: tuple[DoneSession, ...]
    """The sessions exercised in (``DoneSession.exercised``: a set done or left part done)."""
    not_exercised: tuple[DoneSession, ...]
    """Sessions begun and left before any of a set was done: their pain and notes still
    count."""
    weeks: tuple[Week, ...]
    pain: tuple[PainPoint, ...]
    exercises: tuple[ExerciseTrend, ...]
    exercise_days: Mapping[str, tuple[ExerciseDay, ...]]
    outcomes: tuple[Outcome, ...]
    pain_during: tuple[PainDuring, ...]
    streaks: Streaks
    days_exercised: int
    safety: tuple[str, ...]


def gather(
    db: Database | None,
    catalog: Catalog,
    *,
    since: date | None,
    today: date,
    tz: tzinfo,
    include_demo: bool = False,
) -> ReportData:
    """The report's figures; the demo's sessions only with ``include_demo`` (its own run)."""
    if db is None:
        return ReportData(
            since, today, (), (), (), (), (), {}, (), (), streaks((), today), 0, _safety(catalog)
        )
    demo = include_demo
    every = routine_sessions(db, since=since, tz=tz, include_demo=demo)
    sessions = tuple(s for s in every if s.exercised)
    afresh = started_afresh(db)
    days = active_days(db, tz=tz, include_demo=demo)
    shown_days = {d: m for d, m in days.items() if since is None or d >= since}
    sets = {s.id: session_sets(db, s.id) for s in sessions}
    return ReportData(
        since=since,
        today=today,
        sessions=sessions,
        not_exercised=tuple(s for s in every if not s.exercised),
        weeks=_weeks(  # a session started afresh is not one of its own for the week
            db,
            catalog,
            tuple(s for s in sessions if s.id not in afresh),
            since=since,
            today=today,
            tz=tz,
            include_demo=demo,
            first_day=min(days, default=None),
        ),
        pain=tuple(pain_trend(db, since=since, tz=tz, include_demo=demo)),
        exercises=tuple(exercise_trends(db, since=since, tz=tz, include_demo=demo)),
        exercise_days=_exercise_days(sessions, sets),
        outcomes=tuple(outcomes(db, since=since, tz=tz)),
        pain_during=_pain_during(db, since=since, tz=tz, include_demo=demo),
        streaks=streaks(days, today),
        days_exercised=len(shown_days),
        safety=_safety(catalog),
    )


def _pain_during(
    db: Database, *, since: date | None, tz: tzinfo, include_demo: bool
) -> tuple[PainDuring, ...]:
    """The routine sessions from ``since`` with pain reported during them, oldest first."""
    reported = {
        session_id
        for (session_id,) in db.execute(
            "SELECT DISTINCT session_id FROM events WHERE kind = 'pain'"
        )
    } - (set() if include_demo else demo_session_ids(db))  # the demo's are not the person's
    found = []
    for row in reversed(log_rows(db, LogFilter(kind="routine", since=since), tz=tz)):
        session = read_session(db, row.id) if row.id in reported else None
        story = None
        if session is not None:
            story = pain_story(session)
        if session is None or story is None:
            continue
        found.append(
            PainDuring(
                day=local_day(row.started_utc or iso(row.started_at), tz),
                routine_name=row.routine_name or row.routine_id or "",
                story=story,
                care_advised=advised_care(session.events),
            )
        )
    return tuple(found)


def _safety(catalog: Catalog) -> tuple[str, ...]:
    return tuple(dict.fromkeys(safety_lines(catalog.sources)))


def _weeks(
    db: Database,
    catalog: Catalog,
    sessions: tuple[DoneSession, ...],
    *,
    since: date | None,
    today: date,
    tz: tzinfo,
    include_demo: bool,
    first_day: date | None,
) -> tuple[Week, ...]:
    """Sessions done and planned each week, from ``since``'s week but not before that of
    ``first_day``, the first day exercised (None: no week). A routine with a frequency is
    planned from the week of its first session shown to the week of its last, and on to this
    week while it is followed (done in the last eight weeks)."""
    minutes = dict(minutes_per_week(db, since=since, tz=tz, today=today, include_demo=include_demo))
    done: dict[date, int] = {}
    for session in sessions:
        done[monday(session.day)] = done.get(monday(session.day), 0) + 1
    planned: dict[date, int] = {}
    for routine_id in {s.routine_id for s in sessions}:
        routine = catalog.routines.get(routine_id)
        frequency = routine.frequency if routine is not None else None
        if frequency is None or frequency.times is None or frequency.per is None:
            continue
        per_week = frequency.times * (7 if frequency.per == "day" else 1)
        days = [s.day for s in sessions if s.routine_id == routine_id]
        last = max(days)
        end = monday(today) if today - last < timedelta(days=FOLLOWED_DAYS) else monday(last)
        week = monday(min(days))
        while week <= end:
            planned[week] = planned.get(week, 0) + per_week
            week += timedelta(days=7)
    mondays = sorted(set(minutes) | set(done) | set(planned))
    # None before the first day exercised: not every week back to --since 0001-01-01.
    mondays = [m for m in mondays if first_day is not None and m >= monday(first_day)]
    return tuple(Week(m, done.get(m, 0), planned.get(m), minutes.get(m, 0.0)) for m in mondays)


def _exercise_days(
    sessions: tuple[DoneSession, ...], sets: Mapping[int, list[SetDone]]
) -> dict[str, tuple[ExerciseDay, ...]]:
    by_exercise: dict[str, dict[date, list[SetDone]]] = {}
    for session in sessions:
        for done in sets[session.id]:
            if done.done:
                by_exercise.setdefault(done.exercise_id, {}).setdefault(session.day, []).append(
                    done
                )
    found: dict[str, tuple[ExerciseDay, ...]] = {}
    for exercise_id, days in by_exercise.items():
        rows = []
        for day in sorted(days):
            day_sets = days[day]
            qualities = [s.hold_quality for s in day_sets if s.hold_quality is not None]
            warnings = [s.form_warnings for s in day_sets if s.form_warnings is not None]
            rows.append(
                ExerciseDay(
                    day=day,
                    planned=_planned(day_sets[0]),
                    hold_quality=sum(qualities) / len(qualities) if qualities else None,
                    form_warnings=sum(warnings) if warnings else None,
                )
            )
        found[exercise_id] = tuple(rows)
    return found


def _planned(done: SetDone) -> str:
    if done.mode == "hold":
        holds = done.planned_reps or 1
        return (
            f"{holds} × {done.planned_hold_s or 0} s" if holds > 1 else f"{done.planned_hold_s} s"
        )
    if done.mode == "timed":
        return f"{done.planned_duration_s or 0} s"
    return f"{done.planned_reps or 0} reps"
