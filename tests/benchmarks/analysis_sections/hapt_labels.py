"""How closely HAPT's labels follow the movement itself: a yardstick for the holds timed
against them.

A still posture's labelled span is a person's reading of a video, and the transitions
between postures are labelled as spans of their own. The phone's tilt says when each
transition really moved: it is 10% of the way from one posture's orientation to the next
(the move began) and, for good, 90% of the way (it arrived). A timer that ran from one
transition's arrival to the next one's beginning, each moved by its median offset to the
labels, times a posture as the movement shows it; how often that is within 1 s of the
labelled span is how well any timer can agree with the labels, a detector or not.

Per posture, with when the move out began to shake (beyond the chest's stillness limit, for
good before the tilt was half done): that is where a hold's clock stops, a median 0.03-0.21 s
before it for every posture, tuned and held out. The transitions are not labelled alike: the
standing reached from sitting is left by standing to lie, labelled 0.7 s after the person
shook out of stillness (tuned and held out), where the other three moves out are labelled
0.3-0.5 s before it; no single offset fits standing, and the movement's own timer is within
1 s of its labels on 38% of tuned standing postures (54% held out), the others 59-70%
(50-79%)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sensors.motion.orientation import GravityTracker, angle_deg
from sensors.motion.stillness import STILLNESS_LIMITS

from .hapt import HAPT_STILL, HaptSpan, hapt_spans

LANDMARK_SMOOTH_S = 0.1
"""The tilt is smoothed over this long (a moving mean) before its landmarks are read."""
LANDMARK_MIN_DEG = 5.0
"""Transitions that tilt the phone less than this have no landmarks worth reading."""
SETTLED_S = (3.0, 8.0)
"""A posture's orientation: its mean over these seconds after its labelled start (before its
labelled end, for the one left: the last 3 s but half a second)."""


@dataclass(frozen=True)
class _Move:
    """When a transition's movement began and arrived, by the phone's tilt and shake."""

    began_s: float
    """The tilt 10% of the way to the next posture."""
    shaking_s: float
    """The last moment the shake was within the chest's stillness limit before the tilt was
    half done: when the move began as far as stillness can tell."""
    arrived_s: float
    """The tilt 90% of the way, for good."""


def _landmarks(left: HaptSpan, reached: HaptSpan) -> _Move | None:
    """When the move from ``left`` to ``reached`` was 10% done, and when 90% for good."""
    t, acc = left.samples(left.end_s - SETTLED_S[0], reached.start_s + SETTLED_S[1])
    if len(t) < 2:
        return None
    step_s = float(np.median(np.diff(t)))
    size = max(1, round(LANDMARK_SMOOTH_S / step_s))
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
    halfway_s = float(times[int(np.argmax(done >= 0.5))])
    return _Move(
        float(times[int(np.argmax(done > 0.1))]),
        _calm_until(t, acc, halfway_s, 1.0 / step_s),
        float(times[last_short]),
    )


def _calm_until(
    t: npt.NDArray[np.float64], acc: npt.NDArray[np.float64], before_s: float, frame_hz: float
) -> float:
    """The last moment before ``before_s`` that the shake was within the chest's limit."""
    limit_g = STILLNESS_LIMITS["chest"].shake_g
    tracker = GravityTracker(frame_hz)
    calm_s = float(t[0])
    for time, (x, y, z) in zip(t.tolist(), acc.tolist(), strict=True):
        if time >= before_s:
            break
        tracker.update(x, y, z)
        if tracker.shake_g < limit_g:
            calm_s = time
    return calm_s


@dataclass(frozen=True)
class _Posture:
    """A posture's movement against its labels."""

    kind: str
    """Which posture, reached from which ("sitting to standing")."""
    moved_in_s: float
    """When the move into it was 90% done, after its labelled start."""
    moved_out_s: float
    """When the move out of it was 10% done, after its labelled end."""
    shaken_out_s: float
    """When the move out of it began to shake (``_Move.shaking_s``), after its labelled end."""
    out_by: str
    """The transition it was left by ("stand-to-lie")."""


def hapt_labels(root: Path) -> None:
    """Prints, tuned and held out apart, how often the movement's own timer is within 1 s, and
    per posture, with when the movement in and out was against the labels."""
    spans = hapt_spans(root)
    timed: dict[bool, list[_Posture]] = {}
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
        timed.setdefault(this.tuned, []).append(
            _Posture(
                f"{left.activity} to {this.activity}",
                into.arrived_s - this.start_s,
                out.began_s - this.end_s,
                out.shaking_s - this.end_s,
                move_out.activity,
            )
        )
    print("hapt: the labels against the movement, a yardstick for the holds timed against them")
    print("  (a timer from the move in, 90% done, to the move out, 10% done, each moved by its")
    print("  median offset to the labels: how well a timer that follows the movement agrees)")
    offsets = {tuned: _offsets(rows) for tuned, rows in timed.items()}
    for tuned in (True, False):
        if tuned not in timed:
            continue
        size = _errors(timed[tuned], offsets[tuned])
        print(
            f"    {'tuned' if tuned else 'held out':8s} {len(size):3d} postures: within 1 s on"
            f" {100 * np.mean(size <= 1.0):.0f}%, 2 s on {100 * np.mean(size <= 2.0):.0f}%,"
            f" median |err| {np.median(size):.2f} s"
        )
    print("  (per posture, moved by the split's offsets; moved in, out: median seconds the move in")
    print("  was 90% done after the labelled start, the move out 10% done after the labelled end;")
    print("  shaken: the move out shook beyond the chest's stillness limit, where a hold stops)")
    print(
        "  posture                 people    postures  within 1 s  2 s   moved in    out  shaken"
        "  out by"
    )
    kinds = sorted({row.kind for rows in timed.values() for row in rows})
    for kind in kinds:
        for tuned in (False, True):
            these = [row for row in timed.get(tuned, []) if row.kind == kind]
            if not these:
                continue
            size = _errors(these, offsets[tuned])
            print(
                f"  {kind:23s} {'tuned' if tuned else 'held out':9s} {len(these):8d}"
                f"  {100 * np.mean(size <= 1.0):9.0f}%  {100 * np.mean(size <= 2.0):3.0f}%"
                f"  {np.median([row.moved_in_s for row in these]):+8.2f}"
                f"  {np.median([row.moved_out_s for row in these]):+5.2f}"
                f"  {np.median([row.shaken_out_s for row in these]):+6.2f}"
                f"  {', '.join(sorted({row.out_by for row in these}))}"
            )


def _offsets(rows: list[_Posture]) -> tuple[float, float]:
    """The median offsets of the move in and the move out to the labelled start and end."""
    return (
        float(np.median([row.moved_in_s for row in rows])),
        float(np.median([row.moved_out_s for row in rows])),
    )


def _errors(rows: list[_Posture], offsets: tuple[float, float]) -> npt.NDArray[np.float64]:
    """How far the movement's timer, moved by ``offsets``, is from each labelled span."""
    start_off, end_off = offsets
    sizes = [abs((row.moved_out_s - end_off) - (row.moved_in_s - start_off)) for row in rows]
    return np.array(sizes, dtype=np.float64)
