"""The sensor hub: several wearables at once, one stream of readings and state changes.

The hub scans for the devices it is told to want (by address, by kind, or any supported
one), connects to each as it appears, subscribes per the device's profile, starts the
profile's measurements (the PMD accelerometer: ``sensors.measuring``), and parses every
notification in its callback straight into the queue the app reads with ``events()``.

Drops are normal. A device that disconnects, or sends nothing at all for
``silence_timeout_s``, is reconnected with exponential backoff, and the hole in its data is
reported as a ``Gap`` once data flows again. A measurement is kept on its own: one that
will not start, or stops, or falls silent while heart rate flows, is reported as a
``StreamStopped`` (one line for a person: why), restarted without dropping the link, and
reported as a ``StreamResumed`` when it flows again (these events: ``hub_events.py``).
Before any disconnect the hub makes while the link is up it stops the measurements (a Polar
H10 keeps one running otherwise).

A device switched on after the hub started is picked up, because the hub keeps scanning
while something it wants is not connected. A device away longer than ``forget_after_s`` is
reconnected by its address rather than the object a scan gave (BlueZ forgets an unpaired
device it has not seen for 30 s). Disconnects the hub asks for are quiet. One task per
device (the hub keeps the references), one connect at a time (a lock: BlueZ copes badly
with simultaneous connects).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sensors.backend import bluetooth_unavailable, describe, device_forgotten
from sensors.errors import PayloadError
from sensors.gatt import BATTERY_LEVEL_UUID, DEVICE_INFORMATION_UUIDS, parse_text
from sensors.hub_events import (
    DeviceCounters,
    DeviceInformation,
    DeviceState,
    DeviceStateChanged,
    Gap,
    HubEvent,
    HubSettings,
    SensorsUnavailable,
    StreamResumed,
    StreamStopped,
)
from sensors.measuring import Measurements, StreamNews
from sensors.profiles import Decoder, Profile, Subscription, by_kind
from sensors.profiles.base import normalise_uuid
from sensors.scan import recognise
from sensors.transport import Transport

if TYPE_CHECKING:
    from bleak import BleakClient
    from bleak.backends.characteristic import BleakGATTCharacteristic
    from bleak.backends.device import BLEDevice
    from bleak.backends.scanner import AdvertisementData

__all__ = [
    "DeviceCounters",
    "DeviceInformation",
    "DeviceState",
    "DeviceStateChanged",
    "Gap",
    "HubEvent",
    "HubSettings",
    "SensorHub",
    "SensorsUnavailable",
    "StreamResumed",
    "StreamStopped",
]

log = logging.getLogger(__name__)

TEARDOWN_S = 2.0  # how long the stops before a disconnect may take, answers and all
SCAN_RETRY_S = 5.0  # after a scan that would not start (the adapter busy, say)


class SetupFailed(Exception):
    """The device lacks a stream its profile cannot do without."""


@dataclass(eq=False)
class _Device:
    """The hub's mutable record of one device; only the hub touches it."""

    address: str
    name: str | None
    profile: Profile
    ble_device: BLEDevice | str
    state: DeviceState = "connecting"
    task: asyncio.Task[None] | None = None
    client: BleakClient | None = None
    decoder: Decoder | None = None
    measurements: Measurements | None = None  # of the current connection
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    lost: bool = False
    stopping: bool = False
    connected_s: float = 0.0
    seen_s: float | None = None  # last heard advertising, or last connected (host monotonic)
    last_data_s: float | None = None
    gap_start_s: float | None = None
    gap_reason: str = ""
    packets: Counter[str] = field(default_factory=Counter)
    malformed: Counter[str] = field(default_factory=Counter)
    gaps: int = 0
    reconnects: int = 0


class SensorHub:
    """Connects to wanted devices and keeps them connected; read ``events()``.

    Use as ``async with SensorHub(transport) as hub: hub.want_all(); async for e in
    hub.events(): ...``. A hub runs once: after ``stop()`` make a new one. ``clock`` is
    the host monotonic clock readings are stamped with.
    """

    def __init__(
        self,
        transport: Transport,
        settings: HubSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.settings = settings or HubSettings()
        self._clock = clock
        self._queue: asyncio.Queue[HubEvent | None] = asyncio.Queue()  # None: stopped
        self._devices: dict[str, _Device] = {}
        self._wanted_addresses: set[str] = set()
        self._wanted_kinds: set[str] = set()
        self._want_all = False
        self._released: set[str] = set()
        self._connect_lock = asyncio.Lock()
        self._running = False
        self._scan_task: asyncio.Task[None] | None = None
        self._scan_needed = asyncio.Event()
        self._unavailable = False

    # -- what to connect to -------------------------------------------------------------

    def want(self, address: str) -> None:
        """Connect to this device whenever it is in range."""
        address = address.upper()
        self._wanted_addresses.add(address)
        self._released.discard(address)
        self._scan_needed.set()

    def want_kind(self, kind: str) -> None:
        """Connect to every device of this kind ("polar-h10", "generic-hr") in range."""
        self._wanted_kinds.add(kind)
        self._scan_needed.set()

    def want_all(self) -> None:
        """Connect to every supported device in range."""
        self._want_all = True
        self._scan_needed.set()

    def _wants(self, address: str, kind: str) -> bool:
        if address in self._released:
            return False
        return self._want_all or address in self._wanted_addresses or kind in self._wanted_kinds

    def connect_known(self, address: str, kind: str, name: str | None = None) -> None:
        """Connect to a device known from before (a scan, the settings) without waiting to
        hear it advertise; it is wanted from now on. ``kind`` is its profile's kind."""
        address = address.upper()
        self.want(address)
        device = self._devices.get(address)
        if device is None:
            device = _Device(address, name, by_kind(kind), address)
            self._devices[address] = device
        if device.task is None and self._running:
            self._start_device(device)

    async def release(self, address: str) -> None:
        """Stop streaming from a device and disconnect it (quietly); no reconnect."""
        address = address.upper()
        self._released.add(address)
        self._wanted_addresses.discard(address)
        device = self._devices.get(address)
        if device is None:
            return
        if device.task is not None:
            device.stopping = True
            device.wake.set()
            await self._finish_tasks([device.task])
        if device.gap_start_s is not None:
            self._close_gap(device, self._clock(), device.gap_reason + "; then released")

    # -- life cycle ---------------------------------------------------------------------

    async def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._scan_task = asyncio.get_running_loop().create_task(self._scan_loop())

    async def stop(self) -> None:
        """Stop streams, disconnect every device, close open gaps, end ``events()``."""
        if not self._running:
            return
        self._running = False
        self._scan_needed.set()
        for device in self._devices.values():
            device.stopping = True
            device.wake.set()
        tasks = [d.task for d in self._devices.values() if d.task is not None]
        if self._scan_task is not None:
            tasks.append(self._scan_task)
        await self._finish_tasks(tasks)
        now = self._clock()
        for device in self._devices.values():
            if device.gap_start_s is not None:
                self._close_gap(device, now, device.gap_reason + "; data never resumed")
        self._queue.put_nowait(None)

    async def _finish_tasks(self, tasks: list[asyncio.Task[None]]) -> None:
        """Let tasks end politely within ``stop_timeout_s``; cancel what is left."""
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=self.settings.stop_timeout_s)
        for task in late:
            task.cancel()
        for task in late:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def __aenter__(self) -> SensorHub:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- what the app reads -------------------------------------------------------------

    async def events(self) -> AsyncIterator[HubEvent]:
        """Readings, state changes, gaps, in order; ends after ``stop()`` once drained."""
        while (event := await self._queue.get()) is not None:
            yield event
        self._queue.put_nowait(None)  # for whoever reads next

    def drain(self) -> list[HubEvent]:
        """Everything queued right now, without waiting (for a screen's timer tick)."""
        events: list[HubEvent] = []
        while not self._queue.empty():
            event = self._queue.get_nowait()
            if event is None:
                self._queue.put_nowait(None)
                break
            events.append(event)
        return events

    def counters(self) -> dict[str, DeviceCounters]:
        return {
            address: DeviceCounters(
                device=address,
                name=device.name,
                kind=device.profile.kind,
                state=device.state,
                packets=dict(device.packets),
                malformed=dict(device.malformed),
                gaps=device.gaps,
                reconnects=device.reconnects,
            )
            for address, device in self._devices.items()
        }

    def _emit(self, event: HubEvent) -> None:
        self._queue.put_nowait(event)

    def _set_state(self, device: _Device, state: DeviceState, reason: str = "") -> None:
        device.state = state
        if reason:
            log.info("%s %s: %s", device.name or device.address, state, reason)
        self._emit(
            DeviceStateChanged(
                device.address, device.name, device.profile.kind, state, reason, self._clock()
            )
        )

    # -- scanning -----------------------------------------------------------------------

    def _unmet(self) -> bool:
        if self._want_all or self._wanted_kinds:
            return True
        return any(
            address not in self._devices or self._devices[address].task is None
            for address in self._wanted_addresses
        )

    async def _scan_loop(self) -> None:
        from bleak import BleakScanner

        while self._running:
            if not self._unmet():
                self._scan_needed.clear()
                await self._scan_needed.wait()
                continue
            scanner = BleakScanner(self._heard, **self.transport.scanner_kwargs())
            try:
                await scanner.start()
            except Exception as error:
                if self._report_unavailable(error):
                    return  # no Bluetooth at all: carry on without sensors
                log.warning("scanning failed, trying again: %s", describe(error))
                await asyncio.sleep(SCAN_RETRY_S)
                continue
            try:
                while self._running and self._unmet():
                    self._scan_needed.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._scan_needed.wait(), 1.0)
            finally:
                with contextlib.suppress(Exception):
                    await scanner.stop()

    def _report_unavailable(self, error: Exception) -> bool:
        """Report (once) an error that means there is no Bluetooth; False for any other."""
        unavailable = bluetooth_unavailable(error)
        if unavailable is None:
            return False
        if not self._unavailable:
            self._unavailable = True
            self._emit(SensorsUnavailable(str(unavailable), self._clock()))
        return True

    def _heard(self, ble_device: BLEDevice, advertisement: AdvertisementData) -> None:
        found = recognise(ble_device, advertisement)
        if found is None or not self._running:
            return
        address = found.address.upper()
        device = self._devices.get(address)
        if device is not None:
            device.ble_device = ble_device
            device.seen_s = self._clock()
            device.name = device.name or found.name
            profile = by_kind(found.kind)
            if profile.specificity > device.profile.specificity:
                # First heard without its name (a strap, by its service), now recognised
                # for what it is: the next connection uses the right profile.
                device.profile = profile
            if device.task is not None:
                return
        if not self._wants(address, found.kind):
            return
        if device is None:
            device = _Device(address, found.name, by_kind(found.kind), ble_device)
            device.seen_s = self._clock()
            self._devices[address] = device
        self._start_device(device)

    def _start_device(self, device: _Device) -> None:
        device.stopping = False
        device.task = asyncio.get_running_loop().create_task(self._run_device(device))
        device.task.add_done_callback(lambda _task: self._device_task_ended(device))

    def _device_task_ended(self, device: _Device) -> None:
        device.task = None
        self._scan_needed.set()

    # -- one device ---------------------------------------------------------------------

    async def _run_device(self, device: _Device) -> None:
        attempt = 0
        failing_since_s: float | None = None
        reason = ""
        settings = self.settings
        while not self._winding_down(device):
            ever_connected = device.reconnects > 0 or device.last_data_s is not None
            self._set_state(device, "reconnecting" if ever_connected else "connecting", reason)
            try:
                client = await self._connect(device)
            except Exception as error:
                if not self.transport.emulated and self._report_unavailable(error):
                    self._set_state(device, "gone", "no Bluetooth")
                    return
                if device_forgotten(error):
                    device.ble_device = device.address  # look it up afresh next time
                reason = f"could not connect: {describe(error)}"
            else:
                reason, streamed = await self._stream(device, client)
                if self._winding_down(device):
                    break
                if streamed:  # it worked for a while: start the backoff afresh
                    failing_since_s = None
                    device.reconnects += 1
                    attempt = 0
            now = self._clock()
            if failing_since_s is None:
                failing_since_s = now
            if device.gap_start_s is None and device.last_data_s is not None:
                device.gap_start_s = device.last_data_s
                device.gap_reason = reason
            if settings.give_up_after_s is not None and now - failing_since_s > (
                settings.give_up_after_s
            ):
                self._set_state(device, "gone", reason)
                return
            attempt += 1
            delay_s = min(settings.backoff_first_s * 2 ** (attempt - 1), settings.backoff_max_s)
            device.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(device.wake.wait(), delay_s)
        self._set_state(device, "disconnected")

    def _winding_down(self, device: _Device) -> bool:
        return device.stopping or not self._running

    async def _connect(self, device: _Device) -> BleakClient:
        from bleak import BleakClient

        timeout_s = self.settings.connect_timeout_s
        target = device.ble_device
        seen_s = device.seen_s
        if not isinstance(target, str) and (
            seen_s is None or self._clock() - seen_s > self.settings.forget_after_s
        ):
            # The system may have forgotten the scanned object by now: by address, bleak
            # looks the device up afresh.
            target = device.address
        client = BleakClient(
            target,
            disconnected_callback=lambda lost: self._on_lost(device, lost),
            timeout=timeout_s,
            **self.transport.client_kwargs(),
        )
        async with self._connect_lock:
            # bleak's backends keep their own timeout; this one only guards against a hang.
            async with asyncio.timeout(timeout_s * 1.5 + 1.0):
                await client.connect()
        return client

    def _on_lost(self, device: _Device, client: BleakClient) -> None:
        if device.client is client:
            device.lost = True
            device.wake.set()

    async def _stream(self, device: _Device, client: BleakClient) -> tuple[str, bool]:
        """Stream from a connected client until it is lost, falls silent, or we stop.

        Returns why streaming ended (empty when we stopped it), and whether it had started.
        """
        device.client = client
        device.lost = False
        device.wake.clear()
        device.seen_s = self._clock()
        device.measurements = measurements = self._measurements(device, client)
        try:
            try:
                await self._subscribe(device, client)
                await measurements.start_all()
                await self._read_battery(device, client)
                await self._read_information(device, client)
            except Exception as error:
                return f"setup failed: {describe(error)}", False
            if device.lost:
                return "link lost", False
            device.connected_s = self._clock()
            self._set_state(device, "connected")
            measurements.tell_from_now()
            return await self._watch(device, client, measurements), True
        finally:
            if not device.lost and client.is_connected:
                await self._hang_up(device, client, measurements)
            device.client = None
            device.measurements = None
            device.seen_s = self._clock()  # the system's timer for forgetting starts now

    def _measurements(self, device: _Device, client: BleakClient) -> Measurements:
        settings = self.settings

        async def write(uuid: str, data: bytes) -> None:
            await client.write_gatt_char(uuid, data, response=True)

        async def subscribe(subscription: Subscription) -> None:
            uuid = normalise_uuid(subscription.characteristic_uuid)
            handler = self._notification_handler(device, subscription.stream, uuid)
            await client.start_notify(uuid, handler)

        return Measurements(
            device.profile,
            write=write,
            subscribe=subscribe,
            pair=client.pair,
            mtu=lambda: client.mtu_size,
            clock=self._clock,
            news=lambda news: self._stream_news(device, news),
            wake=device.wake.set,
            answer_within_s=settings.response_timeout_s,
            silence_s=settings.silence_timeout_s,
            retry_first_s=settings.stream_retry_first_s,
            retry_max_s=settings.stream_retry_max_s,
        )

    async def _subscribe(self, device: _Device, client: BleakClient) -> None:
        """The device's own streams (heart rate, battery): without them, no connection."""
        device.decoder = device.profile.new_decoder(device.address)
        for subscription in device.profile.subscriptions():
            uuid = normalise_uuid(subscription.characteristic_uuid)
            characteristic = client.services.get_characteristic(uuid)
            can_notify = characteristic is not None and bool(
                {"notify", "indicate"} & set(characteristic.properties)
            )
            if not can_notify:
                if subscription.optional:
                    continue
                raise SetupFailed(f"the device offers no {subscription.stream} notifications")
            await client.start_notify(
                uuid, self._notification_handler(device, subscription.stream, uuid)
            )

    def _stream_news(self, device: _Device, news: StreamNews) -> None:
        now = self._clock()
        if news.running:
            self._emit(StreamResumed(device.address, device.name, news.stream, news.label, now))
            return
        event = StreamStopped(
            device.address, device.name, news.stream, news.label, news.reason, news.retrying, now
        )
        log.info("%s", event.line)
        self._emit(event)

    async def _read_battery(self, device: _Device, client: BleakClient) -> None:
        characteristic = client.services.get_characteristic(BATTERY_LEVEL_UUID)
        if characteristic is None or "read" not in characteristic.properties:
            return
        data = await client.read_gatt_char(characteristic)
        # A read answers us: it says nothing about whether the device is streaming.
        self._deliver(device, "battery", bytes(data), self._clock(), streaming=False)

    async def _read_information(self, device: _Device, client: BleakClient) -> None:
        fields: list[tuple[str, str]] = []
        for key, uuid in DEVICE_INFORMATION_UUIDS.items():
            characteristic = client.services.get_characteristic(uuid)
            if characteristic is None or "read" not in characteristic.properties:
                continue
            with contextlib.suppress(PayloadError):
                fields.append((key, parse_text(bytes(await client.read_gatt_char(characteristic)))))
        if fields:
            self._emit(DeviceInformation(device.address, self._clock(), tuple(fields)))

    def _notification_handler(
        self, device: _Device, stream: str, uuid: str
    ) -> Callable[[BleakGATTCharacteristic, bytearray], None]:
        control = any(
            normalise_uuid(m.control.characteristic_uuid) == uuid
            for m in device.profile.measurements()
        )

        def on_notification(_characteristic: BleakGATTCharacteristic, data: bytearray) -> None:
            received_s = self._clock()
            payload = bytes(data)
            if control and device.measurements is not None:
                device.measurements.on_control(payload)
            self._deliver(device, stream, payload, received_s)

        return on_notification

    def _deliver(
        self,
        device: _Device,
        stream: str,
        payload: bytes,
        received_s: float,
        *,
        streaming: bool = True,
    ) -> None:
        """Parse one notification (or read) and queue what it says. No I/O here."""
        device.packets[stream] += 1
        decoder = device.decoder
        if decoder is None:
            return
        try:
            readings = decoder.decode(stream, payload, received_s)
        except PayloadError:
            device.malformed[stream] += 1
            return
        if readings and streaming:
            self._data_arrived(device, received_s)
            if device.measurements is not None:
                device.measurements.on_data(stream, received_s)
        for reading in readings:
            self._queue.put_nowait(reading)

    def _data_arrived(self, device: _Device, now: float) -> None:
        if device.gap_start_s is not None:
            self._close_gap(device, now, device.gap_reason)
        elif (
            device.last_data_s is not None and now - device.last_data_s > self.settings.gap_after_s
        ):
            device.gap_start_s = device.last_data_s
            self._close_gap(device, now, "no data")
        device.last_data_s = now

    def _close_gap(self, device: _Device, now: float, reason: str) -> None:
        assert device.gap_start_s is not None
        device.gaps += 1
        self._emit(Gap(device.address, device.gap_start_s, now, reason))
        device.gap_start_s = None
        device.gap_reason = ""

    async def _watch(self, device: _Device, client: BleakClient, measurements: Measurements) -> str:
        settings = self.settings
        next_battery_s = self._clock() + settings.battery_poll_s
        battery = client.services.get_characteristic(BATTERY_LEVEL_UUID)
        poll_battery = battery is not None and "notify" not in battery.properties
        while True:
            device.wake.clear()  # before looking: whatever happens from here wakes the wait
            if device.stopping:
                return ""
            if device.lost:
                return "link lost"
            since_s = self._clock() - max(device.last_data_s or 0.0, device.connected_s)
            if since_s >= settings.silence_timeout_s:
                return f"no data for {since_s:.1f} s"  # the whole device: the link is dead
            await measurements.keep()  # one stream silent, or stopped, while the rest flows
            if device.wake.is_set():
                continue  # lost, stopped or halted meanwhile
            now = self._clock()
            since_s = now - max(device.last_data_s or 0.0, device.connected_s)
            wait_s = settings.silence_timeout_s - since_s
            due_s = measurements.next_due_s()
            if due_s is not None:
                wait_s = min(wait_s, due_s - now)
            if poll_battery:
                if now >= next_battery_s:
                    next_battery_s = now + settings.battery_poll_s
                    with contextlib.suppress(Exception):
                        await self._read_battery(device, client)
                    continue
                wait_s = min(wait_s, next_battery_s - now)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(device.wake.wait(), max(0.0, wait_s))

    async def _hang_up(
        self, device: _Device, client: BleakClient, measurements: Measurements
    ) -> None:
        """A disconnect we make while the link is up: stop the measurements first (a Polar
        H10 keeps one running until it is stopped), then disconnect."""
        with contextlib.suppress(Exception):
            async with asyncio.timeout(TEARDOWN_S):
                await measurements.stop_all()
        with contextlib.suppress(Exception):
            await client.disconnect()
