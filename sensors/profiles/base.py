"""What a device profile is: what to subscribe to, what to start, and how to decode.

A profile is pure description plus a decoder factory; the transport (the hub) does the I/O.
A device's own streams (heart rate, battery) come by subscribing. A ``Measurement`` is a
stream the device sends only while asked to (Polar's accelerometer): it is started by a
write that the device answers, and it may fail on its own while the device's own streams
go on, so the profile also reads those answers (``read_control``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from sensors.errors import PayloadError
from sensors.gatt import parse_battery_level, parse_heart_rate
from sensors.readings import BatteryReading, HeartRateReading, Reading

__all__ = [
    "ControlAnswer",
    "ControlMessage",
    "Decoder",
    "HeartRateDecoder",
    "Measurement",
    "MeasurementsHalted",
    "Profile",
    "Subscription",
    "normalise_uuid",
]


@dataclass(frozen=True, slots=True)
class Subscription:
    stream: str  # "hr", "acc", "battery", "pmd-control"
    characteristic_uuid: str
    optional: bool = False  # subscribe only if the device has it (battery on many straps)


@dataclass(frozen=True, slots=True)
class Measurement:
    """A stream the device sends only while asked to (a Polar's accelerometer, over PMD).

    The hub subscribes to ``control`` (where the device answers) and ``data``, writes
    ``start`` to the control characteristic and waits for the answer. It writes ``stop``
    before any disconnect it makes while the link is up, and to restart a stream that died.
    """

    stream: str  # the stream its data feeds: "acc"
    label: str  # what a person calls it: "motion"
    control: Subscription
    data: Subscription
    start: bytes
    stop: bytes


@dataclass(frozen=True, slots=True)
class ControlAnswer:
    """A device's answer to a start or a stop, as its profile reads it."""

    ok: bool
    already_running: bool = False  # a start refused because the measurement runs already
    lasting: bool = False  # refused for good: asking again on this connection will not help
    mtu_too_small: bool = False  # refused because the link's packets are too small
    why: str = ""  # why not, for a person: "it is on its charger"


@dataclass(frozen=True, slots=True)
class MeasurementsHalted:
    """The device says it stopped these streams by itself."""

    streams: tuple[str, ...]


ControlMessage = ControlAnswer | MeasurementsHalted


class Decoder(Protocol):
    """Turns one connection's notifications into readings; may hold state (a DeviceClock)."""

    def decode(self, stream: str, data: bytes, received_host_s: float) -> list[Reading]:
        """Readings in ``data`` from ``stream``; raises PayloadError for a bad payload."""
        ...


@dataclass(frozen=True)
class Profile(ABC):
    kind: str  # "generic-hr", "polar-h10", ...
    label: str  # what a person calls it
    streams: tuple[str, ...]  # what it can give: "hr", "rr", "acc", "battery"
    acc_rate_hz: int | None = None
    # Higher is tried first, so a Polar H10 is not taken for a generic strap.
    specificity: int = 0

    @abstractmethod
    def matches(self, name: str | None, service_uuids: Collection[str]) -> bool: ...

    @abstractmethod
    def subscriptions(self) -> tuple[Subscription, ...]: ...

    def measurements(self) -> tuple[Measurement, ...]:
        """The streams to start after subscribing (none for a plain heart-rate strap)."""
        return ()

    def read_control(self, data: bytes) -> ControlMessage:
        """What an indication on a measurement's control characteristic says.

        Raises PayloadError for bytes that say nothing readable.
        """
        raise PayloadError(f"{self.label} has no control characteristic")

    @abstractmethod
    def new_decoder(self, device: str) -> Decoder: ...


def normalise_uuid(uuid: str) -> str:
    """Lowercase 128-bit form; 16-bit SIG short forms ("180d", "0x180D") are expanded."""
    text = uuid.strip().lower().removeprefix("0x")
    if len(text) == 4:
        return f"0000{text}-0000-1000-8000-00805f9b34fb"
    return text


class HeartRateDecoder:
    """The standard streams: Heart Rate Measurement and Battery Level."""

    def __init__(self, device: str) -> None:
        self.device = device

    def decode(self, stream: str, data: bytes, received_host_s: float) -> list[Reading]:
        if stream == "hr":
            m = parse_heart_rate(data)
            return [
                HeartRateReading(
                    device=self.device,
                    t_s=received_host_s,
                    heart_rate_bpm=m.heart_rate_bpm,
                    rr_intervals_ms=m.rr_intervals_ms,
                    contact_detected=m.contact_detected,
                    energy_expended_kj=m.energy_expended_kj,
                )
            ]
        if stream == "battery":
            return [BatteryReading(self.device, received_host_s, parse_battery_level(data))]
        raise PayloadError(f"no decoder for stream '{stream}'")
