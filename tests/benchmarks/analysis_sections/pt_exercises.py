"""pt-exercises: test sessions of 30 reps each (10 correct, 10 fast, 10 small), the unit on the
moving limb taken to be the one whose acceleration varies most; tuned on subject s1."""

from __future__ import annotations

import csv
import gzip
import statistics
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sensors.motion import analyze_samples

from .counted_sets import SetResult
from .data_folder import Array

STANDARD_GRAVITY = 9.80665
PT_RATE_HZ = 25.0
PT_REPS = 30
PT_TUNED_ON = ("s1",)
MOVING_G = 0.1
"""A pt-exercises unit counts as moving when its acceleration varies by this much (RMS)."""


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


def pt_exercises(root: Path) -> list[SetResult]:
    """Reps counted in each session by the unit on the moving limb; the sets it counted."""
    print("pt-exercises: reps counted in test sessions (placement wrist, accelerometer only)")
    results: list[SetResult] = []
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
        results.append(
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
        return results
    tuned = [c for c in primary if c.subject in PT_TUNED_ON]
    held_out = [c for c in primary if c.subject not in PT_TUNED_ON]
    print("  summary (unit on the moving limb):")
    _count_summary("tuned on", tuned)
    _count_summary("held out", held_out)
    _count_summary("all", primary)
    print(f"  every unit moving >= {MOVING_G} g RMS (not only the limb's):")
    _count_summary("all", moving)
    return results


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
