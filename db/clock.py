"""Now: the one place lumbar reads the wall clock's date and time and the machine's zone.

Everything that depends on the day (today's plan, check-ins due, the log's periods, the
trends' bars and streaks, "yesterday", the report's weeks, time stamps kept and exported)
asks here, so that one ``pinned`` moment holds for all of it: tests pin a fixed day, and
the awkward ones (a year's end, a leap day, a change of summer time). Timers and the live
session use the monotonic clock instead, never this.
"""

from __future__ import annotations

import calendar
import time as os_time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo

_pinned: tuple[datetime, float | None] | None = None
"""(the moment pinned, the monotonic time it was pinned at when it goes on ticking)."""


def utc_now() -> datetime:
    """The time now, in UTC (or the pinned moment, plus the time since when it ticks)."""
    if _pinned is None:
        return datetime.now(UTC)
    moment, since_s = _pinned
    if since_s is None:
        return moment
    return moment + timedelta(seconds=os_time.monotonic() - since_s)


def on_this_clock(machine_moment: datetime) -> datetime:
    """A moment the machine's own clock gave (when a process started), on lumbar's clock:
    the same, unless now is pinned (then as far from the pinned now as from the machine's).
    Under a still pin every moment gone by lands before the pinned now, so a process always
    seems to have started before the rows written: see ``pinned``."""
    if _pinned is None:
        return machine_moment
    return machine_moment + (utc_now() - datetime.now(UTC))


def local_now(tz: tzinfo | None = None) -> datetime:
    """The time now in ``tz``, by default the machine's zone."""
    return utc_now().astimezone(tz or local_zone())


def today(tz: tzinfo | None = None) -> date:
    """Today's date in ``tz``, by default the machine's zone."""
    return local_now(tz).date()


@contextmanager
def pinned(moment: datetime, *, ticking: bool = False) -> Iterator[datetime]:
    """Now is ``moment`` (aware) while inside: held still, or going on from it when
    ``ticking`` (for stories that need time to pass, as two sessions one after the other).

    Held still, times lose their order: a process's start (``on_this_clock``) is always
    before every row written, so a reused pid is never told from the row's writer. Stories
    with processes (an interrupted session, a lumbar still running) must tick."""
    global _pinned
    if moment.tzinfo is None:
        raise ValueError("pin an aware moment (with its zone)")
    before = _pinned
    _pinned = (moment.astimezone(UTC), os_time.monotonic() if ticking else None)
    try:
        yield moment
    finally:
        _pinned = before


class SystemTime(tzinfo):
    """The machine's local time with its daylight-saving changes, as ``time.localtime``
    keeps it (what ``datetime.astimezone()`` uses). ``datetime.now().astimezone().tzinfo``
    is a fixed offset, today's: it would put every session of the other half of the year an
    hour off, and on the wrong day when near midnight."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=os_time.localtime().tm_gmtoff)
        return timedelta(seconds=self._offset_s(dt))

    def dst(self, dt: datetime | None) -> timedelta:
        if dt is None:
            local = os_time.localtime()
        else:
            local = os_time.localtime(_wall_s(dt) - self._offset_s(dt))
        return timedelta(seconds=local.tm_gmtoff + os_time.timezone if local.tm_isdst > 0 else 0)

    def tzname(self, dt: datetime | None) -> str:
        if dt is None:
            return os_time.localtime().tm_zone
        return os_time.localtime(_wall_s(dt) - self._offset_s(dt)).tm_zone

    def fromutc(self, dt: datetime) -> datetime:
        stamp = _wall_s(dt)
        offset = os_time.localtime(stamp).tm_gmtoff
        wall = dt + timedelta(seconds=offset)
        earlier = os_time.localtime(stamp - 86400).tm_gmtoff
        if earlier > offset and os_time.localtime(stamp + offset - earlier).tm_gmtoff == earlier:
            wall = wall.replace(fold=1)  # the clock went back: this wall time came before
        return wall

    def _offset_s(self, dt: datetime) -> int:
        """The offset of wall time ``dt``: the one before a change for fold 0 (a time skipped
        or repeated by the change), the one after for fold 1."""
        wall = _wall_s(dt)
        before = os_time.localtime(wall - 86400).tm_gmtoff
        after = os_time.localtime(wall + 86400).tm_gmtoff
        if before == after:
            return before
        fits = [o for o in (before, after) if os_time.localtime(wall - o).tm_gmtoff == o]
        if len(fits) == 1:
            return fits[0]
        return after if dt.fold else before

    def __repr__(self) -> str:
        return "SystemTime()"


def _wall_s(dt: datetime) -> int:
    """``dt``'s date and time read as if in UTC, in whole seconds since the epoch."""
    return calendar.timegm((dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, 0))


SYSTEM_TIME = SystemTime()


def local_zone() -> tzinfo:
    """The machine's time zone, as the log's days are counted in by default."""
    return SYSTEM_TIME
