"""What the TCX and FIT activities share: one heart-rate channel and the laps of a session.

The channel may be empty (no strap was worn, or it had no skin contact): the activity is then
its laps and times without heart rate, as Garmin Connect and Strava take one.

Laps follow the exercises: a lap starts when the first set of the next exercise starts, so
the laps cover the whole session (rests and get-ready included) and add up to its duration.
A session without sets (a recording) is one lap.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from db.export.reading import HeartRateReading, SessionRecord
from db.figures import mean_bpm, whole
from db.read_model import StoredSet


@dataclass(frozen=True, slots=True)
class Lap:
    start_s: float
    """Seconds since the session started."""
    end_s: float
    exercise_name: str | None
    """None for a session without sets."""
    heart_rate: tuple[HeartRateReading, ...]
    exercise_id: str | None = None

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def avg_bpm(self) -> int | None:
        if not self.heart_rate:
            return None
        return whole(mean_bpm([r.bpm for r in self.heart_rate]))

    @property
    def max_bpm(self) -> int | None:
        return max((r.bpm for r in self.heart_rate), default=None)


def heart_rate_channel(record: SessionRecord) -> tuple[HeartRateReading, ...]:
    """The readings of the record's heart-rate device that have a heart rate (one without
    skin contact has none), in time order: activities carry one channel."""
    device = record.heart_rate_device
    return tuple(r for r in record.heart_rate if r.device == device and r.has_heart_rate)


def laps(
    sets: Sequence[StoredSet], duration_s: float, channel: tuple[HeartRateReading, ...]
) -> tuple[Lap, ...]:
    """The session's laps, one per exercise in the order done, with their readings."""
    starts: list[float] = []
    exercises: list[tuple[str | None, str | None]] = []  # (id, name) of each lap
    last_exercise: str | None = None
    for start, stored in _set_starts(sets):
        if stored.exercise_id == last_exercise:
            continue
        last_exercise = stored.exercise_id
        exercise = (stored.exercise_id, stored.name)
        if not starts:
            starts.append(0.0)
            exercises.append(exercise)
            continue
        if start >= duration_s:
            break
        if start <= starts[-1]:
            exercises[-1] = exercise  # the earlier exercise took no time: this one replaces it
            continue
        starts.append(start)
        exercises.append(exercise)
    if not starts:
        starts, exercises = [0.0], [(None, None)]
    ends = [*starts[1:], duration_s]
    grouped: list[list[HeartRateReading]] = [[] for _ in starts]
    for reading in channel:
        index = min(max(bisect.bisect_right(starts, reading.t_s) - 1, 0), len(starts) - 1)
        grouped[index].append(reading)
    return tuple(
        Lap(start, end, name, tuple(readings), exercise_id)
        for start, end, (exercise_id, name), readings in zip(
            starts, ends, exercises, grouped, strict=True
        )
    )


def _set_starts(sets: Sequence[StoredSet]) -> list[tuple[float, StoredSet]]:
    """(session seconds, set) of each set that has a start, in time order."""
    found = [(s.start_t_s, s) for s in sets if s.start_t_s is not None]
    found.sort(key=lambda item: item[0])
    return found
