"""What a session's writer takes: plain rows, made by the live session and the recording
pipeline (``sensors.recording`` writes through ``RecordingRows``, so ``db`` never imports
``sensors``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

SessionKind = Literal["routine", "recording"]
EndStatus = Literal["completed", "ended-early", "interrupted"]


@dataclass(frozen=True, slots=True)
class StepRow:
    """One work step as planned and as done; ``ended_s`` None while it is still going."""

    step_index: int
    exercise_id: str
    exercise_name: str
    mode: str
    set_number: int
    side: str | None
    planned_sets: int
    planned_reps: int | None
    planned_hold_s: int | None
    planned_duration_s: int | None
    reps_done: int
    holds_s: tuple[float, ...]
    active_s: float
    skipped: bool
    started_s: float
    ended_s: float | None
    sensing: StepSensing | None = None
    target_hold_s: int | None = None
    """The hold in force when the set ended (+ and - change it); None: as planned."""
    target_duration_s: int | None = None
    """The timer in force when the set ended, as ``target_hold_s``."""


@dataclass(frozen=True, slots=True)
class StepSensing:
    """What a wearable saw during one set (None fields: not measured)."""

    sensor: str | None = None
    reps_sensed: int | None = None
    rep_times_s: tuple[float, ...] = ()
    hold_breaks: int | None = None
    broken_s: float | None = None
    form_warnings: int | None = None
    max_rock_deg: float | None = None
    avg_bpm: float | None = None
    peak_bpm: int | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    t_s: float
    kind: str
    step_index: int | None = None
    value: float | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class StepDiscarded:
    """An unfinished step forgotten (the person went back before finishing it)."""

    step_index: int


@dataclass(frozen=True, slots=True)
class SessionUpdate:
    """Answers and the end of a session as they come; a None field is left as it is."""

    pain_after: int | None = None
    note: str | None = None
    status: EndStatus | None = None
    ended_t_s: float | None = None


@dataclass(frozen=True, slots=True)
class DeviceRow:
    """A wearable taking part (again when its battery level is known)."""

    address: str
    kind: str
    name: str | None
    battery_percent: int | None


@dataclass(frozen=True, slots=True)
class HeartRateRow:
    device: str
    t_s: float
    bpm: int
    rr_intervals_ms: tuple[float, ...]
    contact: bool | None


@dataclass(frozen=True, slots=True)
class ChunkRow:
    """About a second of one raw stream, packed (``sensors.packing``)."""

    device: str
    stream: str
    t0_s: float
    rate_hz: float
    count: int
    encoding: str
    data: bytes


Row = StepRow | StepDiscarded | EventRow | SessionUpdate | DeviceRow | HeartRateRow | ChunkRow
"""What a session or a recording hands to its writer."""


class RecordingRows:
    """A recording's rows (``sensors.recording.RecordingSink``: plain values, so ``db``
    never imports ``sensors``), handed to ``write``."""

    def write(self, rows: Iterable[Row]) -> None:
        raise NotImplementedError

    def device(
        self, address: str, kind: str, name: str | None, battery_percent: int | None
    ) -> None:
        self.write([DeviceRow(address, kind, name, battery_percent)])

    def heart_rate(
        self,
        device: str,
        t_s: float,
        bpm: int,
        rr_intervals_ms: tuple[float, ...],
        contact: bool | None,
    ) -> None:
        self.write([HeartRateRow(device, t_s, bpm, rr_intervals_ms, contact)])

    def stream_chunk(
        self,
        device: str,
        stream: str,
        t0_s: float,
        rate_hz: float,
        count: int,
        encoding: str,
        data: bytes,
    ) -> None:
        self.write([ChunkRow(device, stream, t0_s, rate_hz, count, encoding, data)])


class CollectedRows(RecordingRows):
    """Rows kept until taken (a live session hands them on with its other effects)."""

    def __init__(self) -> None:
        self._rows: list[Row] = []

    def write(self, rows: Iterable[Row]) -> None:
        self._rows.extend(rows)

    def take(self) -> list[Row]:
        rows, self._rows = self._rows, []
        return rows
