"""Reps in a recording where one of them turned the arm twice: a second swing, as big as a rep,
came back inside the beat its set kept (issue 15)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from test_motion_detectors import Signal
from test_motion_reps import every

from sensors.motion import analyze_samples

STEPS = pytest.mark.parametrize("step", [1, 4, 10], ids=["100 Hz", "25 Hz", "10 Hz"])
REP_DEG = 60.0


def _reps(signal: Signal, count: int, rest_s: float = 2.2) -> Signal:
    """``count`` reps forward, each 1.8 s out and back and a rest (a 4 s beat by default)."""
    return signal.reps(count, REP_DEG, 0.8, 0.2, 0.8, rest_s)


def _swing(signal: Signal, size_deg: float = 45.0) -> Signal:
    """A second swing forward straight after a rep, back 1.4 s after the rep, then 0.8 s still
    (the next rep comes back on the beat)."""
    return signal.hold(0.4).move(0.5, size_deg).move(0.5, 0.0).hold(0.8)


@STEPS
def test_a_second_swing_inside_a_beat_is_no_rep(step: int) -> None:
    """Found on tuned exermote (a phone on the upper arm, burpees): a burpee's arm sometimes
    swung twice, both as big as a rep, the second back 1.6-2.3 s after the first where the set
    beat every 4.2-4.6 s: counted twice, in 4 sets (one of them three times too many). Here rep
    3 swings again 1.4 s after it came back; rep 4 comes back 2.6 s after that, on the 4 s beat."""
    signal = _swing(_reps(_reps(Signal().hold(3.0), 2), 1, rest_s=0.0))
    signal = _reps(signal, 4).hold(3.0)
    t, acc = every(*signal.samples(), step)
    report = analyze_samples(t, acc, placement="wrist")
    times = [rep.t_s for rep in report.reps]
    assert len(times) == 7
    assert all(b - a == pytest.approx(4.0, abs=0.3) for a, b in pairwise(times))


@STEPS
def test_a_quick_last_rep_and_a_set_that_speeds_up_are_counted(step: int) -> None:
    """A last rep back 2.6 s after the one before (nothing after it fills that beat), and a set
    that goes from a 4 s beat to a 2.6 s one for its last four reps: every rep counts."""
    quick_last = _reps(_reps(_reps(Signal().hold(3.0), 5), 1, rest_s=0.8), 1).hold(1.0)
    sped_up = _reps(_reps(Signal().hold(3.0), 5), 4, rest_s=0.8).hold(3.0)
    for signal, reps in ((quick_last, 7), (sped_up, 9)):
        t, acc = every(*signal.samples(), step)
        assert len(analyze_samples(t, acc, placement="wrist").reps) == reps
