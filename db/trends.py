"""Trends over the log: per exercise holds and reps by day, pain, minutes, streaks.

The sessions counted are those the person exercised in (``db.figures.session_exercised``:
a routine session with a set worked, done or left part done; not recordings; not the
demo's unless ``include_demo``: ``db.demo``), as everywhere the history is read. Only the
sets done (not skipped, finished) count toward an exercise's holds and reps. Minutes are
the seconds spent in the sets worked, a set left part done included (``sessions.active_s``:
``db.session_figures.time_in_sets``), not the rests between them. A day is the local calendar
day, in ``tz``, on which a session started.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from db.clock import local_zone
from db.clock import today as clock_today
from db.demo import history_filter
from db.figures import session_exercised, set_done
from db.log import day_start_utc, local_day
from db.session_figures import time_in_sets

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class ExercisePoint:
    day: date
    best_hold_s: float | None  # longest single hold that day (hold exercises)
    typical_hold_s: float | None  # median hold that day
    best_reps: int | None  # most reps in one set that day (rep exercises)
    typical_reps: float | None  # median reps per set that day


@dataclass(frozen=True, slots=True)
class ExerciseTrend:
    exercise_id: str
    name: str
    mode: str  # hold | reps | timed
    points: tuple[ExercisePoint, ...]  # by day


@dataclass(frozen=True, slots=True)
class PainPoint:
    day: date
    session_id: int
    before: int | None
    after: int | None


@dataclass(frozen=True, slots=True)
class Streaks:
    current_days: int  # consecutive days up to today (or yesterday) with a session
    longest_days: int
    longest_ended: date | None


class _Days:
    """Local days of start times, each worked out once (sessions share their start)."""

    def __init__(self, tz: tzinfo | None) -> None:
        self.tz = tz or local_zone()
        self._seen: dict[str, date] = {}

    def __call__(self, started_at: str) -> date:
        day = self._seen.get(started_at)
        if day is None:
            day = self._seen[started_at] = local_day(started_at, self.tz)
        return day


def _since(since: date | None, tz: tzinfo | None) -> tuple[str, list[Any]]:
    if since is None:
        return "", []
    return " AND s.started_at >= ?", [day_start_utc(since, tz)]


def exercise_trends(
    db: Database, *, since: date | None = None, tz: tzinfo | None = None, include_demo: bool = False
) -> list[ExerciseTrend]:
    """Per exercise done, its best and typical hold or reps on each day; by name."""
    clause, params = _since(since, tz)
    clause += f" AND {history_filter(db, include_demo=include_demo)}"
    # One row per session and exercise, its sets' figures joined by SQLite: reps as
    # "8,10", holds as JSON lists without their brackets, parsed once a day.
    rows = db.execute(
        "SELECT s.started_at, st.exercise_id, st.exercise_name, st.mode, "
        "group_concat(st.reps_done) FILTER (WHERE st.mode = 'reps'), "
        "group_concat(nullif(substr(st.holds_s, 2, length(st.holds_s) - 2), '')) "
        "FILTER (WHERE st.mode = 'hold') "
        "FROM steps st JOIN sessions s ON s.id = st.session_id "
        f"WHERE s.kind = 'routine' AND {set_done('st')}{clause} "
        "GROUP BY st.session_id, st.exercise_id",
        params,
    ).fetchall()
    days = _Days(tz)
    latest: dict[str, tuple[str, str, str]] = {}  # exercise -> (started_at, name, mode)
    by_day: dict[str, dict[date, list[str]]] = {}  # exercise -> day -> [reps, holds]
    for started_at, exercise_id, name, mode, reps, holds in rows:
        seen = latest.get(exercise_id)
        if seen is None or started_at >= seen[0]:
            latest[exercise_id] = (started_at, name or exercise_id, mode or "reps")
        day = days(started_at)
        exercise_days = by_day.get(exercise_id)
        if exercise_days is None:
            exercise_days = by_day[exercise_id] = {}
        figures = exercise_days.get(day)
        if figures is None:
            exercise_days[day] = [reps or "", holds or ""]
        else:  # a second session that day
            figures[0] = ",".join(filter(None, (figures[0], reps)))
            figures[1] = ",".join(filter(None, (figures[1], holds)))
    trends = [
        ExerciseTrend(
            exercise_id,
            latest[exercise_id][1],
            latest[exercise_id][2],
            tuple(_point(day, *exercise_days[day]) for day in sorted(exercise_days)),
        )
        for exercise_id, exercise_days in by_day.items()
    ]
    return sorted(trends, key=lambda trend: (trend.name.casefold(), trend.exercise_id))


def _point(day: date, reps_text: str, holds_text: str) -> ExercisePoint:
    holds_s: list[float] = json.loads(f"[{holds_text}]") if holds_text else []
    reps = [int(count) for count in reps_text.split(",")] if reps_text else []
    return ExercisePoint(
        day=day,
        best_hold_s=max(holds_s) if holds_s else None,
        typical_hold_s=_median(holds_s) if holds_s else None,
        best_reps=max(reps) if reps else None,
        typical_reps=float(_median(reps)) if reps else None,
    )


def _median(values: list[float] | list[int]) -> float:
    """statistics.median, without its checks: this runs for every point of ten years."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def pain_trend(
    db: Database, *, since: date | None = None, tz: tzinfo | None = None, include_demo: bool = False
) -> list[PainPoint]:
    """Pain before and after each exercised session that recorded either, oldest first."""
    clause, params = _since(since, tz)
    clause += f" AND {history_filter(db, include_demo=include_demo)}"
    rows = db.execute(
        "SELECT s.started_at, s.id, s.pain_before, s.pain_after FROM sessions s "
        f"WHERE {session_exercised('s')} "
        f"AND (s.pain_before IS NOT NULL OR s.pain_after IS NOT NULL){clause} "
        "ORDER BY s.started_at, s.id",
        params,
    ).fetchall()
    days = _Days(tz)
    return [PainPoint(days(started), sid, before, after) for started, sid, before, after in rows]


def _minutes(
    db: Database,
    *,
    since: date | None,
    tz: tzinfo | None,
    statuses: tuple[str, ...] | None,
    include_demo: bool,
) -> dict[date, float]:
    clause, params = _since(since, tz)
    clause += f" AND {history_filter(db, include_demo=include_demo)}"
    if statuses is not None:
        clause += f" AND s.status IN ({', '.join('?' for _ in statuses)})"
        params += list(statuses)
    rows = db.execute(
        f"SELECT s.started_at, {time_in_sets(db)} FROM sessions s "
        f"WHERE {session_exercised('s')}{clause}",
        params,
    ).fetchall()
    days = _Days(tz)
    minutes: dict[date, float] = {}
    for started_at, active_s in rows:
        day = days(started_at)
        minutes[day] = minutes.get(day, 0.0) + (active_s or 0.0) / 60
    return minutes


def minutes_per_week(
    db: Database,
    *,
    since: date | None = None,
    tz: tzinfo | None = None,
    today: date | None = None,
    include_demo: bool = False,
) -> list[tuple[date, float]]:
    """(Monday, minutes of completed or ended-early sessions) for every week from the first
    (or ``since``'s) to this one (``today``'s, default the date in ``tz``); empty weeks 0."""
    by_day = _minutes(
        db, since=since, tz=tz, statuses=("completed", "ended-early"), include_demo=include_demo
    )
    if not by_day and since is None:
        return []
    today = today or clock_today(tz)
    first = since if since is not None else min(by_day)
    last = max([today, *by_day])
    weeks: dict[date, float] = {}
    monday = _monday(first)
    while monday <= last:
        weeks[monday] = 0.0
        monday += timedelta(days=7)
    for day, minutes in by_day.items():
        weeks[_monday(day)] += minutes
    return [(monday, round(minutes, 2)) for monday, minutes in weeks.items()]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def active_days(
    db: Database, *, tz: tzinfo | None = None, include_demo: bool = False
) -> dict[date, float]:
    """Each day with an exercised session (any status), and its minutes in sets worked."""
    found = _minutes(db, since=None, tz=tz, statuses=None, include_demo=include_demo)
    return {day: round(m, 2) for day, m in sorted(found.items())}


def streaks(days: Iterable[date], today: date) -> Streaks:
    """Runs of consecutive days. The current run ends today, or yesterday (today is not over
    yet); the longest run is the most recent of the longest."""
    unique = sorted(set(days))
    present = set(unique)
    longest, longest_ended, run = 0, None, 0
    previous: date | None = None
    for day in unique:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        if run >= longest:
            longest, longest_ended = run, day
        previous = day
    end = today if today in present else today - timedelta(days=1)
    current = 0
    while end in present:
        current += 1
        end -= timedelta(days=1)
    return Streaks(current_days=current, longest_days=longest, longest_ended=longest_ended)
