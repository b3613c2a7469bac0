"""Shared by the sensor tests: emulated devices on an in-process radio, and a hub's events.

Everything runs on the test's own event loop (Bumble binds its controllers to the loop
that creates them), so these are plain async helpers used inside async tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sensors.backend import Transport
from sensors.emulation.backend import BLUEZ_TEMPORARY_TIMEOUT_S
from sensors.emulation.world import Emulator
from sensors.hub import DeviceStateChanged, HubEvent, HubSettings, SensorHub

# Short timeouts and backoffs so that drops and reconnects take a fraction of a second.
FAST = HubSettings(
    connect_timeout_s=1.0,
    response_timeout_s=1.0,
    silence_timeout_s=1.0,
    gap_after_s=1.5,
    backoff_first_s=0.05,
    backoff_max_s=0.3,
    stop_timeout_s=1.0,
)

WAIT_S = 30.0
"""A bound on a wait for the emulated devices and the hub, generous for a busy machine (the
test process may starve for seconds): it guards against a hang, it is no speed test."""

H10 = "C0:1A:2B:3C:4D:10"
STRAP = "C0:4F:2A:00:00:20"

E = TypeVar("E")


@asynccontextmanager
async def emulated(
    *kinds: str, switched_on: bool = True, forget_after_s: float = BLUEZ_TEMPORARY_TIMEOUT_S
) -> AsyncIterator[Transport]:
    """Emulated devices ("h10", "strap") and a transport to them; all closed afterwards.

    ``forget_after_s``: how soon the emulated adapter forgets a scanned device, as BlueZ
    does after 30 s.
    """
    emulator = Emulator()
    for kind in kinds:
        emulator.add(kind)
    if switched_on:
        for device in emulator.devices.values():
            await device.switch_on()
    transport = await emulator.transport(forget_after_s=forget_after_s)
    try:
        yield transport
    finally:
        await transport.close()


async def until(holds: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    """Wait until ``holds()`` (the timeout guards against hanging; it is no speed test)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not holds():
        if loop.time() > deadline:
            raise AssertionError(f"waited {timeout_s:g} s for {what}")
        await asyncio.sleep(0.01)


class EventLog:
    """Every event a hub emits, collected as it comes; tests wait for what they expect."""

    def __init__(self, hub: SensorHub) -> None:
        self.events: list[HubEvent] = []
        self._arrived = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._collect(hub))

    async def _collect(self, hub: SensorHub) -> None:
        async for event in hub.events():
            self.events.append(event)
            self._arrived.set()

    async def wait_for(
        self, wanted: Callable[[HubEvent], bool], timeout_s: float = WAIT_S, *, after: int = 0
    ) -> HubEvent:
        """The first event from index ``after`` on that ``wanted`` accepts."""
        seen = after

        async def search() -> HubEvent:
            nonlocal seen
            while True:
                for event in self.events[seen:]:
                    seen += 1
                    if wanted(event):
                        return event
                self._arrived.clear()
                await self._arrived.wait()

        return await asyncio.wait_for(search(), timeout_s)

    async def until(self, holds: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
        """Wait until ``holds()``, looking again as each event arrives."""
        try:
            await self.wait_for(lambda _event: holds(), timeout_s)
        except TimeoutError:
            raise AssertionError(f"waited {timeout_s:g} s for {what}") from None

    async def state(
        self, device: str, state: str, timeout_s: float = WAIT_S, after: int = 0
    ) -> Any:
        return await self.wait_for(
            lambda e: isinstance(e, DeviceStateChanged) and e.device == device and e.state == state,
            timeout_s,
            after=after,
        )

    def of(self, kind: type[E], device: str | None = None) -> list[E]:
        return [
            e
            for e in self.events
            if isinstance(e, kind) and (device is None or getattr(e, "device", None) == device)
        ]

    async def closed(self) -> None:
        await asyncio.wait_for(self._task, WAIT_S)
