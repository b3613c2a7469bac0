"""The day and the zone every test runs on, and the awkward days and zones that the stories
depending on the day are run on too.

``conftest.fixed_day`` pins them for each test (the clock going on from there; the tmux
tests keep the real one). To run tests on another day and zone, as the awkward ones were
tried on: ``LUMBAR_TEST_NOW=2028-02-29T12:00:00 LUMBAR_TEST_TZ=America/St_Johns pytest ...``
(the time read in that zone, without an offset). A moment just before midnight crosses it
during a test: a story that needs the same day throughout fails there for that reason.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from db.clock import pinned

TEST_NOW = "2026-06-17T10:00:00"
"""A Wednesday morning mid-month, mid-year, far from a change of summer time."""
TEST_ZONE = "UTC"

AWKWARD = (
    ("2026-12-31T23:59:59", "Pacific/Auckland"),  # the year's last second, east of UTC
    ("2027-01-01T00:00:00", "America/New_York"),  # a new year's first second, west of UTC
    ("2023-01-02T08:00:00", "Europe/London"),  # a Monday; 2023 began on a Sunday
    ("2029-12-31T23:30:00", "Asia/Kathmandu"),  # a Monday that ends a year (+5:45)
    ("2028-12-31T12:00:00", "UTC"),  # a Sunday, the last day of a leap year
    ("2028-02-29T12:00:00", "America/St_Johns"),  # a leap day (-3:30)
    ("2028-03-01T00:00:30", "Europe/London"),  # the day after a leap day
    ("2027-03-28T03:00:00", "Europe/London"),  # a 23-hour day, summer time begun at 1:00
    ("2026-11-01T01:30:00", "America/New_York"),  # a 25-hour day, the hour repeated
    ("2027-04-04T01:45:00", "Australia/Lord_Howe"),  # summer time ends: half an hour repeated
    ("2026-09-27T03:30:00", "Pacific/Auckland"),  # summer time begun at 2:00, an hour skipped
)
"""(local time, zone): year ends, Mondays and Sundays at a year's turn, leap days, changes
of summer time."""


@contextmanager
def in_zone(name: str) -> Iterator[None]:
    """The machine's zone is ``name`` (``TZ``) while inside."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@contextmanager
def on_day(local: str, zone: str, *, ticking: bool = False) -> Iterator[datetime]:
    """Now is ``local`` (ISO, without an offset) in ``zone``, the machine's zone."""
    moment = datetime.fromisoformat(local)
    if moment.tzinfo is not None:
        raise ValueError(f"{local}: give the local time without an offset (the zone is {zone})")
    moment = moment.replace(tzinfo=ZoneInfo(zone))
    with in_zone(zone), pinned(moment, ticking=ticking):
        yield moment


def day_of_the_tests() -> tuple[str, str]:
    """The day and zone tests run on: ``TEST_NOW`` in ``TEST_ZONE``, unless the environment
    names others."""
    return (
        os.environ.get("LUMBAR_TEST_NOW", TEST_NOW),
        os.environ.get("LUMBAR_TEST_TZ", TEST_ZONE),
    )
