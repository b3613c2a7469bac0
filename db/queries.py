"""Reading sessions back: the log list, one session in full, and what progression needs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db.sessions import parse_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

_SUMMARY = """
SELECT s.id, s.kind, s.routine_id, s.routine_name, s.started_at, s.ended_at, s.updated_at,
       s.status, s.pain_before, s.pain_after, s.note, s.planned_sets, s.planned_s,
       COALESCE(SUM(st.skipped = 0 AND st.ended_at IS NOT NULL), 0) AS sets_done,
       COALESCE(SUM(st.skipped = 1), 0) AS sets_skipped
FROM sessions s LEFT JOIN steps st ON st.session_id = s.id
"""


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    end = row.pop("ended_at") or row["updated_at"]
    row["ended_at"] = end
    row["duration_s"] = round((parse_iso(end) - parse_iso(row["started_at"])).total_seconds())
    row.pop("updated_at")
    return row


def list_sessions(db: Database, limit: int | None = None) -> list[dict[str, Any]]:
    """Sessions newest first, each with how many sets were done and skipped."""
    sql = _SUMMARY + " GROUP BY s.id ORDER BY s.started_at DESC, s.id DESC"
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_summary(dict(row)) for row in _rows(db, sql, params)]


def get_session(db: Database, session_id: int) -> dict[str, Any] | None:
    """One session with its steps (in order) and events, or None."""
    rows = _rows(db, _SUMMARY + " WHERE s.id = ? GROUP BY s.id", [session_id])
    if not rows:
        return None
    session = _summary(dict(rows[0]))
    steps = _rows(db, "SELECT * FROM steps WHERE session_id = ? ORDER BY step_index", [session_id])
    for step in steps:
        step.pop("session_id")
        step["holds_s"] = json.loads(step["holds_s"] or "[]")
        if "rep_times_s" in step:
            step["rep_times_s"] = json.loads(step["rep_times_s"] or "[]")
        step["skipped"] = bool(step["skipped"])
        step["finished"] = step["ended_at"] is not None
    session["steps"] = steps
    events = _rows(
        db,
        "SELECT at, t_s, kind, step_index, value, detail FROM events "
        "WHERE session_id = ? ORDER BY id",
        [session_id],
    )
    session["events"] = events
    if "session_devices" not in db.table_names():  # a database of the first schema
        session.update(devices=[], heart_rate=[], streams=[])
        return session
    session["devices"] = _rows(
        db,
        "SELECT address, kind, name, battery_percent FROM session_devices "
        "WHERE session_id = ? ORDER BY address",
        [session_id],
    )
    session["heart_rate"] = _rows(
        db,
        "SELECT device, count(*) AS readings, min(NULLIF(bpm, 0)) AS min_bpm, "
        "round(avg(NULLIF(bpm, 0)), 1) AS mean_bpm, max(NULLIF(bpm, 0)) AS max_bpm "
        "FROM heart_rate "
        "WHERE session_id = ? GROUP BY device ORDER BY device",
        [session_id],
    )
    session["streams"] = _rows(
        db,
        "SELECT device, stream, sum(count) AS samples, max(rate_hz) AS rate_hz, "
        "sum(length(data)) AS bytes FROM stream_chunks "
        "WHERE session_id = ? GROUP BY device, stream ORDER BY device, stream",
        [session_id],
    )
    return session


@dataclass(frozen=True, slots=True)
class PastExercise:
    """How one exercise went in the last session of a routine that included it."""

    exercise_id: str
    planned_reps: int | None
    planned_hold_s: int | None
    planned_duration_s: int | None
    sets: int
    completed: bool
    """Every set done as planned: not skipped, reps or holds reached."""
    pain_before: int | None
    pain_after: int | None
    session_id: int


def last_performances(db: Database, routine_id: str) -> dict[str, PastExercise]:
    """Per exercise, how it went in the most recent session of ``routine_id`` that did it."""
    sessions = _rows(
        db,
        "SELECT id, pain_before, pain_after FROM sessions "
        "WHERE routine_id = ? AND kind = 'routine' AND status != 'running' "
        "ORDER BY started_at DESC, id DESC LIMIT 20",
        [routine_id],
    )
    found: dict[str, PastExercise] = {}
    for session in sessions:
        steps = _rows(
            db,
            "SELECT * FROM steps WHERE session_id = ? ORDER BY step_index",
            [session["id"]],
        )
        by_exercise: dict[str, list[dict[str, Any]]] = {}
        for step in steps:
            by_exercise.setdefault(step["exercise_id"], []).append(step)
        for exercise_id, rows in by_exercise.items():
            if exercise_id in found:
                continue
            first = rows[0]
            found[exercise_id] = PastExercise(
                exercise_id=exercise_id,
                planned_reps=first["planned_reps"],
                planned_hold_s=first["planned_hold_s"],
                planned_duration_s=first["planned_duration_s"],
                sets=max(row["planned_sets"] or row["set_number"] for row in rows),
                completed=_every_set_done(rows),
                pain_before=session["pain_before"],
                pain_after=session["pain_after"],
                session_id=session["id"],
            )
    return found


def _every_set_done(rows: list[dict[str, Any]]) -> bool:
    """Every planned set (each side) has a row, and each was done as planned: a session
    ended or interrupted before the last set does not count as done."""
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
        # A hold ended a moment early still counts; one cut short by half does not.
        return enough and all(held >= planned * 0.9 for held in holds)
    if step["mode"] == "reps":
        return bool(step["reps_done"] >= (step["planned_reps"] or 1))
    return True


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
