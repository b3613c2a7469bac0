"""``lumbar export`` on real database files written by ``SessionWriter``: JSON and RR read back,
--all, mistakes, the installed command, and which device and path (the formats: test_export_*)."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from export_sessions import (
    H10,
    TCX,
    Sessions,
    export,
    private,
    read_fit,
    set_row,
    stored,
    stored_heart_rate,
    write_sessions,
)
from tcxreader.tcxreader import TCXReader

from db.connection import open_database
from db.sessions import SessionWriter
from sensors.packing import ENCODING
from tui.cli import main
from tui.locations import Locations


@pytest.fixture
def sessions(lumbar_home: Locations) -> Sessions:
    return write_sessions(lumbar_home)


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


def test_all_writes_a_file_per_session_and_rr_skips_those_without_a_strap(
    sessions: Sessions, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TCX and FIT take every session, one done without a strap too (most are); RR intervals
    come only from a strap, so an RR export leaves those sessions out and says so."""
    every = (sessions.routine, sessions.stretches, sessions.recording, sessions.no_strap)
    for form in ("fit", "tcx"):
        out = tmp_path / form
        assert export("--format", form, "--all", "-o", str(out)) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        listed = ", ".join(str(i) for i in every)
        assert captured.out == f"Exported 4 sessions ({listed}) to {out} (a folder).\n"
        assert private(out)
        names = sorted(p.name for p in out.iterdir())
        assert names == sorted(f"session-{i}.{form}" for i in every)
        for path in out.iterdir():
            assert private(path)
    read_fit(tmp_path / "fit" / f"session-{sessions.no_strap}.fit")
    out = tmp_path / "rr"
    assert export("--format", "rr", "--all", "-o", str(out)) == 0
    captured = capsys.readouterr()
    assert (
        captured.err == f"lumbar: warning: skipped session {sessions.no_strap}: no RR intervals\n"
    )
    assert "Exported 3 sessions" in captured.out
    with_strap = (sessions.routine, sessions.stretches, sessions.recording)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"session-{i}-rr.txt" for i in with_strap
    )
    out = tmp_path / "tcx-two"
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


def test_several_sessions_are_named_after_one_session_flag_or_each_after_its_own(
    sessions: Sessions, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README and --help wrote '--session ID ...': '--session 1 3' was refused."""
    first, third = str(sessions.routine), str(sessions.recording)
    spellings = {
        "after-one": ["--session", first, third],
        "each-its-own": ["--session", first, "--session", third],
        "both": ["--session", first, "--session", third, first],  # named twice: once
    }
    for name, argv in spellings.items():
        out = tmp_path / f"{name}.json"
        assert export("--format", "json", *argv, "-o", str(out)) == 0, capsys.readouterr().err
        assert capsys.readouterr().out == f"Exported 2 sessions ({first}, {third}) to {out}.\n"
        document = json.loads(out.read_text(encoding="utf-8"))
        assert [s["id"] for s in document["sessions"]] == [sessions.routine, sessions.recording]
    assert export("--format", "tcx", "--session", first, third, "-o", str(tmp_path / "t")) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        f"session-{first}.tcx",
        f"session-{third}.tcx",
    ]


def test_a_session_without_a_strap_exports_to_tcx_and_fit_with_the_others(
    sessions: Sessions, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Named with --session, alone or beside sessions with heart rate (once refused: "has no
    heart rate to put in a TCX export")."""
    out = tmp_path / "no-strap.fit"
    assert export("--format", "fit", "--session", str(sessions.no_strap), "-o", str(out)) == 0
    (session,) = read_fit(out)["session_mesgs"]
    assert session["total_elapsed_time"] == pytest.approx(40.0)
    assert "avg_heart_rate" not in session
    out = tmp_path / "two"
    two = ["--session", str(sessions.routine), "--session", str(sessions.no_strap)]
    assert export("--format", "tcx", *two, "-o", str(out)) == 0
    captured = capsys.readouterr()
    assert "skipped" not in captured.err
    without = ET.parse(out / f"session-{sessions.no_strap}.tcx").getroot()
    assert [lap.findtext(f"{TCX}Notes") for lap in without.iter(f"{TCX}Lap")] == ["Bird dog"]
    assert not list(without.iter(f"{TCX}HeartRateBpm"))
    with_strap = ET.parse(out / f"session-{sessions.routine}.tcx").getroot()
    assert list(with_strap.iter(f"{TCX}HeartRateBpm"))


# --- mistakes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "fit", "--session", "99"], "no session 99"),
        (["--format", "rr", "--session", "{no_strap}"], "has no RR intervals to put in an RR"),
        (["--format", "rr", "--session", "{routine}", "--session", "{no_strap}"], "has no RR"),
        (["--format", "gpx", "--all"], "invalid choice: 'gpx'"),
        (["--format", "csv"], "one of the arguments --session --all is required"),
        (["--format", "csv", "--all", "--session", "1"], "not allowed with argument"),
        (["--format", "csv", "--session", "abc"], "a session id is a number"),
        (
            ["--format", "csv", "--session", "{routine}", "x"],
            "1 or more, not 'x'; 'lumbar log' lists them",
        ),
        (["--format", "csv", "--session", "-1"], "a session id is a number of 1 or more"),
        (["--format", "csv", "--session"], "--session: expected at least one argument"),
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

    # A device's heart rate asked for: a session without it is left out of --all, saying whose.
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    writer.step(set_row(0, "bird-dog", "Bird dog", "reps", 0.0, 20.0, reps=5))
    writer.finish("completed", 20.0)
    db.close()
    folder = tmp_path / "strap"
    assert export("--format", "tcx", "--all", "--device", STRAP, "-o", str(folder)) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"lumbar: warning: skipped session {writer.session_id}: no heart rate from {STRAP}\n"
    )
    assert [p.name for p in folder.iterdir()] == [f"session-{session}.tcx"]


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
    every = (sessions.routine, sessions.stretches, sessions.recording, sessions.no_strap)
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == sorted(f"session-{i}.fit" for i in every)
        fit = tmp_path / "one.fit"
        fit.write_bytes(archive.read(f"session-{sessions.routine}.fit"))
    assert len(read_fit(fit)["lap_mesgs"]) == 4
