"""Polar Verity Sense: a forearm lying still between the start and stop markers; the share of
that time found still (the placement is "wrist", as worn)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import numpy as np

from sensors.motion import analyze_samples

from .data_folder import Array


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
