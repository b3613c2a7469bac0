"""The app's link to the wearables: one ``SensorHub``, in Textual's own event loop.

Nothing Bluetooth is imported until sensors are first used: the sensors screen opens, or
remembered devices are connected a moment after the first screen is drawn. Then bleak
(and Bumble, for emulated devices) are imported in a thread so the screen never stalls,
and the transport and hub are opened in the app's loop: bleak is asyncio, and there is
never a second loop. An async worker reads the hub's events, folds them into the
``SensorBoard`` the screens draw from, and posts small messages, named as facts, to the
nodes that ``watch`` the link.

With no Bluetooth (no adapter, no BlueZ, no emulator where ``LUMBAR_EMULATOR`` points) the
person is told in one line, once, and the app carries on without sensors; asking again
(a rescan) tries again.

Connecting a device remembers it (``DeviceMemory``) once it is connected; remembered devices
are connected whenever the link opens.

A stream that goes off while its device stays connected (the H10's motion: refused, stopped
by the strap, fallen silent) is told in one line, once until it comes back, and posted as
``SensorStreamStopped`` (then ``SensorStreamResumed``) for the screens.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from textual.message import Message
from textual.message_pump import MessagePump

from tui.devices_memory import DeviceMemory, RememberedDevice

if TYPE_CHECKING:
    from textual.app import App

    from sensors.hub import (
        DeviceStateChanged,
        Gap,
        HubEvent,
        SensorHub,
        StreamResumed,
        StreamStopped,
    )
    from sensors.readings import BatteryReading, HeartRateReading
    from sensors.scan import FoundDevice
    from sensors.transport import Transport
    from tui.live.view import SensorsNow
    from tui.sensor_board import SensorBoard

__all__ = [
    "AccelerationReceived",
    "BatteryReceived",
    "BluetoothMissing",
    "HeartRateReceived",
    "LinkStatus",
    "SensorGapReported",
    "SensorLink",
    "SensorStateChanged",
    "SensorStreamResumed",
    "SensorStreamStopped",
]

LinkStatus = Literal["off", "starting", "on", "unavailable"]

EMULATOR_ENV = "LUMBAR_EMULATOR"  # as sensors.backend reads it (not imported: it is lazy)


@dataclass
class SensorStateChanged(Message):
    """A device connected, is reconnecting, was disconnected or is gone."""

    event: DeviceStateChanged


@dataclass
class SensorStreamStopped(Message):
    """A stream of a connected device is off (``event.line`` says why): for the H10, motion
    while heart rate goes on."""

    event: StreamStopped


@dataclass
class SensorStreamResumed(Message):
    """A stream reported off flows again."""

    event: StreamResumed


@dataclass
class HeartRateReceived(Message):
    reading: HeartRateReading


@dataclass
class BatteryReceived(Message):
    reading: BatteryReading


@dataclass
class SensorGapReported(Message):
    """Data from a device resumed after a hole (a lost link, a silence)."""

    gap: Gap


@dataclass
class AccelerationReceived(Message):
    """New accelerometer samples are in the board's trace for ``device``.

    For the display only: a newer one replaces one still waiting. Nothing is lost by
    that, since the samples are in the board (and recording reads the hub, not messages).
    """

    device: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AccelerationReceived) and message.device == self.device


@dataclass
class BluetoothMissing(Message):
    """There is no Bluetooth to use; ``reason`` is one line for a person."""

    reason: str


class SensorLink:
    """The app's one sensor hub, opened on first use and closed when the app ends."""

    def __init__(self, app: App[Any], memory: DeviceMemory, *, demo: bool = False) -> None:
        self._app = app
        self.memory = memory
        self.demo = demo
        self.status: LinkStatus = "off"
        self.reason = ""  # why there is no Bluetooth, when there is none
        self._board: SensorBoard | None = None
        self._transport: Transport | None = None
        self._hub: SensorHub | None = None
        self._opening: asyncio.Task[None] | None = None
        self._watchers: list[MessagePump] = []
        self._listeners: list[Callable[[HubEvent], None]] = []
        self._asked: set[str] = set()  # connected by the person: remembered once connected
        self._told: set[str] = set()
        self._streams_told: dict[tuple[str, str], str] = {}  # (device, stream): the line told
        self._closed = False

    # -- what screens use ---------------------------------------------------------------

    @property
    def board(self) -> SensorBoard:
        """What the app knows of every device (imports the sensor modules on first use)."""
        if self._board is None:
            from tui.sensor_board import SensorBoard

            self._board = SensorBoard()
            for device in self._remembered():
                self._board.remembered(device.address, device.kind, device.name, True)
        return self._board

    def now(self) -> SensorsNow:
        """What the link knows at this moment, for a live session's view: every device on the
        board, and whether the link is still starting (devices may yet connect)."""
        from tui.live.view import SensorsNow

        return SensorsNow(self.board.devices(), self.status == "starting")

    def watch(self, node: MessagePump) -> Callable[[], None]:
        """Post the link's messages to ``node`` from now on; returns the unsubscribe."""
        self._watchers.append(node)

        def unwatch() -> None:
            with contextlib.suppress(ValueError):
                self._watchers.remove(node)

        return unwatch

    def listen(self, listener: Callable[[HubEvent], None]) -> Callable[[], None]:
        """Call ``listener`` with every event of the hub, in the app's loop, as it comes
        (a session analyses every sample); returns the unsubscribe."""
        self._listeners.append(listener)

        def stop() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return stop

    def deliver(self, event: HubEvent) -> None:
        """One hub event to the listeners, the board and the watchers, as the hub's reader
        does with every event (a test can feed the app here, with no Bluetooth)."""
        from sensors.hub import (
            DeviceStateChanged,
            Gap,
            SensorsUnavailable,
            StreamResumed,
            StreamStopped,
        )
        from sensors.readings import AccelerationBatch, BatteryReading, HeartRateReading

        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception as error:  # a listener's bug must not stop the sensors
                with contextlib.suppress(ValueError):
                    self._listeners.remove(listener)
                self._tell(
                    f"a screen stopped reading the sensors ({_why(error)}); "
                    "the sensors go on for the rest of lumbar"
                )
        if isinstance(event, SensorsUnavailable):
            return
        address = self.board.apply(event)
        if address is None:
            return
        if isinstance(event, AccelerationBatch):
            self._post(AccelerationReceived, address)
        elif isinstance(event, HeartRateReading):
            self._post(HeartRateReceived, event)
        elif isinstance(event, DeviceStateChanged):
            if event.state == "connected" and address in self._asked:
                self._remember(address)
            elif event.state != "connected":
                for key in [k for k in self._streams_told if k[0] == event.device]:
                    del self._streams_told[key]  # the next connection's news is news
            self._post(SensorStateChanged, event)
        elif isinstance(event, BatteryReading):
            self._post(BatteryReceived, event)
        elif isinstance(event, Gap):
            self._post(SensorGapReported, event)
        elif isinstance(event, StreamStopped):
            self._stream_stopped(event)
        elif isinstance(event, StreamResumed):
            if self._streams_told.pop((event.device, event.stream), None) is not None:
                self._app.notify(event.line, timeout=5)
            self._post(SensorStreamResumed, event)

    @property
    def emulator(self) -> Any:
        """The in-process emulated devices of ``--demo`` once the link is open, else None
        (a ``sensors.emulation.world.Emulator``: ``wear(motion)`` dresses the demo person)."""
        transport = self._transport
        return transport.emulator if transport is not None else None

    def use_demo_devices(self) -> None:
        """In ``--demo``: open the link and connect every emulated device it hears."""
        if not self.demo or self._closed:
            return

        async def connect_all() -> None:
            from sensors.backend import BluetoothUnavailable

            with contextlib.suppress(BluetoothUnavailable):
                (await self.ready()).want_all()

        self._app.run_worker(connect_all(), group="sensors", exit_on_error=False)

    def start(self) -> None:
        """Open the transport and the hub in the background, and connect the remembered
        devices. A failure is told to the person (and raised to whoever awaits ready())."""
        if not self._closed:
            self._open_once()

    def _open_once(self) -> asyncio.Task[None]:
        """The opening under way or done; a new one after a failure."""
        if self._opening is None or (self._opening.done() and self._hub is None):
            self._opening = asyncio.get_running_loop().create_task(self._open())
            self._opening.add_done_callback(lambda task: task.cancelled() or task.exception())
        return self._opening

    async def ready(self) -> SensorHub:
        """The running hub; ``BluetoothUnavailable`` when there is no Bluetooth."""
        if self._closed:
            from sensors.backend import BluetoothUnavailable

            raise BluetoothUnavailable("lumbar is closing")
        if self._hub is None:
            # Shielded: a screen closed while this opens does not leave it half open.
            await asyncio.shield(self._open_once())
        if self._hub is None:  # shut down again meanwhile
            from sensors.backend import BluetoothUnavailable

            raise BluetoothUnavailable(self.reason or "the sensors were stopped")
        return self._hub

    async def scan(
        self, timeout_s: float, on_found: Callable[[FoundDevice], None] | None = None
    ) -> list[FoundDevice]:
        """Listen for ``timeout_s``; devices go on the board as they are heard."""
        hub = await self.ready()
        from sensors.backend import BluetoothUnavailable
        from sensors.scan import scan

        board = self.board

        def heard(found: FoundDevice) -> None:
            board.heard(found)
            if on_found is not None:
                on_found(found)

        try:
            found = await scan(hub.transport, timeout_s, on_found=heard)
        except BluetoothUnavailable as error:
            await self._fail(str(error))
            raise
        for device in found:  # the strongest signal heard
            board.heard(device)
        return found

    async def connect(self, address: str) -> None:
        """Connect to a device on the board (and keep it connected); remembered once it is."""
        hub = await self.ready()
        view = self.board.view(address)
        if view is None:
            return
        self._asked.add(view.address)
        if view.rssi_dbm is not None:
            hub.want(view.address)  # heard advertising: the hub connects when it hears it next
        else:
            hub.connect_known(view.address, view.kind, view.name)

    async def disconnect(self, address: str) -> None:
        """Disconnect quietly; a remembered device stays remembered."""
        address = address.upper()
        self._asked.discard(address)
        if self._hub is not None:
            await self._hub.release(address)

    async def forget(self, address: str) -> None:
        """Forget a remembered device, disconnecting it if it is connected."""
        view = self.board.view(address)
        if view is None:
            return
        try:
            self.memory.forget(view.address)
        except OSError as error:
            self._tell(f"{self.memory.path}: cannot forget the device ({_why(error)})")
            return
        self.board.remembered(view.address, view.kind, view.name, False)
        if view.active:
            await self.disconnect(view.address)

    async def close(self) -> None:
        """Stop streaming, disconnect every device politely, close the transport."""
        self._closed = True
        opening = self._opening
        if opening is not None and not opening.done():
            opening.cancel()
            with contextlib.suppress(BaseException):
                await opening
        await self._shut_down()

    # -- inside -------------------------------------------------------------------------

    @property
    def _emulated(self) -> bool:
        return self.demo or bool(os.environ.get(EMULATOR_ENV))

    async def _open(self) -> None:
        from sensors.backend import BluetoothUnavailable

        self.status = "starting"
        try:
            await asyncio.to_thread(_import_bluetooth, self._emulated)
            from sensors.backend import open_transport
            from sensors.hub import SensorHub

            self._transport = await open_transport(self.demo)
            hub = SensorHub(self._transport)
            await hub.start()
        except BluetoothUnavailable as error:
            await self._fail(str(error))
            raise
        except Exception as error:
            reason = f"the sensors could not start ({_why(error)}); lumbar carries on without them"
            await self._fail(reason)
            raise BluetoothUnavailable(reason) from None
        self._hub = hub
        self.status = "on"
        self.reason = ""
        self._app.run_worker(
            self._consume(hub), name="sensor events", group="sensors", exit_on_error=False
        )
        for device in self._remembered():
            hub.connect_known(device.address, device.kind, device.name)

    async def _consume(self, hub: SensorHub) -> None:
        from sensors.hub import SensorsUnavailable

        async for event in hub.events():
            self.deliver(event)
            if isinstance(event, SensorsUnavailable):
                await self._fail(event.reason)

    def _stream_stopped(self, event: StreamStopped) -> None:
        """Say it once while it stays off (a retry refused again for the same reason is
        not news); a different reason is said again."""
        key = (event.device, event.stream)
        line = event.line
        if self._streams_told.get(key) != line:
            self._streams_told[key] = line
            self._app.notify(line, severity="warning", timeout=10)
        self._post(SensorStreamStopped, event)

    def _post(self, message: Callable[[Any], Message], value: object) -> None:
        for node in self._watchers:
            node.post_message(message(value))

    def _remember(self, address: str) -> None:
        view = self.board.view(address)
        if view is None:
            return
        self.board.remembered(view.address, view.kind, view.name, True)
        try:
            self.memory.remember(RememberedDevice(view.address, view.kind, view.name))
        except OSError as error:
            self._tell(
                f"{self.memory.path}: cannot save the device ({_why(error)}); "
                "it will not connect by itself next time"
            )

    def _remembered(self) -> list[RememberedDevice]:
        """The remembered devices of a kind lumbar knows; the others are named, once."""
        from sensors.profiles import PROFILES

        kinds = {profile.kind for profile in PROFILES}
        for device in self.memory.devices:
            if device.kind not in kinds:
                self._tell(
                    f"{self.memory.path}: {device.address}: no device profile "
                    f"'{device.kind}' (known: {', '.join(sorted(kinds))}); not connected"
                )
        return [d for d in self.memory.devices if d.kind in kinds]

    async def _fail(self, reason: str) -> None:
        """No Bluetooth: say so once, tell the watchers, close what was open."""
        self.status = "unavailable"
        self.reason = reason
        self._tell(reason)
        self._post(BluetoothMissing, reason)
        await self._shut_down()

    async def _shut_down(self) -> None:
        hub, transport = self._hub, self._transport
        self._hub = self._transport = None
        if hub is not None:
            await hub.stop()
        if transport is not None:
            await transport.close()
        if self.status == "on":
            self.status = "off"

    def _tell(self, line: str) -> None:
        if line not in self._told:
            self._told.add(line)
            self._app.notify(line, severity="warning", timeout=10)


def _import_bluetooth(emulated: bool) -> None:
    """Import what opening a transport needs, in a thread: bleak ~50 ms, Bumble ~300 ms."""
    from sensors.backend import import_transport_modules

    import_transport_modules(emulated)
    for name in ("sensors.hub", "sensors.scan", "tui.sensor_board"):
        importlib.import_module(name)


def _why(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__
