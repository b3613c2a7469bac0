"""The user's own catalog files: they load beside the built-ins, and a broken one is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import Frequency, load_catalog

GOOD_EXERCISE = """
[[exercise]]
id = "wall-sit"
name = "Wall sit"
summary = "Builds the thighs without loading the back."
mode = "hold"
position = "standing"
purpose = "strength"
equipment = ["wall"]
muscles = ["quadriceps"]
steps = ["Lean your back on a wall.", "Slide down until the knees bend."]
cautions = ["Stop if your back hurts."]

[exercise.dose]
start = { hold_s = 10, reps = 3 }
target = { hold_s = 45, reps = 5 }
"""

GOOD_ROUTINE = """
[[routine]]
id = "my-morning"
name = "My morning"
description = "Wall sit and a bridge."
items = [{ exercise = "wall-sit" }, { exercise = "glute-bridge", dose = { reps = 8 } }]
"""


GOOD_SOURCE = """
[[source]]
id = "my-physio"
file = "notes.txt"
title = "What my physio said"
author = "my physio"
kind = "notes"
safety = ["Warm up with a short walk first."]
"""


def with_frequency(text: str, frequency: str) -> str:
    """The entry with ``frequency = {...}`` added as a top-level field."""
    return text.replace("\nsummary =", f"\nfrequency = {frequency}\nsummary =").replace(
        "\ndescription =", f"\nfrequency = {frequency}\ndescription ="
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_files_load_beside_the_builtins(user_catalog: Path) -> None:
    write(user_catalog, "wall-sit.toml", GOOD_EXERCISE)
    write(user_catalog, "routines.toml", GOOD_ROUTINE)
    builtin_count = len(load_catalog(None).exercises)

    catalog = load_catalog(user_catalog)

    assert catalog.problems == ()
    assert len(catalog.exercises) == builtin_count + 1
    assert catalog.exercises["wall-sit"].dose.target.hold_s == 45
    assert catalog.routines["my-morning"].items[1].dose is not None
    assert catalog.user_ids == {"wall-sit", "my-morning"}
    assert "glute-bridge" not in catalog.user_ids


def test_user_files_may_give_the_optional_facts(user_catalog: Path) -> None:
    exercise = with_frequency(
        GOOD_EXERCISE, '{ times = 2, times_max = 3, per = "day", note = "On work days." }'
    ).replace(
        'muscles = ["quadriceps"]',
        'optional_equipment = ["cushion"]\n'
        'muscles = ["quadriceps", "gluteus maximus"]\n'
        'primary_muscles = ["quadriceps"]',
    )
    routine = with_frequency(
        GOOD_ROUTINE, '{ times = 3, per = "week", progress_after_weeks = 4, progress = "more" }'
    )
    write(user_catalog, "mine.toml", exercise + routine + GOOD_SOURCE)

    catalog = load_catalog(user_catalog)

    assert catalog.problems == ()
    wall_sit = catalog.exercises["wall-sit"]
    assert wall_sit.optional_equipment == ("cushion",)
    assert wall_sit.primary_muscles == ("quadriceps",)
    assert wall_sit.frequency == Frequency(times=2, times_max=3, per="day", note="On work days.")
    frequency = catalog.routines["my-morning"].frequency
    assert frequency is not None
    assert (frequency.times, frequency.per, frequency.progress_after_weeks) == (3, "week", 4)
    assert catalog.sources["my-physio"].safety == ("Warm up with a short walk first.",)


def test_a_missing_user_folder_is_fine(tmp_path: Path) -> None:
    catalog = load_catalog(tmp_path / "nowhere")
    assert catalog.problems == ()
    assert catalog.exercises


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[exercise]]\nid = 'x'\nname = \n", "not valid TOML: Invalid value (at line 3"),
        (
            GOOD_EXERCISE.replace("hold_s = 10,", "hold_s = 'ten',"),
            "exercise 'wall-sit': dose.start.hold_s: expected a whole number, not text",
        ),
        (
            GOOD_EXERCISE.replace('mode = "hold"', 'mode = "hodl"'),
            "exercise 'wall-sit': mode: 'hodl' is not one of hold, reps, timed",
        ),
        (
            GOOD_EXERCISE.replace("muscles =", "muscels ="),
            "exercise 'wall-sit': unknown field 'muscels'; check its spelling, or remove it",
        ),
        (
            GOOD_EXERCISE.replace('summary = "Builds the thighs without loading the back."', ""),
            "exercise 'wall-sit': 'summary' is missing; add it",
        ),
        (
            GOOD_EXERCISE.replace(
                'steps = ["Lean your back on a wall.", "Slide down until the knees bend."]',
                "steps = []",
            ),
            "exercise 'wall-sit': steps: expected a list in [ ], not empty",
        ),
        (
            GOOD_EXERCISE.replace("start = { hold_s = 10, reps = 3 }", "start = { reps = 3 }"),
            "exercise 'wall-sit': dose.start.hold_s: required for a hold exercise",
        ),
        (
            GOOD_EXERCISE.replace("hold_s = 45", "hold_s = 5"),
            "exercise 'wall-sit': dose: start hold_s = 10 is beyond target hold_s = 5",
        ),
        (
            GOOD_EXERCISE.replace('id = "wall-sit"', 'id = "Wall Sit"'),
            "exercise 'Wall Sit': id: expected lower-case letters and digits, words joined",
        ),
        (
            GOOD_EXERCISE.replace('id = "wall-sit"', 'id = "glute-bridge"'),
            "exercise 'glute-bridge': id already used in",
        ),
        (
            with_frequency(GOOD_EXERCISE, '{ times = 1, per = "month" }'),
            "exercise 'wall-sit': frequency.per: 'month' is not one of day, week",
        ),
        (
            with_frequency(GOOD_EXERCISE, '"daily"'),
            "exercise 'wall-sit': frequency: expected a table in { }, not text",
        ),
        (
            with_frequency(GOOD_EXERCISE, "{ times = 0, per = 'day' }"),
            "exercise 'wall-sit': frequency.times: expected a whole number of 1 or more",
        ),
        (
            with_frequency(GOOD_EXERCISE, "{ times = 3 }"),
            "exercise 'wall-sit': frequency.per: say 'day' or 'week' to go with frequency.times",
        ),
        (
            with_frequency(GOOD_EXERCISE, "{ times = 3, times_max = 2, per = 'week' }"),
            "exercise 'wall-sit': frequency.times_max: the top of a range, more than",
        ),
        (
            with_frequency(GOOD_EXERCISE, "{ progress_after_weeks = 6 }"),
            "exercise 'wall-sit': frequency.progress: say what to change after",
        ),
        (
            with_frequency(GOOD_EXERCISE, "{}"),
            "exercise 'wall-sit': frequency: empty; give times and per, a progress or a note",
        ),
        (
            with_frequency(GOOD_EXERCISE, "{ time = 3 }"),
            "exercise 'wall-sit': frequency: unknown field 'time'; check its spelling",
        ),
        (
            GOOD_EXERCISE.replace('equipment = ["wall"]', 'optional_equipment = "band"'),
            "exercise 'wall-sit': optional_equipment: expected a list in [ ], not text",
        ),
        (
            GOOD_EXERCISE.replace(
                'muscles = ["quadriceps"]', 'muscles = ["quadriceps"]\nprimary_muscles = ["glutes"]'
            ),
            "exercise 'wall-sit': primary_muscles: 'glutes' is not in muscles; list it there too",
        ),
        (
            with_frequency(GOOD_ROUTINE.replace("wall-sit", "wall-squat"), "{ per = 'week' }"),
            "routine 'my-morning': frequency.times: say how many times a week",
        ),
        (
            with_frequency(GOOD_ROUTINE.replace("wall-sit", "wall-squat"), "{ per = 'fortnight' }"),
            "routine 'my-morning': frequency.per: 'fortnight' is not one of day, week",
        ),
        (
            GOOD_SOURCE.replace('safety = ["Warm up with a short walk first."]', 'safety = [""]'),
            "source 'my-physio': safety #1: expected text in quotes, not empty",
        ),
        (
            GOOD_ROUTINE.replace("wall-sit", "wall-squat").replace(
                "dose = { reps = 8 }", "dose = { reps = 'eight' }"
            ),
            "routine 'my-morning': items #2, dose.reps: expected a whole number, not text",
        ),
        ("[[exercises]]\nid = 'x'\n", "unknown table [[exercises]]: use [[exercise]]"),
        ("exercise = 3\n", "exercise: write it as [[exercise]] tables"),
        (
            GOOD_ROUTINE.replace('"wall-sit"', '"wal-sit"'),
            "routine 'my-morning': items #1: unknown exercise 'wal-sit'",
        ),
        (
            GOOD_ROUTINE.replace("wall-sit", "wall-squat").replace(
                "dose = { reps = 8 }", "dose = { duration_s = 30 }"
            ),
            "routine 'my-morning': items #2, dose.reps: required for a reps exercise",
        ),
    ],
)
def test_a_broken_file_is_named_in_one_line_and_the_rest_loads(
    user_catalog: Path, text: str, expected: str
) -> None:
    write(user_catalog, "a-good.toml", GOOD_EXERCISE.replace("wall-sit", "wall-squat"))
    broken = write(user_catalog, "broken.toml", text)

    catalog = load_catalog(user_catalog)

    assert len(catalog.problems) == 1, [str(p) for p in catalog.problems]
    line = str(catalog.problems[0])
    assert line.startswith(f"{broken}: ")
    assert expected in line
    assert "\n" not in line
    assert "wall-squat" in catalog.exercises, "the good file still loads"
    assert "glute-bridge" in catalog.exercises, "the built-ins still load"
    assert "core-basics" in catalog.routines


def test_a_file_that_is_not_utf8_is_named(user_catalog: Path) -> None:
    (user_catalog / "latin1.toml").write_bytes("name = 'Brücke'".encode("latin-1"))
    catalog = load_catalog(user_catalog)
    assert [p.message for p in catalog.problems] == ["not UTF-8 text: save the file as UTF-8"]


def test_one_bad_entry_does_not_take_its_neighbours_down(user_catalog: Path) -> None:
    two = GOOD_EXERCISE + GOOD_EXERCISE.replace("wall-sit", "bad-one").replace(
        'position = "standing"', 'position = "upside-down"'
    )
    write(user_catalog, "two.toml", two)
    catalog = load_catalog(user_catalog)
    assert "wall-sit" in catalog.exercises
    assert "bad-one" not in catalog.exercises
    assert str(catalog.problems[0]).endswith(
        "exercise 'bad-one': position: 'upside-down' is not one of all-fours, kneeling, prone, "
        "seated, side-lying, standing, supine"
    )


UNKNOWN_EXERCISE = (
    "routine 'my-morning': items #1: unknown exercise 'wal-sit' (see `lumbar catalog`)"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            with_frequency(
                GOOD_ROUTINE.replace('"wall-sit"', '"wal-sit"'), "{ times = 3, per = 'fortnight' }"
            ).replace('name = "My morning"', 'name = ""'),
            [
                "routine 'my-morning': name: expected text in quotes, not empty",
                "routine 'my-morning': frequency.per: 'fortnight' is not one of day, week",
                UNKNOWN_EXERCISE,
            ],
        ),
        (
            with_frequency(GOOD_ROUTINE.replace('"wall-sit"', '"wal-sit"'), "{ times = 3 }"),
            [
                "routine 'my-morning': frequency.per: say 'day' or 'week' to go with "
                "frequency.times",
                UNKNOWN_EXERCISE,
            ],
        ),
        (
            GOOD_ROUTINE.replace('"wall-sit"', '"wal-sit"').replace(
                "dose = { reps = 8 }", "dose = { reps = 'eight' }"
            ),
            [
                "routine 'my-morning': items #2, dose.reps: expected a whole number, not text",
                UNKNOWN_EXERCISE,
            ],
        ),
        (
            GOOD_EXERCISE.replace('mode = "hold"', 'mode = "hodl"')
            .replace("muscles =", "muscels =")
            .replace('summary = "Builds the thighs without loading the back."', ""),
            [
                "exercise 'wall-sit': mode: 'hodl' is not one of hold, reps, timed",
                "exercise 'wall-sit': unknown field 'muscels'; check its spelling, or remove it",
                "exercise 'wall-sit': 'summary' is missing; add it",
            ],
        ),
    ],
)
def test_every_mistake_of_an_entry_is_told_at_once(
    user_catalog: Path, text: str, expected: list[str]
) -> None:
    """Found by a new user's trial: a bad frequency.per hid an unknown exercise in the same
    routine (msgspec stops at an entry's first mistake, and only a routine that loaded had
    its exercises checked), so each fix showed the next mistake."""
    write(user_catalog, "broken.toml", text)
    catalog = load_catalog(user_catalog)
    assert [p.message for p in catalog.problems] == expected
    assert "my-morning" not in catalog.routines
    assert "wall-sit" not in catalog.exercises


def test_a_variant_naming_an_unknown_exercise_is_reported(user_catalog: Path) -> None:
    text = GOOD_EXERCISE + (
        '\n[[exercise.variants]]\nname = "Harder"\ndirection = "harder"\n'
        'how = "Lower."\nexercise = "wall-sitt"\n'
    )
    write(user_catalog, "variant.toml", text)
    catalog = load_catalog(user_catalog)
    assert "wall-sit" in catalog.exercises, "the exercise itself is still usable"
    assert "variants: 'Harder' names unknown exercise 'wall-sitt'" in str(catalog.problems[0])
