"""The sets of an exported session, for ``lumbar analyze`` on its ``motion-ID.csv``.

``lumbar export --format csv`` writes ``steps.csv`` (each set with its start and end in
session seconds, the clock of the motion file) and ``events.csv`` (pauses among them) beside
the motion. Read here without numpy: only the columns the analysis needs.
"""

from __future__ import annotations

import csv
import json
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
    step_index: int = 0
    counts_holds: bool = False
    """A hold exercise: the session timed its holds."""
    set_number: int = 1
    side: str | None = None
    planned_sets: int = 1
    planned_reps: int | None = None
    planned_hold_s: int | None = None
    holds_s: tuple[float, ...] = ()
    """Seconds held in each hold, as the session timed them."""
    hold_breaks: int | None = None
    broken_s: float | None = None
    """The seconds the breaks lasted; None when the sensor did not watch the whole set."""
    targets: tuple[tuple[float, float], ...] = ()
    """(when, seconds): each change of the hold's length in the set (``hold-changed``)."""
    exercise_name: str = ""
    """As the session named it ("" in an export without the column: its id is said)."""


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
    events = _events(motion_path.parent, session_id)
    sets: list[StoredSet] = []
    for row in sorted(rows, key=lambda r: _number(r, "step_index", steps_path) or 0):
        start, end = _number(row, "start_t_s", steps_path), _number(row, "end_t_s", steps_path)
        if start is None or end is None:
            continue  # never started, or the session stopped inside it
        sensed = _number(row, "reps_sensed", steps_path)
        index = int(_number(row, "step_index", steps_path) or 0)
        breaks = _number(row, "hold_breaks", steps_path)
        planned_sets = _number(row, "planned_sets", steps_path)
        sets.append(
            StoredSet(
                number=len(sets) + 1,
                exercise_id=row.get("exercise_id") or "",
                exercise_name=row.get("exercise_name") or "",
                start_s=start,
                end_s=end,
                counts_reps=row.get("mode") == "reps",
                reps_sensed=None if sensed is None else int(sensed),
                step_index=index,
                counts_holds=row.get("mode") == "hold",
                set_number=int(_number(row, "set_number", steps_path) or 1),
                side=row.get("side") or None,
                planned_sets=int(planned_sets or 1),
                planned_reps=_whole(_number(row, "planned_reps", steps_path)),
                planned_hold_s=_whole(_number(row, "planned_hold_s", steps_path)),
                holds_s=_seconds_list(row, "holds_s", steps_path),
                hold_breaks=_whole(breaks),
                broken_s=_number(row, "broken_s", steps_path),
                targets=tuple(
                    (at, value)
                    for kind, at, step, value in events
                    if kind == "hold-changed" and step == index and value is not None
                ),
            )
        )
    if not sets:
        return None
    pauses = pause_spans([(kind, at) for kind, at, _, _ in events], float("inf"))
    return SessionSets(session_id, steps_path.name, tuple(sets), tuple(pauses))


def _events(folder: Path, session_id: int) -> list[tuple[str, float, int | None, float | None]]:
    """(kind, t_s, step_index, value) of the session's events in ``events.csv``."""
    path = folder / "events.csv"
    if not path.is_file():
        return []
    events: list[tuple[str, float, int | None, float | None]] = []
    for row in _rows(path):
        if row.get("session_id") != str(session_id):
            continue
        at = _number(row, "t_s", path)
        if at is not None:
            step = _whole(_number(row, "step_index", path))
            events.append((row.get("kind") or "", at, step, _number(row, "value", path)))
    return events


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


def _seconds_list(row: dict[str, str], column: str, path: Path) -> tuple[float, ...]:
    """A column holding a JSON list of seconds (``holds_s``: "[10.0, 9.5]")."""
    text = (row.get(column) or "").strip()
    if not text:
        return ()
    try:
        values = json.loads(text)
        return tuple(float(v) for v in values)
    except (ValueError, TypeError):
        raise UsageError(
            f"{path.name}: {column} {text!r} is not a list of seconds; "
            "give --find-sets to analyse the motion alone"
        ) from None


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
