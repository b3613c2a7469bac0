"""A set's own period from its acceleration, to tell when each rep came back twice.

An overhead press seen from the wrist turns it twice a rep (up past the face, then locked
out): the rep counter's candidates come at half the set's period. The acceleration itself
repeats once a rep, so it shows the set's period, twice the candidates' spacing, and does not
repeat at their spacing (``SetRhythm.period``).

The acceleration of the last ``TRACE_S`` is kept in a ring; the period is worked out on demand
(once a candidate), by autocorrelation of the acceleration along its main axis.

That needs a steady tempo: heavy presses 2.9-4.4 s apart as the rests at the shoulders vary
(barbell participant B) repeat at no one lag, and a wrist turned 20-30° a turn puts the turns
themselves, through gravity, into the acceleration along its main axis. With the whole set in
view (``whole_set``), the halves are also looked for rep by rep (``_by_rep``), each candidate's
stretch matched at its own best lag, so each rep may take its own time: the acceleration's size
(only the push on the bar and its catch change it, not a turn of the wrist) repeats two
candidates on, not one, while the direction does not repeat one candidate on as well as a
period must. The size alone cannot tell a press's second half from the next rep of a set whose
push alternates (left and right, firm and soft), but such reps turn the wrist alike each time,
and their direction repeats once a candidate: each candidate stays a rep. A press's two turns,
one driven up past the face and one lowered past it, are less alike (0.06-0.36 in B's sets).
Reps sampled sparsely (4-5 Hz, filled in along lines between samples by ``frames.py``) dip in
size with each turn, the line between two directions being shorter than either; the size alone
halved some such sets, the direction check and ``PAIR_MIN`` together keep them (with either one
alone, no sparse set made up so far was halved).

Not on a live window of a few candidates: a mean over so few reps' best matches is too loose (a
sit-up set of 4 s reps seemed halved once in six looks). Nor when the pauses between presses
are longer than the presses: the candidates' median spacing then stands for a pause, not half a
press, and the period is not two of it (presses of 2.4 s made up 2.3-4.2 s apart at the
shoulders are counted twice).

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
"""A set of fewer candidates than this is not checked for halves, nor found halved by fewer
candidates matched rep by rep (``_by_rep``): one or two good matches are no set's rhythm."""
PERIOD_AC = 0.4
"""The acceleration repeats at twice the candidates' spacing at least this well
(autocorrelation)..."""
GAP_AC = 0.2
"""...and at their spacing less well than this: each rep made two candidates."""
ONE_FROM, ONE_TO = 0.75, 1.25
"""The lags taken for the candidates' spacing, in spacings: a quarter either side..."""
TWO_FROM, TWO_TO = 1.5, 2.5
"""...and for twice it, a quarter of it either side too (so twice as many lags: the best of
them is the likelier to match by chance, which ``PAIR_MIN`` matched candidates and their mean
hold down)."""
ALIKE_MAX = 0.4
"""A set found halved rep by rep turns the wrist less alike one candidate on than this (the
best correlation of the direction along its main axis, on average): a press's two turns are
less alike (0.06-0.36 in barbell participant B's halved sets), reps whose push alternates turn
it alike (0.50 in the test set paused unevenly, 0.99 in the one paused evenly). The value was
PERIOD_AC's, kept where it fell between them, not tuned."""
MISSED_FROM, MISSED_TO = 1.5, 2.5
"""Reps this many beats apart (two, give or take half a beat) missed one between them..."""
HALF_BEAT = 0.75
"""...which came at least this share of a beat after the one and before the other."""
ONE_BEAT_SPAN = 1.25
"""Reps less than this many beats apart came back about one beat apart (within the quarter
beat ``HALF_BEAT`` allows on the other side): no room for a rep between them."""


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

    def period(self, times: Sequence[float], start_s: float, *, whole_set: bool = False) -> float:
        """The set's period when each of its reps came back twice (0 when they did not):
        ``times`` are when the candidates came back, the first of them having left at
        ``start_s``; ``whole_set``: they run to the set's end (not a live window), and the set
        may keep no steady tempo (see the module's docstring)."""
        if len(times) < PAIR_MIN:
            return 0.0
        if any(start_s <= s <= times[-1] for s in self._stops):
            return 0.0
        spacing = _median(sorted(b - a for a, b in pairwise(times)))
        trace, at = self._trace(times, start_s)
        steady = self._steady(trace, spacing)
        if steady or not whole_set:
            return steady
        return self._by_rep(trace, at, spacing)

    def _trace(self, times: Sequence[float], start_s: float) -> tuple[np.ndarray, np.ndarray]:
        """The acceleration from ``start_s`` to the last of ``times``, and the frame of each."""
        size = len(self._t)
        order = (self._added + np.arange(-min(self._added, size), 0)) % size
        times_s = self._t[order]
        kept = (times_s >= start_s) & (times_s <= times[-1])
        return self._acc[order[kept]], np.searchsorted(times_s[kept], times)

    def _steady(self, trace: np.ndarray, spacing: float) -> float:
        """The period, by the autocorrelation of the whole trace along its main axis."""
        n, hz = len(trace), self.frame_hz
        lo, hi = int(TWO_FROM * spacing * hz), min(int(TWO_TO * spacing * hz) + 1, n - 2)
        if hi <= lo:
            return 0.0
        main = _along_main_axis(trace)
        spectrum = np.fft.rfft(main, 2 * n)
        ac = np.fft.irfft(spectrum * spectrum.conj())[:n]
        if ac[0] <= 0.0:
            return 0.0
        ac = ac / ac[0] * n / (n - np.arange(n))  # each lag's own mean, not faded by it
        period = lo + int(np.argmax(ac[lo:hi]))
        near = ac[int(ONE_FROM * spacing * hz) : int(ONE_TO * spacing * hz) + 1]
        at_spacing = float(near.max())
        if ac[period] >= PERIOD_AC and at_spacing < GAP_AC:
            return period / hz
        return 0.0

    def _by_rep(self, trace: np.ndarray, at: np.ndarray, spacing: float) -> float:
        """The period from the acceleration ``trace``, rep by rep: each candidate's stretch (a
        spacing either side of the frame ``at`` it came back) matched with what follows at its
        own best lag, one spacing on and two. The median of the best lags two on, when at least
        ``PAIR_MIN`` candidates were matched and on average the size matches two on as well as
        ``PERIOD_AC`` and one on less well than ``GAP_AC``, and the direction (along the main
        axis) one on less well than ``ALIKE_MAX`` (see the module's docstring)."""
        hz = self.frame_hz
        reach = round(spacing * hz)
        if reach < 2 or len(trace) < 2 * reach:
            return 0.0  # no candidate's stretch fits in the frames kept
        direction = _along_main_axis(trace)
        size = np.linalg.norm(trace, axis=1)
        one = (int(ONE_FROM * spacing * hz), int(ONE_TO * spacing * hz) + 1)
        two = (int(TWO_FROM * spacing * hz), int(TWO_TO * spacing * hz) + 1)
        at_one: list[float] = []
        at_two: list[float] = []
        alike_one_on: list[float] = []
        lags: list[int] = []
        for frame in at:
            start, end = int(frame) - reach, int(frame) + reach
            if start < 0:
                continue
            near = _best_match(size, start, end, *one)
            far = _best_match(size, start, end, *two)
            alike = _best_match(direction, start, end, *one)
            if near is None or far is None or alike is None:
                continue
            at_one.append(near[0])
            at_two.append(far[0])
            alike_one_on.append(alike[0])
            lags.append(far[1])
        if (
            len(lags) < PAIR_MIN
            or float(np.mean(at_one)) >= GAP_AC
            or float(np.mean(at_two)) < PERIOD_AC
            or float(np.mean(alike_one_on)) >= ALIKE_MAX
        ):
            return 0.0
        return float(np.median(lags)) / hz


def inside_beat(before_s: float, at_s: float, after_s: float, beat_s: float) -> bool:
    """A movement at ``at_s`` between reps at ``before_s`` and ``after_s`` is part of one of
    them, not a rep of a set that beats every ``beat_s``: it splits the gap into two parts each
    nearer half a beat than a beat, and the two reps came back about one beat apart
    (``ONE_BEAT_SPAN``), with no room for a third between them: a set that sped up for two reps
    has them two short beats apart, more than one beat."""
    return (
        max(at_s - before_s, after_s - at_s) < HALF_BEAT * beat_s
        and after_s - before_s < ONE_BEAT_SPAN * beat_s
    )


def fills_beat(before_s: float, at_s: float, after_s: float, beat_s: float) -> bool:
    """A movement at ``at_s`` between reps at ``before_s`` and ``after_s`` is where a rep of a
    set that beats every ``beat_s`` was missing: the reps are two beats apart (nearer two than
    one or three) and it splits the gap into two parts each nearer a beat than half a beat."""
    gap = after_s - before_s
    return (
        MISSED_FROM * beat_s <= gap <= MISSED_TO * beat_s
        and min(at_s - before_s, after_s - at_s) >= HALF_BEAT * beat_s
    )


def _along_main_axis(trace: np.ndarray) -> np.ndarray:
    """The acceleration, less its mean, along the axis it varies most on."""
    moved = trace - trace.mean(axis=0)
    along: np.ndarray = moved @ np.linalg.svd(moved, full_matrices=False)[2][0]
    return along


def _best_match(
    trace: np.ndarray, start: int, end: int, lag_from: int, lag_to: int
) -> tuple[float, int] | None:
    """The best correlation of ``trace[start:end]`` with the trace ``lag_from`` to ``lag_to``
    frames on, and that lag (none when no lag fits in the trace, or a stretch is flat)."""
    lag_to = min(lag_to, len(trace) - end)
    if lag_to < lag_from:
        return None
    here = trace[start:end] - trace[start:end].mean()
    here_size = float(np.sqrt(here @ here))
    lags = np.arange(lag_from, lag_to + 1)
    there = trace[lags[:, None] + np.arange(start, end)[None, :]]
    there = there - there.mean(axis=1, keepdims=True)
    there_size = np.sqrt((there * there).sum(axis=1))
    flat = there_size == 0.0
    if here_size == 0.0 or flat.all():
        return None
    match = np.where(flat, -np.inf, there @ here / np.where(flat, 1.0, there_size * here_size))
    best = int(np.argmax(match))
    return float(match[best]), int(lags[best])


def _median(ordered: list[float]) -> float:
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else 0.5 * (ordered[middle - 1] + ordered[middle])
