"""What the detectors report: small frozen values named as facts, times in seconds.

Times are on the clock of the samples fed in (``t_s``). An event may be reported a little after
the moment it names (a hold is only known to have started once the person has settled), so
each carries the time it refers to, not the time it was noticed.
"""

from __future__ import annotations

from dataclasses import dataclass

Vec3 = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class StillnessStarted:
    t_s: float


@dataclass(frozen=True, slots=True)
class StillnessEnded:
    t_s: float
    start_s: float
    duration_s: float


@dataclass(frozen=True, slots=True)
class PostureChanged:
    """The body settled in a new orientation. ``tilt_deg`` is measured from the calibration."""

    t_s: float
    posture: str
    tilt_deg: float
    gravity_g: Vec3


@dataclass(frozen=True, slots=True)
class HoldStarted:
    """The person reached a position and settled in it: the hold's clock starts at ``t_s``."""

    t_s: float


@dataclass(frozen=True, slots=True)
class HoldBroken:
    """The clock stopped at ``t_s``: moved for longer than a wobble, or sagged out of position.

    The hold may still be resumed (``HoldResumed``) or end (``HoldEnded``)."""

    t_s: float
    reason: str


@dataclass(frozen=True, slots=True)
class HoldResumed:
    t_s: float


@dataclass(frozen=True, slots=True)
class HoldEnded:
    """``seconds_held`` counts only the time in position and still (short wobbles included)."""

    t_s: float
    start_s: float
    seconds_held: float
    reason: str


@dataclass(frozen=True, slots=True)
class RestFound:
    """The bout showed that the position taken as rest since ``since_s`` was the hold: from
    ``t_s`` on, holds are timed away from ``gravity_g`` (the direction of gravity at the true
    rest, in the sensor's frame). Holds reported before ``t_s`` were timed the wrong way round;
    an analysis of a whole recording runs again with this rest from ``since_s``."""

    t_s: float
    since_s: float
    gravity_g: Vec3


@dataclass(frozen=True, slots=True)
class RepCounted:
    """One repetition, counted when the movement came back; ``t_s`` is that moment."""

    t_s: float
    number: int
    start_s: float
    duration_s: float
    amplitude_deg: float


@dataclass(frozen=True, slots=True)
class RepWithdrawn:
    """The rep counted at ``t_s`` (its ``RepCounted.t_s``) was no rep: a set counted rep by rep
    is looked at again as a whole when it ends, and it held fewer reps than were counted (the
    way into position or out of it, settling: see ``live_reps.py``); or, within the set, the
    first rep called out was a shift before a move into position, as the first rep from the
    position shows (``Settling.shift_first``)."""

    t_s: float


@dataclass(frozen=True, slots=True)
class FormWarning:
    """The trunk turned or rocked further than ``limit_deg`` from where the set began."""

    t_s: float
    kind: str
    angle_deg: float
    limit_deg: float
    set_number: int


@dataclass(frozen=True, slots=True)
class SetEnded:
    """A set (a run of reps, or a span the caller marked) is over; form is summed up here."""

    t_s: float
    number: int
    start_s: float
    reps: int
    form_warnings: int
    worst_angle_deg: float


@dataclass(frozen=True, slots=True)
class DataGap:
    """No samples from ``start_s`` to ``t_s``: what was under way was ended at ``start_s``."""

    t_s: float
    start_s: float


MotionEvent = (
    StillnessStarted
    | StillnessEnded
    | PostureChanged
    | HoldStarted
    | HoldBroken
    | HoldResumed
    | HoldEnded
    | RestFound
    | RepCounted
    | RepWithdrawn
    | FormWarning
    | SetEnded
    | DataGap
)
