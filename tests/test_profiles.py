"""Device profiles: discovery, matching, the writes they ask for, and their decoders."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

# Polar SDK vectors, cited where they are defined in test_pmd.py (pytest puts tests/ on the path).
from test_pmd import COMPRESSED_TYPE0, RAW_TYPE1_CONTENT, RAW_TYPE1_HEADER

import sensors.profiles
from sensors.errors import PayloadError
from sensors.gatt import (
    BATTERY_LEVEL_UUID,
    HEART_RATE_MEASUREMENT_UUID,
    HEART_RATE_SERVICE_UUID,
    HeartRateMeasurement,
    encode_battery_level,
    encode_heart_rate,
)
from sensors.pmd import (
    PMD_CONTROL_UUID,
    PMD_DATA_UUID,
    PMD_SERVICE_UUID,
    STATUS_TEXT,
    MeasurementType,
    OpCode,
    SettingType,
    encode_acc_frame,
    encode_control_response,
    parse_control_response,
    start_request,
    stop_request,
)
from sensors.profiles import (
    PROFILES,
    ControlAnswer,
    Decoder,
    MeasurementsHalted,
    Profile,
    by_kind,
    match,
)
from sensors.profiles.polar_pmd import PolarPmdProfile
from sensors.readings import AccelerationBatch, BatteryReading, HeartRateReading

HR = [HEART_RATE_SERVICE_UUID]


def test_every_module_with_a_profile_is_found() -> None:
    assert {p.kind for p in PROFILES} == {"generic-hr", "polar-h10", "polar-verity-sense"}
    assert PROFILES[-1].kind == "generic-hr"  # the least specific is tried last


@pytest.fixture
def extra_profile_module(tmp_path: Path) -> Iterator[str]:
    """A new device module in a folder that is part of the profiles package."""
    (tmp_path / "thingy_test_only.py").write_text(
        "from sensors.profiles.generic_hr import GenericHeartRate\n"
        "PROFILE = GenericHeartRate(kind='thingy', label='Thingy', streams=('hr',),"
        " specificity=5)\n",
        encoding="utf-8",
    )
    sensors.profiles.__path__.append(str(tmp_path))
    try:
        yield "sensors.profiles.thingy_test_only"
    finally:
        sensors.profiles.__path__.remove(str(tmp_path))
        sys.modules.pop("sensors.profiles.thingy_test_only", None)


def test_adding_a_module_is_all_it_takes_to_add_a_device(extra_profile_module: str) -> None:
    found = sensors.profiles._discover()
    assert [p.kind for p in found] == ["polar-h10", "polar-verity-sense", "thingy", "generic-hr"]


@pytest.mark.parametrize(
    ("name", "services", "kind"),
    [
        ("Polar H10 0A1B2C3D", HR, "polar-h10"),
        ("Polar H10 0A1B2C3D", [], "polar-h10"),
        ("Polar Sense B5A7E32F", [PMD_SERVICE_UUID], "polar-verity-sense"),
        ("Polar H9 1234ABCD", HR, "generic-hr"),
        ("Polar H100 1234ABCD", HR, "generic-hr"),
        ("HRM-Dual:123456", ["180D"], "generic-hr"),
        (None, ["0x180d"], "generic-hr"),
        ("Polar H10", [], None),
        ("Bathroom scale", ["0000181d-0000-1000-8000-00805f9b34fb"], None),
    ],
)
def test_match_takes_the_most_specific_profile(
    name: str | None, services: list[str], kind: str | None
) -> None:
    found = match(name, services)
    assert (found.kind if found else None) == kind


def test_by_kind() -> None:
    assert by_kind("polar-h10").label == "Polar H10"
    with pytest.raises(KeyError, match="known: polar-h10"):
        by_kind("movesense")


def test_generic_strap_subscribes_hr_and_battery_if_present() -> None:
    strap = by_kind("generic-hr")
    subs = {s.stream: s for s in strap.subscriptions()}
    assert subs["hr"].characteristic_uuid == HEART_RATE_MEASUREMENT_UUID
    assert subs["battery"].characteristic_uuid == BATTERY_LEVEL_UUID
    assert subs["battery"].optional
    assert not subs["hr"].optional
    assert strap.measurements() == ()


def test_h10_starts_acc_at_200_hz_16_bits_4_g_and_stops_it() -> None:
    h10 = by_kind("polar-h10")
    assert h10.acc_rate_hz == 200
    assert {"hr", "rr", "acc", "battery"} <= set(h10.streams)
    # Heart rate is its own: subscribed to, needed. Motion is a measurement, started apart.
    assert {s.stream for s in h10.subscriptions()} == {"hr", "battery"}
    (acc,) = h10.measurements()
    assert (acc.stream, acc.label) == ("acc", "motion")
    assert (acc.control.stream, acc.control.characteristic_uuid) == (
        "pmd-control",
        PMD_CONTROL_UUID,
    )
    assert (acc.data.stream, acc.data.characteristic_uuid) == ("acc", PMD_DATA_UUID)
    assert acc.start == bytes.fromhex("02 02 00 01 c800 01 01 1000 02 01 0400")
    assert acc.stop == stop_request(MeasurementType.ACC)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("F0 02 02 00 00 01", ControlAnswer(ok=True)),  # the H10's own (the PMD spec, p.10)
        (
            "F0 02 02 06 00",
            ControlAnswer(
                ok=False,
                already_running=True,
                why="it says one is running already, and stopping it did not help "
                "(already in state)",
            ),
        ),
        ("F0 02 02 0D 00", ControlAnswer(ok=False, why="it is on its charger (device in charger)")),
        ("F0 02 02 0C 00", ControlAnswer(ok=False, why="it is busy (invalid state)")),
        (
            "F0 02 02 0A 00",
            ControlAnswer(
                ok=False,
                lasting=True,
                mtu_too_small=True,
                why="the Bluetooth link's packets are too small for it (invalid MTU)",
            ),
        ),
        (
            "F0 02 02 08 00",
            ControlAnswer(
                ok=False, lasting=True, why="it did not take the sample rate (invalid sample rate)"
            ),
        ),
        ("F0 02 02 63 00", ControlAnswer(ok=False, why="it refused (unknown error code 99)")),
    ],
)
def test_pmd_answers_say_what_to_do_next(answer: str, expected: ControlAnswer) -> None:
    assert by_kind("polar-h10").read_control(bytes.fromhex(answer)) == expected


@pytest.mark.parametrize("status", range(1, 15))
def test_every_refusal_is_read_with_its_sdk_name(status: int) -> None:
    answer = by_kind("polar-h10").read_control(bytes((0xF0, 2, 2, status, 0)))
    assert isinstance(answer, ControlAnswer)
    assert not answer.ok
    assert answer.why.endswith(f"({STATUS_TEXT[status]})")
    # Only a running measurement, a busy device and a charger may pass by themselves.
    assert answer.lasting is (status not in (6, 12, 13))


def test_the_device_stopping_acc_by_itself_is_read_as_halted() -> None:
    """BlePMDClient.kt, processPmdCpCommand: ``01`` then the stopped measurement types."""
    h10 = by_kind("polar-h10")
    assert h10.read_control(bytes.fromhex("01 02")) == MeasurementsHalted(("acc",))
    assert h10.read_control(bytes.fromhex("01 00")) == MeasurementsHalted(())  # ECG: not ours


def test_verity_sense_starts_acc_at_52_hz() -> None:
    sense = by_kind("polar-verity-sense")
    (acc,) = sense.measurements()
    expected = {
        SettingType.SAMPLE_RATE: 52,
        SettingType.RESOLUTION: 16,
        SettingType.RANGE: 8,
        SettingType.CHANNELS: 3,
    }
    assert acc.start == start_request(MeasurementType.ACC, expected)
    assert "rr" not in sense.streams


def test_a_rate_the_device_does_not_offer_is_refused() -> None:
    h10 = by_kind("polar-h10")
    assert isinstance(h10, PolarPmdProfile)
    slower = dataclasses.replace(h10, acc_rate_hz=50)
    assert slower.measurements()[0].start[4:6] == (50).to_bytes(2, "little")
    with pytest.raises(ValueError, match="25, 50, 100, 200 Hz"):
        dataclasses.replace(h10, acc_rate_hz=150)


def _started(profile: Profile, factor_bits: int | None = None) -> Decoder:
    decoder = profile.new_decoder("AA:BB")
    settings = {} if factor_bits is None else {SettingType.FACTOR: [factor_bits]}
    response = encode_control_response(
        OpCode.REQUEST_MEASUREMENT_START, MeasurementType.ACC, 0, settings
    )
    assert decoder.decode("pmd-control", response, 9.0) == []
    return decoder


def test_heart_rate_and_battery_readings_carry_the_arrival_time() -> None:
    decoder = by_kind("polar-h10").new_decoder("AA:BB")
    m = HeartRateMeasurement(61, True, True, None, (983.3984375, 1001.953125))
    (hr,) = decoder.decode("hr", encode_heart_rate(m), 12.5)
    assert hr == HeartRateReading("AA:BB", 12.5, 61, m.rr_intervals_ms, True, None)
    (battery,) = decoder.decode("battery", encode_battery_level(80), 13.0)
    assert battery == BatteryReading("AA:BB", 13.0, 80)


def test_h10_acc_frames_become_batches_on_the_host_clock() -> None:
    decoder = by_kind("polar-h10").new_decoder("AA:BB")
    batches: list[AccelerationBatch] = []
    for k in range(20):
        stamp_ns = 5_000_000_000 + (k + 1) * 36 * 5_000_000
        frame = encode_acc_frame(stamp_ns, [(k, -k, 1000)] * 36)
        (batch,) = decoder.decode("acc", frame, 100.0 + (k + 1) * 0.18 + 0.01)
        assert isinstance(batch, AccelerationBatch)
        batches.append(batch)
    assert all(b.rate_hz == 200 and len(b.t_s) == len(b.acc_mg) == 36 for b in batches)
    times = [t for b in batches for t in b.t_s]
    assert all(b > a for a, b in itertools.pairwise(times))
    assert times[-1] - times[0] == pytest.approx((20 * 36 - 1) / 200, rel=0.01)


def test_the_sdk_raw_frame_through_a_verity_decoder() -> None:
    decoder = by_kind("polar-verity-sense").new_decoder("CC:DD")
    (batch,) = decoder.decode("acc", bytes.fromhex(RAW_TYPE1_HEADER + RAW_TYPE1_CONTENT), 50.0)
    assert isinstance(batch, AccelerationBatch)
    assert batch.acc_mg[0] == (-9, -1, 999)
    assert batch.t_s[-1] == 50.0
    assert batch.t_s[-1] - batch.t_s[0] == pytest.approx(35 / 52)


def test_the_factor_of_the_start_response_scales_compressed_frames() -> None:
    (bits,) = struct.unpack("<I", struct.pack("<f", 2.44e-4))  # the SDK test's factor
    factor = parse_control_response(
        encode_control_response(2, 2, 0, {SettingType.FACTOR: [bits]})
    ).factor
    assert factor is not None
    assert factor == pytest.approx(2.44e-4, rel=1e-6)
    decoder = _started(by_kind("polar-verity-sense"), factor_bits=bits)
    (batch,) = decoder.decode("acc", COMPRESSED_TYPE0, 50.0)
    assert isinstance(batch, AccelerationBatch)
    # Raw units of the SDK frame's reference sample, scaled and truncated as the SDK does
    # (1905 × 0.244 = 464.8 mG -> 464).
    assert batch.acc_mg[0] == (464, 6679, -7144)


def test_a_repeated_frame_is_refused_but_a_gap_is_not() -> None:
    decoder = by_kind("polar-h10").new_decoder("AA:BB")
    frame = encode_acc_frame(10_000_000_000, [(0, 0, 1000)] * 10)
    decoder.decode("acc", frame, 1.0)
    with pytest.raises(PayloadError, match="repeats"):
        decoder.decode("acc", frame, 1.05)
    later = encode_acc_frame(10_500_000_000, [(0, 0, 1000)] * 10)  # 40 frames went missing
    (batch,) = decoder.decode("acc", later, 1.5)
    assert isinstance(batch, AccelerationBatch)
    assert batch.t_s[1] - batch.t_s[0] == pytest.approx(0.005, rel=0.02)  # nominal spacing


def test_a_frame_beyond_any_wearables_range_is_a_payload_error() -> None:
    """A 24-bit frame that parses but says 100 g is damaged: skipped and counted by the hub,
    never handed on (a session would fail to store it in 16 bits)."""
    decoder = by_kind("polar-h10").new_decoder("AA:BB")
    frame = encode_acc_frame(10_000_000_000, [(0, 0, 100_000)] * 10, resolution_bits=24)
    with pytest.raises(PayloadError, match="beyond"):
        decoder.decode("acc", frame, 1.0)
    fine = encode_acc_frame(10_100_000_000, [(0, 0, 32_000)] * 10, resolution_bits=24)
    (batch,) = decoder.decode("acc", fine, 1.1)
    assert isinstance(batch, AccelerationBatch)


def test_a_stream_the_profile_does_not_have_is_a_payload_error() -> None:
    with pytest.raises(PayloadError, match="no decoder for stream 'acc'"):
        by_kind("generic-hr").new_decoder("x").decode("acc", b"\x02", 0.0)


@given(
    stream=st.sampled_from(["hr", "battery", "acc", "pmd-control"]),
    data=st.binary(max_size=120),
    kind=st.sampled_from(["generic-hr", "polar-h10", "polar-verity-sense"]),
)
def test_decoders_raise_only_payload_error_on_random_bytes(
    stream: str, data: bytes, kind: str
) -> None:
    decoder = by_kind(kind).new_decoder("x")
    with contextlib.suppress(PayloadError):
        for reading in decoder.decode(stream, data, 1.0):
            assert reading.device == "x"
