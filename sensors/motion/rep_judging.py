"""Which of a set's candidates are reps: what the live and the hindsight judge share.

A candidate (a return to the rest side, found by ``reps.py``) is a rep when it is like the
set's other reps: its size between ``fit_share`` and ``fit_over`` times the set's typical rep
(``fits``). The way into and out of position, settling and fidgets are mostly much bigger or
much smaller than the reps around them. How the typical rep is known depends on who is
listening: a set that someone is doing now is judged rep by rep as each comes back
(``live_reps.py``), one found in a recording afterwards when it ends (``hindsight_reps.py``).

Both know when each rep came back twice (a press turns the wrist twice) from the set's own
period (``rhythm.py``): then a candidate less than ``HALF_SHARE`` of that period after a rep is
its other half.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from sensors.motion.events import MotionEvent, RepCounted, Vec3
from sensors.motion.move_into_position import POSITION_DEG
from sensors.motion.rep_rules import RepRules
from sensors.motion.rhythm import SetRhythm

HALF_SHARE = 0.6
"""When each rep came back twice, a candidate less than this share of the set's period after a
rep is its other half."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A return to the rest side that may be a rep: back at ``t_s``, having left at
    ``start_s``, as far as ``amplitude_deg`` from rest. ``lead_deg``: how far the swing that
    brought the movement to the rest side before it left went (for a set's first rep, the way
    there). ``left_v``: the gravity direction where it left the rest side, when known.
    ``rest_still_s``: how long the person had been still where the set's rest was found, when
    it was found so (before the set's first swing); 0 when it was found from the movement.
    ``alone_no_rep``: the set's first candidate, found as a move into position that came back
    to where it began (a rep 1 held at its far end, or the move into position and back out):
    a rep only once a next candidate like it follows (``live_reps.py``). ``far_v``: the gravity
    direction where it turned (its far end), when known."""

    t_s: float
    start_s: float
    amplitude_deg: float
    lead_deg: float = 0.0
    left_v: Vec3 | None = None
    rest_still_s: float = 0.0
    alone_no_rep: bool = False
    far_v: Vec3 | None = None

    @property
    def duration_s(self) -> float:
        return self.t_s - self.start_s


class RepJudge(ABC):
    """Judges the candidates of one set at a time (``add`` each, ``end_set`` when it is over);
    the reps come out as ``RepCounted``, numbered on from ``count``."""

    def __init__(self, rules: RepRules, rhythm: SetRhythm) -> None:
        self.rules = rules
        self.count = 0
        self._rhythm = rhythm
        """The acceleration lately, to find the set's own period."""
        self.last_rep_s = -math.inf
        """When the set's last rep came back."""
        self._first_in: float | None = None
        """When the set's first candidate came back, when it was as big as a move into position
        (``POSITION_DEG``): the way in, maybe, with rep 1's way out (see ``end_set``)."""
        self._added = False
        """The set has had a candidate."""

    def reset(self) -> None:
        """A new set: what the last one left undecided is dropped (the count is kept)."""
        self.last_rep_s = -math.inf
        self._first_in = None
        self._added = False

    def _note(self, rep: Candidate) -> None:
        """``rep`` is the set's next candidate: the first says whether it may be the way in."""
        if not self._added and rep.amplitude_deg >= POSITION_DEG:
            self._first_in = rep.t_s
        self._added = True

    @abstractmethod
    def add(self, rep: Candidate, out: list[MotionEvent]) -> None:
        """The set's next candidate."""

    @abstractmethod
    def end_set(
        self,
        out: list[MotionEvent],
        left_rest: Candidate | None = None,
        moved_out_s: float | None = None,
    ) -> None:
        """The set is over: its candidates still undecided are decided now. ``left_rest``: the
        movement's last swing, when it left the rest side and did not come back;
        ``moved_out_s``: when the set's last candidate came back, when it was the move out of
        position, no rep (``MoveOut.moved_out``)."""

    @abstractmethod
    def drop_latest(self, how_many: int) -> None:
        """The set's latest ``how_many`` candidates were no reps (the far end of rep 1, a
        wobble in its hold), and nothing waits to be decided."""

    @abstractmethod
    def drop_first(self) -> None:
        """The set's one candidate so far was a shift on the way into position, not rep 1
        (one counted already, live, is taken back once a rep from the position counts)."""

    def put_back(self, rep: Candidate, out: list[MotionEvent]) -> None:
        """The candidate dropped as a shift (``drop_first``) was rep 1 after all."""
        self.add(rep, out)

    @abstractmethod
    def expire(self, t_s: float) -> None:
        """A new frame, before the movement in it is followed: a candidate left waiting too
        long is dropped."""

    @abstractmethod
    def rested(self, t_s: float, at_rest: bool, left_s: float, out: list[MotionEvent]) -> None:
        """The frame's movement has been followed; ``at_rest``: it is at the rest side;
        ``left_s``: when it last left the rest's extreme."""

    def _period(self, kept: Sequence[Candidate], *, whole_set: bool = False) -> float:
        """The set's period when each of its reps came back twice (0 when they did not; see
        ``rhythm.py``); ``whole_set``: ``kept`` run to the set's end, all its candidates (the
        latest ``KEPT_MAX`` of a longer set: ``hindsight_reps.py``), not a live window."""
        if not kept:
            return 0.0
        times = [c.t_s for c in kept]
        return self._rhythm.period(times, kept[0].start_s, whole_set=whole_set)

    def _accept(self, rep: Candidate, out: list[MotionEvent]) -> None:
        self.last_rep_s = rep.t_s
        self.count += 1
        out.append(
            RepCounted(
                t_s=rep.t_s,
                number=self.count,
                start_s=rep.start_s,
                duration_s=rep.t_s - rep.start_s,
                amplitude_deg=rep.amplitude_deg,
            )
        )


def median(ordered: Sequence[float]) -> float:
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else 0.5 * (ordered[middle - 1] + ordered[middle])


def fits(size: float, typical: float, rules: RepRules) -> bool:
    return rules.fit_share * typical <= size <= rules.fit_over * typical
