"""What a device profile is: what to subscribe to, what to write, and how to decode.

A profile is pure description plus a decoder factory; the transport (the hub) does the I/O.
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
    "Decoder",
    "HeartRateDecoder",
    "Profile",
    "Setup",
    "Subscription",
    "normalise_uuid",
]


@dataclass(frozen=True, slots=True)
class Setup:
    """A write to make after subscribing (or before a disconnect we asked for)."""

    characteristic_uuid: str
    data: bytes
    # When set, wait for an indication on this characteristic and check that it says OK
    # (for PMD: a ControlResponse whose ``ok`` is true).
    expect_response_from: str | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    stream: str  # "hr", "acc", "battery", "pmd-control"
    characteristic_uuid: str
    optional: bool = False  # subscribe only if the device has it (battery on many straps)


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

    def setup(self) -> tuple[Setup, ...]:
        return ()

    def teardown(self) -> tuple[Setup, ...]:
        return ()

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
