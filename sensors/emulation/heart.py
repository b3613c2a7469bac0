"""A plausible heart for emulated straps: beat-by-beat RR intervals and the rate they give.

The rate drifts slowly between 60 and 120 bpm (a baseline that follows a target picked
every half minute or so), breathing modulates it (respiratory sinus arrhythmia: faster on
the in-breath), and each beat carries a little jitter. RR intervals are the beats
themselves, so the reported rate and the RR intervals always agree. Pure and
deterministic for a given seed.
"""

from __future__ import annotations

import math
import random

__all__ = ["HeartModel"]

LOW_BPM = 60.0
HIGH_BPM = 120.0


class HeartModel:
    """Beats from t = 0 on; ask for the beats up to a time with ``beats_until``."""

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
        self._last_beat_s = 0.0
        self._recent_rr_ms: list[float] = [60_000.0 / start_bpm]
        self._held_target: float | None = None
        self._pending_jitter_ms: float | None = None

    def hold_target(self, bpm: float | None) -> None:
        """Steer the rate towards ``bpm`` (exertion, rest); None lets it wander again."""
        self._held_target = None if bpm is None else min(max(bpm, LOW_BPM), HIGH_BPM)

    def beats_until(self, t_s: float) -> list[float]:
        """RR intervals (ms) of the beats that happen after the previous call, up to ``t_s``."""
        intervals: list[float] = []
        while True:
            rr_ms = self._next_interval_ms(self._last_beat_s)
            if self._last_beat_s + rr_ms / 1000.0 > t_s:
                return intervals
            self._last_beat_s += rr_ms / 1000.0
            self._commit(rr_ms)
            intervals.append(rr_ms)

    def heart_rate_bpm(self) -> int:
        """The rate a strap reports: from the mean of the last few RR intervals."""
        mean_rr = sum(self._recent_rr_ms) / len(self._recent_rr_ms)
        return round(60_000.0 / mean_rr)

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
        self._recent_rr_ms = [*self._recent_rr_ms[-3:], rr_ms]
