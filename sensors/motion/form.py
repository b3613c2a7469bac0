"""Form: the trunk rocking or turning where the exercise says it must stay put.

Needs a sensor on the trunk (a chest strap). At the start of a set the trunk's orientation is
the reference. For exercises where the trunk must stay still (clam shells, side leg lifts, bird
dog) any tilt from it counts; for bridges, where the trunk tilts on purpose as the hips rise,
only the part of the tilt off the main axis of the movement counts (the hips dropping to one
side). A warning is given once per excursion beyond ``limit_deg``; it re-arms when the trunk
comes back within ``rearm_share`` of the limit. A set whose go finds the person still on the
way into position is judged from where that move ends, if it was one (``arrival.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sensors.motion.arrival import Arrival, Stage
from sensors.motion.events import FormWarning, MotionEvent, Vec3
from sensors.motion.frames import DEFAULT_FRAME_HZ
from sensors.motion.movement_axis import MovementAxis
from sensors.motion.orientation import angle_deg
from sensors.motion.rep_rules import DEFAULT_REP_RULES


@dataclass(frozen=True, slots=True)
class FormRule:
    kind: str
    """What the warning says went wrong, e.g. ``"trunk rocking"``."""
    limit_deg: float
    off_axis_only: bool = False
    """Count only the tilt across the movement's own axis (bridges tilt the trunk on purpose)."""
    rearm_share: float = 0.7


def off_axis_deg(reference: Vec3, down: Vec3, axis: Vec3) -> float:
    """The tilt from ``reference`` to ``down`` once the part along ``axis`` is removed."""
    dx, dy, dz = down[0] - reference[0], down[1] - reference[1], down[2] - reference[2]
    along = dx * axis[0] + dy * axis[1] + dz * axis[2]
    ox, oy, oz = dx - along * axis[0], dy - along * axis[1], dz - along * axis[2]
    chord = math.sqrt(ox * ox + oy * oy + oz * oz)
    return math.degrees(2.0 * math.asin(min(1.0, chord / 2.0)))


class FormMonitor:
    """Per set: warnings as they happen, and the count and worst angle for the set."""

    def __init__(self, rule: FormRule, frame_hz: float = DEFAULT_FRAME_HZ) -> None:
        self.rule = rule
        self.frame_hz = frame_hz
        self.reference: Vec3 | None = None
        self.axis: Vec3 | None = None
        """The set's movement axis once known (bridges); until then the live estimate."""
        self.set_number = 0
        self.warnings = 0
        self.worst_deg = 0.0
        self._armed = True
        self.arrival: Arrival | None = None
        """The move into position the set's go came in the middle of, until it is told."""
        self._waiting_deg = 0.0
        """A warning that waits while that move may be one into position: its angle."""
        self._own_axis: MovementAxis | None = None
        """After a move into position, the movement's axis learned from there (the rep
        counter's was learned across the move), until the set's axis is fixed."""
        self.own_axis_since = math.inf
        """Since when that axis has been learned."""

    def start_set(self, number: int, reference: Vec3, arrival: Arrival | None = None) -> None:
        """``arrival``: the go found the person on the way somewhere (see ``arrival.py``)."""
        self.axis = None
        self.set_number = number
        self.reference = reference
        self.warnings = 0
        self.worst_deg = 0.0
        self._armed = True
        self.arrival = arrival
        self._waiting_deg = 0.0
        self._own_axis = None
        self.own_axis_since = math.inf

    def end_set(self) -> None:
        self.reference = None
        self.arrival = None
        self._own_axis = None
        self.own_axis_since = math.inf

    @property
    def following(self) -> bool:
        """Whether :meth:`follow` is wanted this frame."""
        return self.arrival is not None or self._own_axis is not None

    def follow(self, t_s: float, fast: Vec3, turn_dps: float, settled: bool) -> None:
        """A frame while a move into position may be under way, or after one: ``fast`` the
        lightly filtered direction of gravity, how fast it turns, and whether it has kept
        where it is for a moment."""
        if self.arrival is not None:
            self.arrival.update(t_s, fast, settled)
        elif self._own_axis is not None:
            self._own_axis.learn(fast, turn_dps)

    def fix_axis(self, axis: Vec3 | None) -> None:
        """The set's movement axis is known: ``axis``, the rep counter's at its second
        rep-like movement, or after a move into position (``axis`` None at the first), the
        one learned from there (before a later movement, a rocked rep, could turn it)."""
        own = self._own_axis
        self.axis = own.direction if own is not None and own.ready else axis
        self._own_axis = None
        self.own_axis_since = math.inf

    def update(self, t_s: float, down: Vec3, axis: Vec3 | None, out: list[MotionEvent]) -> None:
        if self.reference is None:
            return
        rule = self.rule
        waits = False  # while a move into position may be under way, a warning may wait
        if self.arrival is not None:
            stage = self.arrival.stage
            if stage is Stage.FAR:
                return  # the rest of a move into position: the set starts where it ends
            if stage is Stage.STILL or stage is Stage.ON_THE_WAY:
                waits = True
            else:
                start = self.arrival.start
                self.arrival = None
                if start is not None:  # the set starts here: what went before was the way in
                    self.reference = start
                    self.worst_deg = 0.0
                    self._armed = True
                    self._waiting_deg = 0.0
                    if rule.off_axis_only and self.axis is None:
                        self._own_axis = MovementAxis(self.frame_hz, DEFAULT_REP_RULES)
                        self.own_axis_since = t_s
                elif self._waiting_deg:
                    self._warn(t_s, self._waiting_deg, out)  # no move into position: a fault
        if rule.off_axis_only:
            if self._own_axis is not None:
                axis = self._own_axis.direction if self._own_axis.ready else None
            axis = self.axis or axis
            if axis is None:
                return  # the movement's own axis is not known yet
            angle = off_axis_deg(self.reference, down, axis)
        else:
            angle = angle_deg(self.reference, down)
        if angle > self.worst_deg:
            self.worst_deg = angle
        if self._armed and angle > rule.limit_deg:
            if waits and self.arrival is not None and self.arrival.may_arrive_soon:
                self._waiting_deg = max(self._waiting_deg, angle)
            else:
                self._warn(t_s, max(angle, self._waiting_deg), out)
        elif not self._armed and angle < rule.rearm_share * rule.limit_deg:
            self._armed = True

    def _warn(self, t_s: float, angle: float, out: list[MotionEvent]) -> None:
        rule = self.rule
        self._armed = False
        self._waiting_deg = 0.0
        self.warnings += 1
        out.append(FormWarning(t_s, rule.kind, angle, rule.limit_deg, self.set_number))
