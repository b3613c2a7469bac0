"""The pain that counts for a session with no pain after (``db.dose_history.last_pain``),
read from a real database as the session screen writes it: the rule's edges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dose_sessions import session

from catalog import Catalog
from catalog.plan import expand
from db.clock import local_now
from db.connection import open_database
from db.dose_history import CHOSE_TO_END, LastPain, last_pain
from tui.locations import Locations


def rests(catalog: Catalog) -> list[int]:
    """Core basics' rests between exercises, by step index."""
    steps = expand(catalog.routines["core-basics"], catalog.exercises, 30)
    return [i for i, s in enumerate(steps) if s.kind == "rest"]


def counted(
    home: Locations,
    catalog: Catalog,
    before: int | None,
    reports: tuple[int, ...],
    *,
    ended_at: int | None = None,
) -> LastPain | None:
    """Core basics done with pain ``before``, ``reports`` in its rests in turn, no pain
    after; ``ended_at``: the person then ended it at the advice on that pain."""
    db = open_database(home.db_path)
    try:
        during = tuple(zip(rests(catalog), reports, strict=False))
        day = local_now().date() - timedelta(days=1)
        sid = session(db, catalog, "core-basics", day, pain=(before, None), pain_during=during)
        if ended_at is not None:
            kind, detail = CHOSE_TO_END
            db.table("events").insert_all(
                [
                    {
                        "session_id": sid,
                        "at": "09:10",
                        "t_s": 500.0,
                        "kind": "pain-advice",
                        "value": ended_at,
                    },
                    {
                        "session_id": sid,
                        "at": "09:10",
                        "t_s": 501.0,
                        "kind": kind,
                        "detail": detail,
                    },
                ]
            )
        rows = [{"id": sid, "pain_before": before, "pain_after": None}]
        return last_pain(db, rows).get(sid)
    finally:
        db.close()


@pytest.mark.parametrize(
    ("before", "reports", "level"),
    [
        (None, (7, 2), 7),  # high at its very threshold, with nothing to compare it with
        (3, (6, 2), 6),  # not high, but above pain before
        (5, (5, 2), 2),  # as high as before is no rise: the last report counts
    ],
)
def test_a_high_or_risen_report_counts_over_a_lower_last_one(
    lumbar_home: Locations,
    builtin: Catalog,
    before: int | None,
    reports: tuple[int, ...],
    level: int,
) -> None:
    found = counted(lumbar_home, builtin, before, reports)
    assert found is not None
    assert found.level == level
    assert found.told == ("last" if level == reports[-1] else "earlier")


def test_a_session_ended_at_a_lesser_pain_weighs_the_worse_one_before_it(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Pain 3 before, 8 reported and carried on, then 3 reported and the session ended for
    it: the 8 counts (quitting with q instead of ending counted it; ending, the more careful
    choice, gave the same dose again)."""
    found = counted(lumbar_home, builtin, 3, (8, 3), ended_at=3)
    assert found == LastPain(8, ended=True, told="earlier")
