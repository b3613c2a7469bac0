"""What the person did of each exercise in a routine's past sessions: what progression reads.

Per exercise, newest first: the dose as planned, whether every set was done as planned,
pain before and after the session and what was reported while the exercise was on, the pain
reported that ended the session (for every exercise done in it: it is how the back took the
session), and what a wearable saw (holds broken, form warnings). Sessions still running are
left out, and so are the demo's unless asked for (``db.demo``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.demo import history_filter
from db.timestamps import parse_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

SESSIONS_READ = 60
"""Enough of a routine's latest sessions for any pace (a dose is rarely kept longer)."""

PAIN_EVENTS = ("pain",)
"""Event kinds whose ``value`` is pain reported during a session (0-10)."""
CARE_EVENTS = (("red-flag", None), ("pain-advice", "seek-care"))
"""Events (kind, detail; None: any) that say the session advised having the back checked."""
LEVEL_EVENTS = ("pain-advice", "red-flag")
"""Events whose ``value`` is the pain the advice (and so the choice after it) was about."""
CHOSE_TO_END = ("pain-choice", "end")
"""The event (kind, detail) of a session the person chose to end after the advice on a pain
report (mid-session, or "not today" at the pain check): pain after is not asked then. Not
``db.figures.ended_for_pain``, which counts too a session whose last exercise was skipped
on the advice: here the pain the session was ended at is what is wanted."""

HELD_ENOUGH = 0.9
"""A hold ended a moment early still counts as held; one cut short by more does not."""


@dataclass(frozen=True, slots=True)
class ExerciseDone:
    """One exercise in one past session of the routine, as recorded."""

    session_id: int
    started_at: datetime
    sets: int
    planned_reps: int | None
    planned_hold_s: int | None
    planned_duration_s: int | None
    completed: bool
    """Every planned set (each side) reached and done as planned."""
    pain_before: int | None
    pain_after: int | None
    pain_during: tuple[int, ...]
    """Pain reported while this exercise was on (or about to start), in order."""
    hold_breaks: int | None
    """Holds left before their time in its sets, where a wearable watched; else None."""
    form_warnings: int | None
    """Form warnings in its sets, where a wearable watched; else None."""
    care_advised: bool
    """The session advised having the back checked (a red flag, pain of 10)."""
    pain_ended: int | None = None
    """The pain reported that ended the session (``pain_chosen_to_end_at``): how the back took the
    whole session, so it counts for every exercise done in it, read as pain after is. Pain
    after stays as the person gave it: none, as it is not asked then."""


def exercise_history(
    db: Database, routine_id: str, *, include_demo: bool = False, limit: int = SESSIONS_READ
) -> dict[str, list[ExerciseDone]]:
    """Per exercise, how it went in the latest ``limit`` sessions of the routine, newest
    first."""
    mine = history_filter(db, "s", include_demo=include_demo)
    sessions = _rows(
        db,
        "SELECT s.id, s.started_at, s.pain_before, s.pain_after FROM sessions s "
        f"WHERE s.routine_id = ? AND s.kind = 'routine' AND s.status != 'running' AND {mine} "
        "ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
        [routine_id, limit],
    )
    if not sessions:
        return {}
    ids = json.dumps([s["id"] for s in sessions])
    steps = _rows(
        db,
        "SELECT * FROM steps WHERE session_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY session_id, step_index",
        [ids],
    )
    kinds = json.dumps(PAIN_EVENTS)
    pains = _rows(
        db,
        "SELECT session_id, step_index, value FROM events "
        "WHERE session_id IN (SELECT value FROM json_each(?)) "
        "AND kind IN (SELECT value FROM json_each(?)) AND value IS NOT NULL ORDER BY id",
        [ids, kinds],
    )
    cared = {
        row["session_id"]
        for row in _rows(
            db,
            "SELECT session_id, kind, detail FROM events "
            "WHERE session_id IN (SELECT value FROM json_each(?)) "
            "AND kind IN ('red-flag', 'pain-advice')",
            [ids],
        )
        if any(row["kind"] == k and d in (None, row["detail"]) for k, d in CARE_EVENTS)
    }
    ended = pain_chosen_to_end_at(db, [s["id"] for s in sessions])
    steps_of: dict[int, list[dict[str, Any]]] = {}
    for step in steps:
        steps_of.setdefault(step["session_id"], []).append(step)
    pains_of: dict[int, list[dict[str, Any]]] = {}
    for pain in pains:
        pains_of.setdefault(pain["session_id"], []).append(pain)
    found: dict[str, list[ExerciseDone]] = {}
    for session in sessions:
        session_steps = steps_of.get(session["id"], [])
        during = _pain_by_exercise(session_steps, pains_of.get(session["id"], []))
        by_exercise: dict[str, list[dict[str, Any]]] = {}
        for step in session_steps:
            by_exercise.setdefault(step["exercise_id"], []).append(step)
        for exercise_id, rows in by_exercise.items():
            found.setdefault(exercise_id, []).append(
                _done(
                    session,
                    rows,
                    tuple(during.get(exercise_id, ())),
                    session["id"] in cared,
                    ended.get(session["id"]),
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class CheckAdvised:
    """A session, of any routine, that advised having the back checked (a red flag, 10/10):
    it ended there, and the advice is for the back, not one routine."""

    session_id: int
    started_at: datetime
    pain_before: int | None
    pain_after: int | None


def checks_advised(
    db: Database, *, include_demo: bool = False, limit: int = SESSIONS_READ
) -> list[CheckAdvised]:
    """The latest ``limit`` sessions that advised a check, newest first."""
    mine = history_filter(db, "s", include_demo=include_demo)
    rows = _rows(
        db,
        "SELECT DISTINCT s.id, s.started_at, s.pain_before, s.pain_after FROM sessions s "
        "JOIN events e ON e.session_id = s.id "
        "WHERE s.kind = 'routine' AND s.status != 'running' AND "
        "(e.kind = 'red-flag' OR (e.kind = 'pain-advice' AND e.detail = 'seek-care')) "
        f"AND {mine} ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
        [limit],
    )
    return [
        CheckAdvised(row["id"], parse_iso(row["started_at"]), row["pain_before"], row["pain_after"])
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class LastSession:
    """The routine's latest session, for the exercises it did not reach: its pain still
    tells how the back took to it (pain up from 3 to 8 before a set, or in the first
    exercise of three, is pain that rose for the other exercises too)."""

    session_id: int
    started_at: datetime
    pain_before: int | None
    pain_after: int | None
    pain_during: tuple[int, ...]
    """Every pain reported in it, in order."""
    no_set: bool
    """It was left before any set was recorded."""
    pain_ended: int | None = None
    """The pain reported that ended it (``pain_chosen_to_end_at``)."""


def last_session(
    db: Database, routine_id: str, *, include_demo: bool = False
) -> LastSession | None:
    """The routine's latest session (not one still running), or None when it has none."""
    mine = history_filter(db, "s", include_demo=include_demo)
    rows = _rows(
        db,
        "SELECT s.id, s.started_at, s.pain_before, s.pain_after, "
        "NOT EXISTS (SELECT 1 FROM steps st WHERE st.session_id = s.id) AS no_set "
        f"FROM sessions s WHERE s.routine_id = ? AND s.kind = 'routine' "
        f"AND s.status != 'running' AND {mine} ORDER BY s.started_at DESC, s.id DESC LIMIT 1",
        [routine_id],
    )
    if not rows:
        return None
    row = rows[0]
    pains = db.execute(
        "SELECT value FROM events WHERE session_id = ? AND kind IN "
        f"({', '.join('?' for _ in PAIN_EVENTS)}) AND value IS NOT NULL ORDER BY id",
        [row["id"], *PAIN_EVENTS],
    ).fetchall()
    return LastSession(
        row["id"],
        parse_iso(row["started_at"]),
        row["pain_before"],
        row["pain_after"],
        tuple(round(value) for (value,) in pains),
        bool(row["no_set"]),
        pain_chosen_to_end_at(db, [row["id"]]).get(row["id"]),
    )


def pain_chosen_to_end_at(db: Database, session_ids: Iterable[int]) -> dict[int, int]:
    """The sessions the person ended after the advice on a pain report, each with the pain
    of that report (0-10): the last level advised on before the choice to end. A report
    without a number (a red flag at the start) gives none; the advice to have the back
    checked says enough then."""
    rows = _rows(
        db,
        "SELECT session_id, kind, value, detail FROM events "
        "WHERE session_id IN (SELECT value FROM json_each(?)) "
        "AND kind IN (SELECT value FROM json_each(?)) ORDER BY session_id, id",
        [json.dumps(list(session_ids)), json.dumps([*LEVEL_EVENTS, CHOSE_TO_END[0]])],
    )
    level: dict[int, int] = {}
    found: dict[int, int] = {}
    for row in rows:
        session_id = row["session_id"]
        if row["kind"] in LEVEL_EVENTS and row["value"] is not None:
            level[session_id] = round(row["value"])
        elif (row["kind"], row["detail"]) == CHOSE_TO_END and session_id in level:
            found[session_id] = level[session_id]
    return found


def _done(
    session: dict[str, Any],
    rows: list[dict[str, Any]],
    pain: tuple[int, ...],
    cared: bool,
    ended: int | None,
) -> ExerciseDone:
    first = rows[0]
    return ExerciseDone(
        session_id=session["id"],
        started_at=parse_iso(session["started_at"]),
        sets=max(1, max(row["planned_sets"] or row["set_number"] for row in rows)),
        planned_reps=first["planned_reps"],
        planned_hold_s=first["planned_hold_s"],
        planned_duration_s=first["planned_duration_s"],
        completed=_every_set_done(rows),
        pain_before=session["pain_before"],
        pain_after=session["pain_after"],
        pain_during=pain,
        hold_breaks=_sensed_total(row.get("hold_breaks") for row in rows),
        form_warnings=_sensed_total(row.get("form_warnings") for row in rows),
        care_advised=cared,
        pain_ended=ended,
    )


def _pain_by_exercise(
    steps: list[dict[str, Any]], pains: list[dict[str, Any]]
) -> dict[str, list[int]]:
    """Each pain report's exercise: the set it was reported in, or, between sets, the next
    set recorded (a rest or get-ready leads to it), or failing that the last one."""
    found: dict[str, list[int]] = {}
    if not steps:
        return found
    for pain in pains:
        index = pain["step_index"]
        after = [s for s in steps if index is not None and s["step_index"] >= index]
        step = after[0] if after else steps[-1]
        found.setdefault(step["exercise_id"], []).append(round(pain["value"]))
    return found


def _sensed_total(values: Iterable[int | None]) -> int | None:
    """The sum where a wearable measured; None where none did."""
    measured = [v for v in values if v is not None]
    return sum(measured) if measured else None


def _every_set_done(rows: list[dict[str, Any]]) -> bool:
    """Every planned set (each side) has a row, and each was done as planned: a session
    ended or interrupted before the last set is not done."""
    sides = 2 if any(row["side"] for row in rows) else 1
    planned = max(row["planned_sets"] or row["set_number"] for row in rows) * sides
    reached = {(row["set_number"], row["side"]) for row in rows}
    return len(reached) >= planned and all(_done_as_planned(row) for row in rows)


def _done_as_planned(step: dict[str, Any]) -> bool:
    if step["skipped"] or step["ended_at"] is None:
        return False
    if step["mode"] == "hold":
        planned = step["planned_hold_s"] or 0
        holds = json.loads(step["holds_s"] or "[]")
        enough = len(holds) >= (step["planned_reps"] or 1)
        return enough and all(held >= planned * HELD_ENOUGH for held in holds)
    if step["mode"] == "reps":
        return bool(step["reps_done"] >= (step["planned_reps"] or 1))
    return True


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
