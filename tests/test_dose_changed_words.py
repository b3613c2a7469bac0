"""The words for a dose that changed since the routine screen showed it: the session's line
(``tui.doses.doses_changed_text``) and what the coach says at the exercise's get-ready
(``tui.live.cues.dose_changed_words``)."""

from __future__ import annotations

from msgspec.structs import replace

from catalog import Catalog
from catalog.dose_words import PartChange, against_text
from catalog.models import Dose
from tui.doses import SHOWN, DoseChanged, doses_changed_text, plan
from tui.live.cues import dose_changed_words, spoken_dose
from tui.live.view import next_of


def test_one_exercise_changed_is_said_with_its_dose(builtin: Catalog) -> None:
    tilt = builtin.exercises["pelvic-tilt"]
    shown = replace(tilt.dose.start, reps=(tilt.dose.start.reps or 0) + 2)
    changed = DoseChanged(
        "pelvic-tilt", shown, tilt.dose.start, "pinned by you: kept until you unpin it"
    )
    assert doses_changed_text([changed], builtin.exercises) == (
        "Pelvic tilt today: 5 reps, 5 s at the top, 2 reps fewer than the dose shown: pinned "
        "by you: kept until you unpin it."
    )
    assert dose_changed_words(tilt, changed.dose, shown) == (
        "Today's dose changed: 5 reps, 5 seconds at the top, not 7 reps, 5 seconds at the top."
    )


def test_exercises_changed_alike_for_one_reason_are_said_together(builtin: Catalog) -> None:
    """Pain elsewhere holds every exercise it stepped up: one sentence, not one each (four
    filled the toast at 80x24 and its top, the title, went off the screen)."""
    why = "pain went up in Back ten on Sun 6 Dec: the same again"
    changed = []
    for exercise_id in ("knee-to-chest", "lower-back-rotation", "cat-cow"):
        start = builtin.exercises[exercise_id].dose.start
        more = replace(start, hold_s=(start.hold_s or 0) + 5) if start.hold_s else start
        if not start.hold_s:
            more = replace(start, reps=(start.reps or 0) + 2)  # two steps
        changed.append(DoseChanged(exercise_id, more, start, why))
    said = doses_changed_text(changed, builtin.exercises)
    assert said.startswith("Knee-to-chest stretch and Lower back rotation stretch today: each ")
    assert said.count(why) == 2, said  # the cat-cow's step is another: said apart
    assert said.endswith(f"Cat-cow stretch today: 5 reps, 2 reps fewer than the dose shown: {why}.")


def test_the_coach_says_a_dose_in_whole_units_and_sets(builtin: Catalog) -> None:
    plank = builtin.exercises["forearm-plank"]
    assert spoken_dose(plank, replace(plank.dose.start, sets=2, reps=1, hold_s=90)) == (
        "2 sets of a hold of 1 minute 30 seconds"
    )
    assert spoken_dose(plank, replace(plank.dose.start, reps=3, hold_s=1)) == "3 holds of 1 second"


def test_the_next_line_gives_a_reps_dose_changed_only_at_the_top(builtin: Catalog) -> None:
    """Review: a reps exercise at its rep target steps up by its pause at the top, and the
    next line read "Pelvic tilt: 10 reps (1 set, not 1)" (its words left the pause out)."""
    routine = builtin.routines["gentle-mobility"]
    now, shown = Dose(sets=1, reps=10, hold_s=5), Dose(sets=1, reps=10, hold_s=6)
    steps = plan(routine, builtin, 30, {"pelvic-tilt": now})
    work = next(s for s in steps if s.exercise_id == "pelvic-tilt" and s.kind == "work")
    assert next_of(work, builtin.exercises, shown) == (
        "Pelvic tilt: 10 reps, 5 s at the top, not 10 reps, 6 s at the top"
    )
    assert next_of(work, builtin.exercises, replace(now, sets=2)) == (
        "Pelvic tilt: 10 reps, 5 s at the top (1 set, not 2)"
    )
    assert next_of(work, builtin.exercises, replace(shown, sets=2)) == (
        "Pelvic tilt: 10 reps, 5 s at the top (1 set), not 10 reps, 6 s at the top (2 sets)"
    )


def test_a_pause_at_the_top_where_the_dose_shown_had_none_is_a_change(builtin: Catalog) -> None:
    """Review: a part one dose has and the other has not was skipped, and the line read
    "10 reps, 5 s at the top, the same as the dose shown"."""
    changed = DoseChanged(
        "pelvic-tilt", Dose(sets=1, reps=10), Dose(sets=1, reps=10, hold_s=5), "pinned by you"
    )
    assert doses_changed_text([changed], builtin.exercises) == (
        "Pelvic tilt today: 10 reps, 5 s at the top, 5 s more at the top than the dose shown: "
        "pinned by you."
    )


def test_exercises_changed_alike_each_read_as_a_sentence(builtin: Catalog) -> None:
    """Review: "each holds 5 s longer than the dose shown" read as a verb."""
    why = "pinned by you"
    shown = Dose(sets=1, reps=2, hold_s=20)
    changed = [
        DoseChanged(e, shown, replace(shown, hold_s=25), why)
        for e in ("knee-to-chest", "lower-back-rotation")
    ]
    assert doses_changed_text(changed, builtin.exercises) == (
        "Knee-to-chest stretch and Lower back rotation stretch today: each with holds 5 s "
        f"longer than the dose shown: {why}."
    )
    walking = builtin.exercises["walking"]  # timed: not "each each bout 1 min longer"
    longer = [PartChange("duration_s", 60, less=False)]
    assert against_text(walking, SHOWN, longer, one_step=False, each=True) == (
        "each with bouts 1 min longer than the dose shown"
    )
    assert against_text(walking, SHOWN, longer, one_step=False) == (
        "each bout 1 min longer than the dose shown"
    )
