"""An emulated adapter's HCI served over TCP, for a lumbar running in another process.

Bumble's own ``tcp-server`` transport shares one sink between successive connections, so
when an app reconnects quickly the old connection's late "connection lost" cuts off the
new one. Here each connection has its own parser, and only the newest one is the
controller's host. Small HCI packets are sent at once (no Nagle delay).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any

from bumble.link import LocalLink
from bumble.transport.common import StreamPacketSource

from sensors.emulation.radio import EmulatedController

__all__ = ["HciServer"]


class HciServer:
    """One emulated controller on ``link`` whose host is the app connected over TCP."""

    def __init__(self, link: LocalLink, name: str = "lumbar-hci") -> None:
        self.controller = EmulatedController(name, link=link)
        self._server: asyncio.Server | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Listen; the port (chosen by the system when 0 is asked). OSError if taken."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _HostConnection(self.controller), host, port, reuse_address=True
        )
        return int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None


class _HostConnection(asyncio.Protocol):
    """One app's connection: HCI packets in to the controller, and out from it."""

    def __init__(self, controller: EmulatedController) -> None:
        self.controller = controller
        self.transport: asyncio.Transport | None = None
        self.source: StreamPacketSource | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.source = StreamPacketSource()
        self.source.set_packet_sink(self.controller)
        self.controller.host = self  # the newest app is the host

    def data_received(self, data: bytes) -> None:
        if self.source is not None and self.controller.host is self:
            self.source.data_received(data)

    def on_packet(self, packet: bytes) -> None:
        """From the controller to this app."""
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(packet)

    def connection_lost(self, exc: Any) -> None:
        if self.controller.host is self:
            self.controller.host = None
        self.transport = None
