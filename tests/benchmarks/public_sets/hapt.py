"""``hapt``: the waist phone's experiments of UCI HAPT, with every labelled span (see
``fetch_data.py``)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from public_sets.files import Repo, write_index, write_recording

HAPT_ATTRIBUTION = "HAPT, J. L. Reyes-Ortiz, L. Oneto, A. Samà, X. Parra, D. Anguita (CC BY 4.0)"
HAPT_RAW = "HAPT Dataset/RawData"
HAPT_RATE_HZ = 50.0
HAPT_ACTIVITIES = {
    1: "walking",
    2: "upstairs",
    3: "downstairs",
    4: "sitting",
    5: "standing",
    6: "lying",
    7: "stand-to-sit",
    8: "sit-to-stand",
    9: "sit-to-lie",
    10: "lie-to-sit",
    11: "stand-to-lie",
    12: "lie-to-stand",
}


def hapt_gyro_path(recording: Path) -> Path:
    """Where the phone's gyroscope for ``recording`` is kept: a file of its own
    (``t,gx,gy,gz``, seconds and deg/s), so that nothing that reads the recording reads it.
    It is the benchmark's second opinion on when a posture began and ended, never the
    detectors' input (a chest strap like the H10 has no gyroscope)."""
    return recording.with_suffix(".gyro.csv")


def write_hapt(repo: Repo, out: Path) -> int:
    """The recordings, the index, and each recording's gyroscope where the copy has it (a copy
    without ``gyro_*.txt`` is fetched all the same, and says so in a line: the benchmark then
    times the holds against the labels only)."""
    labels = [line.split() for line in repo.text(f"{HAPT_RAW}/labels.txt").splitlines() if line]
    available = set(repo.files(HAPT_RAW))
    without_gyro = 0
    rows: list[dict[str, object]] = []
    written: set[str] = set()
    for experiment, user, activity, first, last in ([int(v) for v in row] for row in labels):
        file_name = f"exp{experiment:02d}-user{user:02d}.csv"
        if file_name not in written:
            name = f"exp{experiment:02d}_user{user:02d}.txt"
            lines = [line.split() for line in repo.text(f"{HAPT_RAW}/acc_{name}").splitlines()]
            samples = (
                (i / HAPT_RATE_HZ, float(x), float(y), float(z))
                for i, (x, y, z) in enumerate(line for line in lines if line)
            )
            write_recording(out / file_name, HAPT_ATTRIBUTION, samples)
            if f"{HAPT_RAW}/gyro_{name}" in available:
                gyro = repo.text(f"{HAPT_RAW}/gyro_{name}").splitlines()
                _write_gyro(hapt_gyro_path(out / file_name), [r.split() for r in gyro if r])
            else:
                without_gyro += 1
            written.add(file_name)
        rows.append(
            {
                "file": file_name,
                "user": user,
                "experiment": experiment,
                "activity": HAPT_ACTIVITIES[activity],
                "start_s": round(first / HAPT_RATE_HZ, 2),
                "end_s": round(last / HAPT_RATE_HZ, 2),
            }
        )
    write_index(out, rows)
    if without_gyro:
        print(
            f"hapt: no gyroscope (gyro_*.txt) for {without_gyro} of {len(written)} recordings in"
            f" {repo.git_dir}: written without it; the benchmark then times HAPT's holds against"
            " the labels only"
        )
    return len(written)


def _write_gyro(path: Path, rows: list[list[str]]) -> None:
    """The phone's rotation rate (rad/s in the set) as ``t,gx,gy,gz`` in seconds and deg/s."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# Data: {HAPT_ATTRIBUTION}; gyroscope\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("t", "gx", "gy", "gz"))
        writer.writerows(
            (f"{i / HAPT_RATE_HZ:.3f}", *(f"{math.degrees(float(v)):.3f}" for v in row))
            for i, row in enumerate(rows)
        )
