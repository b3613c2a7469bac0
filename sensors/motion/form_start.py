"""Where a set's form is judged from, when the set's go finds the person still moving.

Form is judged from the trunk's orientation at a set's go. A go that comes while the person is
still getting into position (the get-ready skipped with a key as they lay down, say) would take
a point part of the way there for the start, warn the rest of the move ("hips not level" at
85°), and, not re-armed so far from there, miss the set's real faults.

Such a go is told apart only by the move as a whole, seen from where the person was settled
before it (``origin``). Until it is told, the set's frames are kept, not judged:

- a move that turns the trunk ``FAR_DEG`` from there is a move into another position (lying
  down, onto all fours, onto a side; as the rep counter's own move into position): the set
  starts where it ends, once the person keeps still there, or ``SETTLE_MAX_S`` after the move
  last got further if they never do. The move itself is not judged. One that comes half way
  back before it settles was a lurch, or sitting up and lying back: judged from where the
  person was settled before it.
- a move that stops short of that (the person keeps still), turns back, or goes on for
  ``WAIT_MAX_S``, is no move into position: a sag, a rock, a fidget. The kept frames are
  judged from the go, as any set is, a little late (a rock is told at its first turn, a sag
  as it stops).

A go that finds the person settled is judged from the go at once, as always: a move that only
begins after the go cannot be told from a fault as it begins, and a warning does not wait. Once
such a move has turned the trunk ``TURNED_AWAY_DEG`` from the go's posture (the go came as the
person began to turn onto their back), no fault goes so far: it is told from there as a move
under way at the go is, from the go's posture (``FormMonitor.update``). A roll held at 50° is
still a fault, judged from the go.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from sensors.motion.events import Vec3
from sensors.motion.move_into_position import POSITION_DEG
from sensors.motion.orientation import angle_deg

FAR_DEG = POSITION_DEG
"""A move this far from where the person was settled is a move into another position."""
TURNED_BACK_DEG = 3.0
"""Short of ``FAR_DEG``, the move came back this far from as far as it got: it went nowhere
new (a rock). Above the light filter's noise (``SteadyWatch`` allows it 5° in its cone)."""
THERE_DEG = 1.0
"""The smooth direction of gravity this near the light one: it has caught up with the move."""
WAIT_MAX_S = 2.0
"""The longest a set's form waits after its go to be told a move short of ``FAR_DEG``..."""
SETTLE_MAX_S = 1.0
"""...and, far from where they were, for a person who never keeps still to stop getting
further: they are judged from where they are then."""
FURTHER_DEG = 0.5
"""The move gets further when it goes this much beyond as far as it got."""
CAME_BACK_SHARE = 0.5
"""A move that went ``FAR_DEG`` and, before it settled, came back this share of the way to
where the person was settled was no move into position (``Verdict.CAME_BACK``), if it settles
within ``HOME_DEG`` of there; elsewhere, it was a move into a position there."""
HOME_DEG = 5.0
TURNED_AWAY_DEG = 75.0
"""After a go that found the person settled, a move this far is one into another position (onto
the back from a side is 90°, from all fours 150°), not a fault (a held roll of 50° is one)."""


class Verdict(enum.Enum):
    JUDGE_FROM_GO = "judge from the go"
    """No move into position: the kept frames are judged from the orientation at the go."""
    START_HERE = "start here"
    """A move into position, over: the set's form is judged from where it ended."""
    CAME_BACK = "came back"
    """A move as far as one into position that came back (a lurch, sitting up and lying back):
    the kept frames are judged from where the person was settled before it, and is again (the
    go caught them part of the way)."""


class FormStart:
    """From a go that found the person moving away from ``origin``: the frames since, until the
    move is told (:meth:`update` returns a verdict)."""

    def __init__(self, go_s: float, origin: Vec3, at_go: Vec3) -> None:
        self.go_s = go_s
        self.origin = origin
        self._peak_deg = angle_deg(origin, at_go)
        self._peak_s = go_s
        """When the move last got further from ``origin``."""
        self._kept: list[tuple[float, Vec3, Vec3 | None]] = []
        self._back_s: float | None = None
        """When the far move came half way back."""

    def update(
        self, t_s: float, down: Vec3, fast: Vec3, axis: Vec3 | None, settled: bool
    ) -> Verdict | None:
        """A frame: ``down`` and ``fast`` the smooth and the lightly filtered directions of
        gravity, ``axis`` the movement's axis the form would be judged on now, ``settled``
        whether the light direction has kept where it is a moment (``ARRIVED_S``)."""
        self._kept.append((t_s, down, axis))
        far = angle_deg(self.origin, fast)
        if far > self._peak_deg + FURTHER_DEG:
            self._peak_s = t_s
        self._peak_deg = max(self._peak_deg, far)
        if self._peak_deg >= FAR_DEG:
            if self._back_s is None and far <= (1.0 - CAME_BACK_SHARE) * self._peak_deg:
                self._back_s = t_s
            # The smooth direction, which form is judged on, trails: the set starts once it
            # is there too.
            there = settled and angle_deg(down, fast) <= THERE_DEG
            since = self._peak_s if self._back_s is None else self._back_s
            if not there and t_s - since < SETTLE_MAX_S:
                return None
            if self._back_s is not None and far <= HOME_DEG:
                return Verdict.CAME_BACK
            return Verdict.START_HERE
        waited_out = t_s - self.go_s >= WAIT_MAX_S
        if settled or waited_out or self._peak_deg - far >= TURNED_BACK_DEG:
            return Verdict.JUDGE_FROM_GO
        return None

    def kept(self) -> Iterator[tuple[float, Vec3, Vec3 | None]]:
        """The frames since the go, each as (time, smooth direction, axis)."""
        return iter(self._kept)
