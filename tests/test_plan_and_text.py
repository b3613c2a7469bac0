"""Routine expansion, time estimates, dose wording and filtering: the pure helpers."""

from __future__ import annotations

import pytest

from catalog import Catalog, Dose, DosePlan, Exercise, Frequency, Routine, RoutineItem, Source
from catalog.describe import (
    SAFETY,
    cited,
    dose_text,
    equipment_text,
    exercise_markdown,
    frequency_text,
    muscles_text,
    progress_text,
    routine_markdown,
    routine_minutes,
    safety_lines,
    seconds_text,
)
from catalog.models import Tempo
from catalog.plan import GET_READY_S, HOLD_RESET_S, REP_PAUSE_S, SIDE_SWITCH_S, expand, work_seconds
from catalog.search import NO_EQUIPMENT, ExerciseFilter, equipment_choices


def make(**fields: object) -> Exercise:
    base: dict[str, object] = {
        "id": "thing",
        "name": "Thing",
        "summary": "For testing.",
        "mode": "reps",
        "position": "supine",
        "purpose": "strength",
        "steps": ("Do it.",),
        "dose": DosePlan(start=Dose(reps=5), target=Dose(reps=10)),
    }
    base.update(fields)
    return Exercise(**base)  # type: ignore[arg-type]


def test_a_per_side_exercise_expands_left_then_right_with_rests_between_sets() -> None:
    exercise = make(per_side=True, tempo=Tempo(lift_s=2, lower_s=3))
    routine = Routine(
        id="r",
        name="R",
        description="d",
        items=(RoutineItem(exercise="thing", dose=Dose(sets=2, reps=4, hold_s=1, rest_s=20)),),
    )
    steps = expand(routine, {"thing": exercise}, rest_s=30)
    assert [(s.kind, s.set_number, s.side) for s in steps] == [
        ("ready", 1, None),
        ("work", 1, "left"),
        ("switch", 1, "right"),
        ("work", 1, "right"),
        ("rest", 1, None),
        ("work", 2, "left"),
        ("switch", 2, "right"),
        ("work", 2, "right"),
    ]
    work = [s for s in steps if s.kind == "work"]
    assert all(s.dose is not None and s.dose.reps == 4 and s.dose.hold_s == 1 for s in work)
    assert work[0].estimate_s == 4 * (2 + 3 + 1) + 3 * REP_PAUSE_S  # a breath between reps
    assert steps[4].estimate_s == 20, "the item's own rest beats the default"
    assert steps[2].estimate_s == SIDE_SWITCH_S
    assert steps[0].estimate_s == GET_READY_S


def test_rest_between_exercises_uses_the_default_and_holds_add_their_resets() -> None:
    plank = make(
        id="plank",
        mode="hold",
        dose=DosePlan(start=Dose(reps=3, hold_s=10), target=Dose(reps=5, hold_s=60)),
    )
    walk = make(
        id="walk",
        mode="timed",
        dose=DosePlan(start=Dose(duration_s=600), target=Dose(duration_s=1800)),
    )
    routine = Routine(
        id="r",
        name="R",
        description="d",
        items=(RoutineItem(exercise="plank"), RoutineItem(exercise="walk")),
    )
    steps = expand(routine, {"plank": plank, "walk": walk}, rest_s=45)
    assert [s.kind for s in steps] == ["ready", "work", "rest", "ready", "work"]
    assert steps[1].estimate_s == 3 * 10 + 2 * HOLD_RESET_S
    assert steps[2].estimate_s == 45
    assert steps[4].estimate_s == 600
    assert work_seconds(walk, walk.dose.target) == 1800


@pytest.mark.parametrize(
    ("fields", "dose", "text"),
    [
        ({}, Dose(reps=10), "10 reps"),
        ({}, Dose(reps=1), "1 rep"),
        ({}, Dose(sets=2, reps=12, hold_s=2), "2 sets of 12 reps, 2 s at the top"),
        ({"per_side": True}, Dose(reps=6, hold_s=3), "6 reps, 3 s at the top, each side"),
        ({"mode": "hold"}, Dose(reps=5, hold_s=10), "5 × 10 s hold"),
        ({"mode": "hold"}, Dose(reps=1, hold_s=90), "1 min 30 s hold"),
        ({"mode": "timed"}, Dose(duration_s=1200), "20 min"),
        ({}, Dose(sets=3, reps=8, rest_s=60), "3 sets of 8 reps, 1 min rest"),
    ],
)
def test_doses_read_as_words(fields: dict[str, object], dose: Dose, text: str) -> None:
    assert dose_text(make(**fields), dose) == text


def test_seconds_text() -> None:
    assert [seconds_text(s) for s in (0, 59.4, 60, 61, 3600)] == [
        "0 s",
        "59 s",
        "1 min",
        "1 min 1 s",
        "60 min",
    ]


def test_exercise_text_has_every_section_and_the_safety_line(builtin: Catalog) -> None:
    bridge = builtin.exercises["glute-bridge"]
    text = exercise_markdown(bridge, builtin.sources)
    for heading in (
        "# Glute bridge",
        "## Steps",
        "## Cues",
        "## Cautions",
        "## Dose",
        "## Variants",
        "## Sources",
    ):
        assert heading in text
    assert f"1. {bridge.steps[0]}" in text
    assert "Stop if pain increases" in text
    assert builtin.sources[bridge.sources[0]].title in text


def test_routine_text_lists_items_with_their_doses(builtin: Catalog) -> None:
    routine = builtin.routines["core-basics"]
    text = routine_markdown(routine, builtin.exercises, builtin.sources, rest_s=30)
    first = builtin.exercises[routine.items[0].exercise]
    assert routine.items[0].dose is None
    assert f"1. **{first.name}** — {dose_text(first, first.dose.start)}" in text
    assert "About " in text
    assert " min" in text


def test_filters_combine(builtin: Catalog) -> None:
    everything = list(builtin.exercises.values())
    prone = ExerciseFilter(position="prone").apply(everything)
    assert prone
    assert all(e.position == "prone" for e in prone)
    holds = ExerciseFilter(mode="hold").apply(everything)
    assert {"forearm-plank", "side-plank"} <= {e.id for e in holds}
    banded = ExerciseFilter(equipment="resistance band").apply(everything)
    assert {"banded-side-walk", "banded-monster-walk"} <= {e.id for e in banded}
    bare = ExerciseFilter(equipment=NO_EQUIPMENT).apply(everything)
    assert {e.id for e in banded} & {e.id for e in bare} == {"clam-shell", "side-lying-leg-lift"}
    assert all(set(e.equipment) <= {"mat"} for e in bare)
    assert "glute-bridge-ball" not in {e.id for e in bare}
    weighted = ExerciseFilter(equipment="ankle weight").apply(everything)
    assert [e.id for e in weighted] == ["side-lying-leg-lift"]
    assert [e.id for e in ExerciseFilter(text="bird").apply(everything)] == ["bird-dog"]
    by_alias = ExerciseFilter(text="bridging").apply(everything)
    assert "glute-bridge" in {e.id for e in by_alias}
    assert ExerciseFilter(position="prone", mode="timed", text="zzz").apply(everything) == []


def test_equipment_choices_leave_out_the_mat(builtin: Catalog) -> None:
    choices = equipment_choices(builtin.exercises.values())
    assert "mat" not in choices
    assert choices[0] == "resistance band"
    assert "ankle weight" in choices, "optional equipment is a choice too"


@pytest.mark.parametrize(
    ("frequency", "text"),
    [
        (Frequency(times=3, per="week"), "3 times a week."),
        (Frequency(times=1, per="day"), "daily."),
        (Frequency(times=1, per="week"), "once a week."),
        (Frequency(times=2, per="day"), "twice a day."),
        (Frequency(times=2, times_max=3, per="day"), "2-3 times a day."),
        (Frequency(note="Regularly."), "Regularly."),
        (Frequency(times=3, per="week", note="Or more"), "3 times a week. Or more."),
        (Frequency(progress="hold longer"), ""),
    ],
)
def test_how_often_reads_as_words(frequency: Frequency, text: str) -> None:
    assert frequency_text(frequency) == text


@pytest.mark.parametrize(
    ("frequency", "text"),
    [
        (Frequency(progress_after_weeks=6, progress="hold longer"), "After 6 weeks, hold longer."),
        (Frequency(progress_after_weeks=1, progress="add a rep."), "After 1 week, add a rep."),
        (Frequency(progress="add a rep as it gets easier"), "Add a rep as it gets easier."),
        (Frequency(times=3, per="week"), ""),
    ],
)
def test_step_up_reads_as_words(frequency: Frequency, text: str) -> None:
    assert progress_text(frequency) == text


def test_exercise_text_shows_optional_equipment_ranked_muscles_and_how_often() -> None:
    exercise = make(
        equipment=("mat",),
        optional_equipment=("resistance band", "ankle weight"),
        muscles=("gluteus medius", "hip abductors"),
        primary_muscles=("gluteus medius",),
        frequency=Frequency(times=2, times_max=3, per="day", progress_after_weeks=6, progress="x"),
    )
    text = exercise_markdown(exercise, {})
    assert "- **Equipment:** mat · optional: resistance band, ankle weight\n" in text
    assert "- **Muscles:** mainly gluteus medius; also hip abductors\n" in text
    dose = text.split("## Dose", 1)[1]
    assert "- **How often:** 2-3 times a day.\n" in dose
    assert "- **Step up:** After 6 weeks, x." in dose

    plain = exercise_markdown(make(muscles=("quadriceps", "hamstrings")), {})
    assert "- **Equipment:** none\n" in plain
    assert "- **Muscles:** quadriceps, hamstrings\n" in plain
    assert "How often" not in plain
    assert "Step up" not in plain
    assert equipment_text(make(optional_equipment=("band",))) == "none · optional: band"
    assert muscles_text(make(muscles=("a",), primary_muscles=("a",))) == "mainly a"


def test_the_sources_safety_advice_follows_lumbars_own_line(builtin: Catalog) -> None:
    lines = safety_lines(builtin.sources)
    assert lines[0] == SAFETY
    assert any("fall" in line for line in lines[1:])
    assert any("show you the form" in line for line in lines[1:])

    mine = {
        "mine": Source(id="mine", file="f", title="t", author="a", kind="k", safety=("Warm up.",))
    }
    cautions = exercise_markdown(make(cautions=("Go slowly.",)), mine).split("## Cautions")[1]
    assert cautions.split("## Dose")[0].strip().splitlines() == [
        "- Go slowly.",
        f"- {SAFETY}",
        "- Warm up.",
    ]
    routine = Routine(id="r", name="R", description="d", items=(RoutineItem(exercise="thing"),))
    text = routine_markdown(routine, {"thing": make()}, mine, rest_s=30)
    assert text.endswith(f"> {SAFETY} Warm up.")


def test_routine_text_gives_how_often_beside_the_time(builtin: Catalog) -> None:
    core = builtin.routines["core-basics"]
    text = routine_markdown(core, builtin.exercises, {}, rest_s=30)
    minutes = routine_minutes(core, builtin.exercises, 30)
    assert f"About {minutes} min · **How often:** 3 times a week.  \n" in text
    assert "**Step up:** After 6 weeks, hold each position longer.\n" in text
    plain = routine_markdown(builtin.routines["back-ten"], builtin.exercises, {}, rest_s=30)
    assert "How often" not in plain
    assert "Step up" not in plain


def test_text_people_read_names_sources_by_title_never_by_id(builtin: Catalog) -> None:
    """ "5-6 times on each side (seed-000)": the id means nothing to a reader."""
    texts = [exercise_markdown(e, builtin.sources) for e in builtin.exercises.values()]
    texts += [
        routine_markdown(r, builtin.exercises, builtin.sources, 30)
        for r in builtin.routines.values()
    ]
    for text in texts:
        assert "seed-0" not in text, text
    bird_dog = exercise_markdown(builtin.exercises["bird-dog"], builtin.sources)
    assert "5-6 times on each side (“The Low Back can be a Pain in the Back!”)" in bird_dog


def test_only_known_source_ids_are_named() -> None:
    source = Source(id="seed-000", file="f.txt", title="A Title", author="someone", kind="blog")
    sources = {"seed-000": source}
    assert cited("as seed-000 says; seed-0001 and xseed-000 are not it", sources) == (
        "as “A Title” says; seed-0001 and xseed-000 are not it"
    )
    assert cited("no sources", {}) == "no sources"
