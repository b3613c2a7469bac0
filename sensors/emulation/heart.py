"""A plausible heart for emulated straps: beat-by-beat RR intervals and the rate they give.

The rate drifts slowly between 60 and 120 bpm (a baseline that follows a target picked
every half minute or so), breathing modulates it (respiratory sinus arrhythmia: faster on
the in-breath), and each beat carries a little jitter. RR intervals are the beats
themselves, so the reported rate and the RR intervals always agree. Pure and
deterministic for a given seed.

A person has one heart, however many straps they wear: each strap senses it through its own
``Electrodes``, which time every beat to their own sampling (a millisecond or so either way)
and report the rate from their own last few beats at their own moments. Two straps on one
chest therefore differ by a bpm or two now and then, as real ones do, and never drift apart.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import deque

__all__ = ["Electrodes", "HeartModel"]

LOW_BPM = 60.0
HIGH_BPM = 120.0
RATE_BEATS = 4
"""A strap reports the rate from the mean of this many last RR intervals."""
KEPT_BEATS = 600
"""The beats a heart keeps for its straps to read (several minutes: a strap off the air for
longer skips what it missed anyway)."""


class HeartModel:
    """Beats from t = 0 on; ask for the beats up to a time with ``beats_until``.

    One reader may use ``beats_until`` and ``heart_rate_bpm`` on the model itself; several
    straps on the same heart each read it through ``Electrodes``."""

    def __init__(
        self,
        seed: int = 0,
        *,
        start_bpm: float = 68.0,
        breathing_hz: float = 0.25,
        rsa_bpm: float = 4.0,
        jitter_ms: float = 6.0,
        target_every_s: float = 30.0,
        settle_s: float = 20.0,
    ) -> None:
        self._random = random.Random(seed)
        self._baseline_bpm = start_bpm
        self._target_bpm = start_bpm
        self._next_target_s = target_every_s
        self._breathing_hz = breathing_hz
        self._rsa_bpm = rsa_bpm
        self._jitter_ms = jitter_ms
        self._target_every_s = target_every_s
        self._settle_s = settle_s
        self.start_bpm = start_bpm
        self._last_beat_s = 0.0
        self._held_target: float | None = None
        self._pending_jitter_ms: float | None = None
        self._beat_s: deque[float] = deque(maxlen=KEPT_BEATS)
        """When each kept beat happened (this heart's seconds)."""
        self._beat_rr_ms: deque[float] = deque(maxlen=KEPT_BEATS)
        """The interval that ended with each kept beat."""
        self._origin_host_s: float | None = None
        self._own = Electrodes(self, timing_ms=0.0)

    def hold_target(self, bpm: float | None) -> None:
        """Steer the rate towards ``bpm`` (exertion, rest); None lets it wander again."""
        self._held_target = None if bpm is None else min(max(bpm, LOW_BPM), HIGH_BPM)

    def heart_s(self, host_s: float) -> float:
        """This heart's time at the host's time ``host_s``: it began beating when first asked
        (the first strap on it switched on), and beats on while a strap is off."""
        if self._origin_host_s is None:
            self._origin_host_s = host_s
        return host_s - self._origin_host_s

    def beats_until(self, t_s: float) -> list[float]:
        """RR intervals (ms) of the beats that happen after the previous call, up to ``t_s``."""
        return self._own.beats_until(t_s)

    def heart_rate_bpm(self) -> int:
        """The rate a strap reports: from the mean of the last few RR intervals."""
        return self._own.heart_rate_bpm()

    def beats_between(self, after_s: float, until_s: float) -> list[tuple[float, float]]:
        """(time, RR ms) of the beats after ``after_s`` up to ``until_s``, of those kept."""
        self._beat_until(until_s)
        times = self._beat_s
        start = bisect.bisect_right(times, after_s)
        end = bisect.bisect_right(times, until_s)
        return [(times[i], self._beat_rr_ms[i]) for i in range(start, end)]

    def _beat_until(self, t_s: float) -> None:
        while True:
            rr_ms = self._next_interval_ms(self._last_beat_s)
            if self._last_beat_s + rr_ms / 1000.0 > t_s:
                return
            self._last_beat_s += rr_ms / 1000.0
            self._commit(rr_ms)
            self._beat_s.append(self._last_beat_s)
            self._beat_rr_ms.append(rr_ms)

    def _next_interval_ms(self, at_s: float) -> float:
        # The next beat may be asked for several times before it happens: its jitter is
        # drawn once and kept until the beat is committed.
        if self._pending_jitter_ms is None:
            self._pending_jitter_ms = self._random.gauss(0.0, self._jitter_ms)
        breathing = math.sin(2.0 * math.pi * self._breathing_hz * at_s)
        bpm = min(max(self._baseline_bpm + self._rsa_bpm * breathing, LOW_BPM), HIGH_BPM)
        return 60_000.0 / bpm + self._pending_jitter_ms

    def _commit(self, rr_ms: float) -> None:
        self._pending_jitter_ms = None
        t_s = self._last_beat_s
        if self._held_target is not None:
            self._target_bpm = self._held_target
        elif t_s >= self._next_target_s:
            self._target_bpm = self._random.uniform(LOW_BPM + 2.0, HIGH_BPM - 10.0)
            self._next_target_s = t_s + self._random.uniform(0.5, 1.5) * self._target_every_s
        step = (rr_ms / 1000.0) / self._settle_s
        self._baseline_bpm += (self._target_bpm - self._baseline_bpm) * min(step, 1.0)


class Electrodes:
    """One strap's electrodes on a heart: the beats it has not reported yet, as it times them,
    and the rate it reports from its own last ``RATE_BEATS``.

    ``timing_ms``: how far either way the strap times an R peak (its own sampling; Polar sends
    RR in 1/1024 s): an interval gains one beat's error and loses the last one's, so the
    beats still add up to the time that passed."""

    def __init__(self, heart: HeartModel, seed: int = 0, *, timing_ms: float = 1.0) -> None:
        self.heart = heart
        self._random = random.Random(seed)
        self._timing_ms = timing_ms
        self._last_s = 0.0
        self._last_error_ms = 0.0
        self._recent_rr_ms: deque[float] = deque([60_000.0 / heart.start_bpm], maxlen=RATE_BEATS)

    def beats_until(self, t_s: float) -> list[float]:
        """RR intervals (ms) of the beats after the previous call, up to ``t_s``."""
        intervals: list[float] = []
        for beat_s, rr_ms in self.heart.beats_between(self._last_s, t_s):
            self._last_s = beat_s
            error_ms = self._random.gauss(0.0, self._timing_ms) if self._timing_ms else 0.0
            sensed_ms = rr_ms + error_ms - self._last_error_ms
            self._last_error_ms = error_ms
            self._recent_rr_ms.append(sensed_ms)
            intervals.append(sensed_ms)
        return intervals

    def heart_rate_bpm(self) -> int:
        """The rate the strap reports: from the mean of its last few RR intervals."""
        mean_rr = sum(self._recent_rr_ms) / len(self._recent_rr_ms)
        return round(60_000.0 / mean_rr)
