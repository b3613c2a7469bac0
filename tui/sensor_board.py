"""What the app shows of each wearable: the hub's events folded into one view per device.

Pure bookkeeping, no Textual and no I/O: devices heard in a scan, remembered ones, and
what the hub said about each (state, heart rate, the last RR intervals, battery, gaps,
which streams are off and why), plus an accelerometer trace decimated for the screen
(the magnitude in mg, averaged down to ``TRACE_HZ``). Only the display is decimated;
recording reads the hub, not this.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from sensors.hub import (
    DeviceInformation,
    DeviceState,
    DeviceStateChanged,
    Gap,
    HubEvent,
    StreamResumed,
    StreamStopped,
)
from sensors.profiles import by_kind
from sensors.readings import AccelerationBatch, BatteryReading, HeartRateReading
from sensors.scan import FoundDevice

__all__ = ["TRACE_HZ", "TRACE_POINTS", "DeviceView", "SensorBoard"]

TRACE_HZ = 20.0  # points per second in the accelerometer trace on screen
TRACE_POINTS = 120  # six seconds of trace
RR_SHOWN = 4  # the last RR intervals shown

ACTIVE_STATES: frozenset[DeviceState] = frozenset({"connecting", "connected", "reconnecting"})


@dataclass(frozen=True, slots=True)
class DeviceView:
    """One device as the screen shows it, at one moment."""

    address: str
    name: str | None
    kind: str
    label: str
    remembered: bool
    rssi_dbm: int | None  # None: not heard in a scan of this run
    state: DeviceState | None  # None: never asked to connect in this run
    reason: str  # why the last state change happened, when it was not our doing
    heart_rate_bpm: int | None
    rr_intervals_ms: tuple[float, ...]  # the last few, oldest first
    contact_detected: bool | None
    battery_percent: int | None
    gaps: int
    last_gap_s: float | None
    last_gap_reason: str
    information: tuple[tuple[str, str], ...]
    has_acc: bool  # its kind streams an accelerometer
    acc_rate_hz: float | None
    streams_off: tuple[tuple[str, str], ...] = ()  # (stream, why) while connected

    @property
    def motion_off(self) -> str | None:
        """Why the accelerometer is off while the device is connected, if it is."""
        return dict(self.streams_off).get("acc")

    @property
    def active(self) -> bool:
        """Connected, or being connected: worth a preview."""
        return self.state in ACTIVE_STATES

    @property
    def title(self) -> str:
        return self.name or self.label


@dataclass(eq=False)
class _Record:
    address: str
    name: str | None
    kind: str
    label: str
    remembered: bool = False
    rssi_dbm: int | None = None
    state: DeviceState | None = None
    reason: str = ""
    heart_rate_bpm: int | None = None
    rr_intervals_ms: deque[float] = field(default_factory=lambda: deque(maxlen=RR_SHOWN))
    contact_detected: bool | None = None
    battery_percent: int | None = None
    gaps: int = 0
    last_gap_s: float | None = None
    last_gap_reason: str = ""
    information: tuple[tuple[str, str], ...] = ()
    acc_rate_hz: float | None = None
    streams_off: dict[str, str] = field(default_factory=dict)
    trace_mg: deque[float] = field(default_factory=lambda: deque(maxlen=TRACE_POINTS))
    pending_sum_mg: float = 0.0
    pending_samples: int = 0


class SensorBoard:
    """Every device the app knows of in this run, in the order it learnt of them."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}

    def _record(self, address: str, kind: str, name: str | None) -> _Record:
        address = address.upper()
        record = self._records.get(address)
        if record is None:
            record = _Record(address, name, kind, by_kind(kind).label)
            self._records[address] = record
        elif name and not record.name:
            record.name = name
        return record

    def heard(self, found: FoundDevice) -> None:
        """A scan heard this device."""
        record = self._record(found.address, found.kind, found.name)
        if by_kind(found.kind).specificity >= by_kind(record.kind).specificity:
            record.kind, record.label = found.kind, found.label
        if found.name:
            record.name = found.name
        record.rssi_dbm = found.rssi_dbm

    def remembered(self, address: str, kind: str, name: str | None, remembered: bool) -> None:
        """Whether this device is remembered (connected when lumbar starts). A device
        forgotten that was neither heard nor connected in this run leaves the board."""
        record = self._record(address, kind, name)
        record.remembered = remembered
        if not remembered and record.rssi_dbm is None and record.state is None:
            del self._records[record.address]

    def apply(self, event: HubEvent) -> str | None:
        """Fold one hub event in; the address of the device it was about, if any."""
        if isinstance(event, DeviceStateChanged):
            record = self._record(event.device, event.kind, event.name)
            record.state = event.state
            record.reason = event.reason
            if event.state != "connected":
                record.streams_off.clear()  # a new connection starts every stream afresh
            return record.address
        record_or_none = self._records.get(getattr(event, "device", "").upper())
        if record_or_none is None:
            return None
        record = record_or_none
        if isinstance(event, HeartRateReading):
            record.heart_rate_bpm = event.heart_rate_bpm
            record.rr_intervals_ms.extend(event.rr_intervals_ms)
            record.contact_detected = event.contact_detected
        elif isinstance(event, AccelerationBatch):
            self._trace(record, event)
        elif isinstance(event, BatteryReading):
            record.battery_percent = event.percent
        elif isinstance(event, Gap):
            record.gaps += 1
            record.last_gap_s = event.duration_s
            record.last_gap_reason = event.reason
        elif isinstance(event, DeviceInformation):
            record.information = event.fields
        elif isinstance(event, StreamStopped):
            then = "; trying again" if event.retrying else ""
            record.streams_off[event.stream] = event.reason + then
        elif isinstance(event, StreamResumed):
            record.streams_off.pop(event.stream, None)
        return record.address

    def _trace(self, record: _Record, batch: AccelerationBatch) -> None:
        if record.acc_rate_hz != batch.rate_hz:
            record.acc_rate_hz = batch.rate_hz
            record.pending_sum_mg, record.pending_samples = 0.0, 0
        per_point = max(1, round(batch.rate_hz / TRACE_HZ))
        total, count = record.pending_sum_mg, record.pending_samples
        for x, y, z in batch.acc_mg:
            total += math.sqrt(x * x + y * y + z * z)
            count += 1
            if count == per_point:
                record.trace_mg.append(total / count)
                total, count = 0.0, 0
        record.pending_sum_mg, record.pending_samples = total, count

    def view(self, address: str) -> DeviceView | None:
        record = self._records.get(address.upper())
        return None if record is None else _view(record)

    def devices(self) -> list[DeviceView]:
        return [_view(record) for record in self._records.values()]

    def trace_mg(self, address: str) -> list[float]:
        """The accelerometer magnitude in mg, ``TRACE_HZ`` points a second, oldest first."""
        record = self._records.get(address.upper())
        return [] if record is None else list(record.trace_mg)


def _view(record: _Record) -> DeviceView:
    return DeviceView(
        address=record.address,
        name=record.name,
        kind=record.kind,
        label=record.label,
        remembered=record.remembered,
        rssi_dbm=record.rssi_dbm,
        state=record.state,
        reason=record.reason,
        heart_rate_bpm=record.heart_rate_bpm,
        rr_intervals_ms=tuple(record.rr_intervals_ms),
        contact_detected=record.contact_detected,
        battery_percent=record.battery_percent,
        gaps=record.gaps,
        last_gap_s=record.last_gap_s,
        last_gap_reason=record.last_gap_reason,
        information=record.information,
        has_acc="acc" in by_kind(record.kind).streams,
        acc_rate_hz=record.acc_rate_hz,
        streams_off=tuple(record.streams_off.items()),
    )
