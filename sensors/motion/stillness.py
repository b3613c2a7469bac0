"""Stillness: not moving, allowing for the noise floor of real sensors, breathing and tremor.

"Still" means the acceleration that is not gravity stays small and the gravity direction
turns only slowly (breathing tilts a chest strap by a degree or two, a few times a minute).
The limits are set per placement: a wrist trembles more than a chest. They sit well above the
noise floor of a Polar Verity Sense lying still (99th percentile 0.023 g and 1.8 deg/s after
framing) and above the tremor of a held bridge measured on the thigh in MEx (about 0.05 g).
"""

from __future__ import annotations

from dataclasses import dataclass

from sensors.motion.events import MotionEvent, StillnessEnded, StillnessStarted
from sensors.motion.orientation import GravityTracker, Placement


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


STILLNESS_LIMITS: dict[Placement, StillnessLimits] = {
    "chest": StillnessLimits(shake_g=0.06, turn_dps=8.0, gyro_dps=20.0),
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
