"""The move into position before a set's reps, told from the reps themselves.

A set often starts with the person getting into the start position (lying down, onto all
fours): a big first swing (``POSITION_DEG``) that then settles (the movement stays within
``STILL_DEG`` for ``SETTLED_S``) before any candidate was that move. The rep counter then
takes rest to be where it settled and learns the axis afresh from the reps that follow (they
may go any way from there). Unless, before ``SETTLED_REPS`` candidates from there and before
any rep is called out, the movement comes back to where it began (more than ``return_share``
of the way): then the settle was the far end of rep 1, held, and rest is where it began.
"""

from __future__ import annotations

import math

from sensors.motion.events import Vec3

SETTLED_S = 1.5
"""Still this long (the movement within ``STILL_DEG``) far from where a set's first swing began,
before any candidate: the swing was the move into position (see ``RepCounter._settle``)."""
SETTLED_AFTER_MOVING_GO_S = 0.5
"""...or this long, in a set whose go found the person moving (``MoveIntoPosition.expect``):
they were on their way into position, and the reps may start soon after they get there."""
SETTLED_REPS = 3
"""...unless, before this many candidates from there, the movement comes back to where it began
(``MoveIntoPosition.came_back``)."""
POSITION_DEG = 45.0
"""A move into position turns the body at least this much (lying down, onto all fours); a
smaller swing that settles is a fidget or a rep held at its far end, left as it was."""
POSITION_COS = math.cos(math.radians(POSITION_DEG))
WENT_ON_DEG = 15.0
"""After a settle and before any candidate, a movement this much further from where the person
stood before the move that settles again was the same move, paused part way."""
STILL_DEG = 4.0
"""The movement is still while it stays this close to where it was."""
STILL_COS = math.cos(math.radians(STILL_DEG))


class MoveIntoPosition:
    def __init__(self, return_share: float) -> None:
        self._return_share = return_share
        self._settle_s = SETTLED_S
        """Still this long, the move has settled."""
        self._still_v: Vec3 = (0.0, 0.0, 1.0)
        self._still_s = 0.0
        """The movement has stayed within ``STILL_DEG`` of ``_still_v`` since ``_still_s``."""
        self.away: tuple[Vec3, float, Vec3, float] | None = None
        """After a settle: where the person stood before the move into position, when that
        move began, where it settled, and when (see ``settled``)."""
        self.settled_deg = 0.0
        """How far from where the person stood before it the move had got as it settled."""
        self._settled_still_s = 0.0
        self._left_soon: bool | None = None
        """After a settle: whether the movement left where it settled before ``SETTLED_S`` there
        (it settled sooner, ``expect``: a pause part of the way), once it has left."""

    def forget(self) -> None:
        """The movement is followed afresh: there is no settle to come back from."""
        self.away = None
        self._settle_s = SETTLED_S

    def went_on(self, fast: Vec3) -> bool:
        """After a settle: the movement has gone on ``WENT_ON_DEG`` further from where the person
        stood before it (a move into position paused part way)."""
        if self.away is None:
            return False
        if not self._left_soon:
            return False
        return _angle_deg(fast, self.away[0]) >= self.settled_deg + WENT_ON_DEG

    def expect(self) -> None:
        """The set's go found the person moving: their first move, if it goes as far as a move
        into position, has settled sooner (``SETTLED_AFTER_MOVING_GO_S``)."""
        self._settle_s = SETTLED_AFTER_MOVING_GO_S

    def still_long(self, t_s: float, fast: Vec3) -> bool:
        """Every frame: follows the stillness; True once the movement has stayed still for
        ``SETTLED_S`` (or as ``expect`` says)."""
        v = self._still_v
        if fast[0] * v[0] + fast[1] * v[1] + fast[2] * v[2] < STILL_COS:
            if self.away is not None and self._left_soon is None:
                self._left_soon = t_s - self._settled_still_s < SETTLED_S
            self._still_v, self._still_s = fast, t_s
            return False
        return t_s - self._still_s >= self._settle_s

    def settled(self, t_s: float, fast: Vec3, before: Vec3, start_s: float) -> None:
        """The move into position, begun at ``start_s`` from ``before``, has settled at
        ``fast``: watch whether the movement comes back (``came_back``)."""
        far = self._still_v  # where the stillness began, at the far end
        if _angle_deg(fast, before) > _angle_deg(far, before):
            far = fast
        self.away = (before, start_s, far, t_s)
        self.settled_deg = _angle_deg(far, before)
        self._settled_still_s, self._left_soon = self._still_s, None

    def came_back(
        self, fast: Vec3, candidates: int, last_rep_s: float
    ) -> tuple[Vec3, float, Vec3, float] | None:
        """After a settle, with ``candidates`` since and the last rep called out at
        ``last_rep_s``: when the movement has come back to where the person stood before the
        settle, the settle was the far end of rep 1 (a hold at its top). Then where the person
        stood, when rep 1 began, its far end and its size (deg)."""
        assert self.away is not None
        before, start_s, settled, settled_s = self.away
        if candidates >= SETTLED_REPS or last_rep_s > settled_s:
            self.away = None  # reps from where the movement settled (or already called out)
            return None
        whole = _angle_deg(settled, before)
        now = _angle_deg(fast, before)
        if now > whole:
            self.away = (before, start_s, fast, settled_s)  # the far end was further
        if now > (1.0 - self._return_share) * whole:
            return None
        self.away = None
        return before, start_s, settled, whole


def _angle_deg(a: Vec3, b: Vec3) -> float:
    dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
    return math.degrees(math.acos(max(-1.0, min(1.0, dot))))
