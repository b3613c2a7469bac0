"""The session engine and keys that do what a person means: enter in a countdown starts the
set, in a hold ends it as held, in the breath after starts the next; double presses and
bounces are one press; and a coach that paces reps when no sensor counts them, which a key
still corrects."""

from __future__ import annotations

import pytest
from engine_sessions import Clock, engine_for, hold_engine, kinds, run_until_work, working_engine

from catalog import Catalog
from catalog.models import Dose, Routine, RoutineItem
from catalog.plan import GET_READY_S, HOLD_RESET_S, SIDE_SWITCH_S, expand
from tui.live.changes import HoldCompleted, RepCountChanged, TimerChanged
from tui.live.engine import SessionEngine


def test_what_enter_does_is_said_as_the_engine_would_do_it(builtin: Catalog, clock: Clock) -> None:
    """The footer and the mat view name what enter does: after the sensor saw a hold broken,
    enter ends it as held so far ("hold-done"), not "start-hold"."""
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    assert engine.view(clock()).enter_does == "start-hold"  # waiting on the sensor
    engine.hold_started(clock(1))
    engine.tick(clock(4))
    assert engine.view(clock()).enter_does == "hold-done"
    engine.hold_broken(clock(0.5))
    assert engine.view(clock()).hold_state == "settling"
    assert engine.view(clock()).enter_does == "hold-done"
    (done,) = [c for c in engine.count_rep(clock(1)) if isinstance(c, HoldCompleted)]
    assert done.held_s == pytest.approx(4.5)
    assert engine.view(clock()).enter_does == "start-hold"  # the breath before the next
    engine.toggle(clock())
    assert engine.view(clock()).enter_does is None  # paused: enter does nothing


def test_enter_starts_a_hold_the_sensor_has_not_seen(builtin: Catalog, clock: Clock) -> None:
    """A sensor that takes the hold position for the rest never starts the hold: the key does."""
    engine = engine_for(builtin)
    engine.toggle(clock())
    engine.set_gated(True, clock())
    while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "work":
        engine.next(clock())
    engine.tick(clock(4))
    assert engine.view(clock()).hold_state == "settling"
    assert kinds(engine.count_rep(clock())) == ["HoldClockStarted"]
    changes = engine.tick(clock(10))
    assert [c.held_s for c in changes if isinstance(c, HoldCompleted)] == [10]
    engine.tick(clock(HOLD_RESET_S))
    assert engine.view(clock()).hold_state == "settling"  # the next hold waits for the sensor


def test_enter_in_the_breath_after_a_broken_hold_starts_the_next_hold(
    builtin: Catalog, clock: Clock
) -> None:
    """A sensor times the plank; the hold breaks and Enter ends it as held. Enter in the
    breath that follows starts the next hold, as the footer says (found by review: it only
    waited on the sensor, and a second press was needed)."""
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.hold_started(clock(1))
    engine.tick(clock(4))
    engine.hold_broken(clock(0.5))
    assert kinds(engine.count_rep(clock(1))) == ["HoldCompleted"]
    assert engine.view(clock()).enter_does == "start-hold"
    assert kinds(engine.count_rep(clock(1))) == ["HoldClockStarted"]
    assert engine.view(clock()).hold_state == "holding"


def paced_bridges(catalog: Catalog, reps: int = 3) -> SessionEngine:
    routine = Routine(
        id="bridges",
        name="Bridges",
        description="Paced bridges.",
        items=(
            RoutineItem(exercise="glute-bridge", dose=Dose(sets=1, reps=reps, hold_s=2)),
            RoutineItem(exercise="forearm-plank", dose=Dose(sets=1, reps=2, hold_s=10)),
        ),
    )
    steps = expand(routine, catalog.exercises, rest_s=30)
    return SessionEngine(steps, catalog.exercises, pace=True)


def test_paced_reps_are_counted_at_the_tempo_and_end_the_set(
    builtin: Catalog, clock: Clock
) -> None:
    engine = paced_bridges(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    start = clock()
    counted: list[RepCountChanged] = []
    for _ in range(400):  # 40 s in 0.1 s ticks; nobody presses a key
        changes = engine.tick(clock(0.1))
        counted += [c for c in changes if isinstance(c, RepCountChanged)]
        if engine.step.kind != "work":
            break
    # Bridge: lift 2 s, 2 s at the top, lower 3 s, then a 1 s breath before the next rep.
    assert [c.reps_done for c in counted] == [1, 2, 3]
    assert {c.by for c in counted} == {"pacer"}
    assert [round(c.t_s - start, 6) for c in counted] == [7.0, 15.0, 23.0]
    assert engine.results[1].reps_done == 3
    assert engine.step.kind == "rest"


def test_paced_tempo_shows_lift_hold_lower_then_a_pause(builtin: Catalog, clock: Clock) -> None:
    engine = paced_bridges(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    labels = []
    for _ in range(8):
        tempo = engine.view(clock()).tempo
        labels.append(tempo.label if tempo else None)
        engine.tick(clock(1))
    assert labels == ["lift", "lift", "hold", "hold", "lower", "lower", "lower", "pause"]


def test_a_key_still_adds_or_takes_off_a_rep_while_the_coach_paces(
    builtin: Catalog, clock: Clock
) -> None:
    engine = paced_bridges(builtin, reps=5)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    engine.tick(clock(3))
    engine.count_rep(clock())  # done faster than the pacer: counted, and the next rep begins
    assert engine.view(clock()).reps_done == 1
    tempo = engine.view(clock()).tempo
    assert tempo is not None
    assert (tempo.label, tempo.seconds_left) == ("lift", 2)
    engine.uncount_rep(clock())
    engine.tick(clock(7))  # a whole rep at the tempo
    assert engine.view(clock()).reps_done == 1


def test_a_sensor_that_counts_reps_stops_the_pacer(builtin: Catalog, clock: Clock) -> None:
    engine = paced_bridges(builtin)
    engine.set_gated(True, clock())
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S))
    engine.tick(clock(30))
    assert engine.view(clock()).reps_done == 0
    assert engine.step.kind == "work"
    changes = engine.rep_counted(clock())
    assert [c.by for c in changes if isinstance(c, RepCountChanged)] == ["sensor"]


def test_enter_in_a_countdown_starts_the_set_now(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)  # bird dog: left side, switch, right side
    engine.toggle(clock())
    engine.tick(clock(2))
    engine.count_rep(clock())
    assert (engine.step.kind, engine.step.side) == ("work", "left")
    for _ in range(5):
        engine.count_rep(clock(1))
    assert engine.step.kind == "switch"
    engine.count_rep(clock(1))
    assert (engine.step.kind, engine.step.side) == ("work", "right")
    assert engine.view(clock()).reps_done == 0  # the press started the set, it is no rep


def test_a_double_press_in_a_hold_stores_no_split_second_hold(
    builtin: Catalog, clock: Clock
) -> None:
    engine = paced_bridges(builtin)
    engine.toggle(clock())
    while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "work":
        engine.next(clock())
    engine.tick(clock(6))
    engine.count_rep(clock())  # this hold is done: 6 s
    engine.count_rep(clock(0.2))  # the same press, bounced: ignored
    engine.tick(clock(HOLD_RESET_S))  # the breath, then the next hold begins
    engine.count_rep(clock(4))
    engine.count_rep(clock(0.2))  # a double tap as the set ends: nothing more
    (plank,) = [r for r in engine.result_list() if r.exercise_id == "forearm-plank"]
    assert plank.holds_s == (6.0, 4.2)  # the second began 0.2 s before the last tick


def test_enter_just_after_n_started_a_hold_does_not_end_it(builtin: Catalog, clock: Clock) -> None:
    """Found trying the app (h95): n from the plank's get-ready starts its first hold, and
    enter 0.4 s later (the person's "go") ended it as held: a set of 0.4 s stored as done. A
    hold the key ends has been held a second at least."""
    engine = paced_bridges(builtin)
    engine.toggle(clock())
    while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "ready":
        engine.next(clock())
    engine.next(clock(1))  # n: the hold starts now
    assert (engine.step.kind, engine.mode) == ("work", "hold")
    assert not [c for c in engine.count_rep(clock(0.4)) if isinstance(c, HoldCompleted)]
    assert engine.view(clock()).hold_state == "holding"
    ended = engine.count_rep(clock(1.1))  # a real press, later, ends it as held
    assert [round(c.held_s, 6) for c in ended if isinstance(c, HoldCompleted)] == [1.5]


def test_lengthening_a_rest_is_not_a_hold_change(builtin: Catalog, clock: Clock) -> None:
    engine = paced_bridges(builtin)
    engine.toggle(clock())
    while engine.step.kind != "rest":
        engine.next(clock())
    (change,) = [c for c in engine.adjust(5, clock()) if isinstance(c, TimerChanged)]
    assert (change.target_s, change.hold) == (35, False)


def test_a_double_press_that_starts_the_set_is_one_press(builtin: Catalog, clock: Clock) -> None:
    """Enter in the get-ready starts the set now; the same press bounced (or an impatient
    double tap) must neither end the first hold at 0.2 s nor count a rep."""
    engine = paced_bridges(builtin)
    engine.toggle(clock())
    engine.tick(clock(2))
    engine.count_rep(clock())  # the bridges start now
    assert engine.count_rep(clock(0.2)) == []
    assert engine.view(clock()).reps_done == 0
    while engine.step.kind != "ready":
        engine.next(clock())
    engine.count_rep(clock(1))  # the plank's get-ready: its first hold starts now
    assert not [c for c in engine.count_rep(clock(0.2)) if isinstance(c, HoldCompleted)]
    view = engine.view(clock())
    assert (view.hold_number, view.hold_state) == (1, "holding")
    ended = engine.count_rep(clock(6))  # a real press, later, still ends the hold as held
    assert [round(c.held_s, 6) for c in ended if isinstance(c, HoldCompleted)] == [6.2]


def test_two_presses_handled_together_are_told_apart_by_when_they_were_pressed(
    builtin: Catalog, clock: Clock
) -> None:
    """On a busy machine, enter (the set starts now) and r half a second later were handled
    0.1 s apart: the r was taken for a bounce of the enter and no rep counted. Timed by when
    each was pressed, it counts; a real bounce (0.1 s apart when pressed) still does not."""
    engine = paced_bridges(builtin)
    engine.toggle(clock())
    engine.tick(clock(2))
    enter_pressed = clock() - 0.6  # handled 0.6 s after it was pressed
    engine.count_rep(clock(), pressed_s=enter_pressed)
    assert engine.step.kind == "work"
    bounce = engine.count_rep(clock(0.05), pressed_s=enter_pressed + 0.1)
    assert not [c for c in bounce if isinstance(c, RepCountChanged)]
    counted = engine.count_rep(clock(0.05), pressed_s=enter_pressed + 0.6)
    assert [c.reps_done for c in counted if isinstance(c, RepCountChanged)] == [1]


def side_plank_engine(builtin: Catalog, clock: Clock) -> SessionEngine:
    """A side plank, one 10 s hold a side, run to the left side's hold."""
    routine = Routine(
        id="side", name="Side plank", description="One hold a side.",
        items=(RoutineItem(exercise="side-plank", dose=Dose(sets=1, reps=1, hold_s=10)),),
    )  # fmt: skip
    engine = SessionEngine(expand(routine, builtin.exercises), builtin.exercises)
    engine.toggle(clock())
    run_until_work(engine, clock)
    return engine


def test_a_bounce_of_the_press_ending_the_left_side_does_not_cut_the_switch_short(
    builtin: Catalog, clock: Clock
) -> None:
    """Enter ends the left side's last hold; the same press bounced 0.1 s later (found by
    review: it ended the switch of sides, and the right side's hold ran with no time to
    turn over)."""
    engine = side_plank_engine(builtin, clock)
    engine.tick(clock(6))
    engine.count_rep(clock())
    assert (engine.step.kind, engine.step.side) == ("switch", "right")
    engine.count_rep(clock(0.1))
    assert engine.step.kind == "switch"
    assert engine.view(clock()).seconds_left == pytest.approx(SIDE_SWITCH_S - 0.1)
    engine.count_rep(clock(1))  # a press of its own: the right side now
    assert (engine.step.kind, engine.step.side) == ("work", "right")


def test_a_bounce_of_the_press_ending_an_exercise_does_not_end_the_next_get_ready(
    builtin: Catalog, clock: Clock
) -> None:
    """No rest between exercises: Enter ends the plank's hold and the session passes the
    0 s rest into the bridges' get-ready. Found by review: the bounce 0.1 s later ended that
    get-ready (it was not the step the press began)."""
    routine = Routine(
        id="t", name="T", description="A plank, then bridges.",
        items=(
            RoutineItem(exercise="forearm-plank", dose=Dose(sets=1, reps=1, hold_s=10)),
            RoutineItem(exercise="glute-bridge", dose=Dose(sets=1, reps=3)),
        ),
    )  # fmt: skip
    engine = SessionEngine(expand(routine, builtin.exercises, rest_s=0), builtin.exercises)
    engine.toggle(clock())
    run_until_work(engine, clock)
    engine.tick(clock(5))
    engine.count_rep(clock())
    engine.count_rep(clock(0.1))
    assert (engine.step.exercise_id, engine.step.kind) == ("glute-bridge", "ready")


def test_a_press_after_another_key_is_no_bounce(builtin: Catalog, clock: Clock) -> None:
    """The fifth rep of the left side ends it; n skips the switch; r at once on the right
    side is a rep of its own (found by the full suite: taken for a bounce of the fifth)."""
    engine = working_engine(builtin, clock)  # bird dog, left side
    for _ in range(5):
        engine.count_rep(clock(1))
    assert engine.step.kind == "switch"
    engine.next(clock(0.1))
    changes = engine.count_rep(clock(0.1))
    assert [c.reps_done for c in changes if isinstance(c, RepCountChanged)] == [1]
