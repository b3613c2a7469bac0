"""How well lumbar's motion and heart analysis does on real recordings, and how fast it is.

Run as ``python tests/benchmarks/analysis.py [--data DIR] [--quick]`` with the project's
Python. ``DIR`` is the folder described in ``../shared/data/README.md`` (default: that folder
next to the repository); a dataset missing from it is skipped with a message. Figures only:
no thresholds, nothing asserted.

- pt-exercises: test sessions of 30 reps each (10 correct, 10 fast, 10 small). The unit on the
  moving limb is taken to be the one whose acceleration varies most. Thresholds were tuned on
  subject s1 (whose reps are labelled by hand); s2 is reported apart as held out.
- MEx: bridging, pelvic tilt and superman, thigh and wrist, where the protocol holds about 5 s.
  No hold was timed by hand, so the count and length of detected holds are shown, and the
  files where the bout's cycles showed the first settled position to be the hold, not the rest
  (the rest was found elsewhere and the file timed again). Tuned on subjects 01-05, reported
  apart for 06-10.
- barbell (``fetch_data.py``): a wristband at 12.5 Hz, heavy sets of 5 and medium of 10; tuned
  on people A and B, held out C, D, E.
- exermote (``fetch_data.py``): a phone on the upper arm at 10 Hz, sit-ups, squats and burpees
  in sets of 5-10 with 3 s either side; tuned on individuals 1 and 2, held out 3-6.
- Reps per set, twice: as ``lumbar analyze`` counts a recording (the sets found in it), and as
  a live session counts (the runner starts and ends each set: a second before the first rep
  the guiding app called and after the last for Exermote, the recording's ends for barbell).
- hapt (``fetch_data.py``): a phone on the waist at 50 Hz, still postures labelled from video;
  each posture reached from another is timed as a hold (the truth is its labelled span) with
  the set started in the posture before; tuned on users 1-15, held out 16-30. Timed by the
  holds' own times, and as a live session's clock runs (from when the detector says held to
  when it says the hold broke or ended), with how late that clock starts and stops.
- Chest-worn, held out whole (``fetch_data.py``; nobody tunes on these, issue 15):
  exermote-chest, the Exermote sets from the Estimote Nearable on the chest (about 4.7 Hz,
  irregular: read as recorded, below the 5 Hz that ``lumbar analyze`` accepts), counted with
  placement "chest" in a recording and as a live session counts, the truth being the reps the
  guiding app called; eurobench-sts, the trunk IMU at 128 Hz of 3 people's five-times
  sit-to-stand tests (the protocol's 5 reps the truth; live, the set is the whole trial); and
  dsads, the torso (chest) unit at 25 Hz of UCI "Daily and Sports Activities", 5 minutes of
  each still posture per person: reps counted in each whole 5 minutes, the share of it found
  still and how many pieces the stillness comes in (no set here times a hold: no posture in
  them is reached from another, so there is no rest to hold from).
- Still segments: rest recordings cut into 20 s, HAPT's whole still postures and the dsads
  postures cut into 20 s; any rep counted in one is a phantom.
- Polar Verity Sense: a forearm lying still between the start and stop markers; the share of
  that time found still (the placement is "wrist", as worn).
- HRV: figures of the sample NN series against the reference values in the data README, with
  every beat and after the implausible-beat filter (what it removes at each Kubios level).
- Speed: one hour of synthetic 100 Hz data, in live-sized batches and in big ones, and a
  whole recording of holds that starts mid-hold (so it is analysed twice, see ``rest.py``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import math
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from fetch_data import default_data_folder  # noqa: E402

from sensors.heart import (  # noqa: E402
    ARTEFACT_THRESHOLD_MS_AT_60_BPM,
    HrvSummary,
    filter_rr,
    hrv_summary,
    unfiltered,
)
from sensors.motion import (  # noqa: E402
    HoldBroken,
    HoldEnded,
    HoldResumed,
    HoldStarted,
    MotionAnalyzer,
    MotionEvent,
    Placement,
    analyze_samples,
)
from sensors.motion.replay import MarkedSet, replay_sets  # noqa: E402
from sensors.recording_csv import (  # noqa: E402
    RecordingError,
    read_recording,
    read_rr_intervals,
)

Array = npt.NDArray[np.float64]
STANDARD_GRAVITY = 9.80665
PT_RATE_HZ = 25.0
PT_REPS = 30
PT_TUNED_ON = ("s1",)
MEX_HOLDS = {"02": "bridging", "03": "pelvic tilt", "07": "superman"}
MEX_TUNED_ON = ("01", "02", "03", "04", "05")
MOVING_G = 0.1
"""A pt-exercises unit counts as moving when its acceleration varies by this much (RMS)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_folder(), help="the data folder")
    parser.add_argument("--quick", action="store_true", help="time 5 minutes, not an hour")
    args = parser.parse_args(argv)
    data: Path = args.data
    print(f"lumbar analysis benchmark on {data}")
    if not data.is_dir():
        print(f"skipped: no data folder at {data} (give --data DIR)")
        return 0
    sections: list[tuple[str, Callable[[Path], None]]] = [
        ("pt-exercises", pt_exercises),
        ("barbell", barbell_sets),
        ("exermote", exermote_sets),
        ("mex", mex_holds),
        ("hapt", hapt_holds),
        ("exermote-chest", exermote_chest_sets),
        ("eurobench-sts", eurobench_sts_sets),
        ("dsads", dsads_postures),
        ("polar-verity-sense", verity_stillness),
        ("hrv", hrv_reference),
    ]
    for folder, run in sections:
        print()
        if (data / folder).is_dir():
            run(data / folder)
        else:
            print(f"{folder}: skipped, no folder {data / folder}")
    print()
    still_segments(data)
    dsads_segments(data / "dsads")
    print()
    rep_table()
    print()
    speed(minutes=5.0 if args.quick else 60.0)
    return 0


# --- pt-exercises: rep counts ------------------------------------------------------------------


def read_pt(path: Path) -> tuple[Array, Array]:
    with gzip.open(path, "rt") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = [name.strip() for name in rows[0]]
    table = np.array(rows[1:], dtype=np.float64)
    columns = [header.index(name) for name in ("acc_x", "acc_y", "acc_z")]
    t = (table[:, header.index("time index")] - 1.0) / PT_RATE_HZ
    return t, table[:, columns] / STANDARD_GRAVITY


def pt_truth(exercise_dir: Path) -> int:
    """Labelled reps when the session has labels (test_times.csv), else the protocol's 30."""
    times = exercise_dir / "test_times.csv"
    if times.is_file():
        with times.open() as handle:
            return sum(1 for _ in csv.DictReader(handle))
    return PT_REPS


@dataclass(frozen=True)
class Count:
    subject: str
    exercise: str
    unit: str
    counted: int
    truth: int

    @property
    def error(self) -> int:
        return self.counted - self.truth


def pt_exercises(root: Path) -> None:
    print("pt-exercises: reps counted in test sessions (placement wrist, accelerometer only)")
    primary: list[Count] = []
    moving: list[Count] = []
    for exercise_dir in sorted(root.glob("s*/e*")):
        subject, exercise = exercise_dir.parent.name, exercise_dir.name
        truth = pt_truth(exercise_dir)
        units = []
        for unit_file in sorted(exercise_dir.glob("u*/test.txt.gz")):
            t, acc = read_pt(unit_file)
            spread = float(np.linalg.norm(acc.std(axis=0)))
            counted = len(analyze_samples(t, acc, placement="wrist").reps)
            units.append((spread, Count(subject, exercise, unit_file.parent.name, counted, truth)))
        if not units:
            continue
        spread, best = max(units, key=lambda unit: unit[0])
        primary.append(best)
        RESULTS.append(
            SetResult(
                "pt-exercises", best.subject, best.subject in PT_TUNED_ON, best.counted, truth
            )
        )
        moving.extend(count for s, count in units if s >= MOVING_G)
        print(
            f"  {subject} {exercise} {best.unit}: {best.counted:3d} of {truth}"
            f"  error {best.error:+d}"
        )
    if not primary:
        print("  no test sessions found")
        return
    tuned = [c for c in primary if c.subject in PT_TUNED_ON]
    held_out = [c for c in primary if c.subject not in PT_TUNED_ON]
    print("  summary (unit on the moving limb):")
    _count_summary("tuned on", tuned)
    _count_summary("held out", held_out)
    _count_summary("all", primary)
    print(f"  every unit moving >= {MOVING_G} g RMS (not only the limb's):")
    _count_summary("all", moving)


def _count_summary(label: str, counts: list[Count]) -> None:
    if not counts:
        return
    errors = [abs(c.error) for c in counts]
    within1 = sum(e <= 1 for e in errors) / len(errors)
    within2 = sum(e <= 2 for e in errors) / len(errors)
    subjects = ",".join(sorted({c.subject for c in counts}))
    print(
        f"    {label:9s} ({subjects}) sessions {len(counts):3d}"
        f"  mean abs error {statistics.fmean(errors):.2f}"
        f"  within ±1 {100 * within1:.0f}%  within ±2 {100 * within2:.0f}%"
    )


# --- short sets at 10-12.5 Hz: barbell (wristband) and Exermote (phone on the upper arm) -----


@dataclass(frozen=True)
class SetResult:
    dataset: str
    person: str
    tuned: bool
    counted: int
    truth: int
    exercise: str = ""
    marked: bool = False
    """Counted as a live session counts: the set started and ended by the runner."""


RESULTS: list[SetResult] = []
"""Every set counted by the sections above, for the summary table."""
BARBELL_TUNED_ON = ("A", "B")
EXERMOTE_TUNED_ON = ("1", "2")
MARK_S = 1.0
"""Exermote, live: the runner's set starts this long before the first rep and ends after."""


def read_index(root: Path) -> list[dict[str, str]]:
    with (root / "index.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def barbell_sets(root: Path) -> None:
    print("barbell: wristband at 12.5 Hz, heavy sets of 5 and medium of 10 (tuned on A, B)")
    errors: dict[str, list[int]] = {}
    for row in read_index(root):
        if row["category"] not in ("heavy", "medium"):
            continue
        recording = read_recording(root / row["file"])
        t, acc = recording.t_s, recording.acc_g
        counted = len(analyze_samples(t, acc, placement="wrist").reps)
        person = row["participant"]
        tuned, truth = person in BARBELL_TUNED_ON, int(row["reps"])
        RESULTS.append(SetResult("barbell", person, tuned, counted, truth, row["exercise"]))
        # Live, the set would start when the person started the recording and end when they
        # stopped it.
        live = marked_count(t, acc, float(t[0]), float(t[-1]))
        RESULTS.append(SetResult("barbell", person, tuned, live, truth, row["exercise"], True))
        errors.setdefault(f"{person} {row['exercise']}", []).append(counted - int(row["reps"]))
    for key, values in errors.items():
        print(f"  {key:10s} errors {' '.join(f'{e:+d}' for e in values)}")


def exermote_sets(root: Path) -> None:
    print("exermote: phone on the upper arm at 10 Hz, sets of 5-10 reps with 3 s either side")
    print("  (sit-ups, squats, burpees; tuned on individuals 1, 2)")
    errors: dict[str, list[int]] = {}
    for row in read_index(root):
        truth = int(row["reps"])
        if truth < 5:
            continue  # the workout's time ran out in the middle of the set
        recording = read_recording(root / row["file"])
        t, acc = recording.t_s, recording.acc_g
        counted = len(analyze_samples(t, acc, placement="wrist").reps)
        person, exercise = row["individual"], row["exercise"]
        tuned = person in EXERMOTE_TUNED_ON
        RESULTS.append(SetResult("exermote", person, tuned, counted, truth, exercise))
        # The app that guided these workouts called each set out: live, the set would start a
        # second before its first rep was called and end a second after its last.
        start, end = float(row["set_start_s"]) - MARK_S, float(row["set_end_s"]) + MARK_S
        live = marked_count(t, acc, start, end)
        RESULTS.append(SetResult("exermote", person, tuned, live, truth, exercise, True))
        errors.setdefault(f"{person} {row['exercise']}", []).append(counted - truth)
    for key, values in sorted(errors.items()):
        print(f"  {key:10s} errors {' '.join(f'{e:+d}' for e in values)}")


def marked_count(
    t: Array, acc: Array, start_s: float, end_s: float, placement: Placement = "wrist"
) -> int:
    """Reps counted in one set that a runner started at ``start_s`` and ended at ``end_s``."""
    (done,) = replay_sets(t, acc, [MarkedSet(1, None, start_s, end_s)], placement=placement)
    return len(done.reps)


# --- chest-worn sets, held out whole ----------------------------------------------------------

CHEST_SETS = ("exermote-chest", "eurobench-sts")
"""Chest-worn sets held out whole: apart from the "all" row of the rep tables."""
HELD_OUT_WHOLE = "HELD OUT whole: nobody tunes on it; its figures are for reading, not for tuning"


def read_samples(path: Path) -> tuple[Array, Array]:
    """A recording CSV read as it is, without ``read_recording``'s checks (its lowest rate)."""
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if row and not row[0].startswith("#")]
    table = np.array(rows[1:], dtype=np.float64)
    return table[:, 0], table[:, 1:4]


def exermote_chest_sets(root: Path) -> None:
    print("exermote-chest: Estimote Nearable on the chest, the exermote sets of 5-10 reps")
    print(f"  ({HELD_OUT_WHOLE})")
    print("  truth: the reps the guiding app called; placement chest")
    gaps: list[float] = []
    refused = total = 0
    for row in read_index(root):
        truth = int(row["reps"])
        if truth < 5:
            continue  # the workout's time ran out in the middle of the set
        t, acc = read_samples(root / row["file"])
        total += 1
        try:
            read_recording(root / row["file"])
        except RecordingError:
            refused += 1
        gaps.extend(np.diff(t).tolist())
        counted = len(analyze_samples(t, acc, placement="chest").reps)
        person, exercise = row["individual"], row["exercise"]
        RESULTS.append(SetResult("exermote-chest", person, False, counted, truth, exercise))
        start, end = float(row["set_start_s"]) - MARK_S, float(row["set_end_s"]) + MARK_S
        live = marked_count(t, acc, start, end, placement="chest")
        RESULTS.append(SetResult("exermote-chest", person, False, live, truth, exercise, True))
    if not total:
        print("  no sets found")
        return
    print(
        f"  {total} sets; samples a median {statistics.median(gaps):.2f} s apart"
        f" ({1 / statistics.median(gaps):.1f} Hz), 95th percentile {np.percentile(gaps, 95):.2f} s,"
        f" longest gap {max(gaps):.2f} s; `lumbar analyze` refuses {refused} of the {total}"
        " files (below its 5 Hz), so they are read as they are"
    )
    print("  dataset        exercise  split     people       sets  within ±1   MAE  over  under")
    for marked in (False, True):
        print(f"  {'as a live session counts' if marked else 'in a recording, sets found'}:")
        for exercise in sorted({r.exercise for r in RESULTS if r.dataset == "exermote-chest"}):
            _rep_rows("exermote-chest", exercise, _of("exermote-chest", exercise, marked))
        _rep_rows("exermote-chest", "all", _of("exermote-chest", "", marked))


def eurobench_sts_sets(root: Path) -> None:
    print("eurobench-sts: trunk IMU at 128 Hz, the five-times sit-to-stand test")
    print(f"  ({HELD_OUT_WHOLE})")
    print("  truth: the protocol's 5 reps; placement chest; live, the set is the whole trial")
    rows = read_index(root)
    for row in rows:
        t, acc = read_samples(root / row["file"])
        truth, person, exercise = int(row["reps"]), row["subject"], row["exercise"]
        counted = len(analyze_samples(t, acc, placement="chest").reps)
        RESULTS.append(SetResult("eurobench-sts", person, False, counted, truth, exercise))
        live = marked_count(t, acc, float(t[0]), float(t[-1]), placement="chest")
        RESULTS.append(SetResult("eurobench-sts", person, False, live, truth, exercise, True))
    if not rows:
        print("  no trials found")
        return
    print("  dataset        exercise  split     people       sets  within ±1   MAE  over  under")
    for marked in (False, True):
        print(f"  {'as a live session counts' if marked else 'in a recording, sets found'}:")
        _rep_rows("eurobench-sts", "all", _of("eurobench-sts", "", marked))


def dsads_postures(root: Path) -> None:
    """Each 5 minutes of a still posture whole: reps counted (each one a phantom), the share of
    the time found still, and how many still spans it comes in (one is what a hold needs)."""
    print("dsads: torso (chest) unit at 25 Hz, 5 minutes of each still posture per person")
    print(f"  ({HELD_OUT_WHOLE})")
    rows: dict[str, list[tuple[int, float, int, float]]] = {}
    for row in read_index(root):
        t, acc = read_samples(root / row["file"])
        report = analyze_samples(t, acc, placement="chest")
        longest = max((s.duration_s for s in report.stillness), default=0.0)
        rows.setdefault(row["activity"], []).append(
            (len(report.reps), report.still_share, len(report.stillness), longest)
        )
    if not rows:
        print("  no postures found")
        return
    print(
        "  posture               people  with no rep  reps  found still  still spans"
        "  longest still s"
    )
    print("  (means over people; still spans and longest: median)")
    for activity, found in [*rows.items(), ("all", [f for fs in rows.values() for f in fs])]:
        print(
            f"  {activity:21s} {len(found):6d}  {sum(r == 0 for r, *_ in found):11d}"
            f"  {sum(r for r, *_ in found):4d}"
            f"  {100 * statistics.fmean(share for _, share, _, _ in found):10.0f}%"
            f"  {statistics.median(n for *_, n, _ in found):11.1f}"
            f"  {statistics.median(longest for *_, longest in found):15.1f}"
        )


def rep_table() -> None:
    """The figure that matters: reps per set on people the rules were not tuned on."""
    for marked in (False, True):
        if marked:
            print()
            print("reps per set as a live session counts them (the runner starts and ends sets)")
        else:
            print("reps per set in a recording, sets found: tuned on vs held out")
            print("  (goal, held out: ±1 on >=95%, MAE <=0.3 on 5-10)")
        print(
            "  dataset        exercise  split     people       sets  within ±1   MAE  over  under"
        )
        chosen = [r for r in RESULTS if r.marked == marked]
        groups = sorted({(r.dataset, r.exercise) for r in chosen})
        for dataset, exercise in [*groups, *((d, "") for d in sorted({g[0] for g in groups}))]:
            _rep_rows(dataset, exercise or "all", _of(dataset, exercise, marked))
        # "all" as before the chest-worn sets came; "all+chest" with them (held out whole).
        _rep_rows(
            "all",
            "all",
            lambda r, m=marked: r.marked == m and r.dataset not in CHEST_SETS,  # type: ignore[misc]
        )
        if any(r.dataset in CHEST_SETS for r in RESULTS):
            _rep_rows(
                "all+chest",
                "all",
                lambda r, m=marked: r.marked == m and not r.tuned,  # type: ignore[misc]
            )


def _of(dataset: str, exercise: str, marked: bool) -> Callable[[SetResult], bool]:
    return lambda r: r.dataset == dataset and exercise in ("", r.exercise) and r.marked == marked


def _rep_rows(dataset: str, exercise: str, chosen: Callable[[SetResult], bool]) -> None:
    for tuned in (True, False):
        rows = [r for r in RESULTS if chosen(r) and r.tuned == tuned]
        if not rows:
            continue
        errors = [r.counted - r.truth for r in rows]
        people = ",".join(sorted({r.person for r in rows}))[:12]
        within = sum(abs(e) <= 1 for e in errors) / len(errors)
        print(
            f"  {dataset:14s} {exercise:9s} {'tuned' if tuned else 'held out':9s} {people:12s}"
            f" {len(rows):4d}  {100 * within:8.0f}%  {statistics.fmean(map(abs, errors)):4.2f}"
            f"  {sum(e > 0 for e in errors):4d}  {sum(e < 0 for e in errors):5d}"
        )


# --- still segments: no rep may be counted --------------------------------------------------

STILL_SEGMENT_S = 20.0


def still_segments(data: Path) -> None:
    """Recordings of people at rest cut into 20 s segments: each must count no rep."""
    print(f"still segments of {STILL_SEGMENT_S:g} s: reps counted (goal: >=98% with none)")
    sources: list[tuple[str, str, Array, Array, Placement]] = []
    barbell = data / "barbell"
    if barbell.is_dir():
        for row in read_index(barbell):
            if row["category"] in ("sitting", "standing"):
                recording = read_recording(barbell / row["file"])
                sources.append(
                    (
                        f"barbell {row['participant']} {row['category']} (wrist 12.5 Hz)",
                        "held out" if row["participant"] not in BARBELL_TUNED_ON else "tuned",
                        recording.t_s,
                        recording.acc_g,
                        "wrist",
                    )
                )
    verity = data / "polar-verity-sense" / "Polar_Sense_ACC.txt"
    if verity.is_file():
        t, acc = read_verity(verity)
        sources.append(("verity sense forearm (52 Hz)", "tuned", t, acc, "wrist"))
    if not sources:
        print("  skipped: no barbell rest recordings or Verity Sense file")
        return
    for label, split, t, acc, placement in sources:
        clean = total = 0
        for start in np.arange(float(t[0]), float(t[-1]) - STILL_SEGMENT_S, STILL_SEGMENT_S):
            inside = (t >= start) & (t < start + STILL_SEGMENT_S)
            report = analyze_samples(t[inside], acc[inside], placement=placement)
            total += 1
            clean += not report.reps
        print(f"  {label:40s} {split:8s} {clean:3d} of {total:3d} segments clean")
    hapt = data / "hapt"
    if not (hapt / "index.csv").is_file():
        return
    # Each labelled still posture whole (12-40 s), as the lumbar's chest strap would see it.
    counts: dict[tuple[str, bool], list[bool]] = {}
    still: dict[bool, list[float]] = {}
    for posture in hapt_spans(hapt):
        if posture.activity in HAPT_STILL:
            t, acc = posture.samples(posture.start_s, posture.end_s)
            report = analyze_samples(t, acc, placement="chest")
            counts.setdefault((posture.activity, posture.tuned), []).append(not report.reps)
            still.setdefault(posture.tuned, []).append(report.still_share)
    for (activity, tuned), kept in sorted(counts.items(), key=lambda kv: (not kv[0][1], kv[0])):
        label = f"hapt {activity} postures (waist 50 Hz)"
        people = "tuned" if tuned else "held out"
        print(f"  {label:40s} {people:8s} {sum(kept):3d} of {len(kept):3d} segments clean")
    for tuned in (True, False):
        postures = [c for (_, was_tuned), cs in counts.items() if was_tuned == tuned for c in cs]
        if postures:
            share = 100 * sum(postures) / len(postures)
            people = "tuned (users 1-15)" if tuned else "held out (users 16-30)"
            print(
                f"  hapt, all postures, {people:22s} {share:5.1f}% clean,"
                f" {100 * statistics.fmean(still[tuned]):.0f}% of the time found still"
            )


def dsads_segments(root: Path) -> None:
    """The dsads still postures (5 minutes each, torso unit) cut into 20 s, chest placement."""
    if not (root / "index.csv").is_file():
        return
    clean: dict[str, list[bool]] = {}
    people = set()
    for row in read_index(root):
        people.add(row["person"])
        t, acc = read_samples(root / row["file"])
        for start in np.arange(float(t[0]), float(t[-1]) - STILL_SEGMENT_S, STILL_SEGMENT_S):
            inside = (t >= start) & (t < start + STILL_SEGMENT_S)
            report = analyze_samples(t[inside], acc[inside], placement="chest")
            clean.setdefault(row["activity"], []).append(not report.reps)
    for activity, kept in clean.items():
        label = f"dsads {activity} (chest 25 Hz)"
        print(f"  {label:40s} {'held out':8s} {sum(kept):3d} of {len(kept):3d} segments clean")
    every = [k for kept in clean.values() for k in kept]
    if every:
        print(
            f"  dsads, all postures, held out whole ({len(people)} people)"
            f" {100 * sum(every) / len(every):5.1f}% clean of {len(every)}"
        )


# --- MEx: holds --------------------------------------------------------------------------------


def read_mex(path: Path) -> tuple[Array, Array]:
    with gzip.open(path, "rt") as handle:
        rows = [line.strip().split(",") for line in handle if line.strip()]
    stamps = np.array([row[0].replace(" ", "T") for row in rows], dtype="datetime64[us]")
    t = (stamps - stamps[0]).astype(np.float64) / 1e6
    return t, np.array([row[1:4] for row in rows], dtype=np.float64)


def mex_holds(root: Path) -> None:
    print("mex: holds detected where the protocol holds about 5 s (no hand-timed holds)")
    print("  (* after a subject: its first settled position turned out to be the hold, not the")
    print("  rest, and the file was timed again with the rest found from the cycles of the bout)")
    rows: dict[tuple[str, str, bool], list[tuple[str, list[float], float]]] = {}
    for path in sorted(root.glob("ac[tw]/*/*.csv.gz")):
        exercise = path.name[:2]
        if exercise not in MEX_HOLDS:
            continue
        placement: Placement = "wrist"
        if path.parent.parent.name == "act":
            placement = "thigh"
        subject = path.parent.name
        t, acc = read_mex(path)
        report = analyze_samples(t, acc, placement=placement)
        held = [h.seconds_held for h in report.holds]
        key = (MEX_HOLDS[exercise], placement, subject not in MEX_TUNED_ON)
        subject += "*" if report.rests_found else ""
        rows.setdefault(key, []).append((subject, held, report.still_share))
    if not rows:
        print("  no MEx files found")
        return
    print("  exercise     sensor  subjects        files  holds/file  median held s  3-7 s  still")
    for (name, sensor, held_out), files in sorted(rows.items()):
        holds = [h for _, held, _ in files for h in held]
        typical = statistics.median(holds) if holds else math.nan
        in_range = sum(3.0 <= h <= 7.0 for h in holds) / len(holds) if holds else math.nan
        still = statistics.fmean(share for _, _, share in files)
        group = "06-10 held out" if held_out else "01-05 tuned"
        print(
            f"  {name:12s} {sensor:6s}  {group:15s} {len(files):3d}"
            f"  {statistics.fmean(len(held) for _, held, _ in files):6.1f}"
            f"  {typical:8.1f}  {100 * in_range:5.0f}%  {100 * still:4.0f}%"
        )
        detail = "  ".join(
            f"{subject}:{len(held)}x{statistics.median(held) if held else 0:.1f}"
            for subject, held, _ in files
        )
        print(f"      per subject (holds x median s): {detail}")


# --- HAPT: holds timed against labelled still postures ----------------------------------------

HAPT_STILL = ("sitting", "standing", "lying")
HAPT_TUNED_UP_TO = 15
"""Users 1-15 tuned on, 16-30 held out."""
HAPT_AFTER_S = 5.0
"""The hold's set ends this long after the posture's labelled end (the next transition)."""


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
        analyzer = MotionAnalyzer("chest")
        first = t <= set_start
        analyzer.feed(t[first], acc[first])
        events = analyzer.start_set(float(t[first][-1]))
        clock = LiveClock(float(t[first][-1]))
        t_set, acc_set = t[~first], acc[~first]
        for i in range(0, len(t_set), HAPT_BATCH):
            heard = analyzer.feed(t_set[i : i + HAPT_BATCH], acc_set[i : i + HAPT_BATCH])
            clock.hear(float(t_set[i : i + HAPT_BATCH][-1]), heard)
            events += heard
        ended = analyzer.end_set(float(t[-1]))
        clock.hear(float(t[-1]), ended)
        events += ended
        timed = [e for e in events if isinstance(e, HoldEnded)]
        timed = [e for e in timed if e.start_s < this.end_s and e.t_s > this.start_s - 2]
        truth = this.end_s - this.start_s
        own = TimedHold(
            this.user,
            sum(e.seconds_held for e in timed) - truth,
            timed[0].start_s - this.start_s if timed else None,
            timed[-1].t_s - this.end_s if timed else None,
        )
        by_clock = TimedHold(
            this.user,
            clock.held_s - truth,
            None if clock.first_on_s is None else clock.first_on_s - this.start_s,
            None if clock.last_off_s is None else clock.last_off_s - this.end_s,
        )
        for kind in (f"{before.activity} to {this.activity}", "all"):
            errors.setdefault((kind, this.tuned), []).append(own)
            live.setdefault((kind, this.tuned), []).append(by_clock)
    if not errors:
        print("  no postures found")
        return
    print("  (started, stopped: median seconds after the labelled start and end of the posture)")
    _hold_table(errors)
    print(f"  as a live session's clock runs (notifications of {HAPT_BATCH} samples)")
    _hold_table(live)
    print("  by the holds' own times, median seconds started after the labelled start, per user:")
    for tuned in (True, False):
        holds = errors.get(("all", tuned), [])
        users = sorted({h.user for h in holds})
        started = {
            user: [h.started_s for h in holds if h.user == user and h.started_s is not None]
            for user in users
        }
        per_user = "  ".join(f"{user}:{_median(started[user]):+.1f}" for user in users)
        print(f"    {'tuned' if tuned else 'held out':8s} {per_user}")


def _hold_table(rows: dict[tuple[str, bool], list[TimedHold]]) -> None:
    print(
        "  posture               people    holds  mean err s  median |err|  within 1 s  2 s"
        "  started stopped"
    )
    for (kind, tuned), timings in sorted(rows.items(), key=lambda kv: (kv[0][0] == "all", kv[0])):
        started = [h.started_s for h in timings if h.started_s is not None]
        stopped = [h.stopped_s for h in timings if h.stopped_s is not None]
        print(
            f"  {kind:21s} {'tuned' if tuned else 'held out':9s} {len(timings):5d}"
            f"{_errors([h.error_s for h in timings])}"
            f"  {_median(started):+7.2f} {_median(stopped):+7.2f}"
        )


HAPT_BATCH = 9
"""Samples per notification when timed as a live session: 0.18 s at 50 Hz, an H10 frame's."""


@dataclass(frozen=True)
class TimedHold:
    user: int
    error_s: float
    started_s: float | None
    """When the first hold (or the clock) started, after the labelled start (None: never)."""
    stopped_s: float | None
    """When the last ended (or the clock last stopped), after the labelled end."""


class LiveClock:
    """A hold step's clock as a live session runs it: lumbar's own ``SessionEngine``, told of
    each hold (re)start and break as the live session tells it (with the moment the detector
    names), at the end of the notification that brought it."""

    def __init__(self, start_s: float) -> None:
        from catalog import load_catalog
        from catalog.models import Dose
        from catalog.plan import PlannedStep
        from tui.live.engine import MAX_HOLD_S, SessionEngine

        dose = Dose(sets=1, reps=1, hold_s=MAX_HOLD_S)
        step = PlannedStep("work", "forearm-plank", 1, None, dose, float(MAX_HOLD_S))
        self._engine = SessionEngine([step], load_catalog(None).exercises)
        self._engine.toggle(start_s)
        self._engine.set_gated(True, start_s)
        self._target_s = float(MAX_HOLD_S)  # a hold that never completes in a posture
        self._now_s = start_s
        self.first_on_s: float | None = None
        self.last_off_s: float | None = None

    @property
    def held_s(self) -> float:
        view = self._engine.view(self._now_s)
        return self._target_s - (view.seconds_left or 0.0)

    def hear(self, now_s: float, events: list[MotionEvent]) -> None:
        engine = self._engine
        self._now_s = now_s
        for event in events:
            before = self.held_s
            if isinstance(event, HoldStarted | HoldResumed):
                engine.hold_started(now_s, since=event.t_s)
                if self.first_on_s is None and engine.view(now_s).hold_state == "holding":
                    self.first_on_s = now_s - (self.held_s - before)
            elif isinstance(event, HoldBroken | HoldEnded):
                holding = engine.view(now_s).hold_state == "holding"
                engine.hold_broken(now_s, since=event.t_s)
                if holding:
                    self.last_off_s = now_s - (before - self.held_s)
        engine.tick(now_s)


def _errors(values: list[float]) -> str:
    size = [abs(v) for v in values]
    return (
        f"  {statistics.fmean(values):+10.2f}  {statistics.median(size):12.2f}"
        f"  {100 * sum(v <= 1.0 for v in size) / len(size):9.0f}%"
        f"  {100 * sum(v <= 2.0 for v in size) / len(size):3.0f}%"
    )


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


# --- Polar Verity Sense: stillness -------------------------------------------------------------


def verity_stillness(root: Path) -> None:
    acc_file, markers = root / "Polar_Sense_ACC.txt", root / "MARKER.txt"
    if not acc_file.is_file():
        print("polar-verity-sense: skipped, no Polar_Sense_ACC.txt")
        return
    with acc_file.open() as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    t, acc = read_verity(acc_file)
    start_s, end_s = float(t[0]), float(t[-1])
    if markers.is_file():
        first_phone = datetime.fromisoformat(rows[0][0])
        with markers.open() as handle:
            marks = [
                datetime.fromisoformat(row[0])
                for row in list(csv.reader(handle, delimiter=";"))[1:]
            ]
        if len(marks) >= 2:
            start_s = (marks[0] - first_phone).total_seconds()
            end_s = (marks[-1] - first_phone).total_seconds()
    print(f"polar-verity-sense: still between the markers ({start_s:.0f}-{end_s:.0f} s)")
    for placement in ("wrist", "chest"):
        report = analyze_samples(t, acc, placement=placement)
        still = sum(max(0.0, min(s.t_s, end_s) - max(s.start_s, start_s)) for s in report.stillness)
        print(
            f"  {placement:5s} limits: still {100 * still / (end_s - start_s):.1f}% of the time,"
            f" {len(report.reps)} reps counted over the whole file"
        )


def read_verity(path: Path) -> tuple[Array, Array]:
    with path.open() as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    sensor_ns = np.array([int(row[1]) for row in rows], dtype=np.int64)
    t = (sensor_ns - sensor_ns[0]).astype(np.float64) / 1e9
    return t, np.array([row[2:5] for row in rows], dtype=np.float64) / 1000.0


# --- HRV ---------------------------------------------------------------------------------------


REFERENCE_ROW = re.compile(r"^\|\s*(SampleNNI\w+)\s*\|(.+)\|\s*$")
KUBIOS_LEVELS_MS = {"very low": 450.0, "low": 350.0, "medium": 250.0, "strong": 150.0}
"""Kubios' threshold-based correction levels, in ms at 60 bpm (scaled to the mean HR)."""


def hrv_reference(root: Path) -> None:
    reference = _reference_table(root.parent / "README.md")
    default = next(k for k, v in KUBIOS_LEVELS_MS.items() if v == ARTEFACT_THRESHOLD_MS_AT_60_BPM)
    print("hrv: figures of every beat vs the reference, then after the implausible-beat filter")
    for path in sorted(root.glob("*.csv")):
        series = read_rr_intervals(path)
        rr = series.rr_intervals_ms
        expected = reference.get(path.stem)
        print(f"  {path.stem}: {_hrv_line(hrv_summary(unfiltered(rr)), expected)}")
        kept = filter_rr(rr)
        lines = [series.lines[i] for i in kept.removed_indices]
        shown = ", ".join(str(n) for n in lines[:12]) + (" ..." if len(lines) > 12 else "")
        print(
            f"    filter (Kubios level '{default}'): {len(lines)} of {len(rr)} beats removed"
            + (f" (lines {shown})" if lines else "")
        )
        print(f"      {_hrv_line(hrv_summary(kept), expected)}")
        removed_at = ", ".join(
            f"{level} {len(filter_rr(rr, threshold_ms_at_60_bpm=ms).removed_indices)}"
            for level, ms in KUBIOS_LEVELS_MS.items()
        )
        print(f"    beats removed at each Kubios level: {removed_at}")


def _hrv_line(summary: HrvSummary, expected: dict[str, float] | None) -> str:
    figures = _hrv_figures(summary)
    line = "  ".join(f"{k} {v:.3f}" for k, v in figures.items())
    if expected is None:
        return f"{line} (no reference)"
    worst = max(abs(figures[k] - expected[k]) for k in figures)
    return f"{line}  largest difference {worst:.4f}"


def _hrv_figures(summary: HrvSummary) -> dict[str, float]:
    return {
        "mean": summary.mean_rr_ms,
        "sdnn": summary.sdnn_ms,
        "rmssd": summary.rmssd_ms,
        "nn50": float(summary.nn50),
        "pnn50": summary.pnn50_pct,
    }


def _reference_table(readme: Path) -> dict[str, dict[str, float]]:
    if not readme.is_file():
        return {}
    table: dict[str, dict[str, float]] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = REFERENCE_ROW.match(line)
        if match:
            cells = [float(c) for c in match.group(2).split("|")]
            _, mean, sdnn, rmssd, nn50, pnn50 = cells
            table[match.group(1)] = {
                "mean": mean,
                "sdnn": sdnn,
                "rmssd": rmssd,
                "nn50": nn50,
                "pnn50": pnn50,
            }
    return table


# --- speed -------------------------------------------------------------------------------------


def synthetic_session(seconds: float, rate_hz: float = 100.0) -> tuple[Array, Array]:
    """Reps (a 30° tilt every 4 s), holds and rests, with sensor noise: seeded, repeatable."""
    rng = np.random.default_rng(5)
    t = np.arange(0.0, seconds, 1.0 / rate_hz)
    phase = (t % 120.0) < 60.0  # a minute of reps, a minute of stillness
    angle = np.radians(30.0) * phase * 0.5 * (1 - np.cos(2 * np.pi * t / 4.0))
    acc = np.column_stack([np.sin(angle), np.zeros_like(t), np.cos(angle)])
    acc += rng.normal(0.0, 0.01, acc.shape)
    return t, acc


def synthetic_holds(seconds: float, rate_hz: float = 100.0) -> tuple[Array, Array]:
    """Holds of 5 s at 25° with 2 s rests between, starting mid-hold: seeded, repeatable."""
    rng = np.random.default_rng(6)
    t = np.arange(0.0, seconds, 1.0 / rate_hz)
    phase = (t + 6.0) % 9.0  # lower 1 s, rest 2 s, rise 1 s, hold 5 s; start 3 s into a hold
    lowering = np.clip(phase, 0.0, 1.0)
    rising = np.clip(phase - 3.0, 0.0, 1.0)
    level = np.where(phase < 3.0, 1.0 - lowering, rising)
    angle = np.radians(25.0) * (0.5 - 0.5 * np.cos(np.pi * level))
    acc = np.column_stack([np.sin(angle), np.zeros_like(t), np.cos(angle)])
    acc += rng.normal(0.0, 0.005, acc.shape)
    return t, acc


def speed(minutes: float) -> None:
    seconds = minutes * 60.0
    t, acc = synthetic_session(seconds)
    print(f"speed: {minutes:g} min of 100 Hz data ({len(t)} samples)")
    for label, batch in (("live-sized batches of 20", 20), ("batches of 4096", 4096)):
        elapsed = _time_analysis(t, acc, batch)
        _print_speed(label, seconds, elapsed)
    t, acc = synthetic_holds(seconds)
    started = time.perf_counter()
    report = analyze_samples(t, acc, placement="thigh")
    _print_speed("holds from mid-hold", seconds, time.perf_counter() - started)
    held = [h.seconds_held for h in report.holds]
    passes = "twice (the rest was found)" if report.rests_found else "once"
    typical = f", median {statistics.median(held):.1f} s" if held else ""
    print(f"    analysed {passes}: {len(held)} holds{typical}")


def _print_speed(label: str, seconds: float, elapsed: float) -> None:
    print(
        f"  {label:25s} {elapsed:.3f} s  = {seconds / elapsed:,.0f}x real time"
        f"  ({3600.0 / seconds * elapsed:.2f} s per hour)"
    )


def _time_analysis(t: Array, acc: Array, batch: int) -> float:
    analyzer = MotionAnalyzer("chest", auto_sets=True)
    started = time.perf_counter()
    for i in range(0, len(t), batch):
        analyzer.feed(t[i : i + batch], acc[i : i + batch])
    analyzer.finish()
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
