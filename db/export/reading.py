"""Choosing the sessions of an export and reading each back in full."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.demo import history_filter
from db.figures import is_heart_rate
from db.log import ChunkRow
from db.read_model import StoredSession, heart_rate_device, read_session

if TYPE_CHECKING:
    from sqlite_utils import Database

PRIVATE_COLUMNS = frozenset({"host", "pid"})
"""Session columns never exported: they name the machine and process that recorded it."""


class ExportError(Exception):
    """The export cannot be made as asked; ``str()`` is one line for the person."""


class NoSessionToExport(ExportError):
    """A session asked for that the database does not hold (the command line says where the
    person sees the ones it does)."""

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        super().__init__(f"no session {session_id}; 'lumbar log' lists them")


@dataclass(frozen=True, slots=True)
class HeartRateReading:
    device: str | None
    t_s: float
    """Seconds since the session started."""
    bpm: int
    rr_intervals_ms: tuple[float, ...]
    contact: bool | None

    @property
    def has_heart_rate(self) -> bool:
        """Whether it is a heart rate at all (``db.figures.is_heart_rate``)."""
        return self.bpm > 0 and self.contact is not False


StoredChunk = ChunkRow
"""One stored chunk of raw accelerometer samples, packed by ``sensors.packing``."""


DecodeAcc = Callable[[StoredChunk], tuple[Sequence[float], Sequence[tuple[int, int, int]]]]
"""A chunk's sample times (session seconds) and x, y, z in milli-g; ``ValueError`` when the
chunk cannot be read. ``lumbar export`` passes ``sensors.packing.unpack_acc``."""


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as stored (the read model), with every heart-rate reading and the device
    whose heart rate and RR intervals an activity or RR file carries."""

    session: StoredSession
    heart_rate: tuple[HeartRateReading, ...]
    """Every reading of every device, in time order."""
    heart_rate_device: str | None
    """The heart-rate channel: the session's heart-rate source (``db.figures``), or the
    device asked for."""
    rr_device: str | None
    """Whose RR intervals: the session's RR source, or the device asked for."""

    @property
    def session_id(self) -> int:
        return self.session.id

    @property
    def started_at(self) -> datetime:
        """Aware, UTC."""
        return self.session.row.started_at

    @property
    def duration_s(self) -> float:
        """From the start to the end (or the last write of one that did not end), to the ms."""
        return self.session.elapsed_s


def choose_sessions(
    db: Database, session_ids: Sequence[int] | None, *, include_demo: bool = False
) -> tuple[int, ...]:
    """The sessions asked for, each once, in the order given; ``None``: every session, oldest
    first, the demo's left out unless ``include_demo``. An unknown id, or no session at all,
    is an ``ExportError``."""
    if session_ids is None:
        mine = history_filter(db, "sessions", include_demo=include_demo)
        query = f"SELECT id FROM sessions WHERE {mine} ORDER BY started_at, id"
        rows = db.execute(query).fetchall()
        if not rows:
            demo = "" if include_demo else " (the demo's are left out: --include-demo adds them)"
            raise ExportError(f"no sessions yet{demo}: there is nothing to export")
        return tuple(int(row[0]) for row in rows)
    chosen = tuple(dict.fromkeys(session_ids))
    for session_id in chosen:
        if db.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone() is None:
            raise NoSessionToExport(session_id)
    return chosen


def read_record(db: Database, session_id: int, device: str | None = None) -> SessionRecord:
    """The session with its readings; ``device`` (an address or a name): the one whose heart
    rate and RR to carry (default: the session's best source of each)."""
    session = read_session(db, session_id)
    if session is None:
        raise NoSessionToExport(session_id)
    device = device_address(db, session_id, device)
    return SessionRecord(
        session=session,
        heart_rate=tuple(heart_rate_readings(db, session_id)),
        heart_rate_device=device if device is not None else session.heart_rate_device,
        rr_device=device if device is not None else heart_rate_device(db, session_id, rr=True),
    )


def heart_rate_readings(db: Database, session_id: int) -> Iterator[HeartRateReading]:
    if not has_table(db, "heart_rate"):
        return
    cursor = db.execute(
        "SELECT device, t_s, bpm, rr_ms, contact FROM heart_rate WHERE session_id = ? "
        "ORDER BY t_s, rowid",
        [session_id],
    )
    for device, t_s, bpm, rr_ms, contact in cursor:
        yield HeartRateReading(
            device=device,
            t_s=float(t_s),
            bpm=int(bpm),
            rr_intervals_ms=tuple(float(rr) for rr in json.loads(rr_ms or "[]")),
            contact=None if contact is None else bool(contact),
        )


def device_address(db: Database, session_id: int, given: str | None) -> str | None:
    """The address of the device ``given`` by its address or its name (any case) in a
    session; ``given`` itself when the session has no such device."""
    if given is None or not has_table(db, "session_devices"):
        return given
    found = db.execute(
        "SELECT address FROM session_devices WHERE session_id = ? "
        "AND (address = ? OR lower(name) = lower(?)) ORDER BY address = ? DESC LIMIT 1",
        [session_id, given, given, given],
    ).fetchone()
    return given if found is None else str(found[0])


def has_heart_rate(db: Database, session_id: int, device: str | None = None) -> bool:
    """At least one reading with a heart rate (``db.figures.is_heart_rate``); of ``device``
    when given."""
    return has_table(db, "heart_rate") and _exists(
        db,
        f"SELECT 1 FROM heart_rate WHERE session_id = ? AND {is_heart_rate('')} "
        "AND (? IS NULL OR device = ?) LIMIT 1",
        [session_id, device, device],
    )


def has_rr_intervals(db: Database, session_id: int, device: str | None = None) -> bool:
    return has_table(db, "heart_rate") and _exists(
        db,
        "SELECT 1 FROM heart_rate WHERE session_id = ? AND rr_ms IS NOT NULL "
        "AND rr_ms != '[]' AND contact IS NOT 0 AND (? IS NULL OR device = ?) LIMIT 1",
        [session_id, device, device],
    )


def acc_devices(db: Database, session_id: int) -> list[str]:
    """The devices that recorded raw accelerometer chunks in a session, by name."""
    if not has_table(db, "stream_chunks"):
        return []
    rows = db.execute(
        "SELECT DISTINCT coalesce(device, '') FROM stream_chunks "
        "WHERE session_id = ? AND stream = 'acc' ORDER BY 1",
        [session_id],
    ).fetchall()
    return [str(row[0]) for row in rows]


def acc_chunks(db: Database, session_id: int, device: str) -> Iterator[StoredChunk]:
    """One device's raw accelerometer chunks in a session, in time order, read as needed."""
    cursor = db.execute(
        "SELECT t0_s, rate_hz, count, encoding, data FROM stream_chunks "
        "WHERE session_id = ? AND stream = 'acc' AND coalesce(device, '') = ? "
        "ORDER BY t0_s, id",
        [session_id, device],
    )
    for t0_s, rate_hz, count, encoding, data in cursor:
        yield StoredChunk(device, float(t0_s), float(rate_hz or 0.0), int(count), encoding, data)


def has_table(db: Database, name: str) -> bool:
    """Tables of a later schema are missing from a database not yet upgraded."""
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
    ).fetchone()
    return found is not None


def _exists(db: Database, sql: str, params: list[Any]) -> bool:
    return db.execute(sql, params).fetchone() is not None
