"""Which Bluetooth the app talks to: the real adapter, or emulated devices.

``open_transport`` is the one place that decides, for the command line and the app alike:

- ``demo=True``: an emulated Polar H10 and heart-rate strap in this process;
- ``LUMBAR_EMULATOR=tcp:PORT`` (or ``tcp:HOST:PORT``): the emulated devices that
  ``lumbar emulate --port PORT`` serves from another terminal;
- otherwise the machine's adapter through bleak's own backend (BlueZ on Linux).

Everything above the transport is plain bleak: the emulated ones only swap the backend
classes. Bleak and Bumble are imported when a transport opens, not before.

This is where ``--demo`` and ``LUMBAR_EMULATOR`` plug the emulated devices in; the rest of
the app never imports ``sensors.emulation`` (an import-linter contract holds it to that).

With no adapter or no BlueZ, scanning and connecting raise ``BluetoothUnavailable``
with one line to show; lumbar carries on without sensors.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence

from sensors.transport import Transport

__all__ = [
    "EMULATOR_ENV",
    "BluetoothUnavailable",
    "Transport",
    "bluetooth_unavailable",
    "describe",
    "device_forgotten",
    "emulator_spec",
    "import_transport_modules",
    "open_transport",
    "pairing_needed",
]

EMULATOR_ENV = "LUMBAR_EMULATOR"
DEMO_DEVICES = ("h10", "strap")


class BluetoothUnavailable(Exception):
    """No Bluetooth to use (no adapter, no BlueZ, adapter off, emulator not running).

    ``str()`` is one line for a person: what is wrong and what to do.
    """


def emulator_spec(value: str) -> str:
    """``tcp:PORT`` or ``tcp:HOST:PORT`` as a Bumble transport spec; ValueError if neither."""
    scheme, _, rest = value.partition(":")
    host, _, port = rest.rpartition(":")
    if scheme != "tcp" or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(
            f"{EMULATOR_ENV}={value!r} is not tcp:PORT or tcp:HOST:PORT "
            "(the port 'lumbar emulate --port PORT' listens on)"
        )
    return f"tcp-client:{host or '127.0.0.1'}:{port}"


async def open_transport(
    demo: bool = False,
    *,
    emulator: str | None = None,
    demo_devices: Sequence[str] = DEMO_DEVICES,
) -> Transport:
    """The transport to use; ``emulator`` defaults to the ``LUMBAR_EMULATOR`` variable.

    Raises ``BluetoothUnavailable`` when an emulator is asked for and cannot be reached
    (the real adapter is only probed when it is first used).
    """
    if demo:
        return await _in_process_demo(demo_devices)
    setting = emulator if emulator is not None else os.environ.get(EMULATOR_ENV, "")
    if setting:
        return await _remote_emulator(setting)
    return Transport(label="Bluetooth")


def import_transport_modules(emulated: bool) -> None:
    """Import what opening a transport takes (bleak ~50 ms; Bumble and the emulated devices
    ~300 ms more), so that a caller can do it in a thread before opening one."""
    modules = ["bleak"]
    if emulated:
        modules.append("sensors.emulation.world")
    for name in modules:
        importlib.import_module(name)


async def _in_process_demo(kinds: Sequence[str]) -> Transport:
    from sensors.emulation.world import Emulator

    emulator = await Emulator.start(kinds)
    return await emulator.transport()


async def _remote_emulator(setting: str) -> Transport:
    try:
        spec = emulator_spec(setting)
    except ValueError as error:
        raise BluetoothUnavailable(str(error)) from None
    from bumble.core import BaseBumbleError

    from sensors.emulation.backend import BumbleCentral

    try:
        central = await BumbleCentral.over_transport(spec)
    except (OSError, TimeoutError, BaseBumbleError) as error:
        if isinstance(error, OSError) and error.errno:
            reason = os.strerror(error.errno).lower()
        else:
            reason = type(error).__name__
        raise BluetoothUnavailable(
            f"no emulator at {setting} ({reason}); start one with "
            f"'lumbar emulate --port {spec.rpartition(':')[2]}'"
        ) from None
    return Transport(
        label=f"emulated devices at {setting}",
        scanner_backend=central.scanner_backend,
        client_backend=central.client_backend,
        closers=[central.close],
    )


_DBUS_REASONS = {
    "org.freedesktop.DBus.Error.ServiceUnknown": "BlueZ is not running",
    "org.freedesktop.DBus.Error.AccessDenied": "this user may not use Bluetooth",
    "org.bluez.Error.NotReady": "the Bluetooth adapter is off",
    "org.bluez.Error.NotAvailable": "the Bluetooth adapter is not available",
}


def bluetooth_unavailable(error: BaseException) -> BluetoothUnavailable | None:
    """The one line for an error that means there is no Bluetooth to use, else None.

    Only for errors from bleak's own backend while scanning or connecting: a missing
    D-Bus system bus (no BlueZ), no adapter, an adapter switched off, access denied.
    """
    from bleak.exc import BleakBluetoothNotAvailableError, BleakDBusError, BleakError

    why: str | None = None
    if isinstance(error, BleakBluetoothNotAvailableError):
        why = str(error.args[0]).rstrip(".")
    elif isinstance(error, BleakDBusError):
        why = _DBUS_REASONS.get(error.dbus_error)
    elif isinstance(error, FileNotFoundError | ConnectionRefusedError):
        why = "no D-Bus system bus, so no BlueZ (is the bluetooth service installed and running?)"
    elif isinstance(error, PermissionError):
        why = "this user may not use the D-Bus system bus"
    elif isinstance(error, BleakError) and "adapter" in str(error).lower():
        why = str(error).rstrip(".")
    if why is None:
        return None
    return BluetoothUnavailable(
        f"no Bluetooth: {why}; lumbar carries on without sensors (try --demo)"
    )


_UNKNOWN_OBJECT = "org.freedesktop.DBus.Error.UnknownObject"

# ATT errors that mean the link must be paired (bonded and encrypted) first.
PAIRING_NEEDED_CODES = frozenset({0x05, 0x0C, 0x0F})  # authentication, key size, encryption


def device_forgotten(error: BaseException) -> bool:
    """Whether a connect failed because the system no longer knows the device object it was
    given: BlueZ removes an unpaired device it has not seen for ``TemporaryTimeout`` (30 s
    in /etc/bluetooth/main.conf), and bleak then fails on the old scanned object."""
    from bleak.exc import BleakDBusError, BleakDeviceNotFoundError

    if isinstance(error, BleakDeviceNotFoundError):
        return True
    return isinstance(error, BleakDBusError) and error.dbus_error == _UNKNOWN_OBJECT


def pairing_needed(error: BaseException) -> bool:
    """Whether a GATT request failed because the link is not paired (Windows answers an
    unpaired write to the H10's PMD control point so: bleak issue #1943)."""
    from bleak.exc import BleakGATTProtocolError

    return isinstance(error, BleakGATTProtocolError) and int(error.code) in PAIRING_NEEDED_CODES


def describe(error: BaseException) -> str:
    """An error from a connection as a short phrase."""
    if isinstance(error, TimeoutError):
        return str(error) or "timed out"
    text = str(error)
    return text if text else type(error).__name__
