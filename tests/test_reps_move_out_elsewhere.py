"""Reps in a recording whose last movement is the move out of position: it leaves rest as a
rep does and comes back, but turns somewhere no rep went (issue 15)."""

from __future__ import annotations

import pytest
from test_motion_detectors import Signal
from test_motion_reps import every

from sensors.motion import analyze_samples

STEPS = pytest.mark.parametrize("step", [1, 4, 10], ids=["100 Hz", "25 Hz", "10 Hz"])


def _six_reps_then(pitch_deg: float, roll_deg: float) -> Signal:
    """Six 60 degree reps forward (pitch), then one more movement out to (pitch, roll) and
    back, and a rest."""
    signal = Signal().hold(3.0).reps(6, 60.0, 1.0, 0.3, 1.0, 1.5)
    return signal.move(1.0, pitch_deg, roll_deg).move(1.0, 0.0, 0.0).hold(3.0)


@STEPS
@pytest.mark.parametrize("out", [(45.0, 40.0), (40.0, 40.0), (50.0, 35.0)])
def test_a_last_movement_that_turns_where_no_rep_went_is_no_rep(
    out: tuple[float, float], step: int
) -> None:
    """Found on tuned exermote (a phone on the upper arm, squats): after the last squat the
    arm came back from somewhere 28-36 degrees off the line its squats moved on, as big as a
    squat: counted, one rep too many, in 5 sets. The reps here turn at one place (60 degrees
    forward); the last movement, as big as they are, turns half-way to the side."""
    t, acc = every(*_six_reps_then(*out).samples(), step)
    report = analyze_samples(t, acc, placement="wrist")
    assert len(report.reps) == 6
    assert all(rep.amplitude_deg == pytest.approx(60.0, abs=3.0) for rep in report.reps)


@STEPS
@pytest.mark.parametrize("last", [(75.0, 0.0), (60.0, 12.0)], ids=["deeper", "rocked to a side"])
def test_a_last_rep_that_goes_deeper_or_rocks_a_little_is_counted(
    last: tuple[float, float], step: int
) -> None:
    """A last rep deeper than the others turns further along their line, not off it, and a
    rep rocked a little to a side turns a little off it: both are reps."""
    t, acc = every(*_six_reps_then(*last).samples(), step)
    assert len(analyze_samples(t, acc, placement="wrist").reps) == 7
