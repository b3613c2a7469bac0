"""The tables of reps per set, tuned on vs held out: each dataset's own and the summary of
them all, in a recording and as a live session counts."""

from __future__ import annotations

import statistics

from .counted_sets import SetResult

REP_TABLE_HEADER = (
    "  dataset        exercise  split     people       sets  within ±1   MAE  over  under"
)
SHORT_SET = (5, 10)
"""The reps of a short set, which the MAE goal is about."""
CHEST_SETS = ("exermote-chest", "eurobench-sts")
"""Chest-worn sets held out whole: apart from the "all" row of the rep tables."""


def rep_table(results: list[SetResult]) -> None:
    """The figure that matters: reps per set on people the rules were not tuned on."""
    for marked in (False, True):
        if marked:
            print()
            print("reps per set as a live session counts them (the runner starts and ends sets)")
        else:
            print("reps per set in a recording, sets found: tuned on vs held out")
            print("  (goal, held out: ±1 on >=95%, MAE <=0.3 on 5-10)")
        print(REP_TABLE_HEADER)
        chosen = [r for r in results if r.marked == marked]
        groups = sorted({(r.dataset, r.exercise) for r in chosen})
        for dataset, exercise in [*groups, *((d, "") for d in sorted({g[0] for g in groups}))]:
            rep_rows(dataset, exercise or "all", sets_of(results, dataset, exercise, marked))
        # "all" as before the chest-worn sets came; "all+chest" with them (held out whole).
        rep_rows("all", "all", [r for r in chosen if r.dataset not in CHEST_SETS])
        if any(r.dataset in CHEST_SETS for r in results):
            rep_rows("all+chest", "all", [r for r in chosen if not r.tuned])
        # The MAE goal is on short sets: those of 5 to 10 reps, as the sets above are counted.
        short = [r for r in chosen if SHORT_SET[0] <= r.truth <= SHORT_SET[1]]
        rep_rows("all", "5-10", [r for r in short if r.dataset not in CHEST_SETS])
        if any(r.dataset in CHEST_SETS for r in short):
            rep_rows("all+chest", "5-10", [r for r in short if not r.tuned])


def sets_of(results: list[SetResult], dataset: str, exercise: str, marked: bool) -> list[SetResult]:
    """The sets of one dataset (and one exercise; "": all), counted one way."""
    return [
        r
        for r in results
        if r.dataset == dataset and exercise in ("", r.exercise) and r.marked == marked
    ]


def rep_rows(dataset: str, exercise: str, sets: list[SetResult]) -> None:
    """One row for the tuned-on people of ``sets`` and one for the held-out (none if empty)."""
    for tuned in (True, False):
        rows = [r for r in sets if r.tuned == tuned]
        if not rows:
            continue
        errors = [r.counted - r.truth for r in rows]
        people = ",".join(sorted({r.person for r in rows}))[:12]
        within = sum(abs(e) <= 1 for e in errors) / len(errors)
        print(
            f"  {dataset:14s} {exercise:9s} {'tuned' if tuned else 'held out':9s} {people:12s}"
            f" {len(rows):4d}  {100 * within:8.1f}%  {statistics.fmean(map(abs, errors)):4.2f}"
            f"  {sum(e > 0 for e in errors):4d}  {sum(e < 0 for e in errors):5d}"
        )
