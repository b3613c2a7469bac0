"""The words for a dose that changed since the routine screen showed it: the session's line
(``tui.doses.doses_changed_text``) and what the coach says at the exercise's get-ready
(``tui.live.cues.dose_changed_words``)."""

from __future__ import annotations

from msgspec.structs import replace

from catalog import Catalog
from tui.doses import DoseChanged, doses_changed_text
from tui.live.cues import dose_changed_words, spoken_dose


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
