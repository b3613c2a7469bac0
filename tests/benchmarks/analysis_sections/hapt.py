"""HAPT: a phone on the waist at 50 Hz, still postures labelled from video; each posture reached
from another is timed as a hold (the truth is its labelled span) with the set started in the
posture before; tuned on users 1-15, held out 16-30.

Why the tuned holds miss by more than 1 s (40 of 150 by the holds' own times, issue 15), each
by the largest part of its error; "label off": the movement's own landmark on that side (the
tilt 90% into the posture, 10% out of it, moved by the posture's median offset to the labels,
``hapt_labels.py``) is itself more than 1 s from the label, the same way as the clock:

    cause                                                        holds  label off
    started late (1.2-2.8 s after the labelled start)              15       3
    stopped early (0.9-2.3 s before the labelled end)               9       1
    timed longer than labelled (started early, stopped late)        5       3
    never timed                                                     5
    broken inside by a shift of 32-65 degrees, timed again after    3
    a hold in the posture before (a shift while sitting, 6-8 s)     2
    a dip back towards rest ended the hold at once                  1

Started late: the light direction was more than 5 degrees from where the hold settled until
0.2-1.1 s before its clock started (median 0.65 s; one lying person, in position, shifted 2-3
degrees while the shake of lying down still faded, 2.1 s); the clock starts when they settled,
dated back. Lying, and sitting after lying, are labelled to start 0.7-1 s before the tilt into
them is 90% done, and their clocks start a median 1.2-1.3 s after that point (sitting after
standing and standing after sitting: 0.15 s). Stopped early: 8 of the 9 are standing after
sitting, whose move out (to lie down) shook out of stillness 0.6-1.4 s before the labelled
end, where the moves out of the other postures shake a median 0.26-0.42 s after it; the clock
stops where the light direction left the spot, as the person began to lean (0.2-0.8 s before
the shake, a few degrees, still by the limits): for every tuned standing a median 0.21 s
before the shake, 0.03-0.13 s for the others. Longer than labelled: one labelled to start 4 s
after the person stood, one 3.3 s after the tilt into lying was done, one to end 1.8 s before
the move out began, two lyings timed 0.6-0.8 s before their labelled start. Never timed (three
standing, two sitting): three are under 5 degrees from the rest at the waist, and two, 13 and
18 degrees away, count as back at rest (nearer it than half the lean of the transition). The
dip (user 7, sitting reached from standing, 8 degrees apart at the waist): 4.7 degrees back
towards standing for 0.6 s and back to the same spot, 1.35 s lost. Sway pauses no standing
hold (one pauses 2.2 s before its end, as the person moved); none is paused for rocking. The
live clock also runs for holds the own times leave out: two tuned lyings start 7-10 s early
(a 2 s hold in the sitting before, over 5-8 s before the labelled start) and one sitting runs
on 5 s (a hold in the standing after it, 4 degrees or more from where the set started).

Tried and dropped (tuned, within 1 s: lying to sitting, sitting to lying, sitting to standing,
standing to lying, standing to sitting, all; as landed 80, 73, 43, 87, 83, 73%, mean -0.94 s):
a start dated back to when the light direction came within 4, 5 or 7.5 degrees of the hold, at
most 0.5 or 1.5 s before it settled: 4 degrees, 0.5 s: 83, 63, 47, 83, 77, 71%; 5, 0.5: 83, 60,
53, 80, 73, 70%; 7.5, 1.5: 83, 60, 57, 67, 60, 65% (every start moves earlier, and sitting and
standing are labelled to start as the tilt arrives; a wider settle cone, 4, 5, 7.5 degrees,
gave 69, 67, 65% all). A break dated from the light direction leaving a wider cone of where the
person was settled (a sway tolerance, 3.5, 5, 7.5 degrees for 2.5): standing 47, 53, 60%, but
sitting to lying 70, 70, 67% and standing to sitting 80% (standing to lying 80% at 5). A break
dated no earlier than 0.2-0.6 s before the lapse was noticed (a slow lean within the sag limit,
still by the limits, held): at 0.3 and 0.35 s no row loses (standing 50%, all 75%, mean -0.81
s; median |err| of sitting to lying 0.49 to 0.57 s), but 0.25 s loses standing to sitting (80%)
and 0.4 s standing to lying (83%), and the lapse is noticed a median 0.3 s after the light
direction left (171 lapses): the cap redates half of all breaks for two standing holds, a
figure fitted, not a rule. A move back nearer rest than the hold as a lapse like the others
(released only after ``grace_s``): standing to sitting 87% (the dip), no other HAPT row moves,
but on MEx's tuned pelvic tilt (thigh, subject 04) a release and a new tilt within 1.5 s merge
into one hold of 11.6 s (3-7 s: 83% to 80%). A new hold settled within 1.5-2.5 s of the last
one's end counted as one (the gap held): standing to sitting 87-90%, all 74-75%; but a shift
to a new position is not holding. Judging back at rest by the farthest still point times the
two 13 and 18 degree postures, but then standing up again after sitting starts a hold at the
rest, in a live session.

Standing after sitting, the worst (43% of tuned holds within 1 s), misses on the labels more
than on the clock: standing is left by standing to lie, whose labels begin 0.7 s after the
person shook out of stillness, where the other moves out are labelled 0.3-0.5 s before it
(tuned and held out alike). Ended as the others are (their median, 0.36 s before the shake;
held out 0.42 s), standing would be within 1 s on 73% (from 43%; held out from 50% to 73%).

The labels are a yardstick of about that precision themselves (``hapt_labels.py``): a timer
that follows the movement (from when the tilt into a posture is 90% done to when the tilt
out of it is 10% done, each moved by its median offset to the labels) agrees with the
labelled span within 1 s on 59% of tuned postures and 64% held out.

Signed errors by the holds' own times (seconds after the label; 10th percentile, median, 90th):
started -0.49, +0.21, +1.33 tuned (held out -0.36, +0.18, +1.43), stopped -0.92, +0.20,
+0.57 (-0.91, +0.26, +0.66). The misses by their largest part: started late 15 tuned, 16
held out; stopped early 9, 10; broken inside 4, 9; started early 5, 1; stopped late 2, 4;
never timed 5, 1. At the starts the labels are mostly the cause: in the started-late misses
the phone's gyroscope still turns at 20-60 deg/s for 1-2 s after the labelled start and the
clock starts as it stops; 49 of 150 tuned postures (41 of 146) are labelled to begin over
0.5 s before the trunk stopped tilting, 29 (27) to end over 0.5 s after it began to tilt out.

So the holds are timed a second time against the postures as the gyroscope bounds them
(``hapt_truth.py``; an independent sensor, read offline both ways, which the detectors never
see): within 1 s on 81% tuned and 82% held out by the holds' own times (79%, 76% as the live
clock runs), from 73% and 72% (71%, 70%) against the labels; half of the label misses are
within 1 s of it (20 of 40 tuned, 23 of 41 held out), and 8-9 holds within 1 s of their labels
are not. The timer is then unbiased at the start (median 0.00 s tuned, +0.07 held out) and
stops 0.21-0.22 s after the trunk began to tilt out (the light filter leaving the settle
cone). That truth moves with its own rule, which the author chose (``hapt_truth.py``): by the
holds' own times, tuned and held out, a tilt over 9-12 deg/s gives 80-83% (10 deg/s sits on
that plateau), 7 deg/s 71%, 73%, 15 deg/s 78%, 76%, the whole rotation (turns about the
vertical too) 77%, 78%, and pauses in a move of 0.5-2 s rather than 1 s 76-82%: where a hold
began is not sharper than about a second in these recordings, whoever judges it. What misses
against it is the timer's by design: shifts inside a posture (a lying person rolling 30-40
degrees and staying there is not holding the position the clock started in; 5 tuned, 9 held
out), the waist's sitting and standing too close to each other to be a hold away from rest
(5, 1), and the first second of settling (starts 0.5-2 s either side: shuffling on the bed
that shakes the phone without tilting it, a fidget after arriving).

Why the live clock was further from this truth than the holds' own times (tuned 81% to 79%,
held out 82% to 76%; looked at hold by hold, start and stop, live against own against the
gyroscope). Not the batching: notifications of 1, 9 or 36 samples, or the whole set at once,
give the same figures; HAPT has no gaps. One cause was the engine's: a sensor's moment could
reach back no further than the engine had heard of the state it ends (a break heard 1.5 s after
the person left, and a resumption dated between the two, lost the difference; a break dated
before the start was heard took back too little), so the live clock differed from the sum of
the detector's holds by -0.42 to +0.08 s on 3 tuned steps and -0.15 to +0.34 s on 5 held out.
The engine now dates the state from the moment the sensor names, and the live clock equals
that sum on every step, of the holds begun in the set (held out live 76% to 77%, 111 to 112
of 146; tuned 119 of 150 as it was; against the labels 71%, 70% as they were).

The rest of the gap is the scoring, not the code: the holds' own times count the holds that
overlap the posture (from 2 s before it), where a live clock (and the set's total in a
recording's analysis) counts every hold of the set. The set starts in the middle of the
posture before, and the person shifts in it: a hold of 0.7-12 s, 4-12 degrees from where the
set started (17-23 for one person), ended as the real move began (released, nearer the rest
than the hold; one sagged), 4-18 s before the posture: 3 tuned steps and 8 held out have one,
and 2 and 6 of them lose the 1 s by it. And after standing up from sitting, the next standing,
12-21 degrees from the first, is timed in the 5 s the set runs on (1 tuned, 1 held out). No
live rule can know then that a far deeper hold is coming; taking such a released shallow hold
back once a hold twice as far from the rest follows would give, simulated on the live
figures, 121 of 150 tuned and 116 of 146 held out (not built: the clock shown would step
back, and a deeper second try is not always the first one's undoing).

A hold's clock now counts from when the body got where a hold may be (the lightly filtered
direction away from rest), not from when the smoothed direction became sure of it, which
trails a quick move into a position a few degrees from rest by 0.3-0.5 s; the detector
becomes sure at the same moment as before. The evidence for it is the synthetic case
(``test_motion_detectors``: up 5 degrees in 0.2 s, timed from 4.2 s where it was 0.55 s
late) and the start of dsads's upright holds reached from the other upright posture: median
|err| 0.27-0.30 to 0.20 s. dsads is held out, and its upright-from-upright starts are what
prompted the change, so it is no longer clean evidence for it; and the gain there is one
hold, +1 of 288 within 1 s (266 to 267, 92.4% to 92.7%; live 260 to 261), sitting reached
from standing 20 to 21 of 24. HAPT: unchanged within 1 s (73%, 72%; live 71%, 70%;
gyroscope 81%, 82%, live 79%, 76%), sitting after standing started +0.45 to +0.35 s after its
labels held out. Tried first and dropped: dating from where the person settled
(``SteadyWatch.settled_since``) alone, which times a slow small move (5 degrees over 1 s,
stillness never lost) from its beginning, 0.95 s early (the settle cone, 2.5 degrees, is half
such a move). Shifting every start or stop by 0.1-0.2 s moves the figures by 1-4 points either
way (the misses are the tails, not the medians)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from public_sets.hapt import HAPT_RATE_HZ, hapt_gyro_path

from sensors.recording_csv import read_recording

from .data_folder import Array, read_index
from .hapt_truth import RULE, RULES_ALSO, MovementBounds, Rule
from .hold_tables import HoldStep, TimedHold, hold_table, median, run_hold_step, score_hold_step

HAPT_STILL = ("sitting", "standing", "lying")
HAPT_TUNED_UP_TO = 15
"""Users 1-15 tuned on, 16-30 held out."""
HAPT_AFTER_S = 5.0
"""The hold's set ends this long after the posture's labelled end (the next transition)."""
HAPT_BATCH = 9
"""Samples per notification when timed as a live session: 0.18 s at 50 Hz, an H10 frame's."""


@dataclass
class HaptSpan:
    file: Path
    user: int
    activity: str
    start_s: float
    end_s: float
    recording: dict[Path, tuple[Array, Array]]

    @property
    def tuned(self) -> bool:
        return self.user <= HAPT_TUNED_UP_TO

    def samples(self, start_s: float, end_s: float) -> tuple[Array, Array]:
        if self.file not in self.recording:
            self.recording.clear()  # one experiment at a time
            read = read_recording(self.file)
            self.recording[self.file] = (read.t_s, read.acc_g)
        t, acc = self.recording[self.file]
        inside = (t >= start_s) & (t <= end_s)
        return t[inside], acc[inside]


def hapt_spans(root: Path) -> list[HaptSpan]:
    cache: dict[Path, tuple[Array, Array]] = {}
    return [
        HaptSpan(
            root / row["file"],
            int(row["user"]),
            row["activity"],
            float(row["start_s"]),
            float(row["end_s"]),
            cache,
        )
        for row in read_index(root)
    ]


def hapt_holds(root: Path) -> None:
    """A still posture reached from another (standing to sitting, sitting to lying...) timed
    as a hold: the set starts in the posture before (its rest), as a session's would, and
    ends after the next transition. The truth is the posture's labelled span.

    Timed twice: by the holds' own times (``seconds_held``, what a recording's analysis
    reports), and as a live session's clock runs (lumbar's engine, told of each hold's start
    and break as the detector reports them, at the end of the notification they came in, and
    timing from the moments they name); with how late the clock started after the labelled
    start and stopped after the labelled end."""
    print("hapt: still postures (waist phone, 50 Hz, labelled from video) timed as holds")
    print("  (chest limits; set started in the posture before, ended 5 s after this one)")
    spans = hapt_spans(root)
    steps: list[tuple[HaptSpan, str, HoldStep]] = []
    for before, between, this in zip(spans, spans[1:], spans[2:], strict=False):
        if not (
            before.file == this.file
            and before.activity in HAPT_STILL
            and this.activity in HAPT_STILL
            and between.activity not in HAPT_STILL
        ):
            continue
        set_start = 0.5 * (before.start_s + before.end_s)
        t, acc = this.samples(before.start_s, this.end_s + HAPT_AFTER_S)
        kind = f"{before.activity} to {this.activity}"
        steps.append((this, kind, run_hold_step(t, acc, set_start, HAPT_BATCH)))
    if not steps:
        print("  no postures found")
        return
    errors, live = _scored(steps, lambda this: (this.start_s, this.end_s))
    print("  (started, stopped: median seconds after the labelled start and end of the posture)")
    hold_table(errors)
    print(f"  as a live session's clock runs (notifications of {HAPT_BATCH} samples)")
    hold_table(live)
    print("  by the holds' own times, median seconds started after the labelled start, per user:")
    for tuned in (True, False):
        holds = errors.get(("all", tuned), [])
        users = sorted({h.user for h in holds})
        started = {
            user: [h.started_s for h in holds if h.user == user and h.started_s is not None]
            for user in users
        }
        per_user = "  ".join(f"{user}:{median(started[user]):+.1f}" for user in users)
        print(f"    {'tuned' if tuned else 'held out':8s} {per_user}")
    _against_movement(spans, steps)


Bounds = Callable[[HaptSpan], tuple[float, float]]
Scored = dict[tuple[str, bool], list[TimedHold]]


def _scored(steps: list[tuple[HaptSpan, str, HoldStep]], bounds: Bounds) -> tuple[Scored, Scored]:
    """Each step scored against a truth (the posture's start and end), by the holds' own times
    and as the live clock ran, per posture and all together, tuned and held out apart."""
    own: Scored = {}
    live: Scored = {}
    for this, kind, step in steps:
        start_s, end_s = bounds(this)
        timed, by_clock = score_hold_step(step, this.user, start_s, end_s, margin_s=2.0)
        for key in ((kind, this.tuned), ("all", this.tuned)):
            own.setdefault(key, []).append(timed)
            live.setdefault(key, []).append(by_clock)
    return own, live


def _against_movement(spans: list[HaptSpan], steps: list[tuple[HaptSpan, str, HoldStep]]) -> None:
    """The same holds against the postures as the phone's gyroscope bounds them
    (``hapt_truth.py``), where the set has it."""
    if not all(hapt_gyro_path(this.file).is_file() for this, _, _ in steps):
        print("  (no gyroscope files: fetch hapt again to time against the movement as well)")
        return
    truth = MovementBounds(spans, HAPT_STILL)
    _tilt_rates(spans, truth)
    rules = (RULE, *RULES_ALSO)
    bounds = {id(this): {rule: truth.bounds(this, rule) for rule in rules} for this, _, _ in steps}
    print(f"  against the postures as the gyroscope bounds them ({RULE.name}):")
    own, live = _scored(steps, partial(_bounds_by, bounds, RULE))
    hold_table(own)
    print(f"  as a live session's clock runs (notifications of {HAPT_BATCH} samples)")
    hold_table(live)
    print("  within 1 s (own times, live clock) as the rule's threshold and pause move the truth:")
    for rule in rules:
        own, live = _scored(steps, partial(_bounds_by, bounds, rule))
        figures = "  ".join(
            f"{'tuned' if tuned else 'held out'} {_within(own, tuned)}, {_within(live, tuned)}"
            for tuned in (True, False)
        )
        print(f"    {rule.name:34s} {figures}")


def _tilt_rates(spans: list[HaptSpan], truth: MovementBounds) -> None:
    """What the gyroscope's tilt rate is in the still postures (a second clear of their
    labelled ends) and at its fastest in each labelled transition: what the rule's threshold
    (chosen by the author, not derived from these) stands between."""
    still: dict[tuple[str, bool], list[Array]] = {}
    peaks: dict[str, list[float]] = {}
    for span in spans:
        rate = truth.tilt_rate(span)
        if span.activity in HAPT_STILL:
            inside = rate[round(HAPT_RATE_HZ) : len(rate) - round(HAPT_RATE_HZ)]
            if len(inside):
                still.setdefault((span.activity, span.tuned), []).append(inside)
        elif "-to-" in span.activity and len(rate):  # a postural transition
            peaks.setdefault(span.activity, []).append(float(rate.max()))
    print("  the gyroscope's tilt rate (deg/s), still (a second clear of the labelled ends):")
    for (activity, tuned), rates in sorted(
        still.items(), key=lambda item: (item[0][0], not item[0][1])
    ):
        p50, p95, p99 = np.percentile(np.concatenate(rates), [50, 95, 99])
        split = "tuned" if tuned else "held out"
        print(f"    {activity:10s} {split:8s} median {p50:4.1f}  95th {p95:4.1f}  99th {p99:4.1f}")
    fastest = "  ".join(f"{kind} {np.median(p):.0f}" for kind, p in sorted(peaks.items()))
    print(f"    transitions' fastest tilt, median by type: {fastest}")


def _bounds_by(
    bounds: dict[int, dict[Rule, tuple[float, float]]], rule: Rule, this: HaptSpan
) -> tuple[float, float]:
    return bounds[id(this)][rule]


def _within(rows: Scored, tuned: bool) -> str:
    holds = rows.get(("all", tuned), [])
    share = sum(abs(h.error_s) <= 1.0 for h in holds) / len(holds) if holds else math.nan
    return f"{100 * share:3.0f}%"
