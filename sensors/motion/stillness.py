"""Stillness: not moving, allowing for the noise floor of real sensors, breathing and tremor.

"Still" means the acceleration that is not gravity stays small and the gravity direction
turns only slowly (breathing tilts a chest strap by a degree or two, a few times a minute).
The limits are set per placement: a wrist trembles more than a chest. They sit well above the
noise floor of a Polar Verity Sense lying still (99th percentile 0.023 g and 1.8 deg/s after
framing) and above the tremor of a held bridge measured on the thigh in MEx (about 0.05 g).

Rocking (``RockWatch``, a sensor on the trunk): the trunk swinging back and forth by more
than breathing can (a swing of 6° peak to peak, four turning within 3 s), which the limits
above can miss because the gravity filter smooths a 1 Hz rock to a third of its size. In the
still stretches of HAPT's tuned holds (users 1-15) no stretch makes more than two such swings
in 3 s (one makes four of 5°); breathing (±2° at most, 0.2-0.5 Hz) and a heartbeat make none.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from sensors.motion.events import MotionEvent, StillnessEnded, StillnessStarted, Vec3
from sensors.motion.orientation import GravityTracker, Placement


@dataclass(frozen=True, slots=True)
class RockRules:
    swing_deg: float = 6.0
    """A swing: the lightly filtered direction comes this far back from the furthest point it
    reached (peak to peak): half as much again as deep breathing's 4°, and a chest rocked ±6°
    at 1 Hz makes about 10° (the filter keeps 85% of a 1 Hz swing)."""
    swings: int = 4
    """This many swings turning within ``window_s`` is rocking: two cycles, at 0.5 Hz or more.
    People sitting, standing or lying still in HAPT (tuned users) swing so twice in 3 s at
    most, never four times."""
    window_s: float = 3.0


@dataclass(frozen=True, slots=True)
class StillnessLimits:
    shake_g: float
    """RMS of non-gravity acceleration above which the person is moving."""
    turn_dps: float
    """Turning of the gravity direction (deg/s) above which the person is moving."""
    gyro_dps: float
    """Rotation rate (deg/s, when a gyro is present) above which the person is moving."""
    settle_s: float = 0.5
    """How long the limits must hold before stillness is reported."""
    leave_s: float = 0.15
    """How long the limits must be exceeded before stillness ends (one jolt is not a move)."""
    rock: RockRules | None = None
    """What rocking is, for a sensor on the trunk (a limb's swings are not the trunk's)."""


STILLNESS_LIMITS: dict[Placement, StillnessLimits] = {
    "chest": StillnessLimits(shake_g=0.06, turn_dps=8.0, gyro_dps=20.0, rock=RockRules()),
    "thigh": StillnessLimits(shake_g=0.07, turn_dps=10.0, gyro_dps=25.0),
    "wrist": StillnessLimits(shake_g=0.10, turn_dps=15.0, gyro_dps=35.0),
}


class StillnessDetector:
    """Reports ``StillnessStarted`` once settled, and ``StillnessEnded`` when moving again."""

    def __init__(self, limits: StillnessLimits) -> None:
        self.limits = limits
        self.reset()

    def reset(self) -> None:
        self.still = False
        self.since_s = 0.0
        """When the current stillness (or the calm before it is confirmed) began."""
        self._calm_since: float | None = None
        self._busy_since: float | None = None
        self.calm_now = False
        """This frame's movement is within the limits (stillness may not be confirmed yet)."""

    def calm(self, tracker: GravityTracker, has_gyro: bool) -> bool:
        limits = self.limits
        return (
            tracker.shake_g < limits.shake_g
            and tracker.turn_dps < limits.turn_dps
            and (not has_gyro or tracker.gyro_dps < limits.gyro_dps)
        )

    def update(
        self, t_s: float, tracker: GravityTracker, has_gyro: bool, out: list[MotionEvent]
    ) -> None:
        calm = self.calm_now = self.calm(tracker, has_gyro)
        if self.still:
            if calm:
                self._busy_since = None
            elif self._busy_since is None:
                self._busy_since = t_s
            elif t_s - self._busy_since >= self.limits.leave_s:
                self.end(self._busy_since, out)
            return
        if not calm:
            self._calm_since = None
        elif self._calm_since is None:
            self._calm_since = t_s
        elif t_s - self._calm_since >= self.limits.settle_s:
            self.still = True
            self.since_s = self._calm_since
            self._busy_since = None
            out.append(StillnessStarted(self.since_s))

    def end(self, t_s: float, out: list[MotionEvent]) -> None:
        """Close a stillness at ``t_s`` (moving again, a gap, or the end of the data)."""
        if self.still:
            out.append(StillnessEnded(t_s, self.since_s, t_s - self.since_s))
        self.reset()


class RockWatch:
    """The trunk swinging back and forth (rocking), which stillness can miss: a chest rocked
    ±6° at 1 Hz turns the smoothed gravity direction only ±2°, about the stillness limits.

    A zigzag on the lightly filtered direction: a swing is counted when the direction comes
    ``swing_deg`` back from the furthest it went from where it last turned (or from where it
    was when it last kept quiet for ``window_s``). Breathing tilts a chest strap a degree or
    two (4° peak to peak at most), heartbeat and tremor far less: they make no swing."""

    def __init__(self, rules: RockRules) -> None:
        self.rules = rules
        self._cos = math.cos(math.radians(rules.swing_deg))
        self.turns: deque[float] = deque(maxlen=2 * rules.swings)
        """When the recent swings turned back (at their furthest point)."""
        self.reset()

    def reset(self) -> None:
        self._turn: Vec3 | None = None
        """Where the direction last turned back, or where it was when it was last quiet."""
        self._turn_s = 0.0
        self._far: Vec3 = (0.0, 0.0, 1.0)
        self._far_s = 0.0
        self._far_cos = 1.0
        self.turns.clear()

    def update(self, t_s: float, fast: Vec3) -> None:
        turn = self._turn
        if turn is None or t_s - self._turn_s >= self.rules.window_s:
            self._turn = self._far = fast  # quiet (or new): swings are measured from here
            self._turn_s = self._far_s = t_s
            self._far_cos = 1.0
            return
        x, y, z = fast
        far = self._far
        cos_back = x * far[0] + y * far[1] + z * far[2]
        if cos_back <= self._cos:  # as far back from the furthest point: it turned there
            self.turns.append(self._far_s)
            self._turn, self._turn_s = far, self._far_s
            self._far, self._far_s, self._far_cos = fast, t_s, cos_back
            return
        cos_turn = x * turn[0] + y * turn[1] + z * turn[2]
        if cos_turn <= self._far_cos:  # as far from the last turn as ever: still going
            self._far, self._far_s, self._far_cos = fast, t_s, cos_turn

    def rocking_since(self, t_s: float, after_s: float) -> float | None:
        """None, or when the rocking under way began: half a swing before the first of the
        swings that turned after ``after_s`` and within the window."""
        rules = self.rules
        turns = self.turns
        if len(turns) < rules.swings:
            return None
        first_s = turns[-rules.swings]
        if first_s < t_s - rules.window_s:
            # The swings turned within the window, but a swing is sure only once the trunk is
            # back from its turn (a third of a second later at 0.55 Hz): under way still
            # while the next swing is due at their pace.
            span_s = turns[-1] - first_s
            if span_s > rules.window_s or t_s - turns[-1] > span_s / (rules.swings - 1):
                return None
        recent = [
            turn for turn in turns if turn >= max(after_s, min(first_s, t_s - rules.window_s))
        ]
        if len(recent) < rules.swings:
            return None
        half_swing_s = (recent[-1] - recent[0]) / (len(recent) - 1)
        return recent[0] - half_swing_s

    @property
    def swung_until_s(self) -> float:
        """When the last swing was over (-inf: none): half a swing after it turned back, as
        the trunk swung back across (a last swing back too small to count is within it)."""
        turns, rules = self.turns, self.rules
        if not turns:
            return -math.inf
        half_swing_s = (turns[-1] - turns[0]) / (len(turns) - 1) if len(turns) > 1 else 0.0
        return turns[-1] + min(half_swing_s, rules.window_s / rules.swings)
