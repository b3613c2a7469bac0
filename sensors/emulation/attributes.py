"""GATT characteristics for emulated devices, with their properties enforced.

Bumble's GATT server (0.0.236) does not check a characteristic's properties: a write to a
read-only value raises inside the server and the client waits 30 s for a reply. Here every
value is served through callbacks that answer a forbidden read or write with the ATT
error a real device sends (Read Not Permitted 0x02, Write Not Permitted 0x03), which bleak
surfaces as ``BleakGATTProtocolError``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bumble import att
from bumble.gatt import Characteristic, CharacteristicValue

__all__ = ["Props", "characteristic", "read_only"]

Props = Characteristic.Properties

ReadFn = Callable[[Any], bytes]
WriteFn = Callable[[Any, bytes], Awaitable[None] | None]


def characteristic(
    uuid: str,
    properties: Characteristic.Properties,
    *,
    read: ReadFn | None = None,
    write: WriteFn | None = None,
) -> Characteristic[bytes]:
    """A characteristic whose reads and writes obey ``properties``.

    ``read(connection) -> bytes`` and ``write(connection, value)`` serve the allowed
    operations; a characteristic that may be read but has no ``read`` reads as empty.
    """
    readable = bool(properties & Props.READ)
    writable = bool(properties & (Props.WRITE | Props.WRITE_WITHOUT_RESPONSE))

    def on_read(connection: Any) -> bytes:
        if not readable:
            raise att.ATT_Error(att.ATT_READ_NOT_PERMITTED_ERROR)
        return read(connection) if read is not None else b""

    async def on_write(connection: Any, value: bytes) -> None:
        if not writable or write is None:
            raise att.ATT_Error(att.ATT_WRITE_NOT_PERMITTED_ERROR)
        result = write(connection, value)
        if result is not None:
            await result

    permissions = (Characteristic.READABLE if readable else 0) | (
        Characteristic.WRITEABLE if writable else 0
    )
    return Characteristic(
        uuid,
        properties,
        Characteristic.Permissions(permissions),
        CharacteristicValue(read=on_read, write=on_write),
    )


def read_only(uuid: str, value: bytes) -> Characteristic[bytes]:
    """A constant, readable characteristic (device information, sensor location)."""
    return characteristic(uuid, Props.READ, read=lambda _connection: value)
