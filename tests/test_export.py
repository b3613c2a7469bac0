"""``lumbar export`` on real database files written by ``SessionWriter``: every format read
back by the tools it is meant for (Garmin's FIT SDK, tcxreader, csv, json, ``lumbar hrv``)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream
from stored import stored_set
from tcxreader.tcxreader import TCXReader

from db.connection import open_database
from db.export.activity import laps
from db.export.reading import HeartRateReading
from db.queries import get_session
from db.read_model import StoredSet
from db.sessions import EventRow, SessionWriter, StepRow, parse_iso
from sensors.packing import ENCODING, pack_acc, unpack_acc
from sensors.recording_csv import read_recording
from tui.cli import main
from tui.locations import Locations

H10 = "C0:1A:2B:3C:4D:10"
ACC_RATE_HZ = 50
TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"

# The sequences of the TCX v2 schema (TrainingCenterDatabasev2.xsd) our elements belong to.
ACTIVITY_ORDER = ["Id", "Lap", "Notes", "Training", "Creator", "Extensions"]
LAP_ORDER = [
    "TotalTimeSeconds",
    "DistanceMeters",
    "MaximumSpeed",
    "Calories",
    "AverageHeartRateBpm",
    "MaximumHeartRateBpm",
    "Intensity",
    "Cadence",
    "TriggerMethod",
    "Track",
    "Notes",
    "Extensions",
]
LAP_REQUIRED = {"TotalTimeSeconds", "DistanceMeters", "Calories", "Intensity", "TriggerMethod"}
TRACKPOINT_ORDER = [
    "Time",
    "Position",
    "AltitudeMeters",
    "DistanceMeters",
    "HeartRateBpm",
    "Cadence",
    "SensorState",
    "Extensions",
]


@dataclass(frozen=True)
class Sessions:
    routine: int  # strength work with heart rate, RR, motion, pain, a note
    stretches: int  # stretching with heart rate
    recording: int  # 'lumbar record': heart rate and motion, no sets
    no_strap: int  # a routine done without a strap


def set_row(
    index: int,
    exercise_id: str,
    name: str,
    mode: str,
    start_s: float,
    end_s: float,
    *,
    reps: int = 0,
    holds_s: tuple[float, ...] = (),
    skipped: bool = False,
    side: str | None = None,
) -> StepRow:
    return StepRow(
        step_index=index,
        exercise_id=exercise_id,
        exercise_name=name,
        mode=mode,
        set_number=1,
        side=side,
        planned_sets=1,
        planned_reps=5 if mode == "reps" else 2 if mode == "hold" else None,
        planned_hold_s=20 if mode == "hold" else None,
        planned_duration_s=None,
        reps_done=reps,
        holds_s=holds_s,
        active_s=end_s - start_s,
        skipped=skipped,
        started_s=start_s,
        ended_s=end_s,
    )


def add_heart_rate(writer: SessionWriter, seconds: int, base_bpm: int) -> None:
    """A reading a second, each with one RR interval (two every third second)."""
    for t in range(seconds + 1):
        bpm = base_bpm + t % 17
        rr = round(60000 / bpm, 1)
        intervals = (rr, round(rr + 7.3, 1)) if t % 3 == 0 else (rr,)
        writer.heart_rate(H10, float(t), bpm, intervals, True)


def add_motion(writer: SessionWriter, start_s: float, seconds: int) -> None:
    for second in range(seconds):
        times = [start_s + second + i / ACC_RATE_HZ for i in range(ACC_RATE_HZ)]
        values = [(i * 3 - 40 + second, -990 + i % 7, 120 - i) for i in range(ACC_RATE_HZ)]
        chunk = pack_acc(H10, times, values, ACC_RATE_HZ)
        writer.stream_chunk(
            chunk.device, "acc", chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
        )


def write_sessions(home: Locations) -> Sessions:
    db = open_database(home.db_path)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id="core-basics",
        routine_name="Core basics",
        planned_sets=5,
        pain_before=4,
    )
    writer.device(H10, "polar-h10", "Polar H10 1A2B3C", 90)
    writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 10.0, 30.0, reps=5, side="left"))
    writer.step(set_row(2, "bird-dog", "Bird dog", "reps", 32.0, 52.0, reps=4, side="right"))
    plank = set_row(3, "forearm-plank", "Forearm plank", "hold", 60.0, 105.0, holds_s=(20.0, 18.4))
    writer.step(plank)
    writer.step(set_row(4, "cat-cow", "Cat-cow stretch", "reps", 110.0, 140.0, reps=8))
    writer.step(set_row(5, "glute-bridge-ball", "Ball bridge", "reps", 141.0, 142.0, skipped=True))
    writer.event(EventRow(t_s=70.0, kind="pain", step_index=3, value=6))
    writer.event(EventRow(t_s=80.0, kind="pause", step_index=3))
    writer.event(EventRow(t_s=85.0, kind="resume", step_index=3))
    writer.event(EventRow(t_s=95.0, kind="form-warning", step_index=3, value=12.5, detail="hips"))
    writer.update(pain_after=3, note="felt fine")
    add_heart_rate(writer, 150, 70)
    add_motion(writer, 60.0, 3)
    writer.finish("completed", 150.0)
    routine = writer.session_id

    writer = SessionWriter.start(db, kind="routine", routine_id="stretch", routine_name="Stretch")
    writer.step(set_row(1, "cat-cow", "Cat-cow stretch", "reps", 5.0, 30.0, reps=10))
    writer.step(set_row(2, "knee-to-chest", "Knee-to-chest", "hold", 31.0, 60.0, holds_s=(25.0,)))
    add_heart_rate(writer, 60, 62)
    writer.finish("completed", 61.5)
    stretches = writer.session_id

    writer = SessionWriter.start(db, kind="recording")
    writer.device(H10, "polar-h10", "Polar H10 1A2B3C", 88)
    add_heart_rate(writer, 20, 80)
    add_motion(writer, 0.0, 3)
    writer.finish("completed", 20.5)
    recording = writer.session_id

    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", pain_before=2)
    writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 10.0, 30.0, reps=5, side="left"))
    writer.finish("ended-early", 40.0)
    no_strap = writer.session_id
    db.close()
    return Sessions(routine, stretches, recording, no_strap)


@pytest.fixture
def sessions(lumbar_home: Locations) -> Sessions:
    return write_sessions(lumbar_home)


def stored(home: Locations, session_id: int) -> dict[str, Any]:
    db = open_database(home.db_path, writable=False)
    try:
        shown = get_session(db, session_id)
    finally:
        db.close()
    assert shown is not None
    return shown


def stored_heart_rate(home: Locations, session_id: int) -> list[tuple[float, int, list[float]]]:
    with sqlite3.connect(home.db_path) as conn:
        rows = conn.execute(
            "SELECT t_s, bpm, rr_ms FROM heart_rate WHERE session_id = ? ORDER BY t_s",
            [session_id],
        ).fetchall()
    return [(t_s, bpm, json.loads(rr)) for t_s, bpm, rr in rows]


def duration_of(shown: dict[str, Any]) -> float:
    return (parse_iso(shown["ended_at"]) - parse_iso(shown["started_at"])).total_seconds()


def export(*argv: str) -> int:
    return main(["export", *argv])


def private(path: Path) -> bool:
    mode = stat.S_IMODE(path.stat().st_mode)
    return mode == (0o700 if path.is_dir() else 0o600)


# --- FIT -------------------------------------------------------------------------------


def read_fit(path: Path) -> dict[str, Any]:
    assert Decoder(Stream.from_file(str(path))).check_integrity()
    messages, errors = Decoder(Stream.from_file(str(path))).read()
    assert errors == []
    return dict(messages)


def test_fit_decodes_with_garmins_sdk_holding_the_duration_and_heart_rate(
    lumbar_home: Locations, sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "core.fit"
    assert export("--format", "fit", "--session", str(sessions.routine), "-o", str(out)) == 0
    assert private(out)
    fit = read_fit(out)
    shown = stored(lumbar_home, sessions.routine)
    started = parse_iso(shown["started_at"])
    readings = stored_heart_rate(lumbar_home, sessions.routine)

    (file_id,) = fit["file_id_mesgs"]
    assert file_id["type"] == "activity"
    (session,) = fit["session_mesgs"]
    assert session["total_elapsed_time"] == pytest.approx(duration_of(shown), abs=0.001)
    assert round(session["total_elapsed_time"]) == shown["duration_s"] == 150
    assert (session["sport"], session["sub_sport"]) == ("training", "strength_training")
    bpms = [bpm for _, bpm, _ in readings]
    assert session["max_heart_rate"] == max(bpms)
    assert session["avg_heart_rate"] == round(sum(bpms) / len(bpms))

    # FIT keeps whole seconds: each reading at its second, every one of them.
    records = [(m["timestamp"], m["heart_rate"]) for m in fit["record_mesgs"]]
    assert records == [
        (datetime.fromtimestamp(round((started + timedelta(seconds=t)).timestamp()), UTC), bpm)
        for t, bpm, _ in readings
    ]
    # The SDK gives a one-value array as the value itself.
    rr_s = [
        t
        for m in fit["hrv_mesgs"]
        for t in (m["time"] if isinstance(m["time"], list) else [m["time"]])
    ]
    rr_ms = [rr for _, _, intervals in readings for rr in intervals]
    assert len(rr_s) == len(rr_ms)
    assert all(abs(s * 1000 - ms) <= 0.5 + 1e-6 for s, ms in zip(rr_s, rr_ms, strict=True))

    # A lap per exercise (bird dog, plank, cat-cow, bridge) covering the whole session.
    fit_laps = fit["lap_mesgs"]
    assert len(fit_laps) == session["num_laps"] == 4
    assert sum(lap["total_elapsed_time"] for lap in fit_laps) == pytest.approx(150.0, abs=0.01)
    assert fit_laps[0]["start_time"] == session["start_time"]
    assert [e["event_type"] for e in fit["event_mesgs"]] == ["start", "stop_all"]
    (activity,) = fit["activity_mesgs"]
    assert activity["num_sessions"] == 1


def test_fit_tells_flexibility_from_strength_and_recordings(
    sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "stretch.fit"
    assert export("--format", "fit", "--session", str(sessions.stretches), "-o", str(out)) == 0
    (session,) = read_fit(out)["session_mesgs"]
    assert session["sub_sport"] == "flexibility_training"
    out = tmp_path / "recording.fit"
    assert export("--format", "fit", "--session", str(sessions.recording), "-o", str(out)) == 0
    fit = read_fit(out)
    (session,) = fit["session_mesgs"]
    assert session["sub_sport"] == "generic"
    assert session["total_elapsed_time"] == pytest.approx(20.5)
    assert len(fit["lap_mesgs"]) == 1
    assert len(fit["record_mesgs"]) == 21


# --- TCX -------------------------------------------------------------------------------


def follows(children: list[ET.Element], order: list[str]) -> bool:
    positions = [order.index(child.tag.removeprefix(TCX)) for child in children]
    return positions == sorted(positions)


def test_tcx_parses_with_tcxreader_holding_the_duration_and_heart_rate(
    lumbar_home: Locations, sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "core.tcx"
    assert export("--format", "tcx", "--session", str(sessions.routine), "-o", str(out)) == 0
    assert private(out)
    shown = stored(lumbar_home, sessions.routine)
    started = parse_iso(shown["started_at"]).replace(tzinfo=None)
    readings = stored_heart_rate(lumbar_home, sessions.routine)

    exercise = TCXReader().read(str(out), only_gps=False)
    assert exercise.activity_type == "Other"
    assert exercise.duration == pytest.approx(duration_of(shown), abs=0.001)
    samples = [(p.time, p.hr_value) for p in exercise.trackpoints if p.hr_value is not None]
    assert samples == [(started + timedelta(seconds=t), bpm) for t, bpm, _ in readings]
    assert exercise.hr_max == max(bpm for _, bpm, _ in readings)
    assert len(exercise.laps) == 4

    root = ET.parse(out).getroot()
    (activity,) = root.iter(f"{TCX}Activity")
    assert follows(list(activity), ACTIVITY_ORDER)
    tcx_laps = activity.findall(f"{TCX}Lap")
    assert sum(float(lap.findtext(f"{TCX}TotalTimeSeconds") or 0) for lap in tcx_laps) == 150.0
    assert [lap.findtext(f"{TCX}Notes") for lap in tcx_laps] == [
        "Bird dog",
        "Forearm plank",
        "Cat-cow stretch",
        "Ball bridge",
    ]
    for lap in tcx_laps:
        assert follows(list(lap), LAP_ORDER)
        assert {child.tag.removeprefix(TCX) for child in lap} >= LAP_REQUIRED
        for point in lap.iter(f"{TCX}Trackpoint"):
            assert follows(list(point), TRACKPOINT_ORDER)
    assert "felt fine" not in out.read_text(encoding="utf-8")  # the note stays home


# --- CSV -------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def check_tables(files: dict[str, str], home: Locations, sessions: Sessions) -> None:
    """The CSV files hold the figures ``lumbar log show`` shows, for the routine session."""
    shown = stored(home, sessions.routine)
    (session,) = [r for r in csv_rows(files["sessions.csv"]) if r["id"] == str(sessions.routine)]
    assert "host" not in session
    assert "pid" not in session
    assert int(session["sets_done"]) == shown["sets_done"] == 4
    assert int(session["sets_skipped"]) == shown["sets_skipped"] == 1
    assert round(float(session["duration_s"])) == shown["duration_s"]
    assert (int(session["pain_before"]), int(session["pain_after"])) == (4, 3)
    assert session["note"] == shown["note"] == "felt fine"

    steps = [r for r in csv_rows(files["steps.csv"]) if r["session_id"] == str(sessions.routine)]
    assert [float(r["held_s"]) for r in steps] == [s["held_s"] for s in shown["steps"]]
    assert [int(r["reps_done"]) for r in steps] == [s["reps_done"] for s in shown["steps"]]
    events = [r for r in csv_rows(files["events.csv"]) if r["session_id"] == str(sessions.routine)]
    assert [(e["kind"], e["value"]) for e in events] == [
        (e["kind"], "" if e["value"] is None else str(e["value"])) for e in shown["events"]
    ]

    rows = [
        r for r in csv_rows(files["heart_rate.csv"]) if r["session_id"] == str(sessions.routine)
    ]
    readings = stored_heart_rate(home, sessions.routine)
    assert [(float(r["t_s"]), int(r["bpm"]), json.loads(r["rr_ms"])) for r in rows] == readings
    (summary,) = shown["heart_rate"]
    bpms = [int(r["bpm"]) for r in rows]
    assert (min(bpms), max(bpms), len(bpms)) == (
        summary["min_bpm"],
        summary["max_bpm"],
        summary["readings"],
    )
    assert round(sum(bpms) / len(bpms), 1) == summary["mean_bpm"]
    (device,) = [
        r for r in csv_rows(files["devices.csv"]) if r["session_id"] == str(sessions.routine)
    ]
    assert device["address"] == H10


def stored_motion(home: Locations, session_id: int) -> list[tuple[float, int, int, int]]:
    from sensors.packing import PackedChunk

    with sqlite3.connect(home.db_path) as conn:
        rows = conn.execute(
            "SELECT device, t0_s, rate_hz, count, encoding, data FROM stream_chunks "
            "WHERE session_id = ? ORDER BY t0_s",
            [session_id],
        ).fetchall()
    samples = []
    for row in rows:
        times, values = unpack_acc(PackedChunk(*row))
        samples += [(t, *v) for t, v in zip(times, values, strict=True)]
    return samples


def check_motion(text: str, home: Locations, session_id: int) -> None:
    lines = text.splitlines()
    assert lines[0] == "t,ax,ay,az"
    expected = stored_motion(home, session_id)
    assert len(lines) - 1 == len(expected) == 3 * ACC_RATE_HZ
    for line, (t, x, y, z) in zip(lines[1:], expected, strict=True):
        values = [float(v) for v in line.split(",")]
        assert values == pytest.approx([t, x / 1000, y / 1000, z / 1000], abs=1e-6)


def test_csv_folder_round_trips_the_figures_and_the_motion(
    lumbar_home: Locations, sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "tables"
    ids = ["--session", str(sessions.routine), "--session", str(sessions.recording)]
    assert export("--format", "csv", *ids, "-o", str(out)) == 0
    assert private(out)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [
            "sessions.csv",
            "steps.csv",
            "events.csv",
            "devices.csv",
            "heart_rate.csv",
            f"motion-{sessions.routine}.csv",
            f"motion-{sessions.recording}.csv",
        ]
    )
    assert all(private(p) for p in out.iterdir())
    files = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    check_tables(files, lumbar_home, sessions)
    # Only what was asked for: the two sessions, nothing of the others.
    listed = {r["id"] for r in csv_rows(files["sessions.csv"])}
    assert listed == {str(sessions.routine), str(sessions.recording)}
    assert {r["session_id"] for r in csv_rows(files["heart_rate.csv"])} == listed
    check_motion(files[f"motion-{sessions.routine}.csv"], lumbar_home, sessions.routine)
    # What 'lumbar analyze' reads.
    recording = read_recording(out / f"motion-{sessions.recording}.csv")
    assert recording.acc_g.shape == (3 * ACC_RATE_HZ, 3)


def test_csv_zip_holds_the_same_files(
    lumbar_home: Locations, sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "all.zip"
    assert export("--format", "csv", "--all", "-o", str(out)) == 0
    assert private(out)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    check_tables(files, lumbar_home, sessions)
    check_motion(files[f"motion-{sessions.recording}.csv"], lumbar_home, sessions.recording)
    assert {r["id"] for r in csv_rows(files["sessions.csv"])} == {
        str(i)
        for i in (sessions.routine, sessions.stretches, sessions.recording, sessions.no_strap)
    }


# --- JSON, RR ---------------------------------------------------------------------------


def test_json_holds_what_log_show_shows_and_every_reading(
    lumbar_home: Locations, sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "sessions.json"
    ids = [sessions.recording, sessions.routine, sessions.no_strap]
    argv = [arg for i in ids for arg in ("--session", str(i))]
    assert export("--format", "json", *argv, "-o", str(out)) == 0
    assert private(out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "lumbar-export"
    assert [s["id"] for s in doc["sessions"]] == ids
    for session in doc["sessions"]:
        readings = session.pop("heart_rate_readings")
        assert "host" not in session
        assert "pid" not in session
        assert session == json.loads(json.dumps(stored(lumbar_home, session["id"])))
        assert [(r["t_s"], r["bpm"], r["rr_ms"]) for r in readings] == stored_heart_rate(
            lumbar_home, session["id"]
        )
    routine = doc["sessions"][1]
    assert routine["sets_done"] == 4
    assert [s["held_s"] for s in routine["steps"]][2] == pytest.approx(38.4)
    assert (routine["pain_before"], routine["pain_after"]) == (4, 3)


def test_rr_file_is_the_stored_series_and_lumbar_hrv_reads_it(
    lumbar_home: Locations,
    sessions: Sessions,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "core-rr.txt"
    assert export("--format", "rr", "--session", str(sessions.routine), "-o", str(out)) == 0
    assert private(out)
    values = [float(line) for line in out.read_text(encoding="utf-8").splitlines()]
    readings = stored_heart_rate(lumbar_home, sessions.routine)
    assert values == [rr for _, _, intervals in readings for rr in intervals]
    capsys.readouterr()
    assert main(["hrv", str(out), "--json", "--no-filter"]) == 0
    assert json.loads(capsys.readouterr().out)["beats_read"] == len(values)


# --- several sessions, --all -----------------------------------------------------------


def test_all_writes_a_file_per_session_and_skips_those_without_a_strap(
    sessions: Sessions, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fit"
    assert export("--format", "fit", "--all", "-o", str(out)) == 0
    captured = capsys.readouterr()
    assert f"skipped session {sessions.no_strap}: no heart rate" in captured.err
    assert "Exported 3 sessions" in captured.out
    assert private(out)
    with_strap = (sessions.routine, sessions.stretches, sessions.recording)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"session-{i}.fit" for i in with_strap)
    for path in out.iterdir():
        assert private(path)
        read_fit(path)
    out = tmp_path / "rr"
    assert export("--format", "rr", "--all", "-o", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"session-{i}-rr.txt" for i in with_strap
    )
    out = tmp_path / "tcx"
    two = ["--session", str(sessions.routine), "--session", str(sessions.recording)]
    assert export("--format", "tcx", *two, "-o", str(out)) == 0
    durations = {
        session_id: TCXReader()
        .read(str(out / f"session-{session_id}.tcx"), only_gps=False)
        .duration
        for session_id in (sessions.routine, sessions.recording)
    }
    # The recording's last reading is at 20 s: a time-only Trackpoint marks its end at 20.5 s.
    assert durations == {sessions.routine: 150.0, sessions.recording: 20.5}


# --- mistakes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "fit", "--session", "99"], "no session 99"),
        (["--format", "fit", "--session", "{no_strap}"], "has no heart rate"),
        (["--format", "tcx", "--session", "{routine}", "--session", "{no_strap}"], "has no heart"),
        (["--format", "rr", "--session", "{no_strap}"], "has no RR intervals to put in an RR"),
        (["--format", "gpx", "--all"], "invalid choice: 'gpx'"),
        (["--format", "csv"], "one of the arguments --session --all is required"),
        (["--format", "csv", "--all", "--session", "1"], "not allowed with argument"),
        (["--format", "csv", "--session", "abc"], "a session id is a number"),
    ],
)
def test_mistakes_get_one_line_and_write_nothing(
    sessions: Sessions,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    out = tmp_path / "out"
    filled = [a.format(no_strap=sessions.no_strap, routine=sessions.routine) for a in argv]
    assert export(*filled, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_an_existing_path_is_kept_unless_forced(
    sessions: Sessions, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "core.tcx"
    out.write_bytes(b"keep me")
    session = ["--session", str(sessions.routine)]
    assert export("--format", "tcx", *session, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "already exists; add --force" in err
    assert err.count("\n") == 1
    assert out.read_bytes() == b"keep me"
    assert export("--format", "tcx", *session, "-o", str(out), "--force") == 0
    assert out.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert private(out)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "mine.txt").write_text("untouched")
    assert export("--format", "csv", *session, "-o", str(folder)) == 2
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    assert export("--format", "csv", *session, "-o", str(folder), "--force") == 0
    assert (folder / "mine.txt").read_text() == "untouched"
    assert (folder / "sessions.csv").exists()
    assert export("--format", "fit", *session, "-o", str(folder), "--force") == 2
    assert "is a folder; give the name of the file" in capsys.readouterr().err
    missing = tmp_path / "nowhere" / "core.fit"
    assert export("--format", "fit", *session, "-o", str(missing)) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_failed_export_leaves_nothing_behind(
    lumbar_home: Locations, sessions: Sessions, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="recording")
    writer.stream_chunk(H10, "acc", 0.0, 50.0, 50, ENCODING, b"not a packed chunk")
    writer.finish("completed", 1.0)
    db.close()
    outputs = tmp_path / "exports"
    outputs.mkdir()
    for target in ("tables", "tables.zip"):
        assert export("--format", "csv", "--all", "-o", str(outputs / target)) == 2
        err = capsys.readouterr().err
        assert f"session {writer.session_id}: a stored accelerometer chunk cannot be read" in err
        assert err.count("\n") == 1
        assert list(outputs.iterdir()) == []  # no half-written file, no temporary left


def test_database_problems_are_one_line(
    lumbar_home: Locations, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    assert export("--format", "json", "--all", "-o", str(out)) == 2
    assert "no sessions yet" in capsys.readouterr().err
    lumbar_home.db_path.parent.mkdir(parents=True)
    lumbar_home.db_path.write_bytes(b"garbage" * 200)
    assert export("--format", "json", "--all", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "not a readable lumbar database" in err
    assert err.count("\n") == 1
    assert not out.exists()
    assert lumbar_home.db_path.read_bytes() == b"garbage" * 200


# --- the installed command ---------------------------------------------------------------


def test_the_installed_command_exports(sessions: Sessions, tmp_path: Path) -> None:
    out = tmp_path / "core.tcx"
    lumbar = Path(sys.executable).parent / "lumbar"
    result = subprocess.run(
        [
            str(lumbar),
            "export",
            "--format",
            "tcx",
            "--session",
            str(sessions.routine),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Exported session {sessions.routine} to {out}.\n"
    assert ET.parse(out).getroot().tag == f"{TCX}TrainingCenterDatabase"


def test_the_command_line_loads_no_export_code_until_asked() -> None:
    code = "import sys, tui.cli; tui.cli.build_parser(); print(' '.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = set(result.stdout.split())
    assert "tui.commands.export" in modules
    assert not {m for m in modules if m.startswith(("db.export", "garmin_fit_sdk"))}


# --- laps --------------------------------------------------------------------------------


def set_starting(start_s: float, exercise_id: str) -> StoredSet:
    name = exercise_id.title()
    return stored_set(exercise_id=exercise_id, exercise_name=name, start_t_s=start_s)


def beats(*at_s: float) -> tuple[HeartRateReading, ...]:
    return tuple(HeartRateReading(H10, t, 80, (), True) for t in at_s)


def test_laps_follow_the_exercises_in_time_order_and_cover_the_session() -> None:
    # Sets written out of time order (a set redone after going back), one after the end.
    sets = [
        set_starting(start, name)
        for start, name in [(30.0, "a"), (10.0, "a"), (80.0, "a"), (50.0, "b"), (130.0, "c")]
    ]
    found = laps(sets, 120.0, beats(-1.0, 49.9, 50.0, 125.0))
    assert [(lap.start_s, lap.end_s, lap.exercise_name) for lap in found] == [
        (0.0, 50.0, "A"),
        (50.0, 80.0, "B"),
        (80.0, 120.0, "A"),
    ]
    assert [[r.t_s for r in lap.heart_rate] for lap in found] == [[-1.0, 49.9], [50.0], [125.0]]
    (only,) = laps([], 30.0, ())
    assert (only.start_s, only.end_s, only.exercise_name, only.heart_rate) == (0.0, 30.0, None, ())


# --- which device, where the files go, lap names (issue 13) -------------------------------

STRAP = "C0:4F:2A:00:00:20"


def two_straps_session(home: Locations) -> int:
    """An H10 and a strap both on: the strap sends twice as many readings (and RR), a
    higher heart rate than the H10."""
    db = open_database(home.db_path)
    writer = SessionWriter.start(
        db, kind="routine", routine_id="core-basics", routine_name="Core basics", planned_sets=2
    )
    writer.device(H10, "polar-h10", "Polar H10 1A2B3C", 90)
    writer.device(STRAP, "generic-hr", "HR Strap 4F2A", 70)
    writer.step(set_row(0, "bird-dog", "Bird dog", "reps", 0.0, 30.0, reps=5, side="left"))
    writer.step(set_row(1, "forearm-plank", "Forearm plank", "hold", 30.0, 60.0, holds_s=(20.0,)))
    for t in range(61):
        writer.heart_rate(H10, float(t), 80 + t % 5, (750.0 + t,), True)
    for half in range(122):
        writer.heart_rate(STRAP, half / 2, 100, (600.0,), True)
    writer.finish("completed", 60.0)
    db.close()
    return writer.session_id


def test_the_h10_is_the_heart_rate_everywhere_and_another_device_can_be_chosen(
    lumbar_home: Locations, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = two_straps_session(lumbar_home)
    h10_bpm = [80 + t % 5 for t in range(61)]
    h10_avg = round(sum(h10_bpm) / len(h10_bpm), 1)  # 81.97
    assert main(["log", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["avg_bpm"], row["peak_bpm"]) == (h10_avg, 84), "the app's figure: the H10's"
    assert main(["log", "show", str(session)]) == 0
    assert "Heart rate: average 82, peak 84 bpm (61 readings, lowest 80) from Polar H10" in (
        capsys.readouterr().out
    )
    fit_path = tmp_path / "s.fit"
    assert export("--format", "fit", "--session", str(session), "-o", str(fit_path)) == 0
    (fit_session,) = read_fit(fit_path)["session_mesgs"]
    assert (fit_session["avg_heart_rate"], fit_session["max_heart_rate"]) == (82, 84)

    rr_path = tmp_path / "s-rr.txt"
    assert export("--format", "rr", "--session", str(session), "-o", str(rr_path)) == 0
    values = [float(line) for line in rr_path.read_text(encoding="utf-8").splitlines()]
    assert values == [750.0 + t for t in range(61)], "the H10's RR, not the strap's"
    chosen = tmp_path / "strap-rr.txt"
    argv = ["--format", "rr", "--session", str(session), "--device", "hr strap 4f2a"]
    assert export(*argv, "-o", str(chosen)) == 0
    assert chosen.read_text(encoding="utf-8").splitlines() == ["600"] * 122
    missing = tmp_path / "nobody.fit"
    argv = ["--format", "fit", "--session", str(session), "--device", "C0:00:00:00:00:00"]
    assert export(*argv, "-o", str(missing)) == 2
    err = capsys.readouterr().err
    assert "has no heart rate from C0:00:00:00:00:00" in err
    assert err.count("\n") == 1
    assert not missing.exists()
    assert export("--format", "csv", "--all", "--device", STRAP, "-o", str(tmp_path / "t")) == 2
    assert "--device chooses the heart rate of a tcx, fit or rr export" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "target", "advice"),
    [
        (["--format", "csv", "--session", "{routine}"], "s2.csv", "file per table, not one .csv"),
        (["--format", "fit", "--all"], "all.fit", "several FIT files, not one .fit file"),
        (["--format", "rr", "--all"], "all.txt", "several RR files, not one .txt file"),
    ],
)
def test_several_files_are_never_a_folder_named_like_one_file(
    sessions: Sessions,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    target: str,
    advice: str,
) -> None:
    filled = [a.format(routine=sessions.routine) for a in argv]
    assert export(*filled, "-o", str(tmp_path / target)) == 2
    err = capsys.readouterr().err
    assert advice in err
    stem = tmp_path / target.split(".")[0]
    assert f"give a folder (-o {stem}) or a zip (-o {stem}.zip)" in err
    assert err.count("\n") == 1
    assert not (tmp_path / target).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["data"], "nothing but the database"


def test_several_activities_go_into_a_zip_when_asked(sessions: Sessions, tmp_path: Path) -> None:
    out = tmp_path / "all.zip"
    assert export("--format", "fit", "--all", "-o", str(out)) == 0
    assert private(out)
    with_strap = (sessions.routine, sessions.stretches, sessions.recording)
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == sorted(f"session-{i}.fit" for i in with_strap)
        fit = tmp_path / "one.fit"
        fit.write_bytes(archive.read(f"session-{sessions.routine}.fit"))
    assert len(read_fit(fit)["lap_mesgs"]) == 4


def test_fit_laps_carry_the_exercise_names(sessions: Sessions, tmp_path: Path) -> None:
    """FIT has no lap name: each lap points (wkt_step_index) at a workout step named after
    its exercise (wkt_step_name), as a device that followed a workout writes it."""
    out = tmp_path / "core.fit"
    assert export("--format", "fit", "--session", str(sessions.routine), "-o", str(out)) == 0
    fit = read_fit(out)
    (workout,) = fit["workout_mesgs"]
    assert workout["wkt_name"] == "Core basics"
    steps = {step["message_index"]: step["wkt_step_name"] for step in fit["workout_step_mesgs"]}
    names = [steps[lap["wkt_step_index"]] for lap in fit["lap_mesgs"]]
    assert names == ["Bird dog", "Forearm plank", "Cat-cow stretch", "Ball bridge"]
    out = tmp_path / "recording.fit"
    assert export("--format", "fit", "--session", str(sessions.recording), "-o", str(out)) == 0
    recording = read_fit(out)
    assert "workout_mesgs" not in recording
    assert "wkt_step_index" not in recording["lap_mesgs"][0]


def test_lumbar_hrv_reads_the_csv_exports_heart_rate(
    lumbar_home: Locations,
    sessions: Sessions,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "tables"
    assert export("--format", "csv", "--session", str(sessions.routine), "-o", str(out)) == 0
    capsys.readouterr()
    assert main(["hrv", str(out / "heart_rate.csv"), "--json", "--no-filter"]) == 0
    intervals = [rr for _, _, rr in stored_heart_rate(lumbar_home, sessions.routine)]
    assert json.loads(capsys.readouterr().out)["beats_read"] == sum(len(rr) for rr in intervals)
    both = tmp_path / "both"
    ids = ["--session", str(sessions.routine), "--session", str(sessions.stretches)]
    assert export("--format", "csv", *ids, "-o", str(both)) == 0
    capsys.readouterr()
    assert main(["hrv", str(both / "heart_rate.csv")]) == 2
    err = capsys.readouterr().err
    assert "holds the RR intervals of 2 sessions or devices" in err
    assert "lumbar export --format rr --session ID" in err
    assert err.count("\n") == 1
