"""How much a session costs to keep: time per flush and bytes per session, on a real file.

Simulates sessions as the runner writes them: a checkpoint of the set under way and a flush
every second, a finished set every 40 s, a pause now and then.

    .venv/bin/python tests/benchmarks/session_writes.py [--minutes 30] [--sessions 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from db.connection import open_database
from db.sessions import EventRow, SessionWriter, StepRow


def step(index: int, t_s: float, finished: bool) -> StepRow:
    return StepRow(
        step_index=index,
        exercise_id="forearm-plank",
        exercise_name="Forearm plank",
        mode="hold",
        set_number=1,
        side=None,
        planned_sets=1,
        planned_reps=3,
        planned_hold_s=10,
        planned_duration_s=None,
        reps_done=2,
        holds_s=(10.0, 9.8),
        active_s=23.0,
        skipped=False,
        started_s=t_s - 23,
        ended_s=t_s if finished else None,
    )


def run(minutes: int, sessions: int) -> list[str]:
    flushes: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data" / "lumbar.db"
        db = open_database(path)
        for _ in range(sessions):
            writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
            index = 0
            for second in range(minutes * 60):
                finished = second % 40 == 39
                writer.step(step(index, second, finished))
                index += finished
                if second % 300 == 150:
                    writer.event(EventRow(t_s=second, kind="pause"))
                started = time.perf_counter()
                writer.flush()
                flushes.append(time.perf_counter() - started)
            writer.finish("completed", minutes * 60)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        size = path.stat().st_size
    flushes.sort()
    p99 = flushes[int(len(flushes) * 0.99)]
    return [
        f"sessions of {minutes} min: {sessions}, flushes: {len(flushes)} (one a second)",
        f"flush: median {statistics.median(flushes) * 1000:.2f} ms, "
        f"p99 {p99 * 1000:.2f} ms, max {flushes[-1] * 1000:.2f} ms",
        f"database: {size / 1024:.0f} KiB, {size / sessions / 1024:.1f} KiB per session",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=3)
    args = parser.parse_args()
    print("\n".join(run(args.minutes, args.sessions)))


if __name__ == "__main__":
    main()
