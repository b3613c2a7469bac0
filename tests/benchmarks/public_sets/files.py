"""What every set's writer shares: the git files it reads, and the recording CSVs and index it
writes."""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

STANDARD_GRAVITY = 9.80665


class FetchFailed(Exception):
    """A set could not be read: what went wrong and what to do, in one line."""


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


@dataclass(frozen=True)
class Repo:
    """The files of a set's repository at HEAD, read from its git directory."""

    git_dir: Path

    def files(self, under: str) -> list[str]:
        listing = self._git("ls-tree", "-r", "--name-only", "HEAD", under)
        return [line for line in listing.splitlines() if line]

    def text(self, path: str) -> str:
        return self._git("show", f"HEAD:{path}")

    def _git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "--git-dir", str(self.git_dir), *args],
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise FetchFailed(
                f"could not read {' '.join(args)} from {self.git_dir} "
                f"({last_line(done.stderr)}); give the git directory of a copy of the set"
            )
        return done.stdout


def write_recording(
    path: Path, attribution: str, rows: Iterator[tuple[float, float, float, float]]
) -> None:
    """A recording CSV as ``lumbar analyze`` reads it: ``t,ax,ay,az`` in seconds and g."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# Data: {attribution}\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("t", "ax", "ay", "az"))
        writer.writerows((f"{t:.3f}", f"{x:.4f}", f"{y:.4f}", f"{z:.4f}") for t, x, y, z in rows)


def write_index(out: Path, rows: list[dict[str, object]]) -> None:
    """``index.csv``: one row of what is known about each recording (or span)."""
    if not rows:
        return
    with (out / "index.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
