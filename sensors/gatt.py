"""Standard GATT: Heart Rate Measurement, Battery Level, Device Information. Pure.

Heart Rate Measurement (0x2A37), from the Bluetooth Heart Rate Service specification:
flags byte, then the rate (uint8, or uint16 when flag bit 0 is set), then energy expended
(uint16 kJ, when bit 3 is set), then any number of RR intervals (uint16 in 1/1024 s, when
bit 4 is set). Bits 1-2 are the sensor-contact status: bit 2 says the feature is supported,
bit 1 (meaningful only with bit 2) says contact is detected. Bits 5-7 are reserved and ignored.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from sensors.errors import PayloadError

__all__ = [
    "BATTERY_LEVEL_UUID",
    "BATTERY_SERVICE_UUID",
    "DEVICE_INFORMATION_SERVICE_UUID",
    "DEVICE_INFORMATION_UUIDS",
    "HEART_RATE_MEASUREMENT_UUID",
    "HEART_RATE_SERVICE_UUID",
    "RR_TICKS_PER_S",
    "HeartRateMeasurement",
    "encode_battery_level",
    "encode_heart_rate",
    "parse_battery_level",
    "parse_heart_rate",
    "parse_text",
    "rr_ms_to_ticks",
    "uuid16",
]


def uuid16(short: int) -> str:
    """The 128-bit form of a 16-bit Bluetooth SIG UUID, lowercase."""
    return f"0000{short:04x}-0000-1000-8000-00805f9b34fb"


HEART_RATE_SERVICE_UUID = uuid16(0x180D)
HEART_RATE_MEASUREMENT_UUID = uuid16(0x2A37)
BATTERY_SERVICE_UUID = uuid16(0x180F)
BATTERY_LEVEL_UUID = uuid16(0x2A19)
DEVICE_INFORMATION_SERVICE_UUID = uuid16(0x180A)
DEVICE_INFORMATION_UUIDS: dict[str, str] = {
    "manufacturer_name": uuid16(0x2A29),
    "model_number": uuid16(0x2A24),
    "serial_number": uuid16(0x2A25),
    "hardware_revision": uuid16(0x2A27),
    "firmware_revision": uuid16(0x2A26),
    "software_revision": uuid16(0x2A28),
}

RR_TICKS_PER_S = 1024

FLAG_UINT16_RATE = 0x01
FLAG_CONTACT_DETECTED = 0x02
FLAG_CONTACT_SUPPORTED = 0x04
FLAG_ENERGY_EXPENDED = 0x08
FLAG_RR_INTERVALS = 0x10

_UINT8 = struct.Struct("<B")
_UINT16 = struct.Struct("<H")


@dataclass(frozen=True, slots=True)
class HeartRateMeasurement:
    heart_rate_bpm: int
    contact_supported: bool
    contact_detected: bool | None  # None when the sensor does not support contact detection
    energy_expended_kj: int | None
    rr_intervals_ms: tuple[float, ...]  # converted from 1/1024 s


def rr_ms_to_ticks(rr_ms: float) -> int:
    """An RR interval in milliseconds as the 1/1024 s ticks the characteristic carries."""
    return round(rr_ms * RR_TICKS_PER_S / 1000)


def parse_heart_rate(data: bytes) -> HeartRateMeasurement:
    if not data:
        raise PayloadError("heart rate measurement: empty payload")
    flags = data[0]
    offset = 1
    rate_field = _UINT16 if flags & FLAG_UINT16_RATE else _UINT8
    if len(data) < offset + rate_field.size:
        raise PayloadError(
            f"heart rate measurement: {len(data)} bytes, too short for the "
            f"{8 * rate_field.size}-bit rate the flags announce"
        )
    (rate,) = rate_field.unpack_from(data, offset)
    offset += rate_field.size
    energy: int | None = None
    if flags & FLAG_ENERGY_EXPENDED:
        if len(data) < offset + _UINT16.size:
            raise PayloadError("heart rate measurement: truncated before the energy expended")
        (energy,) = _UINT16.unpack_from(data, offset)
        offset += _UINT16.size
    rest = data[offset:]
    rr_ms: tuple[float, ...] = ()
    if flags & FLAG_RR_INTERVALS:
        if len(rest) % _UINT16.size:
            raise PayloadError(
                f"heart rate measurement: RR intervals take {len(rest)} bytes, not a whole "
                "number of 16-bit values"
            )
        rr_ms = tuple(ticks * 1000 / RR_TICKS_PER_S for (ticks,) in _UINT16.iter_unpack(rest))
    elif rest:
        raise PayloadError(
            f"heart rate measurement: {len(rest)} unexpected trailing bytes "
            f"(flags 0x{flags:02x} announce no RR intervals)"
        )
    supported = bool(flags & FLAG_CONTACT_SUPPORTED)
    return HeartRateMeasurement(
        heart_rate_bpm=rate,
        contact_supported=supported,
        contact_detected=bool(flags & FLAG_CONTACT_DETECTED) if supported else None,
        energy_expended_kj=energy,
        rr_intervals_ms=rr_ms,
    )


def encode_heart_rate(m: HeartRateMeasurement, *, wide: bool = False) -> bytes:
    """The characteristic value for ``m``; ``wide`` forces the 16-bit rate field.

    RR intervals are rounded to whole 1/1024 s ticks. Raises ValueError for values the
    format cannot carry.
    """
    wide = wide or m.heart_rate_bpm > 0xFF
    flags = 0
    if wide:
        flags |= FLAG_UINT16_RATE
    if m.contact_supported:
        flags |= FLAG_CONTACT_SUPPORTED
        if m.contact_detected:
            flags |= FLAG_CONTACT_DETECTED
    if m.energy_expended_kj is not None:
        flags |= FLAG_ENERGY_EXPENDED
    if m.rr_intervals_ms:
        flags |= FLAG_RR_INTERVALS
    try:
        parts = [_UINT8.pack(flags), (_UINT16 if wide else _UINT8).pack(m.heart_rate_bpm)]
        if m.energy_expended_kj is not None:
            parts.append(_UINT16.pack(m.energy_expended_kj))
        parts.extend(_UINT16.pack(rr_ms_to_ticks(rr)) for rr in m.rr_intervals_ms)
    except struct.error as error:
        raise ValueError(f"heart rate measurement cannot carry {m}: {error}") from None
    return b"".join(parts)


def parse_battery_level(data: bytes) -> int:
    """Battery Level (0x2A19): one byte, percent 0-100."""
    if len(data) != 1:
        raise PayloadError(f"battery level: expected 1 byte, got {len(data)}")
    percent = data[0]
    if percent > 100:
        raise PayloadError(f"battery level: {percent} % is out of range 0-100")
    return percent


def encode_battery_level(percent: int) -> bytes:
    if not 0 <= percent <= 100:
        raise ValueError(f"battery level {percent} is out of range 0-100")
    return _UINT8.pack(percent)


def parse_text(data: bytes) -> str:
    """A Device Information string (UTF-8, some devices pad with NULs)."""
    try:
        return data.decode("utf-8").rstrip("\x00").strip()
    except UnicodeDecodeError as error:
        raise PayloadError(f"device information: not UTF-8 text ({error.reason})") from None
