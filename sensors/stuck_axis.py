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
AXES = ("x", "y", "z")


class StuckAxisWatch:
    """Fed every sample of one device's accelerometer; says when an axis is stuck."""

    def __init__(self) -> None:
        self._value: list[int | None] = [None, None, None]
        self._since_s = [0.0, 0.0, 0.0]
        self._count = [0, 0, 0]

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
            return None
        for axis in range(3):
            held_s = t_s[-1] - self._since_s[axis]
            if held_s >= STUCK_S and self._count[axis] >= STUCK_SAMPLES:
                return f"its {AXES[axis]} axis is stuck at {self._value[axis]} mG, a sensor fault"
        return None
