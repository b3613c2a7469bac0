"""``eurobench-sts``: the trunk IMU's five-times sit-to-stand trials of Eurobench's pi_bench
(see ``fetch_data.py``)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from public_sets.files import STANDARD_GRAVITY, Repo, write_index, write_recording

STS_ATTRIBUTION = "Eurobench BENCH testbed, pi_bench test inputs (no licence given); trunk IMU"
STS_INPUTS = "Eurobench_format_code/test/input"
STS_NAME = re.compile(r"subject_(\d+)_5sts_chair_raw_(\d+)\.csv$")
STS_REPS = 5
"""The five-times sit-to-stand test: stand up and sit down 5 times."""


def write_eurobench_sts(repo: Repo, out: Path) -> int:
    rows: list[dict[str, object]] = []
    for path in repo.files(STS_INPUTS):
        match = STS_NAME.search(path)
        if match is None:
            continue
        table = list(csv.reader(io.StringIO(repo.text(path))))
        col = {name.strip().lower(): i for i, name in enumerate(table[0])}
        axes = [col[f"a{a}5"] for a in "xyz"]  # the fifth IMU: the trunk
        samples = (
            (float(r[col["time"]]), *(float(r[a]) / STANDARD_GRAVITY for a in axes))
            for r in table[1:]
            if r
        )
        file_name = f"subject{match.group(1)}-5sts-{match.group(2)}.csv"
        write_recording(out / file_name, STS_ATTRIBUTION, samples)  # type: ignore[arg-type]
        rows.append(
            {
                "file": file_name,
                "subject": match.group(1),
                "exercise": "sit-stand",
                "reps": STS_REPS,
            }
        )
    write_index(out, rows)
    return len(rows)
