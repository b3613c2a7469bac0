"""Scanning: which supported wearables are in range, recognised from their advertisements.

A device is recognised by ``sensors.profiles.match`` from its advertised name and service
UUIDs (a Polar H10 by its name, any strap by the Heart Rate service); others are ignored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sensors.backend import bluetooth_unavailable
from sensors.profiles import match
from sensors.transport import Transport

if TYPE_CHECKING:
    from bleak.backends.device import BLEDevice
    from bleak.backends.scanner import AdvertisementData

__all__ = ["FoundDevice", "recognise", "scan"]


@dataclass(frozen=True, slots=True)
class FoundDevice:
    """A supported device heard advertising (the strongest signal seen during the scan)."""

    address: str
    name: str | None
    kind: str  # a profile kind: "polar-h10", "generic-hr", ...
    label: str  # what a person calls that kind
    rssi_dbm: int
    # What bleak needs to connect to it (BlueZ wants the scanned device, not just an address).
    ble_device: Any = field(default=None, compare=False, repr=False)


def recognise(device: BLEDevice, advertisement: AdvertisementData) -> FoundDevice | None:
    """The supported device behind an advertisement, or None."""
    name = advertisement.local_name or device.name
    profile = match(name, advertisement.service_uuids)
    if profile is None:
        return None
    return FoundDevice(
        address=device.address,
        name=name,
        kind=profile.kind,
        label=profile.label,
        rssi_dbm=advertisement.rssi,
        ble_device=device,
    )


async def scan(
    transport: Transport,
    timeout_s: float = 5.0,
    *,
    on_found: Callable[[FoundDevice], None] | None = None,
) -> list[FoundDevice]:
    """Listen for ``timeout_s``; the supported devices heard, strongest first.

    ``on_found`` is called the first time each device is heard (for a progress display).
    Raises ``BluetoothUnavailable`` when there is no Bluetooth to scan with.
    """
    from bleak import BleakScanner

    found: dict[str, FoundDevice] = {}

    def heard(device: BLEDevice, advertisement: AdvertisementData) -> None:
        seen = recognise(device, advertisement)
        if seen is None:
            return
        previous = found.get(seen.address)
        if previous is None or seen.rssi_dbm > previous.rssi_dbm or previous.name is None:
            found[seen.address] = seen
        if previous is None and on_found is not None:
            on_found(seen)

    scanner = BleakScanner(heard, **transport.scanner_kwargs())
    try:
        await scanner.start()
    except Exception as error:
        unavailable = bluetooth_unavailable(error)
        if unavailable is not None:
            raise unavailable from None
        raise
    try:
        await asyncio.sleep(timeout_s)
    finally:
        try:
            await scanner.stop()
        except Exception as error:  # the adapter vanished mid-scan
            if bluetooth_unavailable(error) is None:
                raise
    return sorted(found.values(), key=lambda d: (-d.rssi_dbm, d.kind, d.address))
