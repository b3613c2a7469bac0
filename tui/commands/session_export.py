"""The sets of an exported session, for ``lumbar analyze`` on its ``motion-ID.csv``.

``lumbar export --format csv`` writes ``steps.csv`` (each set with its start and end in
session seconds, the clock of the motion file) and ``events.csv`` (pauses among them) beside
the motion. Read here without numpy: only the columns the analysis needs.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from db.pause_spans import pause_spans
from tui.commands.common import UsageError

MOTION_FILE = re.compile(r"^motion-(\d+)(?:-.+)?\.csv$")


@dataclass(frozen=True, slots=True)
class StoredSet:
    number: int
    """The set's place among the session's sets with times, from 1."""
    exercise_id: str
    start_s: float
    end_s: float
    counts_reps: bool
    """A reps exercise: the session counted its reps."""
    reps_sensed: int | None
    """What the session's sensor counted live."""


@dataclass(frozen=True, slots=True)
class SessionSets:
    session_id: int
    steps_file: str
    sets: tuple[StoredSet, ...]
    paused: tuple[tuple[float, float], ...]
    """(start, end) of each pause, in session seconds."""


def read_session_sets(motion_path: Path) -> SessionSets | None:
    """The sets of the session a ``motion-ID.csv`` belongs to, when its export's
    ``steps.csv`` is beside it; None for any other recording."""
    match = MOTION_FILE.match(motion_path.name)
    steps_path = motion_path.parent / "steps.csv"
    if match is None or not steps_path.is_file():
        return None
    session_id = int(match.group(1))
    rows = [r for r in _rows(steps_path) if r.get("session_id") == str(session_id)]
    sets: list[StoredSet] = []
    for row in sorted(rows, key=lambda r: _number(r, "step_index", steps_path) or 0):
        start, end = _number(row, "start_t_s", steps_path), _number(row, "end_t_s", steps_path)
        if start is None or end is None:
            continue  # never started, or the session stopped inside it
        sensed = _number(row, "reps_sensed", steps_path)
        sets.append(
            StoredSet(
                number=len(sets) + 1,
                exercise_id=row.get("exercise_id") or "",
                start_s=start,
                end_s=end,
                counts_reps=row.get("mode") == "reps",
                reps_sensed=None if sensed is None else int(sensed),
            )
        )
    if not sets:
        return None
    return SessionSets(
        session_id, steps_path.name, tuple(sets), _pauses(motion_path.parent, session_id)
    )


def _pauses(folder: Path, session_id: int) -> tuple[tuple[float, float], ...]:
    path = folder / "events.csv"
    if not path.is_file():
        return ()
    events: list[tuple[str, float]] = []
    for row in _rows(path):
        if row.get("session_id") != str(session_id):
            continue
        at = _number(row, "t_s", path)
        if at is not None:
            events.append((row.get("kind") or "", at))
    return tuple(pause_spans(events, float("inf")))


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(
            f"{path}: cannot read it ({error}); give --find-sets to analyse the motion alone"
        ) from None


def _number(row: dict[str, str], column: str, path: Path) -> float | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise UsageError(
            f"{path.name}: {column} {text!r} is not a number; "
            "give --find-sets to analyse the motion alone"
        ) from None
