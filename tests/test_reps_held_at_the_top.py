"""A real first rep smaller than a move into position, and a
later rep held at its top 45 degrees or more from where the person stood. Synthetic signals
whose truth is known by construction, as in ``test_reps_after_a_move_into_position``."""

from __future__ import annotations

import pytest
from test_motion_detectors import Signal, of

from sensors.motion import (
    MotionAnalyzer,
    MotionEvent,
    Placement,
    RepCounted,
    RepWithdrawn,
    SetEnded,
    analyze_samples,
)


def _held_reps(sizes: tuple[float, ...]) -> Signal:
    signal = Signal().hold(2.0)
    for size in sizes:
        signal.reps(1, size, 1.0, 2.0, 1.0, 1.0)  # 2 s at the top (catalog: hold_s = 2)
    return signal.hold(3.0)


@pytest.mark.parametrize(
    "sizes",
    [(40.0, 48.0, 44.0, 47.0, 42.0), (40.0, 50.0, 50.0, 50.0, 50.0)],
    ids=["reps near 45", "a shallow rep 1"],
)
@pytest.mark.parametrize("placement", ["chest", "wrist"])
def test_a_first_rep_before_a_rep_held_at_its_top_is_counted_in_a_recording_as_live(
    sizes: tuple[float, ...], placement: Placement
) -> None:
    """Five reps, each held 2 s at its top; rep 1 under 45 degrees, rep 2's top 45 or more
    from where the person stood. Live all five count; a recording must agree. Live, rep 1 is
    called out before rep 2 settles as a move into position would, and dropped as a shift
    then, but rep 2 comes back to where the person stood: rep 1 stands, never taken back."""
    t, acc = _held_reps(sizes).samples()
    analyzer, events, started = MotionAnalyzer(placement), list[MotionEvent](), False
    for i in range(0, len(t), 36):  # live: H10-sized batches, the go at 0.5 s
        if not started and t[i] >= 0.5:
            started = True
            events += analyzer.start_set(float(t[i - 1]))
        events += analyzer.feed(t[i : i + 36], acc[i : i + 36])
    events += analyzer.end_set(float(t[-1]))
    (done,) = of(SetEnded, events)
    assert done.reps == 5
    assert len(of(RepCounted, events)) == 5
    assert not of(RepWithdrawn, events)
    assert len(analyze_samples(t, acc, placement=placement).reps) == 5


@pytest.mark.parametrize("rest_s", [2.0, 5.0])
def test_a_rep_a_rest_and_a_move_into_position_mid_set_count_in_a_recording_as_live(
    rest_s: float,
) -> None:
    """One 30 degree rep, a rest, a move 50 degrees the other way mid-set, settled, and four
    more reps back towards where the person first stood: live five count (rep 1 called out
    before the move settles), and a recording must agree. In a recording rep 1 is dropped as a
    shift as the move settles, and put back when the next rep comes back 30 of the move's 50
    degrees (read as rep 2 held at its top; its size is then taken from before the move)."""
    signal = Signal().hold(2.0).reps(1, 30.0, 1.0, 0.5, 1.0, 1.0).hold(rest_s)
    signal.move(2.0, -50.0).hold(2.5).reps(4, 30.0, 1.0, 0.5, 1.0, 1.0).hold(3.0)
    t, acc = signal.samples()
    analyzer, events, started = MotionAnalyzer("chest"), list[MotionEvent](), False
    for i in range(0, len(t), 36):
        if not started and t[i] >= 0.5:
            started = True
            events += analyzer.start_set(float(t[i - 1]))
        events += analyzer.feed(t[i : i + 36], acc[i : i + 36])
    (done,) = of(SetEnded, events + analyzer.end_set(float(t[-1])))
    assert done.reps == 5
    assert len(analyze_samples(t, acc, placement="chest").reps) == 5
