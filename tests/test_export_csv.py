"""``lumbar export`` to CSV (a folder or a zip), read back with csv and ``lumbar hrv``."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from export_sessions import (
    ACC_RATE_HZ,
    H10,
    Sessions,
    export,
    private,
    stored,
    stored_heart_rate,
    write_sessions,
)

from sensors.packing import unpack_acc
from sensors.recording_csv import read_recording
from tui.cli import main
from tui.locations import Locations


@pytest.fixture
def sessions(lumbar_home: Locations) -> Sessions:
    return write_sessions(lumbar_home)


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
    # Each set's one state and its seconds in the minutes in sets, as the log reads them.
    assert [r["state"] for r in steps] == [s["state"] for s in shown["steps"]]
    assert "skipped" in [r["state"] for r in steps]
    assert [float(r["worked_s"]) for r in steps] == [
        round(s["active_s"] or 0.0, 3) if s["worked"] else 0.0 for s in shown["steps"]
    ]
    worked_s = round(sum(float(r["worked_s"]) for r in steps), 3)
    assert round(worked_s / 60, 2) == shown["active_minutes"]
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


def test_a_resumed_session_lasts_as_long_in_csv_as_in_json_and_the_log(
    lumbar_home: Locations, tmp_path: Path
) -> None:
    """duration_s was the wall clock in CSV (time away included) and without the time away
    in JSON and the log; JSON also gave the sets planned twice (helper-78)."""
    from datetime import UTC, datetime

    from db.connection import open_database
    from db.sessions import EventRow, SessionWriter

    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id="core-basics",
        routine_name="Core basics",
        started_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    writer.event(EventRow(30.0, "interrupted", None, None, None))
    writer.event(EventRow(50.0, "resumed", None, None, None))  # 20 s away
    writer.update(resumes=1)
    writer.finish("completed", 100.0)
    session_id = writer.session_id
    db.close()

    assert export("--format", "csv", "--session", str(session_id), "-o", str(tmp_path / "t")) == 0
    (row,) = csv_rows((tmp_path / "t" / "sessions.csv").read_text(encoding="utf-8"))
    assert export("--format", "json", "--session", str(session_id), "-o", str(tmp_path / "j")) == 0
    (document,) = json.loads((tmp_path / "j").read_text(encoding="utf-8"))["sessions"]
    shown = stored(lumbar_home, session_id)
    assert int(row["duration_s"]) == document["duration_s"] == shown["duration_s"] == 80
    assert float(row["elapsed_s"]) == document["elapsed_s"] == 100.0  # the timeline's length
    assert "planned_sets" not in document
    assert "sets_planned" in document


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


def test_lumbar_hrv_reads_one_sessions_export_with_two_straps_from_the_one_with_most_beats(
    lumbar_home: Locations,
    sessions: Sessions,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An H10 and a strap in one session (as the demo records): refused as two series (found
    trying it), though the rest of lumbar takes one device's heart rate, the H10's first
    (here it has fewer beats than the strap)."""
    out = tmp_path / "tables"
    assert export("--format", "csv", "--session", str(sessions.routine), "-o", str(out)) == 0
    capsys.readouterr()
    table = out / "heart_rate.csv"
    header, *rows = table.read_text().splitlines()
    strap = [row.replace(H10, "C0:FF:EE:00:00:02") for row in rows + rows]
    table.write_text("\n".join([header, *rows, *strap]) + "\n")
    devices = out / "devices.csv"
    names, *known = devices.read_text().splitlines()
    assert names.startswith("session_id,address,kind"), names
    devices.write_text(
        "\n".join([names, *known, f"{sessions.routine},C0:FF:EE:00:00:02,generic-hr,Strap,"]) + "\n"
    )
    assert main(["hrv", str(table), "--json", "--no-filter"]) == 0
    found = json.loads(capsys.readouterr().out)
    intervals = [rr for _, _, rr in stored_heart_rate(lumbar_home, sessions.routine)]
    assert found["beats_read"] == sum(len(rr) for rr in intervals)
    assert found["device"] == H10
    assert main(["hrv", str(table)]) == 0
    assert f"the RR intervals of {H10}, the session's heart-rate source" in (
        capsys.readouterr().out
    )


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
    assert "holds the RR intervals of 2 sessions" in err
    assert "lumbar export --format rr --session ID" in err
    assert err.count("\n") == 1
