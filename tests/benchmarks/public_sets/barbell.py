"""``barbell``: the wristband's sets of D. Ebbelaar's barbell study (see ``fetch_data.py``)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from public_sets.files import Repo, write_index, write_recording

BARBELL_NAME = re.compile(r"^([A-E])-(bench|dead|ohp|row|squat|rest)-([a-z]+)")
BARBELL_ATTRIBUTION = "Tracking barbell exercises, D. Ebbelaar (VU Amsterdam 2019)"


def write_barbell(repo: Repo, out: Path) -> int:
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    recorded: set[tuple[tuple[float, float, float], ...]] = set()
    """The samples of every recording written: a copy under another participant is not."""
    for path in sorted(repo.files("PythonCode/data")):
        name = path.rsplit("/", 1)[-1]
        match = BARBELL_NAME.match(name)
        if "Accelerometer" not in name or match is None or "/form/" in path:
            continue
        if name.endswith("1.4.41.csv"):  # a second copy of the same rest recording
            continue
        participant, exercise, category = match.groups()
        stamp = re.search(r"MetaWear_(\S+?)_", name)
        file_name = f"{participant}-{exercise}-{category}-{stamp.group(1) if stamp else len(rows)}"
        file_name = file_name.replace(":", "-").replace(".", "-") + ".csv"
        if file_name in seen:
            continue
        seen.add(file_name)
        table = list(csv.reader(io.StringIO(repo.text(path))))[1:]
        values = tuple((float(r[3]), float(r[4]), float(r[5])) for r in table)
        if values in recorded:
            continue
        recorded.add(values)
        start_ms = float(table[0][0])
        samples = (
            ((float(r[0]) - start_ms) / 1000.0, float(r[3]), float(r[4]), float(r[5]))
            for r in table
        )
        write_recording(out / file_name, BARBELL_ATTRIBUTION, samples)
        reps = {"heavy": 5, "medium": 10}.get(category, 0)
        rows.append(
            {
                "file": file_name,
                "participant": participant,
                "exercise": exercise,
                "category": category,
                "reps": reps,
            }
        )
    write_index(out, rows)
    return len(rows)
