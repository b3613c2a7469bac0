"""How closely HAPT's labels follow the movement itself: a yardstick for the holds timed
against them.

A still posture's labelled span is a person's reading of a video, and the transitions
between postures are labelled as spans of their own. The phone's tilt says when each
transition really moved: it is 10% of the way from one posture's orientation to the next
(the move began) and, for good, 90% of the way (it arrived). A timer that ran from one
transition's arrival to the next one's beginning, each moved by its median offset to the
labels, times a posture as the movement shows it; how often that is within 1 s of the
labelled span is how well any timer can agree with the labels, a detector or not."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sensors.motion.orientation import angle_deg

from .hapt import HAPT_STILL, HaptSpan, hapt_spans

LANDMARK_SMOOTH_S = 0.1
"""The tilt is smoothed over this long (a moving mean) before its landmarks are read."""
LANDMARK_MIN_DEG = 5.0
"""Transitions that tilt the phone less than this have no landmarks worth reading."""
SETTLED_S = (3.0, 8.0)
"""A posture's orientation: its mean over these seconds after its labelled start (before its
labelled end, for the one left: the last 3 s but half a second)."""


def _landmarks(left: HaptSpan, reached: HaptSpan) -> tuple[float, float] | None:
    """When the move from ``left`` to ``reached`` was 10% done, and when 90% for good."""
    t, acc = left.samples(left.end_s - SETTLED_S[0], reached.start_s + SETTLED_S[1])
    if len(t) < 2:
        return None
    size = max(1, round(LANDMARK_SMOOTH_S / float(np.median(np.diff(t)))))
    kernel = np.ones(size) / size
    smooth = np.column_stack([np.convolve(acc[:, i], kernel, mode="same") for i in range(3)])
    was = (t > left.end_s - SETTLED_S[0]) & (t < left.end_s - 0.5)
    now = (t > reached.start_s + SETTLED_S[0]) & (t < reached.start_s + SETTLED_S[1])
    if not was.any() or not now.any():
        return None
    a, b = tuple(acc[was].mean(axis=0)), tuple(acc[now].mean(axis=0))
    total = angle_deg(a, b)
    if total < LANDMARK_MIN_DEG:
        return None
    inside = (t > left.end_s - SETTLED_S[0]) & (t < reached.start_s + SETTLED_S[0])
    times = t[inside]
    done = np.array([angle_deg(a, tuple(v)) / total for v in smooth[inside]])
    arrived = done >= 0.9
    if len(done) == 0 or not arrived[-1] or not (done > 0.1).any():
        return None
    last_short = len(done) - int(np.argmax(~arrived[::-1]))
    if last_short >= len(times):
        return None
    return float(times[int(np.argmax(done > 0.1))]), float(times[last_short])


def hapt_labels(root: Path) -> None:
    """Prints, tuned and held out apart, how often the movement's own timer is within 1 s."""
    spans = hapt_spans(root)
    timed: dict[bool, list[tuple[float, float]]] = {}
    for i in range(len(spans) - 4):
        left, move_in, this, move_out, after = spans[i : i + 5]
        postures = (left.activity, this.activity, after.activity)
        moves = (move_in.activity, move_out.activity)
        if left.file != after.file or any(p not in HAPT_STILL for p in postures):
            continue
        if any(m in HAPT_STILL for m in moves):
            continue
        into, out = _landmarks(left, this), _landmarks(this, after)
        if into is None or out is None:
            continue
        timed.setdefault(this.tuned, []).append((into[1] - this.start_s, out[0] - this.end_s))
    print("hapt: the labels against the movement, a yardstick for the holds timed against them")
    print("  (a timer from the move in, 90% done, to the move out, 10% done, each moved by its")
    print("  median offset to the labels: how well a timer that follows the movement agrees)")
    for tuned in (True, False):
        rows = timed.get(tuned, [])
        if not rows:
            continue
        start_off = float(np.median([r[0] for r in rows]))
        end_off = float(np.median([r[1] for r in rows]))
        size = np.abs(np.array([(e - end_off) - (s - start_off) for s, e in rows]))
        print(
            f"    {'tuned' if tuned else 'held out':8s} {len(rows):3d} postures: within 1 s on"
            f" {100 * np.mean(size <= 1.0):.0f}%, 2 s on {100 * np.mean(size <= 2.0):.0f}%,"
            f" median |err| {np.median(size):.2f} s"
        )
