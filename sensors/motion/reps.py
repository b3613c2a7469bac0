"""Rep counting that copes with slow, fast and small reps, and ignores fidgeting and rest.

1. The lightly filtered gravity direction is projected onto the main axis of recent movement
   (``movement_axis.py``: learned only while moving, so that a rest does not forget it).
2. The projection, in degrees, goes through a hysteresis ("zig-zag") detector: a turn counts
   once the signal has come back from its extreme by at least ``h``, where ``h`` is a share of
   the recent swing size and never below ``min_swing_deg``. The recent swing size fades during
   pauses, so small reps after big ones are seen, while noise and breathing stay below the floor.
3. Which side is rest is decided before anything is counted: the side a big swing
   (``first_rep_deg``) left, or came back to where the person had stood still; for small reps, the
   side three alike swings began at. In hindsight, a first swing as big as a move into position that
   nobody was still before shows rest where it dwelt at its far end (``dwell.py``). A twitch before
   the first rep cannot swap the sides, but when the movement right after the set's first candidate
   goes ``FLIP_SHARE`` times that candidate's size past the rest side, the candidate was a
   counter-movement (a dip before a lift) and rest is the other side. A go that finds the person
   still (a move into position just over, or none) measures the first swing from where they were
   still at the go. In a set the runner marked, when a big swing decides rest as the side it left
   and the two swings before it went out from that side and back, they were rep 1 (begun with the
   set, while the axis settled, too small to decide): a candidate as big as the bigger half. A set
   found in a recording has no such start (what went before may be the way into position), so
   there it is not.

   A big first swing (``POSITION_DEG``) that settles before any candidate was the move into
   position: rest is where it settled, the first swing is measured from there, and the axis is
   learned afresh from the reps that follow. The settle rules (``settling.py``: settled away, a
   shift first, went on, eased on, back home) tell when it settled and what went before it, from
   where the person was still, stopped and settled (``move_into_position.py``).
4. A candidate rep is each return to the rest side (undoing at least ``return_share`` of the
   swing, so an overshoot at the top is not a return) that took between ``min_rep_s`` and
   ``max_rep_s``. Its size is as far as the movement went from the rest side, whatever the
   axis it was measured on.
5. A candidate is a rep when it is like the set's other reps, its size near the set's typical
   rep (``rep_judging.py``). How the typical rep is known depends on who is listening:

   - A set that someone is doing now (the runner marks it; ``hindsight`` off) counts each rep
     as it comes back, so a coach can call it out (``live_reps.py``: when the set's first
     candidate counts, a shallow first rep before a rocked one, a misfit that waits for the
     next, the other half of a rep, a shallow rep that filled the set's beat).
   - A set found in a recording afterwards (``hindsight`` on: ``auto_sets``) has nobody
     waiting, so its candidates are judged when the set ends, against the median of all of
     them, with the swing that left rest and never came back: when rest was taken at the
     reps' far end, it and the way to the first far end were one rep (``hindsight_reps.py``).

   No move into or out of position is a rep: a set's one rep that was a move into position come
   back to where it began (``Candidate.alone_no_rep``), with no rep after it, was the way in and
   back out; a last candidate that went on past rest without a stop, the set ending there, was
   the move out (``move_out.py``; see ``hindsight_reps.py`` for when it is kept), and so, in a
   recording, was a last candidate that turned off the line the set's reps move on
   (``HindsightJudge._drop_way_out``).

   A gap in the data within a set is followed across (the analyzer does not restart the
   counter): a rep that left rest before the gap and is back after it was done in the gap, and
   is a candidate like any other (its time, gap included, within ``max_rep_s``). Outside a set
   (one the runner ended during the gap) the analyzer restarts it.

Work per frame is constant; a set in hindsight keeps its candidates (at most ``KEPT_MAX``, see
``hindsight_reps.py``), and the acceleration of the last few minutes is kept (``rhythm.py``);
the period is found once a candidate.
``RepCounted.t_s`` is the moment the rep was recognised (the movement half-way back), so a
rep's ``duration_s`` runs a little short of its full length.
"""

from __future__ import annotations

import math
from collections import deque

from sensors.motion.dwell import STILL_BEFORE_S, Dwell
from sensors.motion.events import MotionEvent, Vec3
from sensors.motion.hindsight_reps import HindsightJudge
from sensors.motion.live_reps import LED_INTO_S, LiveJudge
from sensors.motion.move_into_position import POSITION_DEG, MoveIntoPosition
from sensors.motion.move_out import MoveOut
from sensors.motion.movement_axis import MovementAxis
from sensors.motion.rep_judging import Candidate, RepJudge
from sensors.motion.rep_rules import DEFAULT_REP_RULES, RepRules
from sensors.motion.rhythm import SetRhythm
from sensors.motion.settling import Settling

# What other modules import from here (the rules and constants live where they are applied).
__all__ = ["DEFAULT_REP_RULES", "LED_INTO_S", "RepCounter", "RepRules"]

EARLY_AXIS_AT = 2
"""``early_axis`` is the axis at this rep-like movement of a set."""
AXES_ALIKE_DEG = 10.0
"""Two rep-like movements whose axes are this close moved alike (a rep rocked 14° to a side
turns its axis 25-30° from the others')."""
AXES_KEPT = 8
"""The axes of this many recent rep-like movements are weighed for ``early_axis``."""
SWINGS_ALIKE = 0.5
"""Small reps: three swings this alike (the smallest this share of the largest) decide which
side is rest."""
FLIP_SHARE = 2.0
"""The movement after a set's first candidate that goes this many times its size past the rest
side shows the rest was the other side (see ``RepCounter._flip``)."""


class RepCounter:
    """``hindsight``: judge a set's candidates when the set ends (a recording, where nobody is
    waiting for each rep), not as each comes back."""

    def __init__(
        self, frame_hz: float, rules: RepRules = DEFAULT_REP_RULES, *, hindsight: bool = False
    ) -> None:
        self.rules = rules
        self.frame_hz = frame_hz
        self.hindsight = hindsight
        self._fade = math.exp(-1.0 / (rules.amplitude_tau_s * frame_hz))
        self._axis = MovementAxis(frame_hz, rules)
        self._rhythm = SetRhythm(frame_hz)
        """The acceleration lately, to find the set's own period."""
        judge = HindsightJudge if hindsight else LiveJudge
        self._judge: RepJudge = judge(rules, self._rhythm)
        """Which candidates are reps."""
        self.last_candidate_s = -math.inf
        """When a movement last came back like a rep (counted or not yet)."""
        self._anchor: tuple[Vec3, float] | None = None
        self._still_from: float | None = None
        self._anchor_still_s = 0.0
        """How long the person had been still at ``_anchor``."""
        self._position = MoveIntoPosition(rules.return_share, rules.first_rep_deg)
        self._settling = Settling(self._position, rules.first_rep_deg)
        """When the set's first swing settled into position (``settling.py``)."""
        self._dwell = Dwell()
        """In hindsight, where a big first swing dwelt (``dwell.py``)."""
        self._move_out = MoveOut()
        """Whether the set's last candidate was the move out of position (``move_out.py``)."""
        self._origin: Vec3 = (0.0, 0.0, 1.0)
        """Where the person was still before the set's first swing."""
        self._now: Vec3 = (0.0, 0.0, 1.0)
        """Where the movement is."""
        self.reset()

    def reset(self) -> None:
        """Start a new set. The count and the axis are kept; what the last set left undecided
        is dropped."""
        self.restart()
        self._judge.reset()
        self._candidates = 0
        self._settling.new_set()
        self.early_axis: Vec3 | None = None
        """The movement's axis as it was at the set's second rep-like movement (before a later
        one, a rocked rep say, could turn it), or, once more of the recent ones went another
        way, that way."""
        self._early_from = 0
        """``early_axis`` is taken this many candidates later (``take_early_axis_again``)."""
        self._axes: deque[Vec3] = deque(maxlen=AXES_KEPT)
        """The axes at the recent rep-like movements."""

    def restart(self) -> None:
        """Follow the movement afresh within the same set (after the move into position): its
        reps so far, and those waiting to be decided, still count."""
        self._follow_afresh(keep_shift=False)

    def _follow_afresh(self, *, keep_shift: bool) -> None:
        """``restart``; ``keep_shift``: as the move into position settles, the shift taken
        before it is kept (``Settling.dropped_first``)."""
        self._phase = 0  # 0 unknown, -1 at the low side, +1 at the high side
        self._rest = 0  # the side reps start from and return to
        self._rest_still_s = 0.0
        """How long the person had been still where rest was found (``Candidate.rest_still_s``)."""
        self._started = False
        self._low = self._high = 0.0
        self._low_v: Vec3 = (0.0, 0.0, 1.0)
        self._high_v: Vec3 = (0.0, 0.0, 1.0)
        """Where the movement was at its extremes, to size a rep whatever the axis did."""
        self._far_dot = self._out_far_dot = 1.0
        """The least cosine between the movement and the extreme it last left (and before the
        last turn)."""
        self._depart_t = self._depart_low = self._depart_high = 0.0
        self._swing_start_t = self._rep_start_t = self._turn_t = self._reached_t = 0.0
        self._swings: deque[tuple[float, int, float, float]] = deque(maxlen=3)
        self._lead_deg = 0.0
        """How far the swing that came to the rest side went, when the movement last left it
        (``Candidate.lead_deg``)."""
        self._rest_v: Vec3 | None = None
        """Where the movement last left the rest side from."""
        self._amplitude = 0.0
        self._flip_deg = 0.0
        """The size of the set's first candidate (see ``_flip``)."""
        self._flip_armed = self._flipped = False
        self._first: Candidate | None = None
        """The set's first candidate since the movement was followed afresh."""
        # What the rules kept of the movement followed so far.
        self._position.forget()
        self._settling.forget(keep_shift=keep_shift)
        self._dwell.forget()
        self._move_out.forget()

    def end_set(self, out: list[MotionEvent]) -> None:
        """The set is over: its candidates still undecided are decided now (in hindsight all
        of them, with the swing that left rest and never came back, if it did; live see
        ``LiveJudge.end_set``)."""
        self._judge.end_set(out, self._left_rest(), self._moved_out())

    def _moved_out(self) -> float | None:
        """When the set's last candidate came back, when it was the move out of position
        (``MoveOut.moved_out``)."""
        return self.last_candidate_s if self._move_out.moved_out(self._now) else None

    def _left_rest(self) -> Candidate | None:
        """The last swing, when it left the rest side and has not come back: from when it left
        to when it was confirmed, as far as it went; none when that took no time a rep takes
        (``min_rep_s`` to ``max_rep_s``, as any candidate: a jump across a gap in the data
        is none)."""
        if self._rest == 0 or self._phase != -self._rest:
            return None
        if not self.rules.min_rep_s <= self._reached_t - self._rep_start_t <= self.rules.max_rep_s:
            return None
        return Candidate(self._reached_t, self._rep_start_t, self._extent_deg())

    @property
    def count(self) -> int:
        """Reps counted so far (kept from set to set; the analyzer sets it back to 0)."""
        return self._judge.count

    @count.setter
    def count(self, count: int) -> None:
        self._judge.count = count

    def _alike(self, axis: Vec3) -> int:
        """How many of the recent rep-like movements went along ``axis``."""
        return sum(_axes_apart_deg(axis, other) <= AXES_ALIKE_DEG for other in self._axes)

    def take_early_axis_again(self) -> None:
        """The set's form starts afresh from here (its go found the person on the way into
        position): ``early_axis`` is taken at the first rep-like movement that follows (a
        first rep begun on the way is no candidate, and the second after would be the set's
        third rep, which a person may rock)."""
        self.early_axis = None
        self._axes.clear()
        self._early_from = self._candidates - 1

    def go(self, t_s: float) -> None:
        """The runner's go at ``t_s`` (after ``reset``): should it find the person still
        there (a move into position just over, or none), the set's first swing is measured
        from where they were still at the go (``MoveIntoPosition.arrival``)."""
        self._position.go(t_s)

    def go_found_moving(self) -> None:
        """The set's go found the person moving (on their way into position, maybe): a first
        swing as big as a move into position has settled once they keep still a moment, for
        the reps may follow soon after (see ``move_into_position.py``)."""
        self._settling.go_found_moving()
        self._position.expect()

    def paused(self, t_s: float) -> None:
        """The session paused at ``t_s`` (see ``SetRhythm.stopped``)."""
        self._rhythm.stopped(t_s)

    def forget_axis(self) -> None:
        """A set marked by the runner: the movement's axis is learned from this set alone
        (the way into the start position, a turn onto the back say, is not a rep's axis)."""
        self._axis.forget()

    @property
    def axis(self) -> Vec3:
        """The main axis of the movement lately (see ``movement_axis.py``)."""
        return self._axis.direction

    @property
    def axis_ready(self) -> bool:
        return self._axis.ready

    @property
    def last_turn_s(self) -> float:
        """When the movement last turned (a swing was confirmed)."""
        return self._turn_t

    @property
    def moving(self) -> bool:
        """A movement away from rest has been seen since the last reset."""
        return self._phase != 0

    def update(
        self,
        t_s: float,
        fast: Vec3,
        turn_dps: float,
        out: list[MotionEvent],
        acc: Vec3 | None = None,
    ) -> None:
        if acc is not None:
            self._rhythm.add(t_s, acc)
        self._now = fast
        if turn_dps < self.rules.moving_dps:
            if self._still_from is None:
                self._still_from = t_s
            self._anchor = (fast, t_s)
            self._anchor_still_s = t_s - self._still_from
        else:
            self._still_from = None
        self._move_out.follow(t_s, fast, self._still_from)
        position = self._position
        if position.still_long(t_s, fast):
            settling = self._settling
            phase, rest, candidates = self._phase, self._rest, self._candidates
            if settling.settled_away(
                fast, phase, rest, candidates, self._flip_deg, self._origin
            ) or settling.went_on(fast, candidates):
                self._settle(t_s, fast)
            elif settling.eased_on(fast, phase, rest, candidates, self._origin):
                self._settle(t_s, fast, eased=True)
        if self._rest != 0 and not self._candidates and position.away is None:
            home = self._settling.back_home(t_s, fast, self._origin, self._rep_start_t)
            if home is not None:
                # Back where the big swing first stopped, from rep 1: the person settled there.
                self._settle(t_s, fast, home=True)
                self._candidate(t_s, home.left_s, home.way_deg, out, left_v=home.left_v)
        axis = self._axis
        axis.learn(fast, turn_dps)
        if not axis.ready:
            if self._phase == 0:
                # Followed afresh from where the person settled, and still there: rep 1 found
                # as they settled (``Settling.back_home``) has rested after it.
                self._judge.rested(t_s, True, t_s, out)
            return
        ax, ay, az = axis.direction
        q = math.degrees(fast[0] * ax + fast[1] * ay + fast[2] * az)
        if not self._started:
            # Measure the first swing from where the person last stood still, not from where
            # the movement had got to when its axis became clear: since the settle, if there
            # was one, or where they arrived in position as the set's go came (after a big turn
            # the smooth direction goes on turning for seconds, so the last moment it took for
            # still may be from before the move into position).
            self._started = True
            anchor, anchor_t = self._anchor if self._anchor is not None else (fast, t_s)
            settled = position.settled_here
            if settled is not None and settled[1] > anchor_t:
                anchor, anchor_t = settled
            else:
                arrived = position.arrival(t_s, (anchor, anchor_t), self._anchor_still_s)
                anchor, anchor_t = arrived or (anchor, anchor_t)
            self._origin = anchor
            self._low = self._high = math.degrees(anchor[0] * ax + anchor[1] * ay + anchor[2] * az)
            self._low_v = self._high_v = anchor
            self._depart_low = self._depart_high = anchor_t
        rules = self.rules
        self._amplitude *= self._fade
        h = max(rules.min_swing_deg, rules.swing_share * self._amplitude)
        near = rules.departure_share * h
        back = rules.return_share
        self._judge.expire(t_s)
        if position.away is not None and self._came_back(t_s, q, fast, out):
            return
        phase = self._phase
        if self._rest == 0 and self.hindsight:
            self._dwell.path.append((t_s, q))
        # How far the movement has gone from the extreme it left: a rep's size whatever the
        # axis it is measured on (a set's first rep comes while the axis is still learned).
        start = self._origin if phase == 0 else self._low_v if phase > 0 else self._high_v
        dot = fast[0] * start[0] + fast[1] * start[1] + fast[2] * start[2]
        if dot < self._far_dot:
            self._far_dot = dot
        if phase == 0:
            self._first_swing(t_s, q, fast, h, near)
        elif phase > 0:
            if q > self._high:
                if q > self._high + near:
                    self._reached_t = t_s
                self._high, self._high_v = q, fast
            if q >= self._high - near:
                self._depart_t = t_s
            swing = self._high - self._low
            if self._rest == 0:
                self._undecided(t_s, swing, self._high - q > h, q, fast, out)
            elif self._rest > 0 and self._flip_armed and swing > FLIP_SHARE * self._flip_deg:
                self._flip(-1)
            elif self._rest > 0 and self._high - q > h:
                self._leave_rest()
                self._turn(-1, q, t_s, fast)
            elif self._rest < 0 and self._high - q > max(h, back * swing):
                self._candidate(t_s, self._rep_start_t, self._extent_deg(), out)
                self._turn(-1, q, t_s, fast)
                self._arm_flip()
        else:
            if q < self._low:
                if q < self._low - near:
                    self._reached_t = t_s
                self._low, self._low_v = q, fast
            if q <= self._low + near:
                self._depart_t = t_s
            swing = self._high - self._low
            if self._rest == 0:
                self._undecided(t_s, swing, q - self._low > h, q, fast, out)
            elif self._rest < 0 and self._flip_armed and swing > FLIP_SHARE * self._flip_deg:
                self._flip(+1)
            elif self._rest < 0 and q - self._low > h:
                self._leave_rest()
                self._turn(+1, q, t_s, fast)
            elif self._rest > 0 and q - self._low > max(h, back * swing):
                self._candidate(t_s, self._rep_start_t, self._extent_deg(), out)
                self._turn(+1, q, t_s, fast)
                self._arm_flip()
        self._judge.rested(t_s, self._phase == self._rest, self._depart_t, out)

    def _leave_rest(self) -> None:
        """The movement leaves the rest side: a rep may start here."""
        self._rep_start_t = self._depart_t
        self._rest_v = self._high_v if self._rest > 0 else self._low_v
        self._lead_deg = self._extent_deg()

    def _settle(self, t_s: float, fast: Vec3, *, eased: bool = False, home: bool = False) -> None:
        """The move into position is over: the reps that follow start from here, along an axis
        of their own, the first swing measured from here. Should the next big swing come back
        to where the person stood before, or to where they stopped on the way (a first rep held
        at its far end), that was rep 1 (see ``_came_back``). ``eased``: the person had settled
        before, and eased on from there (``Settling.eased_on``); ``home``: they came back to
        where the big swing first stopped (``Settling.back_home``)."""
        settling = self._settling
        before, start_s = settling.began(self._origin, self._rep_start_t, eased=eased)
        settling.settles(eased=eased)
        turn_t = self._turn_t
        if settling.drops_first(self._candidates, self._flip_deg):
            # The out-and-back before the move into position was a shift on the way there, not
            # rep 1: the reps are those from where it settled. A shift before it is put back
            # should the movement come back (``_came_back``): then it was rep 1, the settle
            # the far end of rep 2, held.
            settling.dropped_first(self._first)
            self._candidates = self._early_from = 0
            self._judge.drop_first()
        eased_to = (self._high_v if self._phase > 0 else self._low_v) if eased else None
        self._follow_afresh(keep_shift=True)
        self.forget_axis()
        self._turn_t = turn_t
        self._position.settled(t_s, fast, before, start_s, eased_to=eased_to, home=home)

    def _came_back(self, t_s: float, q: float, fast: Vec3, out: list[MotionEvent]) -> bool:
        """After a settle: when the movement has come back to where the person stood before it,
        or to where they stopped on the way (``MoveIntoPosition.came_back``), the settle was the
        far end of rep 1 (a hold at its top), and rest is where that began. Only one back to
        where the person stood before the move may have been the move into position and back
        out (``Candidate.alone_no_rep``), or shows a shift before it to have been rep 1: back to
        a stop on the way, or to where the person settled first and eased on from, the move
        into position ended there, and what went before it stays as it was."""
        back = self._position.came_back(t_s, fast, self._candidates, self._judge.last_rep_s)
        if back is None:
            return False
        before, settled = back.start, back.far
        # What was taken for candidates since the settle was the far end of rep 1 (a wobble
        # in its hold): no rep.
        self._judge.drop_latest(self._candidates)
        self._candidates = self._early_from = 0
        shifted = self._settling.take_shift()
        if shifted is not None and back.before_move:
            # What was taken for a shift before the settle was rep 1, the settle rep 2's far end.
            self._judge.put_back(shifted, out)
            self._candidates = 1
        ax, ay, az = self._axis.direction
        rest_q = math.degrees(before[0] * ax + before[1] * ay + before[2] * az)
        far_q = math.degrees(settled[0] * ax + settled[1] * ay + settled[2] * az)
        rest = 1 if rest_q > far_q else -1
        self._rest = rest
        self._rest_still_s = 0.0  # found from the movement, not where the person was still
        if rest > 0:
            self._low, self._low_v, self._high, self._high_v = far_q, settled, rest_q, before
        else:
            self._low, self._low_v, self._high, self._high_v = rest_q, before, far_q, settled
        self._candidate(t_s, back.start_s, back.size_deg, out, alone_no_rep=back.before_move)
        self._turn(rest, q, t_s, fast)
        self._arm_flip()
        return True

    def _first_swing(self, t_s: float, q: float, fast: Vec3, h: float, near: float) -> None:
        if q < self._low:
            self._low, self._low_v = q, fast
        if q > self._high:
            self._high, self._high_v = q, fast
        if q <= self._low + near:
            self._depart_low = t_s
        if q >= self._high - near:
            self._depart_high = t_s
        if q - self._low > h:
            self._swing_start_t = self._depart_low
            self._turn(+1, q, t_s, fast)
        elif self._high - q > h:
            self._swing_start_t = self._depart_high
            self._turn(-1, q, t_s, fast)

    def _undecided(
        self,
        t_s: float,
        swing: float,
        turned: bool,
        q: float,
        fast: Vec3,
        out: list[MotionEvent],
    ) -> None:
        """Which side is rest? The side a big swing left, or that three alike swings began at.

        Until then nothing is counted, so a twitch before the first rep cannot swap the sides.
        Live, after smaller swings, a big swing on its way back toward where the person started
        at the go decides once it gets there (rep 1) or turns short of it.
        """
        phase = self._phase
        dwell = self._dwell
        if dwell.side and turned and dwell.fidget(swing) and dwell.left(self._low, self._high):
            # The swing from where the movement dwelt was no rep's (a fidget): rest is where
            # the big swing began after all.
            self._rest = rest = dwell.side
            self._rep_start_t = self._swing_start_t
            low, low_v, high, high_v = dwell.into_ends
            if rest > 0:
                self._high, self._high_v = high, high_v
                if low < self._low:
                    low, low_v = self._low, self._low_v
                self._low, self._low_v = low, low_v
            else:
                self._low, self._low_v = low, low_v
                if high > self._high:
                    high, high_v = self._high, self._high_v
                self._high, self._high_v = high, high_v
            self._phase = -rest
            return
        if swing >= self.rules.first_rep_deg:
            ax, ay, az = self._axis.direction
            ox, oy, oz = self._origin
            origin = math.degrees(ox * ax + oy * ay + oz * az)
            if self._swings and abs(q - origin) < 0.5 * swing:
                # This big swing came back to where the person started (the way out was
                # underestimated while the axis settled): rest is here, and that was rep 1,
                # as big as the way out went.
                self._rest = phase
                self._candidate(t_s, self._swings[-1][2], self._extent_deg(way_out=True), out)
                self._arm_flip()
            elif not self.hindsight and self._swings and not turned and (origin - q) * phase > 0:
                # Live, still on its way back to where the go found the person: it decides once
                # it gets there (the way out was measured short while the axis settled) or
                # turns short of it.
                return
            elif dwell.side:
                if dwell.fidget(swing):
                    return
                # A swing like the one into the dwell left it: rest is there.
                self._rest = -phase
                self._rep_start_t = self._swing_start_t
            elif self.hindsight and self._anchor_still_s < STILL_BEFORE_S:
                # Nobody was still where this swing began (the set was found mid-movement):
                # when it was as big as a move into position, rest is where it dwelt, once a
                # swing like it leaves there.
                if not turned:
                    return
                if self._extent_deg() >= POSITION_DEG and dwell.dwelt(phase, self._low, self._high):
                    dwell.keep_swing(
                        -phase, swing, (self._low, self._low_v, self._high, self._high_v)
                    )
                    self._swing_start_t = self._depart_t
                    self._turn(-phase, q, t_s, fast)
                else:
                    self._rest = -phase
                    self._rep_start_t = self._swing_start_t
            else:
                self._rest = -phase
                self._rest_still_s = self._anchor_still_s
                self._rep_start_t = self._swing_start_t
                self._came_back_before(out)
            return
        if not turned:
            return
        if dwell.side:
            # Within where the big swing dwelt (an arm drifting, a hand shifting on a bar): no
            # small reps begin there before rest is known.
            self._swing_start_t = self._depart_t
            self._turn(-phase, q, t_s, fast)
            return
        self._swings.append((swing, -phase, self._swing_start_t, self._reached_t))
        self._swing_start_t = self._depart_t
        self._turn(-phase, q, t_s, fast)
        if len(self._swings) < 3:
            return
        (a, side, a_start, _), (b, _, _, b_back), (c, _, c_start, _) = self._swings
        if min(a, b, c) >= SWINGS_ALIKE * max(a, b, c):
            # Small reps from the start: the first two swings were rep 1, the third and this
            # turn back are rep 2.
            self._rest = side
            self._candidate(b_back, a_start, a, out)
            self._candidate(t_s, c_start, c, out)

    def _came_back_before(self, out: list[MotionEvent]) -> None:
        """A big swing has just shown rest to be the side it left. In a set the runner marked
        (the person was in the start position when it began), when the two swings before it
        went out from that side and came back to it, they were rep 1, too small to decide
        anything while the axis settled: a candidate, as big as the bigger of its two halves
        (the way out was measured before the axis was clear). A set found in a recording has
        no such start: what went before its first big swing may be the way into position."""
        if self.hindsight or len(self._swings) < 2:
            return
        # Swings alternate, so the one before the way back to rest went out from rest.
        (out_deg, _, start_s, _), (back_deg, _, _, back_s) = list(self._swings)[-2:]
        made = self._candidates
        self._candidate(back_s, start_s, max(out_deg, back_deg), out)
        if self._candidates > made:
            self._settling.took_out_and_back()

    def _turn(self, phase: int, q: float, t_s: float, fast: Vec3) -> None:
        swing = self._high - self._low
        self._amplitude = swing if self._amplitude == 0 else 0.5 * (self._amplitude + swing)
        self._phase = phase
        if phase > 0:
            self._high, self._high_v = q, fast
        else:
            self._low, self._low_v = q, fast
        self._depart_t = self._turn_t = self._reached_t = t_s
        self._dwell.path.clear()
        self._out_far_dot, self._far_dot = self._far_dot, 1.0
        self._flip_armed = False

    def _arm_flip(self) -> None:
        """Until the next turn, the movement may show the set's first candidate was a
        counter-movement before a rep the other way (once a set)."""
        self._flip_armed = self._candidates == 1 and self._flip_deg > 0.0 and not self._flipped
        self._flipped = self._flipped or self._flip_armed

    def _flip(self, rest: int) -> None:
        """The set's first candidate was a small counter-movement: the movement after it went
        far past the side taken for rest, so rest is the other side, and this is a rep."""
        self._rest = rest
        self._rest_still_s = 0.0  # rest is not where the person was still after all
        self._rep_start_t = self._turn_t
        self._flip_armed = False

    def _extent_deg(self, *, way_out: bool = False) -> float:
        """The swing's size: the angle between its two extremes, or as far as the movement got
        from the extreme it left (``way_out``: or before the last turn), whichever is more,
        even when the axis it was measured on was still being learned (a set's first rep)."""
        low, high = self._low_v, self._high_v
        dot = min(low[0] * high[0] + low[1] * high[1] + low[2] * high[2], self._far_dot)
        if way_out:
            dot = min(dot, self._out_far_dot)
        return math.degrees(math.acos(max(-1.0, min(1.0, dot))))

    def _candidate(
        self,
        t_s: float,
        start_s: float,
        amplitude_deg: float,
        out: list[MotionEvent],
        left_v: Vec3 | None = None,
        *,
        alone_no_rep: bool = False,
    ) -> None:
        """``left_v``: where the movement left rest, when not the rest side's extreme;
        ``alone_no_rep``: see ``Candidate``."""
        rules = self.rules
        if not rules.min_rep_s <= t_s - start_s <= rules.max_rep_s:
            return
        self.last_candidate_s = t_s
        far = self._low_v if self._rest > 0 else self._high_v
        self._move_out.came_back(far, self._rest_v, amplitude_deg)
        self._candidates += 1
        axis = self._axis.direction
        self._axes.append(axis)
        if self._candidates - self._early_from == EARLY_AXIS_AT:
            self.early_axis = axis
        elif self.early_axis is not None and self._alike(axis) > self._alike(self.early_axis):
            # More of the set's movements went like this one than like the one the axis was
            # taken at: that one was the odd one out (a rocked rep), and form would warn
            # every rep after it.
            self.early_axis = axis
        if left_v is None and self._rest != 0:
            left_v = self._high_v if self._rest > 0 else self._low_v
        candidate = Candidate(
            t_s,
            start_s,
            amplitude_deg,
            self._lead_deg,
            left_v,
            self._rest_still_s,
            alone_no_rep,
            far if self._rest != 0 else None,
        )
        if self._candidates == 1:
            self._first, self._flip_deg = candidate, amplitude_deg
        self._judge.add(candidate, out)


def _axes_apart_deg(a: Vec3, b: Vec3) -> float:
    """The angle between two axes, whichever way each points."""
    dot = abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2])
    return math.degrees(math.acos(min(1.0, dot)))
