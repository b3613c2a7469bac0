"""``exermote`` and ``exermote-chest``: the arm phone's and the chest Nearable's samples of each
Exermote set (see ``fetch_data.py``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from public_sets.files import STANDARD_GRAVITY, Repo, write_index, write_recording

EXERMOTE_ATTRIBUTION = "Exermote, S. Lerner (MIT licence)"
MARGIN_S = 3.0
"""Seconds of the break kept before and after each set."""


@dataclass(frozen=True)
class _ExermoteSet:
    """One set of an Exermote workout: rows ``first``..``last`` are its reps, ``lo``..``hi``
    the rows written (``MARGIN_S`` of the break either side)."""

    session: str
    number: int
    individual: str
    exercise: str
    reps: int
    body: list[list[str]]
    col: dict[str, int]
    times: list[float]
    first: int
    last: int
    lo: int
    hi: int

    @property
    def origin(self) -> float:
        return self.times[self.lo]

    def index_row(self, file_name: str) -> dict[str, object]:
        return {
            "file": file_name,
            "individual": self.individual,
            "exercise": self.exercise,
            "reps": self.reps,
            "set_start_s": round(self.times[self.first] - self.origin, 3),
            "set_end_s": round(self.times[self.last] - self.origin, 3),
        }


def _exermote_workout_sets(repo: Repo) -> Iterator[_ExermoteSet]:
    for path in repo.files("ExermotePreprocessingAndTraining/RawData"):
        if not path.endswith(".csv"):
            continue
        table = list(csv.reader(io.StringIO(repo.text(path))))
        header, body = table[0], table[1:]
        col = {name: i for i, name in enumerate(header)}
        kind, sub, saved = col["exerciseType"], col["exerciseSubType"], col["timeStampSaved"]
        body = [r for r in body if r[col["Device: xGravity"]] != ""]
        times = [_exermote_time(r[saved]) for r in body]
        session = Path(path).stem.replace(" ", "-")
        individual = body[0][col["individual"]]
        for number, (first, last) in enumerate(_exermote_sets(body, kind), start=1):
            reps = sum(
                1
                for i in range(first, last + 1)
                if body[i][sub] == "firstHalf" and (i == first or body[i - 1][sub] != "firstHalf")
            )
            lo = next(i for i in range(len(body)) if times[i] >= times[first] - MARGIN_S)
            hi = max(i for i in range(len(body)) if times[i] <= times[last] + MARGIN_S)
            yield _ExermoteSet(
                session,
                number,
                individual,
                body[first][kind].lower(),
                reps,
                body,
                col,
                times,
                first,
                last,
                lo,
                hi,
            )


def write_exermote(repo: Repo, out: Path) -> int:
    rows: list[dict[str, object]] = []
    for done in _exermote_workout_sets(repo):
        body, col = done.body, done.col
        gravity = [col[f"Device: {a}Gravity"] for a in "xyz"]
        user = [col[f"Device: {a}Acceleration"] for a in "xyz"]
        file_name = f"{done.session}-set{done.number}-{done.exercise}.csv"
        samples = (
            (
                done.times[i] - done.origin,
                *(
                    float(body[i][g]) + float(body[i][u])
                    for g, u in zip(gravity, user, strict=True)
                ),
            )
            for i in range(done.lo, done.hi + 1)
        )
        write_recording(out / file_name, EXERMOTE_ATTRIBUTION, samples)  # type: ignore[arg-type]
        rows.append(done.index_row(file_name))
    write_index(out, rows)
    return len(rows)


EXERMOTE_CHEST_ATTRIBUTION = "Exermote, S. Lerner (MIT licence); chest Estimote Nearable"


def write_exermote_chest(repo: Repo, out: Path) -> int:
    """The chest Nearable of each set: one row per packet (a row repeats the last packet until
    the next arrives), timed when it arrived, on the same clock as ``exermote``'s files."""
    rows: list[dict[str, object]] = []
    for done in _exermote_workout_sets(repo):
        body, col = done.body, done.col
        stamp = col["Chest: timeStampRecorded"]
        axes = [col[f"Chest: {a}Acceleration"] for a in "xyz"]
        end = done.times[done.hi]
        samples: list[tuple[float, float, float, float]] = []
        last_stamp = ""
        for i in range(done.lo, done.hi + 1):
            if body[i][stamp] in ("", last_stamp) or body[i][axes[0]] == "":
                continue
            last_stamp = body[i][stamp]
            t = _exermote_time(last_stamp)
            if done.origin <= t <= end:
                x, y, z = (float(body[i][a]) / STANDARD_GRAVITY for a in axes)
                samples.append((t - done.origin, x, y, z))
        file_name = f"{done.session}-set{done.number}-{done.exercise}.csv"
        write_recording(out / file_name, EXERMOTE_CHEST_ATTRIBUTION, iter(samples))
        rows.append(done.index_row(file_name))
    write_index(out, rows)
    return len(rows)


def _exermote_time(stamp: str) -> float:
    # "2017-03-30 18:45:36:794": milliseconds after a colon.
    day, ms = stamp.rsplit(":", 1)
    return datetime.strptime(day, "%Y-%m-%d %H:%M:%S").timestamp() + int(ms) / 1000.0


def _exermote_sets(body: list[list[str]], kind: int) -> Iterator[tuple[int, int]]:
    """(first, last) row of each run of reps between set breaks."""
    first: int | None = None
    for i, row in enumerate(body):
        in_set = row[kind] not in ("setBreak",)
        if in_set and first is None:
            first = i
        elif not in_set and first is not None:
            yield first, i - 1
            first = None
    if first is not None:
        yield first, len(body) - 1
