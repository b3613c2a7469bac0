"""How long a routine's suggested doses take to work out on years of daily sessions.

What the routine screen reads as it opens, and the app again as a session starts
(``tui.history.routine_suggestions``): the routine's own past sessions, when each of its
exercises was last done in it, the pain at them in other routines since, and the pain of
any session since that stops a step up. Fills a database with ``history_fill.fill``
(cached as ``log_queries`` does; heart rate off by default, which no dose reads), then
prints the median and the slowest of ``--runs`` runs for every built-in routine, and for a
routine of the person's own never done yet (every exercise in it read from the start).

    .venv/bin/python tests/benchmarks/dose_suggestions.py [--years 10] [--runs 5]
"""

from __future__ import annotations

import argparse
import functools

import msgspec
from log_queries import cached_database, timed

from catalog import load_catalog
from catalog.models import Routine
from db.connection import open_database
from tui.history import routine_suggestions

NEW_ROUTINE = "never-done"
"""A routine of the person's own, with an exercise of each built-in routine, never done."""


def run(years: int, seed: int, hr_hz: float, runs: int, fresh: bool) -> list[str]:
    path, fill_s = cached_database(years, seed, hr_hz, fresh=fresh)
    lines = [
        f"database: {path} ({path.stat().st_size / 1e6:.0f} MB), "
        + (f"filled in {fill_s:.1f} s" if fill_s else "from the cache")
    ]
    catalog = load_catalog(None)
    db = open_database(path, writable=False)
    sessions, painful = db.execute(
        "SELECT count(*), count(*) FILTER (WHERE pain_before >= 7 OR pain_after >= 7 "
        "OR pain_after > pain_before) FROM sessions WHERE kind = 'routine'"
    ).fetchone()
    lines.append(f"rows: {sessions} routine sessions, {painful} of them with pain 7+ or up")
    firsts = {r.items[0].exercise: r.items[0] for r in catalog.routines.values()}
    own = msgspec.structs.replace(
        next(iter(catalog.routines.values())),
        id=NEW_ROUTINE,
        name="Never done",
        items=tuple(firsts.values()),
    )
    routines: list[Routine] = [*catalog.routines.values(), own]
    width = max(len(r.id) for r in routines)
    lines.append(f"{'routine':<{width}}  median ms  slowest ms")
    medians = []
    for routine in routines:
        median_s, max_s = timed(runs, functools.partial(routine_suggestions, db, routine, catalog))
        medians.append(median_s)
        lines.append(f"{routine.id:<{width}}  {median_s * 1000:9.1f}  {max_s * 1000:10.1f}")
    db.close()
    lines.append(f"slowest median: {max(medians) * 1000:.1f} ms")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hr-hz", type=float, default=0.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="fill again, ignoring the cache")
    args = parser.parse_args()
    print("\n".join(run(args.years, args.seed, args.hr_hz, args.runs, args.fresh)))


if __name__ == "__main__":
    main()
