"""The session engine and a sensor: a hold timed from the moments a detector names (late, and
never into a pause), and reps the sensor counts, confirms or takes back as a set closes,
reconciled with the reps the person counted or took off by key."""

from __future__ import annotations

import pytest
from engine_sessions import Clock, engine_for, hold_engine, kinds, run_until_work, working_engine

from catalog import Catalog
from catalog.plan import HOLD_RESET_S, expand
from tui.live.changes import (
    HoldClockStarted,
    HoldClockStopped,
    HoldCompleted,
    RepCountChanged,
    RepsTakenBack,
    StepFinished,
)
from tui.live.engine import SessionEngine


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
    # No further back than the settling, which began when they left (2.5 s ago), not when
    # the break was heard: what was taken back is not counted twice, nor more.
    engine.hold_started(clock(), since=clock() - 60)
    assert engine.view(clock()).seconds_left == pytest.approx(3.5)


def test_a_hold_resumed_before_its_break_was_heard_counts_from_the_resumption(
    builtin: Catalog, clock: Clock
) -> None:
    """A break is heard a grace period after the person left; they may have settled back in
    before it was (a detector dates the resumption from then): the hold counts from that
    moment, not from when the break was heard, as a recording's analysis times it."""
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    left = clock(5)
    engine.hold_started(clock(), since=left - 5)  # held 5 s
    engine.hold_broken(clock(1.5), since=left)  # left 1.5 s ago
    engine.hold_started(clock(0.3), since=left + 0.8)  # back and settled 1 s ago
    assert engine.view(clock()).seconds_left == pytest.approx(10 - 5 - 1)


def test_a_hold_left_before_its_start_was_heard_counts_only_until_then(
    builtin: Catalog, clock: Clock
) -> None:
    """A detector is sure of a start a second after it and may date a break before that: the
    time held is from the start it names to the break it names (a dated start runs from
    then, so a break may reach back to it)."""
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.tick(clock(5))
    settled = clock() - 1.5
    engine.hold_started(clock(), since=settled)
    engine.hold_broken(clock(1.7), since=settled + 1.0)  # left 0.5 s before the start was heard
    assert engine.view(clock()).seconds_left == pytest.approx(10 - 1.0)


def test_a_break_takes_back_no_more_than_the_resumption_before_it_added(
    builtin: Catalog, clock: Clock
) -> None:
    """Review: a resumption heard in a pause added at most what was left of a shortened hold,
    but its dated start let a break after it take back all the way to that start, and the
    time held fell below what was held before the break (8 s held, then 7.5)."""
    engine = hold_engine(builtin, clock)
    engine.set_gated(True, clock())
    engine.hold_started(clock(), since=clock())
    engine.tick(clock(8))
    engine.hold_broken(clock(), since=clock())  # 8 s held
    engine.adjust(-3, clock())
    engine.adjust(-1, clock())  # the hold shortened to 6 s, below what was held
    engine.tick(clock(3))
    paused = clock()
    engine.toggle(paused)
    engine.hold_started(clock(1), since=paused - 1.0)  # settled a second before the pause
    engine.hold_broken(clock(1), since=paused - 0.5)
    engine.adjust(4, clock())  # back to 10 s, to read what is held on the clock
    assert engine.view(clock()).seconds_left == pytest.approx(10 - 8.0)


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
    # A key press for a rep the sensor never sees matches no later rep of the sensor's (a
    # rep's time after the last: one sooner is the person's word for that one).
    engine.count_rep(clock(3))
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
    done = clock(3)  # a rep's time on (one done sooner is the sensor's: confirming it)
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


def test_a_rep_the_sensor_takes_back_in_the_set_under_way_leaves_its_count(
    builtin: Catalog, clock: Clock
) -> None:
    """The sensor called a shift out as rep 1 and takes it back once the first rep from the
    position counts (``sensors.motion.RepWithdrawn`` in the set): the count loses it at once,
    so the set does not end a rep early, and the set keeps why (``RepsTakenBack``, as when
    reps are taken back as it closes). A rep taken back already is not lost again."""
    engine = working_engine(builtin, clock)
    shift = clock(2)
    engine.rep_counted(shift, done_s=shift)
    assert engine.view(clock()).reps_done == 1
    changes = engine.rep_withdrawn(clock(5), shift)
    assert [(c.reps_done, c.by) for c in changes if isinstance(c, RepCountChanged)] == [
        (0, "sensor")
    ]
    assert [(c.t_s, c.index, c.how_many) for c in changes if isinstance(c, RepsTakenBack)] == [
        (clock.now, engine.index, 1)
    ]
    assert engine.view(clock()).reps_done == 0
    assert engine.rep_withdrawn(clock(1), shift) == []  # gone already
    assert engine.view(clock()).reps_done == 0


def test_a_rep_the_sensor_takes_back_in_the_set_that_the_person_counted_by_key_stays(
    builtin: Catalog, clock: Clock
) -> None:
    """The person pressed r for the shift and the sensor's rep matched the press (it added
    nothing): when the sensor takes the shift back, the person's own count stands."""
    engine = working_engine(builtin, clock)
    shift = clock(2)
    engine.count_rep(clock(0.3))  # r, for the shift
    engine.rep_counted(clock(0.3), done_s=shift)  # the sensor's, matched to the press
    assert engine.view(clock()).reps_done == 1
    assert engine.rep_withdrawn(clock(5), shift) == []
    assert engine.view(clock()).reps_done == 1


def test_a_rep_the_sensor_takes_back_in_the_set_after_x_took_it_off_is_not_lost_twice(
    builtin: Catalog, clock: Clock
) -> None:
    """The sensor counted the shift and the person pressed x for it: when the sensor takes
    the shift back in the set, the count does not lose a second rep."""
    engine = working_engine(builtin, clock)
    shift = clock(2)
    engine.rep_counted(clock(0.6), done_s=shift)
    engine.uncount_rep(clock(1))  # x: that was no rep
    assert engine.view(clock()).reps_done == 0
    assert engine.rep_withdrawn(clock(5), shift) == []
    assert engine.view(clock()).reps_done == 0


def test_a_rep_the_sensor_takes_back_in_a_pause_leaves_the_count(
    builtin: Catalog, clock: Clock
) -> None:
    """A set paused is still under way: a rep the sensor takes back then leaves its count."""
    engine = working_engine(builtin, clock)
    shift = clock(2)
    engine.rep_counted(clock(0.6), done_s=shift)
    engine.toggle(clock(1))  # pause
    assert engine.phase == "paused"
    changes = engine.rep_withdrawn(clock(5), shift)
    assert [c.how_many for c in changes if isinstance(c, RepsTakenBack)] == [1]
    assert engine.view(clock()).reps_done == 0
