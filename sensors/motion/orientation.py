"""Orientation from the gravity vector: filters, angles, placements and calibration.

An accelerometer that is not accelerating measures gravity (1 g), so a low-pass of its signal
says which way is down in the sensor's own frame. Nothing here knows how a device is worn;
a short calibration in a known position gives the reference that tilts are measured from.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sensors.motion.events import Vec3

Placement = Literal["chest", "thigh", "wrist"]
PLACEMENTS: tuple[Placement, ...] = ("chest", "thigh", "wrist")

GRAVITY_TAU_S = 0.4
"""Time constant of the gravity low-pass: slow enough to average out jerks and tremor."""
FAST_TAU_S = 0.1
"""Time constant of the light low-pass behind rep counting: keeps fast reps, drops shocks."""
JOLT_G = 0.3
"""A frame whose acceleration is this far from 1 g is ignored by the fast direction filter."""
MOTION_TAU_S = 0.5
"""Time constant over which the size of movement is averaged for stillness."""


def norm(v: Vec3) -> float:
    return math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])


def unit(v: Vec3) -> Vec3:
    n = norm(v)
    if n == 0.0:
        raise ValueError("a zero vector has no direction")
    return (v[0] / n, v[1] / n, v[2] / n)


def angle_deg(a: Vec3, b: Vec3) -> float:
    """Angle between two directions, in degrees (robust for small angles)."""
    ua, ub = unit(a), unit(b)
    cross = (
        ua[1] * ub[2] - ua[2] * ub[1],
        ua[2] * ub[0] - ua[0] * ub[2],
        ua[0] * ub[1] - ua[1] * ub[0],
    )
    dot = ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2]
    return math.degrees(math.atan2(norm(cross), dot))


def smoothing(tau_s: float, frame_hz: float) -> float:
    """The weight of a new frame in an exponential moving average with time constant tau."""
    return 1.0 - math.exp(-1.0 / (tau_s * frame_hz))


@dataclass(frozen=True, slots=True)
class Calibration:
    """Which way gravity points, in the sensor's frame, while the person is in ``position``."""

    gravity: Vec3
    position: str

    @classmethod
    def from_samples(cls, acc_g: Iterable[Vec3], position: str) -> Calibration:
        """The mean direction of samples taken while still in a known position."""
        sx = sy = sz = 0.0
        count = 0
        for x, y, z in acc_g:
            sx, sy, sz, count = sx + x, sy + y, sz + z, count + 1
        if count == 0:
            raise ValueError("calibration needs at least one sample")
        return cls(unit((sx / count, sy / count, sz / count)), position)

    def tilt_deg(self, gravity: Vec3) -> float:
        return angle_deg(self.gravity, gravity)


class GravityTracker:
    """Per frame: the gravity direction, a lightly filtered direction, and how much is moving.

    Attributes after :meth:`update` (read by the detectors):

    - ``gravity``: low-passed acceleration (g) and ``down``, its unit direction;
    - ``fast``: unit direction of the lightly low-passed acceleration (for reps);
    - ``shake_g``: RMS of acceleration that is not gravity, averaged over ``MOTION_TAU_S``;
    - ``turn_dps``: how fast the gravity direction turns, degrees per second, averaged;
    - ``gyro_dps``: averaged magnitude of the rotation rate when a gyro is present.
    """

    def __init__(self, frame_hz: float) -> None:
        self.frame_hz = frame_hz
        self._a_gravity = smoothing(GRAVITY_TAU_S, frame_hz)
        self._a_fast = smoothing(FAST_TAU_S, frame_hz)
        self._a_motion = smoothing(MOTION_TAU_S, frame_hz)
        self.reset()

    def reset(self) -> None:
        self.started = False
        self.gravity: Vec3 = (0.0, 0.0, 1.0)
        self.down: Vec3 = (0.0, 0.0, 1.0)
        self.fast: Vec3 = (0.0, 0.0, 1.0)
        self._fast_acc: Vec3 = (0.0, 0.0, 1.0)
        self._shake_sq = 0.0
        self.shake_g = 0.0
        self.turn_dps = 0.0
        self.gyro_dps = 0.0

    def update(self, ax: float, ay: float, az: float, gyro_dps: float | None = None) -> None:
        if not self.started:
            self.started = True
            self.gravity = self._fast_acc = (ax, ay, az)
            self.down = self.fast = unit((ax, ay, az)) if (ax or ay or az) else (0.0, 0.0, 1.0)
            if gyro_dps is not None:
                self.gyro_dps = gyro_dps
            return
        a = self._a_gravity
        gx, gy, gz = self.gravity
        gx += a * (ax - gx)
        gy += a * (ay - gy)
        gz += a * (az - gz)
        self.gravity = (gx, gy, gz)
        n = math.sqrt(gx * gx + gy * gy + gz * gz) or 1.0
        dx, dy, dz = gx / n, gy / n, gz / n
        px, py, pz = self.down
        self.down = (dx, dy, dz)
        # Jolts (|a| far from 1 g) say little about direction: they barely move this filter.
        jolt = abs(math.sqrt(ax * ax + ay * ay + az * az) - 1.0)
        f = self._a_fast * max(0.0, 1.0 - jolt / JOLT_G)
        fx, fy, fz = self._fast_acc
        fx += f * (ax - fx)
        fy += f * (ay - fy)
        fz += f * (az - fz)
        self._fast_acc = (fx, fy, fz)
        n = math.sqrt(fx * fx + fy * fy + fz * fz) or 1.0
        self.fast = (fx / n, fy / n, fz / n)
        m = self._a_motion
        ex, ey, ez = ax - gx, ay - gy, az - gz
        self._shake_sq += m * (ex * ex + ey * ey + ez * ez - self._shake_sq)
        self.shake_g = math.sqrt(self._shake_sq)
        # Chord length ~ angle in radians for the small steps between frames.
        step = math.sqrt((dx - px) ** 2 + (dy - py) ** 2 + (dz - pz) ** 2)
        self.turn_dps += m * (math.degrees(step) * self.frame_hz - self.turn_dps)
        if gyro_dps is not None:
            self.gyro_dps += m * (gyro_dps - self.gyro_dps)


STEADY_DEG = 2.5
"""Settled means the gravity direction stays within a cone this wide."""
FAST_CONE_SHARE = 2.0
STEADY_HISTORY_S = 3.0
"""How far back the moment of settling may be looked for."""
SETTLED_S = 1.0
"""A direction kept this long was a place the person settled in (not one passed through)."""


class SteadyWatch:
    """Since when the gravity direction has stayed within ``cone_deg`` of where it settled.

    Stillness alone misses a slow, smooth movement (a bridge rising over two seconds turns the
    thigh only a few degrees a second); this catches it. The smoothed direction trails the real
    one by a fraction of a second, so :meth:`settled_since` looks back through the lightly
    filtered directions of the last few seconds for when the person really got there.
    """

    def __init__(self, frame_hz: float, cone_deg: float = STEADY_DEG) -> None:
        self.cone_deg = cone_deg
        self.since_s = 0.0
        self._at: Vec3 | None = None
        self._down: Vec3 = (0.0, 0.0, 1.0)
        self._history: deque[tuple[float, Vec3]] = deque(
            maxlen=max(1, round(STEADY_HISTORY_S * frame_hz))
        )
        self._settled_s: float | None = None
        self.left: tuple[Vec3, float] | None = None
        """The last place the direction kept ``SETTLED_S`` at least, and when it left it."""

    def update(self, t_s: float, down: Vec3, fast: Vec3) -> None:
        self._history.append((t_s, fast))
        self._down = down
        # The light filter leads the smooth one: a new movement shows there first. It is
        # noisier, so it gets a wider cone.
        if (
            self._at is None
            or angle_deg(self._at, down) > self.cone_deg
            or angle_deg(self._at, fast) > FAST_CONE_SHARE * self.cone_deg
        ):
            if self._at is not None and t_s - self.since_s >= SETTLED_S:
                self.left = (self._at, t_s)
            self._at = down
            self.since_s = t_s
            self._settled_s = None

    def kept_for(self, seconds: float) -> bool:
        """Whether the lightly filtered direction has stayed within the cone of where it is
        now for the last ``seconds``."""
        if not self._history:
            return False
        now_s, now = self._history[-1]
        if now_s - self._history[0][0] < seconds:
            return False
        for t_s, fast in reversed(self._history):
            if now_s - t_s > seconds:
                return True
            if angle_deg(fast, now) > self.cone_deg:
                return False
        return True

    def settled_since(self) -> float:
        """When the lightly filtered direction came within the cone of where it is now."""
        if self._settled_s is None:
            settled = self.since_s
            for t_s, fast in reversed(self._history):
                if t_s > self.since_s:
                    continue
                if angle_deg(fast, self._down) > self.cone_deg:
                    break
                settled = t_s
            self._settled_s = settled
        return self._settled_s

    @property
    def anchor(self) -> Vec3:
        """Where the gravity direction has stayed since :attr:`since_s`."""
        return self._at if self._at is not None else self._down

    def away_since(self, rest: Vec3, min_deg: float) -> float:
        """Since when the lightly filtered direction has stayed at least ``min_deg`` from
        ``rest`` (as far back as the history goes; the newest time if it is not now)."""
        since = math.inf
        for t_s, fast in reversed(self._history):
            if angle_deg(fast, rest) < min_deg:
                break
            since = t_s
        if math.isinf(since) and self._history:
            return self._history[-1][0]
        return since

    def last_near(self, target: Vec3) -> float | None:
        """The last time the lightly filtered direction was within the cone of ``target``:
        when a movement away from it really began."""
        for t_s, fast in reversed(self._history):
            if angle_deg(fast, target) <= self.cone_deg:
                return t_s
        return None

    def reset(self) -> None:
        self._at = None
        self._history.clear()
        self._settled_s = None
        self.left = None
