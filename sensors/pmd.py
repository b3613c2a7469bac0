"""Polar Measurement Data (PMD): control-point commands and responses, accelerometer frames.

Pure functions over bytes. The format follows Polar's public BLE SDK
(github.com/polarofficial/polar-ble-sdk: ``BlePMDClient.kt``, ``PmdSetting.kt``,
``PmdControlPointResponse.kt``, ``PmdDataFrame.kt``, ``AccData.kt``):

- Control point (write, answered by an indication): ``[op code, measurement type, settings...]``;
  a setting is ``[setting type, count, count values]`` with a fixed little-endian width per type.
- Response: ``[0xF0, op code, measurement type, status, more, parameters...]``.
- The device may also indicate ``[0x01, measurement types...]`` when it stops a stream itself.
- Data frame: ``[measurement type, uint64 timestamp ns (time of the LAST sample), frame type,
  content]``. Frame type bit 7 marks a delta-compressed frame: a reference sample, then blocks
  of ``[delta bit width, sample count, bit-packed signed deltas, least significant bit first]``.

Where a simple reading and the SDK differ, this module follows the SDK, and says so:

- A measurement-type byte is read through the mask ``0x3F`` (``PmdMeasurementType.fromId``):
  its top bits say online or offline recording, not which measurement.
- Setting type 6 (SECURITY, 16 bytes a value, used with offline recording) is a setting like
  any other, not a malformed list.
- Compressed samples scaled by a FACTOR are truncated toward zero in 32-bit floats, as
  ``AccData.kt`` does (a rounding would differ from Polar's own apps by up to 1 mG).
- A delta block of width 0 is read as ``count`` samples equal to the one before (a zero-bit
  delta can only be 0). The SDK would yield no samples for it and so lose them from the
  frame's count; no device has been seen to send one, and keeping the count keeps the sample
  times right.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from itertools import pairwise

from sensors.errors import PayloadError

__all__ = [
    "PMD_CONTROL_UUID",
    "PMD_DATA_UUID",
    "PMD_SERVICE_UUID",
    "RESPONSE_CODE",
    "SETTING_WIDTH",
    "STATUS_TEXT",
    "AccFrame",
    "ControlResponse",
    "MeasurementStopped",
    "MeasurementType",
    "OpCode",
    "SettingType",
    "encode_acc_frame",
    "encode_control_response",
    "encode_features",
    "encode_measurement_stopped",
    "get_settings_request",
    "join_control_responses",
    "parse_control_point",
    "parse_control_response",
    "parse_data_frame",
    "parse_features",
    "sample_times_ns",
    "start_request",
    "stop_request",
]

PMD_SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
PMD_CONTROL_UUID = "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
PMD_DATA_UUID = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"

RESPONSE_CODE = 0xF0
FEATURES_CODE = 0x0F
MEASUREMENT_STOPPED_CODE = 0x01
MEASUREMENT_TYPE_MASK = 0x3F  # the top two bits carry the recording type (online, offline)
_COMPRESSED = 0x80
_FRAME_TYPE_MASK = 0x7F
_AXES = 3

_HEADER = struct.Struct("<BQB")  # measurement type, timestamp ns, frame type
_RESPONSE_HEAD = struct.Struct("<BBBB")  # 0xF0, op code, measurement type, status
_FLOAT32 = struct.Struct("<f")
_UINT32 = struct.Struct("<I")
_RAW_SAMPLE = {1: struct.Struct("<3b"), 2: struct.Struct("<3h")}  # 24-bit is done by hand


class MeasurementType(IntEnum):
    ECG = 0
    PPG = 1
    ACC = 2
    PPI = 3
    GYRO = 5
    MAGNETOMETER = 6
    SKIN_TEMP = 7
    SDK_MODE = 9
    LOCATION = 10
    PRESSURE = 11
    TEMPERATURE = 12
    OFFLINE_RECORDING = 13
    OFFLINE_HR = 14


class SettingType(IntEnum):
    SAMPLE_RATE = 0  # Hz
    RESOLUTION = 1  # bits
    RANGE = 2  # g for ACC, deg/s for GYRO
    RANGE_MILLIUNIT = 3
    CHANNELS = 4
    FACTOR = 5  # IEEE 754 float32 bits: raw unit -> physical unit
    SECURITY = 6  # a 16-byte key, used with offline recording


# Bytes per value of each setting type (PmdSetting.typeToFieldSize in the SDK).
SETTING_WIDTH: dict[SettingType, int] = {
    SettingType.SAMPLE_RATE: 2,
    SettingType.RESOLUTION: 2,
    SettingType.RANGE: 2,
    SettingType.RANGE_MILLIUNIT: 4,
    SettingType.CHANNELS: 1,
    SettingType.FACTOR: 4,
    SettingType.SECURITY: 16,
}


class OpCode(IntEnum):
    GET_MEASUREMENT_SETTINGS = 1
    REQUEST_MEASUREMENT_START = 2
    STOP_MEASUREMENT = 3
    GET_SDK_MODE_MEASUREMENT_SETTINGS = 4
    GET_MEASUREMENT_STATUS = 5
    GET_SDK_MODE_STATUS = 6


# PmdControlPointResponseCode in the SDK, in its order.
STATUS_TEXT: dict[int, str] = {
    0: "success",
    1: "invalid op code",
    2: "invalid measurement type",
    3: "not supported",
    4: "invalid length",
    5: "invalid parameter",
    6: "already in state",
    7: "invalid resolution",
    8: "invalid sample rate",
    9: "invalid range",
    10: "invalid MTU",
    11: "invalid number of channels",
    12: "invalid state",
    13: "device in charger",
    14: "disk full",
}

_OPS_WITH_SETTINGS = frozenset(
    {
        OpCode.GET_MEASUREMENT_SETTINGS,
        OpCode.REQUEST_MEASUREMENT_START,
        OpCode.GET_SDK_MODE_MEASUREMENT_SETTINGS,
    }
)


def _name(enum: type[IntEnum], value: int) -> str:
    try:
        return enum(value).name
    except ValueError:
        return f"unknown ({value})"


# --- control point: requests -------------------------------------------------------------


def get_settings_request(measurement: MeasurementType) -> bytes:
    """Ask which sample rates, resolutions and ranges the device offers for ``measurement``."""
    return bytes((OpCode.GET_MEASUREMENT_SETTINGS, measurement))


def start_request(measurement: MeasurementType, settings: Mapping[SettingType, int]) -> bytes:
    """Start streaming ``measurement`` with one chosen value per setting (ValueError if unfit)."""
    return bytes((OpCode.REQUEST_MEASUREMENT_START, measurement)) + _encode_settings(
        {kind: (value,) for kind, value in settings.items()}
    )


def stop_request(measurement: MeasurementType) -> bytes:
    return bytes((OpCode.STOP_MEASUREMENT, measurement))


def _encode_settings(settings: Mapping[SettingType, Sequence[int]]) -> bytes:
    parts: list[bytes] = []
    for kind in sorted(settings):
        values = settings[kind]
        width = SETTING_WIDTH[SettingType(kind)]
        if not 0 < len(values) <= 0xFF:
            raise ValueError(
                f"{SettingType(kind).name}: between 1 and 255 values, not {len(values)}"
            )
        parts.append(bytes((kind, len(values))))
        for value in values:
            if not 0 <= value < 1 << (8 * width):
                raise ValueError(f"{SettingType(kind).name} {value} does not fit {width} bytes")
            parts.append(value.to_bytes(width, "little"))
    return b"".join(parts)


# --- control point: responses ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ControlResponse:
    """A control-point response (``0xF0 ...``)."""

    op_code: int
    measurement: int  # masked with 0x3F: the measurement type, whatever the recording type
    status: int
    status_text: str
    more: bool  # further packets follow (parse them with continued=True, then join)
    # The values on offer (get-settings) or in force (start: the FACTOR), as unsigned raw
    # field values; empty when the parameters are not settings or ``more`` is set.
    settings: Mapping[SettingType, tuple[int, ...]] = field(default_factory=dict)
    parameters: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def factor(self) -> float | None:
        """The FACTOR setting as the float it encodes (from a start response), if any."""
        values = self.settings.get(SettingType.FACTOR)
        if not values:
            return None
        (factor,) = _FLOAT32.unpack(_UINT32.pack(values[0]))
        return float(factor)

    def describe(self) -> str:
        """One line a person can read, e.g. for ``lumbar decode``."""
        op = _name(OpCode, self.op_code).lower().replace("_", " ")
        measurement = _name(MeasurementType, self.measurement)
        line = f"{op} {measurement}: {self.status_text}"
        return line + (" (more follows)" if self.more else "")


@dataclass(frozen=True, slots=True)
class MeasurementStopped:
    """The device stopped these streams by itself (e.g. it was put on the charger)."""

    measurements: tuple[int, ...]


def parse_control_response(data: bytes, *, continued: bool = False) -> ControlResponse:
    """One response packet. ``continued``: an earlier packet said ``more``, so this one's
    parameters carry on from it and are read only by :func:`join_control_responses`."""
    if len(data) < _RESPONSE_HEAD.size:
        raise PayloadError(f"PMD control response: {len(data)} bytes, need at least 4")
    code, op_code, measurement_byte, status = _RESPONSE_HEAD.unpack_from(data)
    measurement = measurement_byte & MEASUREMENT_TYPE_MASK
    if code != RESPONSE_CODE:
        raise PayloadError(f"PMD control response: starts with 0x{code:02x}, not 0xf0")
    status_text = STATUS_TEXT.get(status, f"unknown error code {status}")
    if status != 0:
        # The SDK ignores anything after the status of a failed command.
        return ControlResponse(op_code, measurement, status, status_text, more=False)
    more = len(data) > 4 and data[4] != 0
    parameters = bytes(data[5:])
    settings: Mapping[SettingType, tuple[int, ...]] = {}
    if op_code in _OPS_WITH_SETTINGS and not (more or continued):
        settings = _parse_settings(parameters)
    return ControlResponse(op_code, measurement, status, status_text, more, settings, parameters)


def join_control_responses(parts: Sequence[ControlResponse]) -> ControlResponse:
    """One response from a first packet and its ``more`` continuations, settings parsed."""
    if not parts:
        raise PayloadError("PMD control response: no packets to join")
    first = parts[0]
    parameters = b"".join(part.parameters for part in parts)
    settings: Mapping[SettingType, tuple[int, ...]] = {}
    if first.ok and first.op_code in _OPS_WITH_SETTINGS:
        settings = _parse_settings(parameters)
    return ControlResponse(
        first.op_code,
        first.measurement,
        first.status,
        first.status_text,
        more=False,
        settings=settings,
        parameters=parameters,
    )


def parse_control_point(data: bytes) -> ControlResponse | MeasurementStopped:
    """Anything the control point indicates: a response, or the device stopping streams."""
    if data[:1] == bytes((MEASUREMENT_STOPPED_CODE,)):
        return MeasurementStopped(tuple(byte & MEASUREMENT_TYPE_MASK for byte in data[1:]))
    return parse_control_response(data)


def encode_control_response(
    op_code: int,
    measurement: int,
    status: int,
    settings: Mapping[SettingType, Sequence[int]] = {},
    *,
    more: bool = False,
    trailing: bytes = b"",
) -> bytes:
    """What a device indicates in answer to a command (for emulated devices and tests).

    ``trailing`` follows the settings: an H10 ends its start answer with a reserved ``01``.
    """
    head = bytes((RESPONSE_CODE, op_code, measurement, status, int(more)))
    return head + _encode_settings(settings) + trailing


def encode_measurement_stopped(measurements: Sequence[int]) -> bytes:
    return bytes((MEASUREMENT_STOPPED_CODE, *measurements))


def _parse_settings(data: bytes) -> dict[SettingType, tuple[int, ...]]:
    settings: dict[SettingType, tuple[int, ...]] = {}
    if len(data) <= 1:
        return settings  # as the SDK's PmdSetting: a lone byte is no setting
    offset = 0
    while offset < len(data):
        if offset + 2 > len(data):
            raise PayloadError("PMD settings: truncated setting header")
        kind_byte, count = data[offset], data[offset + 1]
        offset += 2
        try:
            kind = SettingType(kind_byte)
        except ValueError:
            raise PayloadError(f"PMD settings: unknown setting type 0x{kind_byte:02x}") from None
        width = SETTING_WIDTH[kind]
        end = offset + count * width
        if end > len(data):
            raise PayloadError(f"PMD settings: {kind.name} announces {count} values, truncated")
        settings[kind] = tuple(
            int.from_bytes(data[i : i + width], "little") for i in range(offset, end, width)
        )
        offset = end
    return settings


def parse_features(data: bytes) -> frozenset[MeasurementType]:
    """What a read of the control point says the device can stream (``0x0F`` + bit masks)."""
    if len(data) < 2 or data[0] != FEATURES_CODE:
        raise PayloadError("PMD features: expected 0x0f and at least one bit mask byte")
    found = set()
    for kind in MeasurementType:
        byte, bit = divmod(int(kind), 8)
        if 1 + byte < len(data) and data[1 + byte] & (1 << bit):
            found.add(kind)
    return frozenset(found)


def encode_features(measurements: Sequence[MeasurementType]) -> bytes:
    masks = bytearray(2)
    for kind in measurements:
        byte, bit = divmod(int(kind), 8)
        masks[byte] |= 1 << bit
    return bytes((FEATURES_CODE, *masks))


# --- data frames -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccFrame:
    timestamp_ns: int  # device clock, time of the LAST sample
    samples_mg: tuple[tuple[int, int, int], ...]
    compressed: bool
    frame_type: int = 1  # without the compression bit


def parse_data_frame(data: bytes, *, factor: float = 1.0) -> AccFrame:
    """An accelerometer data frame: raw 8/16/24-bit (types 0-2) or delta-compressed (0x80, 0x81).

    ``factor`` is the FACTOR from the start response. As in the SDK, it scales compressed
    frames only: type 0x80 carries units of ``factor`` g, type 0x81 units of ``factor`` mG;
    scaled values are truncated toward zero in 32-bit floats, as ``AccData.kt`` does.
    """
    if len(data) < _HEADER.size:
        raise PayloadError(f"PMD data frame: {len(data)} bytes, the header alone needs 10")
    measurement_byte, timestamp_ns, frame_byte = _HEADER.unpack_from(data)
    measurement = measurement_byte & MEASUREMENT_TYPE_MASK
    if measurement != MeasurementType.ACC:
        raise PayloadError(
            f"PMD data frame: measurement {_name(MeasurementType, measurement)} is not supported"
        )
    content = data[_HEADER.size :]
    frame_type = frame_byte & _FRAME_TYPE_MASK
    compressed = bool(frame_byte & _COMPRESSED)
    if compressed:
        if frame_type == 0:
            scale = _f32(_f32(factor) * 1000)  # g -> mG, as the SDK's accFactor
        elif frame_type == 1:
            scale = _f32(factor)
        else:
            raise PayloadError(f"PMD data frame: compressed ACC frame type {frame_type} unknown")
        raw = _parse_delta_frame(content, resolution_bits=16)
        samples = raw if scale == 1 else tuple(_scaled(s, scale) for s in raw)
    else:
        if frame_type not in (0, 1, 2):
            raise PayloadError(f"PMD data frame: raw ACC frame type {frame_type} unknown")
        samples = _parse_raw(content, frame_type + 1)
    return AccFrame(timestamp_ns, samples, compressed, frame_type)


def _f32(value: float) -> float:
    """``value`` as a 32-bit float holds it (the SDK scales in Kotlin ``Float``)."""
    (narrowed,) = _FLOAT32.unpack(_FLOAT32.pack(value))
    return float(narrowed)


def _scaled(sample: tuple[int, int, int], scale: float) -> tuple[int, int, int]:
    x, y, z = sample
    # int() truncates toward zero, as Kotlin's Float.toInt().
    return (int(_f32(x * scale)), int(_f32(y * scale)), int(_f32(z * scale)))


def _parse_raw(content: bytes, width: int) -> tuple[tuple[int, int, int], ...]:
    step = width * _AXES
    if not content or len(content) % step:
        raise PayloadError(
            f"PMD data frame: {len(content)} content bytes, not a whole number of "
            f"{step}-byte samples"
        )
    fmt = _RAW_SAMPLE.get(width)
    if fmt is not None:
        return tuple(fmt.iter_unpack(content))
    return tuple(
        (
            int.from_bytes(content[i : i + width], "little", signed=True),
            int.from_bytes(content[i + width : i + 2 * width], "little", signed=True),
            int.from_bytes(content[i + 2 * width : i + step], "little", signed=True),
        )
        for i in range(0, len(content), step)
    )


def _parse_delta_frame(content: bytes, *, resolution_bits: int) -> tuple[tuple[int, int, int], ...]:
    ref_width = (resolution_bits + 7) // 8
    offset = ref_width * _AXES
    if len(content) < offset:
        raise PayloadError("PMD data frame: compressed frame shorter than its reference sample")
    x, y, z = (
        int.from_bytes(content[i : i + ref_width], "little", signed=True)
        for i in range(0, offset, ref_width)
    )
    samples = [(x, y, z)]
    while offset < len(content):
        if offset + 2 > len(content):
            raise PayloadError("PMD data frame: truncated delta block header")
        width, count = content[offset], content[offset + 1]
        offset += 2
        if width > 32:
            raise PayloadError(f"PMD data frame: delta width {width} bits is not 0-32")
        length = (width * count * _AXES + 7) // 8
        if offset + length > len(content):
            raise PayloadError(
                f"PMD data frame: delta block of {count} samples × {width} bits is truncated"
            )
        bits = int.from_bytes(content[offset : offset + length], "little")
        offset += length
        mask = (1 << width) - 1
        sign = 1 << (width - 1) if width else 0
        for _ in range(count):
            deltas = []
            for _axis in range(_AXES):
                value = bits & mask
                bits >>= width
                deltas.append(value - (value & sign) * 2)
            x, y, z = x + deltas[0], y + deltas[1], z + deltas[2]
            samples.append((x, y, z))
    return tuple(samples)


def encode_acc_frame(
    timestamp_ns: int,
    samples_mg: Sequence[tuple[int, int, int]],
    *,
    compressed: bool = False,
    resolution_bits: int = 16,
    max_block_samples: int = 0xFF,
) -> bytes:
    """An ACC data frame: raw (8/16/24-bit, type 0/1/2) or compressed type 0x81 (mG, factor 1).

    Raises ValueError for values the chosen format cannot carry.
    """
    if not samples_mg:
        raise ValueError("an ACC frame needs at least one sample")
    if not 0 <= timestamp_ns < 1 << 64:
        raise ValueError(f"timestamp {timestamp_ns} ns does not fit 64 bits")
    if compressed:
        head = _HEADER.pack(MeasurementType.ACC, timestamp_ns, _COMPRESSED | 1)
        return head + _encode_delta_frame(samples_mg, max_block_samples)
    if resolution_bits not in (8, 16, 24):
        raise ValueError(f"raw ACC frames carry 8, 16 or 24 bits, not {resolution_bits}")
    width = resolution_bits // 8
    head = _HEADER.pack(MeasurementType.ACC, timestamp_ns, width - 1)
    try:
        return head + b"".join(
            value.to_bytes(width, "little", signed=True)
            for sample in samples_mg
            for value in sample
        )
    except OverflowError:
        raise ValueError(f"a sample does not fit {resolution_bits} bits") from None


def _encode_delta_frame(samples: Sequence[tuple[int, int, int]], max_block: int) -> bytes:
    if not 1 <= max_block <= 0xFF:
        raise ValueError(f"a delta block holds 1-255 samples, not {max_block}")
    try:
        parts = [b"".join(v.to_bytes(2, "little", signed=True) for v in samples[0])]
    except OverflowError:
        raise ValueError("the reference sample does not fit 16 bits") from None
    deltas = [
        tuple(b - a for a, b in zip(previous, current, strict=True))
        for previous, current in pairwise(samples)
    ]
    for start in range(0, len(deltas), max_block):
        block = deltas[start : start + max_block]
        width = max(_signed_width(v) for delta in block for v in delta)
        bits = 0
        shift = 0
        for delta in block:
            for value in delta:
                bits |= (value & ((1 << width) - 1)) << shift
                shift += width
        parts.append(bytes((width, len(block))) + bits.to_bytes((shift + 7) // 8, "little"))
    return b"".join(parts)


def _signed_width(value: int) -> int:
    width = (value if value >= 0 else ~value).bit_length() + 1
    if width > 32:
        raise ValueError(f"a delta of {value} needs more than 32 bits")
    return width


def sample_times_ns(
    frame: AccFrame, rate_hz: float, *, previous_timestamp_ns: int | None = None
) -> tuple[int, ...]:
    """Device time of every sample; the frame's timestamp is that of its last sample.

    With the previous frame's timestamp, samples are spread evenly since it (which follows
    the device's real rate, as the SDK does); otherwise they are spaced by ``1/rate_hz``.
    """
    count = len(frame.samples_mg)
    end = frame.timestamp_ns
    if previous_timestamp_ns is not None and 0 <= previous_timestamp_ns < end:
        step = (end - previous_timestamp_ns) / count
    else:
        if rate_hz <= 0:
            raise ValueError(f"sample rate {rate_hz} Hz must be positive")
        step = 1e9 / rate_hz
    return tuple(round(end - step * (count - 1 - i)) for i in range(count))
