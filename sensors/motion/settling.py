"""When a set's first swing settled into position: the rules the rep counter asks as it goes.

When a big first swing (``POSITION_DEG``) settles (still for ``SETTLED_S``, or a moment in a set
whose go found the person moving, for their reps may follow soon) before any candidate, it was the
move into position (``settled_away``): rest is where it settled, the first swing is measured from
there, and the axis is learned afresh from the reps that follow (they may go any way from there),
unless the movement comes back first to where it began, or to where the person stopped on the way
and turned off it (a first rep held at its far end: that was rep 1; ``move_into_position.py``).
Still again further on (``WENT_ON_DEG``) from where the person stood before it, after the go's
arrival, or after a settle (once a set, and only in a set whose go found the person moving), the
move had paused part way, and settles there (``went_on``). A swing of ``first_rep_deg`` or more
from where it settled that settles too, before any candidate, eased on into position
(``eased_on``): it settles again there, and the first settle is such a stop, whichever way the
ease went (come back to, it was where a held rep 1 began). When the big first swing stopped a
moment at its far end and the person came back there from a swing across its way, still there
``SETTLED_S`` in all (reps begun soon after the move into position, each pause too short to
settle), it settled there, and that swing out and back was rep 1 (``back_home``).

The out-and-back that a big swing showed to be rep 1 in a set the runner marked
(``RepCounter._came_back_before``) is not, when the big swing then settles as a move into
position does: it was a shift on the way (``took_out_and_back``). Nor is the set's one candidate,
smaller than a move into position, when a swing after it settles so: it was a shift on the way,
whichever way it went (its way back may have run on into the move, one swing past where the
person stood; ``shift_first``), unless the movement then comes back to where the person stood:
the settle was the far end of rep 2, held at its top, and the candidate rep 1. Live, such a shift
may have been called out already: it is taken back (``RepWithdrawn``) once a rep from where the
move settled counts (with none, the settle was the move out of position after rep 1, and it
stands).

These rules take what they read of the counter's swing as arguments and return a decision; the
counter carries it out (it follows the movement afresh from where the move settled). What they
remember themselves lives here: whether the set's go found the person moving, whether the move
went on once, the out-and-back or shift taken before the move, and where the movement first
stopped after the big swing; the counter tells them what happened (``go_found_moving``,
``took_out_and_back``, ``dropped_first``) and takes a shift back from them (``take_shift``).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from sensors.motion.events import Vec3
from sensors.motion.move_into_position import (
    POSITION_COS,
    POSITION_DEG,
    SETTLED_S,
    STILL_COS,
    TURNED_SHARE,
    MoveIntoPosition,
)
from sensors.motion.rep_judging import Candidate


class BackHome(NamedTuple):
    """Rep 1, found as the person came back to where the set's first big swing first stopped
    (``Settling.back_home``)."""

    left_v: Vec3
    """Where the swing out and back left from."""
    left_s: float
    """When it left."""
    way_deg: float
    """Its size."""


class Settling:
    """The settle rules of one rep counter, over its ``MoveIntoPosition`` (which the counter
    owns: these rules read it)."""

    def __init__(self, position: MoveIntoPosition, first_rep_deg: float) -> None:
        self.position = position
        self._first_rep_deg = first_rep_deg
        self._rep_cos = math.cos(math.radians(first_rep_deg))
        self._shifted: Candidate | None = None
        """The candidate taken for a shift before the move into position as it settled
        (``shift_first``): put back should the settle prove the far end of a held rep."""
        self.new_set()
        self.forget()

    def new_set(self) -> None:
        """A new set: what the last one's go and settles left is dropped."""
        self._went_on_once = self._go_moving = False
        """The move into position went on from where it settled part way (once a set); the
        set's go found the person moving (``go_found_moving``)."""

    def go_found_moving(self) -> None:
        """The set's go found the person moving (``RepCounter.go_found_moving``): a move into
        position that settled part way may go on from there (``went_on``)."""
        self._go_moving = True

    def forget(self, *, keep_shift: bool = False) -> None:
        """The counter follows the movement afresh: what these rules saw of it is dropped (the
        counter has its ``MoveIntoPosition`` forget what that kept). ``keep_shift``: the move
        into position settles, and the shift taken before it (``dropped_first``) is kept, to be
        put back should the movement come back (``take_shift``)."""
        if not keep_shift:
            self._shifted = None
        self._small_first = False
        """The set's one candidate so far is the out-and-back before the swing that decided
        rest (``RepCounter._came_back_before``): a settle may still show it was on the way into
        position."""
        self._home: tuple[Vec3, float, float] | None = None
        """Where the movement first stopped after the set's first big swing (``back_home``),
        when it left, and how long it had been still there."""
        self._home_dot = 1.0
        self._home_far: Vec3 = (0.0, 0.0, 1.0)
        """The least cosine between the movement and ``_home`` since it left, and where."""

    def took_out_and_back(self) -> None:
        """The set's one candidate so far is the out-and-back before the swing that decided
        rest (``RepCounter._came_back_before``): a settle may still show it was on the way into
        position (``drops_first``)."""
        self._small_first = True

    def shift_first(self, candidates: int, first_deg: float) -> bool:
        """The set's one candidate (of ``first_deg``), smaller than a move into position
        (``POSITION_DEG``): a swing after it that settles that far from where the person stood
        may be the move into position, and the candidate a shift before it, whichever way it
        went (out and back the way of the move, or the other way, its way back running on into
        the move, which may then look like a rep the other way: ``RepCounter._flip``). It is
        dropped as the swing settles (live, one called out already is taken back once a rep
        from where the move settled counts: with none, the settle was the move out after rep 1;
        ``RepJudge.drop_first``), and put back should the movement come back to where the
        person stood (``RepCounter._came_back``): then the settle was the far end of rep 2, held
        at its top."""
        return candidates == 1 and first_deg < POSITION_DEG

    def drops_first(self, candidates: int, first_deg: float) -> bool:
        """As the move settles, the set's candidate so far was on the way into position (the
        out-and-back before it, or a shift: ``shift_first``), not rep 1."""
        return self._small_first or self.shift_first(candidates, first_deg)

    def dropped_first(self, first: Candidate | None) -> None:
        """As the move settles, the set's candidate so far (``first``) was dropped
        (``drops_first``): a shift is kept, to be put back should the movement come back
        (``take_shift``); the out-and-back before the swing that decided rest is not."""
        if not self._small_first:
            self._shifted = first

    def take_shift(self) -> Candidate | None:
        """After a settle, the movement has come back (``RepCounter._came_back``): the candidate
        taken for a shift before the move, to be put back when it came back to where the person
        stood before the move (the settle was the far end of rep 2, held at its top); none is
        kept after."""
        shifted, self._shifted = self._shifted, None
        return shifted

    def settled_away(
        self, fast: Vec3, phase: int, rest: int, candidates: int, first_deg: float, origin: Vec3
    ) -> bool:
        """Still, after a set's first swing left rest and before any candidate (but the
        out-and-back before it, ``took_out_and_back``, or a shift, ``shift_first``), far from where
        that swing began (``origin``): the swing was the move into a position that reps start
        from."""
        if phase == 0 or rest != -phase:
            return False
        if candidates > self._small_first and not self.shift_first(candidates, first_deg):
            return False
        o = origin
        return fast[0] * o[0] + fast[1] * o[1] + fast[2] * o[2] <= POSITION_COS

    def went_on(self, fast: Vec3, candidates: int) -> bool:
        """Still, after the go's arrival, or after a settle (once a set, and only in a set whose
        go found the person moving), and before any candidate, further on from where the person
        stood before it: the move into position had paused part way, and settles here."""
        if candidates:
            return False
        if self.position.went_on_from_arrival(fast):
            return True
        if self._went_on_once or not self._go_moving:
            return False
        return self.position.went_on(fast)

    def eased_on(self, fast: Vec3, phase: int, rest: int, candidates: int, origin: Vec3) -> bool:
        """Still, after a settle and before any candidate, a swing that left where the person
        settled (``origin``; ``first_rep_deg`` or more from there): they eased on into position,
        or held rep 1 at its far end (then the movement comes back to the first settle: see
        ``MoveIntoPosition.settled``)."""
        if candidates or self.position.away is None or phase in (0, rest):
            return False
        o = origin
        return fast[0] * o[0] + fast[1] * o[1] + fast[2] * o[2] <= self._rep_cos

    def began(self, origin: Vec3, start_s: float, *, eased: bool) -> tuple[Vec3, float]:
        """Where and when the move into position that settles now began: where the set's first
        swing began (``origin``, at ``start_s``), or, when it went on from where it settled part
        way (``went_on``, ``eased_on``), where the person stood before it."""
        away = self.position.away
        if self._went_on_now(eased=eased) and away is not None:
            return away[0], away[1]
        return origin, start_s

    def settles(self, *, eased: bool) -> None:
        """The move into position settles now: one that went on from where it settled part way
        is marked, for it goes on so once a set (``went_on``)."""
        if self._went_on_now(eased=eased):
            self._went_on_once = True

    def _went_on_now(self, *, eased: bool) -> bool:
        """The move that settles now went on from where it settled part way (eased on, or in a
        set whose go found the person moving)."""
        return (self._go_moving or eased) and self.position.away is not None

    def back_home(
        self, t_s: float, fast: Vec3, origin: Vec3, rep_start_t: float
    ) -> BackHome | None:
        """After a set's first big swing (``POSITION_DEG`` from ``origin``, rest the side it
        left, at ``rep_start_t``) and before any candidate or settle: where the movement first
        stopped (``STOPPED_S``) at the far end is where the person settled, once they came back
        there from a swing of ``first_rep_deg`` or more across the big swing's way (its far end
        no nearer to where that began, nor further, by ``TURNED_SHARE`` of its size) and were
        still there ``SETTLED_S`` in all (two pauses too short to settle on their own, a rep
        between: reps begun soon after the move into position). That swing out and back was
        rep 1: returned as where it left from, when, and its size (``BackHome``). One along the
        big swing's way is left as it was: the big swing's own (a wobble at the top of a held
        rep 1), or a fidget of a wrist that came to rest there."""
        home = self._home
        if home is None:
            stop = self.position.last_stop
            if stop is None or stop[1] <= rep_start_t:
                return None
            o = origin
            if stop[0][0] * o[0] + stop[0][1] * o[1] + stop[0][2] * o[2] > POSITION_COS:
                return None
            home = self._home = stop
            self._home_dot = 1.0
        v, left_s, still_s = home
        dot = fast[0] * v[0] + fast[1] * v[1] + fast[2] * v[2]
        if dot < self._home_dot:
            self._home_dot, self._home_far = dot, fast
            return None
        if dot < STILL_COS or still_s + self.position.still_for(t_s) < SETTLED_S:
            return None
        way_deg = math.degrees(math.acos(max(-1.0, self._home_dot)))
        if way_deg < self._first_rep_deg:
            return None
        o, far = origin, self._home_far
        home_deg = math.degrees(math.acos(min(1.0, v[0] * o[0] + v[1] * o[1] + v[2] * o[2])))
        far_deg = math.degrees(math.acos(min(1.0, far[0] * o[0] + far[1] * o[1] + far[2] * o[2])))
        if abs(far_deg - home_deg) > TURNED_SHARE * way_deg:
            return None
        return BackHome(v, left_s, way_deg)
