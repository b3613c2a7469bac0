"""Judging the candidates of a set that someone is doing now (the runner marks it;
``hindsight`` off): each rep counts as it comes back, so a coach can call it out.

The set's first candidate of at least ``at_once_deg`` counts once the movement has stayed at
rest ``LED_INTO_S`` after it (did not turn away again sooner). When it turned away sooner, the
next candidate decides: one more than ``fit_over`` times bigger (a misfit, see below) that left
rest that soon shows the first was a move on its own leading into rep 1 (the arm swung into
place, the dip before a burpee), so it is no rep and the next is judged as the set's first;
otherwise the first counts, late, and the next is judged against it. A turn away that comes
back to rest without being a candidate (a quick bounce) decides nothing: once the movement is
back and last left the rest's extreme ``LED_INTO_S`` or more after the first, no next candidate
can have led out of it, and the first counts then. A first candidate under
``at_once_deg`` waits for the next: when the two are alike (the smaller at least ``pair_share``
of the larger) both count, so that first rep is reported one rep late, with the second;
otherwise the first was a move on its own (a fidget, settling) and the second takes its place,
unless the second is at least ``at_once_deg`` (on trial, as above), would fit a set of reps like
the first (at most ``fit_over`` times it: a rocked rep is bigger) and did not leave rest within
``LED_INTO_S`` of it (a move on its own leads straight into the rep): then the first was a
shallow rep 1, and counts when the second does, with it.

From then on the typical rep is the median of the latest reps (``TYPICAL_OF``): a candidate
that fits (``rep_judging.fits``) counts at once; a misfit waits, a second one like it confirms
both (the person changed to smaller or bigger reps), a fitting rep, the end of the set or a
long wait (``max_rep_s``) drops it (the way out of position, a fidget). When the latest
``RECENT_MAX`` candidates came in pairs (each rep came back twice), a candidate less than
``HALF_SHARE`` of the set's period after the last rep is not counted. A misfit too small to fit
that was the only candidate between two reps counts with the second when it filled the set's
beat: the two reps are two beats apart (the median spacing of the latest reps, from the set's
third rep on) and it came about one beat after the first (``rhythm.fills_beat``): a shallow
rep, not a fidget in a pause.

A set's first rep called out that the rep counter then finds was a shift before a move into
position (``Settling.shift_first``) stands until the first rep from the position counts, and
is taken back then (``drop_first``): with none, the settle was the move out after rep 1.

When the set ends it is looked at again as a whole: its candidates are judged as a set found in
a recording is (``hindsight_reps.py``, against the median of them all). Rep by rep the judge
cannot know the set's rhythm and size when the first candidates come, so it counts some moves
that are not reps (the way into position, settling); when the second look finds at least
``set_min_reps`` reps and fewer than were counted, the counted reps it did not find are taken
back (``RepWithdrawn``), the earliest first, until the count is the second look's. It never
adds a rep: what was not called out is not credited afterwards. On the people tuned on
(exermote 1-2, barbell A-B, counted as a live session would) the mean error fell from 0.47 to
0.38 reps a set; taking the second look's count whether lower or higher did less well (0.41).

Of those it would take back, the last before the first rep that stays is kept when it was
smaller than the set's reps and came back in the set's beat before that rep
(``_rep_1_in_beat``): no sooner than one beat (the median spacing of the reps that stay) less
how much the set's spacings scatter (one standard deviation, from their median absolute
deviation: one long pause does not widen it), and less than ``MISSED_FROM`` beats before. That
was rep 1, shallower than the rest (begun with the go, or split in two while the axis
settled), not a move on its own: a move leading into rep 1 ends where rep 1 begins, so it comes
back less than a beat before rep 1 does, and a move bigger than the reps (a dip, the way into
position) is none, in the beat or not. On tuned exermote (live, 10 Hz), the first reps taken
back that the guiding app's count and beat showed to be rep 1 came back 0.99-1.14 beats before
the next (0.07-0.67 standard deviations of their set's spacings short of a beat, or more than a
beat); three more were split in two, halves at 1.44-1.55 and 1.05-1.21 beats (the later stays).
The moves rightly taken back came back 0.15-0.78 beats before, the nearest 1.35 and 5 standard
deviations short of a beat (barbell A's deadlift, exermote 2's squats). Exermote's live
under-counts fell from 12 sets to 4 (MAE 0.19 to 0.11), the thinned sets' from 67 to 55 with 6
more over (MAE 0.28 to 0.26, within ±1 unchanged), barbell unchanged. Strictly one beat or more
(no scatter) kept 6 of the 8; a quarter of a beat either side, as ``rhythm.py`` takes lags,
also kept those two moves. The scatter is held to 0.05-0.2 beats (``SCATTER_AT_LEAST``,
``SCATTER_AT_MOST``): with the two spacings of three reps, one long pause made it 5.2 s on a
beat of 7 s, and a quick move leading into rep 1 was kept; the bounds changed no tuned set
(thinned: one over fewer, one under more).

Known limit: a move smaller than the reps that came back in the beat before rep 1 is kept as
rep 1 whatever it was: a quick fidget, a settle after lying back, the arm swung into place and
back, then a wait as long as the reps' rests. Such a swing is, sample for sample, a shallow
rep 1. A fidget is quicker than a rep (0.4 of its time in the tests), but requiring the kept
one to last half the reps' median time lost 2 tuned exermote sets (live under-counts 4 to 6):
the first reps kept there last 0.26-1.3 of the reps' time, 7 of 25 under 0.45 (rep 1 split in
two, its halves short).

The recording's path (``analyze_samples``) does not keep it, so a raw recording of such a set
counts one fewer than the live session did (a replay with the session's set boundaries counts
as it did): in a recording the tuned sets are counted over (27 sets) far more than under (4),
and keeping a candidate the whole set does not fit can only add to that.
"""

from __future__ import annotations

import math
from collections import deque
from itertools import pairwise

from sensors.motion.events import MotionEvent, RepCounted, RepWithdrawn
from sensors.motion.hindsight_reps import HindsightJudge
from sensors.motion.rep_judging import HALF_SHARE, Candidate, RepJudge, fits, median
from sensors.motion.rep_rules import RepRules
from sensors.motion.rhythm import MISSED_FROM, SetRhythm, fills_beat

TYPICAL_OF = 5
"""The typical rep size is the median of this many latest reps."""
RECENT_MAX = 6
"""The set's period is found from the movement of its latest this many candidates."""
LED_INTO_S = 0.6
"""A set's first candidate big enough to count on its own counts once the movement has
stayed back at rest this long after it came half-way back. A move on its own before rep 1 (the
arm swung into place, the dip before a burpee) leads straight into the rep (on tuned exermote
the rep left rest 0.4 s or less after it); a real rep ends in the start position, where the
person stays a moment, unless the reps run on without a pause (then the next is alike: see
``LiveJudge._on_trial``)."""

SPREAD_PER_MAD = 1.4826
"""The standard deviation of normally scattered values per their median absolute deviation:
how much a set's spacings vary, measured so that one odd spacing (a pause) does not widen it."""

SCATTER_AT_LEAST = 0.05
"""That scatter is taken as at least this share of the beat (identical spacings have none: a
rep 1 that rested a moment less than the reps stays)..."""
SCATTER_AT_MOST = 0.2
"""...and at most this share: with two spacings only, one long pause is their median absolute
deviation, and the window would reach well under a beat, to a move leading into rep 1."""


class LiveJudge(RepJudge):
    def __init__(self, rules: RepRules, rhythm: SetRhythm) -> None:
        super().__init__(rules, rhythm)
        self._sizes: deque[float] = deque(maxlen=TYPICAL_OF)
        """The latest reps' sizes (none yet: the set has no rep so far)."""
        self._unconfirmed: Candidate | None = None
        """The set's first candidate, until the next one shows whether it was a rep."""
        self._trial: Candidate | None = None
        """The set's first candidate, big enough to count at once, until the movement has
        stayed at rest ``LED_INTO_S`` after it (or the next candidate shows what it was)."""
        self._shallow_first: Candidate | None = None
        """A shallow first candidate before the one on trial, that the one on trial would fit:
        rep 1 if the one on trial counts."""
        self._trial_left = False
        """The movement turned away from rest too soon after the first on trial: the next
        candidate shows what it was (unless the movement rests first, see ``rested``)."""
        self._waiting: Candidate | None = None
        """A candidate that did not fit the set, until the next one shows what it was."""
        self._recent: deque[Candidate] = deque(maxlen=RECENT_MAX)
        """The set's latest candidates."""
        self._rep_times: deque[float] = deque(maxlen=TYPICAL_OF + 1)
        """When the set's latest reps came back (their beat)."""
        self._counted: dict[float, float] = {}
        """The set's reps counted so far: their sizes, by when they came back (in order)."""
        self._whole = HindsightJudge(rules, rhythm, recording=False)
        """The set's candidates, judged again as a whole when it ends (the second look)."""
        self._whole_found: list[float] = []
        """When the reps came back that the second look found (a long set's oldest are judged
        before it ends)."""
        self._alone_s: float | None = None
        """When the set's first rep came back, when it was a move into position that came back
        to where it began (``Candidate.alone_no_rep``)."""
        self._struck: Candidate | None = None
        """The set's first rep, called out, then dropped as a shift before a move into position
        (``drop_first``): taken back when the next rep counts."""

    def reset(self) -> None:
        super().reset()
        self._counted.clear()
        self._whole.reset()
        self._whole_found.clear()
        self._alone_s = self._struck = None
        self._sizes.clear()
        self._unconfirmed = self._waiting = self._trial = self._shallow_first = None
        self._recent.clear()
        self._rep_times.clear()

    def add(self, rep: Candidate, out: list[MotionEvent]) -> None:
        self._note(rep)
        self._recent.append(rep)
        self._look_at(rep)
        if not self._sizes:
            self._first_reps(rep, out)
        else:
            self._next_rep(rep, out)

    def end_set(
        self,
        out: list[MotionEvent],
        left_rest: Candidate | None = None,
        moved_out_s: float | None = None,
    ) -> None:
        """A first candidate never confirmed, or a misfit still waiting, was no rep, and a
        first on trial (``rested``) was one. A last swing that left rest and did not come back
        is none: the runner started the set where the person rests. No move into or out of
        position is a rep, counted already or not (taken back): a last candidate that was the
        move out (``moved_out_s``) when the set's first still counts (see
        ``HindsightJudge.end_set``), nor a set's one rep when it was a move into position that
        came back to where it began (``Candidate.alone_no_rep``) and no rep came after it (the
        move into position and back out)."""
        if self._trial is not None:
            self._accept_trial(self._trial, out)  # nothing after it showed it was no rep
        self._struck = None  # no rep from where the move settled: it was the move out
        self._unconfirmed = self._waiting = self._trial = self._shallow_first = None
        self._look_again(out, left_rest, moved_out_s)
        if moved_out_s in self._counted and self._first_in in self._counted:
            self._withdraw(moved_out_s, out)
        if self._alone_s is not None and list(self._counted) == [self._alone_s]:
            self._withdraw(self._alone_s, out)

    def drop_latest(self, how_many: int) -> None:
        for _ in range(how_many):
            if self._recent:
                self._recent.pop()
        if not self._recent and not self._counted:
            self._added = False  # the next is the set's first
        self._whole.drop_latest(how_many)
        self._unconfirmed = self._waiting = self._trial = self._shallow_first = None

    def drop_first(self) -> None:
        """Called out already (a shift of ``at_once_deg`` or more that rested after it), it
        stands until a rep from where the move settled counts, and is taken back then (with
        none, the settle was the move out of position after rep 1); the next candidate is
        judged as the set's first."""
        self._unconfirmed = self._trial = self._shallow_first = None
        if self._recent:
            first = self._recent.pop()
            if first.t_s in self._counted:
                self._struck = first
                self._sizes.clear()
                self._rep_times.clear()
                self._alone_s = None
                self.last_rep_s = -math.inf
                self._added = False  # the next is the set's first
        self._whole.drop_latest(1)  # the set's one candidate so far

    def put_back(self, rep: Candidate, out: list[MotionEvent]) -> None:
        """A rep called out that was to be taken back (``drop_first``) stands, as it was."""
        if rep is not self._struck:
            self.add(rep, out)
            return
        self._struck = None
        self._note(rep)
        self._recent.append(rep)
        self._look_at(rep)
        self.last_rep_s = rep.t_s
        self._rep_times.append(rep.t_s)
        self._sizes.append(rep.amplitude_deg)

    def _look_at(self, rep: Candidate) -> None:
        """The second look keeps every candidate of the set (judging a long set's oldest)."""
        found: list[MotionEvent] = []
        self._whole.add(rep, found)
        self._whole_found.extend(e.t_s for e in found if isinstance(e, RepCounted))

    def _look_again(
        self, out: list[MotionEvent], left_rest: Candidate | None, moved_out_s: float | None
    ) -> None:
        """The set is over: judged as a whole, it may hold fewer reps than were counted (see
        the module's docstring). The counted reps the second look did not find are taken back,
        the earliest first, down to its count."""
        found: list[MotionEvent] = []
        self._whole.end_set(found, left_rest, moved_out_s)
        whole = {*self._whole_found, *(e.t_s for e in found if isinstance(e, RepCounted))}
        self._whole_found.clear()
        extra = len(self._counted) - len(whole)
        if len(whole) < self.rules.set_min_reps or extra <= 0:
            return
        drop = [t for t in self._counted if t not in whole][:extra]
        kept = self._rep_1_in_beat(drop, sorted(t for t in self._counted if t not in drop))
        for t_s in drop:
            if t_s != kept:
                self._withdraw(t_s, out)

    def _rep_1_in_beat(self, drop: list[float], stays: list[float]) -> float | None:
        """Of the counted reps the second look would take back (``drop``), the last before the
        first rep that stays (``stays``, in time order): rep 1 when it was smaller than the
        reps that stay and came back in their beat before the first of them (see the module's
        docstring), else none. ``stays`` holds the second look's count, ``set_min_reps`` or
        more (``_look_again``), so the beat has two spacings at least."""
        before = max((t for t in drop if t < stays[0]), default=None)
        if before is None:
            return None
        spacings = sorted(b - a for a, b in pairwise(stays))
        beat = median(spacings)
        scatter = SPREAD_PER_MAD * median(sorted(abs(s - beat) for s in spacings))
        scatter = min(max(scatter, SCATTER_AT_LEAST * beat), SCATTER_AT_MOST * beat)
        if not beat - scatter <= stays[0] - before < MISSED_FROM * beat:
            return None
        if self._counted[before] >= median(sorted(self._counted[t] for t in stays)):
            return None
        return before

    def _withdraw(self, t_s: float, out: list[MotionEvent]) -> None:
        """The rep counted that came back at ``t_s`` was none."""
        del self._counted[t_s]
        self.count -= 1
        out.append(RepWithdrawn(t_s))

    def expire(self, t_s: float) -> None:
        max_rep_s = self.rules.max_rep_s
        if self._waiting is not None and t_s - self._waiting.t_s > max_rep_s:
            self._waiting = None
        if self._unconfirmed is not None and t_s - self._unconfirmed.t_s > max_rep_s:
            self._unconfirmed = None  # a movement on its own

    def rested(self, t_s: float, at_rest: bool, left_s: float, out: list[MotionEvent]) -> None:
        """The first candidate on trial counts once the movement has stayed at rest until
        ``LED_INTO_S`` after it came half-way back (it turned away from rest no sooner). When
        it turned away sooner but is back at rest, and last left the rest's extreme
        (``left_s``) no sooner than that (a quick bounce that was no candidate), the next rep
        can no longer have led straight out of the first (``_on_trial``): it counts now, not
        with the next."""
        trial = self._trial
        if trial is None:
            return
        if not at_rest:
            self._trial_left = True  # the next candidate shows what it was
            return
        since_s = left_s if self._trial_left else t_s
        if since_s >= trial.t_s + LED_INTO_S:
            self._accept_trial(trial, out)
            self._trial = None

    def _first_reps(self, rep: Candidate, out: list[MotionEvent]) -> None:
        """The set's first rep counts when it is big enough to be sure of and the movement
        rested after it (``rested``), else when the next candidate is alike, with it, or with
        a big next one that counts and that it fits (``_shallow_rep_1``)."""
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
            self._shallow_first = first if self._shallow_rep_1(first, rep) else None
            self._unconfirmed = None
            self._trial = rep
            self._trial_left = False
        else:
            self._unconfirmed = rep

    def _shallow_rep_1(self, first: Candidate | None, rep: Candidate) -> bool:
        """A shallow first candidate, not alike the big one after it, was rep 1 when the big
        one would fit a set of reps like it (at most ``fit_over`` times bigger: a rocked rep is
        bigger) and did not leave rest straight after it (within ``LED_INTO_S``: a move on its
        own leads straight into the rep, as the unracking of a bar does)."""
        if first is None or rep.start_s < first.t_s + LED_INTO_S:
            return False
        return fits(rep.amplitude_deg, first.amplitude_deg, self.rules)

    def _on_trial(self, trial: Candidate, rep: Candidate, out: list[MotionEvent]) -> bool:
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
            self._shallow_first = None  # a move before the move that led into rep 1
            return False
        self._accept_trial(trial, out)
        self._next_rep(rep, out)
        return True

    def _accept_trial(self, trial: Candidate, out: list[MotionEvent]) -> None:
        """The first on trial counts, and the shallow first before it (if any) with it."""
        shallow, self._shallow_first = self._shallow_first, None
        if shallow is not None:
            self._accept(shallow, out)
        self._accept(trial, out)

    def _next_rep(self, rep: Candidate, out: list[MotionEvent]) -> None:
        rules = self.rules
        period = self._period(self._recent)
        if period and rep.t_s - self.last_rep_s < HALF_SHARE * period:
            return  # the other half of the rep before (see ``_period``)
        typical = median(sorted(self._sizes))
        waiting = self._waiting
        alike = waiting is not None and _alike(waiting.amplitude_deg, rep.amplitude_deg, rules)
        if fits(rep.amplitude_deg, typical, rules):
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

    def _in_beat(self, small: Candidate, rep: Candidate, typical: float, period: float) -> bool:
        """The one candidate since the last rep, too small to fit, filled a beat that the set's
        reps missed (as in hindsight: ``hindsight_reps.py``), now that the rep after it has come."""
        times = self._rep_times
        if period or small.amplitude_deg >= typical or len(times) < self.rules.set_min_reps:
            return False
        if sum(self.last_rep_s < c.t_s < rep.t_s for c in self._recent) != 1:
            return False
        beat = median(sorted(b - a for a, b in pairwise(times)))
        return fills_beat(self.last_rep_s, small.t_s, rep.t_s, beat)

    def _accept(self, rep: Candidate, out: list[MotionEvent]) -> None:
        struck, self._struck = self._struck, None
        if struck is not None:
            self._withdraw(struck.t_s, out)  # a rep from where the move settled: it was a shift
        super()._accept(rep, out)
        if rep.alone_no_rep:
            self._alone_s = rep.t_s
        self._counted[rep.t_s] = rep.amplitude_deg
        self._rep_times.append(rep.t_s)
        self._sizes.append(rep.amplitude_deg)


def _alike(a: float, b: float, rules: RepRules) -> bool:
    return min(a, b) >= rules.pair_share * max(a, b)
