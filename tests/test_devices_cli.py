"""``lumbar scan``, ``lumbar record`` and ``lumbar emulate`` as people run them: the installed
command, in a subprocess."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from db.connection import open_database
from db.queries import get_session
from sensors.packing import PackedChunk, unpack_acc
from tui.cli import main
from tui.locations import Locations

LUMBAR = str(Path(sys.executable).with_name("lumbar"))
H10 = "C0:1A:2B:3C:4D:10"
STRAP = "C0:4F:2A:00:00:20"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LUMBAR, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_scan_demo_json_lists_the_emulated_h10_and_strap() -> None:
    result = run("scan", "--demo", "--json", "--timeout", "0.5")
    assert result.returncode == 0, result.stderr
    found = {d["address"]: d for d in json.loads(result.stdout)}
    assert found[H10]["kind"] == "polar-h10"
    assert found[H10]["name"] == "Polar H10 1A2B3C4D"
    assert found[STRAP]["kind"] == "generic-hr"
    assert all(isinstance(d["rssi_dbm"], int) for d in found.values())


def test_record_demo_json_reports_both_streams_and_no_loss(lumbar_home: Locations) -> None:
    result = run("record", "--demo", "--seconds", "3", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert 2.9 < document["seconds"] < 3.5
    devices = {d["address"]: d for d in document["devices"]}
    h10, strap = devices[H10], devices[STRAP]
    assert h10["acc"]["nominal_rate_hz"] == 200
    # 3 s at 200 Hz, within two of the H10's 36-sample frames (one at each end).
    assert abs(h10["acc"]["samples"] - 600) <= 72
    assert h10["acc"]["missing_samples"] == 0  # no sample lost
    assert abs(h10["acc"]["rate_hz"] - 200) < 2
    for device in (h10, strap):
        heart = device["heart_rate"]
        assert heart["readings"] >= 2
        assert 60 <= heart["min_bpm"] <= heart["mean_bpm"] <= heart["max_bpm"] <= 120
        assert device["malformed"] == {}
        assert device["gaps"] == []
        assert device["state"] == "disconnected"
    assert strap["acc"] is None
    assert strap["battery_percent"] == 64

    # Everything summarised is in the database, as a recording (a session with no routine):
    # the demo's own database, marked as the demo's.
    assert not lumbar_home.db_path.exists()
    db = open_database(lumbar_home.demo_db_path, writable=False)
    session = get_session(db, document["session_id"])
    assert session is not None
    assert (session["kind"], session["status"]) == ("recording", "completed")
    marked = db.execute("SELECT demo FROM sessions WHERE id = ?", [session["id"]]).fetchone()
    assert marked == (1,)
    readings = {hr["device"]: hr["readings"] for hr in session["heart_rate"]}
    assert readings == {H10: h10["heart_rate"]["readings"], STRAP: strap["heart_rate"]["readings"]}
    stored: list[tuple[int, int, int]] = []
    for row in db.execute("SELECT * FROM stream_chunks WHERE session_id = ?", [session["id"]]):
        names = [d[0] for d in db.execute("SELECT * FROM stream_chunks LIMIT 0").description]
        chunk = dict(zip(names, row, strict=True))
        packed = PackedChunk(
            device=chunk["device"],
            t0_s=chunk["t0_s"],
            rate_hz=chunk["rate_hz"],
            count=chunk["count"],
            encoding=chunk["encoding"],
            data=chunk["data"],
        )
        stored += unpack_acc(packed)[1]
    assert len(stored) == h10["acc"]["samples"]
    assert {d["address"]: d["battery_percent"] for d in session["devices"]} == {H10: 92, STRAP: 64}


def test_demo_before_the_command_records_and_scans_the_emulated_devices(
    lumbar_home: Locations,
) -> None:
    """``lumbar --demo record`` is ``lumbar record --demo``, and the command it prints to see
    the recording again reaches the demo's database, where it went."""
    result = run("--demo", "record", "--seconds", "1")
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last == "Saved as recording 1: 'lumbar --demo log show 1'."
    shown = run("--demo", "log", "show", "1")
    assert shown.returncode == 0, shown.stderr
    assert "recording" in shown.stdout.lower()
    assert not lumbar_home.db_path.exists()

    scanned = run("--demo", "scan", "--json", "--timeout", "0.5")
    assert scanned.returncode == 0, scanned.stderr
    assert {d["address"] for d in json.loads(scanned.stdout)} == {H10, STRAP}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["record", "--seconds", "3"], "record needs --demo (the emulated devices) or --device"),
        (["record", "--demo", "--device", H10, "--seconds", "3"], "not both"),
        (["--demo", "record", "--device", H10, "--seconds", "3"], "not both"),
        (["record", "--device", "strap", "--seconds", "3"], "is not a device address"),
        (["record", "--demo", "--seconds", "0"], "expected seconds between"),
        (["scan", "--timeout", "soon"], "expected seconds, not 'soon'"),
        (["emulate", "--devices", "h10,watch"], "no emulated device 'watch'"),
        (["emulate", "--port", "70000"], "expected a TCP port"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_an_emulator_in_another_terminal_serves_scan_and_takes_fault_commands() -> None:
    port = free_port()
    emulator = subprocess.Popen(
        [LUMBAR, "emulate", "--port", str(port), "--devices", "strap"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert emulator.stdin is not None
    assert emulator.stdout is not None
    try:
        lines = []
        for line in emulator.stdout:
            lines.append(line)
            if line.startswith("HCI on"):
                break
        assert f"tcp:127.0.0.1:{port}" in lines[-1], lines
        scanned = run("scan", "--json", "--timeout", "0.4", env={"LUMBAR_EMULATOR": f"tcp:{port}"})
        assert scanned.returncode == 0, scanned.stderr
        assert [d["address"] for d in json.loads(scanned.stdout)] == [STRAP]
        emulator.stdin.write("strap battery 5\nstrap fly\nstats\nquit\n")
        emulator.stdin.flush()
        out, _ = emulator.communicate(timeout=10)
    finally:
        if emulator.poll() is None:
            emulator.kill()
    assert emulator.returncode == 0
    assert "strap: battery at 5 %" in out
    assert "? unknown action 'fly'" in out
    stats = json.loads(next(line for line in out.splitlines() if line.startswith("{")))
    assert stats["strap"]["battery_percent"] == 5


def test_the_h10s_own_faults_are_typed_or_scripted() -> None:
    result = subprocess.run(
        [LUMBAR, "emulate", "--port", str(free_port()), "--script", "0 h10 refuse 13"],
        input="h10 mtu 50\nstrap stop-acc\nh10 refuse 14.5\nh10 require-pairing\nquit\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "refuse CODE (13: on its charger; 0: stop refusing)" in out  # the help
    assert "0 s h10: refusing every start with status 13" in out
    assert "h10: takes an MTU of 50 bytes at most from the next connection" in out
    assert "strap: has no accelerometer: nothing done" in out
    assert "? a PMD status code is a whole number 0-255 (13: device in charger)" in out
    assert "h10: control-point writes need a paired link" in out


def test_no_emulator_at_the_given_port_is_one_line_and_exit_1() -> None:
    port = free_port()  # nothing listens there
    result = run("scan", "--timeout", "0.2", env={"LUMBAR_EMULATOR": f"tcp:{port}"})
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"lumbar: no emulator at tcp:{port} (connection refused); "
        f"start one with 'lumbar emulate --port {port}'\n"
    )
