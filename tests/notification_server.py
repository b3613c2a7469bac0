"""A stand-in desktop notification service (org.freedesktop.Notifications) on a private
D-Bus session bus, so that desktop-notifier's real D-Bus path is exercised without a
desktop. Used by test_remind; needs ``dbus-daemon`` (skipped without it)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusDict, DBusSignature, DBusStr, DBusUInt32
from dbus_fast.service import ServiceInterface, method, signal

DBusInt32 = Annotated[int, DBusSignature("i")]
DBusStrings = Annotated[list[str], DBusSignature("as")]
DBusServerInfo = Annotated[list[str], DBusSignature("ssss")]
DBusClosed = Annotated[list[int], DBusSignature("uu")]


class Notifications(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.received: list[tuple[str, str, str]] = []

    @method()
    def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: DBusStrings,
        hints: DBusDict,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        self.received.append((app_name, summary, body))
        return len(self.received)

    @method()
    def GetCapabilities(self) -> DBusStrings:
        return ["body"]

    @method()
    def GetServerInformation(self) -> DBusServerInfo:
        return ["stand-in", "lumbar tests", "1", "1.2"]

    @signal()
    def NotificationClosed(self) -> DBusClosed:
        return [0, 0]


@contextmanager
def session_with_notifications() -> Iterator[tuple[str, Notifications]]:
    """A private session bus (its address) with the stand-in service on it."""
    daemon = shutil.which("dbus-daemon")
    assert daemon is not None
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    service = Notifications()
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    async def serve() -> MessageBus:
        bus = await MessageBus(bus_address=address).connect()
        bus.export("/org/freedesktop/Notifications", service)
        await bus.request_name("org.freedesktop.Notifications")
        ready.set()
        return bus

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(serve())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10), "the stand-in notification service did not start"
    try:
        yield address, service
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        process.terminate()
        process.wait(5)
