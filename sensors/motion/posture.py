"""Posture: which way the body is oriented, relative to a calibration in a known position.

A new posture is reported when the person has settled (still, and steady for ``settle_s``) in
an orientation more than ``change_deg`` from the current one; the first one is the calibration
when none was given. Labels depend on where the sensor is worn: with a chest
or thigh sensor calibrated upright, the tilt from vertical names the posture; otherwise the
label is the calibration's position while within ``SAME_DEG`` of it, and the tilt from it
after that (``supine +35°``).
"""

from __future__ import annotations

from sensors.motion.events import MotionEvent, PostureChanged, Vec3
from sensors.motion.orientation import Calibration, Placement, angle_deg

UPRIGHT_POSITIONS = frozenset({"standing", "seated", "kneeling", "upright"})
SAME_DEG = 20.0
CHANGE_DEG = 25.0
SETTLE_S = 1.0

# (largest tilt from upright, label) per placement, first match wins.
UPRIGHT_LABELS: dict[Placement, tuple[tuple[float, str], ...]] = {
    "chest": ((30.0, "upright"), (65.0, "leaning"), (180.0, "lying")),
    "thigh": ((30.0, "thigh upright"), (65.0, "thigh raised"), (180.0, "thigh level")),
}


def posture_label(placement: Placement, calibration: Calibration, down: Vec3) -> str:
    tilt = calibration.tilt_deg(down)
    labels = UPRIGHT_LABELS.get(placement)
    if labels is not None and calibration.position in UPRIGHT_POSITIONS:
        return next(label for limit, label in labels if tilt < limit)
    if tilt < SAME_DEG:
        return calibration.position
    return f"{calibration.position} +{tilt:.0f}°"


class PostureTracker:
    """Reports ``PostureChanged`` each time the person settles in a different orientation."""

    def __init__(
        self,
        placement: Placement,
        calibration: Calibration | None = None,
        change_deg: float = CHANGE_DEG,
        settle_s: float = SETTLE_S,
        start_position: str = "start",
    ) -> None:
        self.placement = placement
        self.start_position = start_position
        self.settle_s = settle_s
        self.calibration = calibration
        self.change_deg = change_deg
        self.current: Vec3 | None = None
        self.posture: str | None = None

    def update(
        self, t_s: float, down: Vec3, still: bool, settled_s: float, out: list[MotionEvent]
    ) -> None:
        """``settled_s``: since when the person has been still in this orientation."""
        if not still or t_s - settled_s < self.settle_s:
            return
        if self.current is not None and angle_deg(self.current, down) <= self.change_deg:
            return
        if self.calibration is None:
            # Nothing known: the first settled orientation is the reference.
            self.calibration = Calibration(down, self.start_position)
        self.current = down
        self.posture = posture_label(self.placement, self.calibration, down)
        tilt = self.calibration.tilt_deg(down)
        out.append(PostureChanged(settled_s, self.posture, tilt, down))

    def reset(self) -> None:
        """Forget the current posture (after a data gap); the calibration stays."""
        self.current = None
        self.posture = None
