"""Suggested doses build up toward the sources' targets and step back when pain went up."""

from __future__ import annotations

from catalog import Catalog
from catalog.models import Dose
from catalog.progression import LastTime, step_down, step_up, suggest


def last(
    dose: Dose, completed: bool = True, before: int | None = 3, after: int | None = 3
) -> LastTime:
    return LastTime(dose=dose, completed=completed, pain_before=before, pain_after=after)


def test_first_time_is_the_routines_dose(builtin: Catalog) -> None:
    plank = builtin.exercises["forearm-plank"]
    suggestion = suggest(plank, plank.dose.start, None)
    assert (suggestion.dose, suggestion.change) == (plank.dose.start, "new")


def test_a_completed_session_without_more_pain_steps_up(builtin: Catalog) -> None:
    plank = builtin.exercises["forearm-plank"]
    start = plank.dose.start
    suggestion = suggest(plank, start, last(start))
    assert suggestion.change == "up"
    assert suggestion.dose.hold_s == (start.hold_s or 0) + 5
    bridge = builtin.exercises["glute-bridge"]
    up = suggest(bridge, bridge.dose.start, last(bridge.dose.start)).dose
    assert up.reps == (bridge.dose.start.reps or 0) + 1


def test_pain_going_up_steps_back(builtin: Catalog) -> None:
    plank = builtin.exercises["forearm-plank"]
    built_up = step_up(plank, step_up(plank, plank.dose.start))
    suggestion = suggest(plank, plank.dose.start, last(built_up, before=2, after=5))
    assert suggestion.change == "down"
    assert "2 → 5" in suggestion.reason
    assert suggestion.dose == step_up(plank, plank.dose.start)


def test_an_unfinished_session_repeats_the_dose(builtin: Catalog) -> None:
    plank = builtin.exercises["forearm-plank"]
    dose = step_up(plank, plank.dose.start)
    suggestion = suggest(plank, plank.dose.start, last(dose, completed=False))
    assert (suggestion.dose, suggestion.change) == (dose, "same")


def test_doses_never_pass_the_target(builtin: Catalog) -> None:
    for exercise in builtin.exercises.values():
        dose = exercise.dose.start
        for _ in range(200):
            dose = step_up(exercise, dose)
        target = exercise.dose.target
        for field in ("sets", "reps", "hold_s", "duration_s"):
            value, goal = getattr(dose, field), getattr(target, field)
            if value is not None and goal is not None:
                assert value <= goal, (exercise.id, field)
        assert suggest(exercise, exercise.dose.start, last(dose)).change == "target"


def test_stepping_down_from_the_start_stays_sensible(builtin: Catalog) -> None:
    for exercise in builtin.exercises.values():
        dose = exercise.dose.start
        for _ in range(50):
            dose = step_down(exercise, dose)
        assert (dose.reps or 1) >= 1
        assert dose.hold_s is None or dose.hold_s >= 1
        assert dose.sets >= 1
