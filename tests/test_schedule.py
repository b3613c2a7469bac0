"""What is due today, from a routine's frequency and the days it was done."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from catalog import Catalog
from catalog.models import Frequency, Routine, RoutineItem
from catalog.schedule import FOLLOWED_DAYS, Done, plan_today, spacing_days

FRIDAY = date(2025, 3, 14)
MONDAY = date(2025, 3, 10)


def routine(routine_id: str, frequency: Frequency | None) -> Routine:
    return Routine(
        id=routine_id,
        name=routine_id.replace("-", " ").title(),
        description="A routine for the test.",
        items=(RoutineItem(exercise="bird-dog"),),
        frequency=frequency,
    )


THREE_A_WEEK = routine("three", Frequency(times=3, per="week"))
TWICE_A_DAY = routine("daily", Frequency(times=2, times_max=3, per="day"))
NOW_AND_THEN = routine("open", Frequency(note="now and then"))
ROUTINES = {r.id: r for r in (THREE_A_WEEK, TWICE_A_DAY, NOW_AND_THEN)}


def days(*offsets: int, routine_id: str = "three") -> list[Done]:
    """Sessions on MONDAY + offset."""
    return [Done(routine_id, MONDAY + timedelta(days=o)) for o in offsets]


def test_only_routines_done_in_the_last_eight_weeks_are_followed() -> None:
    long_ago = FRIDAY - timedelta(days=FOLLOWED_DAYS)
    plan = plan_today(ROUTINES, [Done("three", long_ago), Done("open", FRIDAY)], FRIDAY)
    assert [r.routine_id for r in plan.routines] == ["open"]
    assert plan_today(ROUTINES, [], FRIDAY).routines == ()


def test_three_a_week_spaces_sessions_two_days_apart() -> None:
    assert spacing_days(3) == 2
    assert spacing_days(2) == 3
    assert spacing_days(1) == 7
    # Done Monday: Tuesday is a rest day, Wednesday it is due.
    tuesday = plan_today(ROUTINES, days(0), MONDAY + timedelta(days=1)).routines[0]
    assert tuesday.state == "rest"
    assert tuesday.next_due == MONDAY + timedelta(days=2)
    wednesday = plan_today(ROUTINES, days(0), MONDAY + timedelta(days=2)).routines[0]
    assert wednesday.state == "due"
    assert wednesday.next_due is None
    assert wednesday.done_this_week == 1
    assert wednesday.target == 3
    assert wednesday.week == (1, 0, 0, 0, 0, 0, 0)
    assert wednesday.last_done == MONDAY


def test_the_week_is_done_at_its_target() -> None:
    plan = plan_today(ROUTINES, days(0, 2, 4), FRIDAY).routines[0]
    assert plan.state == "done"
    assert plan.done_today == 1
    assert plan.next_due == MONDAY + timedelta(days=7)


def test_done_today_is_done_for_today() -> None:
    plan = plan_today(ROUTINES, days(2, 4), FRIDAY).routines[0]
    assert plan.state == "done"
    assert plan.next_due == FRIDAY + timedelta(days=2)  # the third, two days on: Sunday


def test_behind_late_in_the_week_is_due_even_the_day_after_a_session() -> None:
    # Done Thursday only: two sessions still needed, Friday to Sunday left: due Saturday
    # at the latest; on Friday the spacing says rest.
    friday = plan_today(ROUTINES, days(3), FRIDAY).routines[0]
    assert friday.state == "rest"
    assert friday.next_due == FRIDAY + timedelta(days=1)
    # Done Saturday only: two needed and only Sunday left: due anyway.
    sunday = plan_today(ROUTINES, days(5), MONDAY + timedelta(days=6)).routines[0]
    assert sunday.state == "due"


def test_last_week_s_session_counts_for_the_spacing_not_the_week() -> None:
    plan = plan_today(ROUTINES, days(-1), MONDAY).routines[0]  # done Sunday
    assert plan.done_this_week == 0
    assert plan.state == "rest"
    assert plan.next_due == MONDAY + timedelta(days=1)


def test_times_a_day_is_due_until_done_that_many_times_today() -> None:
    once = plan_today(ROUTINES, days(4, routine_id="daily"), FRIDAY).routines[0]
    assert once.state == "due"
    assert once.done_today == 1
    assert once.target == 2
    twice = plan_today(ROUTINES, days(4, 4, routine_id="daily"), FRIDAY).routines[0]
    assert twice.state == "done"
    assert twice.next_due == FRIDAY + timedelta(days=1)


def test_a_routine_without_numbers_is_never_due() -> None:
    plan = plan_today(ROUTINES, days(0, routine_id="open"), FRIDAY).routines[0]
    assert plan.state == "open"
    assert plan.target is None
    assert plan.next_due is None
    assert plan.last_done == MONDAY


def test_due_routines_come_first_and_a_removed_routine_is_left_out() -> None:
    done = [*days(4, routine_id="open"), *days(0), *days(1, routine_id="gone")]
    plan = plan_today(ROUTINES, done, FRIDAY)
    assert [r.state for r in plan.routines] == ["due", "open"]
    assert [r.routine_id for r in plan.due] == ["three"]


@pytest.mark.parametrize("routine_id", ["core-basics", "core-stability"])
def test_the_built_in_routines_with_a_frequency_are_scheduled(
    builtin: Catalog, routine_id: str
) -> None:
    plan = plan_today(builtin.routines, [Done(routine_id, MONDAY)], FRIDAY).routines[0]
    assert plan.state == "due"
    assert plan.target == 3
