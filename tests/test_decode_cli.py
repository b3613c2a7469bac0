"""``lumbar decode``: captured packets in, fields (or one line saying what is wrong) out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

LUMBAR = Path(sys.executable).parent / "lumbar"

# polar-ble-sdk .../gatt/client/pmd/model/AccDataTest.kt "process acc compressed data type 1".
PMD_DATA_SDK = "02 65 00 00 00 00 00 00 00 81 F1 FF 14 00 F0 03 06 01 7B 0F 08"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "hex_args",
    [
        ("16 48 52 03",),
        ("16:48:52:03",),
        ("1648", "5203"),
        ("0x16485203",),
        ("0x16", "0x48,0x52", "0x03"),
        ("16 48 52 03".upper(),),
    ],
)
def test_heart_rate_text_accepts_spaces_colons_and_any_case(
    capsys: pytest.CaptureFixture[str], hex_args: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "decode", "heart-rate", *hex_args)
    assert (code, err) == (0, "")
    assert "72 bpm" in out
    assert "sensor contact detected" in out
    assert "830.1 ms" in out  # 850/1024 s, not 850 "ms"


def test_heart_rate_json(capsys: pytest.CaptureFixture[str]) -> None:
    # polar-ble-sdk BleHrClientTest.kt test_RRinterval: 11 00 00 FF FF 7F 80.
    code, out, _ = run(capsys, "decode", "heart-rate", "11 00 00 FF FF 7F 80", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["kind"] == "heart-rate"
    assert doc["heart_rate_bpm"] == 0
    assert doc["contact_supported"] is False
    assert doc["contact_detected"] is None
    assert doc["rr_intervals_ms"] == [65535 * 1000 / 1024, 32895 * 1000 / 1024]


def test_battery(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "decode", "battery", "57")[1] == "battery  87 %\n"
    code, out, _ = run(capsys, "decode", "battery", "64", "--json")
    assert code == 0
    assert json.loads(out)["battery_percent"] == 100


def test_pmd_control_settings_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    h10_settings = (
        "F0 01 02 00 00 00 04 19 00 32 00 64 00 C8 00 01 01 10 00 02 03 02 00 04 00 08 00"
    )
    code, out, _ = run(capsys, "decode", "pmd-control", h10_settings)
    assert code == 0
    assert out.splitlines() == [
        "get measurement settings ACC: success",
        "  sample_rate     25, 50, 100, 200",
        "  resolution      16",
        "  range           2, 4, 8",
    ]
    # polar-ble-sdk BlePmdClientControlPointResponseTest.kt: F0 01 06 07 00.
    code, out, _ = run(capsys, "decode", "pmd-control", "F0 01 06 07 00", "--json")
    doc = json.loads(out)
    assert (doc["ok"], doc["status_text"], doc["measurement"]) == (
        False,
        "invalid resolution",
        "MAGNETOMETER",
    )


def test_a_security_key_shows_as_its_16_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    """Setting type 6, SECURITY (PmdSetting.kt): a key, shown as bytes, not a huge number."""
    answer = "F0 01 02 00 00 06 01 000102030405060708090A0B0C0D0EFF"
    code, out, _ = run(capsys, "decode", "pmd-control", answer)
    assert code == 0
    assert out.splitlines()[1] == "  security        000102030405060708090a0b0c0d0eff"
    code, out, _ = run(capsys, "decode", "pmd-control", answer, "--json")
    assert json.loads(out)["settings"] == {"SECURITY": ["000102030405060708090a0b0c0d0eff"]}


def test_pmd_control_stop_notice_and_features(capsys: pytest.CaptureFixture[str]) -> None:
    # polar-ble-sdk BlePmdClientTest.kt "process measurement stop control point command".
    assert run(capsys, "decode", "pmd-control", "01 01 02")[1] == "the device stopped: PPG, ACC\n"
    code, out, _ = run(capsys, "decode", "pmd-control", "0f 05 00", "--json")
    assert code == 0
    assert json.loads(out)["measurements"] == ["ACC", "ECG"]


def test_pmd_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "decode", "pmd-data", PMD_DATA_SDK, "--json", "--rate", "52")
    assert code == 0
    doc = json.loads(out)
    assert doc["samples_mg"] == [[-15, 20, 1008], [-20, 17, 1008]]
    assert doc["compressed"] is True
    assert doc["sample_times_ns"][-1] == doc["timestamp_ns"] == 101
    code, out, _ = run(capsys, "decode", "pmd-data", PMD_DATA_SDK)
    assert out.splitlines()[0].startswith("ACC compressed frame type 1: 2 samples")
    assert out.splitlines()[-1].split() == ["-20", "17", "1008"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["heart-rate", "1g"], "'g' is not a hex digit"),
        (["heart-rate", "123"], "odd number of hex digits"),
        (["heart-rate", "::"], "no bytes given"),
        (["heart-rate", "01 48"], "not a valid heart-rate packet: heart rate measurement: 2 bytes"),
        (["battery", "65"], "101 % is out of range"),
        (["pmd-control", "F0 01"], "need at least 4"),
        (["pmd-data", "02 00"], "the header alone needs 10"),
        (["pmd-data", "00 0000000000000000 00 01"], "ECG is not supported"),
        (["pmd-data", PMD_DATA_SDK, "--rate", "0"], "--rate 0 Hz must be positive"),
        (["sonar", "00"], "invalid choice"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "decode", *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("lumbar: ")
    assert message in err


def test_the_installed_command() -> None:
    done = subprocess.run(
        [str(LUMBAR), "decode", "heart-rate", "10:4B:00:04", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["rr_intervals_ms"] == [1000.0]
