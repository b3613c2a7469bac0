"""``PressWindows`` alone: what a press of the rep key is after the session moved on by
itself, with no engine around it (the engine's own tests drive it through sessions)."""

from __future__ import annotations

from tui.live.press_windows import (
    DOUBLE_PRESS_S,
    LATE_PRESS_S,
    MAX_SHOWN_LATE_S,
    MovedOn,
    PressWindows,
    SensedReps,
)

CONFIRM_S = 2.5


def test_a_press_in_a_counted_reps_window_confirms_it_once() -> None:
    windows = PressWindows()
    windows.rep_counted(1, 2, "pacer", 10.0, CONFIRM_S, None)
    taken = windows.press(11.0, in_hold=False)
    assert isinstance(taken, MovedOn)
    assert (taken.rep, taken.does) == (2, "confirmed")
    assert windows.press(11.0 + DOUBLE_PRESS_S + 0.1, in_hold=False) == "again"
    assert windows.press(10.0 + CONFIRM_S + 0.1, in_hold=False) == "own"


def test_a_bounce_of_a_press_that_moved_the_session_on_is_the_same_press() -> None:
    windows = PressWindows()
    windows.pressed(5.0, moved_on=True)
    assert windows.press(5.0 + DOUBLE_PRESS_S - 0.05, in_hold=False) == "again"
    windows.pressed(6.0, moved_on=False)
    assert windows.press(6.0 + DOUBLE_PRESS_S - 0.05, in_hold=False) == "own"


def test_a_go_shown_late_runs_from_when_it_showed_up_to_a_cap() -> None:
    windows = PressWindows()
    windows.set_began(1, 10.0, CONFIRM_S)
    windows.shown(11.5)
    assert windows.window(11.5 + LATE_PRESS_S - 0.1) is not None
    windows.set_began(1, 10.0, CONFIRM_S)
    windows.shown(10.0 + 600)
    assert windows.window(10.0 + LATE_PRESS_S + MAX_SHOWN_LATE_S) is None


def test_a_press_on_a_screen_drawn_before_the_go_is_the_go() -> None:
    windows = PressWindows()
    windows.set_began(1, 10.0, CONFIRM_S)
    taken = windows.press(11.3, in_hold=False, seen_s=9.5)
    assert isinstance(taken, MovedOn)
    assert taken.rep == 0
    windows.set_began(1, 10.0, CONFIRM_S)
    late = 10.0 + LATE_PRESS_S + MAX_SHOWN_LATE_S
    assert windows.press(late, in_hold=False, seen_s=9.5) == "own"


def test_a_press_as_a_countdown_ran_into_another_does_nothing() -> None:
    windows = PressWindows()
    windows.countdown_ended(3, 10.0)
    assert windows.press(10.3, in_hold=False) == "again"
    assert windows.press(10.0 + LATE_PRESS_S + 0.1, in_hold=False) == "own"


def test_either_rep_of_a_pair_taken_back_loses_one() -> None:
    sensed = SensedReps(done_s=[1.0], pairs=[(3.0, 3.9)])
    assert sensed.own == 2
    assert sensed.take_back([3.9]) == 1
    assert sensed.take_back([3.0]) == 0  # the press is its now
    assert sensed.take_back([1.0]) == 1
