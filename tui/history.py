"""What the database says about a routine's past, turned into today's suggested doses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from catalog import Catalog, Routine
from catalog.models import Dose
from catalog.progression import Suggestion
from db.queries import last_performances
from tui.doses import Past, suggestions

if TYPE_CHECKING:
    from sqlite_utils import Database


def routine_suggestions(db: Database, routine: Routine, catalog: Catalog) -> dict[str, Suggestion]:
    past = {
        exercise_id: Past(
            dose=Dose(
                sets=max(1, last.sets),
                reps=last.planned_reps,
                hold_s=last.planned_hold_s,
                duration_s=last.planned_duration_s,
            ),
            completed=last.completed,
            pain_before=last.pain_before,
            pain_after=last.pain_after,
        )
        for exercise_id, last in last_performances(db, routine.id).items()
        if exercise_id in catalog.exercises
    }
    return suggestions(routine, catalog, past)


def suggested_doses(db: Database, routine: Routine, catalog: Catalog) -> dict[str, Dose]:
    return {k: s.dose for k, s in routine_suggestions(db, routine, catalog).items()}
