"""The one path from the hub's events to stored rows, for ``lumbar record`` and a session.

``Recording.add`` takes every event from the hub, in order. It keeps what a summary needs
(samples per stream, effective rates, gaps, malformed packets, heart-rate range) and,
given a ``RecordingSink``, passes on:

- each device taking part: from its connection, or its first reading when it was connected
  before the recording began (``know`` tells its kind and name), again with its battery;
- every heart-rate reading;
- about a second of raw accelerometer at a time, packed by ``sensors.packing`` (a new chunk
  at a gap, so a device silent for an hour never overflows one).

Times handed to the sink are seconds since ``origin_s`` (the monotonic time the recording
started). Nothing is dropped: ``finish`` (or ``flush``) hands on the last partial chunks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from sensors.hub import DeviceCounters, DeviceStateChanged, Gap, HubEvent
from sensors.packing import AccChunker, PackedChunk
from sensors.readings import AccelerationBatch, BatteryReading, HeartRateReading

__all__ = [
    "AccSummary",
    "DeviceSummary",
    "HeartRateSummary",
    "Recording",
    "RecordingSink",
]


class RecordingSink(Protocol):
    """Where a recording's rows go (the session writer); each call only buffers.

    Plain values only, so that ``db`` can implement it without importing ``sensors``.
    """

    def device(
        self, address: str, kind: str, name: str | None, battery_percent: int | None
    ) -> None:
        """A device taking part (called again when its battery level is known)."""

    def heart_rate(
        self,
        device: str,
        t_s: float,
        bpm: int,
        rr_intervals_ms: tuple[float, ...],
        contact: bool | None,
    ) -> None: ...

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
        """About a second of one raw stream, packed (``sensors.packing``)."""


@dataclass(frozen=True, slots=True)
class HeartRateSummary:
    readings: int
    """Every reading, kept as it came."""
    without_heart_rate: int
    """Of them, those that are no heart rate (no skin contact)."""
    rr_intervals: int
    min_bpm: int | None
    """Of the readings that are a heart rate (``HeartRateReading.has_heart_rate``); None
    when none is (the strap was never on the skin)."""
    mean_bpm: float | None
    max_bpm: int | None
    rate_hz: float | None  # readings per second while they came (None from one reading)


@dataclass(frozen=True, slots=True)
class AccSummary:
    samples: int
    nominal_rate_hz: float
    effective_rate_hz: float  # over the span from the first sample to the last
    missing_samples: int  # what the nominal rate says the span should hold, minus samples


@dataclass(frozen=True, slots=True)
class DeviceSummary:
    device: str
    name: str | None
    kind: str
    state: str
    heart_rate: HeartRateSummary | None
    acc: AccSummary | None
    battery_percent: int | None
    packets: Mapping[str, int]
    malformed: Mapping[str, int]
    gaps: tuple[Gap, ...]
    reconnects: int


@dataclass
class _Tally:
    name: str | None = None
    kind: str = ""
    state: str = ""
    readings: int = 0
    bpm: list[int] = field(default_factory=list)
    """The readings' rates that are a heart rate."""
    first_hr_s: float | None = None
    last_hr_s: float | None = None
    rr_count: int = 0
    acc_samples: int = 0
    acc_rate_hz: float = 0.0
    first_acc_s: float | None = None
    last_acc_s: float | None = None
    battery_percent: int | None = None
    gaps: list[Gap] = field(default_factory=list)
    taking_part: bool = False


class Recording:
    def __init__(
        self, origin_s: float, sink: RecordingSink | None = None, *, chunk_s: float = 1.0
    ) -> None:
        self.origin_s = origin_s
        self.sink = sink
        self.chunk_s = chunk_s
        self._tallies: dict[str, _Tally] = {}
        self._chunkers: dict[str, AccChunker] = {}

    def know(self, address: str, kind: str, name: str | None, battery_percent: int | None) -> None:
        """A device connected before the recording began: it takes part from its first
        reading, stored under this kind and name."""
        tally = self._tally(address)
        tally.kind, tally.name = kind, name
        tally.battery_percent = battery_percent
        tally.state = tally.state or "connected"

    def add(self, event: HubEvent) -> None:
        match event:
            case AccelerationBatch():
                self._take_part(event.device)
                self._acc(event)
            case HeartRateReading():
                self._take_part(event.device)
                self._heart_rate(event)
            case BatteryReading():
                tally = self._tally(event.device)
                tally.battery_percent = event.percent
                if tally.taking_part and self.sink is not None:
                    self.sink.device(event.device, tally.kind, tally.name, event.percent)
            case DeviceStateChanged():
                tally = self._tally(event.device)
                tally.name, tally.kind, tally.state = event.name, event.kind, event.state
                if event.state == "connected":
                    tally.taking_part = False  # told again, with what it says of itself
                    self._take_part(event.device)
            case Gap():
                self._tally(event.device).gaps.append(event)

    def _take_part(self, device: str) -> None:
        tally = self._tally(device)
        if tally.taking_part:
            return
        tally.taking_part = True
        if self.sink is not None:
            self.sink.device(device, tally.kind, tally.name, tally.battery_percent)

    def _tally(self, device: str) -> _Tally:
        tally = self._tallies.get(device)
        if tally is None:
            tally = self._tallies[device] = _Tally()
        return tally

    def _heart_rate(self, reading: HeartRateReading) -> None:
        tally = self._tally(reading.device)
        tally.readings += 1
        if reading.has_heart_rate:
            tally.bpm.append(reading.heart_rate_bpm)
        if reading.contact_detected is not False:  # as the RR export counts them
            tally.rr_count += len(reading.rr_intervals_ms)
        if tally.first_hr_s is None:
            tally.first_hr_s = reading.t_s
        tally.last_hr_s = reading.t_s
        if self.sink is not None:
            self.sink.heart_rate(
                reading.device,
                max(0.0, reading.t_s - self.origin_s),
                reading.heart_rate_bpm,
                reading.rr_intervals_ms,
                reading.contact_detected,
            )

    def _acc(self, batch: AccelerationBatch) -> None:
        if not batch.acc_mg:
            return
        tally = self._tally(batch.device)
        tally.acc_samples += len(batch.acc_mg)
        tally.acc_rate_hz = batch.rate_hz
        if tally.first_acc_s is None:
            tally.first_acc_s = batch.t_s[0]
        tally.last_acc_s = batch.t_s[-1]
        if self.sink is None:
            return
        chunker = self._chunkers.get(batch.device)
        if chunker is None:
            chunker = AccChunker(batch.device, origin_s=self.origin_s, chunk_s=self.chunk_s)
            self._chunkers[batch.device] = chunker
        for chunk in chunker.push(batch):
            self._store(chunk)

    def _store(self, chunk: PackedChunk) -> None:
        assert self.sink is not None
        self.sink.stream_chunk(
            chunk.device, "acc", chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
        )

    def flush(self) -> None:
        """Hand on the raw samples not yet packed (the recording ends, or stops here)."""
        if self.sink is not None:
            for chunker in self._chunkers.values():
                for chunk in chunker.flush():
                    self._store(chunk)

    def finish(self, counters: Mapping[str, DeviceCounters]) -> list[DeviceSummary]:
        """Flush the last chunks; a summary per device (with the hub's counters)."""
        self.flush()
        summaries = []
        for address in sorted(set(self._tallies) | set(counters)):
            tally = self._tally(address)
            count = counters.get(address)
            summaries.append(
                DeviceSummary(
                    device=address,
                    name=tally.name or (count.name if count else None),
                    kind=tally.kind or (count.kind if count else ""),
                    state=count.state if count else tally.state,
                    heart_rate=_heart_rate_summary(tally),
                    acc=_acc_summary(tally),
                    battery_percent=tally.battery_percent,
                    packets=dict(count.packets) if count else {},
                    malformed=dict(count.malformed) if count else {},
                    gaps=tuple(tally.gaps),
                    reconnects=count.reconnects if count else 0,
                )
            )
        return summaries


def _heart_rate_summary(tally: _Tally) -> HeartRateSummary | None:
    if not tally.readings or tally.first_hr_s is None or tally.last_hr_s is None:
        return None
    span_s = tally.last_hr_s - tally.first_hr_s
    bpm = tally.bpm
    return HeartRateSummary(
        readings=tally.readings,
        without_heart_rate=tally.readings - len(bpm),
        rr_intervals=tally.rr_count,
        min_bpm=min(bpm) if bpm else None,
        mean_bpm=sum(bpm) / len(bpm) if bpm else None,
        max_bpm=max(bpm) if bpm else None,
        rate_hz=(tally.readings - 1) / span_s if span_s > 0 else None,
    )


def _acc_summary(tally: _Tally) -> AccSummary | None:
    if not tally.acc_samples or tally.first_acc_s is None or tally.last_acc_s is None:
        return None
    span_s = tally.last_acc_s - tally.first_acc_s
    expected = round(span_s * tally.acc_rate_hz) + 1
    return AccSummary(
        samples=tally.acc_samples,
        nominal_rate_hz=tally.acc_rate_hz,
        effective_rate_hz=(tally.acc_samples - 1) / span_s if span_s > 0 else 0.0,
        missing_samples=max(0, expected - tally.acc_samples),
    )
