"""The main axis of recent movement: the direction a set's reps swing along.

The rep counter projects the lightly filtered gravity direction onto it. It is the first
eigenvector of the covariance of that direction (memory ``axis_tau_s``), updated only while
the movement turns faster than ``moving_dps`` once the axis is trusted, so that a rest does
not forget it. One power-iteration step a frame follows a slowly turning axis and keeps its
sign steady; the axis is trusted (``ready``) once the movement has spread more than
``AXIS_READY_DEG``.
"""

from __future__ import annotations

import math

from sensors.motion.events import Vec3
from sensors.motion.orientation import smoothing
from sensors.motion.rep_rules import RepRules

AXIS_READY_DEG = 1.0
"""Spread of recent movement (deg) before its axis is trusted."""


class MovementAxis:
    def __init__(self, frame_hz: float, rules: RepRules) -> None:
        self._a = smoothing(rules.axis_tau_s, frame_hz)
        self._moving_dps = rules.moving_dps
        self._mean: Vec3 | None = None
        self._cov = [0.0] * 6  # xx, yy, zz, xy, xz, yz
        self.direction: Vec3 = (1.0, 0.0, 0.0)
        """A unit vector along the axis."""
        self.ready = False
        """The movement has spread enough for the axis to be trusted."""

    def forget(self) -> None:
        """Learn the axis afresh from the movement that follows."""
        self._mean = None
        self._cov = [0.0] * 6
        self.direction = (1.0, 0.0, 0.0)
        self.ready = False

    def learn(self, v: Vec3, turn_dps: float) -> None:
        """One frame: ``v`` the filtered gravity direction, ``turn_dps`` how fast it turns."""
        x, y, z = v
        if self._mean is None:
            self._mean = v
            return
        if turn_dps < self._moving_dps and self.ready:
            return
        a = self._a
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
        for _ in range(1 if self.ready else 4):
            ax, ay, az = self.direction
            px = c[0] * ax + c[3] * ay + c[4] * az
            py = c[3] * ax + c[1] * ay + c[5] * az
            pz = c[4] * ax + c[5] * ay + c[2] * az
            n = math.sqrt(px * px + py * py + pz * pz)
            if n < 1e-12:
                return
            self.direction = (px / n, py / n, pz / n)
        if not self.ready and math.degrees(math.sqrt(c[0] + c[1] + c[2])) > AXIS_READY_DEG:
            self.ready = True
