"""The built-in catalog: everything the seeds describe, complete and consistent."""

from __future__ import annotations

import pytest

from catalog import Catalog
from catalog.plan import expand

REQUIRED_EXERCISES = [
    "glute-bridge",
    "glute-bridge-single-leg",
    "glute-bridge-ball",
    "bird-dog",
    "superman",
    "forearm-plank",
    "side-plank",
    "clam-shell",
    "side-lying-leg-lift",
    "banded-side-walk",
    "banded-monster-walk",
    "knee-to-chest",
    "lower-back-rotation",
    "seated-lower-back-rotation",
    "pelvic-tilt",
    "cat-cow",
    "partial-curl",
    "prone-leg-raise",
    "dead-bug",
    "kneeling-hip-flexor-stretch",
    "chest-raise",
    "overhead-back-stretch",
    "split-squat",
    "spanish-squat",
    "walking",
]

REQUIRED_ROUTINES = {
    "core-basics": ["bird-dog", "glute-bridge", "forearm-plank"],
    "strength-foundation": ["glute-bridge", "bird-dog", "superman", "forearm-plank"],
    "glute-activation": [
        "clam-shell",
        "side-lying-leg-lift",
        "banded-side-walk",
        "glute-bridge",
        "banded-monster-walk",
    ],
    "back-ten": [
        "glute-bridge",
        "knee-to-chest",
        "lower-back-rotation",
        "pelvic-tilt",
        "side-lying-leg-lift",
        "cat-cow",
        "superman",
        "seated-lower-back-rotation",
        "partial-curl",
    ],
    "gentle-mobility": ["knee-to-chest", "lower-back-rotation", "pelvic-tilt", "cat-cow"],
}


def test_builtin_catalog_loads_without_problems(builtin: Catalog) -> None:
    assert [str(p) for p in builtin.problems] == []
    assert builtin.user_ids == frozenset()


@pytest.mark.parametrize("exercise_id", REQUIRED_EXERCISES)
def test_every_seed_exercise_is_complete(builtin: Catalog, exercise_id: str) -> None:
    exercise = builtin.exercises[exercise_id]
    assert exercise.steps
    assert exercise.cautions, "every exercise carries at least one caution"
    assert exercise.muscles
    assert exercise.summary
    assert exercise.sources
    for source in exercise.sources:
        assert source in builtin.sources, f"{exercise_id} cites unknown source {source}"
    assert all(step.strip() and not step[0].isdigit() for step in exercise.steps)


@pytest.mark.parametrize(("routine_id", "exercise_ids"), REQUIRED_ROUTINES.items())
def test_required_routines_hold_the_seeds_exercises_in_order(
    builtin: Catalog, routine_id: str, exercise_ids: list[str]
) -> None:
    routine = builtin.routines[routine_id]
    assert [item.exercise for item in routine.items] == exercise_ids
    assert routine.sources
    assert routine.description


def test_every_source_names_a_seed_file(builtin: Catalog) -> None:
    cited = {s for e in builtin.exercises.values() for s in e.sources}
    cited |= {s for r in builtin.routines.values() for s in r.sources}
    assert cited == set(builtin.sources), "every source is cited and every citation resolves"
    assert all(s.file.endswith(".txt") for s in builtin.sources.values())


def test_variants_point_at_real_exercises(builtin: Catalog) -> None:
    bridge = builtin.exercises["glute-bridge"]
    linked = {v.exercise for v in bridge.variants}
    assert {"glute-bridge-single-leg", "glute-bridge-ball"} <= linked
    for exercise in builtin.exercises.values():
        for variant in exercise.variants:
            assert variant.exercise is None or variant.exercise in builtin.exercises


def test_doses_follow_the_seeds(builtin: Catalog) -> None:
    bridge = builtin.exercises["glute-bridge"].dose
    assert bridge.start.hold_s == 2, "hold for a slow count of two"
    assert bridge.target.reps is not None
    assert 10 <= bridge.target.reps <= 12, "build up to 10-12 repetitions"

    plank = builtin.exercises["forearm-plank"]
    assert plank.mode == "hold"
    assert plank.dose.start.hold_s == 10, "hold 10-90 seconds"
    assert plank.dose.target.hold_s == 90
    assert plank.dose.target.reps is not None
    assert 5 <= plank.dose.target.reps <= 10, "build up to 5-10 repetitions"

    bird_dog = builtin.exercises["bird-dog"]
    assert bird_dog.per_side
    assert bird_dog.dose.start.hold_s in (2, 3), "hold two to three seconds"
    assert bird_dog.dose.target.reps in (5, 6), "five to six times on each side"


@pytest.mark.parametrize(
    ("exercise_id", "warning"),
    [
        ("clam-shell", "rock"),
        ("side-lying-leg-lift", "rock"),
        ("superman", "floor"),
        ("prone-leg-raise", "floor"),
        ("partial-curl", "both legs"),
        ("bird-dog", "arch"),
        ("dead-bug", "arch"),
    ],
)
def test_seed_cautions_are_carried(builtin: Catalog, exercise_id: str, warning: str) -> None:
    cautions = " ".join(builtin.exercises[exercise_id].cautions).lower()
    assert warning in cautions


def test_no_alias_shadows_another_exercise(builtin: Catalog) -> None:
    names = {e.name.lower(): e.id for e in builtin.exercises.values()}
    for exercise in builtin.exercises.values():
        for alias in exercise.aliases:
            owner = names.get(alias.lower(), exercise.id)
            assert owner == exercise.id, f"{exercise.id} alias {alias!r} is {owner}'s name"


def test_every_routine_expands_into_a_plan(builtin: Catalog) -> None:
    for routine in builtin.routines.values():
        steps = expand(routine, builtin.exercises, rest_s=30)
        work = [s for s in steps if s.kind == "work"]
        assert {s.exercise_id for s in work} == {i.exercise for i in routine.items}
        assert all(s.estimate_s > 0 for s in work)
