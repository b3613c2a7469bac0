"""Reading sessions back as JSON-ready dicts (scripts and tests), and what progression needs
of a routine's past. Both are built on the read model (``db.read_model``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db.read_model import StoredSet, read_session, read_sets, session_rows
from db.session_json import row_json, session_json

if TYPE_CHECKING:
    from sqlite_utils import Database

AS_PLANNED_SHARE = 0.9
"""A hold ended a moment early still counts as held as planned; one cut short by half does not."""


def list_sessions(db: Database, limit: int | None = None) -> list[dict[str, Any]]:
    """Sessions newest first, as ``lumbar log --json`` lists them."""
    return [row_json(row) for row in session_rows(db, limit=limit)]


def get_session(db: Database, session_id: int) -> dict[str, Any] | None:
    """One session whole, as ``lumbar log show ID --json`` prints it; None if there is none."""
    session = read_session(db, session_id)
    return None if session is None else session_json(session)


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
    sessions = db.execute(
        "SELECT id, pain_before, pain_after FROM sessions "
        "WHERE routine_id = ? AND kind = 'routine' AND status != 'running' "
        "ORDER BY started_at DESC, id DESC LIMIT 20",
        [routine_id],
    ).fetchall()
    found: dict[str, PastExercise] = {}
    for session_id, pain_before, pain_after in sessions:
        by_exercise: dict[str, list[StoredSet]] = {}
        for stored in read_sets(db, session_id):
            by_exercise.setdefault(stored.exercise_id, []).append(stored)
        for exercise_id, sets in by_exercise.items():
            if exercise_id in found:
                continue
            first = sets[0]
            found[exercise_id] = PastExercise(
                exercise_id=exercise_id,
                planned_reps=first.planned_reps,
                planned_hold_s=first.planned_hold_s,
                planned_duration_s=first.planned_duration_s,
                sets=max(s.planned_sets or s.set_number for s in sets),
                completed=_every_set_done(sets),
                pain_before=pain_before,
                pain_after=pain_after,
                session_id=session_id,
            )
    return found


def _every_set_done(sets: list[StoredSet]) -> bool:
    """Every planned set (each side) has a row, and each was done as planned: a session
    ended or interrupted before the last set does not count as done."""
    sides = 2 if any(s.side for s in sets) else 1
    planned = max(s.planned_sets or s.set_number for s in sets) * sides
    reached = {(s.set_number, s.side) for s in sets}
    return len(reached) >= planned and all(done_as_planned(s) for s in sets)


def done_as_planned(stored: StoredSet) -> bool:
    """Done (db.figures.set_done), and to the planned reps or holds."""
    if not stored.done:
        return False
    if stored.mode == "hold":
        planned = stored.planned_hold_s or 0
        enough = len(stored.holds_s) >= (stored.planned_reps or 1)
        return enough and all(held >= planned * AS_PLANNED_SHARE for held in stored.holds_s)
    if stored.mode == "reps":
        return stored.reps_done >= (stored.planned_reps or 1)
    return True
