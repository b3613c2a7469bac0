"""Polar Measurement Data: control point and accelerometer frames (sensors/pmd.py).

Real vectors come from Polar's SDK tests, polarofficial/polar-ble-sdk, under
sources/Android/android-communications/library/src/test/java/com/polar/androidcommunications/
api/ble/model/gatt/client/pmd/ (named per vector below as ``pmd/...``), and from Polar's
"Measurement Data Specification for 3rd Party" (``SPEC`` below): the file
technical_documentation/Polar_Measurement_Data_Specification.pdf in the same repository, read
at commit b18dfc58 (12 pages; the file was removed from the tree in 3b520182). Its pages 9-11
are sequence diagrams with an H10 and a Verity Sense as the examples.
"""

from __future__ import annotations

import contextlib
import itertools
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensors.errors import PayloadError
from sensors.pmd import (
    STATUS_TEXT,
    AccFrame,
    ControlResponse,
    MeasurementStopped,
    MeasurementType,
    OpCode,
    SettingType,
    encode_acc_frame,
    encode_control_response,
    encode_features,
    encode_measurement_stopped,
    get_settings_request,
    join_control_responses,
    parse_control_point,
    parse_control_response,
    parse_data_frame,
    parse_features,
    sample_times_ns,
    start_request,
    stop_request,
)

# pmd/model/AccDataTest.kt, "process acc raw data frame type 1": a 52 Hz raw 16-bit frame.
RAW_TYPE1_HEADER = "02 00943577 00000000 01"
RAW_TYPE1_CONTENT = (
    "F7FFFFFFE703 F8FFFEFFE503 F9FFFFFFE503 FAFFFFFFE603 FAFFFEFFE603 F9FFFFFFE503 F8FFFFFFE603 "
    "F8FFFEFFE603 FAFFFFFFE503 FAFFFFFFE703 FAFFFFFFE503 F8FFFFFFE603 F7FFFFFFE603 F8FFFEFFE603 "
    "F9FFFEFFE703 F9FF0000E603 F9FFFFFFE603 F7FFFEFFE503 F9FFFFFFE503 F9FFFFFFE503 FAFF0000E603 "
    "F9FFFEFFE603 F8FFFFFFE603 F8FFFFFFE503 F9FFFFFFE603 F9FFFFFFE503 FAFFFFFFE603 F9FFFFFFE503 "
    "F9FFFFFFE503 F8FFFEFFE603 F9FFFFFFE603 F9FFFFFFE603 F9FF0000E503 F9FFFEFFE603 F8FFFEFFE603 "
    "F7FFFEFFE603"
)

# pmd/model/AccDataTest.kt, "process acc compressed data type 0": 1 reference + 56 deltas of
# 10 bits, in units of the start response's factor (2.44e-4 g in the test).
COMPRESSED_TYPE0 = bytes.fromhex(
    "02 00943577 00000000 80"
    "71 07 F0 6A 9E 8D 0A 38 BE 5C BE BA 2F 96 B3 EE 4B E5 AD FB 42 B9 EB BE 4C FE BA 2F 92 BF"
    "EE 4B E4 B1 FB 12 B9 EC BD 3C 3E BB 2F 8F D3 DE 4B E3 B5 F7 D2 B8 ED BD 30 7E 7B 2F 8B E3"
    "CE 8B E2 BA F7 A2 B8 EE BC 20 BE 7B 2F 88 F3 CE CB E1 BD EF 52 F8 EF BC 18 FE 3B 2F 84 03"
    "BF CB E0 C2 EF 32 B8 F0 BB 04 4E BC 2E 81 13 AF 0B E0 C6 EF F2 F7 F1 B9 FC 7D BC 2E 7D 27"
    "9F 4B DF CA EB C2 F7 F2 B8 EC CD 7C 2E 7B 37 8F 4B DE CE E3 92 F7 F3 B8 E0 0D FD 2D 77 4B"
    "7F CB DD D2 DF 62 37 F5 B7 D4 4D BD 2D 74 5B 6F CB DC D7 D7 32 37 F6 B5 C8 8D 7D 2D 71 6B"
    "4F 4B DC DC D3 F2 36 F7 B4 BC DD FD 2C 6F 7B 3F 4B DB E0 CF D2 36 F8 B2 B0 2D BE 2C 6C 8F"
    "1F CB DA E3 C7 A2 76 F9"
)

# pmd/model/AccDataTest.kt, "process acc compressed data type 1": reference + one 6-bit delta.
COMPRESSED_TYPE1 = bytes.fromhex("02 6500000000000000 81 F1FF 1400 F003 06 01 7B0F08")


# --- control point -----------------------------------------------------------------------


def test_requests() -> None:
    assert get_settings_request(MeasurementType.ACC) == bytes.fromhex("01 02")
    assert stop_request(MeasurementType.ACC) == bytes.fromhex("03 02")
    # The H10 ACC start widely used with Polar straps: 200 Hz, 16 bits, ±8 g.
    start = start_request(
        MeasurementType.ACC,
        {SettingType.RANGE: 8, SettingType.SAMPLE_RATE: 200, SettingType.RESOLUTION: 16},
    )
    assert start == bytes.fromhex("02 02 00 01 c800 01 01 1000 02 01 0800")


def test_start_request_rejects_values_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        start_request(MeasurementType.ACC, {SettingType.SAMPLE_RATE: 70000})


def test_sdk_success_response_keeps_its_unparseable_parameters_out_of_settings() -> None:
    # pmd/BlePmdClientControlPointResponseTest.kt "success control point response for acc
    # stream settings": F0 01 02 00 00 FF FF FF ("some data", not a settings list).
    with pytest.raises(PayloadError, match="unknown setting type 0xff"):
        parse_control_response(bytes.fromhex("F0 01 02 00 00 FF FF FF"))


def test_sdk_failing_response() -> None:
    # pmd/BlePmdClientControlPointResponseTest.kt "failing control point response for mag".
    r = parse_control_response(bytes.fromhex("F0 01 06 07 00"))
    assert (r.op_code, r.measurement, r.status, r.more) == (
        1,
        MeasurementType.MAGNETOMETER,
        7,
        False,
    )
    assert r.status_text == "invalid resolution"
    assert not r.ok


def test_sdk_settings_list() -> None:
    # pmd/PmdSettingTest.kt testPmdSettingsWithRange: the parameters of a get-settings response.
    params = "00 01 3400 01 01 1000 02 04 F500 F401 E803 D007 04 01 03"
    r = parse_control_response(bytes.fromhex("F0 01 05 00 00" + params))
    assert r.ok
    assert r.settings == {
        SettingType.SAMPLE_RATE: (52,),
        SettingType.RESOLUTION: (16,),
        SettingType.RANGE: (245, 500, 1000, 2000),
        SettingType.CHANNELS: (3,),
    }


def test_h10_acc_settings_round_trip() -> None:
    # What an H10 offers for ACC (documentation/products/PolarH10.md in the SDK).
    offered = {
        SettingType.SAMPLE_RATE: (25, 50, 100, 200),
        SettingType.RESOLUTION: (16,),
        SettingType.RANGE: (2, 4, 8),
    }
    data = encode_control_response(OpCode.GET_MEASUREMENT_SETTINGS, MeasurementType.ACC, 0, offered)
    assert data.hex(" ") == (
        "f0 01 02 00 00 00 04 19 00 32 00 64 00 c8 00 01 01 10 00 02 03 02 00 04 00 08 00"
    )
    r = parse_control_response(data)
    assert r.ok
    assert r.settings == offered
    assert "get measurement settings ACC" in r.describe()


# --- SPEC pages 9-11: what a real H10 and Verity Sense sent ---------------------------------


def test_spec_h10_acc_settings_answer() -> None:
    """SPEC p.9, "Host requests acc stream settings", H10 response used as example."""
    r = parse_control_response(
        bytes.fromhex(
            "F0 01 02 00 00 00 04 19 00 32 00 64 00 C8 00 01 01 10 00 02 03 02 00 04 00 08 00"
        )
    )
    assert (r.op_code, r.measurement, r.ok, r.more) == (1, MeasurementType.ACC, True, False)
    assert r.settings == {
        SettingType.SAMPLE_RATE: (25, 50, 100, 200),
        SettingType.RESOLUTION: (16,),
        SettingType.RANGE: (2, 4, 8),
    }


def test_spec_h10_start_and_stop_answers() -> None:
    """SPEC p.10 "Host requests start acc stream" (the last byte: "0x01 = reserved") and
    p.11 "Host stops ACC stream", both with an H10."""
    start = parse_control_response(bytes.fromhex("F0 02 02 00 00 01"))
    assert (start.op_code, start.measurement, start.ok) == (2, MeasurementType.ACC, True)
    assert start.settings == {}  # a lone reserved byte is no setting
    assert start.factor is None
    stop = parse_control_response(bytes.fromhex("F0 03 02 00 00"))
    assert (stop.op_code, stop.measurement, stop.ok) == (3, MeasurementType.ACC, True)
    # What the emulated H10 answers is these very bytes.
    assert encode_control_response(2, 2, 0, trailing=b"\x01") == bytes.fromhex("F0 02 02 00 00 01")
    assert encode_control_response(3, 2, 0) == bytes.fromhex("F0 03 02 00 00")


def test_spec_h10_acc_frame() -> None:
    """SPEC p.10: the first bytes of an H10 raw 16-bit ACC frame. The diagram prints the
    x of the first sample as -184 mG, but 0xFF45 is -187 (the diagram's slip)."""
    frame = parse_data_frame(
        bytes.fromhex("02 EA 54 A2 42 8B 45 52 08 01 45 FF E4 FF B5 03 45 FF E4 FF B8 03")
    )
    assert frame.timestamp_ns == 599618164814402794
    assert (frame.compressed, frame.frame_type) == (False, 1)
    assert frame.samples_mg == ((-187, -28, 949), (-187, -28, 952))


def test_spec_verity_start_answer_carries_a_factor() -> None:
    """SPEC p.10, "Host requests start acc stream (delta framed)", Verity Sense: FACTOR
    0x397FDA40 = 0.000243999995291 (g per unit)."""
    r = parse_control_response(bytes.fromhex("F0 02 02 00 00 05 01 40 DA 7F 39"))
    assert r.ok
    assert r.settings == {SettingType.FACTOR: (0x397FDA40,)}
    assert r.factor == pytest.approx(0.000243999995291, rel=1e-9)


def test_spec_verity_delta_frame() -> None:
    """SPEC p.10 and p.8, "Delta frame sample example from Polar Verity Sense": frame type
    0x80, reference (-48, 357, 4068) in units of the factor, then 8-bit deltas (-4, +7, -1)
    and (+12, +19, -14). The spec's block counts 29 samples and goes on ("..."); here its
    count is cut to the two deltas it shows."""
    data = bytes.fromhex("02 64 6C 76 C4 3C C6 7F 07 80 D0 FF 65 01 E4 0F 08 02 FC 07 FF 0C 13 F2")
    units = parse_data_frame(data, factor=0.001)  # 0.001 g a unit: mG are the units
    assert units.timestamp_ns == 540368444604181604
    assert (units.compressed, units.frame_type) == (True, 0)
    assert units.samples_mg == ((-48, 357, 4068), (-52, 364, 4067), (-40, 383, 4053))
    factor = parse_control_response(bytes.fromhex("F0 02 02 00 00 05 01 40 DA 7F 39")).factor
    assert factor is not None
    # 4068 units × 0.244 mG = 992.6 mG: the strap lies flat, about 1 g on z.
    assert parse_data_frame(data, factor=factor).samples_mg[0] == (-11, 87, 992)


def test_a_security_setting_is_a_setting_not_a_malformed_list() -> None:
    """Setting type 6 is SECURITY, 16 bytes a value (PmdSetting.kt, typeToFieldSize)."""
    key = bytes(range(16))
    r = parse_control_response(
        bytes.fromhex("F0 01 02 00 00 00 01 3400 06 01") + key + bytes.fromhex("04 01 03")
    )
    assert r.settings == {
        SettingType.SAMPLE_RATE: (52,),
        SettingType.SECURITY: (int.from_bytes(key, "little"),),
        SettingType.CHANNELS: (3,),
    }


def test_the_measurement_type_is_read_through_the_sdks_mask() -> None:
    """PmdMeasurementType.fromId masks with 0x3F: the top bits are the recording type."""
    frame = bytes.fromhex("42 0000000000000000 01 0100 0200 0300")  # 0x42 & 0x3F == ACC
    assert parse_data_frame(frame).samples_mg == ((1, 2, 3),)
    assert parse_control_response(bytes.fromhex("F0 02 82 00 00")).measurement == 2
    assert parse_control_point(bytes.fromhex("01 82")) == MeasurementStopped((2,))


def test_a_lone_parameter_byte_is_no_setting_as_in_the_sdk() -> None:
    assert parse_control_response(bytes.fromhex("F0 02 02 00 00 00")).settings == {}


def test_factor_from_a_start_response() -> None:
    bits = int.from_bytes(bytes.fromhex("0000803a"), "little")  # float32 0.0009765625
    data = encode_control_response(
        OpCode.REQUEST_MEASUREMENT_START, MeasurementType.ACC, 0, {SettingType.FACTOR: [bits]}
    )
    assert parse_control_response(data).factor == 2**-10


@pytest.mark.parametrize("status", sorted(STATUS_TEXT))
def test_every_status_code_has_its_sdk_name(status: int) -> None:
    r = parse_control_response(encode_control_response(2, MeasurementType.ACC, status))
    assert r.status_text == STATUS_TEXT[status]
    assert r.ok is (status == 0)


def test_status_names_follow_the_sdk() -> None:
    assert [STATUS_TEXT[i] for i in (0, 6, 10, 13)] == [
        "success",
        "already in state",
        "invalid MTU",
        "device in charger",
    ]
    assert parse_control_response(bytes.fromhex("F0 02 02 63 00")).status_text == (
        "unknown error code 99"
    )


def test_continued_responses_are_joined_before_their_settings_are_read() -> None:
    whole = encode_control_response(
        OpCode.GET_MEASUREMENT_SETTINGS,
        MeasurementType.ACC,
        0,
        {SettingType.SAMPLE_RATE: (25, 50, 100, 200), SettingType.RANGE: (2, 4, 8)},
    )
    params = whole[5:]
    first = parse_control_response(whole[:4] + b"\x01" + params[:5])  # cut mid-setting
    last = parse_control_response(whole[:4] + b"\x00" + params[5:], continued=True)
    assert first.more
    assert first.settings == {}
    joined = join_control_responses([first, last])
    assert joined.settings == parse_control_response(whole).settings


def test_device_stopping_a_stream() -> None:
    # pmd/BlePmdClientTest.kt "process measurement stop control point command": 01 01 02.
    assert parse_control_point(bytes.fromhex("01 01 02")) == MeasurementStopped((1, 2))
    assert encode_measurement_stopped([1, 2]) == bytes.fromhex("01 01 02")
    assert isinstance(parse_control_point(bytes.fromhex("F0 03 02 00 00")), ControlResponse)


def test_features_read() -> None:
    assert parse_features(bytes.fromhex("0f 05 00")) == {MeasurementType.ECG, MeasurementType.ACC}
    kinds = [MeasurementType.ACC, MeasurementType.GYRO, MeasurementType.SDK_MODE]
    assert parse_features(encode_features(kinds)) == set(kinds)


@given(st.binary(max_size=40))
def test_random_control_bytes_raise_only_payload_error(data: bytes) -> None:
    for parse in (parse_control_point, parse_control_response, parse_features):
        with contextlib.suppress(PayloadError):
            parse(data)


@given(
    op=st.sampled_from(OpCode),
    status=st.integers(0, 14),
    settings=st.dictionaries(
        st.sampled_from([SettingType.SAMPLE_RATE, SettingType.RESOLUTION, SettingType.RANGE]),
        st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=6).map(tuple),
    ),
)
def test_control_response_round_trip(
    op: OpCode, status: int, settings: dict[SettingType, tuple[int, ...]]
) -> None:
    r = parse_control_response(encode_control_response(op, MeasurementType.ACC, status, settings))
    assert (r.op_code, r.status) == (op, status)
    has_settings = status == 0 and op in (1, 2, 4)
    assert r.settings == (settings if has_settings else {})


# --- data frames -------------------------------------------------------------------------


def test_sdk_raw_type1_frame() -> None:
    frame = parse_data_frame(bytes.fromhex(RAW_TYPE1_HEADER + RAW_TYPE1_CONTENT))
    assert frame.timestamp_ns == 2_000_000_000
    assert not frame.compressed
    assert frame.frame_type == 1
    assert frame.samples_mg[:2] == ((-9, -1, 999), (-8, -2, 997))
    assert len(frame.samples_mg) == len(bytes.fromhex(RAW_TYPE1_CONTENT)) // 6 == 36
    assert frame.samples_mg[-1] == (-9, -2, 998)


def test_sdk_compressed_type0_frame_decodes_its_deltas() -> None:
    # With factor 0.001 (g per unit) the mG values are the raw units themselves.
    frame = parse_data_frame(COMPRESSED_TYPE0, factor=0.001)
    assert frame.compressed
    assert frame.frame_type == 0
    assert len(frame.samples_mg) == 57
    assert frame.samples_mg[0] == (1905, 27376, -29282)
    assert frame.samples_mg[1] == (1905 + 190, 27376 - 105, -29282 - 85)


def f32(value: float) -> float:
    (narrowed,) = struct.unpack("<f", struct.pack("<f", value))
    return float(narrowed)


def test_sdk_compressed_type0_frame_scales_by_the_factor_to_milli_g() -> None:
    """pmd/model/AccDataTest.kt "process acc compressed data type 0": the SDK expects
    ``(factor * sample * 1000f).toInt()``, Kotlin floats truncated toward zero."""
    factor = f32(2.44e-4)  # as in the SDK test, whose stream has an 8 g range
    raw = parse_data_frame(COMPRESSED_TYPE0, factor=0.001).samples_mg
    scaled = parse_data_frame(COMPRESSED_TYPE0, factor=factor).samples_mg
    for index in (0, 1):  # the samples the SDK test checks
        assert scaled[index] == tuple(int(f32(f32(factor * r) * 1000)) for r in raw[index])
    assert scaled[0] == (464, 6679, -7144)  # 464.82, 6679.74, -7144.81: truncated, not rounded
    for raw_sample, sample in zip(raw, scaled, strict=True):
        for r, s in zip(raw_sample, sample, strict=True):
            assert abs(s) <= abs(r * factor * 1000) < abs(s) + 1
            assert abs(s) <= 8 * 1000


def test_sdk_compressed_type1_frame() -> None:
    frame = parse_data_frame(COMPRESSED_TYPE1)
    assert frame == AccFrame(101, ((-15, 20, 1008), (-20, 17, 1008)), True, 1)


@pytest.mark.parametrize("resolution_bits", [8, 16, 24])
def test_raw_frame_types_by_resolution(resolution_bits: int) -> None:
    top = (1 << (resolution_bits - 1)) - 1
    samples = [(top, -top - 1, 0), (-1, 1, 7)]
    data = encode_acc_frame(123, samples, resolution_bits=resolution_bits)
    assert data[9] == resolution_bits // 8 - 1
    assert parse_data_frame(data).samples_mg == tuple(samples)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"", "header"),
        (bytes.fromhex("02 0000000000000000"), "header"),
        (bytes.fromhex("00 0000000000000000 01 000000000000"), "ECG is not supported"),
        (bytes.fromhex("02 0000000000000000 01"), "whole number"),
        (bytes.fromhex("02 0000000000000000 01 0100020003"), "whole number"),
        (bytes.fromhex("02 0000000000000000 05 000000"), "raw ACC frame type 5"),
        (bytes.fromhex("02 0000000000000000 82 000000000000"), "compressed ACC frame type 2"),
        (bytes.fromhex("02 0000000000000000 81 0000"), "reference sample"),
        (bytes.fromhex("02 0000000000000000 81 000000000000 06"), "block header"),
        (bytes.fromhex("02 0000000000000000 81 000000000000 06 02 7B0F"), "truncated"),
        (bytes.fromhex("02 0000000000000000 81 000000000000 21 01" + "00" * 13), "delta width"),
    ],
)
def test_malformed_frames_say_what_is_wrong(data: bytes, what: str) -> None:
    with pytest.raises(PayloadError, match=what):
        parse_data_frame(data)


def test_a_delta_block_of_width_0_repeats_the_sample_before() -> None:
    """Our decision (see sensors/pmd.py): ``count`` samples with zero deltas, not none."""
    frame = parse_data_frame(bytes.fromhex("02 0000000000000000 81 0100 0200 0300 00 02 01 01 07"))
    assert frame.samples_mg == ((1, 2, 3), (1, 2, 3), (1, 2, 3), (0, 1, 2))


@given(st.binary(max_size=300))
def test_random_bytes_raise_only_payload_error(data: bytes) -> None:
    with contextlib.suppress(PayloadError):
        parse_data_frame(data)


@given(
    content=st.binary(max_size=200),
    frame_type=st.sampled_from([0x00, 0x01, 0x02, 0x80, 0x81]),
    factor=st.floats(1e-4, 10),
)
def test_random_acc_content_raises_only_payload_error(
    content: bytes, frame_type: int, factor: float
) -> None:
    data = bytes((2,)) + bytes(8) + bytes((frame_type,)) + content
    try:
        frame = parse_data_frame(data, factor=factor)
    except PayloadError:
        return
    assert frame.samples_mg
    assert all(len(s) == 3 for s in frame.samples_mg)


axis16 = st.integers(-(2**15), 2**15 - 1)
samples16 = st.lists(st.tuples(axis16, axis16, axis16), min_size=1, max_size=120)


@given(
    timestamp_ns=st.integers(0, 2**64 - 1),
    samples=samples16,
    resolution_bits=st.sampled_from([16, 24]),
)
def test_raw_round_trip(
    timestamp_ns: int, samples: list[tuple[int, int, int]], resolution_bits: int
) -> None:
    frame = parse_data_frame(
        encode_acc_frame(timestamp_ns, samples, resolution_bits=resolution_bits)
    )
    assert frame == AccFrame(timestamp_ns, tuple(samples), False, resolution_bits // 8 - 1)


@given(
    timestamp_ns=st.integers(0, 2**64 - 1),
    samples=samples16,
    block=st.integers(1, 255),
)
def test_compressed_round_trip(
    timestamp_ns: int, samples: list[tuple[int, int, int]], block: int
) -> None:
    data = encode_acc_frame(timestamp_ns, samples, compressed=True, max_block_samples=block)
    assert parse_data_frame(data) == AccFrame(timestamp_ns, tuple(samples), True, 1)


def test_compression_pays_for_slow_motion() -> None:
    samples = [(i % 5, 1000 - i % 3, -(i % 4)) for i in range(36)]
    compressed = encode_acc_frame(0, samples, compressed=True)
    assert len(compressed) < len(encode_acc_frame(0, samples)) / 2
    # One block of 35 deltas, the widest (-4 on x, +3 on z) needing 3 bits:
    # header 10 + reference 6 + block header 2 + 35 × 3 axes × 3 bits in 40 bytes.
    assert len(compressed) == 10 + 6 + 2 + (35 * 3 * 3 + 7) // 8


def test_sample_times_end_at_the_frame_timestamp() -> None:
    frame = parse_data_frame(bytes.fromhex(RAW_TYPE1_HEADER + RAW_TYPE1_CONTENT))
    times = sample_times_ns(frame, 52)
    assert times[-1] == 2_000_000_000
    assert times[0] == round(2_000_000_000 - 35 * 1e9 / 52)
    assert all(b > a for a, b in itertools.pairwise(times))


def test_sample_times_follow_the_previous_frame_when_known() -> None:
    # sources/iOS/ios-communications/Tests/iOSCommunicationsTests/AccDataTest.swift,
    # testProcessAccCompressedFrameType1: the same frame stamped 102 ns after one at 100 ns
    # gives samples at 101 and 102 ns.
    frame = parse_data_frame(bytes.fromhex("02 6600000000000000") + COMPRESSED_TYPE1[9:])
    assert sample_times_ns(frame, 52, previous_timestamp_ns=100) == (101, 102)
    evenly = sample_times_ns(
        AccFrame(1_000_000_000, ((0, 0, 0),) * 4, False), 200, previous_timestamp_ns=980_000_000
    )
    assert evenly == (985_000_000, 990_000_000, 995_000_000, 1_000_000_000)
