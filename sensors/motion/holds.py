"""Hold timing: the clock runs only while the person is in position and still.

A hold starts when the person has settled (still, and steady for ``settle_s``) somewhere at
least ``min_departure_deg`` away from the rest position, if one is known; its clock starts at
the moment they had got there and settled (when the body arrived, by the lightly filtered
direction, not when the smoothed one became sure of it: that trails a quick move into a hold a
few degrees from rest by half a second), and that orientation is the target. A move into it in
two stages within the sag limit of each other (up 4.5 degrees, 0.6 s there, then on to 6) is timed
from the first stage, as sway within the limit is held inside a hold. A move or a sag
beyond the sag limit starts a lapse: one shorter than ``grace_s`` is a wobble and counts as
held; a longer one stops the clock (``HoldBroken``) from the moment it began. That moment is
when the lightly filtered direction left where the person was last settled in the hold (for
``settle_s``), not the hold's first orientation: a standing person sways a few degrees within
the sag limit, and that sway was held. Settling back in position resumes the clock
(``HoldResumed``); going back nearer the rest position than the target ends the hold
(``HoldEnded``, "released"), as does staying out for ``end_after_s`` more; where the person
settled meanwhile, away from rest, may then be a hold of its own, timed from when they settled
there: after a moment higher (they settled in two stages), or deeper, but not after a hold held
``kept_s`` (that was the position: hips that dropped and stayed down are sagging still).
``seconds_held`` is only the time truly held.

Rocking in position is not holding either (a trunk sensor only, ``stillness.RockWatch``): a
chest rocked ±6° at 1 Hz stays within the sag limit and about the stillness limits. Rocking
seen for ``grace_s`` while in position stops the clock (``HoldBroken``, "rocking") from half a
swing before its first swing since the clock last ran; until then a lapse waits for it (a
rock or two as the person leaves the hold is leaving it, as before). The clock resumes once
the person has been still for ``settle_s`` after the last swing; rocking in position does not
end the hold, however long it lasts.

The rest position is a guess (the first settled one, or where a set started) until the bout
confirms it: ``rest.py`` watches the cycles, and when they show the guess was the hold, the
rest moves (``RestFound``) and the stay under way is timed as a hold from when it settled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sensors.motion.events import (
    HoldBroken,
    HoldEnded,
    HoldResumed,
    HoldStarted,
    MotionEvent,
    RestFound,
    Vec3,
)
from sensors.motion.orientation import SteadyWatch, angle_deg
from sensors.motion.rest import DEFAULT_REST_RULES, RestLearner, RestRules
from sensors.motion.stillness import RockWatch


@dataclass(frozen=True, slots=True)
class HoldRules:
    settle_s: float = 1.0
    """Settled for this long (from the moment the movement stopped) before a hold counts."""
    grace_s: float = 1.5
    """A wobble or sag shorter than this does not stop the clock."""
    end_after_s: float = 3.0
    """Out of the hold for this long (after the grace) ends it."""
    sag_deg: float = 10.0
    """The largest tilt away from the hold's orientation that still counts as in position."""
    sag_share: float = 0.5
    """When the hold is close to rest, the limit shrinks to this share of the way from rest."""
    min_sag_deg: float = 3.0
    min_departure_deg: float = 4.0
    """How far from the rest position a hold must be (when the rest position is known)."""
    kept_s: float | None = 5.0
    """A hold held this long that ended out of position was the position: until the person
    is back at rest (or the set starts again), a new hold must be there, or further along
    the way from rest to it (settling deeper). None: anywhere away from rest."""
    deeper_share: float = 0.7
    """Settling deeper: at least this share of the move from the lost hold is away from rest."""


DEFAULT_HOLD_RULES = HoldRules()
REST = "rest"
"""How a hold ends when it turns out to have been a rest (the still spell after an automatic
set, or a stay at a rest position that the bout showed to be the hold's): summaries leave
these out."""


class HoldDetector:
    """Feed every frame with the gravity direction and whether the person is still."""

    def __init__(
        self,
        rules: HoldRules = DEFAULT_HOLD_RULES,
        rest: Vec3 | None = None,
        history: SteadyWatch | None = None,
        rest_rules: RestRules = DEFAULT_REST_RULES,
        rocking: RockWatch | None = None,
    ) -> None:
        self.rules = rules
        self.rest = rest
        """Where holds are timed away from. One given here (a calibration) is kept as it is;
        one set with :meth:`set_rest` is checked against the bout and may move."""
        self.history = history
        """Recent lightly filtered directions, to date the start of a move precisely."""
        self.rocking = rocking
        """The trunk's swings (a sensor on the trunk): rocking in position is not holding."""
        self._learner = RestLearner(rules.min_departure_deg, rest_rules)
        self._learning = False
        self._rest_since_s = 0.0
        self._last_end_s = -math.inf
        self._lost: tuple[Vec3, float] | None = None
        """The position (and its sag limit) of a hold held ``kept_s`` that ended out of it."""
        self.reset()

    def set_rest(self, t_s: float, rest: Vec3) -> None:
        """The person is in the rest position now: a guess that the bout may correct."""
        self.rest = rest
        self._rest_since_s = t_s
        self._lost = None
        self._learning = True
        self._learner.guess(rest)

    def new_set(self, t_s: float) -> None:
        """A set starts at ``t_s``: its holds begin then at the earliest, and a hold lost in
        the last one no longer says where one may be (the person may start this one where
        they were, without a rest between)."""
        self._lost = None
        self._last_end_s = max(self._last_end_s, t_s)

    def reset(self) -> None:
        self.holding = False
        """The clock is running."""
        self.broken = False
        """A hold is under way but its clock is stopped."""
        self._target: Vec3 = (0.0, 0.0, 1.0)
        self._held_at: Vec3 = self._target
        """Where the person was settled the last time the hold was held."""
        self._sag_limit = self.rules.sag_deg
        self._start_s = 0.0
        self._segment_s = 0.0
        self._held_s = 0.0
        self._lapse_s: float | None = None
        self._lapse_reason = ""
        self._rock_seen_s: float | None = None
        """When rocking in position was first seen in this stretch of the hold."""
        self._rock_began_s = 0.0
        self._broken_s = 0.0
        self._placed_s: float | None = None
        """Since when the orientation has been where a hold (or its resumption) needs it."""

    @property
    def active(self) -> bool:
        return self.holding or self.broken

    @property
    def position(self) -> tuple[Vec3, float] | None:
        """The hold under way: its orientation and its sag limit (None: there is none)."""
        return (self._target, self._sag_limit) if self.active else None

    @property
    def unsure_since(self) -> float | None:
        """While the clock runs: since when the person may have left the hold (a lapse, or
        rocking in position, that has not yet lasted ``grace_s``): a break, if it comes,
        is dated from about then, and a wobble counts as held. None: in position and still,
        or no clock runs. (A state to read, not an event: a wobble comes and goes within
        frames.)"""
        if not self.holding:
            return None
        lapse_s = self._lapse_s
        if self._rock_seen_s is not None:
            rock_s = max(self._segment_s, self._rock_began_s)
            lapse_s = rock_s if lapse_s is None else min(lapse_s, rock_s)
        return lapse_s

    def held_s(self, t_s: float) -> float:
        """Seconds held so far in the current hold (0 when none)."""
        if self.holding:
            return self._held_s + (t_s - self._segment_s)
        return self._held_s if self.broken else 0.0

    def update(
        self, t_s: float, down: Vec3, still: bool, settled_s: float, out: list[MotionEvent]
    ) -> None:
        """``settled_s``: since when the person has been settled and still (``t_s`` if not)."""
        departure = 0.0
        away = True
        if self.rest is not None:
            if self._learning:
                learner = self._learner
                found = learner.update(t_s, down, t_s - settled_s)
                if found is not None:
                    self._found(t_s, found, out)
                self.rest = learner.rest
                departure, away = learner.departure_deg, learner.away
            else:
                departure = angle_deg(self.rest, down)
                away = departure >= self.rules.min_departure_deg
        if self.holding:
            self._while_holding(t_s, down, still, out)
        elif self.broken:
            self._while_broken(t_s, down, still, settled_s, out)
        else:
            self._while_idle(t_s, down, departure, away, still, settled_s, out)

    def _found(self, t_s: float, rest: Vec3, out: list[MotionEvent]) -> None:
        """The rest was elsewhere: the stay under way at the old one is a hold, from when the
        person settled there."""
        self.stop(t_s, REST, out)
        out.append(RestFound(t_s, self._rest_since_s, rest))
        self._placed_s = -math.inf

    def _while_idle(
        self,
        t_s: float,
        down: Vec3,
        departure: float,
        away: bool,
        still: bool,
        settled_s: float,
        out: list[MotionEvent],
    ) -> None:
        rules = self.rules
        sag_limit = rules.sag_deg
        if self.rest is not None:
            if not away:
                self._placed_s = None
                self._lost = None
                return
            sag_limit = max(rules.min_sag_deg, min(sag_limit, rules.sag_share * departure))
        if not self._where_lost(down):
            self._placed_s = None
            return
        if self._placed_s is None:
            self._placed_s = t_s
        if not still or t_s - max(settled_s, self._placed_s, self._last_end_s) < rules.settle_s:
            return
        start_s = max(settled_s, self._arrived_s(self._placed_s), self._last_end_s)
        self.holding = True
        self._target = self._held_at = down
        self._sag_limit = sag_limit
        self._start_s = self._segment_s = start_s
        self._held_s = 0.0
        self._lapse_s = None
        out.append(HoldStarted(start_s))

    def _arrived_s(self, placed_s: float) -> float:
        """When the person got to where a hold may be, for its clock: the smoothed direction
        that says so (``placed_s``) trails a quick move by a few tenths of a second (more,
        the nearer the hold is to rest), the lightly filtered one far less. The hold counts
        from when the body got there, not from when the detector became sure of it."""
        history, rest = self.history, self.rest
        if history is None or rest is None or self._lost is not None:
            return placed_s
        return min(placed_s, history.away_since(rest, self.rules.min_departure_deg))

    def _where_lost(self, down: Vec3) -> bool:
        """Whether a new hold may be timed here: back in the position of a hold that ended
        out of it, or deeper (a plank whose hips dropped and stayed down is sagging still,
        not holding; one who settles in two stages is not)."""
        if self._lost is None:
            return True
        target, sag_limit = self._lost
        moved = angle_deg(target, down)
        if moved <= sag_limit:
            return True
        if self.rest is None:
            return False
        further = angle_deg(self.rest, down) - angle_deg(self.rest, target)
        return further >= self.rules.deeper_share * moved

    def _while_holding(self, t_s: float, down: Vec3, still: bool, out: list[MotionEvent]) -> None:
        sagged = angle_deg(self._target, down) > self._sag_limit
        rocked_s = self._rocking_in_position(t_s, sagged)
        if still and not sagged and rocked_s is None:
            self._lapse_s = None
            history = self.history
            if history is not None and t_s - history.since_s >= self.rules.settle_s:
                self._held_at = history.anchor  # settled there, not passing through
            return
        if self._lapse_s is None:
            self._lapse_s = t_s
            if self.history is not None:
                # The smoothed signals notice a move late; the light filter saw it leave where
                # the person was last held (within the sag limit, not always the target).
                left_s = self.history.last_near(self._held_at)
                if left_s is not None and left_s > self._segment_s:
                    self._lapse_s = min(t_s, left_s)
        if rocked_s is not None:  # rocking in position since it began
            self._lapse_s = min(self._lapse_s, max(self._segment_s, rocked_s))
        if self._released(down):
            self._held_s += max(0.0, self._lapse_s - self._segment_s)
            self._end(self._lapse_s, "released", out)
        elif t_s - self._lapse_s >= self.rules.grace_s and (
            rocked_s is not None or self._rock_seen_s is None  # not while it may be rocking
        ):
            reason = "sagged" if sagged else "rocking" if rocked_s is not None else "moved"
            self._break(self._lapse_s, reason, out)

    def _rocking_in_position(self, t_s: float, sagged: bool) -> float | None:
        """When the rocking under way began, once it has gone on in position for ``grace_s``
        since it was seen (a rock or two as the person leaves the hold is leaving it)."""
        rocking = self.rocking
        if rocking is None or sagged:
            self._rock_seen_s = None
            return None
        began_s = rocking.rocking_since(t_s, self._segment_s)
        if began_s is not None:
            if self._rock_seen_s is None:
                self._rock_seen_s, self._rock_began_s = t_s, began_s
            self._rock_began_s = min(self._rock_began_s, began_s)
        elif self._rock_seen_s is not None and t_s > rocking.swung_until_s + self.rules.settle_s:
            self._rock_seen_s = None  # the swings stopped (a missed one does not stop them)
        if self._rock_seen_s is None or t_s - self._rock_seen_s < self.rules.grace_s:
            return None
        return self._rock_began_s

    def _out_since(self, t_s: float) -> float:
        """Since when the person has been out of the hold: rocking in position is not out."""
        if self._placed_s is None:
            return self._broken_s
        return max(self._broken_s, self._unrocked_s(t_s))

    def _unrocked_s(self, t_s: float) -> float:
        """After a break for rocking, since when the trunk has not rocked: settled since the
        last swing, not between two (one too small to count now and then does not end it)."""
        rocking = self.rocking
        if rocking is None or self._lapse_reason != "rocking":
            return -math.inf
        if rocking.rocking_since(t_s, -math.inf) is not None:
            return t_s
        return rocking.swung_until_s

    def _released(self, down: Vec3) -> bool:
        """Back nearer the rest position than the hold: the hold was let go, not lost."""
        return self.rest is not None and angle_deg(self.rest, down) < angle_deg(self._target, down)

    def _break(self, t_s: float, reason: str, out: list[MotionEvent]) -> None:
        self._held_s += max(0.0, t_s - self._segment_s)
        self.holding = False
        self.broken = True
        self._broken_s = t_s
        self._placed_s = None
        self._lapse_reason = reason
        self._rock_seen_s = None  # a resumed hold looks for rocking afresh
        out.append(HoldBroken(t_s, reason))

    def _while_broken(
        self, t_s: float, down: Vec3, still: bool, settled_s: float, out: list[MotionEvent]
    ) -> None:
        from_target = angle_deg(self._target, down)
        if self._released(down):
            self._end(self._broken_s, "released", out)
            return
        if from_target > self._sag_limit:
            self._placed_s = None
        elif self._placed_s is None:
            self._placed_s = t_s
        placed_s = self._placed_s if self._placed_s is not None else t_s
        resumed_s = max(settled_s, self._broken_s, placed_s)
        resumed_s = max(resumed_s, self._unrocked_s(t_s))
        if still and self._placed_s is not None and t_s - resumed_s >= self.rules.settle_s:
            self.holding = True
            self.broken = False
            self._segment_s = resumed_s
            self._lapse_s = None
            self._held_at = down
            out.append(HoldResumed(resumed_s))
        elif t_s - self._out_since(t_s) >= self.rules.end_after_s + self.rules.grace_s:
            self._keep_if_lost()
            self._end(self._broken_s, self._lapse_reason, out)
            # Still away from rest (or it would have been released): where the person has
            # settled since may be a hold of its own, timed from when they settled there
            # (``_where_lost`` says where).
            self._placed_s = self._last_end_s

    def _keep_if_lost(self) -> None:
        """The hold ends out of position, or unseen (the data stopped): held ``kept_s``, its
        position is kept."""
        kept_s = self.rules.kept_s
        if kept_s is not None and self._held_s >= kept_s:
            self._lost = (self._target, self._sag_limit)

    def _end(self, t_s: float, reason: str, out: list[MotionEvent]) -> None:
        out.append(HoldEnded(t_s, self._start_s, self._held_s, reason))
        self.reset()
        self._last_end_s = t_s

    def stop(
        self, t_s: float, reason: str, out: list[MotionEvent], *, only_if_after: float | None = None
    ) -> None:
        """End any hold now: the step is over, data stopped, or the recording ended. With
        ``only_if_after``, only a hold that started at or after that time is ended."""
        if only_if_after is not None and self.active and self._start_s < only_if_after:
            return
        if self.holding:
            end_s = self._lapse_s if self._lapse_s is not None else t_s
            self._held_s += max(0.0, end_s - self._segment_s)
            if reason == "no data":
                self._keep_if_lost()  # what the person did in the gap was not seen
            self._end(end_s, reason, out)
        elif self.broken:
            if reason == "no data":
                self._keep_if_lost()  # out of it as the data stopped: maybe still, after
            self._end(self._broken_s, self._lapse_reason, out)
