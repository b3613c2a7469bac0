"""The session engine, driven by a fake clock: every timer, key and edge case."""

from __future__ import annotations

import pytest

from catalog import Catalog
from catalog.models import Dose, Routine, RoutineItem
from catalog.plan import GET_READY_S, HOLD_RESET_S, SIDE_SWITCH_S, PlannedStep, expand
from tui.live.changes import (
    Change,
    HoldClockStarted,
    HoldClockStopped,
    HoldCompleted,
    PainReported,
    Paused,
    RedoLeft,
    RepCountChanged,
    Resumed,
    SessionFinished,
    SessionStarted,
    StepFinished,
    StepStarted,
    TimerChanged,
    WentBack,
)
from tui.live.engine import BACK_LEAD_IN_S, SessionEngine


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self, seconds: float = 0.0) -> float:
        self.now += seconds
        return self.now


def engine_for(catalog: Catalog, routine_id: str = "core-basics") -> SessionEngine:
    steps = expand(catalog.routines[routine_id], catalog.exercises, rest_s=30)
    return SessionEngine(steps, catalog.exercises)


def kinds(changes: list[Change]) -> list[str]:
    return [type(c).__name__ for c in changes]


def step_signature(step: PlannedStep) -> tuple[str, str, int, str | None]:
    return (step.kind, step.exercise_id, step.set_number, step.side)


def phase_of(engine: SessionEngine) -> str:
    return engine.phase


def working_engine(catalog: Catalog, clock: Clock) -> SessionEngine:
    """Core basics started and run to its first set of reps."""
    engine = engine_for(catalog)
    engine.toggle(clock())
    run_until_work(engine, clock)
    return engine


def run_until_work(engine: SessionEngine, clock: Clock) -> None:
    while engine.step.kind != "work":
        engine.tick(clock(1))


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_nothing_runs_before_space(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    assert engine.tick(clock(60)) == []
    assert engine.phase == "waiting"
    assert engine.view(clock()).seconds_left == GET_READY_S
    changes = engine.toggle(clock())
    assert kinds(changes) == ["SessionStarted", "StepStarted"]
    assert phase_of(engine) == "running"


def test_get_ready_counts_down_then_work_begins(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    engine.tick(clock(4))
    assert engine.view(clock()).seconds_left == pytest.approx(GET_READY_S - 4)
    changes = engine.tick(clock(GET_READY_S - 4))
    assert [type(c) for c in changes] == [StepStarted]
    assert step_signature(engine.step) == ("work", "bird-dog", 1, "left")


def test_reps_are_counted_and_the_set_ends_at_the_target(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    changes: list[Change] = []
    for _ in range(5):
        changes += engine.count_rep(clock(3))
    assert [c.reps_done for c in changes if isinstance(c, RepCountChanged)] == [1, 2, 3, 4, 5]
    (finished,) = [c for c in changes if isinstance(c, StepFinished)]
    assert finished.result.reps_done == 5
    assert not finished.result.skipped
    assert finished.result.side == "left"
    # Left then right, with a short switch between.
    assert step_signature(engine.step) == ("switch", "bird-dog", 1, "right")
    engine.tick(clock(SIDE_SWITCH_S))
    assert step_signature(engine.step) == ("work", "bird-dog", 1, "right")


def test_a_long_tick_carries_leftover_time_into_the_next_step(
    builtin: Catalog, clock: Clock
) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    engine.tick(clock(GET_READY_S + 2.5))
    assert engine.step.kind == "work"
    assert engine.view(clock()).elapsed_s == pytest.approx(2.5)


def hold_engine(catalog: Catalog, clock: Clock) -> SessionEngine:
    """A session at the forearm plank (3 holds of 10 s)."""
    engine = engine_for(catalog)
    engine.toggle(clock())
    while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "work":
        engine.next(clock())
    return engine


def test_holds_run_then_breathe_then_run_again(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    assert engine.view(clock()).hold_state == "holding"
    changes = engine.tick(clock(10))
    assert [c.hold_number for c in changes if isinstance(c, HoldCompleted)] == [1]
    assert engine.view(clock()).hold_state == "resetting"
    engine.tick(clock(HOLD_RESET_S))
    view = engine.view(clock())
    assert (view.hold_state, view.hold_number, view.seconds_left) == ("holding", 2, 10)
    changes = engine.tick(clock(10 + HOLD_RESET_S + 10))
    holds = [c for c in changes if isinstance(c, HoldCompleted)]
    (finished,) = [c for c in changes if isinstance(c, StepFinished)]
    assert [h.hold_number for h in holds] == [2, 3]
    assert finished.result.holds_s == (10.0, 10.0, 10.0)
    assert finished.result.reps_done == 3


def test_pause_during_a_hold_freezes_it(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.tick(clock(4))
    assert kinds(engine.toggle(clock())) == ["Paused"]
    engine.tick(clock(120))
    assert engine.view(clock()).seconds_left == pytest.approx(6)
    assert kinds(engine.toggle(clock())) == ["Resumed"]
    changes = engine.tick(clock(6))
    assert [c.held_s for c in changes if isinstance(c, HoldCompleted)] == [10]


def test_a_sensor_gated_hold_times_only_what_is_held(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    assert engine.view(clock()).hold_state == "settling"
    engine.tick(clock(5))  # getting into position: not counted
    assert kinds(engine.hold_started(clock())) == ["HoldClockStarted"]
    engine.tick(clock(6))
    assert isinstance(engine.hold_broken(clock())[-1], HoldClockStopped)
    engine.tick(clock(30))  # sagging: not counted
    engine.hold_started(clock())
    changes = engine.tick(clock(4))
    assert [c.held_s for c in changes if isinstance(c, HoldCompleted)] == [10]


def test_a_sensor_times_a_hold_from_the_moments_it_names(builtin: Catalog, clock: Clock) -> None:
    """A detector is sure of a hold's start, or of a break, a second or two after it happened:
    the hold is timed from the moments it names, as far back as that state has run."""
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.tick(clock(5))  # settling in
    (started,) = engine.hold_started(clock(), since=clock() - 1.5)  # still for 1.5 s by now
    assert isinstance(started, HoldClockStarted)
    assert started.t_s == pytest.approx(clock() - 1.5)  # the record says when, too
    assert engine.view(clock()).seconds_left == pytest.approx(8.5)
    engine.tick(clock(4))
    (stopped,) = engine.hold_broken(clock(), since=clock() - 1.5)  # left 1.5 s ago
    assert isinstance(stopped, HoldClockStopped)
    assert stopped.t_s == pytest.approx(clock() - 1.5)
    assert engine.view(clock()).seconds_left == pytest.approx(6.0)  # 1.5 + 4 - 1.5 held
    engine.tick(clock(1))
    engine.hold_started(clock(), since=clock() - 60)  # no further back than the settling
    assert engine.view(clock()).seconds_left == pytest.approx(5.0)


def test_a_sensors_moment_never_reaches_into_a_pause(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.hold_started(clock())
    engine.tick(clock(4))
    engine.toggle(clock())  # paused with 6 s to go, and the person lets go
    engine.tick(clock(1))
    engine.hold_broken(clock(2), since=clock() - 1.5)  # heard in the pause
    assert engine.view(clock()).seconds_left == pytest.approx(6.0)
    engine.toggle(clock())
    engine.tick(clock(3))
    engine.hold_started(clock(), since=clock() - 10)  # settled before the resume
    assert engine.view(clock()).seconds_left == pytest.approx(3.0)  # 3 s back, not the pause's


def test_a_sensors_moment_can_complete_the_hold_it_starts(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.hold_started(clock())
    engine.tick(clock(9))
    engine.hold_broken(clock())
    engine.tick(clock(3))
    changes = engine.hold_started(clock(), since=clock() - 2)
    assert [c.held_s for c in changes if isinstance(c, HoldCompleted)] == [10]


def test_a_gated_hold_step_waits_for_the_sensor_even_after_a_held_one(
    builtin: Catalog, clock: Clock
) -> None:
    """What a sensor saw in the last step says nothing of this one: settle in first."""
    engine = engine_for(builtin)
    engine.toggle(clock())
    engine.set_gated(True, clock())
    engine.hold_started(clock())  # still during a step before: not this step's hold
    while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "work":
        engine.next(clock())
    assert engine.view(clock()).hold_state == "settling"
    engine.tick(clock(20))
    assert engine.view(clock()).seconds_left == 10
    engine.hold_started(clock())
    assert engine.view(clock()).hold_state == "holding"


def test_x_takes_a_rep_off_but_never_below_zero(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    assert engine.uncount_rep(clock()) == []
    engine.rep_counted(clock(3))
    engine.rep_counted(clock(1))  # a fidget the sensor took for a rep
    changes = engine.uncount_rep(clock(1))
    assert [c.reps_done for c in changes if isinstance(c, RepCountChanged)] == [1]
    for _ in range(4):
        engine.count_rep(clock(3))
    (finished,) = engine.results.values()
    assert finished.reps_done == 5


def test_a_rep_counted_by_key_is_not_counted_again_when_the_sensor_counts_it_late(
    builtin: Catalog, clock: Clock
) -> None:
    """The sensor counts a shallow rep only once the next one comes; the person, seeing it
    missed, pressed r for it. That late rep is the one the key counted, not one more."""
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    reps = engine.view(clock()).reps_done
    engine.rep_counted(clock(2), done_s=clock.now - 0.3)
    shallow_done = clock(2) - 0.3  # the sensor does not count it yet
    engine.count_rep(clock(0.5))  # r: "that was a rep"
    assert engine.view(clock()).reps_done == reps + 2
    engine.rep_counted(clock(1.8), done_s=shallow_done)  # late, with the next
    engine.rep_counted(clock(), done_s=clock.now - 0.3)
    assert engine.view(clock()).reps_done == reps + 3
    # A key press for a rep the sensor never sees matches no later rep of the sensor's.
    engine.count_rep(clock(1))
    engine.rep_counted(clock(2), done_s=clock.now - 0.3)  # the fifth: the set is done
    (finished,) = engine.results.values()
    assert finished.reps_done == reps + 5


def test_a_rep_done_before_a_pause_and_counted_by_the_sensor_in_it_is_the_sets(
    builtin: Catalog, clock: Clock
) -> None:
    """The sensor counts the set's first rep once the person has rested after it; the person
    paused first. The rep was done before the pause: it counts. One done in the pause does
    not (paused, nothing counts)."""
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    reps = engine.view(clock()).reps_done
    done = clock(2)
    engine.toggle(clock(0.3))  # space
    changes = engine.rep_counted(clock(0.6), done_s=done)
    assert [c.reps_done for c in changes if isinstance(c, RepCountChanged)] == [reps + 1]
    assert engine.rep_counted(clock(3), done_s=clock.now - 1) == []
    assert engine.view(clock()).reps_done == reps + 1


def test_a_rep_done_in_a_pause_is_not_the_sets_whenever_the_sensor_counts_it(
    builtin: Catalog, clock: Clock
) -> None:
    """Paused, nothing counts: a rep the sensor saw done in a pause is no rep of the set when
    it is counted after the resume, nor when counted in a later pause (before, only whether it
    was done before the latest pause was asked)."""
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    reps = engine.view(clock()).reps_done
    engine.toggle(clock(0.5))  # space: paused
    in_first_pause = clock(1.0)
    engine.toggle(clock(1.0))  # resumed
    assert engine.rep_counted(clock(0.6), done_s=in_first_pause) == []
    done_running = clock(2.0)
    engine.toggle(clock(0.5))  # paused again
    assert engine.rep_counted(clock(0.5), done_s=in_first_pause) == []
    changes = engine.rep_counted(clock(0.1), done_s=done_running)
    assert [c.reps_done for c in changes if isinstance(c, RepCountChanged)] == [reps + 1]
    assert engine.view(clock()).reps_done == reps + 1


def test_reps_the_sensor_confirms_as_a_set_closes_are_that_sets(
    builtin: Catalog, clock: Clock
) -> None:
    """N after three reps, the third still unconfirmed by the sensor: as the set closes the
    sensor counts it, and the set has three, not two. A rep done after the set ended, or
    one the person already counted by key, adds nothing; a set that reaches its target this
    way is done, not skipped."""
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    index, target = engine.index, engine.step.dose.reps  # type: ignore[union-attr]
    engine.rep_counted(clock(2), done_s=clock.now)
    engine.rep_counted(clock(2), done_s=clock.now)
    third = clock(2)
    (left,) = [c for c in engine.next(clock(1)) if isinstance(c, StepFinished)]
    assert (left.result.reps_done, left.result.skipped) == (2, True)
    assert engine.credit_late_reps(index, [clock.now + 0.5]).result is None  # after it ended
    credited = engine.credit_late_reps(index, [third]).result
    assert credited is not None
    assert (credited.reps_done, credited.skipped) == (3, True)
    assert engine.results[index] == credited
    assert engine.credit_late_reps(index, [third] * (target or 1)).result is not None
    assert (engine.results[index].reps_done, engine.results[index].skipped) == (target, False)


def test_reps_the_sensor_takes_back_as_a_set_closes_are_not_that_sets(
    builtin: Catalog, clock: Clock
) -> None:
    """Three reps the sensor counted, one of them taken back as the set closed (the whole set
    showed it was a move into position): the set has two, and one late rep it confirms then
    adds one."""
    engine = working_engine(builtin, clock)
    index = engine.index
    done = [clock(2) for _ in range(3)]
    for at in done:
        engine.rep_counted(at, done_s=at)
    fourth = clock(2)
    engine.next(clock(1))
    assert engine.results[index].reps_done == 3
    late = engine.credit_late_reps(index, [fourth], [done[0]])
    assert (late.result, late.taken_back) == (None, 1)  # one more and one fewer: as it was
    late = engine.credit_late_reps(index, [], [done[1]])
    assert late.result is not None
    assert late.taken_back == 1
    assert engine.results[index].reps_done == 2
    late = engine.credit_late_reps(index, [], [done[1]])  # that one is gone already
    assert (late.result, late.taken_back) == (None, 0)
    assert engine.results[index].reps_done == 2


def test_a_rep_the_sensor_takes_back_that_the_person_counted_by_key_stays(
    builtin: Catalog, clock: Clock
) -> None:
    """The sensor counted a rep the person had already counted with r (the press stood for
    it): when the sensor takes that rep back as the set closes, the person's rep stays."""
    engine = working_engine(builtin, clock)
    index = engine.index
    engine.rep_counted(clock(2), done_s=clock.now)
    done = clock(2)
    engine.count_rep(clock(0.2))  # r, before the sensor (which trusts a rep late) said so
    engine.rep_counted(clock(0.5), done_s=done)  # the same rep: the press stands for it
    engine.rep_counted(clock(2), done_s=clock.now)
    engine.next(clock(1))
    assert engine.results[index].reps_done == 3
    late = engine.credit_late_reps(index, [], [done])
    assert (late.result, late.taken_back) == (None, 0)
    assert engine.results[index].reps_done == 3


def test_a_rep_the_person_took_back_with_x_is_not_taken_back_again_by_the_sensor(
    builtin: Catalog, clock: Clock
) -> None:
    """The sensor counted a fidget and the person pressed x for it: when the sensor takes the
    same fidget back as the set closes, the set does not lose a second rep."""
    engine = working_engine(builtin, clock)
    index = engine.index
    fidget = clock(1)
    engine.rep_counted(fidget, done_s=fidget)
    engine.uncount_rep(clock(1))  # x: that was no rep
    done = [clock(2) for _ in range(3)]
    for at in done:
        engine.rep_counted(at, done_s=at)
    engine.next(clock(1))
    assert engine.results[index].reps_done == 3
    late = engine.credit_late_reps(index, [], [fidget])
    assert (late.result, late.taken_back) == (None, 0)
    assert engine.results[index].reps_done == 3
    late = engine.credit_late_reps(index, [], [done[0]])  # another one: that one goes
    assert late.result is not None
    assert late.taken_back == 1
    assert engine.results[index].reps_done == 2


def test_a_rep_the_sensor_confirms_as_the_set_closes_is_not_counted_twice_with_a_key(
    builtin: Catalog, clock: Clock
) -> None:
    engine = working_engine(builtin, clock)
    index = engine.index
    engine.rep_counted(clock(2), done_s=clock.now)
    done = clock(2)
    engine.count_rep(clock(0.5))  # r: the person counted the rep the sensor held back
    engine.next(clock(1))
    assert engine.results[index].reps_done == 2
    assert engine.credit_late_reps(index, [done]).result is None


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


def test_enter_ends_a_hold_early_as_held(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    changes = engine.count_rep(clock(7))
    assert [c.held_s for c in changes if isinstance(c, HoldCompleted)] == [7]
    assert engine.view(clock()).hold_state == "resetting"
    engine.count_rep(clock(1))  # enter during the breath: the next hold starts now
    assert engine.view(clock()).hold_state == "holding"


def test_plus_and_minus_change_the_current_hold(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    assert [c.target_s for c in engine.adjust(+5, clock()) if isinstance(c, TimerChanged)] == [15]
    engine.tick(clock(12))
    assert engine.view(clock()).seconds_left == pytest.approx(3)
    # Shortening below what is already held completes the hold now.
    changes = engine.adjust(-5, clock())
    assert [c.held_s for c in changes if isinstance(c, HoldCompleted)] == [12]
    assert engine.adjust(-100, clock()) == [TimerChanged(clock.now, engine.index, 5, hold=True)]
    assert engine.adjust(-5, clock()) == []  # never below five seconds


def test_next_skips_an_unfinished_set_and_records_it(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    engine.count_rep(clock(2))
    changes = engine.next(clock(1))
    (finished,) = [c for c in changes if isinstance(c, StepFinished)]
    assert finished.result.skipped
    assert finished.result.reps_done == 1
    assert engine.step.kind == "switch"
    # Next on a rest or switch moves on without a record.
    assert [type(c) for c in engine.next(clock())] == [StepStarted]


def test_back_across_a_side_switch_redoes_the_left_side(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    for _ in range(5):
        engine.count_rep(clock(1))
    engine.tick(clock(SIDE_SWITCH_S))
    assert step_signature(engine.step) == ("work", "bird-dog", 1, "right")
    changes = engine.back(clock())
    assert isinstance(changes[0], WentBack)
    run_until_work(engine, clock)  # through its get-ready
    assert step_signature(engine.step) == ("work", "bird-dog", 1, "left")
    assert engine.view(clock()).reps_done == 0
    for _ in range(5):
        engine.count_rep(clock(1))
    # Redoing a set replaces its earlier result.
    assert len([r for r in engine.result_list() if r.side == "left"]) == 1


def test_back_from_a_rest_goes_to_the_set_just_done(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    while engine.step.exercise_id != "glute-bridge" or engine.step.kind != "work":
        engine.next(clock())
    for _ in range(5):
        engine.count_rep(clock(1))
    assert step_signature(engine.step)[0] == "rest"
    engine.back(clock())
    run_until_work(engine, clock)
    assert step_signature(engine.step) == ("work", "glute-bridge", 1, None)


@pytest.mark.parametrize("rest_s", [30, 0])
def test_back_to_a_later_set_counts_it_down_from_its_rest_as_long_as_a_get_ready(
    builtin: Catalog, clock: Clock, rest_s: int
) -> None:
    """B in the rest after set 2: set 2's lead-in is the rest before it, ``BACK_LEAD_IN_S``
    long (a full rest again would keep the person waiting 30 s; a dose with no rest between
    sets would start the set at once)."""
    routine = Routine(
        id="t", name="T", description="Three sets.",
        items=(RoutineItem(exercise="glute-bridge", dose=Dose(sets=3, reps=2, hold_s=1)),),
    )  # fmt: skip
    engine = SessionEngine(expand(routine, builtin.exercises, rest_s=rest_s), builtin.exercises)
    engine.toggle(clock())
    for _ in range(2):
        run_until_work(engine, clock)
        engine.count_rep(clock(1))
        engine.count_rep(clock(1))
    assert (engine.step.kind, engine.step.set_number) == ("rest", 2)
    changes = engine.back(clock(min(3, rest_s)))
    assert [c for c in changes if isinstance(c, WentBack)] == [WentBack(clock(), 4, 3)]
    view = engine.view(clock())
    assert (view.step.kind, view.step.set_number, view.seconds_left) == ("rest", 1, 10.0)
    engine.tick(clock(BACK_LEAD_IN_S))
    assert step_signature(engine.step) == ("work", "glute-bridge", 2, None)
    assert engine.view(clock()).reps_done == 0


@pytest.mark.parametrize("first_set_done", [True, False])
def test_skipping_the_last_step_ends_the_session_complete_if_a_set_was_done(
    builtin: Catalog, clock: Clock, first_set_done: bool
) -> None:
    """n to the end: the routine is complete when a set of it was done; with every set
    skipped, it ended early (found by review: "completed", with nothing done)."""
    engine = engine_for(builtin)
    engine.toggle(clock())
    if first_set_done:
        run_until_work(engine, clock)
        for _ in range(5):
            engine.count_rep(clock(1))
    while engine.index < len(engine.steps) - 1:
        engine.next(clock())
    changes = engine.next(clock())
    assert isinstance(changes[-1], SessionFinished)
    assert changes[-1].status == ("completed" if first_set_done else "ended-early")
    assert engine.phase == "finished"
    assert engine.next(clock()) == []
    assert engine.back(clock()) == []
    skipped = [r.skipped for r in engine.result_list()]
    assert skipped == [not first_set_done] + [True] * (len(skipped) - 1)


def test_finishing_every_step_completes_with_nothing_skipped(
    builtin: Catalog, clock: Clock
) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    seen: list[Change] = []
    for _ in range(2000):
        if engine.phase == "finished":
            break
        if engine.step.kind == "work" and engine.mode == "reps":
            seen += engine.count_rep(clock(2))
        else:
            seen += engine.tick(clock(1))
    assert isinstance(seen[-1], SessionFinished)
    assert seen[-1].status == "completed"
    results = engine.result_list()
    assert [(r.exercise_id, r.side) for r in results] == [
        ("bird-dog", "left"),
        ("bird-dog", "right"),
        ("glute-bridge", None),
        ("forearm-plank", None),
    ]
    assert not any(r.skipped for r in results)
    assert engine.view(clock()).progress == 1.0


def test_pain_pauses_and_skipping_the_exercise_records_its_sets(
    builtin: Catalog, clock: Clock
) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    changes = engine.report_pain(6, clock(2))
    assert [type(c) for c in changes] == [Paused, PainReported]
    assert engine.phase == "paused"
    changes = engine.skip_exercise(clock())
    skipped = [c.result for c in changes if isinstance(c, StepFinished)]
    assert [(r.exercise_id, r.side, r.skipped) for r in skipped] == [
        ("bird-dog", "left", True),
        ("bird-dog", "right", True),
    ]
    # On to the rest before the next exercise, still paused until space.
    assert step_signature(engine.step)[:2] == ("rest", "bird-dog")
    assert engine.phase == "paused"
    assert [type(c) for c in engine.toggle(clock())] == [Resumed]


def test_pain_outside_zero_to_ten_is_refused(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    with pytest.raises(ValueError, match="0 to 10"):
        engine.report_pain(11, clock())


def test_ending_early_keeps_work_in_progress(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.tick(clock(4))
    changes = engine.end(clock())
    assert [type(c) for c in changes] == [StepFinished, SessionFinished]
    assert isinstance(changes[0], StepFinished)
    assert changes[0].result.holds_s == (4.0,)
    assert changes[0].result.skipped
    assert engine.status == "ended-early"
    assert engine.end(clock()) == []


def test_a_hold_skipped_in_its_first_second_is_no_hold_done(builtin: Catalog, clock: Clock) -> None:
    """Found by a new user: n 0.6 s into a plank's first hold stored it as a hold done
    (reps_done 1, holds_s [0.6]). Barely begun, it is no hold; the time stays the set's."""
    engine = hold_engine(builtin, clock)
    engine.tick(clock(0.6))
    (finished,) = [c for c in engine.next(clock()) if isinstance(c, StepFinished)]
    result = finished.result
    assert (result.reps_done, result.holds_s, result.skipped) == (0, (), True)
    assert result.active_s == 0.6


def test_a_hold_cut_short_counts_once_held_a_tenth_of_its_target(
    builtin: Catalog, clock: Clock
) -> None:
    """The rule for the hold under way when its set is left (n, q, a checkpoint): a tenth of
    its target held (1 s at least) makes it one of the set's holds, with what was held."""
    engine = hold_engine(builtin, clock)  # holds of 10 s
    engine.tick(clock(0.9))
    in_progress = engine.in_progress(clock())
    assert in_progress is not None
    assert (in_progress.reps_done, in_progress.holds_s) == (0, ())
    engine.tick(clock(0.1))
    in_progress = engine.in_progress(clock())
    assert in_progress is not None
    assert (in_progress.reps_done, in_progress.holds_s) == (1, (1.0,))
    engine.adjust(20, clock())  # a hold of 30 s: 3 s makes it one
    (finished, _) = engine.end(clock(1.5))
    assert isinstance(finished, StepFinished)
    assert (finished.result.reps_done, finished.result.holds_s) == (0, ())
    assert finished.result.active_s == 2.5


def test_a_later_hold_skipped_at_once_leaves_the_holds_done_before(
    builtin: Catalog, clock: Clock
) -> None:
    engine = hold_engine(builtin, clock)
    engine.tick(clock(10 + HOLD_RESET_S))  # the first held, the second just begun
    engine.tick(clock(0.5))
    (finished,) = [c for c in engine.next(clock()) if isinstance(c, StepFinished)]
    assert (finished.result.reps_done, finished.result.holds_s) == (1, (10.0,))


def test_ending_before_starting_records_nothing(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    assert [type(c) for c in engine.end(clock())] == [SessionFinished]
    assert engine.result_list() == []


def test_tempo_guides_lift_hold_lower(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    while engine.step.exercise_id != "glute-bridge" or engine.step.kind != "work":
        engine.next(clock())
    # Glute bridge: lift 2 s, 2 s at the top, lower 3 s.
    cues = []
    for i in range(8):
        engine.tick(clock(0 if i == 0 else 1))
        cues.append(engine.view(clock()).tempo)
    labels = [c.label for c in cues if c is not None]
    assert labels == ["lift", "lift", "hold", "hold", "lower", "lower", "lower", "lift"]
    engine.count_rep(clock(0.5))
    tempo = engine.view(clock()).tempo
    assert tempo is not None
    assert (tempo.label, tempo.seconds_left) == ("lift", 2)


def test_progress_moves_through_the_routine(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    assert engine.view(clock()).progress == 0
    engine.toggle(clock())
    engine.tick(clock(5))
    first = engine.view(clock()).progress
    engine.tick(clock(5))
    assert 0 < first < engine.view(clock()).progress < 1


def test_a_changed_dose_is_what_the_step_asks(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    work = next(i for i, s in enumerate(engine.steps) if s.kind == "work")
    engine.with_dose(work, Dose(sets=1, reps=2, hold_s=2))
    engine.toggle(clock())
    run_until_work(engine, clock)
    engine.count_rep(clock(1))
    changes = engine.count_rep(clock(1))
    assert any(isinstance(c, StepFinished) for c in changes)


def test_session_started_is_reported_once(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    starts = [c for c in engine.toggle(clock()) if isinstance(c, SessionStarted)]
    starts += [c for c in engine.toggle(clock()) if isinstance(c, SessionStarted)]
    assert len(starts) == 1


def test_in_progress_reports_the_set_under_way(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.tick(clock(10 + HOLD_RESET_S + 4))
    result = engine.in_progress(clock())
    assert result is not None
    assert result.holds_s == (10.0, 4.0)
    assert not result.skipped
    engine.end(clock())
    assert engine.in_progress(clock()) is None


def test_going_back_to_a_done_set_and_moving_on_keeps_it(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    for _ in range(5):
        engine.count_rep(clock(1))
    engine.back(clock())  # from the switch, back to the left side
    run_until_work(engine, clock)
    changes = engine.next(clock(2))  # ... and on again without redoing it
    assert not [c for c in changes if isinstance(c, StepFinished)]
    (left,) = engine.result_list()
    assert (left.reps_done, left.skipped) == (5, False)
    # The redo is over all the same: what follows it (the motion detector) closes it.
    assert [c for c in changes if isinstance(c, RedoLeft)] == [RedoLeft(clock(), left.index)]
    engine.back(clock())
    engine.end(clock(1))
    assert engine.result_list() == [left]


def redo_of_a_set_left_part_done(builtin: Catalog, clock: Clock, redone: int) -> SessionEngine:
    """3 of the first set's 5 reps, then n (kept, skipped, with 3); back to it (b) and
    ``redone`` reps of the redo."""
    engine = working_engine(builtin, clock)
    for _ in range(3):
        engine.count_rep(clock(1))
    engine.next(clock(1))
    engine.back(clock(1))
    run_until_work(engine, clock)
    for _ in range(redone):
        engine.count_rep(clock(1))
    return engine


@pytest.mark.parametrize(("redone", "leave"), [(1, "next"), (0, "end"), (2, "skip_exercise")])
def test_a_set_left_part_done_keeps_its_reps_through_a_redo_that_got_less_far(
    builtin: Catalog, clock: Clock, redone: int, leave: str
) -> None:
    """3 of 5 reps, then n: kept, skipped, with 3. Back to it (b), fewer reps, and left
    again (n, q or s): the set keeps its 3 (found by review: the redo's 0 replaced them)."""
    engine = redo_of_a_set_left_part_done(builtin, clock, redone)
    (earlier,) = engine.result_list()
    assert (earlier.reps_done, earlier.skipped) == (3, True)
    changes = getattr(engine, leave)(clock(1))
    assert engine.result_list()[0] == earlier
    assert earlier.index not in [c.result.index for c in changes if isinstance(c, StepFinished)]


def test_a_set_left_part_done_is_replaced_by_a_redo_that_got_further(
    builtin: Catalog, clock: Clock
) -> None:
    engine = redo_of_a_set_left_part_done(builtin, clock, 4)
    changes = engine.next(clock(1))
    (finished,) = [c.result for c in changes if isinstance(c, StepFinished)]
    assert (finished.reps_done, finished.skipped) == (4, True)
    assert engine.result_list()[0] == finished


def test_a_redo_skipped_with_the_rest_of_its_exercise_keeps_the_set_and_is_left(
    builtin: Catalog, clock: Clock
) -> None:
    engine = working_engine(builtin, clock)
    for _ in range(5):
        engine.count_rep(clock(1))
    engine.back(clock())
    run_until_work(engine, clock)
    engine.count_rep(clock(1))
    changes = engine.skip_exercise(clock(1))
    left = engine.result_list()[0]
    assert (left.reps_done, left.skipped) == (5, False)
    assert [c for c in changes if isinstance(c, RedoLeft)] == [RedoLeft(clock(), left.index)]
    assert left.index not in [c.result.index for c in changes if isinstance(c, StepFinished)]


def test_a_view_never_moves_the_clock(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.view(clock(60))  # long past the hold's end: nothing may happen unseen
    assert engine.view(clock()).hold_state == "holding"
    assert engine.in_progress(clock()) is not None
    changes = engine.tick(clock())
    assert [c.hold_number for c in changes if isinstance(c, HoldCompleted)] == [1, 2, 3]


def test_a_hold_broken_by_a_sensor_keeps_what_was_held(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.hold_started(clock())
    engine.tick(clock(6))
    engine.hold_broken(clock())
    result = engine.in_progress(clock())
    assert result is not None
    assert result.holds_s == (6.0,)
    (finished, _) = engine.end(clock(3))
    assert isinstance(finished, StepFinished)
    assert finished.result.holds_s == (6.0,)


def test_plus_before_the_start_is_kept(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.adjust(+5, clock())
    engine.toggle(clock())
    engine.tick(clock())
    assert engine.view(clock()).seconds_left == GET_READY_S + 5


def test_skipping_during_the_rest_between_exercises_skips_the_next(
    builtin: Catalog, clock: Clock
) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    while not (engine.step.kind == "rest" and engine.step.exercise_id == "bird-dog"):
        engine.next(clock())
    assert engine.exercise_now == "glute-bridge"
    changes = engine.skip_exercise(clock())
    skipped = [c.result.exercise_id for c in changes if isinstance(c, StepFinished)]
    assert skipped == ["glute-bridge"]
    assert engine.exercise_now == "forearm-plank"


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


def test_a_sensor_gating_from_the_next_step_leaves_this_one_to_the_clock(
    builtin: Catalog, clock: Clock
) -> None:
    steps = expand(builtin.routines["core-basics"], builtin.exercises)
    plank = [s for s in steps if s.exercise_id == "forearm-plank"]  # get ready, then the holds
    engine = SessionEngine(plank + plank, builtin.exercises)
    engine.toggle(clock())
    run_until_work(engine, clock)
    engine.tick(clock(4))
    assert engine.set_gated(True, clock(), this_step=False) == []
    assert engine.gated
    assert engine.view(clock()).hold_state == "holding"
    engine.tick(clock(6))  # the first hold done by the clock, and the breath after it
    engine.tick(clock(HOLD_RESET_S))
    assert engine.view(clock()).hold_state == "holding"  # the whole step goes by the clock
    engine.next(clock())
    run_until_work(engine, clock)
    assert engine.view(clock()).hold_state == "settling"  # the next set is the sensor's


# --- a coach that paces reps, and keys that do what a person means --------------------------


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


def test_skipping_an_exercise_keeps_its_sets_done_before(builtin: Catalog, clock: Clock) -> None:
    """Both sets done, back to the second to do it again, then pain: skip the exercise. The
    sets done stay done (as n and q already leave them)."""
    routine = Routine(
        id="two",
        name="Two sets",
        description="Bridges, then a plank.",
        items=(
            RoutineItem(exercise="glute-bridge", dose=Dose(sets=2, reps=3)),
            RoutineItem(exercise="forearm-plank", dose=Dose(sets=1, reps=1, hold_s=10)),
        ),
    )
    engine = SessionEngine(expand(routine, builtin.exercises, rest_s=30), builtin.exercises)
    engine.toggle(clock())
    for _ in range(2):
        run_until_work(engine, clock)
        for _ in range(3):
            engine.count_rep(clock(2))
    done = [(r.index, r.reps_done, r.skipped) for r in engine.result_list()]
    assert done == [(1, 3, False), (3, 3, False)]
    engine.back(clock(1))  # from the rest after the bridges: the second set again
    run_until_work(engine, clock)
    engine.count_rep(clock(2))  # one rep of the redo
    changes = engine.skip_exercise(clock(1))
    assert not [c for c in changes if isinstance(c, StepFinished)]
    assert [(r.index, r.reps_done, r.skipped) for r in engine.result_list()] == done
    assert engine.exercise_now == "forearm-plank"


def test_a_sensors_moment_never_takes_off_what_was_held(builtin: Catalog, clock: Clock) -> None:
    """Held 8 s, broken, and the hold shortened to 5 s meanwhile: the hold that completes as
    the person settles again was held 8 s (as it would be on the clock), not 5."""
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.hold_started(clock())
    engine.tick(clock(8))
    engine.hold_broken(clock())
    engine.adjust(-5, clock(1))
    changes = engine.hold_started(clock(2), since=clock() - 1)
    assert [c.held_s for c in changes if isinstance(c, HoldCompleted)] == [8]


def test_a_sensors_moments_are_stamped_off_the_pause(builtin: Catalog, clock: Clock) -> None:
    """A break named before a pause is stamped then; one named in the pause, as it is heard."""
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.hold_started(clock())
    left = clock(4)
    engine.toggle(clock(1))
    (stopped,) = engine.hold_broken(clock(0.5), since=left)
    assert isinstance(stopped, HoldClockStopped)
    assert stopped.t_s == pytest.approx(left)
    (started,) = engine.hold_started(clock(2), since=clock() - 1)  # back in the pause
    assert isinstance(started, HoldClockStarted)
    assert started.t_s == pytest.approx(clock())
