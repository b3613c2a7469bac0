"""A bleak backend on Bumble: the app's Bluetooth adapter, emulated.

``BumbleCentral`` is one Bumble device in the central role: on the emulated devices'
in-process link, or on an HCI reached through a Bumble transport (``tcp-client:HOST:PORT``
for an emulator in another process; a USB or serial controller would work the same way).
Its ``scanner_backend`` and ``client_backend`` are classes bleak accepts as ``backend=``,
so application code stays plain bleak::

    BleakScanner(callback, backend=central.scanner_backend)
    BleakClient(device, backend=central.client_backend)

Advertising, connection, MTU exchange, discovery, CCCD writes, notifications, indications,
pairing and link loss are all real protocol events on the way. What bleak expects and
Bumble does differently is bridged here: the MTU is requested (517) as BlueZ does, a
missing CCCD is an error, ATT errors become ``BleakGATTProtocolError``, requests cut short
by a link drop raise ``BleakError``, and the disconnect callback is scheduled, never run
inside Bumble's packet dispatch.

The central also behaves as BlueZ does where lumbar must cope with it: it forgets a device
object a scan gave once the device has gone unheard and unpaired for ``forget_after_s``
(BlueZ's ``TemporaryTimeout``, 30 s), so a connect with that old object fails as bleak's
BlueZ backend fails (``org.freedesktop.DBus.Error.UnknownObject``) while a connect by
address still works; and it encrypts the link to a device it has paired with, by itself,
as an operating system does for a bonded device.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar, cast

from bleak.assigned_numbers import CharacteristicPropertyName
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import (
    AdvertisementData,
    AdvertisementDataCallback,
    BaseBleakScanner,
)
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakDBusError, BleakError, BleakGATTProtocolError
from bumble import att, core, hci
from bumble.core import AdvertisingData
from bumble.device import Advertisement, Connection, Device
from bumble.gatt import Characteristic
from bumble.gatt_client import CharacteristicProxy
from bumble.link import LocalLink
from bumble.transport import open_transport

from sensors.emulation.radio import new_device

__all__ = ["BumbleCentral", "BumbleClient", "BumbleScanner", "advertisement_data"]

CENTRAL_ADDRESS = "C2:00:00:00:00:01"
REQUESTED_MTU = 517  # what BlueZ and CoreBluetooth ask for
BLUEZ_TEMPORARY_TIMEOUT_S = 30.0  # /etc/bluetooth/main.conf, TemporaryTimeout
UNKNOWN_OBJECT = "org.freedesktop.DBus.Error.UnknownObject"
DEFAULT_ATT_MTU = 23
CCCD_UUID = "00002902-0000-1000-8000-00805f9b34fb"

_T = TypeVar("_T")

_PROPERTY_NAMES: dict[Characteristic.Properties, CharacteristicPropertyName] = {
    Characteristic.Properties.BROADCAST: "broadcast",
    Characteristic.Properties.READ: "read",
    Characteristic.Properties.WRITE_WITHOUT_RESPONSE: "write-without-response",
    Characteristic.Properties.WRITE: "write",
    Characteristic.Properties.NOTIFY: "notify",
    Characteristic.Properties.INDICATE: "indicate",
    Characteristic.Properties.AUTHENTICATED_SIGNED_WRITES: "authenticated-signed-writes",
    Characteristic.Properties.EXTENDED_PROPERTIES: "extended-properties",
}
_UUID_LISTS = {
    AdvertisingData.INCOMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS: 2,
    AdvertisingData.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS: 2,
    AdvertisingData.INCOMPLETE_LIST_OF_32_BIT_SERVICE_CLASS_UUIDS: 4,
    AdvertisingData.COMPLETE_LIST_OF_32_BIT_SERVICE_CLASS_UUIDS: 4,
    AdvertisingData.INCOMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS: 16,
    AdvertisingData.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS: 16,
}
_SERVICE_DATA = {
    AdvertisingData.SERVICE_DATA_16_BIT_UUID: 2,
    AdvertisingData.SERVICE_DATA_32_BIT_UUID: 4,
    AdvertisingData.SERVICE_DATA_128_BIT_UUID: 16,
}
_COMPANY_ID = struct.Struct("<H")
_TX_POWER = struct.Struct("<b")


def uuid_text(little_endian: bytes) -> str:
    """A UUID from advertising or ATT bytes as bleak writes it: lowercase, 128-bit."""
    if len(little_endian) == 2:
        return f"0000{int.from_bytes(little_endian, 'little'):04x}-0000-1000-8000-00805f9b34fb"
    if len(little_endian) == 4:
        return f"{int.from_bytes(little_endian, 'little'):08x}-0000-1000-8000-00805f9b34fb"
    return str(uuid.UUID(bytes=bytes(reversed(little_endian))))


def _bumble_uuid_text(value: core.UUID) -> str:
    return uuid_text(value.to_bytes())


def advertisement_data(advertisement: Advertisement) -> AdvertisementData:
    """bleak's view of one Bumble advertisement report.

    The virtual controller reports each advertisement twice (as advertising and as scan
    response data, joined by Bumble), so repeated UUIDs are dropped.
    """
    name: str | None = None
    service_uuids: list[str] = []
    service_data: dict[str, bytes] = {}
    manufacturer_data: dict[int, bytes] = {}
    tx_power: int | None = None
    for ad_type, value in advertisement.data.ad_structures:
        if ad_type in (AdvertisingData.COMPLETE_LOCAL_NAME, AdvertisingData.SHORTENED_LOCAL_NAME):
            if name is None or ad_type == AdvertisingData.COMPLETE_LOCAL_NAME:
                name = value.decode("utf-8", errors="replace")
        elif ad_type in _UUID_LISTS:
            size = _UUID_LISTS[ad_type]
            for start in range(0, len(value) - size + 1, size):
                text = uuid_text(value[start : start + size])
                if text not in service_uuids:
                    service_uuids.append(text)
        elif ad_type in _SERVICE_DATA and len(value) >= _SERVICE_DATA[ad_type]:
            size = _SERVICE_DATA[ad_type]
            service_data[uuid_text(value[:size])] = bytes(value[size:])
        elif ad_type == AdvertisingData.MANUFACTURER_SPECIFIC_DATA and len(value) >= 2:
            (company,) = _COMPANY_ID.unpack_from(value)
            manufacturer_data[company] = bytes(value[2:])
        elif ad_type == AdvertisingData.TX_POWER_LEVEL and value:
            (tx_power,) = _TX_POWER.unpack_from(value)
    return AdvertisementData(
        local_name=name,
        manufacturer_data=manufacturer_data,
        service_data=service_data,
        service_uuids=service_uuids,
        tx_power=tx_power,
        rssi=advertisement.rssi,
        platform_data=(advertisement,),
    )


AdvertisementListener = Callable[[Advertisement], None]


class BumbleCentral:
    """One emulated adapter: scanning shared by every scanner, one connect at a time."""

    def __init__(
        self,
        device: Device,
        on_close: Callable[[], Awaitable[None]] | None = None,
        *,
        forget_after_s: float = BLUEZ_TEMPORARY_TIMEOUT_S,
    ):
        self.device = device
        self.lost: str | None = None  # why the adapter went away, when it did
        self.forget_after_s = forget_after_s
        self.bonded: set[str] = set()  # addresses paired with: their links are encrypted
        self._seen_s: dict[str, float] = {}  # last heard, connected or disconnected
        self._on_close = on_close
        self._listeners: list[AdvertisementListener] = []
        self._scan_lock = asyncio.Lock()
        self._connect_lock = asyncio.Lock()
        self._clients: set[BumbleClient] = set()
        device.on("advertisement", self._on_advertisement)
        self.scanner_backend: type[BumbleScanner] = cast(
            "type[BumbleScanner]", type("BumbleScanner", (BumbleScanner,), {"central": self})
        )
        self.client_backend: type[BumbleClient] = cast(
            "type[BumbleClient]", type("BumbleClient", (BumbleClient,), {"central": self})
        )

    @classmethod
    async def on_link(
        cls,
        link: LocalLink,
        address: str = CENTRAL_ADDRESS,
        *,
        forget_after_s: float = BLUEZ_TEMPORARY_TIMEOUT_S,
    ) -> BumbleCentral:
        """A central on the in-process link the emulated devices use."""
        device = new_device(link, "lumbar", address)
        await device.power_on()
        return cls(device, forget_after_s=forget_after_s)

    @classmethod
    async def over_transport(cls, spec: str, address: str = CENTRAL_ADDRESS) -> BumbleCentral:
        """A central on the HCI behind a Bumble transport spec (``tcp-client:HOST:PORT``)."""
        transport = await open_transport(spec)
        _no_delay(transport)
        device = Device.with_hci("lumbar", hci.Address(address), transport.source, transport.sink)

        async def close_transport() -> None:
            await transport.close()

        central = cls(device, close_transport)
        try:
            await device.power_on()
        except BaseException:
            await transport.close()
            raise
        terminated: asyncio.Future[None] = transport.source.terminated
        terminated.add_done_callback(lambda _future: central.adapter_lost(f"{spec} closed"))
        return central

    async def close(self) -> None:
        for client in list(self._clients):
            with contextlib.suppress(BleakError, TimeoutError):
                await client.disconnect()
        if self._on_close is not None:
            await self._on_close()

    def adapter_lost(self, reason: str) -> None:
        """The HCI went away: every link is lost with it."""
        if self.lost is not None:
            return
        self.lost = reason
        for client in list(self._clients):
            client.link_lost()

    # -- scanning, shared ---------------------------------------------------------------

    async def start_scanning(self, listener: AdvertisementListener) -> None:
        self._check_present()
        async with self._scan_lock:
            self._listeners.append(listener)
            if not self.device.is_scanning:
                await self.device.start_scanning(filter_duplicates=False)

    async def stop_scanning(self, listener: AdvertisementListener) -> None:
        async with self._scan_lock:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)
            if not self._listeners and self.device.is_scanning and self.lost is None:
                await self.device.stop_scanning()

    def _on_advertisement(self, advertisement: Advertisement) -> None:
        self.seen(str(advertisement.address))
        for listener in list(self._listeners):
            listener(advertisement)

    # -- what it remembers of devices, as BlueZ does ------------------------------------

    def seen(self, address: str) -> None:
        self._seen_s[address.upper()] = asyncio.get_running_loop().time()

    def knows(self, address: str) -> bool:
        """Whether the device object of an earlier scan still exists: heard, connected or
        disconnected within ``forget_after_s``, or paired (BlueZ keeps bonded devices)."""
        address = address.upper()
        if address in self.bonded:
            return True
        seen_s = self._seen_s.get(address)
        now = asyncio.get_running_loop().time()
        return seen_s is not None and now - seen_s <= self.forget_after_s

    # -- connecting, one at a time ------------------------------------------------------

    async def connect(self, address: str, timeout_s: float, *, scanned: bool) -> Connection:
        """Connect when the device next advertises. ``scanned``: the app passed the device
        object of a scan, which fails as in bleak's BlueZ backend once it is forgotten."""
        self._check_present()
        if scanned and not self.knows(address):
            raise BleakDBusError(
                UNKNOWN_OBJECT,
                [f'Method "Connect" on interface "org.bluez.Device1" doesn\'t exist ({address})'],
            )
        peer = hci.Address.from_string_for_transport(address, core.PhysicalTransport.LE)
        async with self._connect_lock:
            try:
                return await self.device.connect_le(peer, timeout=timeout_s)
            except core.TimeoutError:
                raise TimeoutError(f"{address} did not answer within {timeout_s:g} s") from None
            except core.ConnectionError as error:
                raise BleakError(f"could not connect to {address}: {error}") from None
            except asyncio.CancelledError:
                # Bumble leaves the controller's connection attempt running when the waiting
                # task is cancelled; stop it, or every later connect would be refused.
                await asyncio.shield(self._abandon_connect(peer))
                raise

    async def _abandon_connect(self, peer: hci.Address) -> None:
        with contextlib.suppress(hci.HCI_Error, core.BaseBumbleError):
            await self.device.send_sync_command(hci.HCI_LE_Create_Connection_Cancel_Command())
        # The connection may have completed just before the cancel reached the controller.
        await asyncio.sleep(0)
        connection = self.device.find_connection_by_bd_addr(peer)
        if connection is not None:
            with contextlib.suppress(hci.HCI_Error, core.BaseBumbleError):
                await connection.disconnect()

    def _check_present(self) -> None:
        if self.lost is not None:
            raise BleakError(f"the emulated adapter is gone ({self.lost})")

    def track(self, client: BumbleClient, connected: bool) -> None:
        self.seen(client.address)
        if connected:
            self._clients.add(client)
        else:
            self._clients.discard(client)


def _no_delay(transport: Any) -> None:
    """Send small HCI packets at once over TCP (Nagle would hold them back tens of ms)."""
    stream = getattr(transport.sink, "transport", None)
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class BumbleScanner(BaseBleakScanner):
    """bleak scanner backend: advertisements heard by a ``BumbleCentral``."""

    central: ClassVar[BumbleCentral]

    def __init__(
        self,
        detection_callback: AdvertisementDataCallback | None,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self._scanning = False

    async def start(self) -> None:
        self.seen_devices = {}
        await self.central.start_scanning(self._on_advertisement)
        self._scanning = True

    async def stop(self) -> None:
        if self._scanning:
            self._scanning = False
            await self.central.stop_scanning(self._on_advertisement)

    def _on_advertisement(self, advertisement: Advertisement) -> None:
        data = advertisement_data(advertisement)
        if not self.is_allowed_uuid(data.service_uuids):
            return
        address = str(advertisement.address)
        device = self.create_or_update_device(address, address, data.local_name, self.central, data)
        self.call_detection_callbacks(device, data)


class BumbleClient(BaseBleakClient):
    """bleak client backend: a GATT client over a ``BumbleCentral`` connection."""

    central: ClassVar[BumbleCentral]

    def __init__(
        self,
        address_or_ble_device: BLEDevice | str,
        *,
        disconnected_callback: Callable[[], None] | None,
        timeout: float,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            address_or_ble_device, disconnected_callback=disconnected_callback, timeout=timeout
        )
        self._name = (
            address_or_ble_device.name if isinstance(address_or_ble_device, BLEDevice) else None
        )
        self._scanned = isinstance(address_or_ble_device, BLEDevice)
        self._connection: Connection | None = None
        self._asked_to_disconnect = False
        self._subscribers: dict[int, Callable[[bytes], None]] = {}

    # -- connection ---------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._name or self.address.replace(":", "-")

    @property
    def mtu_size(self) -> int:
        return int(self._connection.att_mtu) if self._connection else DEFAULT_ATT_MTU

    @property
    def is_connected(self) -> bool:
        return self._connection is not None

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        if self._connection is not None:
            return
        connection = await self.central.connect(self.address, self._timeout, scanned=self._scanned)
        self._connection = connection
        self._asked_to_disconnect = False
        self.central.track(self, True)
        connection.on("disconnection", self._on_disconnection)
        try:
            if self.address.upper() in self.central.bonded:
                await self._encrypt(connection)
            await self._guard(connection.gatt_client.request_mtu(REQUESTED_MTU))
            self.services = await self._guard(self._discover(connection))
        except BaseException:
            with contextlib.suppress(BleakError, TimeoutError):
                await asyncio.shield(self.disconnect())
            raise

    async def disconnect(self) -> None:
        connection = self._connection
        if connection is None:
            return
        self._asked_to_disconnect = True
        with contextlib.suppress(hci.HCI_Error, core.BaseBumbleError):
            await connection.disconnect()
        self._forget()

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        """Pair (Just Works), as bleak's BlueZ and WinRT backends do; ``BleakError`` when
        the device turns it down."""
        if self._connection is None:
            raise BleakError("Not connected")
        await self._encrypt(self._connection)
        self.central.bonded.add(self.address.upper())

    async def unpair(self) -> None:
        self.central.bonded.discard(self.address.upper())

    async def _encrypt(self, connection: Connection) -> None:
        try:
            await self._guard(connection.pair())
        except core.ProtocolError as error:
            raise BleakError(
                f"{self.address}: pairing failed ({getattr(error, 'error_name', error)})"
            ) from None

    def _on_disconnection(self, reason: int) -> None:
        if self._connection is None:
            return
        self._forget()
        if not self._asked_to_disconnect and self._disconnected_callback is not None:
            # Bumble calls this inside its packet dispatch; let it finish first.
            asyncio.get_running_loop().call_soon(self._disconnected_callback)

    def link_lost(self) -> None:
        """The adapter underneath vanished: as good as a link loss."""
        self._on_disconnection(hci.HCI_ErrorCode.CONNECTION_TIMEOUT_ERROR)

    def _forget(self) -> None:
        self._connection = None
        self._subscribers.clear()
        self.central.track(self, False)

    async def _discover(self, connection: Connection) -> BleakGATTServiceCollection:
        collection = BleakGATTServiceCollection()
        gatt = connection.gatt_client
        for service in await gatt.discover_services():
            bleak_service = BleakGATTService(
                service, service.handle, _bumble_uuid_text(service.uuid)
            )
            collection.add_service(bleak_service)
            for proxy in await service.discover_characteristics():
                characteristic = BleakGATTCharacteristic(
                    proxy,
                    proxy.handle,
                    _bumble_uuid_text(proxy.uuid),
                    [name for flag, name in _PROPERTY_NAMES.items() if proxy.properties & flag],
                    lambda: self.mtu_size - 3,
                    bleak_service,
                )
                collection.add_characteristic(characteristic)
                for descriptor in await proxy.discover_descriptors():
                    collection.add_descriptor(
                        BleakGATTDescriptor(
                            descriptor,
                            descriptor.handle,
                            _bumble_uuid_text(descriptor.type),
                            characteristic,
                        )
                    )
        return collection

    # -- I/O ----------------------------------------------------------------------------

    async def read_gatt_char(
        self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        gatt = self._gatt()
        if use_cached and characteristic.handle in gatt.cached_values:
            return bytearray(gatt.cached_values[characteristic.handle][1])
        return bytearray(await self._guard(gatt.read_value(characteristic.handle)))

    async def read_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        gatt = self._gatt()
        if use_cached and descriptor.handle in gatt.cached_values:
            return bytearray(gatt.cached_values[descriptor.handle][1])
        return bytearray(await self._guard(gatt.read_value(descriptor.handle)))

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: Any, response: bool
    ) -> None:
        await self._guard(
            self._gatt().write_value(characteristic.handle, bytes(data), with_response=response)
        )

    async def write_gatt_descriptor(self, descriptor: BleakGATTDescriptor, data: Any) -> None:
        await self._guard(
            self._gatt().write_value(descriptor.handle, bytes(data), with_response=True)
        )

    async def start_notify(
        self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kwargs: Any
    ) -> None:
        gatt = self._gatt()
        if characteristic.get_descriptor(CCCD_UUID) is None:
            # Bumble would only log a warning and deliver nothing.
            raise BleakError(
                f"characteristic {characteristic.uuid} has no CCCD: it cannot notify or indicate"
            )
        proxy = cast(CharacteristicProxy[bytes], characteristic.obj)

        def deliver(value: bytes) -> None:
            callback(bytearray(value))

        self._subscribers[characteristic.handle] = deliver
        try:
            await self._guard(gatt.subscribe(proxy, deliver, prefer_notify=True))
        except BaseException:
            self._subscribers.pop(characteristic.handle, None)
            raise

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        gatt = self._gatt()
        subscriber = self._subscribers.pop(characteristic.handle, None)
        proxy = cast(CharacteristicProxy[bytes], characteristic.obj)
        await self._guard(gatt.unsubscribe(proxy, subscriber))

    def _gatt(self) -> Any:
        if self._connection is None:
            raise BleakError("Not connected")
        return self._connection.gatt_client

    async def _guard(self, awaitable: Awaitable[_T]) -> _T:
        """Bumble's failures as bleak's: ATT errors, timeouts, and a link lost meanwhile."""
        try:
            return await awaitable
        except att.ATT_Error as error:
            raise BleakGATTProtocolError(error.error_code) from None
        except core.TimeoutError as error:
            raise TimeoutError(f"{self.address}: {error or 'GATT request timed out'}") from None
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # our caller is cancelling us: let it
            # Bumble cancels pending ATT requests when the link drops.
            raise BleakError(f"{self.address}: disconnected during a GATT request") from None
        except core.InvalidStateError as error:
            raise BleakError(f"{self.address}: {error}") from None
