"""The session engine on a fake clock, step by step: nothing before space, the get-ready, a set
of reps and its sides, holds and the breath between them, pause, tempo, the dose a step asks,
progress, and a view that never moves the clock."""

from __future__ import annotations

import pytest
from engine_sessions import Clock, engine_for, hold_engine, kinds, run_until_work, step_signature

from catalog import Catalog
from catalog.models import Dose
from catalog.plan import GET_READY_S, HOLD_RESET_S, SIDE_SWITCH_S, expand
from tui.live.changes import (
    Change,
    HoldCompleted,
    RepCountChanged,
    SessionStarted,
    StepFinished,
    StepResult,
    StepStarted,
    TimerChanged,
)
from tui.live.engine import SessionEngine


def phase_of(engine: SessionEngine) -> str:
    return engine.phase


def kind_of(engine: SessionEngine) -> str:
    """The step's kind now (a function: each look is a new one)."""
    return engine.step.kind


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


def test_a_view_never_moves_the_clock(builtin: Catalog, clock: Clock) -> None:
    engine = hold_engine(builtin, clock)
    engine.view(clock(60))  # long past the hold's end: nothing may happen unseen
    assert engine.view(clock()).hold_state == "holding"
    assert engine.in_progress(clock()) is not None
    changes = engine.tick(clock())
    assert [c.hold_number for c in changes if isinstance(c, HoldCompleted)] == [1, 2, 3]


def test_plus_before_the_start_is_kept(builtin: Catalog, clock: Clock) -> None:
    engine = engine_for(builtin)
    engine.adjust(+5, clock())
    engine.toggle(clock())
    engine.tick(clock())
    assert engine.view(clock()).seconds_left == GET_READY_S + 5


def test_the_step_after_a_set_shows_what_the_set_did(builtin: Catalog, clock: Clock) -> None:
    """QA on the mat: the set's last rep is counted as the set ends, in the same moment, so
    the count on screen went from 4 of 5 to the switch of sides; "5 of 5" was never seen.
    The step after a set has the set as it ended (``last_set``), for the screen to show."""
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    first = engine.index
    assert engine.view(clock()).last_set is None, "the get-ready followed no set"
    target = (engine.step.dose.reps if engine.step.dose else None) or 0
    for _ in range(target):
        engine.count_rep(clock(3))
    view = engine.view(clock())
    assert view.step.kind == "switch"
    assert view.last_set is not None
    assert (view.last_set.index, view.last_set.reps_done) == (first, target)
    assert not view.last_set.skipped
    engine.tick(clock(2))
    assert engine.view(clock()).last_set == view.last_set, "while the step after it runs"
    engine.next(clock())  # the switch left by n: the set begun followed no set
    assert engine.view(clock()).last_set is None


def test_a_set_left_shows_what_it_did_and_one_left_untouched_shows_nothing(
    builtin: Catalog, clock: Clock
) -> None:
    engine = engine_for(builtin)
    engine.toggle(clock())
    run_until_work(engine, clock)
    engine.count_rep(clock(3))
    engine.count_rep(clock(3))
    engine.next(clock(1))
    left = engine.view(clock()).last_set
    assert left is not None
    assert (left.reps_done, left.skipped) == (2, True)
    engine.next(clock())  # to the right side's set, then left at once
    engine.next(clock(0.5))
    assert engine.view(clock()).last_set is None, "nothing of it was done"


def test_a_set_after_no_rest_shows_the_set_before_it_and_a_get_ready_after_a_rest_does_not(
    builtin: Catalog, clock: Clock
) -> None:
    """The next set straight after (a rest of 0 s between) has the set before it; the step
    after a rest (the next exercise's get-ready) has none: the rest showed it."""
    from live_shell import routine

    from catalog.plan import expand

    chosen = routine(("glute-bridge", Dose(sets=2, reps=2)), ("bird-dog", Dose(sets=1, reps=2)))
    engine = SessionEngine(expand(chosen, builtin.exercises, rest_s=0), builtin.exercises)
    engine.toggle(clock())
    run_until_work(engine, clock)
    engine.count_rep(clock(3))
    engine.count_rep(clock(3))
    engine.tick(clock(0.1))  # through the rest of 0 s
    view = engine.view(clock())
    assert (view.step.kind, view.step.set_number) == ("work", 2)
    assert view.last_set is not None
    assert view.last_set.set_number == 1
    engine = engine_for(builtin)  # rests of 30 s
    engine.toggle(clock())
    while kind_of(engine) != "rest":
        engine.count_rep(clock(3))
        engine.tick(clock(0.1))
    assert engine.view(clock()).last_set is not None, "the rest after the set"
    while kind_of(engine) == "rest":
        engine.tick(clock(1))
    after_rest = engine.view(clock())
    assert after_rest.step.kind == "ready"
    assert after_rest.last_set is None


def test_a_session_taken_up_again_shows_no_set_done_before_or_as_it_starts(
    builtin: Catalog, clock: Clock
) -> None:
    """Review: the sets kept from before an interruption end at 0 s, as the step it waits on
    begins before space: the set before showed as done while it waited, then went as it
    started. Only a set this sitting finished shows, on the step straight after it."""
    steps = expand(builtin.routines["core-basics"], builtin.exercises, rest_s=30)
    before = next(i for i, step in enumerate(steps) if step.kind == "work")
    step = steps[before]
    assert step.dose is not None
    kept = StepResult(
        index=before,
        exercise_id=step.exercise_id,
        set_number=step.set_number,
        side=step.side,
        planned=step.dose,
        reps_done=step.dose.reps or 1,
        holds_s=(),
        active_s=20.0,
        skipped=False,
        started_s=0.0,
        ended_s=0.0,
    )
    engine = SessionEngine(steps, builtin.exercises, start_index=before + 1, done=(kept,))
    assert engine.view(clock()).phase == "waiting"
    assert engine.view(clock()).last_set is None
    engine.toggle(clock())
    assert engine.view(clock()).last_set is None


def test_a_timed_set_left_shows_how_long_it_ran(builtin: Catalog, clock: Clock) -> None:
    """Review: a timed set left with n has no reps or holds, so its time ran unseen: the
    step after it showed nothing. Its time is what it did ("Left: 4 min")."""
    from live_shell import routine

    from tui.live.view import set_done_of
    from tui.widgets.session_views import done_text

    chosen = routine(("walking", Dose(sets=1, duration_s=600)), ("bird-dog", Dose(sets=1, reps=2)))
    engine = SessionEngine(expand(chosen, builtin.exercises, rest_s=0), builtin.exercises)
    engine.toggle(clock())
    run_until_work(engine, clock)
    for _ in range(240):
        engine.tick(clock(1))
    engine.next(clock())
    last = engine.view(clock()).last_set
    assert last is not None, "the step after a timed set left"
    done = set_done_of(last, builtin.exercises["walking"])
    assert (done.words, done.whole) == ("Left: 4 min", False)
    assert str(done_text(done)).startswith("– LEFT: 4 min"), "the verb alone in capitals"
