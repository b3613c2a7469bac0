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


def test_how_often_is_given_only_where_a_seed_says_it(builtin: Catalog) -> None:
    with_frequency = {r.id for r in builtin.routines.values() if r.frequency is not None}
    assert with_frequency == {"core-basics", "core-stability", "desk-break"}
    assert {e.id for e in builtin.exercises.values() if e.frequency is not None} == {"walking"}

    # seed-004 (scrambled): "3 times a week can be good"; "6 weeks, increase the intensity
    # by increasing the time you hold". Its easiest exercises make core-basics.
    for routine_id in ("core-basics", "core-stability"):
        frequency = builtin.routines[routine_id].frequency
        assert frequency is not None
        assert (frequency.times, frequency.times_max, frequency.per) == (3, None, "week")
        assert frequency.progress_after_weeks == 6
        assert "hold" in frequency.progress
        assert "longer" in frequency.progress

    # seed-002: "periodically standing up at your desk"; no interval, so no numbers.
    desk = builtin.routines["desk-break"].frequency
    assert desk is not None
    assert (desk.times, desk.per, desk.progress_after_weeks) == (None, None, None)
    assert "desk" in desk.note

    # seed-004: "combine ... with walking regularly at a comfortable pace".
    walking = builtin.exercises["walking"].frequency
    assert walking is not None
    assert (walking.times, walking.per) == (None, None)
    assert "regularly" in walking.note.lower()


def test_optional_equipment_follows_the_seeds(builtin: Catalog) -> None:
    # seed-001, clam shells: "a resistance band or even just your hand".
    clam = builtin.exercises["clam-shell"]
    assert (clam.equipment, clam.optional_equipment) == (("mat",), ("resistance band",))
    # seed-001, side leg lifts: "no resistance or with ankle weights or a resistance band".
    lift = builtin.exercises["side-lying-leg-lift"]
    assert set(lift.optional_equipment) == {"ankle weight", "resistance band"}
    assert "resistance band" not in lift.equipment
    # seed-001, bridges: "modifications including ... physio-ball bridges".
    assert builtin.exercises["glute-bridge"].optional_equipment == ("exercise ball",)
    assert "exercise ball" in builtin.exercises["glute-bridge-ball"].equipment
    # seed-001: side walks and monster walks "with band" cannot do without it.
    for walk in ("banded-side-walk", "banded-monster-walk"):
        assert builtin.exercises[walk].equipment == ("resistance band",)
    for exercise in builtin.exercises.values():
        assert not set(exercise.equipment) & set(exercise.optional_equipment), exercise.id


def test_primary_muscles_are_ranked_only_where_the_seeds_rank_them(builtin: Catalog) -> None:
    ranked = {e.id: e for e in builtin.exercises.values() if e.primary_muscles}
    assert set(ranked) == {
        "glute-bridge",
        "glute-bridge-single-leg",
        "glute-bridge-ball",
        "clam-shell",
        "side-lying-leg-lift",
        "banded-side-walk",
        "banded-monster-walk",
    }
    for exercise in ranked.values():
        assert set(exercise.primary_muscles) <= set(exercise.muscles), exercise.id

    # seed-001: bridges work "the gluteus maximus muscle primarily and both the low back and
    # hamstring musculature secondarily"; minimise the hamstrings and low back.
    bridge = ranked["glute-bridge"]
    assert bridge.primary_muscles == ("gluteus maximus",)
    assert {"hamstrings", "erector spinae"} <= set(bridge.muscles) - set(bridge.primary_muscles)
    # seed-001: clam shells activate "the Gluteus Medius and to a lesser extent the gluteus
    # maximus"; side leg lifts isolate the gluteus medius.
    assert ranked["clam-shell"].primary_muscles == ("gluteus medius",)
    assert "gluteus maximus" in ranked["clam-shell"].muscles
    assert ranked["side-lying-leg-lift"].primary_muscles == ("gluteus medius",)
    # seed-001: monster walks are "primarily a glute activation exercise", felt "a little
    # bit in your quadriceps".
    monster = ranked["banded-monster-walk"]
    assert "quadriceps" in monster.muscles
    assert "quadriceps" not in monster.primary_muscles


def test_catalogue_wide_safety_comes_from_the_seeds(builtin: Catalog) -> None:
    safety = {s.id: " ".join(s.safety).lower() for s in builtin.sources.values() if s.safety}
    assert set(safety) == {"seed-001", "seed-004"}
    # seed-004: "a traumatic injury such as a fall or accident, always seek medical help".
    assert "fall" in safety["seed-004"]
    assert "medical" in safety["seed-004"]
    # seed-001: "find someone who can show you proper form".
    assert "show you the form" in safety["seed-001"]
