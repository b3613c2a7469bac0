"""A press of the rep key just after the session moved on by itself is the person's word for
what it did, not one more rep: after the coach (at the tempo) or a sensor counted a rep it
confirms that rep, after a countdown began the set it is the "go now" it was meant as
(``engine.CONFIRM_SHARE``). Found by a QA trial: each was added on top, sets ended early and
the log kept reps never done."""

from __future__ import annotations

import pytest
from engine_sessions import Clock, hold_engine, kinds, working_engine

from catalog import Catalog
from catalog.models import Dose, Routine, RoutineItem
from catalog.plan import GET_READY_S, REP_PAUSE_S, SIDE_SWITCH_S, expand
from tui.live.changes import Change, RepConfirmed, RepCountChanged
from tui.live.coaching import Coach
from tui.live.engine import CONFIRM_SHARE, LATE_PRESS_S, SessionEngine
from tui.live.press_windows import FIRST_REP_SHARE

BIRD_DOG_REP_S = 1.5 + 2 + 1.5
"""Bird dog has no tempo in the catalog: 1.5 s up and down, and its dose's 2 s at the top."""
CONFIRM_S = CONFIRM_SHARE * BIRD_DOG_REP_S
FIRST_REP_S = FIRST_REP_SHARE * BIRD_DOG_REP_S
"""How long after the coach's first count in a set a press confirms it."""


def paced_bird_dog(catalog: Catalog) -> SessionEngine:
    """Core basics with the coach pacing the reps (no sensor), started: the get-ready runs."""
    steps = expand(catalog.routines["core-basics"], catalog.exercises, rest_s=30)
    return SessionEngine(steps, catalog.exercises, pace=True)


def kind_of(engine: SessionEngine) -> str:
    """The step's kind, as a test reads it between calls that change it."""
    return engine.step.kind


def counted(changes: list[Change]) -> list[int]:
    return [c.reps_done for c in changes if isinstance(c, RepCountChanged)]


def until_counted(engine: SessionEngine, clock: Clock, changes: list[Change]) -> None:
    """Ticks of 0.1 s until the coach counts a rep (into ``changes``)."""
    for _ in range(200):
        ticked = engine.tick(clock(0.1))
        changes += ticked
        if counted(ticked):
            return
    raise AssertionError("the coach counted no rep")


def test_a_press_just_after_the_coach_counted_a_rep_confirms_it(
    builtin: Catalog, clock: Clock
) -> None:
    """The trial: enter in the "PAUSE 1 s" after the coach's count added a rep and restarted
    the tempo at LIFT. It is that rep: the count stays, and the pause before the next rep
    starts again from the press (the person finished the rep as they pressed: a coach going
    on from its own count ran ahead of someone slower, see below)."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    changes: list[Change] = []
    until_counted(engine, clock, changes)
    assert engine.view(clock()).reps_done == 1
    pressed = engine.count_rep(clock(0.5))
    assert counted(pressed) == []
    assert [(c.rep, c.by) for c in pressed if isinstance(c, RepConfirmed)] == [(1, "pacer")]
    view = engine.view(clock())
    assert view.reps_done == 1
    assert view.tempo is not None
    assert view.tempo.label == "pause"  # not restarted at lift
    assert view.tempo.seconds_left == pytest.approx(REP_PAUSE_S)


def test_a_person_slower_than_the_coach_pressing_after_each_rep_stores_the_reps_done(
    builtin: Catalog, clock: Clock
) -> None:
    """Review (the QA trial's bug, for a slower person): bird dog at 6.6 s a rep, the coach's
    6 s (lift, top, lower, its pause), enter 0.3 s after each rep finished. The coach's tempo
    went on from its own count, ran ahead a little each rep, and a press fell after the
    confirming window: 5 stored for 3 done. Each press confirms the coach's rep and the
    tempo goes on from it: every rep stored once, and the set ends at the fifth."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    began = clock.now
    presses = [began + 6.6 * k - REP_PAUSE_S + 0.3 for k in range(1, 6)]
    confirmed: list[int] = []
    while presses:  # the coach ends the set at its fifth count, before the fifth press
        engine.tick(clock(0.05))
        if clock.now >= presses[0]:
            presses.pop(0)
            pressed = engine.count_rep(clock())
            assert counted(pressed) == []
            confirmed += [c.rep for c in pressed if isinstance(c, RepConfirmed)]
        # The coach counts a rep as it ends the lowering, before the person: one ahead.
        assert engine.view(clock()).reps_done <= 5 - len(presses) + 1
    assert confirmed == [1, 2, 3, 4, 5]
    assert engine.results[1].reps_done == 5
    assert engine.step.kind == "switch"


def test_keys_pressed_after_each_count_of_the_coach_store_the_reps_done(
    builtin: Catalog, clock: Clock
) -> None:
    """The trial's left side: enter after each count of the coach. Five reps at the tempo,
    five stored, each said once (the trial stored 5 for 3 done)."""
    engine = paced_bird_dog(builtin)
    coach = Coach(engine, builtin.exercises)
    engine.toggle(clock())
    said: list[str | None] = []
    changes = engine.tick(clock(GET_READY_S))
    said += [c.words for c in coach.said(changes, clock()) if c.kind == "rep"]
    confirmed = []
    while engine.step.kind == "work":
        changes = []
        until_counted(engine, clock, changes)
        changes += engine.count_rep(clock(0.4))
        confirmed += [c.rep for c in changes if isinstance(c, RepConfirmed)]
        said += [c.words for c in coach.said(changes, clock()) if c.kind == "rep"]
    assert engine.results[1].reps_done == 5
    assert confirmed == [1, 2, 3, 4, 5]
    # Each count said, each press that confirmed it ticked (it changed nothing else).
    assert said == ["1", None, "2", None, "3", None, "4", None, "5", None]
    assert engine.step.kind == "switch"  # the press after the fifth did not cut it short


def test_a_press_a_whole_rep_after_the_coachs_count_is_a_rep_of_its_own(
    builtin: Catalog, clock: Clock
) -> None:
    """A person faster than the coach: their press after the confirming window (rep 1's,
    a whole rep) counts, and the tempo starts again from it."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    assert counted(engine.count_rep(clock(FIRST_REP_S + 0.1))) == [2]
    tempo = engine.view(clock()).tempo
    assert tempo is not None
    assert (tempo.label, tempo.seconds_left) == ("lift", 1.5)


def test_x_then_a_press_after_the_coachs_count_counts_the_press(
    builtin: Catalog, clock: Clock
) -> None:
    """The coach counted a rep the person had not done, x took it off: a press then is a rep
    of its own, not the word for the rep taken back."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    assert counted(engine.uncount_rep(clock(0.2))) == [0]
    assert counted(engine.count_rep(clock(0.2))) == [1]


def test_a_bounce_of_a_confirming_press_is_the_same_press(builtin: Catalog, clock: Clock) -> None:
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    engine.count_rep(clock(0.5))
    assert engine.count_rep(clock(0.1)) == []
    assert engine.view(clock()).reps_done == 1


def test_a_late_go_now_just_after_the_get_ready_ended_is_no_rep(
    builtin: Catalog, clock: Clock
) -> None:
    """The trial: enter pressed as the get-ready turned into the set by itself counted a rep
    at the first rep's LIFT. It was the "go now" it was meant as: the set had begun."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S - 0.1))
    assert kind_of(engine) == "ready"
    changes = engine.count_rep(clock(0.4))  # handled just after the countdown's end
    assert kind_of(engine) == "work"
    assert counted(changes) == []
    assert not [c for c in changes if isinstance(c, RepConfirmed)]
    assert engine.view(clock()).reps_done == 0
    tempo = engine.view(clock()).tempo
    assert tempo is not None
    assert tempo.label == "lift"  # the coach's first rep goes on from the go


def test_a_press_after_a_switch_of_sides_ended_by_itself_is_no_rep(
    builtin: Catalog, clock: Clock
) -> None:
    """With keys only (no pacing), the same: the switch of sides ends by itself, a press
    just after it is its "go now"; a press a rep later counts."""
    engine = working_engine(builtin, clock)  # bird dog, left side; nobody paces
    engine.tick(clock(CONFIRM_S))
    for _ in range(5):
        engine.count_rep(clock(1))
    assert kind_of(engine) == "switch"
    while kind_of(engine) == "switch":
        engine.tick(clock(0.5))
    assert counted(engine.count_rep(clock(0.2))) == []
    assert counted(engine.count_rep(clock(CONFIRM_S))) == [1]


def test_a_press_just_after_a_sensor_counted_a_rep_confirms_it(
    builtin: Catalog, clock: Clock
) -> None:
    """The trial with --demo: the sensor counted, enter about a second later added one (the
    README promised a rep counted with r is not counted twice; that held only for a press
    before the sensor). Confirmed, the rep is the person's too: the sensor alone no longer
    takes it back."""
    engine = working_engine(builtin, clock)  # bird dog
    engine.set_gated(True, clock())
    engine.tick(clock(3))
    done = clock(2)
    assert counted(engine.rep_counted(clock(0.3), done_s=done)) == [1]
    pressed = engine.count_rep(clock(1.0))
    assert counted(pressed) == []
    assert [(c.rep, c.by) for c in pressed if isinstance(c, RepConfirmed)] == [(1, "sensor")]
    assert engine.rep_withdrawn(clock(0.5), done) == []
    assert engine.view(clock()).reps_done == 1


def test_a_press_for_a_rep_the_sensor_reports_after_confirming_the_move_into_position(
    builtin: Catalog, clock: Clock
) -> None:
    """Review: the sensor counted the move into position; the person did a quick first rep
    and pressed before the sensor reported it, within half a rep of the move, so the press
    confirmed the move (no longer the sensor's to take back). The sensor's rep done before
    that press is the one it was for: it counts, and the move is taken back: 1 stored for 1
    done (the branch stored 2; main 1)."""
    engine = working_engine(builtin, clock)  # bird dog
    engine.set_gated(True, clock())
    engine.tick(clock(1.5))
    moved_in = clock.now
    assert counted(engine.rep_counted(clock(0.3), done_s=moved_in)) == [1]
    engine.tick(clock(1.9))
    done = clock.now
    pressed = engine.count_rep(clock(0.2))
    assert counted(pressed) == []  # yet: the sensor has not reported the rep
    assert counted(engine.rep_counted(clock(0.3), done_s=done)) == [2]
    assert counted(engine.rep_withdrawn(clock(0.2), moved_in)) == [1]
    assert engine.view(clock()).reps_done == 1
    assert engine.rep_withdrawn(clock(0.2), done) == []  # both counted it: the person's


def test_a_press_for_a_rep_the_sensor_missed_still_counts(builtin: Catalog, clock: Clock) -> None:
    """The sensor counted rep 1; the person did rep 2, which it missed, and pressed a rep
    later: a rep of its own."""
    engine = working_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.tick(clock(3))
    engine.rep_counted(clock(), done_s=clock.now - 0.3)
    assert counted(engine.count_rep(clock(CONFIRM_S + 0.5))) == [2]


def test_a_press_after_a_rep_the_sensor_took_back_is_a_rep_of_its_own(
    builtin: Catalog, clock: Clock
) -> None:
    engine = working_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.tick(clock(3))
    done = clock.now - 0.3
    engine.rep_counted(clock(), done_s=done)
    engine.rep_withdrawn(clock(0.3), done)  # a shift before the move into position
    assert engine.view(clock()).reps_done == 0
    assert counted(engine.count_rep(clock(0.3))) == [1]


def test_a_press_just_after_the_clock_ended_a_hold_is_its_done_not_the_next_hold(
    builtin: Catalog, clock: Clock
) -> None:
    """Enter pressed as the clock ended a hold (the person's "done", a moment late) started
    the next hold at once, with no breath between. It is that hold's done: the breath goes on,
    and the key says so meanwhile; a press later in the breath starts the next hold."""
    engine = hold_engine(builtin, clock)  # the plank: 3 holds of 10 s, nobody senses
    engine.tick(clock(10))
    assert engine.view(clock()).hold_state == "resetting"
    assert engine.view(clock(0.2)).enter_does == "hold-done"
    assert kinds(engine.count_rep(clock(0.3))) == ["PressTaken"]
    view = engine.view(clock())
    assert (view.hold_state, view.hold_number) == ("resetting", 2)
    assert engine.view(clock(LATE_PRESS_S)).enter_does == "start-hold"
    engine.count_rep(clock())
    assert engine.view(clock()).hold_state == "holding"


def test_a_press_just_after_the_clock_ended_a_sides_last_hold_keeps_the_switch(
    builtin: Catalog, clock: Clock
) -> None:
    """The left side's last hold ended by the clock: a press just after is its done, not the
    "go now" that cut the switch of sides short."""
    routine = Routine(
        id="knees",
        name="Knees",
        description="One hold a side.",
        items=(RoutineItem(exercise="knee-to-chest", dose=Dose(sets=1, reps=1, hold_s=10)),),
    )
    engine = SessionEngine(expand(routine, builtin.exercises, rest_s=30), builtin.exercises)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    engine.tick(clock(10))
    assert kind_of(engine) == "switch"
    assert engine.view(clock(0.3)).enter_does == "hold-done"
    assert kinds(engine.count_rep(clock())) == ["PressTaken"]
    assert kind_of(engine) == "switch"
    assert list(engine.results[1].holds_s) == [10]
    assert engine.view(clock(LATE_PRESS_S)).enter_does == "go"


def test_a_press_a_second_after_the_clock_ended_a_hold_starts_the_next(
    builtin: Catalog, clock: Clock
) -> None:
    engine = hold_engine(builtin, clock)
    engine.tick(clock(10))
    engine.count_rep(clock(LATE_PRESS_S + 0.1))
    assert engine.view(clock()).hold_state == "holding"


def test_the_key_says_confirm_while_a_press_would_confirm_the_coachs_rep(
    builtin: Catalog, clock: Clock
) -> None:
    """The footer and the mat view's target read "Confirm" (``confirm``) while a press would
    confirm the rep just counted (rep 1: a whole rep), "Go now" while it would be the late
    go, then "Rep"."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    assert engine.view(clock(0.5)).enter_does == "go"
    assert engine.view(clock(LATE_PRESS_S)).enter_does == "rep"
    until_counted(engine, clock, [])
    assert engine.view(clock()).enter_does == "confirm"
    assert engine.view(clock(FIRST_REP_S - 0.1)).enter_does == "confirm"
    assert engine.view(clock(0.2)).enter_does == "rep"
    engine.count_rep(clock())
    until_counted(engine, clock, [])
    assert engine.view(clock(CONFIRM_S - 0.1)).enter_does == "confirm"
    assert engine.view(clock(0.2)).enter_does == "rep"
    engine.toggle(clock())  # paused: the key does nothing
    assert engine.view(clock()).enter_does is None


def test_a_second_press_after_a_confirm_adds_no_rep_and_the_key_says_confirmed(
    builtin: Catalog, clock: Clock
) -> None:
    """Review: a confirm showed nothing and the key went back to "Rep", so a second press
    to be sure, 0.45 s later (no bounce), added a rep. Until the window's end a further
    press does nothing, the key says "Confirmed", and the coach ticks for the first press
    only; after the window (rep 1's: half a rep after the press that confirmed it) a press
    is a rep of its own."""
    engine = paced_bird_dog(builtin)
    coach = Coach(engine, builtin.exercises)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    first = engine.count_rep(clock(0.3))
    first_at = clock.now
    assert [(c.tone, c.words) for c in coach.said(first, clock())] == [("tick", None)]
    assert engine.view(clock()).enter_does == "confirmed"
    again = engine.count_rep(clock(0.45))
    assert again == []
    assert engine.view(clock()).reps_done == 1
    assert engine.view(clock(first_at + CONFIRM_S - clock.now - 0.05)).enter_does == "confirmed"
    assert engine.view(clock(0.1)).enter_does == "rep"
    assert counted(engine.count_rep(clock())) == [2]


def test_a_second_press_after_a_late_go_is_no_rep(builtin: Catalog, clock: Clock) -> None:
    """Review: the late go, then a second press 0.8 s into the set counted rep 1."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    assert kinds(engine.count_rep(clock(0.3))) == ["PressTaken"]
    assert engine.view(clock()).enter_does == "confirmed"
    assert engine.count_rep(clock(0.5)) == []
    assert engine.view(clock()).reps_done == 0
    assert engine.view(clock(LATE_PRESS_S)).enter_does == "rep"


def test_a_second_press_after_a_late_done_keeps_the_switch_of_sides(
    builtin: Catalog, clock: Clock
) -> None:
    """Review: the left side's last hold's late done, then a second press cut the switch
    of sides short."""
    routine = Routine(
        id="knees",
        name="Knees",
        description="One hold a side.",
        items=(RoutineItem(exercise="knee-to-chest", dose=Dose(sets=1, reps=1, hold_s=10)),),
    )
    engine = SessionEngine(expand(routine, builtin.exercises, rest_s=30), builtin.exercises)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    engine.tick(clock(10))
    engine.count_rep(clock(0.2))
    assert engine.view(clock()).enter_does == "confirmed"
    assert engine.count_rep(clock(0.5)) == []
    assert kind_of(engine) == "switch"


@pytest.mark.parametrize("late_s", [0.5, 1.5, 2.4, 2.6, 3.0, 3.5, 4.0, 4.8])
@pytest.mark.parametrize("cycle_s", [6.3, 6.8])
def test_a_person_pressing_once_a_rep_late_on_rep_1_stores_the_reps_done(
    builtin: Catalog, clock: Clock, late_s: float, cycle_s: float
) -> None:
    """Review (a grid): the coach counts rep 1 a rep after the go, but the person starts it
    as they react to the go, so their press for rep 1 comes later than for the reps after (the
    tempo goes on from each press that confirms). Pressed more than half a rep after the
    coach's first count, it added a rep: 5 stored for 4 done. Rep 1's window is a whole rep,
    so every press confirms the coach's rep and the set ends at the fifth."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    first = clock.now + late_s
    presses = [first + cycle_s * k for k in range(5)]
    confirmed: list[int] = []
    while presses and engine.step.kind == "work":
        engine.tick(clock(0.05))
        if clock.now >= presses[0]:
            presses.pop(0)
            pressed = engine.count_rep(clock())
            assert counted(pressed) == []
            confirmed += [c.rep for c in pressed if isinstance(c, RepConfirmed)]
    assert confirmed == [1, 2, 3, 4, 5][: len(confirmed)]
    assert len(confirmed) >= 4  # the coach may count the fifth before its press
    assert engine.results[1].reps_done == 5


def test_a_late_press_for_rep_1_confirms_it_and_the_tempo_goes_on_from_it(
    builtin: Catalog, clock: Clock
) -> None:
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    assert engine.view(clock(CONFIRM_S + 0.5)).enter_does == "confirm"
    pressed = engine.count_rep(clock())
    assert counted(pressed) == []
    assert [(c.rep, c.by) for c in pressed if isinstance(c, RepConfirmed)] == [(1, "pacer")]
    tempo = engine.view(clock()).tempo
    assert tempo is not None
    assert (tempo.label, tempo.seconds_left) == ("pause", REP_PAUSE_S)


@pytest.mark.parametrize("first_s", [1.0, CONFIRM_S + 1.0])
def test_a_press_half_a_rep_after_the_press_that_confirmed_rep_1_is_a_rep_of_its_own(
    builtin: Catalog, clock: Clock, first_s: float
) -> None:
    """Rep 1's longer window eats no press of its own: once a press confirmed the rep, one
    to be sure just after does nothing, and one half a rep after it (none at the tempo is
    done sooner) counts, in the window or not."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    pressed = engine.count_rep(clock(first_s))
    assert [c.rep for c in pressed if isinstance(c, RepConfirmed)] == [1]
    assert engine.count_rep(clock(0.45)) == []
    assert counted(engine.count_rep(clock(CONFIRM_S - 0.45 + 0.05))) == [2]


def test_a_press_within_a_rep_of_the_coachs_second_count_is_no_longer_for_rep_1(
    builtin: Catalog, clock: Clock
) -> None:
    """Only rep 1 has the longer window (the reps after go on from the press that confirmed
    the one before): a press more than half a rep after the coach's second count is a rep."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    engine.count_rep(clock(0.3))
    until_counted(engine, clock, [])
    assert engine.view(clock()).reps_done == 2
    assert counted(engine.count_rep(clock(CONFIRM_S + 0.1))) == [3]


def test_a_press_just_before_the_moment_the_sensor_dates_its_rep_is_that_rep(
    builtin: Catalog, clock: Clock
) -> None:
    """Review: the person pressed as they finished, 0.2 s before the moment the sensor dates
    the rep (where the movement came back), and the sensor's count came a moment later: 2
    stored for 1 done. The press was for that rep."""
    engine = working_engine(builtin, clock)  # bird dog
    engine.set_gated(True, clock())
    engine.tick(clock(3))
    assert counted(engine.count_rep(clock())) == [1]
    pressed = clock.now
    assert counted(engine.rep_counted(clock(0.6), done_s=pressed + 0.2)) == []
    assert engine.view(clock()).reps_done == 1


def test_a_press_just_before_a_sensors_rep_after_it_confirmed_the_one_before_is_that_rep(
    builtin: Catalog, clock: Clock
) -> None:
    """The same, with the press taken first as confirming the sensor's rep before (the move
    into position): the rep after it, dated 0.2 s after the press, is the one it was for."""
    engine = working_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.tick(clock(1.5))
    moved_in = clock.now
    engine.rep_counted(clock(0.3), done_s=moved_in)
    pressed = engine.count_rep(clock(1.5))
    assert [c.rep for c in pressed if isinstance(c, RepConfirmed)] == [1]
    assert counted(engine.rep_counted(clock(0.5), done_s=clock.now - 0.3)) == [2]
    assert counted(engine.rep_withdrawn(clock(0.2), moved_in)) == [1]


@pytest.mark.parametrize(("press_s", "fidget_s"), [(0.3, 0.6), (0.5, 0.9), (1.0, 1.4), (2.0, 2.4)])
@pytest.mark.parametrize("live", [True, False])
def test_a_fidget_just_after_a_press_confirmed_the_sensors_rep_taken_back_lowers_the_count(
    builtin: Catalog, clock: Clock, press_s: float, fidget_s: float, live: bool
) -> None:
    """Review: the sensor's rep 1, a press confirming it, then a fidget the sensor dates just
    after the press (so the press may have been for it) and later takes back, live or as the
    set closes: the count stayed 2 for 1 done. The press was for one of the two sensor reps:
    either taken back, the count loses one, and the press is the other's."""
    engine = working_engine(builtin, clock)  # bird dog
    index = engine.index
    engine.set_gated(True, clock())
    engine.tick(clock(3))
    done = clock.now
    assert counted(engine.rep_counted(clock(0.2), done_s=done)) == [1]
    pressed = engine.count_rep(clock(done + press_s - clock.now))
    assert [c.rep for c in pressed if isinstance(c, RepConfirmed)] == [1]
    fidget = done + fidget_s
    engine.rep_counted(clock(fidget + 0.3 - clock.now), done_s=fidget)
    assert engine.view(clock()).reps_done == 2
    if live:
        assert counted(engine.rep_withdrawn(clock(0.7), fidget)) == [1]
        engine.next(clock(1))
    else:
        engine.next(clock(1))
        engine.credit_late_reps(index, [], withdrawn_s=[fidget])
    assert engine.results[index].reps_done == 1
    assert engine.credit_late_reps(index, [], withdrawn_s=[done]).result is None


def test_both_sensor_reps_a_press_was_moved_between_taken_back_leave_the_press(
    builtin: Catalog, clock: Clock
) -> None:
    """The press was for one of them: with both taken back, its rep stays."""
    engine = working_engine(builtin, clock)
    index = engine.index
    engine.set_gated(True, clock())
    engine.tick(clock(1.5))
    moved_in = clock.now
    engine.rep_counted(clock(0.3), done_s=moved_in)
    engine.count_rep(clock(1.5))
    done = clock.now + 0.2
    engine.rep_counted(clock(0.5), done_s=done)
    assert counted(engine.rep_withdrawn(clock(0.2), moved_in)) == [1]
    engine.next(clock(1))
    assert engine.credit_late_reps(index, [], withdrawn_s=[done]).result is None
    assert engine.results[index].reps_done == 1


def test_a_press_just_before_a_rep_the_sensor_confirms_as_the_set_closes_is_that_rep(
    builtin: Catalog, clock: Clock
) -> None:
    engine = working_engine(builtin, clock)
    index = engine.index
    engine.set_gated(True, clock())
    engine.tick(clock(3))
    engine.count_rep(clock())
    done = clock.now + 0.2
    engine.next(clock(1))
    assert engine.results[index].reps_done == 1
    assert engine.credit_late_reps(index, [done]).result is None


def rest_into_get_ready(catalog: Catalog, clock: Clock) -> SessionEngine:
    """Core basics run to the rest between its first two exercises, and on until that rest
    ran out by itself: the next exercise's get-ready counts down."""
    engine = SessionEngine(
        expand(catalog.routines["core-basics"], catalog.exercises, rest_s=30), catalog.exercises
    )
    engine.toggle(clock())
    while not (engine.step.kind == "rest" and engine.step.set_number == 0):
        engine.next(clock())
    while kind_of(engine) == "rest":
        engine.tick(clock(1))
    assert kind_of(engine) == "ready"
    return engine


def test_a_late_press_as_a_rest_ran_out_into_a_get_ready_keeps_the_countdown(
    builtin: Catalog, clock: Clock
) -> None:
    """Review: enter pressed as the rest between two exercises ran out (a moment late) ended
    the next one's get-ready at once: the set began with no time to get into position. It
    is the rest's late press: the key does nothing (the app refuses it: no tick), and the
    countdown goes on; a second later a press is the get-ready's "go now"."""
    engine = rest_into_get_ready(builtin, clock)
    assert engine.view(clock(0.2)).enter_does is None
    assert engine.count_rep(clock(0.2)) == []  # as in the app: the key does nothing
    assert kind_of(engine) == "ready"
    assert engine.view(clock()).enter_does is None
    assert engine.count_rep(clock(0.45)) == []
    assert kind_of(engine) == "ready"
    assert engine.view(clock(LATE_PRESS_S)).enter_does == "go"
    engine.count_rep(clock())
    assert kind_of(engine) == "work"


def test_a_press_a_second_after_a_rest_ran_out_into_a_get_ready_starts_the_set(
    builtin: Catalog, clock: Clock
) -> None:
    engine = rest_into_get_ready(builtin, clock)
    engine.count_rep(clock(LATE_PRESS_S + 0.1))
    assert kind_of(engine) == "work"


def switched_late(catalog: Catalog, clock: Clock, late_s: float) -> SessionEngine:
    """Bird dog's left side done by key; the switch of sides runs out by itself, and the
    tick that finds it comes ``late_s`` after."""
    engine = working_engine(catalog, clock)
    for _ in range(5):
        engine.count_rep(clock(1))
    assert kind_of(engine) == "switch"
    engine.tick(clock(SIDE_SWITCH_S + late_s))
    assert (engine.step.kind, engine.step.side) == ("work", "right")
    return engine


def test_a_late_go_shown_late_is_taken_from_when_it_was_shown(
    builtin: Catalog, clock: Clock
) -> None:
    """Review, on a loaded machine: the right side's set was shown 1.5 s after the switch
    of sides ran out, and a press on seeing it counted a rep. The window runs from when the
    screen showed the change: it is the late go."""
    engine = switched_late(builtin, clock, 1.5)
    engine.shown(clock())
    assert engine.view(clock(0.3)).enter_does == "go"
    assert kinds(engine.count_rep(clock())) == ["PressTaken"]
    assert engine.view(clock()).reps_done == 0
    assert counted(engine.count_rep(clock(LATE_PRESS_S))) == [1]


def test_a_go_shown_in_time_keeps_its_window(builtin: Catalog, clock: Clock) -> None:
    engine = switched_late(builtin, clock, 0.0)
    engine.shown(clock())
    engine.shown(clock(0.5))  # shown again: the window was shown already
    assert counted(engine.count_rep(clock(LATE_PRESS_S - 0.4))) == [1]


def test_a_sensors_rep_is_confirmed_from_when_it_was_done_however_late_it_shows(
    builtin: Catalog, clock: Clock
) -> None:
    """A sensor reports a rep a moment after it was done, seen or not: no rep can be done
    sooner than half a rep after it, so its window stays where it was."""
    engine = working_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.tick(clock(3))
    done = clock.now
    engine.rep_counted(clock(1.0), done_s=done)
    engine.shown(clock(1.0))
    assert counted(engine.count_rep(clock(done + CONFIRM_S + 0.1 - clock.now))) == [2]


def test_a_long_stall_opens_no_window_from_long_ago(builtin: Catalog, clock: Clock) -> None:
    """Review: the machine slept 10 min as the switch of sides ran out; the first press
    after waking was taken as the late go. A change counts as shown late by MAX_SHOWN_LATE_S
    at most."""
    engine = switched_late(builtin, clock, 600.0)
    engine.shown(clock())
    assert engine.view(clock(0.3)).enter_does == "rep"
    assert counted(engine.count_rep(clock())) == [1]


def test_a_press_on_the_screen_from_before_the_go_is_the_late_go(
    builtin: Catalog, clock: Clock
) -> None:
    """Review, on a loaded machine: the switch of sides shown with 0.5 s left, then no tick
    for 1.8 s, and enter pressed on the switch's "Go now": the press's tick ran the switch
    out 1.3 s before and took the press as a rep of the right side. Pressed on a screen drawn
    before the change (``seen_s``), it is the late go."""
    engine = working_engine(builtin, clock)
    for _ in range(5):
        engine.count_rep(clock(1))
    engine.tick(clock(SIDE_SWITCH_S - 0.5))
    engine.shown(clock())
    seen = clock.now
    pressed = engine.count_rep(clock(1.8), seen_s=seen)
    assert "PressTaken" in kinds(pressed)
    assert counted(pressed) == []
    assert (engine.step.kind, engine.step.side) == ("work", "right")
    assert engine.view(clock()).reps_done == 0
    assert counted(engine.count_rep(clock(LATE_PRESS_S), seen_s=clock.now)) == [1]


def test_a_press_on_a_screen_that_showed_the_go_is_judged_from_the_go(
    builtin: Catalog, clock: Clock
) -> None:
    engine = switched_late(builtin, clock, 0.0)
    engine.shown(clock())
    assert counted(engine.count_rep(clock(LATE_PRESS_S + 0.1), seen_s=clock.now)) == [1]


@pytest.mark.parametrize("pain", [False, True])
def test_a_pause_just_after_the_coachs_count_keeps_its_window_for_after_it(
    builtin: Catalog, clock: Clock, pain: bool
) -> None:
    """Known limit (the pause closed the window): the coach counted rep 1, the person paused
    (space, or p for pain) 0.3 s later and resumed 20 s on; their press 0.5 s after resuming
    was for rep 1 and added rep 2. Paused time does not use a window up: the press is judged
    as if there had been no pause, and confirms rep 1."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    if pain:
        engine.report_pain(2, clock(0.3))
    else:
        engine.toggle(clock(0.3))
    engine.toggle(clock(20))
    assert engine.view(clock(0.5)).enter_does == "confirm"
    pressed = engine.count_rep(clock())
    assert counted(pressed) == []
    assert [c.rep for c in pressed if isinstance(c, RepConfirmed)] == [1]
    assert engine.view(clock()).reps_done == 1


def test_a_pause_uses_up_none_of_a_window_and_the_rest_of_it_runs_after(
    builtin: Catalog, clock: Clock
) -> None:
    """The window runs on only while the session runs: what was left of it at the pause is
    left after it, and a press later is a rep of its own."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    until_counted(engine, clock, [])
    counted_at = clock.now
    engine.toggle(clock(1.0))
    engine.toggle(clock(60))
    assert engine.view(clock(FIRST_REP_S - 1.0 - 0.1)).enter_does == "confirm"
    assert engine.view(clock(0.2)).enter_does == "rep"
    assert counted(engine.count_rep(clock())) == [2]
    assert clock.now - counted_at > 60


def test_a_pause_just_after_the_go_keeps_the_late_go_for_after_it(
    builtin: Catalog, clock: Clock
) -> None:
    """The countdown began the set, the person paused at once, and their press just after
    resuming (the late go, meant as they got going) counted rep 1."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    engine.toggle(clock(0.2))
    engine.toggle(clock(15))
    assert kinds(engine.count_rep(clock(0.3))) == ["PressTaken"]
    assert engine.view(clock()).reps_done == 0


def test_a_pause_just_after_a_sensors_rep_keeps_its_window_for_after_it(
    builtin: Catalog, clock: Clock
) -> None:
    """The sensor counted a rep, the person paused before pressing for it: the press just
    after resuming confirms that rep, no rep of its own."""
    engine = working_engine(builtin, clock)  # bird dog
    engine.set_gated(True, clock())
    engine.tick(clock(3))
    done = clock(0)
    engine.rep_counted(clock(0.3), done_s=done)
    engine.toggle(clock(0.5))
    engine.toggle(clock(30))
    pressed = engine.count_rep(clock(1.0))
    assert counted(pressed) == []
    assert [(c.rep, c.by) for c in pressed if isinstance(c, RepConfirmed)] == [(1, "sensor")]


def test_a_go_shown_while_paused_was_shown_late_only_by_the_time_run_before_the_pause(
    builtin: Catalog, clock: Clock
) -> None:
    """The screen drew the go only in the pause (its window had not yet been shown): it was
    late by the 0.2 s run before the pause, not by the seconds paused."""
    engine = paced_bird_dog(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    engine.toggle(clock(0.2))
    engine.shown(clock(10))
    engine.toggle(clock(10))
    engine.shown(clock())
    assert engine.view(clock(LATE_PRESS_S - 0.1)).enter_does == "go"
    assert counted(engine.count_rep(clock(0.2))) == [1]
