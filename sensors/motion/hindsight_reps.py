"""Judging the candidates of a set found in a recording afterwards (``hindsight`` on:
``auto_sets``): nobody is waiting for each rep, so the set's candidates are kept and judged
when the set ends, against the median of all of them.

A set needs ``set_min_reps`` candidates that fit (``rep_judging.fits``): a pair of sways in a
still spell is not a set. When the set's acceleration repeats at twice the candidates' spacing
and not at it, each rep came back twice (a press turns the wrist twice), and a candidate less
than ``HALF_SHARE`` of that period after a rep is its other half; the whole set in view, its
acceleration is also looked at rep by rep, for a tempo that varies (``rhythm.py``).
Otherwise a candidate too small to fit is a rep when it is the only one between two reps that
fit and fills the beat they missed (``_missed_beats``), as live. A set longer than ``KEPT_MAX``
candidates has its oldest judged against the rest as each new one comes.

Which side is rest was decided before the set's reps came, maybe by a fidget far smaller than
them, on another axis (``reps.py``). When it began with a swing to the side taken for rest as
big as the set's reps (the first rep's way there, ``Candidate.lead_deg``), and ended with one
away from it, as big, that did not come back, the side taken for rest was the reps' far end:
each candidate ran from one rep's far end to the next's, and those two halves were one rep
more (``_rest_was_far_end``).

In a recording, what went before a set is unknown: a set's first candidate as big as a move into
position (``POSITION_DEG``) that left from somewhere other than where the next one did began
where the person was before the set (sitting, before lying down for sit-ups): it was the way into
the reps' rest and out to their far end, not a rep (``_drop_way_in``). Not when the person had
been still where it left for ``IN_POSITION_S``: they were in position there, and a first rep may
leave from a stand where the next ones leave from a landing (burpees). A live set's candidates
begin at its go, with the person in position, so the second look at a live set keeps it.

At its end, a set found in a recording may hold the move out of position: it leaves rest as a
rep does and comes back, but turns somewhere else (after squats, the upper arm let down
another way). Where the set's reps turn at one place (the median rep turns within
``ONE_PLACE_DEG`` of the reps' way), a last candidate that turned further from that way than
``WAY_IN_SHARE`` of its size went where no rep went: it was the move out, not a rep
(``_drop_way_out``). On tuned exermote (10 Hz, arm) the squat sets' last real reps turned at
most 9° off their reps' way, and the moves out 28-36°: 5 of the 8 squat sets counted one too
many in a recording are right now; two moves out (29° at 64°, 34° at 68°) turned less than half
their size off and stay counted. Sit-ups and burpees keep their counts: getting up after
sit-ups with rest taken at the top (sitting) is a whole rep's way back to where the reps turn,
and a burpee's arm turns at many places. A live set ends when the runner ends it; its second
look does not drop the last candidate so (tried: on the tuned burpees thinned to the chest
beacon's times, live, one rep more was taken back: 34 under to 35).

In a recording, a rep that came back inside a beat two others fill is part of one of them: a
burpee's arm may swing twice in one burpee, both as big as a rep. Between the rep before and the
one after it, each part is nearer half the set's beat (the median spacing of its reps) than a
whole one (``rhythm.inside_beat``, the other side of ``fills_beat``'s ``HALF_BEAT``), the two
came back about one beat apart (less than ``rhythm.ONE_BEAT_SPAN``: a set that sped up for two
reps and slowed back has them two short beats apart), and the set kept its beat around the two
(a rep before them and one after, each no nearer: a set that sped up has one short spacing
after another, and its first and last reps are not judged so): it is no rep
(``_one_per_beat``). On tuned exermote burpees the second swings came back 0.54-0.71 of a beat
from the rep further off, the reps either side 0.95-1.24 beats apart; the reps kept, 0.83 of
one and more. A live set's second look keeps them (not tried there: live reps are said as
they come). Known limits: a second swing of the rep before the set's last counts (nothing
after it shows the set kept its beat), and so does one among the oldest candidates of a set
longer than ``KEPT_MAX``, judged one by one before the set ends.

When rest was taken at the reps' far end after a move into position, the set's first candidate
was the way in with rep 1's way out (as big as a move into position), and its last, which went
on past where it left rest without a stop and ended the set there (``MoveOut.moved_out``),
rep N's way back with the move out: the two halves of one rep. While the first counts, the
last is none (live too: ``LiveJudge.end_set``).
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from itertools import pairwise

from sensors.motion.events import MotionEvent, Vec3
from sensors.motion.move_into_position import POSITION_DEG
from sensors.motion.rep_judging import HALF_SHARE, Candidate, RepJudge, fits, median
from sensors.motion.rep_rules import RepRules
from sensors.motion.rhythm import HALF_BEAT, SetRhythm, fills_beat, inside_beat

KEPT_MAX = 64
"""A set longer than this many candidates judges its oldest against the rest."""
ON_BEAT = 0.5
"""The swing away from rest that ended a set was the way back of its last rep when it left
less than this share of the set's beat after the last candidate (see ``_rest_was_far_end``)."""
WAY_IN_SHARE = 0.5
"""A set's first candidate left from somewhere other than its second when the two places are
further apart than this share of its size (reps leave from about the same place)."""
ONE_PLACE_DEG = 10.0
"""A set's reps turn at one place when the median of them turned this close to their way (from
where the reps leave rest to where they turn): as close as the axes of two rep-like movements
that moved alike (``reps.AXES_ALIKE_DEG``)."""
IN_POSITION_S = 1.0
"""Still this long where the set's rest was found before its first swing, the person was in
position there: the set's first candidate left from its start, and is judged as any other (as
long as the dwell that shows rest at the far end of a first swing, ``dwell.DWELL_S``)."""


class HindsightJudge(RepJudge):
    """``recording``: the set was found in a recording, not marked by a runner (see the module's
    docstring)."""

    def __init__(self, rules: RepRules, rhythm: SetRhythm, *, recording: bool = True) -> None:
        super().__init__(rules, rhythm)
        self.recording = recording
        self._kept: deque[Candidate] = deque()
        """The set's candidates so far."""
        self._first: Candidate | None = None
        """The set's first rep."""
        self._rep_times: deque[float] = deque(maxlen=KEPT_MAX)
        """When the set's latest reps came back (their beat)."""
        self._first_judged = False
        """The set's first candidate has been judged (a long set's oldest are judged early)."""

    def reset(self) -> None:
        super().reset()
        self._kept.clear()
        self._first = None
        self._rep_times.clear()
        self._first_judged = False

    def add(self, rep: Candidate, out: list[MotionEvent]) -> None:
        self._note(rep)
        self._kept.append(rep)
        if len(self._kept) > KEPT_MAX:
            self._judge_kept(1, out)

    def end_set(
        self,
        out: list[MotionEvent],
        left_rest: Candidate | None = None,
        moved_out_s: float | None = None,
    ) -> None:
        if not self._kept:
            return  # nothing since the set was last judged (it may be ended twice)
        if self.recording:
            self._drop_way_in()
            self._drop_way_out()
        if self._kept[-1].t_s == moved_out_s and len(self._kept) > 1 and self._first_counts():
            self._kept.pop()
        typical = median(sorted(c.amplitude_deg for c in self._kept))
        self._judge_kept(len(self._kept), out)
        self._kept.clear()
        if left_rest is not None and self._rest_was_far_end(left_rest, typical):
            self._accept(left_rest, out)

    def _first_counts(self) -> bool:
        """The set's first candidate is a rep (judged, or to be: it fits the median of those
        kept)."""
        if self._first_judged:
            return self._first is not None and self._first.t_s == self._first_in
        kept = self._kept
        typical = median(sorted(c.amplitude_deg for c in kept))
        return kept[0].t_s == self._first_in and fits(kept[0].amplitude_deg, typical, self.rules)

    def _drop_way_in(self) -> None:
        """The set's first candidate is no rep when it is as big as a move into position and
        left further from where the second one did than ``WAY_IN_SHARE`` of its size, unless
        the person had been in position where it left (``IN_POSITION_S``), or the set would be
        left with too few that fit to be one (its reps may vary that much)."""
        kept, rules = self._kept, self.rules
        if self._first_judged:
            return  # what is in view is mid-set
        if len(kept) <= rules.set_min_reps or kept[0].amplitude_deg < POSITION_DEG:
            return
        if kept[0].rest_still_s >= IN_POSITION_S:
            return  # it left from where the person was in position
        first, second = kept[0].left_v, kept[1].left_v
        if first is None or second is None:
            return
        dot = first[0] * second[0] + first[1] * second[1] + first[2] * second[2]
        apart_deg = math.degrees(math.acos(max(-1.0, min(1.0, dot))))
        if apart_deg <= WAY_IN_SHARE * kept[0].amplitude_deg:
            return
        others = sorted(c.amplitude_deg for c in list(kept)[1:])
        typical = median(others)
        if sum(fits(size, typical, rules) for size in others) >= rules.set_min_reps:
            kept.popleft()

    def _drop_way_out(self) -> None:
        """The set's last candidate is no rep when the set's reps turn at one place and it
        turned further from their way than ``WAY_IN_SHARE`` of its size (see the module's
        docstring). The reps are the other candidates that fit their median, ``set_min_reps``
        of them at least."""
        kept, rules = self._kept, self.rules
        if len(kept) <= rules.set_min_reps or kept[-1].far_v is None:
            return
        others = list(kept)[:-1]
        typical = median(sorted(c.amplitude_deg for c in others))
        reps = [c for c in others if fits(c.amplitude_deg, typical, rules)]
        way = _way_of(reps)
        if len(reps) < rules.set_min_reps or way is None:
            return
        strays = sorted(_off_way_deg(c.far_v, way) for c in reps if c.far_v is not None)
        if median(strays) > ONE_PLACE_DEG:
            return  # the reps turn at many places
        if _off_way_deg(kept[-1].far_v, way) > WAY_IN_SHARE * kept[-1].amplitude_deg:
            kept.pop()

    def _rest_was_far_end(self, left_rest: Candidate, typical: float) -> bool:
        """The set's first rep came after a swing to the rest side that fits the set's reps,
        and its last swing, away from rest, fits them too (see the module's docstring)."""
        first, rules, times = self._first, self.rules, self._rep_times
        if first is None or len(times) < 2:
            return False
        beat = median(sorted(b - a for a, b in pairwise(times)))
        return (
            fits(first.lead_deg, typical, rules)
            and fits(left_rest.amplitude_deg, typical, rules)
            and left_rest.start_s - times[-1] < ON_BEAT * beat
        )

    def drop_latest(self, how_many: int) -> None:
        for _ in range(how_many):
            if self._kept:
                self._kept.pop()
        if not self._kept and not self._first_judged:
            self._added = False  # the next is the set's first

    def drop_first(self) -> None:
        """A shift before the move into position (``Settling.shift_first``); in hindsight
        no out-and-back is taken for rep 1 before the swing that decides rest (see
        ``RepCounter._came_back_before``)."""
        self.drop_latest(1)  # the set's one candidate so far

    def expire(self, t_s: float) -> None:
        """Nothing waits: every candidate is kept until the set ends."""

    def rested(self, t_s: float, at_rest: bool, left_s: float, out: list[MotionEvent]) -> None:
        """Nothing waits for the movement to rest."""

    def _accept(self, rep: Candidate, out: list[MotionEvent]) -> None:
        if self._first is None:
            self._first = rep
        self._rep_times.append(rep.t_s)
        super()._accept(rep, out)

    def _judge_kept(self, how_many: int, out: list[MotionEvent]) -> None:
        """The oldest ``how_many`` kept candidates that fit the set's median are reps, if the
        set has ``set_min_reps`` that fit."""
        kept = self._kept
        if not kept:
            return
        self._first_judged = True
        rules = self.rules
        sizes = sorted(c.amplitude_deg for c in kept)
        typical = median(sizes)
        fitting = sum(fits(size, typical, rules) for size in sizes)
        whole = how_many >= len(kept)  # the whole set in view
        if whole and _uneven(kept, typical, rules):
            fitting = 0  # a few fidgets of all lengths
        # A candidate that is the other half of the rep before is none.
        period = self._period(kept, whole_set=True) if whole else 0.0
        in_beat: set[int] = set()
        if whole and not period and fitting >= rules.set_min_reps:
            in_beat = _missed_beats(kept, typical, rules)
        reps: list[Candidate] = []
        last = -math.inf
        for i in range(min(how_many, len(kept))):
            rep = kept.popleft()
            if fitting >= rules.set_min_reps and (
                fits(rep.amplitude_deg, typical, rules) or i in in_beat
            ):
                if rep.t_s - last < HALF_SHARE * period:
                    continue
                last = rep.t_s
                reps.append(rep)
        if whole and self.recording:
            reps = _one_per_beat(reps)
        for rep in reps:
            self._accept(rep, out)


def _way_of(reps: list[Candidate]) -> tuple[Vec3, Vec3] | None:
    """Where the reps leave rest and where they turn (each the mean direction of theirs), and
    the unit direction from the one to the other; none when they are not known."""
    left = _mean_direction([c.left_v for c in reps if c.left_v is not None])
    far = _mean_direction([c.far_v for c in reps if c.far_v is not None])
    if left is None or far is None:
        return None
    way = _mean_direction([(far[0] - left[0], far[1] - left[1], far[2] - left[2])])
    return None if way is None else (far, way)


def _off_way_deg(v: Vec3, way: tuple[Vec3, Vec3]) -> float:
    """About how far the direction ``v`` lies from the line the reps move on, across it (a
    deeper or shallower rep turns further along the line, not off it)."""
    far, (wx, wy, wz) = way
    ox, oy, oz = v[0] - far[0], v[1] - far[1], v[2] - far[2]
    along = ox * wx + oy * wy + oz * wz
    across = (ox - along * wx, oy - along * wy, oz - along * wz)
    return math.degrees(math.sqrt(across[0] ** 2 + across[1] ** 2 + across[2] ** 2))


def _mean_direction(vectors: list[Vec3]) -> Vec3 | None:
    sx = sum(v[0] for v in vectors)
    sy = sum(v[1] for v in vectors)
    sz = sum(v[2] for v in vectors)
    size = math.sqrt(sx * sx + sy * sy + sz * sz)
    return None if size < 1e-9 else (sx / size, sy / size, sz / size)


def _uneven(kept: deque[Candidate], typical: float, rules: RepRules) -> bool:
    """A set of no more reps that fit than it needs, of lengths too unlike to be one set's,
    one of them a fidget's."""
    lengths = [c.t_s - c.start_s for c in kept if fits(c.amplitude_deg, typical, rules)]
    if len(lengths) > rules.set_min_reps or len(lengths) < 2 or min(lengths) >= rules.fidget_s:
        return False
    return statistics.pstdev(lengths) > rules.uneven_cv * statistics.fmean(lengths)


def _missed_beats(kept: deque[Candidate], typical: float, rules: RepRules) -> set[int]:
    """Which of a set's candidates too small to fit it fill a beat its reps missed: the only
    candidate between two reps that fit, two of the set's beats apart (the median spacing of
    the reps that fit), it splits that gap into two parts each like a beat (see
    ``rhythm.fills_beat``)."""
    fit = [i for i, c in enumerate(kept) if fits(c.amplitude_deg, typical, rules)]
    beats = sorted(kept[b].t_s - kept[a].t_s for a, b in pairwise(fit))
    if len(beats) < rules.set_min_reps - 1:
        return set()
    beat = median(beats)
    return {
        a + 1
        for a, b in pairwise(fit)
        if b == a + 2
        and kept[a + 1].amplitude_deg < typical
        and fills_beat(kept[a].t_s, kept[a + 1].t_s, kept[b].t_s, beat)
    }


def _one_per_beat(reps: list[Candidate]) -> list[Candidate]:
    """A set's reps less those that came back inside a beat two others fill: between the rep
    before and the one after, each part nearer half the set's beat than the whole (the median
    spacing of its reps) and the two about one beat apart (``rhythm.inside_beat``), while the
    set kept its beat around them (a rep before the two and one after them, each no nearer than
    that: a set that sped up has one short spacing after another). Each is judged against the
    rep before that stays. ``reps``: those judged when the set ended (a set longer than
    ``KEPT_MAX`` candidates judged its oldest before, and they are not looked at so)."""
    if len(reps) < 3:
        return reps
    beat = median(sorted(b.t_s - a.t_s for a, b in pairwise(reps)))
    kept = [reps[0]]
    for i in range(1, len(reps) - 1):
        before, rep, after = kept[-1].t_s, reps[i].t_s, reps[i + 1].t_s
        if (
            inside_beat(before, rep, after, beat)
            and len(kept) >= 2
            and i + 2 < len(reps)
            and before - kept[-2].t_s >= HALF_BEAT * beat
            and reps[i + 2].t_s - after >= HALF_BEAT * beat
        ):
            continue
        kept.append(reps[i])
    kept.append(reps[-1])
    return kept
