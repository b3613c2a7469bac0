"""Reading what ``fetch_data.py`` writes into the data folder: each set's ``index.csv`` and its
recording CSVs read as they are."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def read_index(root: Path) -> list[dict[str, str]]:
    with (root / "index.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_samples(path: Path) -> tuple[Array, Array]:
    """A recording CSV read as it is, without ``read_recording``'s checks (its lowest rate)."""
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if row and not row[0].startswith("#")]
    table = np.array(rows[1:], dtype=np.float64)
    return table[:, 0], table[:, 1:4]
