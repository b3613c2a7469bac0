"""What depends on the day, on the awkward ones (``pinned_days.AWKWARD``): a year's last
second, a new year's first, the Mondays and Sundays at a year's turn, a leap day and the day
after it, the days summer time begins and ends (a 23-, 24.5- and 25-hour day), in zones
east and west of UTC and off the hour. The clock is held still at each (``db.clock.pinned``):
the machine's zone is the day's, and every reader of "now" is asked through ``db.clock``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from log_history import routine_session
from pinned_days import AWKWARD, on_day

from catalog import Catalog
from db.clock import local_now, pinned, today, utc_now
from db.connection import open_database
from db.outcomes import record_peg
from db.today import today_plan
from db.trends import active_days, minutes_per_week, streaks
from tui.locations import Locations
from tui.one_session import _since
from tui.screens.trends import MOST_BARS, PERIODS, minute_bars
from tui.today_text import day_text

IDS = [f"{local[:16]} {zone}" for local, zone in AWKWARD]


@pytest.fixture(params=AWKWARD, ids=IDS)
def awkward(request: pytest.FixtureRequest) -> Iterator[datetime]:
    """Now, held still at one awkward moment, in its own zone."""
    local, zone = request.param
    with on_day(local, zone) as moment:
        yield moment


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def test_sessions_and_check_ins_count_on_the_local_day_they_began(
    awkward: datetime, lumbar_home: Locations, builtin: Catalog
) -> None:
    """A session at half a minute past local midnight is today's, one half a minute before
    it yesterday's: for the plan, the trends' days and the streak; a check-in answered now
    is today's, and not due."""
    assert (today(), local_now().utcoffset()) == (awkward.date(), awkward.utcoffset())
    zone = awkward.tzinfo
    assert isinstance(zone, ZoneInfo)
    day = awkward.date()
    db = open_database(lumbar_home.db_path)
    try:
        routine_session(db, local_moment(day, time(0, 0, 30), zone))
        routine_session(db, local_moment(day - timedelta(days=1), time(23, 59, 30), zone))
        record_peg(db, 3, 7, 7)
        plan = today_plan(db, builtin.routines)
        days = active_days(db)
    finally:
        db.close()
    (core,) = plan.today.routines
    assert (plan.today.day, core.done_today, core.last_done) == (day, 1, day)
    assert (plan.last_asked["peg"].answered, plan.outcomes_due) == (day, ("psfs",))
    assert list(days) == [day - timedelta(days=1), day]
    assert streaks(days, today()).current_days == 2
    assert day_text(day - timedelta(days=1), today()) == "yesterday"


def test_a_years_minutes_stay_weekly_bars(
    awkward: datetime, lumbar_home: Locations, builtin: Catalog
) -> None:
    """The trends' "last year": a session on its first day and one today; every week
    between is a bar, from the first day's Monday to today's."""
    zone = awkward.tzinfo
    assert isinstance(zone, ZoneInfo)
    (days_back,) = [days for name, days in PERIODS if name == "last year"]
    assert days_back is not None
    since = today() - timedelta(days=days_back)
    db = open_database(lumbar_home.db_path)
    try:
        for day in (since, today()):
            routine_session(db, local_moment(day, time(0, 0, 30), zone))
        weeks = minutes_per_week(db, since=since)
    finally:
        db.close()
    assert weeks[0][0] == since - timedelta(days=since.weekday())
    assert weeks[-1][0] == today() - timedelta(days=today().weekday())
    assert len(weeks) <= MOST_BARS
    assert minute_bars(weeks)[2] == "week"


def test_a_session_begun_before_midnight_is_yesterdays_once_it_has_passed(
    lumbar_home: Locations, builtin: Catalog
) -> None:
    """Begun at 23:59:59 on New Year's Eve, it is today's; two seconds on, a new year's
    day has begun, and it is yesterday's, said with its day."""
    with on_day("2026-12-31T23:59:59", "Pacific/Auckland") as eve:
        db = open_database(lumbar_home.db_path)
        try:
            routine_session(db, utc_now())
            assert today_plan(db, builtin.routines).today.routines[0].done_today == 1
            assert _since(utc_now(), None) == "23:59"
            with pinned(eve + timedelta(seconds=2)):
                (core,) = today_plan(db, builtin.routines).today.routines
                assert (core.done_today, core.last_done) == (0, eve.date())
                assert _since(eve, None) == "Thu 31 Dec 23:59"
        finally:
            db.close()


def test_a_test_day_given_with_an_offset_is_refused() -> None:
    """``LUMBAR_TEST_NOW`` with an offset would have the zone's taken silently instead."""
    with (
        pytest.raises(ValueError, match="without an offset"),
        on_day("2028-02-29T12:00:00+05:00", "UTC"),
    ):
        pass
