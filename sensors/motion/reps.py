"""Rep counting that copes with slow, fast and small reps, and ignores fidgeting and rest.

1. The lightly filtered gravity direction is projected onto the main axis of recent movement
   (``movement_axis.py``: learned only while moving, so that a rest does not forget it).
2. The projection, in degrees, goes through a hysteresis ("zig-zag") detector: a turn counts
   once the signal has come back from its extreme by at least ``h``, where ``h`` is a share of
   the recent swing size and never below ``min_swing_deg``. The recent swing size fades during
   pauses, so small reps after big ones are seen, while noise and breathing stay below the floor.
3. Which side is rest is decided before anything is counted: the side a big swing
   (``first_rep_deg``) left, or came back to where the person had stood still; for small reps,
   the side three alike swings began at. A twitch before the first rep cannot swap the sides,
   but when the movement right after the set's first candidate goes ``FLIP_SHARE`` times that
   candidate's size past the rest side, the candidate was a counter-movement (a dip before
   a lift) and rest is the other side. When a big first swing (``POSITION_DEG``) settles
   (still for ``SETTLED_S``) before any candidate, it was the move into position: rest is
   where it settled, and the axis is learned afresh from the reps that follow (they may go
   any way from there), unless the movement comes back to where it began first (a first rep
   held at its far end: that was rep 1). In a set the runner marked, when a big swing decides
   rest as the side it left and the two swings before it went out from that side and back,
   they were rep 1 (begun with the set, while the axis settled, too small to decide): a
   candidate as big as the bigger half. A set found in a recording has no such start (what
   went before may be the way into position), so there it is not; nor is it when the big
   swing then settles as a move into position does (the out-and-back was a shift on the way).
4. A candidate rep is each return to the rest side (undoing at least ``return_share`` of the
   swing, so an overshoot at the top is not a return) that took between ``min_rep_s`` and
   ``max_rep_s``. Its size is as far as the movement went from the rest side, whatever the
   axis it was measured on.
5. A candidate is a rep when it is like the set's other reps: its size between ``fit_share``
   and ``fit_over`` times the set's typical rep. The way into and out of position, settling
   and fidgets are mostly much bigger or much smaller than the reps around them. How the
   typical rep is known depends on who is listening:

   - A set that someone is doing now (the runner marks it; ``hindsight`` off) counts each rep
     as it comes back, so a coach can call it out. The set's first candidate of at least
     ``at_once_deg`` counts once the movement has stayed at rest ``LED_INTO_S`` after it
     (did not turn away again sooner). When it turned away sooner, the next candidate
     decides: one more than ``fit_over`` times bigger (a misfit, see below) that left rest
     that soon shows the first was a move on its own leading into rep 1 (the arm swung into
     place, the dip before a burpee), so it is no rep and the next is judged as the set's
     first; otherwise the first counts, late, and the next is judged against it. A first
     candidate under ``at_once_deg`` waits for the next: when the two are alike (the smaller
     at least ``pair_share`` of the larger) both count, so that first rep is reported one rep
     late, with the second; otherwise the first was a move on its own (a fidget, settling)
     and the second takes its place. From then on the typical rep is the
     median of the latest reps: a candidate that fits counts at once; a misfit waits, a
     second one like it confirms both (the person changed to smaller or bigger reps), a
     fitting rep, the end of the set or a long wait drops it (the way out of position, a
     fidget). When the latest ``RECENT_MAX`` candidates came in pairs (as below), a candidate
     less than ``HALF_SHARE`` of the set's period after the last rep is not counted. A misfit
     too small to fit that was the only candidate between two reps counts with the second
     when it filled the set's beat: the two reps are two beats apart (the median spacing of
     the latest reps, from the set's third rep on) and it came about one beat after the first
     (``rhythm.fills_beat``): a shallow rep, not a fidget in a pause.
   - A set found in a recording afterwards (``hindsight`` on: ``auto_sets``) has nobody
     waiting, so its candidates are judged when the set ends, against the median of all of
     them, and a set needs ``set_min_reps`` that fit: a pair of sways in a still spell is not
     a set. When the set's acceleration repeats at twice the candidates' spacing and not at
     it, each rep came back twice (a press turns the wrist twice), and a candidate less than
     ``HALF_SHARE`` of that period after a rep is its other half. Otherwise a candidate too
     small to fit is a rep when it is the only one between two reps that fit and fills the
     beat they missed, as live.

   A gap in the data within a set is followed across (the analyzer does not restart the
   counter): a rep that left rest before the gap and is back after it was done in the gap, and
   is a candidate like any other (its time, gap included, within ``max_rep_s``). Outside a set
   (one the runner ended during the gap) the analyzer restarts it.

Work per frame is constant; a set in hindsight keeps its candidates (at most ``KEPT_MAX``), and
the acceleration of the last few minutes is kept (``rhythm.py``); the period is found once a
candidate.
``RepCounted.t_s`` is the moment the rep was recognised (the movement half-way back), so a
rep's ``duration_s`` runs a little short of its full length.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from itertools import pairwise

from sensors.motion.events import MotionEvent, RepCounted, Vec3
from sensors.motion.movement_axis import AXIS_READY_DEG, MovementAxis
from sensors.motion.rep_rules import DEFAULT_REP_RULES, RepRules
from sensors.motion.rhythm import SetRhythm, fills_beat

__all__ = ["AXIS_READY_DEG", "DEFAULT_REP_RULES", "RepCounter", "RepRules"]

TYPICAL_OF = 5
"""The typical rep size is the median of this many latest reps."""
EARLY_AXIS_AT = 2
"""``early_axis`` is the axis at this rep-like movement of a set."""
SWINGS_ALIKE = 0.5
"""Small reps: three swings this alike (the smallest this share of the largest) decide which
side is rest."""
FLIP_SHARE = 2.0
"""The movement after a set's first candidate that goes this many times its size past the rest
side shows the rest was the other side (see ``RepCounter._flip``)."""
KEPT_MAX = 64
"""In hindsight, a set longer than this many candidates judges its oldest against the rest."""
HALF_SHARE = 0.6
"""Then a candidate less than this share of the set's period after a rep is its other half."""
RECENT_MAX = 6
"""Live, the set's period is found from the movement of its latest this many candidates."""
SETTLED_S = 1.5
"""Still this long (the movement within ``STILL_DEG``) far from where a set's first swing began,
before any candidate: the swing was the move into position (see ``RepCounter._settle``)."""
SETTLED_REPS = 3
"""...unless, before this many candidates from there, the movement comes back to where it began
(``RepCounter._came_back``)."""
POSITION_DEG = 45.0
"""A move into position turns the body at least this much (lying down, onto all fours); a
smaller swing that settles is a fidget or a rep held at its far end, left as it was."""
POSITION_COS = math.cos(math.radians(POSITION_DEG))
LED_INTO_S = 0.6
"""Live: a set's first candidate big enough to count on its own counts once the movement has
stayed back at rest this long after it came half-way back. A move on its own before rep 1 (the
arm swung into place, the dip before a burpee) leads straight into the rep (on tuned exermote
the rep left rest 0.4 s or less after it); a real rep ends in the start position, where the
person stays a moment, unless the reps run on without a pause (then the next is alike: see
``RepCounter._on_trial``)."""
STILL_DEG = 4.0
"""The movement is still while it stays this close to where it was."""
STILL_COS = math.cos(math.radians(STILL_DEG))


@dataclass(frozen=True, slots=True)
class _Candidate:
    t_s: float
    start_s: float
    amplitude_deg: float

    @property
    def duration_s(self) -> float:
        return self.t_s - self.start_s


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
        self.count = 0
        self._axis = MovementAxis(frame_hz, rules)
        self._sizes: deque[float] = deque(maxlen=TYPICAL_OF)
        """The latest reps' sizes (none yet: the set has no rep so far)."""
        self._unconfirmed: _Candidate | None = None
        """The set's first candidate, until the next one shows whether it was a rep."""
        self._trial: _Candidate | None = None
        """Live: the set's first candidate, big enough to count at once, until the movement
        has stayed at rest ``LED_INTO_S`` after it (or the next candidate shows what it was)."""
        self._trial_left = False
        """The movement turned away from rest too soon after the first on trial: the next
        candidate shows what it was."""
        self._waiting: _Candidate | None = None
        """A candidate that did not fit the set, until the next one shows what it was."""
        self._kept: deque[_Candidate] = deque()
        """In hindsight: the set's candidates so far."""
        self._rhythm = SetRhythm(frame_hz)
        """The acceleration lately, to find the set's own period."""
        self._recent: deque[_Candidate] = deque(maxlen=RECENT_MAX)
        """Live: the set's latest candidates."""
        self._last_rep_t = -math.inf
        """When the set's last rep came back."""
        self._rep_times: deque[float] = deque(maxlen=TYPICAL_OF + 1)
        """Live: when the set's latest reps came back (their beat)."""
        self.last_candidate_s = -math.inf
        """When a movement last came back like a rep (counted or not yet)."""
        self._anchor: tuple[Vec3, float] | None = None
        self._still_v: Vec3 = (0.0, 0.0, 1.0)
        self._still_s = 0.0
        """The movement has stayed within ``STILL_DEG`` of ``_still_v`` since ``_still_s``."""
        self._away: tuple[Vec3, float, Vec3, float] | None = None
        """After a settle: where the person stood before the move into position, when that
        move began, where it settled, and when (see ``_settle``)."""
        self._origin: Vec3 = (0.0, 0.0, 1.0)
        """Where the person was still before the set's first swing."""
        self.reset()

    def reset(self) -> None:
        """Start a new set. The count and the axis are kept; what the last set left undecided
        is dropped."""
        self.restart()
        self._sizes.clear()
        self._unconfirmed = self._waiting = self._trial = None
        self._kept.clear()
        self._recent.clear()
        self._last_rep_t = -math.inf
        self._rep_times.clear()
        self._candidates = 0
        self.early_axis: Vec3 | None = None
        """The movement's axis as it was at the set's second rep-like movement (before a later
        one, a rocked rep say, could turn it)."""

    def restart(self) -> None:
        """Follow the movement afresh within the same set (after the move into position): its
        reps so far, and those waiting to be decided, still count."""
        self._phase = 0  # 0 unknown, -1 at the low side, +1 at the high side
        self._rest = 0  # the side reps start from and return to
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
        self._amplitude = 0.0
        self._flip_deg = 0.0
        """The size of the set's first candidate (see ``_flip``)."""
        self._flip_armed = self._flipped = False
        self._away = None
        self._small_first = False
        """The set's one candidate so far is the out-and-back before the swing that decided
        rest (``_came_back_before``): a settle may still show it was on the way into position."""

    def end_set(self, out: list[MotionEvent]) -> None:
        """The set is over. In hindsight its candidates are judged now; otherwise a first
        candidate never confirmed, or a misfit still waiting, was no rep, and a first on trial
        (``_rested``) was one."""
        if self.hindsight:
            self._judge_kept(len(self._kept), out)
        if self._trial is not None:
            self._accept(self._trial, out)  # nothing after it showed it was no rep
        self._kept.clear()
        self._unconfirmed = self._waiting = self._trial = None

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
        if turn_dps < self.rules.moving_dps:
            self._anchor = (fast, t_s)
        v = self._still_v
        if fast[0] * v[0] + fast[1] * v[1] + fast[2] * v[2] < STILL_COS:
            self._still_v, self._still_s = fast, t_s
        elif t_s - self._still_s >= SETTLED_S and self._settled_away(fast):
            self._settle(t_s, fast)
        axis = self._axis
        axis.learn(fast, turn_dps)
        if not axis.ready:
            return
        ax, ay, az = axis.direction
        q = math.degrees(fast[0] * ax + fast[1] * ay + fast[2] * az)
        if not self._started:
            # Measure the first swing from where the person last stood still, not from where
            # the movement had got to when its axis became clear.
            self._started = True
            anchor, anchor_t = self._anchor if self._anchor is not None else (fast, t_s)
            self._origin = anchor
            self._low = self._high = math.degrees(anchor[0] * ax + anchor[1] * ay + anchor[2] * az)
            self._low_v = self._high_v = anchor
            self._depart_low = self._depart_high = anchor_t
        rules = self.rules
        self._amplitude *= self._fade
        h = max(rules.min_swing_deg, rules.swing_share * self._amplitude)
        near = rules.departure_share * h
        back = rules.return_share
        if self._waiting is not None and t_s - self._waiting.t_s > rules.max_rep_s:
            self._waiting = None
        if self._unconfirmed is not None and t_s - self._unconfirmed.t_s > rules.max_rep_s:
            self._unconfirmed = None  # a movement on its own
        if self._away is not None and self._came_back(t_s, q, fast, out):
            return
        phase = self._phase
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
                self._rep_start_t = self._depart_t
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
                self._rep_start_t = self._depart_t
                self._turn(+1, q, t_s, fast)
            elif self._rest > 0 and q - self._low > max(h, back * swing):
                self._candidate(t_s, self._rep_start_t, self._extent_deg(), out)
                self._turn(+1, q, t_s, fast)
                self._arm_flip()
        if self._trial is not None and not self._trial_left:
            self._rested(t_s, out)

    def _settled_away(self, fast: Vec3) -> bool:
        """Still, after a set's first swing left rest and before any candidate (but the
        out-and-back before it, ``_small_first``), far from where that swing began: the swing
        was the move into a position that reps start from."""
        if self._candidates > self._small_first or self._phase == 0:
            return False
        if self._rest != -self._phase:
            return False
        o = self._origin
        return fast[0] * o[0] + fast[1] * o[1] + fast[2] * o[2] <= POSITION_COS

    def _settle(self, t_s: float, fast: Vec3) -> None:
        """The move into position is over: the reps that follow start from here, along an axis
        of their own. Should the next big swing come back to where the person stood before
        (a first rep held at its far end), that was rep 1 (see ``_came_back``)."""
        before, start_s, turn_t = self._origin, self._rep_start_t, self._turn_t
        if self._small_first:
            # The out-and-back before the move into position was a shift on the way there, not
            # rep 1: the reps are those from where it settled.
            self._candidates = 0
            self._unconfirmed = self._trial = None
            if self._recent:
                self._recent.pop()
        self.restart()
        self.forget_axis()
        self._turn_t = turn_t
        far = self._still_v  # where the stillness began, at the far end
        if _angle_deg(fast, before) > _angle_deg(far, before):
            far = fast
        self._away = (before, start_s, far, t_s)

    def _came_back(self, t_s: float, q: float, fast: Vec3, out: list[MotionEvent]) -> bool:
        """After a settle, before ``SETTLED_REPS`` candidates from there and before any rep
        is called out: once the movement has come more than ``return_share`` of the way back
        to where the person stood before the settle, the settle was the far end of rep 1 (a
        hold at its top), and rest is where it began."""
        assert self._away is not None
        before, start_s, settled, settled_s = self._away
        if self._candidates >= SETTLED_REPS or self._last_rep_t > settled_s:
            self._away = None  # reps from where the movement settled (or already called out)
            return False
        whole = _angle_deg(settled, before)
        now = _angle_deg(fast, before)
        if now > whole:
            self._away = (before, start_s, fast, settled_s)  # the far end was further
        if now > (1.0 - self.rules.return_share) * whole:
            return False
        self._away = None
        # What was taken for candidates since the settle was the far end of rep 1 (a wobble
        # in its hold): no rep.
        for _ in range(self._candidates):
            if self._kept:
                self._kept.pop()
            if self._recent:
                self._recent.pop()
        self._candidates = 0
        self._unconfirmed = self._waiting = self._trial = None
        ax, ay, az = self._axis.direction
        rest_q = math.degrees(before[0] * ax + before[1] * ay + before[2] * az)
        far_q = math.degrees(settled[0] * ax + settled[1] * ay + settled[2] * az)
        rest = 1 if rest_q > far_q else -1
        self._rest = rest
        if rest > 0:
            self._low, self._low_v, self._high, self._high_v = far_q, settled, rest_q, before
        else:
            self._low, self._low_v, self._high, self._high_v = rest_q, before, far_q, settled
        self._candidate(t_s, start_s, whole, out)
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
        """
        phase = self._phase
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
            else:
                self._rest = -phase
                self._rep_start_t = self._swing_start_t
                self._came_back_before(out)
            return
        if not turned:
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
        self._small_first = self._candidates > made

    def _turn(self, phase: int, q: float, t_s: float, fast: Vec3) -> None:
        swing = self._high - self._low
        self._amplitude = swing if self._amplitude == 0 else 0.5 * (self._amplitude + swing)
        self._phase = phase
        if phase > 0:
            self._high, self._high_v = q, fast
        else:
            self._low, self._low_v = q, fast
        self._depart_t = self._turn_t = self._reached_t = t_s
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
        self, t_s: float, start_s: float, amplitude_deg: float, out: list[MotionEvent]
    ) -> None:
        rules = self.rules
        if not rules.min_rep_s <= t_s - start_s <= rules.max_rep_s:
            return
        rep = _Candidate(t_s, start_s, amplitude_deg)
        self.last_candidate_s = t_s
        self._candidates += 1
        if self._candidates == 1:
            self._flip_deg = amplitude_deg
        if self._candidates == EARLY_AXIS_AT:
            self.early_axis = self._axis.direction
        if self.hindsight:
            self._kept.append(rep)
            if len(self._kept) > KEPT_MAX:
                self._judge_kept(1, out)
            return
        self._recent.append(rep)
        if not self._sizes:
            self._first_reps(rep, out)
        else:
            self._next_rep(rep, out)

    def _first_reps(self, rep: _Candidate, out: list[MotionEvent]) -> None:
        """The set's first rep counts when it is big enough to be sure of and the movement
        rested after it (``_rested``), else when the next candidate is alike, with it."""
        trial = self._trial
        if trial is not None:
            self._trial = None
            if self._on_trial(trial, rep, out):
                return
        first = self._unconfirmed
        if first is not None and _alike(first.amplitude_deg, rep.amplitude_deg, self.rules):
            self._unconfirmed = None
            self._accept(first, out)
            self._accept(rep, out)
        elif rep.amplitude_deg >= self.rules.at_once_deg:
            self._unconfirmed = None
            self._trial = rep
            self._trial_left = False
        else:
            self._unconfirmed = rep

    def _rested(self, t_s: float, out: list[MotionEvent]) -> None:
        """The first candidate on trial counts once the movement has stayed at rest until
        ``LED_INTO_S`` after it came half-way back (it turned away from rest no sooner)."""
        assert self._trial is not None
        if self._phase != self._rest:
            self._trial_left = True  # the next candidate shows what it was
        elif t_s >= self._trial.t_s + LED_INTO_S:
            self._accept(self._trial, out)
            self._trial = None

    def _on_trial(self, trial: _Candidate, rep: _Candidate, out: list[MotionEvent]) -> bool:
        """The next candidate after the first on trial. When the movement left rest for it
        straight after the first (sooner than ``LED_INTO_S``) and it is more than ``fit_over``
        times bigger (it would not fit a set of reps like the first), the first was a move on
        its own leading into this, rep 1, and is no rep (False: this is judged as the set's
        first). Otherwise the first was rep 1 (called out late) and this is judged against it
        (True). On tuned exermote (10 Hz) a real first rep that only seemed small while the axis
        was learned, and ran straight into the next, was at least half of it; the moves on
        their own were 2-7 times smaller (three 1.5-1.9 times smaller stay counted)."""
        led_into = rep.start_s < trial.t_s + LED_INTO_S
        if led_into and rep.amplitude_deg > self.rules.fit_over * trial.amplitude_deg:
            return False
        self._accept(trial, out)
        self._next_rep(rep, out)
        return True

    def _next_rep(self, rep: _Candidate, out: list[MotionEvent]) -> None:
        rules = self.rules
        period = self._period(self._recent)
        if period and rep.t_s - self._last_rep_t < HALF_SHARE * period:
            return  # the other half of the rep before (see ``_period``)
        typical = _median(sorted(self._sizes))
        waiting = self._waiting
        alike = waiting is not None and _alike(waiting.amplitude_deg, rep.amplitude_deg, rules)
        if _fits(rep.amplitude_deg, typical, rules):
            self._waiting = None
            if waiting is not None and (alike or self._in_beat(waiting, rep, typical, period)):
                self._accept(waiting, out)
            self._accept(rep, out)
        elif waiting is not None and alike:
            # Two alike in a row: smaller or bigger reps, not a fidget. The set's typical rep
            # follows.
            self._sizes.clear()
            self._waiting = None
            self._accept(waiting, out)
            self._accept(rep, out)
        else:
            self._waiting = rep

    def _in_beat(self, small: _Candidate, rep: _Candidate, typical: float, period: float) -> bool:
        """Live: the one candidate since the last rep, too small to fit, filled a beat that
        the set's reps missed (see ``_missed_beats``), now that the rep after it has come."""
        times = self._rep_times
        if period or small.amplitude_deg >= typical or len(times) < self.rules.set_min_reps:
            return False
        if sum(self._last_rep_t < c.t_s < rep.t_s for c in self._recent) != 1:
            return False
        beat = _median(sorted(b - a for a, b in pairwise(times)))
        return fills_beat(self._last_rep_t, small.t_s, rep.t_s, beat)

    def _judge_kept(self, how_many: int, out: list[MotionEvent]) -> None:
        """The oldest ``how_many`` kept candidates that fit the set's median are reps, if the
        set has ``set_min_reps`` that fit."""
        kept = self._kept
        if not kept:
            return
        rules = self.rules
        sizes = sorted(c.amplitude_deg for c in kept)
        typical = _median(sizes)
        fitting = sum(_fits(size, typical, rules) for size in sizes)
        # The whole set in view: a candidate that is the other half of the rep before is none.
        period = self._period(kept) if how_many >= len(kept) else 0.0
        in_beat: set[int] = set()
        if how_many >= len(kept) and not period and fitting >= rules.set_min_reps:
            in_beat = _missed_beats(kept, typical, rules)
        last = -math.inf
        for i in range(min(how_many, len(kept))):
            rep = kept.popleft()
            if fitting >= rules.set_min_reps and (
                _fits(rep.amplitude_deg, typical, rules) or i in in_beat
            ):
                if rep.t_s - last < HALF_SHARE * period:
                    continue
                last = rep.t_s
                self._accept(rep, out)

    def _period(self, kept: deque[_Candidate]) -> float:
        """The set's period when each of its reps came back twice (0 when they did not; see
        ``rhythm.py``)."""
        if not kept:
            return 0.0
        return self._rhythm.period([c.t_s for c in kept], kept[0].start_s)

    def _accept(self, rep: _Candidate, out: list[MotionEvent]) -> None:
        self._last_rep_t = rep.t_s
        self._rep_times.append(rep.t_s)
        self.count += 1
        self._sizes.append(rep.amplitude_deg)
        out.append(
            RepCounted(
                t_s=rep.t_s,
                number=self.count,
                start_s=rep.start_s,
                duration_s=rep.t_s - rep.start_s,
                amplitude_deg=rep.amplitude_deg,
            )
        )


def _angle_deg(a: Vec3, b: Vec3) -> float:
    dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
    return math.degrees(math.acos(max(-1.0, min(1.0, dot))))


def _median(ordered: list[float]) -> float:
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else 0.5 * (ordered[middle - 1] + ordered[middle])


def _fits(size: float, typical: float, rules: RepRules) -> bool:
    return rules.fit_share * typical <= size <= rules.fit_over * typical


def _missed_beats(kept: deque[_Candidate], typical: float, rules: RepRules) -> set[int]:
    """Which of a set's candidates too small to fit it fill a beat its reps missed: the only
    candidate between two reps that fit, two of the set's beats apart (the median spacing of
    the reps that fit), it splits that gap into two parts each like a beat (see
    ``rhythm.fills_beat``)."""
    fit = [i for i, c in enumerate(kept) if _fits(c.amplitude_deg, typical, rules)]
    beats = sorted(kept[b].t_s - kept[a].t_s for a, b in pairwise(fit))
    if len(beats) < rules.set_min_reps - 1:
        return set()
    beat = _median(beats)
    return {
        a + 1
        for a, b in pairwise(fit)
        if b == a + 2
        and kept[a + 1].amplitude_deg < typical
        and fills_beat(kept[a].t_s, kept[a + 1].t_s, kept[b].t_s, beat)
    }


def _alike(a: float, b: float, rules: RepRules) -> bool:
    return min(a, b) >= rules.pair_share * max(a, b)
