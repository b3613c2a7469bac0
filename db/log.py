"""The log: sessions newest first with their figures, filtered, in one query per page.

Figures that would need a scan of ``heart_rate`` (average and peak heart rate) live on the
``sessions`` row (migration 4); the rest are index lookups per listed session.
"""

from __future__ import annotations

import calendar
import time as os_time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from db.sessions import iso, parse_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

STATUSES = ("completed", "ended-early", "interrupted", "running")
KINDS = ("routine", "recording")


@dataclass(frozen=True, slots=True)
class LogFilter:
    routine_id: str | None = None
    status: str | None = None  # completed | ended-early | interrupted | running
    kind: str | None = None  # routine | recording
    since: date | None = None  # local day, inclusive
    until: date | None = None  # local day, inclusive
    text: str | None = None  # case-insensitive substring of routine name/id or note


@dataclass(frozen=True, slots=True)
class LogRow:
    id: int
    kind: str
    routine_id: str | None
    routine_name: str | None
    started_at: datetime  # aware, UTC
    duration_s: int
    status: str
    sets_planned: int | None
    sets_done: int
    sets_skipped: int
    pain_before: int | None
    pain_after: int | None
    avg_bpm: float | None
    peak_bpm: int | None
    has_motion: bool  # raw accelerometer chunks were recorded
    note: str | None
    ended_at: datetime | None = None  # aware, UTC; the last write for a running session
    active_s: float | None = None  # seconds in the sets done
    planned_s: int | None = None
    started_utc: str = field(default="", compare=False, repr=False)  # as stored: the sort key


@dataclass(frozen=True, slots=True)
class ChunkRow:
    device: str
    t0_s: float
    rate_hz: float
    count: int
    encoding: str
    data: bytes


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


def day_start_utc(day: date, tz: tzinfo | None) -> str:
    """The UTC ISO time at which local ``day`` begins in ``tz``, as stored in the tables."""
    moment = datetime.combine(day, time(0), tzinfo=tz or local_zone())
    return iso(moment.astimezone(UTC))


def local_day(started_at: str, tz: tzinfo) -> date:
    moment = parse_iso(started_at)
    if tz is SYSTEM_TIME:  # one call into the C library, for ten years of sessions
        local = os_time.localtime(moment.timestamp())
        return date(local.tm_year, local.tm_mon, local.tm_mday)
    return moment.astimezone(tz).date()


_DONE = "st.skipped = 0 AND st.ended_at IS NOT NULL"


def _figures(db: Database) -> tuple[str, str, str]:
    """SQL for avg_bpm, peak_bpm, active_s: the row's columns, or (a running session, or a
    file from before migration 4 opened read-only) worked out from the rows."""
    avg = "(SELECT round(avg(NULLIF(bpm, 0)), 1) FROM heart_rate h WHERE h.session_id = s.id)"
    peak = "(SELECT max(NULLIF(bpm, 0)) FROM heart_rate h WHERE h.session_id = s.id)"
    active = (
        f"(SELECT round(sum(st.active_s), 3) FROM steps st WHERE st.session_id = s.id AND {_DONE})"
    )
    columns = {row[1] for row in db.execute("PRAGMA table_info(sessions)").fetchall()}
    if "heart_rate" not in db.table_names():
        avg = peak = "NULL"
    if "avg_bpm" not in columns:
        return avg, peak, active
    running = "s.status = 'running'"
    return (
        f"CASE WHEN {running} THEN {avg} ELSE s.avg_bpm END",
        f"CASE WHEN {running} THEN {peak} ELSE s.peak_bpm END",
        f"CASE WHEN {running} THEN {active} ELSE s.active_s END",
    )


def _where(where: LogFilter, tz: tzinfo | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.routine_id is not None:
        clauses.append("s.routine_id = ?")
        params.append(where.routine_id)
    if where.status is not None:
        clauses.append("s.status = ?")
        params.append(where.status)
    if where.kind is not None:
        clauses.append("s.kind = ?")
        params.append(where.kind)
    if where.since is not None:
        clauses.append("s.started_at >= ?")
        params.append(day_start_utc(where.since, tz))
    if where.until is not None:
        clauses.append("s.started_at < ?")
        params.append(day_start_utc(where.until + timedelta(days=1), tz))
    if where.text:
        pattern = "%" + _escape_like(where.text.casefold()) + "%"
        clauses.append(
            "(casefold(s.routine_name) LIKE ? ESCAPE '\\' "
            "OR casefold(s.routine_id) LIKE ? ESCAPE '\\' "
            "OR casefold(s.note) LIKE ? ESCAPE '\\')"
        )
        params += [pattern, pattern, pattern]
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def log_rows(
    db: Database,
    where: LogFilter = LogFilter(),
    *,
    limit: int | None = None,
    offset: int = 0,
    after: LogRow | None = None,
    tz: tzinfo | None = None,
) -> list[LogRow]:
    """Sessions matching ``where``, newest first, with their figures; with ``after``, those
    that come after that row (the next page: unlike an offset, sessions added or deleted
    meanwhile repeat or skip none)."""
    clause, params = _where(where, tz)
    if after is not None:
        clause += " AND " if clause else " WHERE "
        clause += "(s.started_at < ? OR (s.started_at = ? AND s.id < ?))"
        started = after.started_utc or iso(after.started_at)
        params += [started, started, after.id]
    return _select(db, clause, params, limit=limit, offset=offset)


def log_row(db: Database, session_id: int) -> LogRow | None:
    """One session's row of the log, or None."""
    found = _select(db, " WHERE s.id = ?", [session_id], limit=1, offset=0)
    return found[0] if found else None


def _select(
    db: Database, clause: str, params: list[Any], *, limit: int | None, offset: int
) -> list[LogRow]:
    avg, peak, active = _figures(db)
    motion = (
        "EXISTS (SELECT 1 FROM stream_chunks c WHERE c.session_id = s.id AND c.stream = 'acc')"
        if "stream_chunks" in db.table_names()
        else "0"
    )
    sql = f"""
        SELECT s.id, s.kind, s.routine_id, s.routine_name, s.started_at,
               coalesce(s.ended_at, s.updated_at, s.started_at), s.status, s.planned_sets,
               (SELECT count(*) FROM steps st WHERE st.session_id = s.id AND {_DONE}),
               (SELECT count(*) FROM steps st WHERE st.session_id = s.id AND st.skipped = 1),
               s.pain_before, s.pain_after, {avg}, {peak}, {motion}, s.note, {active},
               s.planned_s
        FROM sessions s{clause}
        ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?"""
    params = [*params, -1 if limit is None else limit, offset]
    return [_log_row(row) for row in db.execute(sql, params).fetchall()]


def _log_row(row: tuple[Any, ...]) -> LogRow:
    (sid, kind, routine_id, routine_name, started, ended, status, planned, done, skipped) = row[:10]
    pain_before, pain_after, avg_bpm, peak_bpm, motion, note, active_s, planned_s = row[10:]
    started_at = parse_iso(started)
    ended_at = parse_iso(ended)
    return LogRow(
        id=sid,
        kind=kind,
        routine_id=routine_id,
        routine_name=routine_name,
        started_at=started_at,
        duration_s=max(0, round((ended_at - started_at).total_seconds())),
        status=status,
        sets_planned=planned,
        sets_done=done,
        sets_skipped=skipped,
        pain_before=pain_before,
        pain_after=pain_after,
        avg_bpm=avg_bpm,
        peak_bpm=peak_bpm,
        has_motion=bool(motion),
        note=note,
        ended_at=ended_at,
        active_s=active_s,
        planned_s=planned_s,
        started_utc=started,
    )


def log_count(db: Database, where: LogFilter = LogFilter(), *, tz: tzinfo | None = None) -> int:
    clause, params = _where(where, tz)
    count: int = db.execute(f"SELECT count(*) FROM sessions s{clause}", params).fetchone()[0]
    return count


def routines_in_log(db: Database) -> list[tuple[str, str]]:
    """Every routine with a session, as (id, its most recent name), by name."""
    rows = db.execute(
        "SELECT routine_id, routine_name, max(started_at) FROM sessions "
        "WHERE routine_id IS NOT NULL GROUP BY routine_id"
    ).fetchall()
    found = [(routine_id, name or routine_id) for routine_id, name, _ in rows]
    return sorted(found, key=lambda pair: (pair[1].casefold(), pair[0]))


def heart_rate_series(
    db: Database, session_id: int, *, max_points: int | None = None
) -> list[tuple[float, int]]:
    """(t_s, bpm) in time order; thinned evenly to at most ``max_points``, keeping each
    stretch's lowest and highest reading so peaks survive."""
    if "heart_rate" not in db.table_names():
        return []
    series: list[tuple[float, int]] = db.execute(
        "SELECT t_s, bpm FROM heart_rate WHERE session_id = ? AND bpm > 0 ORDER BY t_s",
        [session_id],
    ).fetchall()
    if max_points is None or len(series) <= max_points:
        return series
    return thin(series, max_points)


def thin(series: list[tuple[float, int]], max_points: int) -> list[tuple[float, int]]:
    """At most ``max_points`` of ``series``: per even stretch, its lowest and highest point."""
    if max_points <= 0:
        return []
    if max_points == 1:
        return [max(series, key=lambda point: point[1])]
    stretches = max_points // 2
    size = len(series)
    kept: list[tuple[float, int]] = []
    for number in range(stretches):
        start, end = number * size // stretches, (number + 1) * size // stretches
        if start == end:
            continue
        low = min(range(start, end), key=lambda i: series[i][1])
        high = max(range(start, end), key=lambda i: series[i][1])
        kept.extend(series[i] for i in sorted({low, high}))
    return kept


def motion_chunks(
    db: Database, session_id: int, start_t_s: float, end_t_s: float
) -> list[ChunkRow]:
    """Raw accelerometer chunks (stream 'acc') overlapping [start_t_s, end_t_s], in order."""
    if "stream_chunks" not in db.table_names():
        return []
    rows = db.execute(
        "SELECT device, t0_s, rate_hz, count, encoding, data FROM stream_chunks "
        "WHERE session_id = ? AND stream = 'acc' AND t0_s <= ? "
        "AND t0_s + count / rate_hz >= ? ORDER BY t0_s, id",
        [session_id, end_t_s, start_t_s],
    ).fetchall()
    return [ChunkRow(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class HeartRateSummary:
    readings: int
    min_bpm: int
    avg_bpm: float
    peak_bpm: int
    first_t_s: float
    last_t_s: float


def hold_quality(held_s: float | None, broken_s: float | None) -> float | None:
    """Held / (held + broken), 0 to 1, when a wearable watched the hold (None otherwise)."""
    if broken_s is None:
        return None
    total = (held_s or 0.0) + broken_s
    return (held_s or 0.0) / total if total > 0 else None


def heart_rate_summary(db: Database, session_id: int) -> HeartRateSummary | None:
    """The session's heart rate over all its readings (None: none recorded)."""
    if "heart_rate" not in db.table_names():
        return None
    row = db.execute(
        "SELECT count(*), min(bpm), round(avg(bpm), 1), max(bpm), min(t_s), max(t_s) "
        "FROM heart_rate WHERE session_id = ? AND bpm > 0",
        [session_id],
    ).fetchone()
    return HeartRateSummary(*row) if row[0] else None


def step_heart_rates(db: Database, session_id: int) -> dict[int, tuple[float, int]]:
    """Per step index, (average, peak) bpm of the readings during that set."""
    steps = {row[1] for row in db.execute("PRAGMA table_info(steps)").fetchall()}
    if "heart_rate" not in db.table_names() or "start_t_s" not in steps:
        return {}
    rows = db.execute(
        "SELECT st.step_index, round(avg(NULLIF(h.bpm, 0)), 1), max(NULLIF(h.bpm, 0)) "
        "FROM steps st "
        "JOIN heart_rate h ON h.session_id = st.session_id "
        "AND h.t_s >= st.start_t_s AND h.t_s <= st.end_t_s "
        "WHERE st.session_id = ? GROUP BY st.step_index",
        [session_id],
    ).fetchall()
    return {index: (avg, peak) for index, avg, peak in rows}
