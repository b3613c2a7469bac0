"""How the app reaches wearables: bleak's backend classes to use, and what to close after.

A plain record, so that the emulated devices (``sensors.emulation``) can build one without
importing ``sensors.backend``, which is where ``--demo`` plugs them in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bleak.backends.client import BaseBleakClient
    from bleak.backends.scanner import BaseBleakScanner

__all__ = ["Transport"]


@dataclass
class Transport:
    """How to reach devices: bleak backend classes (None = bleak's default), and a close."""

    label: str
    scanner_backend: type[BaseBleakScanner] | None = None
    client_backend: type[BaseBleakClient] | None = None
    # The in-process emulator behind a demo transport (tests and ``--demo`` break it on purpose).
    emulator: Any = None
    # Run (last first) by ``close``: the emulator, the connection to a remote one.
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def emulated(self) -> bool:
        return self.client_backend is not None

    def scanner_kwargs(self) -> dict[str, Any]:
        return {} if self.scanner_backend is None else {"backend": self.scanner_backend}

    def client_kwargs(self) -> dict[str, Any]:
        return {} if self.client_backend is None else {"backend": self.client_backend}

    async def close(self) -> None:
        closers, self.closers = self.closers, []
        for close in reversed(closers):
            await close()

    async def __aenter__(self) -> Transport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
