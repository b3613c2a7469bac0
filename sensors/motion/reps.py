"""Rep counting that copes with slow, fast and small reps, and ignores fidgeting and rest.

1. The lightly filtered gravity direction is projected onto the main axis of recent movement
   (the first eigenvector of its covariance, updated only while moving so that a rest does not
   forget it; a power-iteration step per frame keeps the sign steady).
2. The projection, in degrees, goes through a hysteresis ("zig-zag") detector: a turn counts
   once the signal has come back from its extreme by at least ``h``, where ``h`` is a share of
   the recent swing size and never below ``min_swing_deg``. The recent swing size fades during
   pauses, so small reps after big ones are seen, while noise and breathing stay below the floor.
3. Which side is rest is decided before anything is counted: the side a big swing
   (``first_rep_deg``) left, or came back to where the person had stood still; for small reps,
   the side three alike swings began at. A twitch before the first rep cannot swap the sides.
4. A candidate rep is each return to the rest side (undoing at least ``return_share`` of the
   swing, so an overshoot at the top is not a return) that took between ``min_rep_s`` and
   ``max_rep_s``.
5. Nothing is counted until the set has a rhythm: ``rhythm_of`` candidates in a row alike in
   size and in length (``rhythm_share``). Then they are counted at once, with any candidate
   before them that is just as alike; the others before them were the way into position,
   settling or a fidget. So the first reps of a set are reported together, a couple of reps
   late, and a movement on its own is never a rep.
6. After that a candidate is a rep when it fits the set: its size and length within
   ``fit_share`` (size) and ``fit_time_share`` (length) of the set's typical rep, either way.
   A misfit waits: a second one like it confirms both (the person changed to smaller or
   faster reps); a normal rep, the end of the set or a long wait drops it (the way out of
   position, a fidget).

Work and memory per frame are constant. ``RepCounted.t_s`` is the moment the rep was counted
(the movement half-way back), so a rep's ``duration_s`` runs a little short of its full length.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from dataclasses import dataclass

from sensors.motion.events import MotionEvent, RepCounted, Vec3
from sensors.motion.orientation import smoothing

AXIS_READY_DEG = 1.0
"""Spread of recent movement (deg) before its axis is trusted."""
TYPICAL_OF = 5
"""The typical rep size is the median of this many latest reps."""
EARLY_AXIS_AT = 2
"""``early_axis`` is the axis at this rep-like movement of a set."""


@dataclass(frozen=True, slots=True)
class RepRules:
    min_swing_deg: float = 5.0
    """Movements smaller than this are never reps (sensor noise, fidgets, and breathing,
    which tilts a chest strap by a few degrees at a rep-like pace)."""
    swing_share: float = 0.3
    """Hysteresis as a share of the recent swing size."""
    amplitude_tau_s: float = 5.0
    """How quickly the recent swing size fades while nothing swings."""
    return_share: float = 0.5
    """Coming back counts only once the movement has undone this share of its swing (an
    overshoot at the top is not a return)."""
    min_rep_s: float = 0.6
    max_rep_s: float = 20.0
    first_rep_deg: float = 10.0
    """A swing this big decides at once which side is rest (a smaller one waits for three)."""
    rhythm_of: int = 3
    """Candidates in a row, alike, that give a set its rhythm: nothing counts before."""
    rhythm_share: float = 0.65
    """Alike for the rhythm: the smaller size and length at least this share of the larger."""
    fit_share: float = 0.5
    """A rep smaller than this share of the set's typical rep (or bigger than its inverse)
    waits for confirmation."""
    fit_time_share: float = 0.4
    """Likewise for how long a rep takes."""
    beat_share: float = 0.7
    """A candidate before the rhythm was found counts when it came within this share of the
    rhythm's beat (either way) before the next one."""
    axis_tau_s: float = 4.0
    """Memory of the covariance that gives the main axis of movement."""
    moving_dps: float = 2.0
    """The axis learns only from frames turning faster than this."""
    departure_share: float = 0.2
    """A rep starts when the signal last sat within this share of ``h`` of its rest extreme."""


DEFAULT_REP_RULES = RepRules()


@dataclass(frozen=True, slots=True)
class _Candidate:
    t_s: float
    start_s: float
    amplitude_deg: float

    @property
    def duration_s(self) -> float:
        return self.t_s - self.start_s


class RepCounter:
    def __init__(self, frame_hz: float, rules: RepRules = DEFAULT_REP_RULES) -> None:
        self.rules = rules
        self.frame_hz = frame_hz
        self._a_axis = smoothing(rules.axis_tau_s, frame_hz)
        self._fade = math.exp(-1.0 / (rules.amplitude_tau_s * frame_hz))
        self.count = 0
        self._mean: Vec3 | None = None
        self._cov = [0.0] * 6  # xx, yy, zz, xy, xz, yz
        self.axis: Vec3 = (1.0, 0.0, 0.0)
        self._axis_ready = False
        self._sizes: deque[float] = deque(maxlen=TYPICAL_OF)
        self._durations: deque[float] = deque(maxlen=TYPICAL_OF)
        self._before_rhythm: deque[_Candidate] = deque(maxlen=2 * rules.rhythm_of)
        """Candidates of this set before it has a rhythm (none are counted yet)."""
        self._waiting: _Candidate | None = None
        self.last_candidate_s = -math.inf
        """When a movement last came back like a rep (counted or not yet)."""
        self._anchor: tuple[Vec3, float] | None = None
        self._origin: Vec3 = (0.0, 0.0, 1.0)
        """Where the person was still before the set's first swing."""
        self.reset()

    def reset(self) -> None:
        """Start a new set (or afresh after a gap). The count and the axis are kept; a rep
        still waiting for confirmation is dropped."""
        self._phase = 0  # 0 unknown, -1 at the low side, +1 at the high side
        self._rest = 0  # the side reps start from and return to
        self._started = False
        self._low = self._high = 0.0
        self._low_v: Vec3 = (0.0, 0.0, 1.0)
        self._high_v: Vec3 = (0.0, 0.0, 1.0)
        """Where the movement was at its extremes, to size a rep whatever the axis did."""
        self._depart_t = self._depart_low = self._depart_high = 0.0
        self._swing_start_t = self._rep_start_t = self._turn_t = self._reached_t = 0.0
        self._swings: deque[tuple[float, int, float, float]] = deque(maxlen=3)
        self._amplitude = 0.0
        self._sizes.clear()
        self._durations.clear()
        self._before_rhythm.clear()
        self._waiting = None
        self._candidates = 0
        self.early_axis: Vec3 | None = None
        """The movement's axis as it was at the set's second rep-like movement (before a later
        one, a rocked rep say, could turn it)."""

    @property
    def in_rhythm(self) -> bool:
        """The set's rhythm is known: reps are counted as they come."""
        return bool(self._sizes)

    def end_set(self, out: list[MotionEvent]) -> None:
        """The set is over. When it never found a rhythm (too few reps for it), its last
        candidates still count if at least two were alike as a rhythm's are; a movement on its
        own never does. A rep waiting for confirmation is dropped."""
        pending = list(self._before_rhythm)
        if not self._sizes and len(pending) >= 2:
            first = len(pending)
            while first > 0 and self._rhythmic(pending[first - 1 :]):
                first -= 1
            if len(pending) - first >= 2:
                for rep in pending[first:]:
                    self._accept(rep, out)
        self._before_rhythm.clear()
        self._waiting = None

    def forget_axis(self) -> None:
        """A set marked by the runner: the movement's axis is learned from this set alone
        (the way into the start position, a turn onto the back say, is not a rep's axis)."""
        self._mean = None
        self._cov = [0.0] * 6
        self.axis = (1.0, 0.0, 0.0)
        self._axis_ready = False

    @property
    def axis_ready(self) -> bool:
        return self._axis_ready

    @property
    def last_turn_s(self) -> float:
        """When the movement last turned (a swing was confirmed)."""
        return self._turn_t

    @property
    def moving(self) -> bool:
        """A movement away from rest has been seen since the last reset."""
        return self._phase != 0

    def update(self, t_s: float, fast: Vec3, turn_dps: float, out: list[MotionEvent]) -> None:
        if turn_dps < self.rules.moving_dps:
            self._anchor = (fast, t_s)
        self._learn_axis(fast, turn_dps)
        if not self._axis_ready:
            return
        ax, ay, az = self.axis
        q = math.degrees(fast[0] * ax + fast[1] * ay + fast[2] * az)
        if not self._started:
            # Measure the first swing from where the person last stood still, not from where
            # the movement had got to when its axis became clear.
            self._started = True
            anchor, anchor_t = self._anchor if self._anchor is not None else (fast, t_s)
            self._origin = anchor
            self._low = self._high = math.degrees(anchor[0] * ax + anchor[1] * ay + anchor[2] * az)
            self._low_v = self._high_v = anchor
            self._depart_low = self._depart_high = anchor_t
        rules = self.rules
        self._amplitude *= self._fade
        h = max(rules.min_swing_deg, rules.swing_share * self._amplitude)
        near = rules.departure_share * h
        back = rules.return_share
        if self._waiting is not None and t_s - self._waiting.t_s > rules.max_rep_s:
            self._waiting = None
        phase = self._phase
        if phase == 0:
            self._first_swing(t_s, q, fast, h, near)
        elif phase > 0:
            if q > self._high:
                if q > self._high + near:
                    self._reached_t = t_s
                self._high, self._high_v = q, fast
            if q >= self._high - near:
                self._depart_t = t_s
            swing = self._high - self._low
            if self._rest == 0:
                self._undecided(t_s, swing, self._high - q > h, q, fast, out)
            elif self._rest > 0 and self._high - q > h:
                self._rep_start_t = self._depart_t
                self._turn(-1, q, t_s, fast)
            elif self._rest < 0 and self._high - q > max(h, back * swing):
                self._candidate(t_s, self._rep_start_t, self._extent_deg(), out)
                self._turn(-1, q, t_s, fast)
        else:
            if q < self._low:
                if q < self._low - near:
                    self._reached_t = t_s
                self._low, self._low_v = q, fast
            if q <= self._low + near:
                self._depart_t = t_s
            swing = self._high - self._low
            if self._rest == 0:
                self._undecided(t_s, swing, q - self._low > h, q, fast, out)
            elif self._rest < 0 and q - self._low > h:
                self._rep_start_t = self._depart_t
                self._turn(+1, q, t_s, fast)
            elif self._rest > 0 and q - self._low > max(h, back * swing):
                self._candidate(t_s, self._rep_start_t, self._extent_deg(), out)
                self._turn(+1, q, t_s, fast)

    def _first_swing(self, t_s: float, q: float, fast: Vec3, h: float, near: float) -> None:
        if q < self._low:
            self._low, self._low_v = q, fast
        if q > self._high:
            self._high, self._high_v = q, fast
        if q <= self._low + near:
            self._depart_low = t_s
        if q >= self._high - near:
            self._depart_high = t_s
        if q - self._low > h:
            self._swing_start_t = self._depart_low
            self._turn(+1, q, t_s, fast)
        elif self._high - q > h:
            self._swing_start_t = self._depart_high
            self._turn(-1, q, t_s, fast)

    def _undecided(
        self,
        t_s: float,
        swing: float,
        turned: bool,
        q: float,
        fast: Vec3,
        out: list[MotionEvent],
    ) -> None:
        """Which side is rest? The side a big swing left, or that three alike swings began at.

        Until then nothing is counted, so a twitch before the first rep cannot swap the sides.
        """
        phase = self._phase
        if swing >= self.rules.first_rep_deg:
            ax, ay, az = self.axis
            ox, oy, oz = self._origin
            origin = math.degrees(ox * ax + oy * ay + oz * az)
            if self._swings and abs(q - origin) < 0.5 * swing:
                # This big swing came back to where the person started (the way out was
                # underestimated while the axis settled): rest is here, and that was rep 1.
                self._rest = phase
                self._candidate(t_s, self._swings[-1][2], self._extent_deg(), out)
            else:
                self._rest = -phase
                self._rep_start_t = self._swing_start_t
            return
        if not turned:
            return
        self._swings.append((swing, -phase, self._swing_start_t, self._reached_t))
        self._swing_start_t = self._depart_t
        self._turn(-phase, q, t_s, fast)
        if len(self._swings) < 3:
            return
        (a, side, a_start, _), (b, _, _, b_back), (c, _, c_start, _) = self._swings
        share = self.rules.fit_share
        if all(_within(x, y, share) for x, y in ((a, b), (b, c), (a, c))):
            # Small reps from the start: the first two swings were rep 1, the third and this
            # turn back are rep 2.
            self._rest = side
            self._candidate(b_back, a_start, a, out)
            self._candidate(t_s, c_start, c, out)

    def _turn(self, phase: int, q: float, t_s: float, fast: Vec3) -> None:
        swing = self._high - self._low
        self._amplitude = swing if self._amplitude == 0 else 0.5 * (self._amplitude + swing)
        self._phase = phase
        if phase > 0:
            self._high, self._high_v = q, fast
        else:
            self._low, self._low_v = q, fast
        self._depart_t = self._turn_t = self._reached_t = t_s

    def _extent_deg(self) -> float:
        """The angle between the swing's two extremes: its size, even when the axis it was
        measured on was still being learned (a set's first rep)."""
        low, high = self._low_v, self._high_v
        dot = low[0] * high[0] + low[1] * high[1] + low[2] * high[2]
        return math.degrees(math.acos(max(-1.0, min(1.0, dot))))

    def _candidate(
        self, t_s: float, start_s: float, amplitude_deg: float, out: list[MotionEvent]
    ) -> None:
        rules = self.rules
        if not rules.min_rep_s <= t_s - start_s <= rules.max_rep_s:
            return
        rep = _Candidate(t_s, start_s, amplitude_deg)
        self.last_candidate_s = t_s
        self._candidates += 1
        if self._candidates == EARLY_AXIS_AT:
            self.early_axis = self.axis
        if not self._sizes:
            self._find_rhythm(rep, out)
            return
        waiting = self._waiting
        if self._fits(rep):
            if waiting is not None and self._alike(waiting, rep):
                self._accept(waiting, out)
            self._waiting = None
            self._accept(rep, out)
        elif waiting is not None and self._alike(waiting, rep):
            # Two alike in a row: smaller or faster reps, not a fidget. The set's typical rep
            # follows.
            self._sizes.clear()
            self._durations.clear()
            self._waiting = None
            self._accept(waiting, out)
            self._accept(rep, out)
        else:
            self._waiting = rep

    def _find_rhythm(self, rep: _Candidate, out: list[MotionEvent]) -> None:
        pending = self._before_rhythm
        pending.append(rep)
        of = self.rules.rhythm_of
        run = list(pending)
        if len(run) < of or not self._rhythmic(run[-of:]):
            return
        # The set has its rhythm. A candidate before it is a rep too when it fits the rhythm's
        # size and length and came in its beat; the first rep, measured while the movement's
        # axis was still being learned, often looks a little smaller or slower.
        rhythm = run[-of:]
        sizes = sorted(c.amplitude_deg for c in rhythm)
        lengths = sorted(c.duration_s for c in rhythm)
        beats = sorted(b.t_s - a.t_s for a, b in itertools.pairwise(rhythm))
        size, length, beat = sizes[of // 2], lengths[of // 2], beats[len(beats) // 2]
        rules = self.rules
        first = len(run) - of
        while first > 0:
            earlier, after = run[first - 1], run[first]
            if not (
                _within(earlier.amplitude_deg, size, rules.fit_share)
                and _within(earlier.duration_s, length, rules.fit_time_share)
                and _within(after.t_s - earlier.t_s, beat, rules.beat_share)
            ):
                break
            first -= 1
        pending.clear()
        for candidate in run[first:]:
            self._accept(candidate, out)

    def _rhythmic(self, candidates: list[_Candidate]) -> bool:
        """All alike in size and in length, within ``rhythm_share``."""
        share = self.rules.rhythm_share
        return self._alike_all(candidates, share, share)

    @staticmethod
    def _alike_all(candidates: list[_Candidate], size_share: float, time_share: float) -> bool:
        sizes = [c.amplitude_deg for c in candidates]
        lengths = [c.duration_s for c in candidates]
        return min(sizes) >= size_share * max(sizes) and min(lengths) >= time_share * max(lengths)

    def _fits(self, rep: _Candidate) -> bool:
        rules = self.rules
        size = sorted(self._sizes)[len(self._sizes) // 2]
        length = sorted(self._durations)[len(self._durations) // 2]
        return _within(rep.amplitude_deg, size, rules.fit_share) and _within(
            rep.duration_s, length, rules.fit_time_share
        )

    def _alike(self, a: _Candidate, b: _Candidate) -> bool:
        rules = self.rules
        return _within(a.amplitude_deg, b.amplitude_deg, rules.fit_share) and _within(
            a.duration_s, b.duration_s, rules.fit_time_share
        )

    def _accept(self, rep: _Candidate, out: list[MotionEvent]) -> None:
        self.count += 1
        self._sizes.append(rep.amplitude_deg)
        self._durations.append(rep.duration_s)
        out.append(
            RepCounted(
                t_s=rep.t_s,
                number=self.count,
                start_s=rep.start_s,
                duration_s=rep.t_s - rep.start_s,
                amplitude_deg=rep.amplitude_deg,
            )
        )

    def _learn_axis(self, v: Vec3, turn_dps: float) -> None:
        x, y, z = v
        if self._mean is None:
            self._mean = v
            return
        if turn_dps < self.rules.moving_dps and self._axis_ready:
            return
        a = self._a_axis
        mx, my, mz = self._mean
        dx, dy, dz = x - mx, y - my, z - mz
        mx += a * dx
        my += a * dy
        mz += a * dz
        self._mean = (mx, my, mz)
        c = self._cov
        b = 1.0 - a
        c[0] = b * (c[0] + a * dx * dx)
        c[1] = b * (c[1] + a * dy * dy)
        c[2] = b * (c[2] + a * dz * dz)
        c[3] = b * (c[3] + a * dx * dy)
        c[4] = b * (c[4] + a * dx * dz)
        c[5] = b * (c[5] + a * dy * dz)
        # One power-iteration step per frame follows a slowly turning axis; a new one gets a
        # few steps so it has converged before it is used.
        for _ in range(1 if self._axis_ready else 4):
            ax, ay, az = self.axis
            px = c[0] * ax + c[3] * ay + c[4] * az
            py = c[3] * ax + c[1] * ay + c[5] * az
            pz = c[4] * ax + c[5] * ay + c[2] * az
            n = math.sqrt(px * px + py * py + pz * pz)
            if n < 1e-12:
                return
            self.axis = (px / n, py / n, pz / n)
        if not self._axis_ready and math.degrees(math.sqrt(c[0] + c[1] + c[2])) > AXIS_READY_DEG:
            self._axis_ready = True


def _within(value: float, typical: float, share: float) -> bool:
    """``value`` is between ``share`` times ``typical`` and ``typical`` over ``share``."""
    return share * typical <= value <= typical / share
