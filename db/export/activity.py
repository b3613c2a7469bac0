"""What the TCX and FIT activities share: one heart-rate channel and the laps of a session.

Laps follow the exercises: a lap starts when the first set of the next exercise starts, so
the laps cover the whole session (rests and get-ready included) and add up to its duration.
A session without sets (a recording) is one lap.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Any

from db.export.reading import HeartRateReading, SessionRecord
from db.sessions import parse_iso


@dataclass(frozen=True, slots=True)
class Lap:
    start_s: float
    """Seconds since the session started."""
    end_s: float
    exercise_name: str | None
    """None for a session without sets."""
    heart_rate: tuple[HeartRateReading, ...]

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def avg_bpm(self) -> int | None:
        if not self.heart_rate:
            return None
        return round(sum(r.bpm for r in self.heart_rate) / len(self.heart_rate))

    @property
    def max_bpm(self) -> int | None:
        return max((r.bpm for r in self.heart_rate), default=None)


def main_device(readings: tuple[HeartRateReading, ...]) -> str | None:
    """The device with the most readings (activities carry one heart-rate channel)."""
    counts = Counter(r.device for r in readings if r.bpm > 0)
    if not counts:
        return None
    return min(counts, key=lambda device: (-counts[device], device or ""))


def heart_rate_channel(record: SessionRecord) -> tuple[HeartRateReading, ...]:
    """The main device's readings with a heart rate, in time order (0 bpm: no reading)."""
    device = main_device(record.heart_rate)
    return tuple(r for r in record.heart_rate if r.device == device and r.bpm > 0)


def no_heart_rate(record: SessionRecord, form: str) -> str:
    return (
        f"session {record.session_id} has no heart rate to put in a {form} file "
        "(it was done without a strap); export it as csv or json"
    )


def laps(record: SessionRecord, channel: tuple[HeartRateReading, ...]) -> tuple[Lap, ...]:
    """The session's laps, one per exercise in the order done, with their readings."""
    duration = record.duration_s
    starts: list[float] = []
    names: list[str | None] = []
    last_exercise: str | None = None
    for start, exercise_id, name in _step_starts(record):
        if exercise_id == last_exercise:
            continue
        last_exercise = exercise_id
        if not starts:
            starts.append(0.0)
            names.append(name)
            continue
        if start >= duration:
            break
        if start <= starts[-1]:
            names[-1] = name  # the earlier exercise took no time: this one replaces it
            continue
        starts.append(start)
        names.append(name)
    if not starts:
        starts, names = [0.0], [None]
    ends = [*starts[1:], duration]
    grouped: list[list[HeartRateReading]] = [[] for _ in starts]
    for reading in channel:
        index = min(max(bisect.bisect_right(starts, reading.t_s) - 1, 0), len(starts) - 1)
        grouped[index].append(reading)
    return tuple(
        Lap(start, end, name, tuple(readings))
        for start, end, name, readings in zip(starts, ends, names, grouped, strict=True)
    )


def _step_starts(record: SessionRecord) -> list[tuple[float, str, str | None]]:
    """(session seconds, exercise id, name) of each set that has a start, in time order."""
    found = []
    for step in record.shown["steps"]:
        start = _start_s(step, record)
        if start is not None:
            found.append((start, step["exercise_id"], step["exercise_name"] or step["exercise_id"]))
    found.sort(key=lambda item: item[0])
    return found


def _start_s(step: dict[str, Any], record: SessionRecord) -> float | None:
    if step.get("start_t_s") is not None:
        return float(step["start_t_s"])
    if step.get("started_at"):  # a database from before the sets kept session seconds
        return (parse_iso(step["started_at"]) - record.started_at).total_seconds()
    return None
