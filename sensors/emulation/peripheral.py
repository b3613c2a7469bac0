"""What every emulated wearable shares: power, advertising, connections and faults.

A subclass declares its GATT services and what it streams while connected. The faults a
test or a person can inflict (``drop_link``, ``silence``, ``send_garbage``,
``slow_connect``, ``set_battery``, ``switch_off``) are methods here, so every emulated
device can suffer them the same way.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Coroutine, Sequence
from typing import Any, ClassVar

from bumble import hci
from bumble.core import AdvertisingData
from bumble.device import Connection
from bumble.gatt import Characteristic, Service
from bumble.link import LocalLink

from sensors.emulation.attributes import Props, characteristic, read_only
from sensors.emulation.radio import new_device
from sensors.gatt import (
    BATTERY_LEVEL_UUID,
    BATTERY_SERVICE_UUID,
    DEVICE_INFORMATION_SERVICE_UUID,
    DEVICE_INFORMATION_UUIDS,
    encode_battery_level,
)

__all__ = ["ADVERTISING_INTERVAL_MS", "EmulatedPeripheral", "advertising_data"]

log = logging.getLogger(__name__)

# A connection completes only at the peripheral's next advertisement: advertise often.
ADVERTISING_INTERVAL_MS = 25.0

FLAGS_LE_GENERAL_NO_BR_EDR = bytes([0x06])


def advertising_data(name: str, service_uuids_16: Sequence[int]) -> bytes:
    """Flags, the complete local name and the 16-bit service list (must fit 31 bytes)."""
    structures = [
        (AdvertisingData.FLAGS, FLAGS_LE_GENERAL_NO_BR_EDR),
        (AdvertisingData.COMPLETE_LOCAL_NAME, name.encode()),
        (
            AdvertisingData.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
            b"".join(uuid.to_bytes(2, "little") for uuid in service_uuids_16),
        ),
    ]
    data = bytes(AdvertisingData(structures))
    if len(data) > 31:
        raise ValueError(f"advertising data for {name!r} is {len(data)} bytes; 31 fit")
    return data


def uuid_16_of(uuid: str) -> int:
    return int(uuid[4:8], 16)


class EmulatedPeripheral(abc.ABC):
    """One wearable: a Bumble device on the link with its own controller."""

    kind: ClassVar[str]

    def __init__(
        self,
        link: LocalLink,
        *,
        name: str,
        address: str,
        battery_percent: int = 87,
        device_information: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.address = address
        self.device = new_device(link, name, address)
        self.switched_on = False
        self.sent: Counter[str] = Counter()
        self.garbage_sent: Counter[str] = Counter()
        self._battery_percent = battery_percent
        self._connection: Connection | None = None
        self._stream_tasks: set[asyncio.Task[None]] = set()
        self._other_tasks: set[asyncio.Task[None]] = set()
        self._silent_until_s = 0.0
        self._off_air_s = 0.0
        self._advertise_later: asyncio.TimerHandle | None = None
        self._advertising_wanted = False
        self.battery_level = characteristic(
            BATTERY_LEVEL_UUID,
            self.battery_properties(),
            read=lambda _connection: encode_battery_level(self._battery_percent),
        )
        information = [
            read_only(DEVICE_INFORMATION_UUIDS[key], value.encode())
            for key, value in (device_information or {}).items()
        ]
        services = [*self.services(), Service(BATTERY_SERVICE_UUID, [self.battery_level])]
        if information:
            services.append(Service(DEVICE_INFORMATION_SERVICE_UUID, information))
        self.device.add_services(services)
        self.device.on("connection", self._on_connection)

    # -- what a subclass provides -------------------------------------------------------

    @abc.abstractmethod
    def services(self) -> list[Service]:
        """The device's own GATT services (battery and device information are added)."""

    @abc.abstractmethod
    def advertised_services_16(self) -> tuple[int, ...]:
        """16-bit service UUIDs put in the advertisement."""

    @abc.abstractmethod
    def garbage(self) -> dict[str, tuple[Characteristic[bytes], bytes]]:
        """For each notifying stream: its characteristic and a payload no parser accepts."""

    def battery_properties(self) -> Characteristic.Properties:
        return Props.READ

    def on_connected(self, connection: Connection) -> None:  # noqa: B027 (optional hook)
        """Start what streams from the moment of connection (heart rate)."""

    def on_disconnected(self) -> None:  # noqa: B027 (optional hook)
        """Forget per-connection state (a started measurement)."""

    # -- power and advertising ----------------------------------------------------------

    async def switch_on(self) -> None:
        """Power on and start advertising (a device may be switched on late)."""
        if self.switched_on:
            return
        await self.device.power_on()
        self.switched_on = True
        self._advertising_wanted = True
        await self._start_advertising()

    async def switch_off(self) -> None:
        """Stop everything: as if the strap were taken off and its battery pulled."""
        if not self.switched_on:
            return
        self.switched_on = False
        self._advertising_wanted = False
        self._cancel_advertise_later()
        if self._connection is not None:
            await self._disconnect(hci.HCI_ErrorCode.CONNECTION_TIMEOUT_ERROR)
        with contextlib.suppress(Exception):
            await self.device.stop_advertising()
        for task in list(self._other_tasks):
            task.cancel()

    @property
    def connected(self) -> bool:
        return self._connection is not None

    async def _start_advertising(self) -> None:
        if not (self.switched_on and self._advertising_wanted) or self.connected:
            return
        await self.device.start_advertising(
            advertising_data=advertising_data(self.name, self.advertised_services_16()),
            advertising_interval_min=ADVERTISING_INTERVAL_MS,
            advertising_interval_max=ADVERTISING_INTERVAL_MS,
            auto_restart=False,
        )

    def _advertise_after(self, delay_s: float) -> None:
        self._cancel_advertise_later()
        loop = asyncio.get_running_loop()
        self._advertise_later = loop.call_later(
            delay_s, lambda: self._spawn(self._start_advertising())
        )

    def _cancel_advertise_later(self) -> None:
        if self._advertise_later is not None:
            self._advertise_later.cancel()
            self._advertise_later = None

    # -- connections --------------------------------------------------------------------

    def _on_connection(self, connection: Connection) -> None:
        self._connection = connection
        connection.on("disconnection", self._on_disconnection)
        self.on_connected(connection)

    def _on_disconnection(self, reason: int) -> None:
        self._connection = None
        for task in list(self._stream_tasks):
            task.cancel()
        self.on_disconnected()
        delay_s, self._off_air_s = self._off_air_s, 0.0
        if self.switched_on:
            self._advertise_after(delay_s)

    async def _disconnect(self, reason: int) -> None:
        connection = self._connection
        if connection is None:
            return
        with contextlib.suppress(Exception):
            await connection.disconnect(reason=reason)

    def stream(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run a coroutine for as long as the current connection lasts."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._stream_tasks.add(task)
        task.add_done_callback(self._stream_tasks.discard)
        task.add_done_callback(log_failure)
        return task

    def run(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run a coroutine whatever the connections do, until the device is switched off."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._other_tasks.add(task)
        task.add_done_callback(self._other_tasks.discard)
        task.add_done_callback(log_failure)
        return task

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        self.run(coroutine)

    async def notify(self, stream: str, attribute: Characteristic[bytes], value: bytes) -> bool:
        """Notify the connected central (if it subscribed); False when nothing went out."""
        connection = self._connection
        if connection is None or self.silent or not self.subscribed(connection, attribute):
            return False
        await self.device.notify_subscriber(connection, attribute, value)
        self.sent[stream] += 1
        return True

    def subscribed(
        self, connection: Connection, attribute: Characteristic[bytes], *, indicate: bool = False
    ) -> bool:
        """Whether the central enabled notifications (or indications) on ``attribute``."""
        cccd = self.device.gatt_server.subscribers.get(connection, {}).get(attribute.handle)
        bit = 0x02 if indicate else 0x01
        return cccd is not None and len(cccd) > 0 and bool(cccd[0] & bit)

    @property
    def silent(self) -> bool:
        return asyncio.get_running_loop().time() < self._silent_until_s

    # -- faults -------------------------------------------------------------------------

    async def drop_link(self, off_air_s: float = 0.0) -> None:
        """Lose the link (supervision timeout) and stay off the air for ``off_air_s``."""
        if self._connection is None:
            if off_air_s > 0 and self.switched_on:
                await self._go_quiet(off_air_s)
            return
        self._off_air_s = off_air_s
        await self._disconnect(hci.HCI_ErrorCode.CONNECTION_TIMEOUT_ERROR)

    def silence(self, seconds: float) -> None:
        """Stay connected but send nothing for ``seconds`` (what is measured meanwhile is lost)."""
        self._silent_until_s = asyncio.get_running_loop().time() + seconds

    async def send_garbage(self, count: int = 1) -> int:
        """Send ``count`` malformed packets on every notifying stream; how many went out."""
        went_out = 0
        for stream, (attribute, payload) in self.garbage().items():
            for _ in range(count):
                if await self.notify(stream + "-garbage", attribute, payload):
                    self.garbage_sent[stream] += 1
                    went_out += 1
        return went_out

    async def slow_connect(self, delay_s: float) -> None:
        """The next connection takes about ``delay_s``: the device goes quiet on the air."""
        if self.connected:
            self._off_air_s = max(self._off_air_s, delay_s)
        elif self.switched_on:
            await self._go_quiet(delay_s)

    async def _go_quiet(self, seconds: float) -> None:
        """Stop advertising for a while (nobody can find or reach the device)."""
        with contextlib.suppress(Exception):
            await self.device.stop_advertising()
        self._advertise_after(seconds)

    async def set_battery(self, percent: int) -> None:
        """Change the battery level (and notify it where the device supports that)."""
        encode_battery_level(percent)  # refuse impossible levels early
        self._battery_percent = percent
        if self.battery_properties() & Props.NOTIFY:
            await self.notify("battery", self.battery_level, encode_battery_level(percent))

    @property
    def battery_percent(self) -> int:
        return self._battery_percent


def log_failure(task: asyncio.Task[None]) -> None:
    """A done callback for an emulated device's own task: its failure is logged, not lost."""
    if not task.cancelled() and task.exception() is not None:
        log.error("emulated device task failed", exc_info=task.exception())
