"""Chest-worn sets, held out whole (nobody tunes on these, issue 15): exermote-chest (the
Exermote sets from the Estimote Nearable on the chest, about 4.7 Hz, irregular), eurobench-sts
(the trunk IMU's five-times sit-to-stand tests) and dsads (the torso unit, 5 minutes of each
still posture per person)."""

from __future__ import annotations

import statistics
from pathlib import Path

import numpy as np

from sensors.motion import analyze_samples
from sensors.recording_csv import RecordingError, read_recording

from .counted_sets import SetResult, marked_count
from .data_folder import read_index, read_samples
from .exermote import MARK_S
from .rep_tables import REP_TABLE_HEADER, rep_rows, sets_of

HELD_OUT_WHOLE = "HELD OUT whole: nobody tunes on it; its figures are for reading, not for tuning"


def exermote_chest_sets(root: Path) -> list[SetResult]:
    """The sets counted with placement chest, in a recording and live, and their table."""
    print("exermote-chest: Estimote Nearable on the chest, the exermote sets of 5-10 reps")
    print(f"  ({HELD_OUT_WHOLE})")
    print("  truth: the reps the guiding app called; placement chest")
    results: list[SetResult] = []
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
        results.append(SetResult("exermote-chest", person, False, counted, truth, exercise))
        start, end = float(row["set_start_s"]) - MARK_S, float(row["set_end_s"]) + MARK_S
        live = marked_count(t, acc, start, end, placement="chest")
        results.append(SetResult("exermote-chest", person, False, live, truth, exercise, True))
    if not total:
        print("  no sets found")
        return results
    print(
        f"  {total} sets; samples a median {statistics.median(gaps):.2f} s apart"
        f" ({1 / statistics.median(gaps):.1f} Hz), 95th percentile {np.percentile(gaps, 95):.2f} s,"
        f" longest gap {max(gaps):.2f} s; `lumbar analyze` refuses {refused} of the {total}"
        " files (below its 5 Hz), so they are read as they are"
    )
    print(REP_TABLE_HEADER)
    for marked in (False, True):
        print(f"  {'as a live session counts' if marked else 'in a recording, sets found'}:")
        for exercise in sorted({r.exercise for r in results}):
            rep_rows(
                "exermote-chest", exercise, sets_of(results, "exermote-chest", exercise, marked)
            )
        rep_rows("exermote-chest", "all", sets_of(results, "exermote-chest", "", marked))
    return results


def eurobench_sts_sets(root: Path) -> list[SetResult]:
    """The trials counted with placement chest, in a recording and live, and their table."""
    print("eurobench-sts: trunk IMU at 128 Hz, the five-times sit-to-stand test")
    print(f"  ({HELD_OUT_WHOLE})")
    print("  truth: the protocol's 5 reps; placement chest; live, the set is the whole trial")
    results: list[SetResult] = []
    rows = read_index(root)
    for row in rows:
        t, acc = read_samples(root / row["file"])
        truth, person, exercise = int(row["reps"]), row["subject"], row["exercise"]
        counted = len(analyze_samples(t, acc, placement="chest").reps)
        results.append(SetResult("eurobench-sts", person, False, counted, truth, exercise))
        live = marked_count(t, acc, float(t[0]), float(t[-1]), placement="chest")
        results.append(SetResult("eurobench-sts", person, False, live, truth, exercise, True))
    if not rows:
        print("  no trials found")
        return results
    print(REP_TABLE_HEADER)
    for marked in (False, True):
        print(f"  {'as a live session counts' if marked else 'in a recording, sets found'}:")
        rep_rows("eurobench-sts", "all", sets_of(results, "eurobench-sts", "", marked))
    return results


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
