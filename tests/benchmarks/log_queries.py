"""How fast the log, a session and the trends open on years of daily sessions.

Fills a database with ``history_fill.fill`` (cached under the temp folder, keyed by the
parameters and the fill script itself, so a second run starts at once), then times each
query the log screens make: the median and the slowest of ``--runs`` runs. Aim: each under
0.2 s on ten years.

    .venv/bin/python tests/benchmarks/log_queries.py [--years 10] [--runs 5] [--hr-hz 1]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from history_fill import fill

from db.connection import open_database
from db.log import LogFilter, log_count, log_rows, motion_chunks, routines_in_log
from db.read_model import heart_rate_series, read_session
from db.schema import MIGRATIONS
from db.trends import active_days, exercise_trends, minutes_per_week, pain_trend, streaks

AIM_S = 0.2
FILL_SCRIPT = Path(__file__).with_name("history_fill.py")


def cached_database(years: int, seed: int, hr_hz: float, *, fresh: bool) -> tuple[Path, float]:
    """The filled file, and how long filling it took now (0 when it came from the cache)."""
    # The schema too: a file migrated by a lumbar with more migrations is refused by one
    # with fewer (another branch sharing this folder).
    version = hashlib.sha256(FILL_SCRIPT.read_bytes()).hexdigest()[:10] + f"s{len(MIGRATIONS)}"
    folder = Path(tempfile.gettempdir()) / "lumbar-benchmarks"
    folder.mkdir(exist_ok=True)
    path = folder / f"history-{years}y-seed{seed}-{hr_hz:g}hz-{version}.db"
    if path.exists() and not fresh:
        return path, 0.0
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.db")
    # Files of an older fill script, or of this one left half-written, are of no more use;
    # those of another schema belong to another branch.
    for leftover in folder.glob(f"history-{years}y-seed{seed}-{hr_hz:g}hz-*s{len(MIGRATIONS)}*.db"):
        leftover.unlink(missing_ok=True)
    began = time.perf_counter()
    fill(partial, years=years, seed=seed, hr_hz=hr_hz)
    took = time.perf_counter() - began
    partial.rename(path)  # whole or not at all: an interrupted fill is never reused
    return path, took


def timed(runs: int, work: Callable[[], Any]) -> tuple[float, float]:
    """Median and slowest seconds of ``runs`` calls of ``work`` (after one warm-up)."""
    work()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times), max(times)


def run(years: int, seed: int, hr_hz: float, runs: int, fresh: bool) -> list[str]:
    path, fill_s = cached_database(years, seed, hr_hz, fresh=fresh)
    lines = [
        f"database: {path} ({path.stat().st_size / 1e6:.0f} MB), "
        + (f"filled in {fill_s:.1f} s" if fill_s else "from the cache")
    ]
    db = open_database(path, writable=False)
    counts = db.execute(
        "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM steps), "
        "(SELECT count(*) FROM heart_rate), (SELECT count(*) FROM stream_chunks)"
    ).fetchone()
    lines.append("rows: {} sessions, {} steps, {} heart rate, {} motion chunks".format(*counts))
    newest = db.execute(
        "SELECT s.id FROM sessions s WHERE kind = 'routine' "
        "AND EXISTS (SELECT 1 FROM stream_chunks c WHERE c.session_id = s.id) "
        "AND EXISTS (SELECT 1 FROM heart_rate h WHERE h.session_id = s.id) "
        "ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    session_id = newest[0] if newest else db.execute("SELECT max(id) FROM sessions").fetchone()[0]
    step = db.execute(
        "SELECT start_t_s, end_t_s FROM steps WHERE session_id = ? ORDER BY end_t_s - start_t_s "
        "DESC LIMIT 1",
        [session_id],
    ).fetchone()
    last_year = (datetime.now(UTC) - timedelta(days=365)).date()
    busy = LogFilter(routine_id="back-ten", status="completed", since=last_year, text="e")
    today = datetime.now(UTC).date()

    def open_log() -> None:
        opened = open_database(path, writable=False)
        log_rows(opened, limit=200)
        log_count(opened)
        routines_in_log(opened)
        opened.close()

    def open_session() -> None:
        read_session(db, session_id)
        heart_rate_series(db, session_id, max_points=400)

    def all_trends() -> None:
        exercise_trends(db)
        pain_trend(db)
        minutes_per_week(db)
        streaks(active_days(db), today)

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("log_rows(limit=200)", lambda: log_rows(db, limit=200)),
        ("log_rows(last page of 200)", lambda: log_rows(db, limit=200, offset=counts[0] - 200)),
        ("log_rows(4 filters, limit=200)", lambda: log_rows(db, busy, limit=200)),
        ("log_count()", lambda: log_count(db)),
        ("log_count(4 filters)", lambda: log_count(db, busy)),
        ("log_count(search 'stiff')", lambda: log_count(db, LogFilter(text="stiff"))),
        ("routines_in_log", lambda: routines_in_log(db)),
        ("read_session (one)", lambda: read_session(db, session_id)),
        (
            "heart_rate_series(max_points=400)",
            lambda: heart_rate_series(db, session_id, max_points=400),
        ),
        ("motion_chunks (longest set)", lambda: list(motion_chunks(db, session_id, *step))),
        ("exercise_trends", lambda: exercise_trends(db)),
        ("pain_trend", lambda: pain_trend(db)),
        ("minutes_per_week", lambda: minutes_per_week(db)),
        ("active_days + streaks", lambda: streaks(active_days(db), today)),
        ("open the log (open, 200 rows, count, routines)", open_log),
        ("open a session with its chart", open_session),
        ("draw the trends (all four)", all_trends),
    ]
    width = max(len(name) for name, _ in cases)
    lines.append(f"{'query':<{width}}  median ms  slowest ms")
    slowest_name, slowest_s = "", 0.0
    for name, work in cases:
        median_s, max_s = timed(runs, work)
        lines.append(f"{name:<{width}}  {median_s * 1000:9.1f}  {max_s * 1000:10.1f}")
        if median_s > slowest_s:
            slowest_name, slowest_s = name, median_s
    db.close()
    verdict = "under" if slowest_s < AIM_S else "OVER"
    lines.append(
        f"slowest median: {slowest_name} {slowest_s * 1000:.1f} ms, "
        f"{verdict} the {AIM_S * 1000:.0f} ms aim"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hr-hz", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="fill again, ignoring the cache")
    args = parser.parse_args()
    print("\n".join(run(args.years, args.seed, args.hr_hz, args.runs, args.fresh)))


if __name__ == "__main__":
    main()
