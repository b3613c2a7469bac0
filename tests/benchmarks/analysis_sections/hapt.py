"""HAPT: a phone on the waist at 50 Hz, still postures labelled from video; each posture reached
from another is timed as a hold (the truth is its labelled span) with the set started in the
posture before; tuned on users 1-15, held out 16-30.

Where the tuned holds miss by more than 1 s (40 of 150, issue 15), the clock is mostly right
about the sensor: no tuned hold is paused for rocking or standing sway; the breaks inside a
posture are real shifts of 15-40 degrees. The start is already timed back to when the person
settled; a late start (15) is someone still adjusting (shake above the limit, or several
degrees) for 1-3 s after the labelled start, and crediting more of it back (a wider cone: 4,
5, 7.5 degrees) moves every start earlier: within 1 s fell to 69%, 67%, 65%. Standing after
sitting stops about 0.9 s before its labelled end (8 misses) because the person starts moving
1-2 s before the video's transition begins (still 0.6 s early with no backdating at all, when
the other postures stop 0.5 s late): dating breaks later helps standing, hurts the rest,
and leaves within 1 s at 73-74%.
Five holds are never timed (three standing, two sitting): three are under 5 degrees from the
rest at the waist, and two, 12 and 19 degrees away, count as back at rest (nearer it than half
the lean of the transition); judging that by the farthest still point instead times them, but
then standing up again after sitting starts a hold at the rest, in a live session.

Standing after sitting, the worst (43% of tuned holds within 1 s), misses on the labels more
than on the clock. Of its 17 tuned misses, 10 stop 0.7-2.3 s before the labelled end (four also
start 0.7-1.6 s late): each hold's clock stops where the person shook out of stillness (a
median 0.2 s before, ``hapt_labels.py``, as for every posture), but standing is left by
standing to lie, whose labels begin 0.7 s after that shake where the other moves out are
labelled 0.3-0.5 s before it (tuned and held out alike). Ended as the others are (their median,
0.36 s before the shake; held out 0.42 s), standing would be within 1 s on 73% (from 43%; held
out from 50% to 73%). Sway pauses no standing hold: one of the 30 pauses, 2 s before its end,
for a step (shake at twice the limit for 1.5 s); standing's shake and turning at the waist are
about sitting's and lying's. The rest: three never timed (above: 3, 5 and 13 degrees from
sitting, the last back at rest after a 35 degree lean to stand up), two where the person
shifted 11 and 32 degrees while sitting and held that for 6-8 s (a hold, ending as they stood
up), one labelled to start 4 s after the person stood (timed from when they did), and one
labelled to end 1.8 s before the move out began.

The labels are a yardstick of about that precision themselves (``hapt_labels.py``): a timer
that follows the movement (from when the tilt into a posture is 90% done to when the tilt
out of it is 10% done, each moved by its median offset to the labels) agrees with the
labelled span within 1 s on 59% of tuned postures and 64% held out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sensors.recording_csv import read_recording

from .data_folder import Array, read_index
from .hold_tables import TimedHold, hold_table, median, time_holds

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
    errors: dict[tuple[str, bool], list[TimedHold]] = {}
    live: dict[tuple[str, bool], list[TimedHold]] = {}
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
        own, by_clock = time_holds(
            t, acc, set_start, HAPT_BATCH, this.user, this.start_s, this.end_s, margin_s=2.0
        )
        for kind in (f"{before.activity} to {this.activity}", "all"):
            errors.setdefault((kind, this.tuned), []).append(own)
            live.setdefault((kind, this.tuned), []).append(by_clock)
    if not errors:
        print("  no postures found")
        return
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
