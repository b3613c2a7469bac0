"""What the sensor hub reports (``HubEvent``: readings, device states, gaps, streams that
stop and resume), its per-device counters and its settings: plain values the app reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from sensors.readings import Reading

DeviceState = Literal["connecting", "connected", "reconnecting", "disconnected", "gone"]


@dataclass(frozen=True, slots=True)
class DeviceStateChanged:
    """A device's connection changed. ``reason`` says why when it was not our doing."""

    device: str  # address
    name: str | None
    kind: str
    state: DeviceState
    reason: str
    t_s: float  # host monotonic


@dataclass(frozen=True, slots=True)
class Gap:
    """No data came from a device between ``start_s`` and ``end_s`` (host monotonic)."""

    device: str
    start_s: float
    end_s: float
    reason: str

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class DeviceInformation:
    """What a device's Device Information service says (manufacturer, model, firmware...)."""

    device: str
    t_s: float
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class SensorsUnavailable:
    """There is no Bluetooth to use; ``reason`` is one line for a person."""

    reason: str
    t_s: float


@dataclass(frozen=True, slots=True)
class StreamStopped:
    """A stream of a device that stays connected is off: it would not start, the device
    stopped it, or it fell silent (heart rate goes on).

    ``reason`` says why, for a person; ``retrying``: the hub keeps trying to start it on this
    connection (otherwise it tries again only on the next one). ``line`` says all of it.
    """

    device: str
    name: str | None
    stream: str  # "acc"
    label: str  # what a person calls the stream: "motion"
    reason: str
    retrying: bool
    t_s: float  # host monotonic

    @property
    def line(self) -> str:
        """E.g. "Polar H10 1A2B3C4D: motion is off (it is on its charger); trying again"."""
        then = "; trying again" if self.retrying else ""
        return f"{self.name or self.device}: {self.label} is off ({self.reason}){then}"


@dataclass(frozen=True, slots=True)
class StreamResumed:
    """A stream reported off flows again."""

    device: str
    name: str | None
    stream: str
    label: str
    t_s: float

    @property
    def line(self) -> str:
        return f"{self.name or self.device}: {self.label} is back"


HubEvent = (
    Reading
    | DeviceStateChanged
    | Gap
    | DeviceInformation
    | SensorsUnavailable
    | StreamStopped
    | StreamResumed
)


@dataclass(frozen=True, slots=True)
class DeviceCounters:
    """Per device, per stream: notifications received and those that would not parse."""

    device: str
    name: str | None
    kind: str
    state: DeviceState
    packets: Mapping[str, int]
    malformed: Mapping[str, int]
    gaps: int
    reconnects: int


@dataclass(frozen=True, slots=True)
class HubSettings:
    connect_timeout_s: float = 10.0
    response_timeout_s: float = 5.0  # a control-point answer to a start or a stop
    # No data at all this long while connected: reconnect. A measurement silent this long
    # while other data flows: restart it.
    silence_timeout_s: float = 5.0
    gap_after_s: float = 2.5  # data resuming after this long is reported as a gap
    backoff_first_s: float = 0.5
    backoff_max_s: float = 30.0
    give_up_after_s: float | None = None  # None: keep trying for as long as the hub runs
    battery_poll_s: float = 60.0  # re-read batteries that cannot notify
    stop_timeout_s: float = 3.0  # to stop streams and disconnect politely when stopping
    # A measurement refused for a while (a strap on its charger) is asked again after this,
    # doubling up to the maximum.
    stream_retry_first_s: float = 2.0
    stream_retry_max_s: float = 60.0
    # Not heard this long since a scan or a connection: connect by address, not by the
    # scanned object (BlueZ's TemporaryTimeout, 30 s by default, forgets unpaired devices).
    forget_after_s: float = 20.0
