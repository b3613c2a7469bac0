"""``fetch_data.py`` when a set cannot be fetched: exit 1, one line on stderr naming the set
and what to do, no traceback, and the folder fetched before left as it was (the sets after it
are still fetched). Several found by review (helper-91)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_chest_benchmark import BENCHMARKS, fetch, make_git_repo, read_index, sts_csv

STS_FILE = "Eurobench_format_code/test/input/subject_02_5sts_chair_raw_01.csv"


def fetched_before(tmp_path: Path) -> tuple[Path, str]:
    sts = make_git_repo(tmp_path / "sts", {STS_FILE: sts_csv()})
    data = tmp_path / "data"
    fetch(data, ("eurobench-sts", sts))
    return data, (data / "eurobench-sts" / "index.csv").read_text(encoding="utf-8")


def run_fetch(
    data: Path, git_dir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, str(BENCHMARKS / "fetch_data.py"), "--data", str(data)]
    args += ["--git-dir", f"eurobench-sts={git_dir}", "eurobench-sts"]
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=120, env=env)


def assert_one_line_and_kept(
    done: subprocess.CompletedProcess[str], data: Path, before: str
) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    (line,) = done.stderr.splitlines()
    assert line.startswith("eurobench-sts: "), line
    index = data / "eurobench-sts" / "index.csv"
    assert index.is_file(), "the set fetched before was wiped"
    assert index.read_text(encoding="utf-8") == before


def test_a_repository_without_the_sets_files_does_not_wipe_the_set_fetched_before(
    tmp_path: Path,
) -> None:
    """--git-dir naming the wrong (but valid) repository: ls-tree lists nothing, the writer
    writes 0 recordings, and the empty folder replaces the good one (exit 0, "0
    recordings"). A set with no recordings should be a failure, and leave the folder."""
    data, before = fetched_before(tmp_path)
    wrong = make_git_repo(tmp_path / "wrong", {"README.md": "not the data\n"})
    assert_one_line_and_kept(run_fetch(data, wrong), data, before)


def test_a_file_of_another_layout_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """The file is there but lacks the trunk IMU's columns: KeyError traceback today."""
    data, before = fetched_before(tmp_path)
    other = make_git_repo(tmp_path / "other", {STS_FILE: "time,Ax4,Ay4,Az4\n0,0,0,9.8\n"})
    assert_one_line_and_kept(run_fetch(data, other), data, before)


def test_a_data_folder_that_cannot_be_written_is_one_line_not_a_traceback(
    tmp_path: Path,
) -> None:
    """--data names a file: FileExistsError traceback from data.mkdir today."""
    sts = make_git_repo(tmp_path / "sts", {STS_FILE: sts_csv()})
    data = tmp_path / "data"
    data.write_text("a file\n", encoding="utf-8")
    done = run_fetch(data, sts)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode != 0
    assert len(done.stderr.splitlines()) == 1, done.stderr


def test_without_git_on_the_path_it_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """git missing: FileNotFoundError traceback from subprocess.run today."""
    data, before = fetched_before(tmp_path)
    sts = tmp_path / "sts" / ".git"
    env = {**os.environ, "PATH": str(tmp_path / "no-bin")}
    assert_one_line_and_kept(run_fetch(data, sts, env), data, before)


def test_a_set_that_cannot_be_read_is_one_line_and_the_one_fetched_before_stays(
    tmp_path: Path,
) -> None:
    sts = make_git_repo(
        tmp_path / "sts",
        {"Eurobench_format_code/test/input/subject_02_5sts_chair_raw_01.csv": sts_csv()},
    )
    data = tmp_path / "data"
    fetch(data, ("eurobench-sts", sts))
    before = (data / "eurobench-sts" / "index.csv").read_text(encoding="utf-8")

    missing = tmp_path / "nowhere" / ".git"
    args = [sys.executable, str(BENCHMARKS / "fetch_data.py"), "--data", str(data)]
    args += ["--git-dir", f"eurobench-sts={missing}", "eurobench-sts"]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("eurobench-sts: could not read ls-tree -r --name-only HEAD"), line
    assert str(missing) in line
    assert (data / "eurobench-sts" / "index.csv").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in data.iterdir()) == ["eurobench-sts"]  # no half-written set

    args[-3:] = ["--git-dir", "eurobench", "eurobench-sts"]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--git-dir eurobench: give NAME=PATH, NAME one of barbell," in done.stderr


def barbell_csv(epoch_ms: int, values: list[tuple[float, float, float]], style: str) -> str:
    """A MetaMotion accelerometer export at 12.5 Hz (``style``: how the numbers are written;
    the dataset's copies write them differently)."""
    lines = ["epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)"]
    for i, (x, y, z) in enumerate(values):
        stamp = epoch_ms + 80 * i
        lines.append(f"{stamp},-,{i * 0.08:{style}},{x:{style}},{y:{style}},{z:{style}}")
    return "\n".join(lines) + "\n"


def test_the_barbell_sets_copies_under_another_participant_are_fetched_once(
    tmp_path: Path,
) -> None:
    """Found reading the data: every recording of the barbell set's participant E is one of A's
    or D's, the same samples a day later and written differently. The benchmark took E for a
    held-out person, so A's tuned sets were scored again as held out."""
    swing = [(0.1 * (i % 7), 0.9, -0.3) for i in range(40)]
    other = [(0.2, 0.1 * (i % 5), 0.95) for i in range(40)]
    name = "PythonCode/data/{}-bench-heavy_MetaWear_2019-01-{}_C4_Accelerometer_12.500Hz_1.4.4.csv"
    repo = make_git_repo(
        tmp_path / "barbell",
        {
            name.format("A", "14T14.22.49.165"): barbell_csv(1547472169751, swing, ".3f"),
            name.format("E", "15T14.22.49.165"): barbell_csv(1547558569751, swing, "g"),
            name.format("E", "15T14.30.00.000"): barbell_csv(1547559000000, other, "g"),
        },
    )
    data = tmp_path / "data"
    fetch(data, ("barbell", repo))
    rows = read_index(data / "barbell")
    assert sorted(row["participant"] for row in rows) == ["A", "E"]
    (e_row,) = [row for row in rows if row["participant"] == "E"]
    assert e_row["file"].startswith("E-bench-heavy-2019-01-15T14-30")


HAPT_RAW = "HAPT Dataset/RawData"


def hapt_files(*, gyro: bool) -> dict[str, str]:
    """A copy of HAPT's ``RawData`` with one experiment: 100 samples, sitting then standing,
    and its gyroscope (rad/s) when ``gyro``."""
    files = {
        f"{HAPT_RAW}/labels.txt": "1 1 4 1 50\n1 1 5 51 100\n",
        f"{HAPT_RAW}/acc_exp01_user01.txt": "1.0 0.0 0.1\n" * 100,
    }
    if gyro:
        files[f"{HAPT_RAW}/gyro_exp01_user01.txt"] = "0.1 -0.5 3.14159265\n" * 100
    return files


def test_hapts_gyroscope_is_written_beside_each_recording_in_deg_per_s(tmp_path: Path) -> None:
    """The set's gyroscope is in rad/s; the benchmark's truth reads deg/s."""
    hapt = make_git_repo(tmp_path / "hapt", hapt_files(gyro=True))
    data = tmp_path / "data"
    out = fetch(data, ("hapt", hapt))
    assert "no gyroscope" not in out, out
    lines = (data / "hapt" / "exp01-user01.gyro.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "t,gx,gy,gz"
    assert len(lines) == 102
    t, gx, gy, gz = (float(v) for v in lines[3].split(","))
    assert t == pytest.approx(0.02)
    assert (gx, gy, gz) == pytest.approx((5.730, -28.648, 180.0), abs=1e-3)


def test_a_copy_of_hapt_without_its_gyroscope_is_fetched_with_a_line_saying_so(
    tmp_path: Path,
) -> None:
    """A --git-dir copy without ``gyro_*.txt``: the whole fetch failed ("could not read show
    HEAD:...gyro_exp01_user01.txt"), though the benchmark can time against the labels."""
    hapt = make_git_repo(tmp_path / "hapt", hapt_files(gyro=False))
    data = tmp_path / "data"
    out = fetch(data, ("hapt", hapt))
    assert "hapt: no gyroscope (gyro_*.txt) for 1 of 1 recordings in" in out, out
    assert "hapt: 1 recordings in" in out, out
    assert (data / "hapt" / "exp01-user01.csv").is_file()
    assert not (data / "hapt" / "exp01-user01.gyro.csv").exists()
    assert len(read_index(data / "hapt")) == 2
