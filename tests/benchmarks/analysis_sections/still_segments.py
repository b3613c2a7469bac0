"""Still segments, where any rep counted is a phantom: rest recordings (barbell, the Verity
Sense) cut into 20 s, HAPT's whole still postures and the dsads postures cut into 20 s."""

from __future__ import annotations

import statistics
from pathlib import Path

import numpy as np

from sensors.motion import Placement, analyze_samples
from sensors.recording_csv import read_recording

from .barbell import BARBELL_TUNED_ON
from .data_folder import Array, read_index, read_samples
from .hapt import HAPT_STILL, hapt_spans
from .verity import read_verity

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
