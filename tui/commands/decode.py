"""``lumbar decode KIND HEX``: what a captured Bluetooth packet says.

For people adding a device or filing a bug: paste the bytes from a capture (any case,
spaces or colons allowed) and see the fields, or one line saying what is wrong with them.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from sensors.errors import PayloadError
from sensors.gatt import HeartRateMeasurement, parse_battery_level, parse_heart_rate
from sensors.pmd import (
    FEATURES_CODE,
    AccFrame,
    ControlResponse,
    MeasurementStopped,
    MeasurementType,
    SettingType,
    parse_control_point,
    parse_data_frame,
    parse_features,
    sample_times_ns,
)
from tui.commands.common import UsageError, add_json_flag, emit_json

KINDS = ("heart-rate", "battery", "pmd-control", "pmd-data")


def register(commands: Any) -> None:
    decode = commands.add_parser(
        "decode",
        help="what a captured packet says (heart-rate, battery, pmd-control, pmd-data)",
        description="Decode one captured notification, indication or read value.",
    )
    decode.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    decode.add_argument(
        "hex", nargs="+", metavar="HEX", help="the packet's bytes, e.g. '10 4b 00 03' or 10:4B"
    )
    decode.add_argument(
        "--factor",
        type=float,
        default=1.0,
        help="pmd-data: the FACTOR from the start response (compressed frames only)",
    )
    decode.add_argument(
        "--rate", type=float, metavar="HZ", help="pmd-data: sample rate, to show each sample's time"
    )
    add_json_flag(decode)
    decode.set_defaults(handler=_decode)


def parse_hex(parts: list[str]) -> bytes:
    """Bytes from hex as people paste it: '10 4b', '10:4B', '0x10 0x4b', '104b'."""
    tokens = re.split(r"[\s:,\-]+", " ".join(parts))
    text = "".join(token.removeprefix("0x").removeprefix("0X") for token in tokens)
    try:
        data = bytes.fromhex(text)
    except ValueError:
        bad = next((c for c in text if c not in "0123456789abcdefABCDEF"), None)
        what = f"'{bad}' is not a hex digit" if bad else "an odd number of hex digits"
        raise UsageError(f"{what}; give the packet as hex bytes, e.g. '10 4b 00 03'") from None
    if not data:
        raise UsageError("no bytes given; give the packet as hex bytes, e.g. '10 4b 00 03'")
    return data


def _decode(args: argparse.Namespace) -> int:
    data = parse_hex(args.hex)
    try:
        if args.kind == "heart-rate":
            doc, lines = _heart_rate(parse_heart_rate(data))
        elif args.kind == "battery":
            percent = parse_battery_level(data)
            doc, lines = {"battery_percent": percent}, [f"battery  {percent} %"]
        elif args.kind == "pmd-control":
            doc, lines = _control(data)
        else:
            doc, lines = _acc(parse_data_frame(data, factor=args.factor), args.rate)
    except PayloadError as error:
        raise UsageError(
            f"not a valid {args.kind} packet: {error}; check the bytes and that "
            f"'{args.kind}' is where they came from"
        ) from None
    if args.json:
        emit_json({"kind": args.kind, "hex": data.hex(" "), **doc})
    else:
        print("\n".join(lines))
    return 0


def _heart_rate(m: HeartRateMeasurement) -> tuple[dict[str, Any], list[str]]:
    if not m.contact_supported:
        contact = "not supported"
    else:
        contact = "detected" if m.contact_detected else "not detected"
    energy = "not sent" if m.energy_expended_kj is None else f"{m.energy_expended_kj} kJ"
    rr = ", ".join(f"{value:.1f}" for value in m.rr_intervals_ms)
    lines = [
        f"heart rate     {m.heart_rate_bpm} bpm",
        f"sensor contact {contact}",
        f"energy         {energy}",
        f"RR intervals   {rr + ' ms' if rr else 'none'}",
    ]
    doc = {
        "heart_rate_bpm": m.heart_rate_bpm,
        "contact_supported": m.contact_supported,
        "contact_detected": m.contact_detected,
        "energy_expended_kj": m.energy_expended_kj,
        "rr_intervals_ms": list(m.rr_intervals_ms),
    }
    return doc, lines


def _measurement_name(value: int) -> str:
    try:
        return MeasurementType(value).name
    except ValueError:
        return f"unknown ({value})"


def _control(data: bytes) -> tuple[dict[str, Any], list[str]]:
    if data[0] == FEATURES_CODE:
        names = sorted(kind.name for kind in parse_features(data))
        return {"message": "features", "measurements": names}, [
            f"features: {', '.join(names) or 'none'}"
        ]
    message = parse_control_point(data)
    if isinstance(message, MeasurementStopped):
        names = [_measurement_name(m) for m in message.measurements]
        return {"message": "measurement stopped", "measurements": names}, [
            f"the device stopped: {', '.join(names) or 'nothing named'}"
        ]
    return _response(message)


def _setting_values(kind: SettingType, values: tuple[int, ...]) -> list[int | str]:
    """A setting's values; a SECURITY key as the 16 bytes it is, in hex (little-endian)."""
    if kind == SettingType.SECURITY:
        return [value.to_bytes(16, "little").hex() for value in values]
    return list(values)


def _response(r: ControlResponse) -> tuple[dict[str, Any], list[str]]:
    settings = {
        SettingType(kind).name: _setting_values(SettingType(kind), values)
        for kind, values in r.settings.items()
    }
    lines = [r.describe()]
    lines += [f"  {name.lower():<16}{', '.join(map(str, v))}" for name, v in settings.items()]
    if r.factor is not None:
        lines.append(f"  factor = {r.factor:g}")
    if r.parameters and not r.settings:
        lines.append(f"  parameters      {r.parameters.hex(' ')}")
    doc = {
        "message": "response",
        "op_code": r.op_code,
        "measurement": _measurement_name(r.measurement),
        "status": r.status,
        "status_text": r.status_text,
        "ok": r.ok,
        "more": r.more,
        "settings": settings,
        "factor": r.factor,
        "parameters": r.parameters.hex(" "),
    }
    return doc, lines


def _acc(frame: AccFrame, rate_hz: float | None) -> tuple[dict[str, Any], list[str]]:
    if rate_hz is not None and rate_hz <= 0:
        raise UsageError(f"--rate {rate_hz:g} Hz must be positive")
    times = sample_times_ns(frame, rate_hz) if rate_hz else None
    kind = "compressed" if frame.compressed else "raw"
    lines = [
        f"ACC {kind} frame type {frame.frame_type}: {len(frame.samples_mg)} samples, "
        f"last at {frame.timestamp_ns} ns (device clock)",
        "  "
        + "  ".join(f"{h:>7}" for h in ("x mG", "y mG", "z mG"))
        + ("  time ns" if times else ""),
    ]
    for i, (x, y, z) in enumerate(frame.samples_mg):
        line = f"  {x:>7}  {y:>7}  {z:>7}"
        lines.append(line + (f"  {times[i]}" if times else ""))
    doc: dict[str, Any] = {
        "measurement": "ACC",
        "timestamp_ns": frame.timestamp_ns,
        "frame_type": frame.frame_type,
        "compressed": frame.compressed,
        "samples_mg": [list(s) for s in frame.samples_mg],
    }
    if times:
        doc["sample_times_ns"] = list(times)
    return doc, lines
