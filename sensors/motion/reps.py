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
5. A candidate is a rep when its size fits the set: at least ``fit_share`` of the typical rep
   so far (or ``first_rep_deg`` for the first). A misfit waits: a second one like it confirms
   both (the person changed to smaller reps); a normal rep, the end of the set or a long wait
   drops it (a fidget).

Work and memory per frame are constant. ``RepCounted.t_s`` is the moment the rep was counted
(the movement half-way back), so a rep's ``duration_s`` runs a little short of its full length.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from sensors.motion.events import MotionEvent, RepCounted, Vec3
from sensors.motion.orientation import smoothing

AXIS_READY_DEG = 1.0
"""Spread of recent movement (deg) before its axis is trusted."""
TYPICAL_OF = 5
"""The typical rep size is the median of this many latest reps."""


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
    """A set's first rep counts at once from this size; a smaller one waits for a second."""
    fit_share: float = 0.5
    """A rep smaller than this share of the set's typical rep waits for confirmation."""
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
        self._waiting: _Candidate | None = None
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
        self._depart_t = self._depart_low = self._depart_high = 0.0
        self._swing_start_t = self._rep_start_t = self._turn_t = self._reached_t = 0.0
        self._swings: deque[tuple[float, int, float, float]] = deque(maxlen=3)
        self._amplitude = 0.0
        self._sizes.clear()
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
            self._first_swing(t_s, q, h, near)
        elif phase > 0:
            if q > self._high:
                if q > self._high + near:
                    self._reached_t = t_s
                self._high = q
            if q >= self._high - near:
                self._depart_t = t_s
            swing = self._high - self._low
            if self._rest == 0:
                self._undecided(t_s, swing, self._high - q > h, q, out)
            elif self._rest > 0 and self._high - q > h:
                self._rep_start_t = self._depart_t
                self._turn(-1, q, t_s)
            elif self._rest < 0 and self._high - q > max(h, back * swing):
                self._candidate(t_s, self._rep_start_t, swing, out)
                self._turn(-1, q, t_s)
        else:
            if q < self._low:
                if q < self._low - near:
                    self._reached_t = t_s
                self._low = q
            if q <= self._low + near:
                self._depart_t = t_s
            swing = self._high - self._low
            if self._rest == 0:
                self._undecided(t_s, swing, q - self._low > h, q, out)
            elif self._rest < 0 and q - self._low > h:
                self._rep_start_t = self._depart_t
                self._turn(+1, q, t_s)
            elif self._rest > 0 and q - self._low > max(h, back * swing):
                self._candidate(t_s, self._rep_start_t, swing, out)
                self._turn(+1, q, t_s)

    def _first_swing(self, t_s: float, q: float, h: float, near: float) -> None:
        if q < self._low:
            self._low = q
        if q > self._high:
            self._high = q
        if q <= self._low + near:
            self._depart_low = t_s
        if q >= self._high - near:
            self._depart_high = t_s
        if q - self._low > h:
            self._swing_start_t = self._depart_low
            self._turn(+1, q, t_s)
        elif self._high - q > h:
            self._swing_start_t = self._depart_high
            self._turn(-1, q, t_s)

    def _undecided(
        self, t_s: float, swing: float, turned: bool, q: float, out: list[MotionEvent]
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
                self._candidate(t_s, self._swings[-1][2], swing, out)
            else:
                self._rest = -phase
                self._rep_start_t = self._swing_start_t
            return
        if not turned:
            return
        self._swings.append((swing, -phase, self._swing_start_t, self._reached_t))
        self._swing_start_t = self._depart_t
        self._turn(-phase, q, t_s)
        if len(self._swings) < 3:
            return
        (a, side, a_start, _), (b, _, _, b_back), (c, _, c_start, _) = self._swings
        if all(self._alike(x, y) for x, y in ((a, b), (b, c), (a, c))):
            # Small reps from the start: the first two swings were rep 1, the third and this
            # turn back are rep 2.
            self._rest = side
            self._accept(_Candidate(b_back, a_start, a), out)
            self._candidate(t_s, c_start, c, out)

    def _turn(self, phase: int, q: float, t_s: float) -> None:
        swing = self._high - self._low
        self._amplitude = swing if self._amplitude == 0 else 0.5 * (self._amplitude + swing)
        self._phase = phase
        if phase > 0:
            self._high = q
        else:
            self._low = q
        self._depart_t = self._turn_t = self._reached_t = t_s

    def _candidate(
        self, t_s: float, start_s: float, amplitude_deg: float, out: list[MotionEvent]
    ) -> None:
        rules = self.rules
        if not rules.min_rep_s <= t_s - start_s <= rules.max_rep_s:
            return
        rep = _Candidate(t_s, start_s, amplitude_deg)
        waiting = self._waiting
        if self._sizes:
            typical = sorted(self._sizes)[len(self._sizes) // 2]
            fits = rep.amplitude_deg >= rules.fit_share * typical
        else:
            fits = rep.amplitude_deg >= rules.first_rep_deg
        if fits:
            if waiting is not None and self._alike(waiting.amplitude_deg, rep.amplitude_deg):
                self._accept(waiting, out)
            self._waiting = None
            self._accept(rep, out)
        elif waiting is not None and self._alike(waiting.amplitude_deg, rep.amplitude_deg):
            # Two alike in a row: smaller reps, not a fidget. The set's typical size follows.
            self._sizes.clear()
            self._waiting = None
            self._accept(waiting, out)
            self._accept(rep, out)
        else:
            self._waiting = rep

    def _alike(self, a: float, b: float) -> bool:
        share = self.rules.fit_share
        return a >= share * b and b >= share * a

    def _accept(self, rep: _Candidate, out: list[MotionEvent]) -> None:
        self.count += 1
        self._sizes.append(rep.amplitude_deg)
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
