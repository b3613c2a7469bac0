"""``lumbar analyze`` and ``lumbar hrv`` in-process: output, JSON, and one line per bad file."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from live_exports import run_and_export

from sensors.motion import PLACEMENTS
from sensors.recording_csv import RR_NAMES
from tui.cli import main
from tui.commands.analysis import PLACEMENTS as CLI_PLACEMENTS
from tui.commands.session_export import read_session_sets
from tui.locations import Locations

FIXTURES = Path(__file__).parent / "fixtures"
PT = FIXTURES / "pt-s1-e4-u3-fast-and-small-reps.csv"
MEX = FIXTURES / "mex-s03-pelvic-tilt-thigh.csv"
HRV = FIXTURES / "hrv-sample-nni-short.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def still_rows(seconds: float = 5.0, rate_hz: float = 50.0, z: float = 1.0) -> list[str]:
    return [f"{i / rate_hz:.3f},0,0,{z}" for i in range(round(seconds * rate_hz))]


def rocking_clam_shell(path: Path, rocks: Sequence[float] = (8.0, 16.0)) -> Path:
    """A chest sensor lying on its side, rocking back 20° during a set (with hr): at 8 and
    16 s unless ``rocks`` says when."""
    rate = 50.0
    t = np.arange(0.0, 30.0, 1.0 / rate)
    roll = np.zeros_like(t)
    for start in rocks:
        inside = (t >= start) & (t < start + 3.0)
        roll[inside] = 20.0 * np.sin(np.pi * (t[inside] - start) / 3.0)
    r = np.radians(roll)
    rows = [
        f"{ti:.3f},{math.sin(ri):.4f},0,{math.cos(ri):.4f},{90 + ti:.0f}"
        for ti, ri in zip(t, r, strict=True)
    ]
    return write_csv(path, "t,ax,ay,az,hr", rows)


# --- analyze -----------------------------------------------------------------------------------


def test_the_placements_offered_are_the_analysis_ones() -> None:
    assert CLI_PLACEMENTS == PLACEMENTS


def test_analyze_prints_reps_per_set_and_each_rep(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "analyze", str(PT), "--placement", "wrist")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"{PT}: 137.4 s at 25.0 Hz, wrist sensor")
    assert "Reps: 20 (set 1: 10, set 2: 10)" in lines
    header = lines.index("SET  REP  START S  END S  SECONDS  DEGREES")
    assert lines[header + 1].split()[:2] == ["1", "1"]
    assert lines[header + 20].split()[:2] == ["2", "10"]
    assert "Form: not checked" in out


def test_analyze_json_lists_holds_stillness_and_postures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = run_json(capsys, "analyze", str(MEX), "--placement", "thigh", "--exercise", "pelvic-tilt")
    assert doc["exercise"] == "pelvic-tilt"
    assert doc["placement"] == "thigh"
    assert doc["samples"] > 3000
    assert 95 < doc["rate_hz"] < 105
    held = [h["seconds_held"] for h in doc["holds"]]
    assert len([s for s in held if 4.0 <= s <= 6.5]) >= 4
    assert all(h["start_s"] < h["end_s"] for h in doc["holds"])
    assert 0.5 < doc["stillness"]["share"] <= 1.0
    assert doc["postures"][0]["posture"] == "supine"  # the catalog's start position
    assert doc["form"] == {"checked": False, "warnings": []}
    assert doc["heart_rate"] is None
    assert doc["gaps"] == []


def test_form_warnings_for_a_rocking_clam_shell_with_heart_rate_zones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUMBAR_AGE", "40")  # zones from 180 bpm
    path = rocking_clam_shell(tmp_path / "clams.csv")
    doc = run_json(capsys, "analyze", str(path), "--exercise", "clam-shell")
    warnings = doc["form"]["warnings"]
    assert doc["form"]["checked"] is True
    assert [w["kind"] for w in warnings] == ["trunk rocking", "trunk rocking"]
    assert [round(w["t_s"]) for w in warnings] == [9, 17]
    assert all(w["angle_deg"] > w["limit_deg"] == 12.0 for w in warnings)
    heart = doc["heart_rate"]
    assert heart
    assert heart[0]["peak_bpm"] >= heart[0]["average_bpm"] > 90
    assert heart[0]["average_zone"] == 1  # ~105 bpm of 180

    code, out, _ = run(capsys, "analyze", str(path), "--exercise", "clam-shell")
    assert code == 0
    assert "Form: 2 warnings" in out
    assert "trunk rocking" in out
    assert "Heart rate:" in out


def test_one_form_warning_is_one_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """It said "Form: 1 warnings"."""
    path = rocking_clam_shell(tmp_path / "clams.csv", rocks=(8.0,))
    code, out, _ = run(capsys, "analyze", str(path), "--exercise", "clam-shell")
    assert code == 0
    assert "\nForm: 1 warning\n" in out


def test_the_exercise_must_be_in_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "analyze", str(PT), "--exercise", "clamshel")
    assert (code, out) == (2, "")
    assert err == (
        "lumbar: no exercise 'clamshel'; did you mean 'clam-shell'? 'lumbar catalog' lists them\n"
    )


def test_rate_spaces_bunched_arrival_times_evenly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Packets of 10 samples stamped with their arrival time: 0.0 x10, 0.1 x10, ...
    rows = [f"{(i // 10) / 10:.1f},0,0,1" for i in range(500)]
    path = write_csv(tmp_path / "packets.csv", "t,ax,ay,az", rows)
    code, _, err = run(capsys, "analyze", str(path))
    assert code == 2
    assert "line 3: time 0 s repeats the previous row's" in err
    doc = run_json(capsys, "analyze", str(path), "--rate", "100")
    assert doc["rate_hz"] == 100.0
    assert doc["duration_s"] == 4.99
    code, _, err = run(capsys, "analyze", str(path), "--rate", "25")
    assert code == 2
    assert "500 samples at 25 Hz make 20.0 s; check --rate" in err


def test_a_recording_with_a_gap_is_at_the_sensors_rate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A 200 Hz sensor, 40 s, a 24 s gap (a session resumed later), then 16 s: it read as
    "at 100.0 Hz", the samples over the whole span; the gap is reported as it is."""
    rate = 200
    times = [i / rate for i in range(40 * rate)] + [64 + i / rate for i in range(16 * rate)]
    path = write_csv(tmp_path / "motion-2.csv", "t,ax,ay,az", [f"{t:.3f},0,0,1" for t in times])
    doc = run_json(capsys, "analyze", str(path))
    assert doc["rate_hz"] == 200.0
    assert doc["duration_s"] == 80.0
    (gap,) = doc["gaps"]
    assert gap["start_s"] == pytest.approx(40.0, abs=0.01)
    assert gap["end_s"] == pytest.approx(64.0, abs=0.01)
    code, out, _ = run(capsys, "analyze", str(path))
    assert code == 0
    assert out.splitlines()[0] == f"{path}: 80.0 s at 200.0 Hz, chest sensor"
    assert "\nNo data: 40.0 to 64.0 s\n" in out


BAD_FILES: list[tuple[str, str, str]] = [
    ("empty.csv", "", "empty.csv is empty; expected a header row t,ax,ay,az and data"),
    (
        "no-header.csv",
        "0,0,0,1\n0.1,0,0,1\n",
        "no-header.csv: line 1 is data, but the first row must be a header naming the "
        "columns: t,ax,ay,az",
    ),
    (
        "missing.csv",
        "t,ax,ay\n0,0,0\n",
        "missing.csv: no column az in the header; a recording needs t,ax,ay,az "
        "(t in s, acceleration in g)",
    ),
    (
        "gyro.csv",
        "t,ax,ay,az,gx\n0,0,0,1,0\n",
        "gyro.csv: gyro columns need all of gx,gy,gz; found gx",
    ),
    ("twice.csv", "t,ax,ay,az,ax\n", "twice.csv: column ax appears twice in the header"),
    (
        "short-row.csv",
        "t,ax,ay,az\n0,0,0,1\n0.02,0,0\n",
        "short-row.csv: line 3 has 3 values; the header names 4 columns",
    ),
    (
        "text.csv",
        "t,ax,ay,az\n0,0,0,1\n0.02,0,up,1\n",
        "text.csv: line 3: ay is 'up', which is not a number",
    ),
    ("blank.csv", "t,ax,ay,az\n0,0,,1\n", "blank.csv: line 2: column ay is empty"),
    ("nan.csv", "t,ax,ay,az\n0,nan,0,1\n", "nan.csv: line 2: ax is 'nan'; give a finite number"),
    ("few.csv", "t,ax,ay,az\n0,0,0,1\n", "few.csv has 1 sample; analysis needs at least 10"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_malformed_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(path))
    assert (code, out, err) == (2, "", f"lumbar: {message}\n")


def _series(rows: list[str]) -> str:
    return "t,ax,ay,az\n" + "\n".join(rows) + "\n"


BAD_SERIES: list[tuple[str, str, str]] = [
    (
        "unsorted.csv",
        _series([*still_rows(1.0), "0.5,0,0,1", *still_rows(1.0)]),
        "unsorted.csv: line 52: time 0.5 s comes before the previous row's 0.98 s; "
        "rows must be in time order",
    ),
    (
        "duplicate.csv",
        _series(["0,0,0,1", "0,0,0,1", *[f"{i / 50:.2f},0,0,1" for i in range(1, 200)]]),
        "duplicate.csv: line 3: time 0 s repeats the previous row's; each row needs its own "
        "time (or give --rate HZ to space the samples evenly)",
    ),
    (
        "metres.csv",
        _series(still_rows(z=9.81)),
        "metres.csv: gravity measures 9.81, which looks like m/s²; expected g (divide by 9.80665)",
    ),
    (
        "milli.csv",
        _series(still_rows(z=1000)),
        "milli.csv: gravity measures 1000, which looks like milli-g; expected g (divide by 1000)",
    ),
    (
        "weak.csv",
        _series(still_rows(z=0.1)),
        "weak.csv: gravity measures 0.1 where 1 g was expected; acceleration must be in g "
        "and include gravity",
    ),
    (
        "millis.csv",
        _series([f"{i * 20},0,0,1" for i in range(100)]),
        "millis.csv: samples are 20 apart in t (0.05 Hz); t must be in seconds "
        "(is it in milliseconds?)",
    ),
    (
        "brief.csv",
        _series(still_rows(1.0)),
        "brief.csv holds 1.0 s of data; analysis needs at least 2 s",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_SERIES, ids=[b[0] for b in BAD_SERIES])
def test_a_series_that_cannot_be_right_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(path))
    assert (code, out, err) == (2, "", f"lumbar: {message}\n")


def test_a_missing_file_a_folder_and_a_binary_file_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "analyze", str(tmp_path / "nope.csv"))[2] == (
        f"lumbar: {tmp_path / 'nope.csv'}: no such file\n"
    )
    assert run(capsys, "analyze", str(tmp_path))[2] == (
        f"lumbar: {tmp_path} is a folder; give a recording CSV file\n"
    )
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    assert run(capsys, "analyze", str(binary))[2] == "lumbar: image.png is not a text CSV file\n"


def test_bad_options_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "analyze", str(PT), "--rate", "0")
    assert (code, err) == (2, "lumbar: --rate 0 Hz is out of range; give 5 to 2000\n")
    code, _, err = run(capsys, "analyze", str(PT), "--placement", "ankle")
    assert code == 2
    assert "invalid choice: 'ankle'" in err
    assert len(err.splitlines()) == 1


# --- hrv ---------------------------------------------------------------------------------------


def test_hrv_of_nn_intervals_uses_them_as_given_and_is_the_reference(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "hrv", str(HRV))
    assert (code, err) == (0, "")
    assert f"{HRV}: 337 beats used of 337" in out
    assert "NN intervals (the header says so): used as given" in out
    assert "RMSSD    101.301 ms" in out
    doc = run_json(capsys, "hrv", str(HRV))
    assert (doc["filtered"], doc["normal_to_normal"]) == (False, True)
    assert doc["sdnn_ms"] == pytest.approx(95.690, abs=0.01)


def test_hrv_text_filters_implausible_beats_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = tmp_path / "rr.csv"  # the same intervals, called raw RR: filtered first
    raw.write_text(HRV.read_text(encoding="utf-8").replace("nni_ms", "rr_ms"), encoding="utf-8")
    code, out, err = run(capsys, "hrv", str(raw))
    assert (code, err) == (0, "")
    # One beat of the reference series (1172 ms among beats near 850) is beyond Kubios' "low"
    # threshold, so the filtered figures are near the reference but not equal to it.
    assert f"{raw}: 336 beats used of 337" in out
    assert "removed as implausible: line 293\n" in out
    assert "RMSSD    99.620 ms" in out


def test_hrv_names_the_first_ten_removed_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rr = [800 + 20 * (i % 3) for i in range(40)]
    for i in range(3, 39, 3):
        rr[i] = 1700  # twelve missed beats
    path = tmp_path / "rr.txt"
    path.write_text("\n".join(str(v) for v in rr) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "hrv", str(path))
    assert code == 0
    assert "removed as implausible: lines 4, 7, 10, 13, 16, 19, 22, 25, 28, 31 and 2 more" in out
    doc = run_json(capsys, "hrv", str(path))
    assert doc["removed_lines"] == list(range(4, 40, 3))
    assert (doc["beats_read"], doc["beats_used"], doc["filtered"]) == (40, 28, True)


def heart_rate_table(path: Path, readings: Sequence[tuple[str, list[int], int | None]]) -> None:
    """A heart_rate.csv as the csv export writes it: one session, (device, RR, contact)."""
    lines = ["session_id,t_s,device,bpm,rr_ms,contact"]
    for i, (device, rr, contact) in enumerate(readings):
        touch = "" if contact is None else str(contact)
        lines.append(f'1,{i:.1f},{device},70,"{json.dumps(rr)}",{touch}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_hrv_of_two_devices_in_one_session_takes_the_one_with_most_readings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """As a session's RR source is chosen: the most readings with intervals, not the most
    intervals, and none sent without skin contact (found by review: the other strap was
    taken, and called the session's heart-rate source without devices.csv to say so)."""
    table = tmp_path / "heart_rate.csv"
    a, b = "AA:00:00:00:00:01", "BB:00:00:00:00:02"
    readings = [(a, [800], 1) for _ in range(100)] + [(b, [790, 810], 1) for _ in range(60)]
    readings += [(b, [700, 700], 0) for _ in range(50)]  # without contact: no beats
    heart_rate_table(table, readings)
    code, out, _ = run(capsys, "hrv", str(table), "--no-filter")
    assert code == 0
    assert f"{table}: 100 beats used of 100" in out
    assert f"the RR intervals of {a}, with the most readings" in out
    (tmp_path / "devices.csv").write_text(
        f"session_id,address,kind,name,battery_percent\n1,{a},generic-hr,A,\n1,{b},generic-hr,B,\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "hrv", str(table), "--no-filter")
    assert f"the RR intervals of {a}, the session's heart-rate source" in out


def test_hrv_refuses_intervals_one_to_a_line_mixed_with_lists(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found by review: the five plain intervals were dropped without a word."""
    path = tmp_path / "rr.csv"
    path.write_text("rr\n800\n810\n790\n805\n795\n[800, 790, 810]\n", encoding="utf-8")
    code, out, err = run(capsys, "hrv", str(path))
    assert (code, out) == (2, "")
    assert "mixes RR intervals one to a line with lists of them" in err
    assert err.count("\n") == 1


def test_hrv_json_without_the_filter_is_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "hrv", str(HRV), "--no-filter")
    assert (doc["beats_read"], doc["beats_used"], doc["filtered"]) == (337, 337, False)
    assert doc["removed_lines"] == []
    assert doc["mean_rr_ms"] == pytest.approx(888.955, abs=0.01)
    assert doc["sdnn_ms"] == pytest.approx(95.690, abs=0.01)
    assert doc["rmssd_ms"] == pytest.approx(101.301, abs=0.01)
    assert doc["nn50"] == 163
    assert doc["pnn50_pct"] == pytest.approx(48.512, abs=0.01)


@pytest.mark.parametrize(
    ("header", "separator"),
    [("time_s,rr_ms", ","), ("Time;RR [ms]", ";"), ("nni\tbeat", "\t"), ("t,NNI_ms", ",")],
)
def test_hrv_finds_the_rr_column_of_a_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, header: str, separator: str
) -> None:
    rr = [800, 810, 790, 805, 900, 795]
    left_is_rr = header.lower().startswith("nni")
    rows = [
        separator.join([str(v), str(i)] if left_is_rr else [str(i), str(v)])
        for i, v in enumerate(rr)
    ]
    path = tmp_path / "rr.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    doc = run_json(capsys, "hrv", str(path))
    assert doc["beats_used"] == 6
    assert doc["mean_rr_ms"] == pytest.approx(sum(rr) / 6)


BAD_RR: list[tuple[str, str, str]] = [
    ("empty.txt", "# nothing\n", "empty.txt is empty; expected RR intervals in ms, one per line"),
    (
        "columns.csv",
        "time,hr\n1,60\n",
        "columns.csv: line 1: no column of RR intervals in ms (found time, hr); name it rr, "
        "rr_ms, rri, rr_interval or rr_interval_ms, or nn, nn_ms, nni or nni_ms for NN "
        "intervals (used as given)",
    ),
    (
        "word.txt",
        "800\n810\nbeat\n",
        "word.txt: line 3: the RR interval is 'beat', which is not a number",
    ),
    (
        "seconds.txt",
        "0.8\n0.81\n0.79\n",
        "seconds.txt: the intervals are around 0.8, which looks like seconds; expected "
        "milliseconds (multiply by 1000)",
    ),
    ("two.txt", "800\n810\n", "two.txt has 2 RR intervals; HRV needs at least 3"),
    (
        "implausible.txt",
        "800\n100\n3000\n100\n",
        "implausible.txt: HRV needs at least 3 plausible beats in a row; 1 of 4 were plausible",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_RR, ids=[b[0] for b in BAD_RR])
def test_a_bad_rr_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "hrv", str(path))
    assert (code, out, err) == (2, "", f"lumbar: {message}\n")


def test_the_columns_an_rr_file_is_refused_for_lacking_are_each_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found by a new user's trial: a file with columns a,b was told "no column named rr,
    nni, rr_ms or nni_ms", while nn_ms (which the README names) was read too. The line names
    each column read, NN apart, and each it names is read (NN ones as given)."""
    refused = tmp_path / "ab.csv"
    refused.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = run(capsys, "hrv", str(refused))
    assert code == 2
    rr_words, _, nn_words = err.partition("name it ")[2].partition(", or ")
    named = {
        nn: re.findall(r"\b(?:rr|nn)\w*", words)
        for nn, words in ((False, rr_words), (True, nn_words.partition(" for ")[0]))
    }
    assert "nn_ms" in named[True]
    assert "rr" in named[False]
    for normal_to_normal, names in named.items():
        for column in names:
            path = write_csv(tmp_path / f"{column}.csv", f"t,{column}", ["1,800", "2,810", "3,790"])
            doc = run_json(capsys, "hrv", str(path))
            assert (doc["beats_used"], doc["normal_to_normal"]) == (3, normal_to_normal), column
    assert sorted(named[False] + named[True]) == sorted(RR_NAMES)


def test_hrv_of_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "hrv", str(tmp_path / "rr.txt"))
    assert (code, err) == (2, f"lumbar: {tmp_path / 'rr.txt'}: no such file\n")


# --- a whole exported session ------------------------------------------------------------------


def demo_session_export(folder: Path, session_id: int = 7) -> dict[int, tuple[int, int]]:
    """Two sets of bird dog by the demo person through the live session's sensing, written as
    ``lumbar export --format csv`` writes them; the live (reps, form warnings) per set."""
    from catalog import load_catalog
    from catalog.plan import expand
    from sensors.emulation.performer import Performer
    from sensors.readings import AccelerationBatch
    from tui.demo_person import movement_for
    from tui.live.sensing import SessionSensing

    catalog = load_catalog(None)
    steps = list(expand(catalog.routines["core-basics"], catalog.exercises, rest_s=30))
    work = [i for i, s in enumerate(steps) if s.exercise_id == "bird-dog" and s.kind == "work"]
    movement = movement_for(catalog.exercises["bird-dog"], steps[work[0]].dose)
    performer = Performer(movement)
    sensing = SessionSensing(catalog.exercises, origin_s=0.0)
    sensing.announce("bird-dog")
    plan = [(5.0, work[0]), (40.0, work[0]), (55.0, work[1]), (85.0, work[1])]
    samples: list[tuple[float, tuple[int, ...]]] = []
    times: dict[int, list[float]] = {}
    rate, batch, t = 200.0, 36, 0.0  # an H10's frames: 36 samples every 180 ms
    while t < 90.0:
        if plan and t >= plan[0][0]:
            _, index = plan.pop(0)
            if index not in times:
                sensing.step_started(index, steps[index])
                performer.do("reps", movement)
            else:
                sensing.step_ended(index, t)
                performer.do("rest", movement)
            times.setdefault(index, []).append(t)
        stamps = tuple(t + i / rate for i in range(batch))
        values = tuple(tuple(round(v) for v in performer(x)) for x in stamps)
        sensing.hear(AccelerationBatch("H10", stamps, values, rate))  # type: ignore[arg-type]
        samples += zip(stamps, values, strict=True)
        t += batch / rate
    live: dict[int, tuple[int, int]] = {}
    rows = ["session_id,step_index,exercise_id,mode,set_number,start_t_s,end_t_s,reps_sensed"]
    for number, index in enumerate(work, start=1):
        figures = sensing.sensing(index)
        assert figures is not None
        assert figures.reps_sensed is not None
        assert figures.form_warnings is not None
        live[number] = (figures.reps_sensed, figures.form_warnings)
        start, end = times[index]
        rows.append(f"{session_id},{index},bird-dog,reps,{number},{start},{end},{live[number][0]}")
    (folder / "steps.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    motion = [f"{s:.6f},{x / 1000:.3f},{y / 1000:.3f},{z / 1000:.3f}" for s, (x, y, z) in samples]
    write_csv(folder / f"motion-{session_id}.csv", "t,ax,ay,az", motion)
    return live


def test_an_exported_session_is_counted_set_by_set_as_the_session_counted_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    live = demo_session_export(tmp_path)
    assert all(reps >= 4 for reps, _ in live.values())
    path = tmp_path / "motion-7.csv"
    doc = run_json(capsys, "analyze", str(path), "--exercise", "bird-dog")
    assert doc["sets_from"] == "steps.csv (session 7)"
    assert [(s["number"], s["reps"], s["form_warnings"]) for s in doc["sets"]] == [
        (n, reps, warnings) for n, (reps, warnings) in live.items()
    ]
    assert [s["reps_in_session"] for s in doc["sets"]] == [reps for reps, _ in live.values()]
    assert doc["reps"]["count"] == sum(reps for reps, _ in live.values())
    code, out, err = run(capsys, "analyze", str(path))
    assert (code, err) == (0, "")
    per_set = ", ".join(f"set {n}: {reps}" for n, (reps, _) in live.items())
    assert f"Reps: {sum(r for r, _ in live.values())} ({per_set})" in out.splitlines()


def test_an_exported_sessions_heart_rate_is_given_per_set_as_the_session_marked_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A heart-rate column beside the motion of an export: its figures are the session's set
    (10-20 s, at 120 bpm) and the rest after it, as the reps are; not the sets found in the
    motion (none here: the person was still), which gave one part, "recording"."""
    rows = [f"{i / 50:.3f},0,0,1,{120 if 10.0 <= i / 50 < 20.0 else 80}" for i in range(30 * 50)]
    path = write_csv(tmp_path / "motion-3.csv", "t,ax,ay,az,hr", rows)
    header = "session_id,step_index,exercise_id,mode,set_number,start_t_s,end_t_s,reps_sensed"
    write_csv(tmp_path / "steps.csv", header, ["3,1,forearm-plank,hold,1,10.0,20.0,"])
    doc = run_json(capsys, "analyze", str(path))
    parts = [(h["label"], h["start_s"], h["end_s"]) for h in doc["heart_rate"]]
    assert parts[-2:] == [("set 1", 10.0, 20.0), ("rest after set 1", 20.0, 29.98)]
    assert doc["heart_rate"][-2]["average_bpm"] == 120.0


def test_one_set_or_a_time_range_of_an_exported_session(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    live = demo_session_export(tmp_path)
    path = tmp_path / "motion-7.csv"
    whole = run_json(capsys, "analyze", str(path))
    doc = run_json(capsys, "analyze", str(path), "--set", "2")
    assert [s["number"] for s in doc["sets"]] == [2]
    assert doc["reps"]["count"] == live[2][0]
    assert {r["set"] for r in doc["reps"]["items"]} == {2}
    # Holds, stillness and postures as far as they fall in the set (they were the whole
    # recording's: helper-115 found the other sets' holds under --set).
    start, end = doc["sets"][0]["start_s"], doc["sets"][0]["end_s"]
    assert all(start <= h["start_s"] < end for h in doc["holds"])
    assert len(doc["holds"]) < len(whole["holds"])
    spans = doc["stillness"]["spans"]
    assert spans
    assert all(start <= s["start_s"] <= s["end_s"] <= end for s in spans)
    assert all(p["end_s"] > start and p["start_s"] < end for p in doc["postures"])
    # The second set's time only: the first set is left out.
    doc = run_json(capsys, "analyze", str(path), "--from", "50", "--to", "90")
    assert [s["number"] for s in doc["sets"]] == [2]
    assert doc["duration_s"] <= 40.0
    # The motion alone: sets found from the reps.
    doc = run_json(capsys, "analyze", str(path), "--find-sets")
    assert "sets_from" not in doc
    assert doc["reps"]["count"] >= 1
    code, out, err = run(capsys, "analyze", str(path), "--set", "3")
    assert (code, out) == (2, "")
    assert err == f"lumbar: {path}: no set 3 (sets: 1, 2)\n"
    code, _, err = run(capsys, "analyze", str(path), "--from", "200")
    assert code == 2
    assert "no samples between --from and --to" in err
    # The two the wrong way round was "no samples between" too, as if the file were short.
    code, out, err = run(capsys, "analyze", str(path), "--from", "90", "--to", "50")
    assert (code, out) == (2, "")
    assert err == "lumbar: --from 90 is after --to 50; swap them\n"
    _, _, err = run(capsys, "analyze", str(path), "--from", "50", "--to", "50")
    assert err == "lumbar: --from and --to are both 50; give a --to after --from\n"


def test_a_live_session_exported_as_csv_is_counted_as_the_session_counted_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lumbar_home: Locations
) -> None:
    """The whole path a person takes (``tests/live_exports.py``): `lumbar analyze` on the
    export counts each set as the session counted it live."""
    from catalog.models import Dose, Routine, RoutineItem

    routine = Routine(
        id="two-bird-dogs",
        name="Two bird dogs",
        description="A test.",
        items=(RoutineItem(exercise="bird-dog", dose=Dose(sets=2, reps=5, hold_s=2)),),
    )
    exported = run_and_export(lumbar_home, routine, tmp_path / "export")
    counted = [s.reps_sensed for s in exported.live.sensed.values()]
    assert counted == [5, 5, 5, 5]  # left and right, two sets
    capsys.readouterr()
    doc = run_json(capsys, "analyze", str(exported.motion))
    assert [s["reps"] for s in doc["sets"]] == counted
    assert [s["reps_in_session"] for s in doc["sets"]] == counted


def test_a_pause_cut_off_by_an_interruption_ends_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Lumbar closed while paused, and the session taken up again (review, helper-91): its
    events go pause, interrupted, resumed, with no resume. Taken up again, it ran: live counted
    every rep after, but the export's pause lasted for ever, and analyze counted none."""
    live = demo_session_export(tmp_path)  # the sets run 5-40 s and 55-85 s, never paused live
    header = "id,session_id,at,t_s,kind,step_index,value,detail"
    write_csv(
        tmp_path / "events.csv",
        header,
        [
            "1,7,2026-01-01T10:00:01,1.0,pause,0,,",
            "2,7,2026-01-01T10:00:02,2.0,interrupted,0,,",
            "3,7,2026-01-01T10:00:03,3.0,resumed,0,,",
        ],
    )
    sets = read_session_sets(tmp_path / "motion-7.csv")
    assert sets is not None
    assert sets.paused == ((1.0, 2.0),)
    doc = run_json(capsys, "analyze", str(tmp_path / "motion-7.csv"), "--exercise", "bird-dog")
    assert [(s["reps"], s["form_warnings"]) for s in doc["sets"]] == list(live.values())


STEPS_HEADER = (
    "session_id,step_index,exercise_id,exercise_name,mode,set_number,side,start_t_s,end_t_s,"
    "reps_sensed"
)


def three_sets(folder: Path) -> Path:
    """A still chest sensor from -0.1 s (its clock began before the session's) for 50 s, and
    an export's steps.csv of three sets: bird dog left and right, then cat-cow."""
    rows = [f"{-0.1 + i / 50:.3f},0,0,1" for i in range(50 * 50)]
    path = write_csv(folder / "motion-4.csv", "t,ax,ay,az", rows)
    write_csv(
        folder / "steps.csv",
        STEPS_HEADER,
        [
            "4,1,bird-dog,Bird dog,reps,1,left,5.0,15.0,0",
            "4,2,bird-dog,Bird dog,reps,1,right,20.0,30.0,0",
            "4,4,cat-cow,Cat-cow stretch,reps,1,,35.0,45.0,0",
        ],
    )
    return path


def test_an_exports_sets_are_named_as_the_session_names_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The set table gave exercise ids ("bird-dog") where the session says "Bird dog 1 L";
    its SET column stays the numbering --set takes."""
    path = three_sets(tmp_path)
    code, out, _ = run(capsys, "analyze", str(path))
    assert code == 0
    table = out.split("\n\n")[1].splitlines()
    assert table[0].split()[:2] == ["SET", "EXERCISE"]
    assert [re.split(r"\s{2,}", line.strip())[:2] for line in table[1:]] == [
        ["1", "Bird dog 1 L"],
        ["2", "Bird dog 1 R"],
        ["3", "Cat-cow stretch 1"],
    ]
    doc = run_json(capsys, "analyze", str(path), "--set", "2")
    (chosen,) = doc["sets"]
    assert (chosen["exercise_name"], chosen["set_number"], chosen["side"]) == (
        "Bird dog",
        1,
        "right",
    )


def test_a_set_left_out_by_the_range_or_the_exercise_is_said_to_be(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``--set 2 --from 32`` said "no set 2 (sets: 3)" though set 2 is there, before 32 s;
    and a range was worded "(it has -0.1-49.9 s)"."""
    path = tmp_path / "motion-4.csv"
    three_sets(tmp_path)
    code, out, err = run(capsys, "analyze", str(path), "--set", "2", "--from", "32")
    assert (code, out) == (2, "")
    assert err == (
        f"lumbar: {path}: set 2 (Bird dog 1 R, 20.0 to 30.0 s) is outside --from 32 "
        "(sets there: 3)\n"
    )
    _, _, err = run(capsys, "analyze", str(path), "--set", "3", "--exercise", "bird-dog")
    assert err == (
        f"lumbar: {path}: set 3 (Cat-cow stretch 1, 35.0 to 45.0 s) is not of --exercise "
        "bird-dog (its sets: 1, 2)\n"
    )
    _, _, err = run(capsys, "analyze", str(path), "--set", "9")
    assert err == f"lumbar: {path}: no set 9 (sets: 1, 2, 3)\n"
    # A set the export has that the recording does not reach: said so, not "outside  ()".
    steps = tmp_path / "steps.csv"
    steps.write_text(steps.read_text() + "4,5,cat-cow,Cat-cow stretch,reps,2,,60.0,70.0,0\n")
    _, _, err = run(capsys, "analyze", str(path), "--set", "4")
    assert err == (
        f"lumbar: {path}: set 4 (Cat-cow stretch 2, 60.0 to 70.0 s) is outside the recording "
        "(it runs from -0.1 to 49.9 s)\n"
    )
    _, _, err = run(capsys, "analyze", str(path), "--from", "100")
    assert err == (
        f"lumbar: {path}: no samples between --from and --to (it runs from -0.1 to 49.9 s)\n"
    )
