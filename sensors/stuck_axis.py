"""An accelerometer axis that no longer measures: it reads the same value, to the mG, on and on.

A real axis is never that steady: its noise alone moves it a few mG from sample to sample (a
Polar Verity Sense lying still repeats a value 6 samples running at most, at 52 Hz). A Polar
H10 has been seen with its z axis stuck at -2000 mG, the end of its ±2 g range, while x and
y went on measuring (polar-ble-sdk issue 634); its holds and reps would be judged on a
gravity direction that is not there.
"""

from __future__ import annotations

from collections.abc import Sequence

STUCK_S = 3.0
"""An axis unchanged this long is stuck."""
STUCK_SAMPLES = 40
"""... over this many samples at least (a slow stream's few samples prove nothing)."""
PINNED_S = 0.5
"""An axis unchanged at the end of a range (±2000, ±4000, ±8000 mG: the fault reported) is
stuck sooner: a trunk exercising never presses an axis to its range's end for half a
second, and the sooner it is found, the less of it is judged as the person's movement."""
PINNED_SAMPLES = 10
RANGE_ENDS_MG = frozenset({-16000, -8000, -4000, -2000, 2000, 4000, 8000, 16000})
MOVING_AGAIN_S = 1.0
"""A stuck axis is back once it has varied for this long: no run of its stuck value longer
than a real axis makes (a value or two off it, now and then, is not a sensor that measures
again; a measuring axis near that value reads it now and then, by chance)."""
REAL_RUN_SAMPLES = 10
"""A real axis repeats a value this many samples running at most (the Verity Sense lying
still: 6)."""
AXES = ("x", "y", "z")


class StuckAxisWatch:
    """Fed every sample of one device's accelerometer; says when an axis is stuck."""

    def __init__(self) -> None:
        self._value: list[int | None] = [None, None, None]
        self._since_s = [0.0, 0.0, 0.0]
        self._count = [0, 0, 0]
        self._stuck: tuple[int, int, str] | None = None
        """The axis found stuck, its value and what is said of it, until it moves again."""
        self._stuck_seen_s = 0.0
        """When that axis last read its stuck value longer than a real axis does."""

    def update(self, t_s: Sequence[float], acc_mg: Sequence[Sequence[int]]) -> str | None:
        """A batch of samples; what is stuck ("its z axis is stuck at -2000 mG, a sensor
        fault"), or None while every axis moves."""
        for t, sample in zip(t_s, acc_mg, strict=True):
            for axis in range(3):
                if sample[axis] == self._value[axis]:
                    self._count[axis] += 1
                else:
                    self._value[axis] = sample[axis]
                    self._since_s[axis] = t
                    self._count[axis] = 1
        if not t_s:
            return self._stuck[2] if self._stuck is not None else None
        if self._stuck is not None:
            axis, value, said = self._stuck
            # The run of the stuck value under way (counted above) lasting past what a real
            # axis makes: still stuck.
            if self._value[axis] == value and self._count[axis] > REAL_RUN_SAMPLES:
                self._stuck_seen_s = t_s[-1]
            if t_s[-1] - self._stuck_seen_s < MOVING_AGAIN_S:
                return said
            self._stuck = None
        for axis in range(3):
            held_s = t_s[-1] - self._since_s[axis]
            reading = self._value[axis]
            pinned = reading in RANGE_ENDS_MG
            long_s, samples = (PINNED_S, PINNED_SAMPLES) if pinned else (STUCK_S, STUCK_SAMPLES)
            if held_s >= long_s and self._count[axis] >= samples and reading is not None:
                said = f"its {AXES[axis]} axis is stuck at {reading} mG, a sensor fault"
                self._stuck = (axis, reading, said)
                self._stuck_seen_s = t_s[-1]
                return said
        return None


def at_range_end(sample: Sequence[int]) -> bool:
    """An axis of the sample reads the end of a range: clipped, or the reported fault. The
    detectors do without it (a moment of clipping loses nothing a rep needs; a stuck axis
    would be judged as the person moving until it is found)."""
    return any(value in RANGE_ENDS_MG for value in sample)
