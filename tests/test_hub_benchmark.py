"""The sensor benchmark still runs and prints its figures (briefly), so it cannot rot."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "benchmarks" / "sensor_streams.py"
NUMBER = r"(-?\d+(?:\.\d+)?)"


def test_the_sensor_benchmark_prints_cpu_latency_and_no_lost_samples() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--seconds", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    cpu = re.search(rf"^app CPU share\s+{NUMBER} % of one core$", out, re.M)
    assert cpu, out
    assert 0 < float(cpu.group(1)) < 100
    for label in ("notify-to-reading", "sample-to-reading"):
        row = re.search(rf"^{label}\s+median {NUMBER} ms, p99 {NUMBER} ms", out, re.M)
        assert row, f"no {label} figures in:\n{out}"
        assert float(row.group(1)) <= float(row.group(2))
    sent = re.search(r"^ACC samples\s+(\d+) sent, (\d+) read$", out, re.M)
    assert sent, out
    assert int(sent.group(1)) >= 4 * 36  # a second at 200 Hz: at least four 36-sample frames
    assert sent.group(1) == sent.group(2)
    assert re.search(r"^samples lost\s+0$", out, re.M), out
