"""The benchmarks still run and still print their figures, so they cannot rot silently."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIGURE = r"(\d+(?:\.\d+)?) ms"


def printed(script: str, *args: str, env: dict[str, str] | None = None, timeout: int = 120) -> str:
    """What ``tests/benchmarks/<script>`` prints, run with ``args``; it must succeed."""
    result = subprocess.run(
        [sys.executable, str(REPO / "tests" / "benchmarks" / script), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_startup_benchmark_prints_figures(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "LUMBAR_CONFIG_DIR": str(tmp_path / "config"),
        "LUMBAR_DATA_DIR": str(tmp_path / "data"),
        "LUMBAR_DB": str(tmp_path / "data" / "lumbar.db"),
    }
    out = printed("startup.py", "--runs", "1", env=env)

    for label in ("bare Textual app", "lumbar app"):
        row = re.search(rf"^{label}\s+{FIGURE}\s+{FIGURE}\s+{FIGURE}\s+{FIGURE}$", out, re.M)
        assert row, f"no figures for {label!r} in:\n{out}"
        figures = [float(g) for g in row.groups()]
        assert all(f > 0 for f in figures), row.group(0)

    for command in ("lumbar catalog --json", "lumbar routines"):
        row = re.search(rf"^{re.escape(command)}\s+{FIGURE}\s+{FIGURE}$", out, re.M)
        assert row, f"no figures for {command!r} in:\n{out}"
        assert all(float(g) > 0 for g in row.groups()), row.group(0)

    summary = re.search(r"^lumbar first screen is ([+-]\d+(?:\.\d+)?) ms over a bare", out, re.M)
    assert summary, f"no summary line in:\n{out}"
    float(summary.group(1))


def test_session_writes_benchmark_prints_figures() -> None:
    out = printed("session_writes.py", "--minutes", "1")
    assert re.search(r"flush: median \d+\.\d+ ms, p99 \d+\.\d+ ms", out)
    assert re.search(r"\d+\.\d KiB per session", out)


def test_live_sensing_benchmark_prints_figures() -> None:
    out = printed("live_sensing.py", "--minutes", "1")
    assert re.search(rf"^per batch: median {FIGURE}$", out, re.M), out
    assert re.search(r"^share of one core: \d+\.\d+ %$", out, re.M), out
    counted = re.search(r"^reps counted: (\d+) \(performed about every 8 s\)$", out, re.M)
    assert counted, out
    assert int(counted.group(1)) == 6  # (60 s - 5 s at rest - 1.4 s to settle) / 8 s


def test_long_trace_benchmark_prints_figures() -> None:
    out = printed("long_trace.py", "--minutes", "2", "--runs", "1")
    assert re.search(r"^recording: 2 min at 200 Hz, 24000 samples in 120 chunks", out, re.M), out
    assert re.search(rf"^trace of the whole recording: {FIGURE} median", out, re.M), out
    assert re.search(r"^trace peak memory \(tracemalloc\): \d+\.\d+ MB$", out, re.M), out
    drawn = re.search(r"^points per axis drawn: (\d+)$", out, re.M)
    assert drawn, out
    assert 0 < int(drawn.group(1)) <= 600


def test_voice_benchmark_prints_figures() -> None:
    out = printed("voice.py", "--cues", "2", "--seconds", "2", timeout=300)
    assert re.search(rf"^cold total: {FIGURE}$", out, re.M), out
    for kind in ("phrase made before", "new phrase", "tone"):
        row = re.search(rf"^  {kind}\s+{FIGURE}\s+{FIGURE}\s+{FIGURE}$", out, re.M)
        assert row, f"no latencies for {kind!r} in:\n{out}"
    assert re.search(r"^CPU while speaking: \d+\.\d\d % of one core", out, re.M), out
    size = re.search(r"^install size the voice adds: (\d+\.\d) MiB$", out, re.M)
    assert size, out
    assert float(size.group(1)) > 1.0, "eSpeak NG and its data are counted"


def test_dose_suggestions_benchmark_prints_figures() -> None:
    out = printed("dose_suggestions.py", "--years", "1", "--runs", "1", timeout=300)
    assert re.search(r"^rows: \d+ routine sessions, \d+ of them with pain 7\+ or up$", out, re.M)
    for routine in ("gentle-mobility", "back-ten", "never-done"):
        row = re.search(rf"^{routine}\s+(\d+\.\d)\s+(\d+\.\d)$", out, re.M)
        assert row, f"no figures for {routine!r} in:\n{out}"
        assert all(float(g) > 0 for g in row.groups()), row.group(0)
    assert re.search(rf"^slowest median: {FIGURE}$", out, re.M), out
