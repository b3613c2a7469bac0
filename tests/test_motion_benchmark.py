"""The analysis benchmark still runs and prints its figures (on the fixtures, laid out like the
real data folder), so it cannot rot silently. Figures only: the real ones need ../shared/data."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from sensors.recording_csv import read_recording

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "tests" / "benchmarks" / "analysis.py"
FIXTURES = REPO / "tests" / "fixtures"
GRAVITY = 9.80665
START = datetime(2024, 5, 1, 9, 30, 0)


def build_data_folder(root: Path) -> None:
    """The fixture excerpts in the formats and places of ../shared/data."""
    pt_file = FIXTURES / "pt-s1-e4-u3-fast-and-small-reps.csv"
    pt = read_recording(pt_file)
    unit = root / "pt-exercises" / "s1" / "e4" / "u3"
    unit.mkdir(parents=True)
    index = np.rint(pt.t_s * 25).astype(int) + 1
    with gzip.open(unit / "test.txt.gz", "wt") as handle:
        handle.write("time index;acc_x;acc_y;acc_z\n")
        for i, (x, y, z) in zip(index, pt.acc_g * GRAVITY, strict=True):
            handle.write(f"{i};{x:.6f};{y:.6f};{z:.6f}\n")
    labels = re.search(r"^# labels: (.+)$", pt_file.read_text(encoding="utf-8"), re.M)
    assert labels
    spans = re.findall(r"([\d.]+)-([\d.]+)", labels.group(1))
    rows = [
        f"{n},2,{round(float(a) * 25) + 1},{round(float(b) * 25) + 1}"
        for n, (a, b) in enumerate(spans, start=1)
    ]
    (unit.parent / "test_times.csv").write_text(
        '"rep.number","execution.type","start","end"\n' + "\n".join(rows) + "\n"
    )

    mex = read_recording(FIXTURES / "mex-s03-pelvic-tilt-thigh.csv")
    folder = root / "mex" / "act" / "03"
    folder.mkdir(parents=True)
    with gzip.open(folder / "03_act_1.csv.gz", "wt") as handle:
        for t, (x, y, z) in zip(mex.t_s, mex.acc_g, strict=True):
            stamp = (START + timedelta(seconds=float(t))).isoformat(
                sep=" ", timespec="microseconds"
            )
            handle.write(f"{stamp},{x},{y},{z}\n")

    verity = read_recording(FIXTURES / "verity-sense-forearm-still.csv")
    folder = root / "polar-verity-sense"
    folder.mkdir()
    lines = ["Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]"]
    for t, (x, y, z) in zip(verity.t_s, verity.acc_g * 1000, strict=True):
        phone = (START + timedelta(seconds=float(t))).isoformat(timespec="milliseconds")
        lines.append(f"{phone};{int(t * 1e9) + 10**15};{x:.0f};{y:.0f};{z:.0f}")
    (folder / "Polar_Sense_ACC.txt").write_text("\n".join(lines) + "\n")
    marks = [START + timedelta(seconds=5), START + timedelta(seconds=55)]
    (folder / "MARKER.txt").write_text(
        "Phone timestamp;Marker start/stop\n"
        + "".join(f"{m.isoformat(timespec='milliseconds')};MARKER\n" for m in marks)
    )

    (root / "hrv").mkdir()
    short = (FIXTURES / "hrv-sample-nni-short.csv").read_text(encoding="utf-8")
    (root / "hrv" / "SampleNNISeriesShort.csv").write_text(short)
    (root / "README.md").write_text(
        "| series | n | mean NN (ms) | SDNN (ms, ddof=1) | RMSSD (ms) | NN50 | pNN50 (%) |\n"
        "|---|---|---|---|---|---|---|\n"
        "| SampleNNISeriesShort | 337 | 888.955 | 95.690 | 101.301 | 163 | 48.512 |\n"
    )


def run_benchmark(data: Path) -> str:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(data), "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_benchmark_prints_every_figure_on_the_fixtures(tmp_path: Path) -> None:
    build_data_folder(tmp_path)
    out = run_benchmark(tmp_path)
    assert re.search(r"^  s1 e4 u3:\s+20 of 20  error \+0$", out, re.M), out
    assert re.search(
        r"tuned on\s+\(s1\) sessions\s+1\s+mean abs error 0\.00\s+within ±1 100%", out
    ), out
    holds = re.search(r"^  pelvic tilt\s+thigh\s+01-05 tuned\s+1\s+([\d.]+)\s+([\d.]+)", out, re.M)
    assert holds, out
    assert float(holds.group(1)) >= 4
    assert 4.0 <= float(holds.group(2)) <= 6.5
    still = re.search(r"wrist limits: still ([\d.]+)% of the time, 0 reps", out)
    assert still, out
    assert float(still.group(1)) > 95
    hrv = re.search(r"SampleNNISeriesShort: .* largest difference ([\d.]+)", out)
    assert hrv, out
    assert float(hrv.group(1)) < 0.01
    assert "1 of 337 beats removed" in out
    speeds = re.findall(r"= ([\d,]+)x real time", out)
    assert len(speeds) == 3, out
    assert all(int(s.replace(",", "")) > 0 for s in speeds)
    # The synthetic holds start mid-hold: the rest is found and every whole hold lasts 5 s.
    twice = re.search(r"analysed twice \(the rest was found\): (\d+) holds, median ([\d.]+) s", out)
    assert twice, out
    assert 4.5 <= float(twice.group(2)) <= 5.8


def test_without_data_the_benchmark_says_so(tmp_path: Path) -> None:
    out = run_benchmark(tmp_path / "nowhere")
    assert f"skipped: no data folder at {tmp_path / 'nowhere'} (give --data DIR)" in out


def test_the_benchmarks_live_clock_reports_when_it_started_and_stopped() -> None:
    """Told of a hold at 0.5 s (heard at 1 s) and of its break at 2.6 s (heard at 3 s), the
    clock held 2.1 s, from 0.5 s to 2.6 s: the moments it reports are those it ran between."""
    import importlib.util

    from sensors.motion import HoldBroken, HoldStarted

    path = REPO / "tests" / "benchmarks" / "analysis_sections" / "live_clock.py"
    spec = importlib.util.spec_from_file_location("live_clock", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    clock = module.LiveClock(0.0)
    clock.hear(1.0, [HoldStarted(0.5)])
    clock.hear(2.0, [])
    clock.hear(3.0, [HoldBroken(2.6, "moved")])
    assert clock.held_s == pytest.approx(2.1)
    assert clock.first_on_s == pytest.approx(0.5)
    assert clock.last_off_s == pytest.approx(2.6)


HAPT_DAY = [
    # activity, seconds, tilt from upright (degrees) it ends at
    ("standing", 20.0, 0.0),
    ("stand-to-sit", 2.0, 30.0),
    ("sitting", 20.0, 30.0),
    ("sit-to-lie", 3.0, 90.0),
    ("lying", 20.0, 90.0),
    ("lie-to-sit", 3.0, 30.0),
    ("sitting", 20.0, 30.0),
]


def build_hapt_folder(root: Path) -> None:
    """What ``fetch_data.py`` writes for HAPT, for a user tuned on (1) and one held out (16):
    a waist phone at 50 Hz, still postures with a breath's sway, the transitions between them
    smooth tilts, every span labelled exactly."""
    folder = root / "hapt"
    folder.mkdir()
    index = ["file,user,experiment,activity,start_s,end_s"]
    for user in (1, 16):
        name = f"exp{user:02d}-user{user:02d}.csv"
        rows, t, tilt = ["t,ax,ay,az"], 0.0, 0.0
        for activity, seconds, ends_at in HAPT_DAY:
            index.append(f"{name},{user},{user},{activity},{t:.2f},{t + seconds - 0.02:.2f}")
            began, start_tilt = t, tilt
            while t < began + seconds - 1e-9:
                share = (t - began) / seconds
                tilt = start_tilt + (ends_at - start_tilt) * share
                angle = np.radians(tilt + 0.5 * np.sin(2 * np.pi * 0.25 * t))
                rows.append(f"{t:.2f},{np.cos(angle):.4f},0.0000,{np.sin(angle):.4f}")
                t = round(t + 0.02, 2)
            tilt = ends_at
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "index.csv").write_text("\n".join(index) + "\n", encoding="utf-8")


def test_the_benchmark_times_hapt_postures_as_holds_and_against_the_movement(
    tmp_path: Path,
) -> None:
    """Labels that follow the movement exactly: the movement's own timer agrees with all of
    them, and the holds' own times are within 1 s of each posture reached from another."""
    build_hapt_folder(tmp_path)
    out = run_benchmark(tmp_path)
    for split in ("tuned", "held out"):
        rows = re.findall(rf"^  all\s+{split}\s+(\d+)\s+[-+\d.]+\s+[\d.]+\s+(\d+)%", out, re.M)
        # By the holds' own times, then as a live clock runs (which also times the lying
        # reached from the last sitting, within the 5 s the set goes on after it).
        assert [holds for holds, _ in rows] == ["3", "3"], out
        assert rows[0][1] == "100", out
        yardstick = re.search(rf"^    {split}\s+(\d+) postures: within 1 s on (\d+)%", out, re.M)
        assert yardstick is not None, out
        assert (yardstick[1], yardstick[2]) == ("2", "100"), out
        # Per posture too, with when the move out of it began to shake: these smooth tilts
        # (15-20 deg/s) outrun the gravity filter by the chest's limit half a second in, after
        # the tilt is 10% done.
        per_posture = out[out.index("  (per posture") :]
        rows = re.findall(
            rf"^  (\w+ to \w+)\s+{split}\s+(\d+)\s+(\d+)%.*\s([-+][\d.]+)\s+([-+][\d.]+)"
            r"\s+([\w-]+)$",
            per_posture,
            re.M,
        )
        assert [(kind, n, within, by) for kind, n, within, _, _, by in rows] == [
            ("sitting to lying", "1", "100", "lie-to-sit"),
            ("standing to sitting", "1", "100", "sit-to-lie"),
        ], out
        for *_, moved_out, shaken, _ in rows:
            assert 0.0 < float(moved_out) < float(shaken) < 1.0, out
    # No gyroscope beside the recordings: the second truth is skipped, in a line.
    assert "  (no gyroscope files: fetch hapt again to time against the movement as well)" in out
    assert "  against the postures" not in out, out


def build_hapt_folder_turning_on(root: Path, *, turning_on_s: float) -> None:
    """``build_hapt_folder``'s postures, with the phone's gyroscope beside each recording, and
    the person still turning into each lying for ``turning_on_s`` after its labelled start
    (as HAPT's labels often begin a posture while the trunk still tilts into it)."""
    folder = root / "hapt"
    folder.mkdir()
    index = ["file,user,experiment,activity,start_s,end_s"]
    for user in (1, 16):
        name = f"exp{user:02d}-user{user:02d}.csv"
        t = 0.0
        moves: list[tuple[float, float, float, float]] = []  # from, until, tilt from, tilt to
        tilt = 0.0
        for activity, seconds, ends_at in HAPT_DAY:
            index.append(f"{name},{user},{user},{activity},{t:.2f},{t + seconds - 0.02:.2f}")
            if ends_at != tilt:
                until = t + seconds + (turning_on_s if ends_at == 90.0 else 0.0)
                moves.append((t, until, tilt, ends_at))
            tilt = ends_at
            t += seconds
        t_s = np.round(np.arange(0.0, t - 1e-9, 0.02), 2)
        tilt_deg = np.zeros_like(t_s)
        for began, until, start, end in moves:  # each move holds its end until the next
            share = np.clip((t_s - began) / (until - began), 0.0, 1.0)
            after = t_s >= began
            tilt_deg[after] = (start + (end - start) * share)[after]
        sway = 0.5 * np.sin(2 * np.pi * 0.25 * t_s)
        angle = np.radians(tilt_deg + sway)
        rows = ["t,ax,ay,az"] + [
            f"{now:.2f},{np.cos(a):.4f},0.0000,{np.sin(a):.4f}"
            for now, a in zip(t_s, angle, strict=True)
        ]
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
        rate = np.gradient(np.degrees(angle), t_s)
        gyro = ["t,gx,gy,gz"] + [
            f"{now:.2f},0.000,{r:.3f},0.000" for now, r in zip(t_s, rate, strict=True)
        ]
        (folder / name.replace(".csv", ".gyro.csv")).write_text(
            "\n".join(gyro) + "\n", encoding="utf-8"
        )
    (folder / "index.csv").write_text("\n".join(index) + "\n", encoding="utf-8")


def test_the_benchmark_times_hapt_holds_against_the_postures_the_gyroscope_bounds(
    tmp_path: Path,
) -> None:
    """Labels that begin each lying 1.5 s before the trunk stops tilting into it: timed from
    when the person arrived, the lying misses its labels by 1.5 s, and is within 1 s of the
    posture as the gyroscope bounds it (from when the tilt stopped)."""
    build_hapt_folder_turning_on(tmp_path, turning_on_s=1.5)
    out = run_benchmark(tmp_path)
    labels = out[out.index("hapt: still postures") : out.index("  against the postures")]
    movement = out[out.index("  against the postures") : out.index("hapt: the labels against")]
    row = r"^  sitting to lying\s+{}\s+1\s+([-+][\d.]+)\s+[\d.]+\s+(\d+)%"
    for split in ("tuned", "held out"):
        by_labels = re.search(row.format(split), labels, re.M)
        by_movement = re.search(row.format(split), movement, re.M)
        assert by_labels is not None, out
        assert by_movement is not None, out
        assert float(by_labels[1]) < -1.0, out
        assert by_labels[2] == "0", out
        assert abs(float(by_movement[1])) <= 1.0, out
        assert by_movement[2] == "100", out
    assert re.search(r"^    tilt over 10 deg/s\s+tuned\s+\d+%", movement, re.M), out
    assert re.search(r"^    tilt over 10 deg/s, pauses 2 s\s+tuned\s+\d+%", movement, re.M), out
    # What the threshold stands between: a breath's sway, and the tilts between postures.
    for split in ("tuned", "held out"):
        still = re.search(rf"^    lying\s+{split}\s+median\s+([\d.]+)\s+95th", out, re.M)
        assert still is not None, out
        assert float(still[1]) < 2.0, out
    fastest = re.search(r"transitions' fastest tilt, median by type: .*sit-to-lie (\d+)", out)
    assert fastest is not None, out
    assert int(fastest[1]) > 10, out
