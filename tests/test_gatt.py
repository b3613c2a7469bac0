"""Heart Rate Measurement, Battery Level and Device Information parsing (sensors/gatt.py)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensors.errors import PayloadError
from sensors.gatt import (
    BATTERY_LEVEL_UUID,
    DEVICE_INFORMATION_UUIDS,
    HEART_RATE_MEASUREMENT_UUID,
    HEART_RATE_SERVICE_UUID,
    HeartRateMeasurement,
    encode_battery_level,
    encode_heart_rate,
    parse_battery_level,
    parse_heart_rate,
    parse_text,
    rr_ms_to_ticks,
)

# Vectors from Polar's SDK tests: polarofficial/polar-ble-sdk,
# sources/Android/android-communications/library/src/test/java/com/polar/
# androidcommunications/api/ble/model/gatt/client/BleHrClientTest.kt
SDK = "polar-ble-sdk BleHrClientTest.kt"


def test_uuids_are_lowercase_128_bit() -> None:
    assert HEART_RATE_SERVICE_UUID == "0000180d-0000-1000-8000-00805f9b34fb"
    assert HEART_RATE_MEASUREMENT_UUID == "00002a37-0000-1000-8000-00805f9b34fb"
    assert BATTERY_LEVEL_UUID == "00002a19-0000-1000-8000-00805f9b34fb"
    assert DEVICE_INFORMATION_UUIDS["manufacturer_name"] == "00002a29-0000-1000-8000-00805f9b34fb"


@pytest.mark.parametrize(
    ("hex_bytes", "bpm"),
    [("00ff", 255), ("007f", 127), ("018080", 32896), ("017f7f", 32639)],
    ids=[f"{SDK} uint8 255", "uint8 127", "uint16 32896", "uint16 32639"],
)
def test_rate_format_bit0_selects_8_or_16_bits(hex_bytes: str, bpm: int) -> None:
    assert parse_heart_rate(bytes.fromhex(hex_bytes)).heart_rate_bpm == bpm


@pytest.mark.parametrize(
    ("flags", "supported", "detected"),
    [
        (0x06, True, True),  # BleHrClientTest.test_SensorContactSupported, frame 0
        (0x04, True, False),  # ... frame 1
        (0x02, False, None),  # test_SensorContactNotSupported: status bit alone means nothing
        (0x00, False, None),
    ],
)
def test_contact_bit2_is_supported_and_bit1_detected(
    flags: int, supported: bool, detected: bool | None
) -> None:
    m = parse_heart_rate(bytes((flags, 0x00)))
    assert (m.contact_supported, m.contact_detected) == (supported, detected)


@pytest.mark.parametrize(
    ("hex_bytes", "bpm", "energy_kj"),
    [("090000ffff", 0, 65535), ("08007f80", 0, 32895)],  # BleHrClientTest.test_EnergyExpended
)
def test_energy_expended_bit3(hex_bytes: str, bpm: int, energy_kj: int) -> None:
    m = parse_heart_rate(bytes.fromhex(hex_bytes))
    assert (m.heart_rate_bpm, m.energy_expended_kj, m.rr_intervals_ms) == (bpm, energy_kj, ())


@pytest.mark.parametrize(
    ("hex_bytes", "ticks"),
    [("1000ffff", (65535,)), ("110000ffff7f80", (65535, 32895))],  # ...test_RRinterval
)
def test_rr_bit4_in_1024ths_of_a_second_become_milliseconds(
    hex_bytes: str, ticks: tuple[int, ...]
) -> None:
    m = parse_heart_rate(bytes.fromhex(hex_bytes))
    assert m.rr_intervals_ms == tuple(t * 1000 / 1024 for t in ticks)


def test_a_typical_strap_packet_has_rr_in_milliseconds_not_ticks() -> None:
    # flags 0x16: contact supported + detected, RR present; 72 bpm; RR 0x0352 = 850 ticks.
    m = parse_heart_rate(bytes.fromhex("164852 03"))
    assert m == HeartRateMeasurement(72, True, True, None, (830.078125,))


@pytest.mark.parametrize("bit", range(8))
def test_every_flag_bit_alone(bit: int) -> None:
    """Each bit with the smallest payload it needs; reserved bits 5-7 are ignored."""
    flags = 1 << bit
    payload = {0: b"\x48\x00", 3: b"\x48\x10\x00", 4: b"\x48\x00\x04"}.get(bit, b"\x48")
    m = parse_heart_rate(bytes((flags,)) + payload)
    assert m.heart_rate_bpm == 0x48
    assert m.contact_supported is (bit == 2)
    assert m.contact_detected is (False if bit == 2 else None)
    assert m.energy_expended_kj == (0x10 if bit == 3 else None)
    assert m.rr_intervals_ms == ((1000.0,) if bit == 4 else ())


@pytest.mark.parametrize(
    ("hex_bytes", "what"),
    [
        ("", "empty"),
        ("00", "too short"),
        ("0148", "16-bit rate"),
        ("0848 10", "energy"),
        ("1048 0004 01", "whole number"),
        ("0048 00", "trailing"),
    ],
)
def test_truncated_or_malformed_packets_say_what_is_wrong(hex_bytes: str, what: str) -> None:
    with pytest.raises(PayloadError, match=what):
        parse_heart_rate(bytes.fromhex(hex_bytes))


flag_combinations = st.builds(
    HeartRateMeasurement,
    heart_rate_bpm=st.integers(0, 0xFFFF),
    contact_supported=st.booleans(),
    contact_detected=st.none(),
    energy_expended_kj=st.none() | st.integers(0, 0xFFFF),
    rr_intervals_ms=st.just(()),
)


@given(
    m=flag_combinations,
    contact=st.booleans(),
    wide=st.booleans(),
    # 20 bytes fit the default ATT MTU; a 16-bit rate and energy leave room for 7 RR values,
    # and a larger MTU for more: any length is accepted.
    rr_ticks=st.lists(st.integers(0, 0xFFFF), max_size=250),
)
def test_encode_then_parse_round_trips_every_flag_combination(
    m: HeartRateMeasurement, contact: bool, wide: bool, rr_ticks: list[int]
) -> None:
    value = HeartRateMeasurement(
        heart_rate_bpm=m.heart_rate_bpm,
        contact_supported=m.contact_supported,
        contact_detected=contact if m.contact_supported else None,
        energy_expended_kj=m.energy_expended_kj,
        rr_intervals_ms=tuple(t * 1000 / 1024 for t in rr_ticks),
    )
    data = encode_heart_rate(value, wide=wide)
    assert parse_heart_rate(data) == value
    assert bool(data[0] & 1) == (wide or value.heart_rate_bpm > 255)


def test_rr_milliseconds_round_to_whole_ticks() -> None:
    assert rr_ms_to_ticks(1000.0) == 1024
    assert rr_ms_to_ticks(830.1) == 850


def test_encode_rejects_what_the_format_cannot_carry() -> None:
    with pytest.raises(ValueError, match="cannot carry"):
        encode_heart_rate(HeartRateMeasurement(70, False, None, 70000, ()))


@given(st.binary(max_size=64))
def test_random_bytes_raise_only_payload_error(data: bytes) -> None:
    try:
        m = parse_heart_rate(data)
    except PayloadError:
        return
    assert 0 <= m.heart_rate_bpm <= 0xFFFF
    assert all(0 <= rr < 64000 for rr in m.rr_intervals_ms)


@pytest.mark.parametrize("percent", [0, 1, 57, 100])
def test_battery_round_trip(percent: int) -> None:
    assert parse_battery_level(encode_battery_level(percent)) == percent


@pytest.mark.parametrize(
    ("hex_bytes", "what"), [("", "1 byte"), ("6400", "1 byte"), ("65", "0-100")]
)
def test_bad_battery_level(hex_bytes: str, what: str) -> None:
    with pytest.raises(PayloadError, match=what):
        parse_battery_level(bytes.fromhex(hex_bytes))


@given(st.binary(max_size=8))
def test_random_battery_bytes_raise_only_payload_error(data: bytes) -> None:
    with contextlib.suppress(PayloadError):
        assert 0 <= parse_battery_level(data) <= 100


def test_device_information_text() -> None:
    assert parse_text(b"Polar Electro Oy\x00") == "Polar Electro Oy"
    with pytest.raises(PayloadError, match="UTF-8"):
        parse_text(b"\xff\xfe")


@given(st.binary(max_size=32))
def test_random_text_raises_only_payload_error(data: bytes) -> None:
    with contextlib.suppress(PayloadError):
        assert isinstance(parse_text(data), str)
