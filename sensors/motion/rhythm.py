"""A set's own period from its acceleration, to tell when each rep came back twice.

An overhead press seen from the wrist turns it twice a rep (up past the face, then locked
out): the rep counter's candidates come at half the set's period. The acceleration itself
repeats once a rep, so it shows the set's period, twice the candidates' spacing, and does not
repeat at their spacing (``SetRhythm.period``).

The acceleration of the last ``TRACE_S`` is kept in a ring; the period is worked out on demand
(once a candidate), by autocorrelation of the acceleration along its main axis.

A set's beat also tells a shallow rep from a fidget: a movement too small to fit the set that
comes where a rep was missing, about one beat after the rep before and one before the rep
after, was that rep (``fills_beat``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from sensors.motion.events import Vec3

TRACE_S = 180.0
"""The acceleration of this long is kept to find a set's own period."""
STOPS_KEPT = 64
"""The latest this many pauses are kept (``SetRhythm.stopped``)."""
PAIR_MIN = 4
"""A set of fewer candidates than this is not checked for halves."""
PERIOD_AC = 0.4
"""The acceleration repeats at twice the candidates' spacing at least this well
(autocorrelation)..."""
GAP_AC = 0.2
"""...and at their spacing less well than this: each rep made two candidates."""
MISSED_FROM, MISSED_TO = 1.5, 2.5
"""Reps this many beats apart (two, give or take half a beat) missed one between them..."""
HALF_BEAT = 0.75
"""...which came at least this share of a beat after the one and before the other."""


class SetRhythm:
    def __init__(self, frame_hz: float) -> None:
        self.frame_hz = frame_hz
        size = int(TRACE_S * frame_hz)
        self._t = np.zeros(size)
        self._acc = np.zeros((size, 3))
        self._added = 0
        """The acceleration lately: a ring of frames, ``_added`` of them so far."""
        self._stops: deque[float] = deque(maxlen=STOPS_KEPT)
        """When the session paused lately: see ``stopped``."""

    def stopped(self, t_s: float) -> None:
        """The session paused at ``t_s``: a set's movement across it repeats at no rep's
        period (the person rested, then began again at another phase), so a set that spans it
        is not checked for reps that came back twice."""
        self._stops.append(t_s)

    def add(self, t_s: float, acc: Vec3) -> None:
        at = self._added % len(self._t)
        self._t[at] = t_s
        self._acc[at] = acc
        self._added += 1

    def period(self, times: Sequence[float], start_s: float) -> float:
        """The set's period when each of its reps came back twice (0 when they did not):
        ``times`` are when the candidates came back, the first of them having left at
        ``start_s``."""
        if len(times) < PAIR_MIN:
            return 0.0
        if any(start_s <= s <= times[-1] for s in self._stops):
            return 0.0
        spacing = _median(sorted(b - a for a, b in pairwise(times)))
        end = times[-1]
        size = len(self._t)
        order = (self._added + np.arange(-min(self._added, size), 0)) % size
        times_s = self._t[order]
        trace = self._acc[order[(times_s >= start_s) & (times_s <= end)]]
        n, hz = len(trace), self.frame_hz
        lo, hi = int(1.5 * spacing * hz), min(int(2.5 * spacing * hz) + 1, n - 2)
        if hi <= lo:
            return 0.0
        moved = trace - trace.mean(axis=0)
        main = moved @ np.linalg.svd(moved, full_matrices=False)[2][0]
        spectrum = np.fft.rfft(main, 2 * n)
        ac = np.fft.irfft(spectrum * spectrum.conj())[:n]
        if ac[0] <= 0.0:
            return 0.0
        ac = ac / ac[0] * n / (n - np.arange(n))  # each lag's own mean, not faded by it
        period = lo + int(np.argmax(ac[lo:hi]))
        at_spacing = float(ac[int(0.75 * spacing * hz) : int(1.25 * spacing * hz) + 1].max())
        if ac[period] >= PERIOD_AC and at_spacing < GAP_AC:
            return period / hz
        return 0.0


def fills_beat(before_s: float, at_s: float, after_s: float, beat_s: float) -> bool:
    """A movement at ``at_s`` between reps at ``before_s`` and ``after_s`` is where a rep of a
    set that beats every ``beat_s`` was missing: the reps are two beats apart (nearer two than
    one or three) and it splits the gap into two parts each nearer a beat than half a beat."""
    gap = after_s - before_s
    return (
        MISSED_FROM * beat_s <= gap <= MISSED_TO * beat_s
        and min(at_s - before_s, after_s - at_s) >= HALF_BEAT * beat_s
    )


def _median(ordered: list[float]) -> float:
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else 0.5 * (ordered[middle - 1] + ordered[middle])
