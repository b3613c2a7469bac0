"""How fast the log screens are on ten years of daily sessions with heart rate.

    .venv/bin/python tests/benchmarks/log_browser.py [--years 10] [--runs 7] [--db PATH]

Without ``--db`` the database of ``log_queries.py`` is used (filled once by
``history_fill.fill``, about a minute for ten years, and kept in the temporary folder's
``lumbar-benchmarks``); with ``--db`` an existing file is used as it is (and filled first if
it does not exist yet). Headless at 80x24 through ``run_test``, in the full app:

* log: from pressing ``l`` until the table shows its rows;
* session: from pushing the newest session with heart rate until its chart is drawn;
* trends: from pushing the trends until the calendar (the tab shown first) is drawn, and
  until every chart (exercises, pain, minutes: read after the calendar) has its figures.

Each is timed ``--runs`` times after one warm-up (the first ever run imports plotext and
the screens' modules: shown apart). Figures only: no thresholds; the aim is under 0.2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parent))

SIZE = (80, 24)
POLL_S = 0.001
QUIET_S = 0.3


async def until(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen never got there")
        await asyncio.sleep(POLL_S)


async def painted(app: App[Any]) -> None:
    """Until the screen has been refreshed (painted) with what it holds now."""
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    await done.wait()


async def quiet(pilot: Pilot[Any]) -> None:
    """Let the screen closed before finish going, and collect its garbage, so that one
    measurement does not pay for the last."""
    await pilot.pause()
    await asyncio.sleep(QUIET_S)
    gc.collect()


async def measure(db_path: Path, runs: int) -> dict[str, list[float]]:
    from catalog import load_catalog
    from db.connection import open_database
    from tui.app import LumbarApp
    from tui.locations import locate
    from tui.settings import Settings

    os.environ["LUMBAR_DB"] = str(db_path)
    reader = open_database(db_path)
    (newest_with_hr,) = reader.execute(
        "SELECT id FROM sessions WHERE avg_bpm IS NOT NULL AND kind = 'routine' "
        "ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    (sessions,) = reader.execute("SELECT count(*) FROM sessions").fetchone()
    reader.close()
    print(f"{sessions} sessions in {db_path} ({db_path.stat().st_size / 1e6:.0f} MB)")

    locations = locate()
    app = LumbarApp(load_catalog(locations.catalog_dir), Settings(sound=False), locations)
    figures: dict[str, list[float]] = {"log": [], "session": [], "trends": [], "all trends": []}
    async with app.run_test(size=SIZE) as pilot:
        await app.database()  # opened once, as it is a second after start
        from tui.screens.log import LogScreen, SessionTable

        for run in range(runs + 1):
            await quiet(pilot)
            started = time.perf_counter()
            app.action_log()  # what the key l does
            await until(lambda: isinstance(app.screen, LogScreen))
            log = app.screen
            assert isinstance(log, LogScreen)
            await until(lambda: bool(log.query(SessionTable)))  # noqa: B023
            table = log.query_one(SessionTable)
            await until(lambda: table.row_count > 0)  # noqa: B023
            await painted(app)
            figures["log"].append(time.perf_counter() - started)

            from tui.screens.session_detail import SessionDetailScreen
            from tui.widgets.charts import LineChart

            await quiet(pilot)
            started = time.perf_counter()
            detail = SessionDetailScreen(app.database, newest_with_hr, log.clock)
            await app.push_screen(detail)
            chart = detail.query_one("#heart-chart", LineChart)
            await until(lambda: chart.has_data)  # noqa: B023
            await painted(app)
            figures["session"].append(time.perf_counter() - started)
            app.pop_screen()

            from tui.screens.trends import TrendsScreen

            await quiet(pilot)
            started = time.perf_counter()
            trends = TrendsScreen(app.database, log.clock)
            await app.push_screen(trends)
            await until(lambda: trends.days is not None)  # noqa: B023
            await painted(app)
            figures["trends"].append(time.perf_counter() - started)
            await until(lambda: trends.view is not None)  # noqa: B023
            await painted(app)
            figures["all trends"].append(time.perf_counter() - started)
            await pilot.press("3")  # the pain chart, drawn too before leaving
            await painted(app)
            app.pop_screen()
            await pilot.pause()
            app.pop_screen()
            if run == 0:
                print(
                    "first run (imports included): "
                    + ", ".join(f"{k} {v[0] * 1000:.0f} ms" for k, v in figures.items())
                )
                figures = {k: [] for k in figures}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="use (or fill once) this database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lumbar-log-bench-") as scratch:
        os.environ["LUMBAR_CONFIG_DIR"] = str(Path(scratch) / "config")
        os.environ["LUMBAR_DATA_DIR"] = str(Path(scratch) / "data")
        if args.db is None:
            from log_queries import cached_database

            path, fill_s = cached_database(args.years, 1, 1.0, fresh=False)
            print(f"database: {path}" + (f" (filled in {fill_s:.0f} s)" if fill_s else ""))
        else:
            path = args.db
        if not path.exists():
            from history_fill import fill

            started = time.perf_counter()
            count = fill(path, years=args.years)
            print(f"filled {count} sessions in {time.perf_counter() - started:.0f} s")
        figures = asyncio.run(measure(path, args.runs))
    print(f"median of {args.runs} runs, headless 80x24 (aim: under 200 ms each):")
    for name, label in (
        ("log", "open the log until its table shows rows"),
        ("session", "open a session until its heart-rate chart is drawn"),
        ("trends", "open the trends until the calendar is drawn"),
        ("all trends", "... until every trend chart has its figures"),
    ):
        times = figures[name]
        print(
            f"{label:<52} {statistics.median(times) * 1000:6.1f} ms "
            f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )


if __name__ == "__main__":
    main()
