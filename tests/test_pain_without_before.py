"""Pain reported at an exercise in a session with no pain before (the pain check skipped):
nothing to tell a rise by, so the words say what was reported, not that it rose. A high
report still steps the exercise back; a lower one holds it where it was (not known to have
risen, nor known not to have), read from a real database as the session screen writes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dose_sessions import session

from catalog import Catalog
from catalog.plan import expand
from catalog.progression import Suggestion, step_down, step_up
from db.clock import local_now
from db.connection import open_database
from tui.history import routine_suggestions
from tui.locations import Locations

ROUTINE = "strength-foundation"
"""At the weekly pace: two days done fully a week apart step an exercise up."""


def bird_dog_switch(catalog: Catalog) -> int:
    """The step index of the routine's first side switch of the bird dog."""
    steps = expand(catalog.routines[ROUTINE], catalog.exercises, 30)
    return next(
        i for i, s in enumerate(steps) if s.kind == "switch" and s.exercise_id == "bird-dog"
    )


def bird_dog_after(home: Locations, catalog: Catalog, before: int | None, level: int) -> Suggestion:
    """The bird dog's suggestion after two sessions done fully without pain (9 and 5 days
    ago), then one yesterday with pain ``before`` and ``level`` reported during it."""
    routine = catalog.routines[ROUTINE]
    db = open_database(home.db_path)
    try:
        today = local_now().date()
        for back in (9, 5):
            session(db, catalog, routine.id, today - timedelta(days=back), pain=(2, 2))
        session(
            db,
            catalog,
            routine.id,
            today - timedelta(days=1),
            pain=(before, 2),
            pain_during=((bird_dog_switch(catalog), level),),
        )
        return routine_suggestions(db, routine, catalog, today=today)["bird-dog"]
    finally:
        db.close()


def test_a_report_no_higher_than_pain_before_lets_it_step_up(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """The history below is ready for a step up: pain 2 during it, from 2, is no rise."""
    found = bird_dog_after(lumbar_home, builtin, 2, 2)
    bird_dog = builtin.exercises["bird-dog"]
    assert (found.change, found.dose) == ("up", step_up(bird_dog, bird_dog.dose.start))


@pytest.mark.parametrize(
    ("level", "change", "reason"),
    [
        (2, "same", "no pain before given, pain 2 during it last time: the same again"),
        (6, "same", "no pain before given, pain 6 during it last time: the same again"),
        (7, "down", "pain was 7/10 during it last time: one step easier"),
        (9, "down", "pain was 9/10 during it last time: one step easier"),
    ],
)
def test_pain_with_no_pain_before_is_said_as_reported(
    lumbar_home: Locations, builtin: Catalog, level: int, change: str, reason: str
) -> None:
    """Found by the lead: "pain rose to 2" after a session whose pain check was skipped,
    and the bird dog eased for it. Ready for a step up (above), with no pain before a lower
    report holds it (the same again), a high one steps it back."""
    found = bird_dog_after(lumbar_home, builtin, None, level)
    assert (found.change, found.reason) == (change, reason)
    bird_dog = builtin.exercises["bird-dog"]
    start = bird_dog.dose.start
    assert found.dose == (start if change == "same" else step_down(bird_dog, start))
