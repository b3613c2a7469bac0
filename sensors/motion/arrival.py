"""The rest of a move into position, when a set's go comes in the middle of it.

A set's go may find the person still on the way into the start position (a get-ready that ran
out, or the set started early with a key). Form is judged from the trunk's orientation at the
go, so the rest of that move would be a form fault ("hips not level" at 85°). What tells the
two apart is the move as a whole, seen from where the person was last settled before it:

- a move into position turns the body far (``ARRIVAL_DEG``, as far as the rep counter's own
  move into position: lying down, onto all fours, onto a side), only ever further from where
  it began, and ends where the person keeps still: that is where the set starts, and form is
  judged from there;
- a fault turns the trunk a little (the limits are 10-12°, a sag or a rock rarely more than
  30°) and stops or turns back, short of that: it is warned, from the orientation at the go,
  as it always was.

A go that finds the person moving along a path that has only gone further from where they
were settled, or settled, with a move beginning within ``BEGIN_S`` of it, is followed; a go
that finds them moving about (the path came back) is judged from the go at once, and so is
everything after the set's first move. While the move is under way and short of
``ARRIVAL_DEG``, a warning it would give waits only as long as the move, at its pace, would
be ``ARRIVAL_DEG`` from where it began within ``REACH_S``: moves into position are quick, and a
rock, a sag or a slow roll is too slow to be one, or slows as it ends, and is warned then. A
move that goes on to ``ARRIVAL_DEG`` is followed to where the person keeps still (or at most
``SETTLE_MAX_S`` after it last got further): the set starts there. Until a move has shown its
pace, a move into position and a fault look alike (the first 12° of lying down are the first
12° of a roll): a fault as quick as a move into position is warned as it slows, a few tenths
of a second late.
"""

from __future__ import annotations

import enum
import math

from sensors.motion.events import Vec3
from sensors.motion.move_into_position import POSITION_DEG

ARRIVAL_DEG = POSITION_DEG
"""A move this far from where the person was settled is a move into another position."""
MOVED_FOR_S = 3.0
"""A move under way at the go began at most this long before it (longer, and the person was
moving about, not getting somewhere): the path is watched whole (``STEADY_HISTORY_S``)."""
BEGIN_S = 1.0
"""A go that finds the person still: a move beginning this soon after it may be the move into
position (the person reacting to the go, or a key pressed as they began)."""
BEGIN_DEG = 2.5
"""The direction this far from where it was at the go: a move has begun (``STEADY_DEG``)."""
BACK_DEG = 3.0
"""The move turned back this far from as far as it got: it was going nowhere new (a rock)."""
PROGRESS_DEG = 0.5
"""The move gets further when it goes this much beyond as far as it got..."""
STALL_S = 0.15
"""...and has stopped, short of a new position, when it has not for this long (far from where
it began, it has stopped when it has not and the person keeps still)."""
REACH_S = 1.0
"""A warning waits only while the move, at its pace, would be ``ARRIVAL_DEG`` from where it
began this soon: moves into position are quick; a slow roll, or a rock slowing at its far end,
is told at once."""
PACE_TAU_S = 0.1
"""The pace of the move is averaged over this long."""
SETTLE_MAX_S = 1.0
"""Far from where they were, a person who never keeps still is judged from where they are this
long after the move last got further."""


class Stage(enum.Enum):
    STILL = "still"
    """Still at the go: a move may yet begin."""
    ON_THE_WAY = "on the way"
    """Moving, only further from where they were, and not yet far: a fault may wait
    (``may_arrive_soon``)."""
    FAR = "far"
    """A move into another position: nothing is judged until it is over."""
    ARRIVED = "arrived"
    """The move into position is over: the set's form is judged from where it ended."""
    STOPPED_SHORT = "stopped short"
    """The move stopped or turned back short of a new position: it was no move into one."""


class Arrival:
    """From a set's go: a move under way from ``origin`` (where the person was last settled),
    as far as ``peak_deg`` from it so far, or none yet (``moving`` false: ``origin`` is where
    they are), followed frame by frame until it is told."""

    def __init__(self, t_s: float, origin: Vec3, peak_deg: float, *, moving: bool) -> None:
        self.origin = origin
        if not moving:
            self.stage = Stage.STILL
        elif peak_deg >= ARRIVAL_DEG:
            self.stage = Stage.FAR
        else:
            self.stage = Stage.ON_THE_WAY
        self.start: Vec3 | None = None
        """Where the set starts, once ``ARRIVED``."""
        self._go_s = t_s
        self._peak_deg = peak_deg
        self._peak_s = t_s
        self._far: tuple[float, float] = (t_s, peak_deg)
        """How far from ``origin`` the last frame was, and when."""
        self._pace_dps: float | None = None
        """How fast the move gets further from ``origin`` lately, degrees a second."""

    @property
    def may_arrive_soon(self) -> bool:
        """On the way, and at its pace as far as ``ARRIVAL_DEG`` within ``REACH_S``: a warning
        the move would give waits."""
        if self.stage is not Stage.ON_THE_WAY or not self._pace_dps or self._pace_dps <= 0.0:
            return False
        return ARRIVAL_DEG - self._far[1] <= REACH_S * self._pace_dps

    @property
    def over(self) -> bool:
        return self.stage is Stage.ARRIVED or self.stage is Stage.STOPPED_SHORT

    def update(self, t_s: float, fast: Vec3, settled: bool) -> None:
        """A frame: ``fast`` the lightly filtered direction of gravity, ``settled`` whether it
        has kept where it is for a moment (the analyzer's ``ARRIVED_S``)."""
        if self.over:
            return
        o = self.origin
        dot = fast[0] * o[0] + fast[1] * o[1] + fast[2] * o[2]
        far = math.degrees(math.acos(max(-1.0, min(1.0, dot))))
        last_s, last_deg = self._far
        if t_s > last_s:
            pace = (far - last_deg) / (t_s - last_s)
            if self._pace_dps is None:
                self._pace_dps = pace
            else:
                self._pace_dps += (1.0 - math.exp((last_s - t_s) / PACE_TAU_S)) * (
                    pace - self._pace_dps
                )
        self._far = (t_s, far)
        if self.stage is Stage.STILL:
            if far > BEGIN_DEG:
                self.stage = Stage.ON_THE_WAY
                self._peak_deg, self._peak_s = far, t_s
            elif t_s - self._go_s > BEGIN_S:
                self.stage = Stage.STOPPED_SHORT
            return
        if far > self._peak_deg + PROGRESS_DEG:
            self._peak_deg, self._peak_s = far, t_s
        if self.stage is Stage.ON_THE_WAY:
            if self._peak_deg >= ARRIVAL_DEG:
                self.stage = Stage.FAR
            elif far < self._peak_deg - BACK_DEG or t_s - self._peak_s > STALL_S:
                self.stage = Stage.STOPPED_SHORT
            return
        if (settled and t_s - self._peak_s > STALL_S) or t_s - self._peak_s > SETTLE_MAX_S:
            self.stage = Stage.ARRIVED
            self.start = fast
