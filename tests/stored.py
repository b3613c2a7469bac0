"""Read-model objects for tests of what is shown (the words, the spans, the laps): a set or
a session as ``db.read_model`` would read it back, built in one line."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from db.read_model import SessionRow, StoredSession, StoredSet

STARTED = datetime(2025, 3, 14, 8, 5, tzinfo=UTC)


def stored_set(**changes: Any) -> StoredSet:
    """A bird dog set of 5 reps done, left side, over 0-30 s; ``changes`` replace fields."""
    base = StoredSet(
        step_index=0,
        exercise_id="bird-dog",
        exercise_name="Bird dog",
        mode="reps",
        set_number=1,
        side="left",
        planned_sets=1,
        planned_reps=5,
        planned_hold_s=None,
        planned_duration_s=None,
        reps_done=5,
        holds_s=(),
        held_s=0.0,
        active_s=30.0,
        skipped=False,
        finished=True,
        done=True,
        started_at=None,
        ended_at=None,
        start_t_s=0.0,
        end_t_s=30.0,
    )
    changed = replace(base, **changes)
    return replace(changed, done=changed.finished and not changed.skipped)


def hold_set(*holds_s: float, **changes: Any) -> StoredSet:
    """A forearm plank set of 3 × 10 s holds that held ``holds_s``."""
    fields: dict[str, Any] = {
        "exercise_id": "forearm-plank",
        "exercise_name": "Forearm plank",
        "mode": "hold",
        "side": None,
        "planned_reps": 3,
        "planned_hold_s": 10,
        "reps_done": len(holds_s),
        "holds_s": holds_s,
        "held_s": sum(holds_s),
    }
    return stored_set(**{**fields, **changes})


def stored_session(*sets: StoredSet, elapsed_s: float = 140.0, **row: Any) -> StoredSession:
    fields: dict[str, Any] = {
        "id": 7,
        "kind": "routine",
        "routine_id": "core-basics",
        "routine_name": "Core basics",
        "started_at": STARTED,
        "duration_s": round(elapsed_s),
        "status": "completed",
        "sets_planned": len(sets),
        "sets_done": sum(1 for s in sets if s.done),
        "sets_skipped": sum(1 for s in sets if s.skipped),
        "pain_before": 4,
        "pain_after": 2,
        "avg_bpm": None,
        "peak_bpm": None,
        "has_motion": False,
        "note": None,
        "ended_at": STARTED + timedelta(seconds=elapsed_s),
    }
    fields.update(row)
    return StoredSession(SessionRow(**fields), tuple(sets), (), (), (), (), None)
