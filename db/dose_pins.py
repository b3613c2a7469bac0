"""Doses a person pinned: one routine's exercise kept at a dose until they unpin it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from db.clock import utc_now
from db.timestamps import iso, parse_iso
from db.transactions import writing

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class PinnedDose:
    exercise_id: str
    sets: int
    reps: int | None
    hold_s: int | None
    duration_s: int | None
    pinned_at: datetime


def pinned_doses(db: Database, routine_id: str) -> dict[str, PinnedDose]:
    """The routine's pinned doses by exercise (none on a file from before pins)."""
    if "dose_pins" not in db.table_names():
        return {}
    rows = db.execute(
        "SELECT exercise_id, sets, reps, hold_s, duration_s, pinned_at FROM dose_pins "
        "WHERE routine_id = ?",
        [routine_id],
    ).fetchall()
    return {
        row[0]: PinnedDose(row[0], row[1], row[2], row[3], row[4], parse_iso(row[5]))
        for row in rows
    }


def pin_dose(
    db: Database,
    routine_id: str,
    exercise_id: str,
    *,
    sets: int,
    reps: int | None,
    hold_s: int | None,
    duration_s: int | None,
    at: datetime | None = None,
) -> None:
    """Keep this dose for the routine's exercise (replacing an earlier pin)."""
    with writing(db):
        db.table("dose_pins").insert(
            {
                "routine_id": routine_id,
                "exercise_id": exercise_id,
                "sets": sets,
                "reps": reps,
                "hold_s": hold_s,
                "duration_s": duration_s,
                "pinned_at": iso(at or utc_now()),
            },
            replace=True,
        )


def unpin_dose(db: Database, routine_id: str, exercise_id: str) -> None:
    with writing(db):
        db.execute(
            "DELETE FROM dose_pins WHERE routine_id = ? AND exercise_id = ?",
            [routine_id, exercise_id],
        )
