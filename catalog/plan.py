"""Expand a routine into the steps a session walks through, and estimate how long it takes.

The session runner follows these steps; the home screen uses the same expansion to say how
long a routine takes, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from catalog.models import Dose, Exercise, Routine

GET_READY_S = 10
"""Countdown before each exercise, to get into position."""
SIDE_SWITCH_S = 5
"""Pause between the left and the right side."""
HOLD_RESET_S = 3
"""Breath between two holds of the same set."""
DEFAULT_REP_S = 3.0
"""Seconds for one rep (lift and lower) when the exercise gives no tempo."""

REP_PAUSE_S = 1.0
"""A breath between two reps, when the coach paces them."""
DEFAULT_REST_S = 30

Side = Literal["left", "right"]
StepKind = Literal["ready", "work", "switch", "rest"]


@dataclass(frozen=True)
class PlannedStep:
    kind: StepKind
    exercise_id: str
    set_number: int
    side: Side | None
    dose: Dose | None
    """What to do in a work step; None for ready, switch and rest."""
    estimate_s: float
    """How long the step is expected to take, in seconds."""
    exercise_name: str = ""
    """The exercise's name as the plan was made, so a session's record can name a step no
    set of it was reached in ("" in a plan stored before names were)."""


def item_dose(exercise: Exercise, dose: Dose | None) -> Dose:
    """The dose for one routine item: its own, else the exercise's starting dose."""
    return dose if dose is not None else exercise.dose.start


def work_seconds(exercise: Exercise, dose: Dose) -> float:
    """Expected time of one set on one side."""
    if exercise.mode == "timed":
        return float(dose.duration_s or 0)
    reps = dose.reps or 1
    if exercise.mode == "hold":
        return reps * (dose.hold_s or 0) + (reps - 1) * HOLD_RESET_S
    rep_s = exercise.tempo.lift_s + exercise.tempo.lower_s if exercise.tempo else DEFAULT_REP_S
    return reps * (rep_s + (dose.hold_s or 0)) + (reps - 1) * REP_PAUSE_S


def expand(
    routine: Routine,
    exercises: Mapping[str, Exercise],
    rest_s: int = DEFAULT_REST_S,
) -> list[PlannedStep]:
    """Every step of a routine, in order: ready, then per set (per side) work, rests."""
    steps: list[PlannedStep] = []
    for index, item in enumerate(routine.items):
        exercise = exercises[item.exercise]
        dose = item_dose(exercise, item.dose)
        steps.extend(_exercise_steps(exercise, dose, rest_s))
        if index < len(routine.items) - 1:
            steps.append(_step("rest", exercise, dose, 0, None, rest_s))
    return steps


def _exercise_steps(exercise: Exercise, dose: Dose, default_rest_s: int) -> Iterator[PlannedStep]:
    yield _step("ready", exercise, dose, 1, None, GET_READY_S)
    sides: tuple[Side | None, ...] = ("left", "right") if exercise.per_side else (None,)
    rest_s = dose.rest_s if dose.rest_s is not None else default_rest_s
    for set_number in range(1, dose.sets + 1):
        for side in sides:
            if side == "right":
                yield _step("switch", exercise, dose, set_number, side, SIDE_SWITCH_S)
            yield _step("work", exercise, dose, set_number, side, work_seconds(exercise, dose))
        if set_number < dose.sets:
            yield _step("rest", exercise, dose, set_number, None, rest_s)


def _step(
    kind: StepKind,
    exercise: Exercise,
    dose: Dose,
    set_number: int,
    side: Side | None,
    estimate_s: float,
) -> PlannedStep:
    return PlannedStep(
        kind=kind,
        exercise_id=exercise.id,
        set_number=set_number,
        side=side,
        dose=dose if kind == "work" else None,
        estimate_s=estimate_s,
        exercise_name=exercise.name,
    )


def estimate_seconds(steps: list[PlannedStep]) -> int:
    return round(sum(step.estimate_s for step in steps))
