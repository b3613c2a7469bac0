"""HRV: figures of the sample NN series against the reference values in the data README, with
every beat and after the implausible-beat filter (what it removes at each Kubios level)."""

from __future__ import annotations

import re
from pathlib import Path

from sensors.heart import (
    ARTEFACT_THRESHOLD_MS_AT_60_BPM,
    HrvSummary,
    filter_rr,
    hrv_summary,
    unfiltered,
)
from sensors.recording_csv import read_rr_intervals

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
