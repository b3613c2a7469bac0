"""Today's doses for a routine: the routine's own, or suggested from the last session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from msgspec.structs import replace

from catalog import Catalog, Routine
from catalog.models import Dose
from catalog.plan import PlannedStep, expand, item_dose
from catalog.progression import LastTime, Suggestion, suggest


@dataclass(frozen=True, slots=True)
class Past:
    """How an exercise went last time, as the database tells it."""

    dose: Dose
    completed: bool
    pain_before: int | None
    pain_after: int | None


def suggestions(
    routine: Routine, catalog: Catalog, past: Mapping[str, Past]
) -> dict[str, Suggestion]:
    """A suggestion per exercise of the routine (an exercise listed twice gets one)."""
    found: dict[str, Suggestion] = {}
    for item in routine.items:
        if item.exercise in found:
            continue
        exercise = catalog.exercises[item.exercise]
        planned = item_dose(exercise, item.dose)
        last = past.get(item.exercise)
        last_time = (
            None
            if last is None
            else LastTime(
                # Rest is the routine's; only what is done changes.
                dose=replace(last.dose, rest_s=planned.rest_s),
                completed=last.completed,
                pain_before=last.pain_before,
                pain_after=last.pain_after,
            )
        )
        found[item.exercise] = suggest(exercise, planned, last_time)
    return found


def with_doses(routine: Routine, doses: Mapping[str, Dose]) -> Routine:
    """The routine with each exercise's dose replaced by ``doses`` where given."""
    items = tuple(
        replace(item, dose=doses[item.exercise]) if item.exercise in doses else item
        for item in routine.items
    )
    return replace(routine, items=items)


def plan(
    routine: Routine, catalog: Catalog, rest_s: int, doses: Mapping[str, Dose] | None = None
) -> list[PlannedStep]:
    return expand(with_doses(routine, doses or {}), catalog.exercises, rest_s)
