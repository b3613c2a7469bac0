"""What the motion trace of a long recording costs the session detail screen.

    .venv/bin/python tests/benchmarks/long_trace.py [--minutes 60] [--rate 200] [--runs 3]

Writes one recording (``lumbar record``'s kind: no sets, so its one row shows the motion of
the whole of it) of ``--minutes`` of a 3-axis accelerometer at ``--rate`` Hz, a chunk a
second through ``SessionWriter``, to a real SQLite file in a temporary folder. Then reads
it back as the screen does (``read_session``, then ``motion_trace`` of the whole recording,
what pressing enter on its row draws) and prints:

* the trace's time: the median and the fastest of ``--runs`` runs;
* its peak memory, traced by tracemalloc in a run of its own (tracing slows it down);
* the points the chart gets.

Figures only, no thresholds.
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from db.connection import open_database  # noqa: E402
from db.read_model import read_session  # noqa: E402
from db.sessions import SessionWriter  # noqa: E402
from sensors.packing import pack_acc  # noqa: E402
from tui.screens.session_detail import motion_trace  # noqa: E402

DEVICE = "C0:1A:2B:3C:4D:10"
MB = 1024 * 1024


def record(path: Path, minutes: float, rate_hz: float) -> tuple[int, int, int]:
    """The recording written: its session id, samples and chunks."""
    db = open_database(path)
    try:
        writer = SessionWriter.start(
            db, kind="recording", started_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        )
        writer.device(DEVICE, "polar-h10", "Polar H10 1A2B3C4D", 80)
        per_chunk = round(rate_hz)
        seconds = round(minutes * 60)
        for second in range(seconds):
            times = [second + i / rate_hz for i in range(per_chunk)]
            samples = [
                (
                    round(300 * math.sin(t)),
                    round(200 * math.cos(t / 2)) + (i * 7919) % 23,
                    980 + (i * 104729) % 31,
                )
                for i, t in enumerate(times)
            ]
            chunk = pack_acc(DEVICE, times, samples, rate_hz)
            writer.stream_chunk(
                DEVICE, "acc", chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
            )
            if second % 60 == 59:
                writer.flush()
        writer.finish("completed", float(seconds))
        return writer.session_id, seconds * per_chunk, seconds
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=200.0, help="samples a second")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lumbar-long-trace-") as folder:
        path = Path(folder) / "long.db"
        began = time.perf_counter()
        session_id, samples, chunks = record(path, args.minutes, args.rate)
        wrote_s = time.perf_counter() - began
        size_mb = path.stat().st_size / MB
        print(
            f"recording: {args.minutes:g} min at {args.rate:g} Hz, {samples} samples in "
            f"{chunks} chunks, {size_mb:.1f} MB file (written in {wrote_s:.1f} s)"
        )
        db = open_database(path, writable=False)
        try:
            session = read_session(db, session_id)
            assert session is not None
            timings = []
            points = 0
            for _ in range(args.runs):
                gc.collect()
                began = time.perf_counter()
                trace = motion_trace(db, session, None)
                timings.append(time.perf_counter() - began)
                points = 0 if trace is None else len(trace.t_s)
            gc.collect()
            tracemalloc.start()
            motion_trace(db, session, None)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            db.close()
    median_ms = statistics.median(timings) * 1000
    print(
        f"trace of the whole recording: {median_ms:.1f} ms median "
        f"(min {min(timings) * 1000:.1f} ms, {args.runs} runs)"
    )
    print(f"trace peak memory (tracemalloc): {peak / MB:.2f} MB")
    print(f"points per axis drawn: {points}")


if __name__ == "__main__":
    main()
