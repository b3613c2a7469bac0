"""The session engine when a set is left: n skips it, b goes back, a redo keeps what was done
before, s skips the rest of an exercise (after pain too), q ends the session; what a hold
under way counts for when it is cut short, and how the session ends."""

from __future__ import annotations

import pytest
from engine_sessions import (
    Clock,
    engine_for,
    hold_engine,
    run_until_work,
    step_signature,
    working_engine,
)

from catalog import Catalog
from catalog.models import Dose, Routine, RoutineItem
from catalog.plan import HOLD_RESET_S, SIDE_SWITCH_S, expand
from tui.live.changes import (
    Change,
    PainReported,
    Paused,
    RedoLeft,
    Resumed,
    SessionFinished,
    StepFinished,
    StepStarted,
    WentBack,
)
from tui.live.engine import BACK_LEAD_IN_S, SessionEngine


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
