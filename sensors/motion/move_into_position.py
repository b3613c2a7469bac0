"""The move into position before a set's reps, told from the reps themselves.

A set often starts with the person getting into the start position (lying down, onto all
fours): a big first swing (``POSITION_DEG``) that then settles (the movement stays within
``STILL_DEG`` for ``SETTLED_S``) before any candidate was that move. The rep counter then
takes rest to be where it settled, measures the first swing from there (``settled_here``), and
learns the axis afresh from the reps that follow (they may go any way from there). Unless,
before ``SETTLED_REPS`` candidates from there and before any rep is called out, the movement
comes back (more than ``return_share`` of the way) to where it began, or to where the person
last stopped on the way (``STOPPED_S``): then the settle was the far end of rep 1, held, and
rest is where rep 1 began. (Stopped on the way, sitting up say, the person may have begun
rep 1 before the move had been still long enough to settle: the move and rep 1's way out
were one swing, and settled at rep 1's far end.) Back at such a stop means staying there or
turning back from it: a movement that goes on past it (a rep the way the move overshot, or
over to the side the person stopped on) only went through it. A settle after a settle (the
person eased on into position, ``Settling.eased_on``) takes the first for such a stop,
whichever way the ease went: a rep 1 held at its far end comes back there, and reps through
it pass it. A move stopped at its far end (``last_stop``) also settles there once the person
comes back to it from rep 1 and is still (``Settling.back_home``): still there
``SETTLED_S`` in all, no stop on the way.

A set's go may come just after a move into position is over (the person turned onto their
back, and the go came as they got there): the last moment the rep counter took for still is
then from before the move (the smooth direction turns on for seconds after a big turn), and a
first swing measured from there took the move and rep 1 for one swing. Where the person was
still at the go, or got still just after it (``arrival``), the first swing is measured from
there instead, whatever came before: the place is kept as it is found, for the light direction
may creep on a few degrees, or rep 1 begin, before the axis is clear. Should they, having
arrived ``POSITION_DEG`` or more from where they were before, go on ``WENT_ON_DEG`` further and
settle, the move had paused at the go, and settles there (once a set).
"""

from __future__ import annotations

import math
from typing import NamedTuple

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
STOPPED_S = 0.5
"""Still this long on the way to a settle, the person stopped there: a place rep 1 may have
begun from (see ``MoveIntoPosition.came_back``)..."""
TURNED_SHARE = 0.5
"""...when the way from there to the settle turned off the way the move had come: it added this
share of its own length to the angle from where the person stood before the move (a stop in
line with the move was a pause in it, and the way back passes it on the way to the start)."""
ARRIVED_BY_S = 0.3
"""A set's go found the person where they were still (within ``STILL_DEG``) from before the go
or from no later than this after it (the light direction trails a turn by a moment)..."""
ARRIVED_STILL_S = 0.3
"""...and were still there this long (``MoveIntoPosition.arrival``)."""
STILL_DEG = 4.0
"""The movement is still while it stays this close to where it was."""
STILL_COS = math.cos(math.radians(STILL_DEG))


class CameBack(NamedTuple):
    """The movement came back after a settle (``MoveIntoPosition.came_back``): the settle was
    the far end of rep 1, begun at ``start_s`` from ``start``, as far as ``far`` (``size_deg``).
    ``before_move``: it came back to where the person stood before the move into position, not
    to a stop on the way: the settle was that move's far end (the move and back out, should no
    rep follow), not the far end of a rep begun where the person stopped or settled first."""

    start: Vec3
    start_s: float
    far: Vec3
    size_deg: float
    before_move: bool


class MoveIntoPosition:
    """``return_share``: a movement back more than this share of the way has come back;
    ``rep_deg``: a stop closer than this to where the move settled is no place a rep began
    from (``first_rep_deg``)."""

    def __init__(self, return_share: float, rep_deg: float) -> None:
        self._return_share = return_share
        self._rep_deg = rep_deg
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
        self.settled_here: tuple[Vec3, float] | None = None
        """After a settle, until the movement is followed afresh: where and when it settled,
        the last moment the person is known to have been still (``RepCounter`` measures the
        first swing from there: the smooth direction turns on for seconds after a big turn,
        so its last still moment may be from before the move)."""
        self._stop: tuple[Vec3, float] | None = None
        self._stop_len = 0.0
        """Where the movement last stayed still for ``STOPPED_S`` before it went on, and when
        it went on."""
        self.stop: tuple[Vec3, float] | None = None
        """After a settle: the last stop on the way there (since the move began, ``rep_deg``
        or more from where it settled, the way from it turned off the move's, see
        ``TURNED_SHARE``), and when the movement left it."""
        self._stop_far: Vec3 = (0.0, 0.0, 1.0)
        """Where the movement settled, as it did (``stop`` is measured from there)."""
        self._near_stop: tuple[float, Vec3] | None = None
        """After a settle, once the movement has come back (``return_share``) towards ``stop``:
        the least angle to it since, and where the movement was then."""
        self._back_deg = 0.0
        """...and the most it has been from where the movement settled since."""
        self._settled_still_s = 0.0
        self._left_s = 0.0
        """After a settle, once the movement has left where it settled: when it left."""
        self._left_soon: bool | None = None
        """After a settle: whether the movement left where it settled before ``SETTLED_S`` there
        (it settled sooner, ``expect``: a pause part of the way), once it has left."""
        self._go_s: float | None = None
        """The set's go, until the first swing is measured (``arrival``)."""
        self._at_go: tuple[Vec3, float] | None = None
        """Where the person was still at the go, and since when (``_keep_at_go``)."""
        self._arrived_from: tuple[Vec3, float] | None = None
        """After an arrival at the go: where the person was before the move into it, and how
        far the move went (``went_on_from_arrival``)."""

    def forget(self) -> None:
        """The movement is followed afresh: there is no settle to come back from, nor a go's
        arrival."""
        self.away = self.settled_here = self.stop = None
        self._settle_s = SETTLED_S
        self._go_s = self._at_go = None
        self._arrived_from = None

    def go(self, t_s: float) -> None:
        """A set's go at ``t_s``: the first swing may start from where the person arrived
        (``arrival``)."""
        self._go_s = t_s
        self._at_go = None

    def arrival(
        self, t_s: float, last_still: tuple[Vec3, float], still_s: float
    ) -> tuple[Vec3, float] | None:
        """As the set's first swing is measured (once, after the go), with ``last_still`` where
        and when the person was last taken to be still, and had been for ``still_s``: where and
        when the person was still at the go (``ARRIVED_BY_S``, ``ARRIVED_STILL_S``, see
        ``_keep_at_go``), when that is more recent, and the person had kept still before
        (``STOPPED_S``: at the start of a recording nothing is known of what went before). The
        smooth direction turns on for seconds after a big turn, so ``last_still`` may be from
        before a move into position the go found over: the first swing measured from there
        took the move and rep 1 for one swing, and rep 1 was lost as the move settled after it
        (or, the person still a moment and rep 1 going back the move's way, never came back
        to rest). Only an arrival ``POSITION_DEG`` or more from ``last_still`` was a move into
        position (``went_on_from_arrival``)."""
        go_s, self._go_s = self._go_s, None
        at_go, self._at_go = self._at_go, None
        if go_s is None or at_go is None or still_s < STOPPED_S:
            return None
        v, since = at_go
        before, before_s = last_still
        if since <= before_s:
            return None  # still since: the last still moment is where they were at the go
        apart = _angle_deg(v, before)
        if apart >= POSITION_DEG:
            self._arrived_from = (before, apart)
        return at_go

    def _keep_at_go(self, t_s: float) -> None:
        """After the go, until the first swing is measured: where the person was still at the
        go, or got still no later than ``ARRIVED_BY_S`` after it (the light direction trails a
        turn by a moment), once they have kept there ``ARRIVED_STILL_S`` (or from the go, had
        they been still longer). Kept as it is found: the person may leave it before the
        first swing is measured (the axis is learned from rep 1's way out), and stop again at
        rep 1's far end."""
        go_s = self._go_s
        if go_s is None or self._at_go is not None:
            return
        since = self._still_s
        if since <= go_s + ARRIVED_BY_S and t_s - since >= ARRIVED_STILL_S:
            self._at_go = (self._still_v, since)

    def went_on_from_arrival(self, fast: Vec3) -> bool:
        """Still, after an arrival at the go (``arrival``) and before any settle: the movement
        has gone on ``WENT_ON_DEG`` further from where the person was before the move (it had
        paused part way at the go, and settles here). Once a set: a later settle is another
        matter."""
        if self._arrived_from is None or self.away is not None:
            return False
        before, apart = self._arrived_from
        if _angle_deg(fast, before) < apart + WENT_ON_DEG:
            return False
        self._arrived_from = None
        return True

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
                self._left_s = t_s
            if t_s - self._still_s >= STOPPED_S:
                self._stop, self._stop_len = (v, t_s), t_s - self._still_s
            self._still_v, self._still_s = fast, t_s
            return False
        self._keep_at_go(t_s)
        return t_s - self._still_s >= self._settle_s

    @property
    def last_stop(self) -> tuple[Vec3, float, float] | None:
        """Where the movement last stayed still ``STOPPED_S`` or more before it went on, when it
        went on, and how long it had been still there."""
        return None if self._stop is None else (*self._stop, self._stop_len)

    def still_for(self, t_s: float) -> float:
        """How long the movement has stayed still (within ``STILL_DEG``) so far."""
        return t_s - self._still_s

    def settled(
        self,
        t_s: float,
        fast: Vec3,
        before: Vec3,
        start_s: float,
        *,
        eased_to: Vec3 | None = None,
        home: bool = False,
    ) -> None:
        """The move into position, begun at ``start_s`` from ``before``, has settled at
        ``fast``: watch whether the movement comes back (``came_back``). ``eased_to``: it had
        settled before, and eased on from there as far as this: that settle is the stop on the
        way, whichever way the ease went (rep 1 may have begun there, and been held at its far
        end here). ``home``: it settled where it had stopped before (``Settling.back_home``),
        and what went out from there and back was rep 1: no stop on the way."""
        first = (self._stop_far, self._left_s)  # the settle before, should this one be eased
        far = self._still_v  # where the stillness began, at the far end
        if _angle_deg(fast, before) > _angle_deg(far, before):
            far = fast
        self.away = (before, start_s, far, t_s)
        self.settled_deg = _angle_deg(far, before)
        self._settled_still_s, self._left_soon = self._still_s, None
        self.settled_here = (fast, t_s)
        self.stop = self._near_stop = None
        self._stop_far = far
        stop = self._stop
        if eased_to is not None:
            self.stop = first
            if _angle_deg(eased_to, first[0]) > _angle_deg(far, first[0]):
                self._stop_far = eased_to  # the ease's far end, passed before it settled
        elif stop is not None and stop[1] > start_s and not home:
            part = _angle_deg(stop[0], far)
            turned = _angle_deg(before, stop[0]) + part - self.settled_deg
            if part >= self._rep_deg and turned >= TURNED_SHARE * part:
                self.stop = stop

    def came_back(
        self, t_s: float, fast: Vec3, candidates: int, last_rep_s: float
    ) -> CameBack | None:
        """After a settle, with ``candidates`` since and the last rep called out at
        ``last_rep_s``: when the movement has come back to where the person stood before the
        move, or to where they stopped on the way (``stop``, once they stay there or turn back
        from it: ``_back_to_stop``), the settle was the far end of rep 1 (a hold at its top),
        begun there."""
        assert self.away is not None
        before, start_s, settled, settled_s = self.away
        if candidates >= SETTLED_REPS or last_rep_s > settled_s:
            self.away = None  # reps from where the movement settled (or already called out)
            return None
        if self.stop is not None:
            back = self._back_to_stop(t_s, fast, self._stop_far)
            if back is not None:
                return back
        now, whole = _angle_deg(fast, before), _angle_deg(settled, before)
        if now > whole:
            self.away = (before, start_s, fast, settled_s)  # the far end was further
        if now <= (1.0 - self._return_share) * whole:
            self.away = None
            return CameBack(before, start_s, settled, whole, before_move=True)
        return None

    def _back_to_stop(self, t_s: float, fast: Vec3, settled: Vec3) -> CameBack | None:
        """Come back (``return_share``) towards ``stop`` from where it settled (``settled``, as
        it settled: the far end ``came_back`` moves out is measured from before the move), the
        movement has come back to it once it stays there (still ``STOPPED_S``) or turns back
        from there towards ``settled``. One that goes on past the stop (``STILL_DEG`` further
        from ``settled``) went through it: a rep the way the move overshot, or over to the side
        the person stopped on; the stop is no place a rep began."""
        assert self.stop is not None
        stop, stop_s = self.stop
        whole = _angle_deg(settled, stop)
        gap = _angle_deg(fast, stop)
        near = self._near_stop
        if near is None:
            if gap <= (1.0 - self._return_share) * whole:
                self._near_stop = (gap, fast)
                self._back_deg = 0.0
            return None
        self._back_deg = max(self._back_deg, _angle_deg(fast, settled))
        if gap < near[0]:
            self._near_stop = (gap, fast)
            return None
        still = t_s - self._still_s >= STOPPED_S
        if not still and gap < near[0] + STILL_DEG:
            return None
        if _angle_deg(fast, settled) > whole + STILL_DEG:
            self.stop = self._near_stop = None  # on past the stop
            return None
        if still or _angle_deg(fast, settled) < _angle_deg(near[1], settled):
            self.away = None
            # As far as the way back went: the stop may have been taken a few degrees on its
            # way out (a settle comes once still long enough, maybe as rep 1 began slowly).
            return CameBack(stop, stop_s, settled, max(whole, self._back_deg), before_move=False)
        self._near_stop = (gap, fast)
        return None


def _angle_deg(a: Vec3, b: Vec3) -> float:
    dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
    return math.degrees(math.acos(max(-1.0, min(1.0, dot))))
