"""Form: the trunk rocking or turning where the exercise says it must stay put.

Needs a sensor on the trunk (a chest strap). At the start of a set the trunk's orientation is
the reference. For exercises where the trunk must stay still (clam shells, side leg lifts, bird
dog) any tilt from it counts; for bridges, where the trunk tilts on purpose as the hips rise,
only the part of the tilt off the main axis of the movement counts (the hips dropping to one
side). A warning is given once per excursion beyond ``limit_deg``; it re-arms when the trunk
comes back within ``rearm_share`` of the limit. A set whose go finds the person still moving
waits to be told whether that was a move into position (``form_start.py``), as does one whose
trunk turns away from where it started as far as onto another side (``TURNED_AWAY_DEG``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sensors.motion.events import FormWarning, MotionEvent, Vec3
from sensors.motion.form_start import TURNED_AWAY_DEG, FormStart, Verdict
from sensors.motion.orientation import angle_deg


@dataclass(frozen=True, slots=True)
class FormRule:
    kind: str
    """What the warning says went wrong, e.g. ``"trunk rocking"``."""
    limit_deg: float
    off_axis_only: bool = False
    """Count only the tilt across the movement's own axis (bridges tilt the trunk on purpose)."""
    rearm_share: float = 0.7


def off_axis_deg(reference: Vec3, down: Vec3, axis: Vec3) -> float:
    """The tilt from ``reference`` to ``down`` off the movement's own path: the angle of
    ``down`` from the great circle through ``reference`` along ``axis``. A swing along the axis
    stays on that circle however far it goes (the chord of a 50-degree swing, less its part
    along the axis, looked 20 degrees off it)."""
    nx = reference[1] * axis[2] - reference[2] * axis[1]
    ny = reference[2] * axis[0] - reference[0] * axis[2]
    nz = reference[0] * axis[1] - reference[1] * axis[0]
    n = math.sqrt(nx * nx + ny * ny + nz * nz)
    if n < 1e-6:  # the axis points along the reference: no path to be off
        return angle_deg(reference, down)
    across = (down[0] * nx + down[1] * ny + down[2] * nz) / n
    return math.degrees(math.asin(min(1.0, abs(across))))


class FormMonitor:
    """Per set: warnings as they happen, and the count and worst angle for the set."""

    def __init__(self, rule: FormRule) -> None:
        self.rule = rule
        self.reference: Vec3 | None = None
        self.axis: Vec3 | None = None
        """The set's movement axis once known (bridges); until then the live estimate."""
        self.set_number = 0
        self.warnings = 0
        self.worst_deg = 0.0
        self._armed = True
        self._start: FormStart | None = None
        self._own_axis_only = False
        """After a start where a move into position ended: the live axis is still the move's,
        so only the set's own (``axis``, from its reps) is used."""

    def start_set(
        self, number: int, reference: Vec3, *, t_s: float = 0.0, moving_from: Vec3 | None = None
    ) -> None:
        """``moving_from``: the go at ``t_s`` found the person moving, away from where they
        were settled there: until that move is told, the set's frames wait (:meth:`wait`)."""
        self.axis = None
        self.set_number = number
        self.reference = reference
        self.warnings = 0
        self.worst_deg = 0.0
        self._armed = True
        self._own_axis_only = False
        self._start = FormStart(t_s, moving_from, reference) if moving_from is not None else None

    @property
    def waiting(self) -> bool:
        """The set's frames wait for the move under way at its go to be told."""
        return self._start is not None

    def end_set(self) -> None:
        """The set is over. Frames still waiting are dropped: a set ended within seconds of a
        go that found the person moving is not judged (the runner would neither show nor say
        a warning given as it closes)."""
        self._start = None
        self.reference = None

    def wait(
        self,
        t_s: float,
        down: Vec3,
        fast: Vec3,
        axis: Vec3 | None,
        settled: bool,
        out: list[MotionEvent],
    ) -> Verdict | None:
        """A frame while :attr:`waiting` (``fast`` the lightly filtered direction, ``settled``
        whether it has kept where it is a moment); the verdict once the move is told."""
        start = self._start
        assert start is not None
        verdict = start.update(t_s, down, fast, axis, settled)
        if verdict is Verdict.START_HERE:
            self._start = None
            self.reference = down
            self.axis = None  # the move's own turn is no rep's axis: learned from here
            self._own_axis_only = True
        elif verdict is Verdict.CAME_BACK:
            self.reference = start.origin
            self._judge_kept(start, out)
        elif verdict is Verdict.JUDGE_FROM_GO:
            self._judge_kept(start, out)
        return verdict

    def _judge_kept(self, start: FormStart, out: list[MotionEvent]) -> None:
        self._start = None
        for t_s, down, axis in start.kept():
            self._judge(t_s, down, axis, out)  # the move is told: judged, not told again

    def update(self, t_s: float, down: Vec3, axis: Vec3 | None, out: list[MotionEvent]) -> None:
        if self.reference is None:
            return
        if angle_deg(self.reference, down) >= TURNED_AWAY_DEG:
            # A move into another position (onto the back from all fours, say), begun after a
            # go that found the person settled: no fault goes so far. The set starts where the
            # move ends, as for a go under way.
            self._start = FormStart(t_s, self.reference, down)
            return
        self._judge(t_s, down, axis, out)

    def _judge(self, t_s: float, down: Vec3, axis: Vec3 | None, out: list[MotionEvent]) -> None:
        if self.reference is None:
            return
        rule = self.rule
        if rule.off_axis_only:
            axis = self.axis if self._own_axis_only else self.axis or axis
            if axis is None:
                return  # the movement's own axis is not known yet
            angle = off_axis_deg(self.reference, down, axis)
        else:
            angle = angle_deg(self.reference, down)
        if angle > self.worst_deg:
            self.worst_deg = angle
        if self._armed and angle > rule.limit_deg:
            self._armed = False
            self.warnings += 1
            out.append(FormWarning(t_s, rule.kind, angle, rule.limit_deg, self.set_number))
        elif not self._armed and angle < rule.rearm_share * rule.limit_deg:
            self._armed = True
