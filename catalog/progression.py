"""Suggest today's dose from how the exercise went last time.

The rule, from the sources' advice to build up gradually and to stop when pain increases:
- never done in this routine: the routine's dose;
- last time every set was done and pain did not go up: one step toward the target;
- pain went up after the session: one step back;
- otherwise (sets skipped or cut short): the same as last time.
One step is +5 s on a hold or a timed bout, else +1 rep, else +1 set (in that order for
holds; reps first for rep exercises). Doses never pass the target the sources give.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from msgspec.structs import replace

from catalog.models import Dose, Exercise

HOLD_STEP_S = 5
TIMED_STEP_S = 10
MIN_HOLD_S = 5

Change = Literal["new", "up", "same", "down", "target"]


@dataclass(frozen=True, slots=True)
class LastTime:
    dose: Dose
    completed: bool
    pain_before: int | None
    pain_after: int | None


@dataclass(frozen=True, slots=True)
class Suggestion:
    dose: Dose
    change: Change
    reason: str


def suggest(exercise: Exercise, planned: Dose, last: LastTime | None) -> Suggestion:
    if last is None:
        return Suggestion(planned, "new", "first time in this routine: the routine's dose")
    before, after = last.pain_before, last.pain_after
    if before is not None and after is not None and after > before:
        dose = step_down(exercise, last.dose)
        return Suggestion(dose, "down", f"pain went up last time ({before} → {after}): easier")
    if not last.completed:
        return Suggestion(last.dose, "same", "not every set was done last time: the same again")
    dose = step_up(exercise, last.dose)
    if dose == last.dose:
        return Suggestion(dose, "target", "at the target the sources give: keep it there")
    return Suggestion(dose, "up", "all done last time without more pain: one step on")


def step_up(exercise: Exercise, dose: Dose) -> Dose:
    target = exercise.dose.target
    for field, amount in _order(exercise):
        value, goal = getattr(dose, field), getattr(target, field)
        if value is not None and goal is not None and value < goal:
            return replace(dose, **{field: min(goal, value + amount)})
    return dose


def step_down(exercise: Exercise, dose: Dose) -> Dose:
    start = exercise.dose.start
    # Undo the most recent kind of step first: sets, then the time, then reps.
    for field, amount in reversed(_order(exercise)):
        value, floor = getattr(dose, field), getattr(start, field)
        if value is not None and floor is not None and value > floor:
            return replace(dose, **{field: max(floor, value - amount)})
    if exercise.mode == "hold" and dose.hold_s and dose.hold_s > MIN_HOLD_S:
        return replace(dose, hold_s=max(MIN_HOLD_S, dose.hold_s - HOLD_STEP_S))
    if exercise.mode == "timed" and dose.duration_s and dose.duration_s > MIN_HOLD_S:
        return replace(dose, duration_s=max(MIN_HOLD_S, dose.duration_s - TIMED_STEP_S))
    if dose.reps and dose.reps > 1:
        return replace(dose, reps=dose.reps - 1)
    return dose


def _order(exercise: Exercise) -> list[tuple[str, int]]:
    if exercise.mode == "hold":
        return [("hold_s", HOLD_STEP_S), ("reps", 1), ("sets", 1)]
    if exercise.mode == "timed":
        return [("duration_s", TIMED_STEP_S), ("sets", 1)]
    return [("reps", 1), ("hold_s", 1), ("sets", 1)]
