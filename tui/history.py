"""What the database says about a routine's past, turned into today's suggested doses."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from catalog import Catalog, Routine
from catalog.models import Dose
from catalog.progression import Performance, Suggestion
from db.dose_history import ExerciseDone, exercise_history
from db.dose_pins import pinned_doses
from tui.doses import suggestions

if TYPE_CHECKING:
    from sqlite_utils import Database


def routine_suggestions(
    db: Database,
    routine: Routine,
    catalog: Catalog,
    *,
    include_demo: bool = False,
    today: date | None = None,
    tz: tzinfo | None = None,
) -> dict[str, Suggestion]:
    """Today's suggestion for each exercise of the routine. Demo sessions are not the
    person's history unless ``include_demo`` (the demo's own run)."""
    history = {
        exercise_id: [performance(done, tz) for done in past]
        for exercise_id, past in exercise_history(db, routine.id, include_demo=include_demo).items()
        if exercise_id in catalog.exercises
    }
    pins = {
        exercise_id: Dose(
            sets=pin.sets, reps=pin.reps, hold_s=pin.hold_s, duration_s=pin.duration_s
        )
        for exercise_id, pin in pinned_doses(db, routine.id).items()
    }
    day = today or datetime.now(tz).astimezone(tz).date()
    return suggestions(routine, catalog, history, day, pins)


def suggested_doses(
    db: Database, routine: Routine, catalog: Catalog, *, include_demo: bool = False
) -> dict[str, Dose]:
    found = routine_suggestions(db, routine, catalog, include_demo=include_demo)
    return {k: s.dose for k, s in found.items()}


def performance(done: ExerciseDone, tz: tzinfo | None = None) -> Performance:
    """One recorded exercise as progression reads it, on the person's calendar day."""
    return Performance(
        day=done.started_at.astimezone(tz).date(),
        dose=Dose(
            sets=max(1, done.sets),
            reps=done.planned_reps,
            hold_s=done.planned_hold_s,
            duration_s=done.planned_duration_s,
        ),
        completed=done.completed,
        pain_before=done.pain_before,
        pain_after=done.pain_after,
        pain_during=done.pain_during,
        hold_breaks=done.hold_breaks,
        form_warnings=done.form_warnings,
        care_advised=done.care_advised,
    )
