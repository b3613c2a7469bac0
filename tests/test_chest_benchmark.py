"""The chest-worn sets of the analysis benchmark: ``fetch_data.py`` writes them from git
repositories laid out like their public copies, and the benchmark reads them, reports them
held out whole, and skips them when absent. Synthetic signals only: no real data here."""

from __future__ import annotations

import csv
import itertools
import math
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO / "tests" / "benchmarks"
GRAVITY = 9.80665
START = datetime(2017, 3, 30, 18, 45, 36)
PARTS = ("Right Hand", "Left Foot", "Chest", "Left Hand", "Belly", "Right Foot")
NEARABLE = (
    "nearableID",
    "frequency",
    "rssi",
    "xAcceleration",
    "yAcceleration",
    "zAcceleration",
    "currentStateDuration",
    "previousStateDuration",
    "timeStampRecorded",
)
DEVICE = [f"Device: {a}Gravity" for a in "xyz"] + [f"Device: {a}Acceleration" for a in "xyz"]


def _stamp(t: float) -> str:
    moment = START + timedelta(seconds=t)
    return f"{moment:%Y-%m-%d %H:%M:%S}:{moment.microsecond // 1000:03d}"


def exermote_csv() -> str:
    """10 s of break, a set of 5 squats (2.5 s each), 10 s of break; the app's rows at 10 Hz,
    the chest Nearable's packets every 0.25 s, each repeated on the rows until the next."""
    header = [f"{p}: {n}" for p in PARTS for n in NEARABLE] + DEVICE
    header += ["exerciseType", "exerciseSubType", "timeStampSaved", "individual"]
    lines = [",".join(header)]
    for i in range(350):
        t = i / 10
        rep = (t - 10.0) / 2.5
        in_set = 0 <= rep < 5
        kind = "Squat" if in_set else "setBreak"
        sub = ("firstHalf" if rep % 1 < 0.5 else "secondHalf") if in_set else "setBreak"
        packet = math.floor(t / 0.25) * 0.25
        tilt = math.radians(40) * (0.5 - 0.5 * math.cos(2 * math.pi * rep)) if in_set else 0.0
        chest = [GRAVITY * math.sin(tilt), 0.0, GRAVITY * math.cos(tilt)]
        cells: list[str] = []
        for part in PARTS:
            acc = chest if part == "Chest" else [0.0, 0.0, GRAVITY]
            cells += ["id", "4.5", "-60", *(f"{v:.2f}" for v in acc), "1", "0", _stamp(packet)]
        cells += ["0", "0", "-1", "0", "0", "0", kind, sub, _stamp(t + 0.1), "3"]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def dsads_segment(offset: int, lying: bool = False) -> str:
    """One 5 s segment at 25 Hz: 45 columns, the torso's acceleration first (m/s²); lying,
    gravity along the unit's x axis, else its z."""
    rows = []
    for i in range(125):
        wobble = 0.01 * math.sin(i + offset)
        down = (
            [f"{GRAVITY:.4f}", "0", f"{wobble:.4f}"]
            if lying
            else [f"{wobble:.4f}", "0", f"{GRAVITY:.4f}"]
        )
        rows.append(",".join([*down, *(["0.5"] * 42)]))
    return "\n".join(rows) + "\n"


def sts_csv() -> str:
    """A five-times sit-to-stand trial at 128 Hz: 2 s seated, 5 trunk leans of 40° (3 s each),
    2 s seated; the fourth IMU (the pelvis) stays still, the fifth (the trunk) leans."""
    lines = ["time,Fz_seat,Ax4,Ay4,Az4,Gx4,Ax5,Ay5,Az5,Gx5"]
    for i in range(19 * 128):
        t = i / 128
        phase = (t - 2.0) / 3.0
        lean = math.radians(40) * (0.5 - 0.5 * math.cos(2 * math.pi * phase)) * (0 <= phase < 5)
        trunk = (GRAVITY * math.sin(lean), 0.0, GRAVITY * math.cos(lean))
        lines.append(f"{t},300,0,0,{GRAVITY},0,{trunk[0]},{trunk[1]},{trunk[2]},0")
    return "\n".join(lines) + "\n"


def make_git_repo(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    return root / ".git"


def fetch(data: Path, *names_and_dirs: tuple[str, Path]) -> str:
    args = [sys.executable, str(BENCHMARKS / "fetch_data.py"), "--data", str(data)]
    for name, git_dir in names_and_dirs:
        args += ["--git-dir", f"{name}={git_dir}"]
    args += [name for name, _ in names_and_dirs]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def read_index(folder: Path) -> list[dict[str, str]]:
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_rows(path: Path) -> list[list[float]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Data: ")
    assert lines[1] == "t,ax,ay,az"
    return [[float(v) for v in line.split(",")] for line in lines[2:]]


def test_fetch_writes_the_chest_sets_and_the_benchmark_reports_them_held_out(
    tmp_path: Path,
) -> None:
    exermote = make_git_repo(
        tmp_path / "exermote",
        {
            "ExermotePreprocessingAndTraining/RawData/2017-03-30 18-45-36 Individual 3.csv": (
                exermote_csv()
            )
        },
    )
    segments = {
        f"data/a{a:02d}/p{p}/s{s:02d}.txt": dsads_segment(s, lying=a == 3)
        for a in (1, 3, 7, 9)  # sitting, lying and standing in a lift are written; walking is not
        for p in (1, 2)
        for s in range(1, 8)
    }
    dsads = make_git_repo(tmp_path / "dsads", segments)
    inputs = "Eurobench_format_code/test/input"
    sts = make_git_repo(
        tmp_path / "sts",
        {
            f"{inputs}/subject_02_5sts_chair_raw_01.csv": sts_csv(),
            f"{inputs}/subject_02_calib_chair_raw_01.csv": sts_csv(),  # not a trial: skipped
        },
    )
    data = tmp_path / "data"
    out = fetch(
        data,
        ("exermote", exermote),
        ("exermote-chest", exermote),
        ("dsads", dsads),
        ("eurobench-sts", sts),
    )
    assert "exermote-chest: 1 recordings" in out, out
    assert "dsads: 6 recordings" in out, out
    assert "eurobench-sts: 1 recordings" in out, out

    (arm,) = read_index(data / "exermote")
    (chest,) = read_index(data / "exermote-chest")
    assert chest["reps"] == "5"
    assert chest["exercise"] == "squat"
    assert chest["individual"] == "3"
    # The same set on the same clock as the arm's file.
    assert (chest["set_start_s"], chest["set_end_s"]) == (arm["set_start_s"], arm["set_end_s"])
    rows = read_rows(data / "exermote-chest" / chest["file"])
    times = [r[0] for r in rows]
    # One row per packet (every 0.25 s), not one per app row (every 0.1 s); in g.
    assert all(abs(b - a - 0.25) < 0.002 for a, b in itertools.pairwise(times))
    assert times[0] >= 0
    assert times[-1] <= float(chest["set_end_s"]) + 3.0
    assert all(abs(math.hypot(*r[1:]) - 1.0) < 0.002 for r in rows)
    assert max(r[1] for r in rows) > 0.6  # the chest tilts 40° at the bottom of each squat

    postures = read_index(data / "dsads")
    assert [(r["activity"], r["person"]) for r in postures] == [
        ("sitting", "p1"),
        ("sitting", "p2"),
        ("lying on back", "p1"),
        ("lying on back", "p2"),
        ("standing in lift", "p1"),
        ("standing in lift", "p2"),
    ]
    rows = read_rows(data / "dsads" / postures[0]["file"])
    assert len(rows) == 7 * 125
    assert postures[0]["duration_s"] == "35.0"
    assert rows[125][0] == 5.0  # the segments are joined in order, one clock
    assert abs(rows[0][3] - 1.0) < 1e-4

    (trial,) = read_index(data / "eurobench-sts")
    assert trial == {
        "file": "subject02-5sts-01.csv",
        "subject": "02",
        "exercise": "sit-stand",
        "reps": "5",
    }
    rows = read_rows(data / "eurobench-sts" / trial["file"])
    assert len(rows) == 19 * 128
    assert max(r[1] for r in rows) > 0.6  # the trunk's lean, not the pelvis's stillness

    done = run_benchmark(data)
    assert done.returncode == 0, done.stdout + done.stderr
    report = done.stdout
    assert "exermote-chest: Estimote Nearable on the chest" in report
    assert "HELD OUT whole: nobody tunes on it" in report
    assert re.search(r"^  exermote-chest squat\s+held out\s+3\s+1\s", report, re.M), report
    # "all" keeps its meaning (the arm's set); "all+chest" adds the chest's.
    assert re.search(r"^  all\s+all\s+held out\s+3\s+1\s", report, re.M), report
    assert re.search(r"^  eurobench-sts\s+sit-stand\s+held out\s+02\s+1\s", report, re.M)
    assert re.search(r"^  all\+chest\s+all\s+held out\s+02,3\s+3\s", report, re.M), report
    assert re.search(r"^  sitting\s+2\s+\d\s+\d+\s+\d+%", report, re.M), report
    assert re.search(r"dsads sitting \(chest 25 Hz\)\s+held out\s+\d of\s+2 segments", report)
    assert "dsads, all postures, held out whole (2 people)" in report
    # Lying after sitting and sitting after lying, each 35 s still: timed whole but the start.
    assert "dsads: the hold timer through 5 minutes of each still posture" in report
    for posture in ("lying on back", r"sitting \(from lying\)"):
        row = re.search(rf"^  {posture}\s+held out\s+2\s+-(\d+\.\d+)\s", report, re.M)
        assert row is not None, report
        assert float(row[1]) < 2.0
    assert "the live clock ran" in report
    # One 30 s piece of each between the other's stretches: started and stopped near the joins.
    assert "dsads: the hold timer on 30 s pieces of each still posture" in report
    short = report.split("dsads: the hold timer on 30 s pieces")[1]
    for posture in ("lying on back", r"sitting \(from lying\)"):
        row = re.search(
            rf"^  {posture}\s+held out\s+2\s+-\d+\.\d+\s+(\d+\.\d+)\s+100%.*?([-+]\d+\.\d+)\s+0$",
            short,
            re.M,
        )
        assert row is not None, short
        assert float(row[1]) < 1.0
        assert abs(float(row[2])) < 0.5  # stopped when the rest came back


def test_without_the_chest_sets_the_benchmark_skips_them(tmp_path: Path) -> None:
    (tmp_path / "hrv").mkdir()
    done = run_benchmark(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"exermote-chest: skipped, no folder {tmp_path / 'exermote-chest'}" in done.stdout
    assert f"dsads: skipped, no folder {tmp_path / 'dsads'}" in done.stdout
    assert f"eurobench-sts: skipped, no folder {tmp_path / 'eurobench-sts'}" in done.stdout
    assert "all+chest" not in done.stdout


def run_benchmark(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / "analysis.py"), "--data", str(data), "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
