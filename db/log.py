"""The log: sessions newest first with their figures, filtered, in one query per page; and
the days they fall on, in the machine's time zone.

Figures that would need a scan of ``heart_rate`` (average and peak heart rate) live on the
``sessions`` row (migration 4); the rest are index lookups per listed session. The rows are
the read model's (``db.read_model.SessionRow``).
"""

from __future__ import annotations

import time as os_time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import MINYEAR, UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from db.clock import SYSTEM_TIME, local_zone
from db.read_model import SessionRow, session_row, session_rows
from db.timestamps import iso, parse_iso

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


LogRow = SessionRow
"""A row of the log: a session with its figures (the read model's ``SessionRow``)."""


@dataclass(frozen=True, slots=True)
class ChunkRow:
    device: str
    t0_s: float
    rate_hz: float
    count: int
    encoding: str
    data: bytes


def day_start_utc(day: date, tz: tzinfo | None) -> str:
    """The UTC ISO time at which local ``day`` begins in ``tz``, as stored in the tables."""
    moment = datetime.combine(day, time(0), tzinfo=tz or local_zone())
    try:
        return iso(moment.astimezone(UTC))
    except OverflowError:  # a day at an end of the calendar: before or after every time
        return iso((datetime.min if day.year == MINYEAR else datetime.max).replace(tzinfo=UTC))


def local_day(started_at: str, tz: tzinfo) -> date:
    moment = parse_iso(started_at)
    if tz is SYSTEM_TIME:  # one call into the C library, for ten years of sessions
        local = os_time.localtime(moment.timestamp())
        return date(local.tm_year, local.tm_mon, local.tm_mday)
    return moment.astimezone(tz).date()


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
    if where.until is not None and where.until < date.max:
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
    return session_rows(db, clause, params, limit=limit, offset=offset)


def log_row(db: Database, session_id: int) -> LogRow | None:
    """One session's row of the log, or None."""
    return session_row(db, session_id)


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


_OVERLAPPING = (
    "FROM stream_chunks WHERE session_id = ? AND stream = 'acc' AND t0_s <= ? "
    "AND t0_s + count / rate_hz >= ?"
)


def motion_devices(
    db: Database,
    session_id: int,
    start_t_s: float,
    end_t_s: float,
    *,
    up_to_id: int | None = None,
) -> list[str | None]:
    """The devices with raw accelerometer chunks overlapping [start_t_s, end_t_s], in the
    order of their first chunk there (only the chunks' times are read, not their samples);
    of the chunks up to ``up_to_id`` when given."""
    if "stream_chunks" not in db.table_names():
        return []
    which, params = ("", []) if up_to_id is None else (" AND id <= ?", [up_to_id])
    cursor = db.execute(
        f"SELECT device {_OVERLAPPING}{which} ORDER BY t0_s, id",
        [session_id, end_t_s, start_t_s, *params],
    )
    return list(dict.fromkeys(device for (device,) in cursor))


ALL_DEVICES = object()
"""``motion_chunks``'s default: the chunks of every device (a device may be NULL)."""


def last_chunk_id(db: Database, session_id: int) -> int:
    """The newest chunk's id: chunks written after it are left out by ``up_to_id``."""
    if "stream_chunks" not in db.table_names():
        return 0
    (found,) = db.execute(
        "SELECT max(id) FROM stream_chunks WHERE session_id = ?", [session_id]
    ).fetchone()
    return found or 0


def motion_chunks(
    db: Database,
    session_id: int,
    start_t_s: float,
    end_t_s: float,
    device: object = ALL_DEVICES,
    *,
    up_to_id: int | None = None,
) -> Iterator[ChunkRow]:
    """Raw accelerometer chunks (stream 'acc') overlapping [start_t_s, end_t_s], in order,
    of one ``device`` or of all; read one at a time as they are taken, so an hour's
    recording is never all in memory (iterate it in the thread that called this)."""
    if "stream_chunks" not in db.table_names():
        return
    which, params = ("", []) if device is ALL_DEVICES else (" AND device IS ?", [device])
    if up_to_id is not None:
        which, params = f"{which} AND id <= ?", [*params, up_to_id]
    cursor = db.execute(
        f"SELECT device, t0_s, rate_hz, count, encoding, data {_OVERLAPPING}{which} "
        "ORDER BY t0_s, id",
        [session_id, end_t_s, start_t_s, *params],
    )
    for row in cursor:
        yield ChunkRow(*row)
