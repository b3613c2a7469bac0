"""MEx: bridging, pelvic tilt and superman, thigh and wrist, where the protocol holds about 5 s.
No hold was timed by hand: the count and length of detected holds are shown. Tuned on
subjects 01-05, reported apart for 06-10."""

from __future__ import annotations

import gzip
import math
import statistics
from pathlib import Path

import numpy as np

from sensors.motion import Placement, analyze_samples

from .data_folder import Array

MEX_HOLDS = {"02": "bridging", "03": "pelvic tilt", "07": "superman"}
MEX_TUNED_ON = ("01", "02", "03", "04", "05")


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
