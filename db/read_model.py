"""One stored session, typed: its row with figures, its sets, events, devices, heart rate and
streams, read the same way for every screen, command and export.

``session_rows`` reads the sessions of the log (the row and its figures: what a list needs);
``read_session`` reads one session whole. The figures (a set done, hold quality, "has
motion", whose heart rate it is) come from ``db.figures``. A file of an earlier schema
opened read-only (nothing migrated) reads too: what it lacks is empty or None.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.demo import has_demo_column, is_demos_own_file
from db.figures import (
    has_motion,
    hold_quality,
    is_heart_rate,
    session_exercised,
    set_done,
    set_ended_with_session,
    set_skipped,
    set_state,
    set_worked,
    sets_worked,
    source_figure,
    time_away,
)
from db.session_figures import time_in_sets
from db.stored_plan import read_plan
from db.timestamps import parse_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

    from catalog.plan import PlannedStep


@dataclass(frozen=True, slots=True)
class SessionRow:
    """A session's row with its figures: what the log lists."""

    id: int
    kind: str  # routine | recording
    routine_id: str | None
    routine_name: str | None
    started_at: datetime  # aware, UTC
    duration_s: int  # to the end, or to the last write of one that did not end; a resumed
    # session's leaves out its time away (its timeline, ``elapsed_s``, keeps it)
    status: str  # completed | ended-early | interrupted | running
    sets_planned: int | None
    sets_done: int
    sets_skipped: int
    pain_before: int | None
    pain_after: int | None
    avg_bpm: float | None  # of the heart-rate source (db.figures)
    peak_bpm: int | None
    has_motion: bool  # raw accelerometer was recorded
    note: str | None
    ended_at: datetime | None = None  # aware, UTC; the last write for a running session
    active_s: float | None = None  # seconds in the sets worked (db.session_figures.time_in_sets)
    planned_s: int | None = None
    resumes: int = 0  # times taken up again after an interruption (db.resume)
    demo: bool = False  # recorded by --demo (db.demo): not the person's own
    among_yours: bool = False  # a demo session in a file the person's sessions are or may be
    # in: the words that list it say "demo" (in the demo's own file every session is the demo's)
    started_utc: str = field(default="", compare=False, repr=False)  # as stored: the sort key
    sets_worked: int = 0  # done, or left part done (db.figures.set_worked)
    exercised: bool = False  # a routine session with a set worked (db.figures.session_exercised)

    @property
    def elapsed_s(self) -> float:
        """From the start to the end (or the last write), to the millisecond."""
        end = self.ended_at or self.started_at
        return max(0.0, (end - self.started_at).total_seconds())


@dataclass(frozen=True, slots=True)
class StoredSet:
    """One set as planned and as done, with what a wearable saw during it."""

    step_index: int
    exercise_id: str
    exercise_name: str | None
    mode: str  # hold | reps | timed
    set_number: int
    side: str | None  # left | right
    planned_sets: int | None
    planned_reps: int | None
    planned_hold_s: int | None
    planned_duration_s: int | None
    reps_done: int
    holds_s: tuple[float, ...]  # seconds truly held in each hold
    held_s: float
    active_s: float | None
    skipped: bool
    finished: bool  # it ended (not cut off by an interruption, nor still going)
    done: bool  # finished and not skipped: what "sets done" counts (db.figures.set_done)
    started_at: str | None
    ended_at: str | None
    start_t_s: float | None  # seconds since the session started
    end_t_s: float | None
    sensor: str | None = None  # the wearable that timed or counted it
    reps_sensed: int | None = None
    rep_times_s: tuple[float, ...] = ()
    hold_breaks: int | None = None
    broken_s: float | None = None  # seconds out of position while holding
    form_warnings: int | None = None
    max_rock_deg: float | None = None
    avg_bpm: float | None = None  # the heart-rate source during the set
    peak_bpm: int | None = None
    ended_with_session: bool = False
    """Left unfinished because the session was ended there (q), not skipped (n, s)."""
    worked: bool = False
    """Done, or left after some of it was done (db.figures.set_worked): its seconds are time
    in sets and it is a set of the exports."""
    state: str = ""
    """done | skipped | ended (the session was ended in it) | unfinished (db.figures.set_state)."""
    target_hold_s: int | None = None
    """The hold in force when the set ended: the planned one unless + or - changed it (the
    plan stays in ``planned_hold_s``); None where not known (``_in_force``)."""
    target_duration_s: int | None = None
    """The timer in force when the set ended, as ``target_hold_s``."""

    @property
    def name(self) -> str:
        return self.exercise_name or self.exercise_id

    @property
    def hold_quality(self) -> float | None:
        """Held / (held + broken) to three decimals, when a wearable watched the hold."""
        return hold_quality(self.held_s, self.broken_s)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    at: str
    t_s: float | None  # seconds since the session started
    kind: str  # pause, resume, pain, back, form-warning, hold-changed, ...
    step_index: int | None
    value: float | None
    detail: str | None


@dataclass(frozen=True, slots=True)
class StoredDevice:
    address: str
    kind: str | None
    name: str | None
    battery_percent: int | None


@dataclass(frozen=True, slots=True)
class DeviceHeartRate:
    """What one device recorded of the heart rate (0 bpm readings counted, not averaged)."""

    device: str | None
    readings: int
    min_bpm: int | None
    mean_bpm: float | None
    max_bpm: int | None
    without_contact: int = 0
    """Readings with no heart rate in them (no skin contact: ``db.figures.is_heart_rate``)."""


@dataclass(frozen=True, slots=True)
class StoredStream:
    device: str | None
    stream: str  # acc, ...
    samples: int
    rate_hz: float | None
    bytes: int


@dataclass(frozen=True, slots=True)
class HeartRateSummary:
    """The heart rate of the session's source over all its readings with a heart rate."""

    device: str | None
    readings: int
    min_bpm: int
    avg_bpm: float
    peak_bpm: int
    first_t_s: float
    last_t_s: float


@dataclass(frozen=True, slots=True)
class StoredSession:
    row: SessionRow
    sets: tuple[StoredSet, ...]  # in step order
    events: tuple[StoredEvent, ...]  # in the order written
    devices: tuple[StoredDevice, ...]  # by address
    heart_rate: tuple[DeviceHeartRate, ...]  # per device, by address
    streams: tuple[StoredStream, ...]  # per device and stream
    heart_rate_summary: HeartRateSummary | None  # of the source; None: no heart rate
    plan: tuple[PlannedStep, ...] | None = None
    """The steps it planned (a guided session's; None for a recording or an older file): the
    sets' and events' step indexes point into them."""

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def timeline(self) -> tuple[StoredEvent, ...]:
        """The events in time order (they are written in any order: a set's are noted when
        it is saved); at the same moment, in the order written."""
        return tuple(sorted(self.events, key=lambda event: event.t_s or 0.0))

    @property
    def heart_rate_device(self) -> str | None:
        """The device whose heart rate is the session's (db.figures.HEART_RATE_SOURCES)."""
        return None if self.heart_rate_summary is None else self.heart_rate_summary.device

    @property
    def elapsed_s(self) -> float:
        return self.row.elapsed_s

    def span_of(self, stored: StoredSet) -> tuple[float, float] | None:
        """When the set ran, in session seconds; a set cut off (the session interrupted, or
        still going) ran until the last write. None for a set without its times."""
        if stored.start_t_s is None:
            return None
        end = stored.end_t_s if stored.end_t_s is not None else self.elapsed_s
        return stored.start_t_s, max(stored.start_t_s, end)

    def device_name(self, address: str | None) -> str:
        """How a person knows a device: its name, or its kind, or its address."""
        for device in self.devices:
            if device.address == address:
                return device.name or device.kind or address
        return address or "unknown device"


# --- the log's rows -----------------------------------------------------------------------


def session_rows(
    db: Database,
    clause: str = "",
    params: list[Any] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[SessionRow]:
    """Sessions (``clause``: a WHERE on ``sessions s``) newest first, with their figures."""
    avg, peak, active = _figures(db)
    motion = has_motion("s.id") if _has_table(db, "stream_chunks") else "0"
    resumed = "resumes" in _columns(db, "sessions")
    resumes = "s.resumes" if resumed else "0"
    away = f"CASE WHEN s.resumes > 0 THEN {time_away('s')} ELSE 0 END" if resumed else "0"
    demo = "s.demo" if has_demo_column(db) else "0"
    # A demo session is marked where the person's sessions are, or may come: any file but
    # the demo's own (whose sessions are all the demo's, unless the person recorded there).
    yours = (
        "1" if not is_demos_own_file(db) else "EXISTS (SELECT 1 FROM sessions o WHERE o.demo = 0)"
    )
    yours = yours if demo != "0" else "0"
    sql = f"""
        SELECT s.id, s.kind, s.routine_id, s.routine_name, s.started_at,
               coalesce(s.ended_at, s.updated_at, s.started_at), s.status, s.planned_sets,
               (SELECT count(*) FROM steps st WHERE st.session_id = s.id AND {set_done("st")}),
               (SELECT count(*) FROM steps st WHERE st.session_id = s.id AND {set_skipped("st")}),
               s.pain_before, s.pain_after, {avg}, {peak}, {motion}, s.note, {active},
               s.planned_s, {resumes}, {away}, {demo}, {demo} AND {yours},
               {sets_worked("s.id")}, {session_exercised("s")}
        FROM sessions s{clause}
        ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?"""
    values = [*(params or []), -1 if limit is None else limit, offset]
    return [_session_row(row) for row in db.execute(sql, values).fetchall()]


def session_row(db: Database, session_id: int) -> SessionRow | None:
    found = session_rows(db, " WHERE s.id = ?", [session_id], limit=1)
    return found[0] if found else None


def _figures(db: Database) -> tuple[str, str, str]:
    """SQL for avg_bpm, peak_bpm, active_s: the row's own columns (kept by the writer once a
    session ends), or, for a running session or a file from before they existed, worked out
    from the rows the same way (active_s: ``db.session_figures.time_in_sets``)."""
    avg = source_figure("round(avg(h.bpm), 1)", "s.id")
    peak = source_figure("max(h.bpm)", "s.id")
    active = time_in_sets(db)
    if not _has_table(db, "heart_rate"):
        avg = peak = "NULL"
    if "avg_bpm" not in _columns(db, "sessions"):
        return avg, peak, active
    running = "s.status = 'running'"
    return (
        f"CASE WHEN {running} THEN {avg} ELSE s.avg_bpm END",
        f"CASE WHEN {running} THEN {peak} ELSE s.peak_bpm END",
        active,
    )


def _session_row(row: tuple[Any, ...]) -> SessionRow:
    (sid, kind, routine_id, routine_name, started, ended, status, planned, done, skipped) = row[:10]
    pain_before, pain_after, avg_bpm, peak_bpm, motion, note, active_s, planned_s = row[10:18]
    resumes, away_s, demo, among_yours, worked, exercised = row[18:24]
    started_at = parse_iso(started)
    ended_at = parse_iso(ended)
    # Resumed "as if it never stopped": how long it took leaves out the time away (its
    # timeline, ``elapsed_s``, keeps it, as the session's seconds do).
    took_s = (ended_at - started_at).total_seconds() - (away_s or 0.0)
    return SessionRow(
        id=sid,
        kind=kind,
        routine_id=routine_id,
        routine_name=routine_name,
        started_at=started_at,
        duration_s=max(0, round(took_s)),
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
        resumes=resumes,
        demo=bool(demo),
        among_yours=bool(among_yours),
        started_utc=started,
        sets_worked=worked,
        exercised=bool(exercised),
    )


# --- one session whole ----------------------------------------------------------------------


def read_session(db: Database, session_id: int) -> StoredSession | None:
    """The session whole, or None when there is no such session."""
    row = session_row(db, session_id)
    if row is None:
        return None
    recorded = _has_table(db, "heart_rate")
    summary = heart_rate_summary(db, session_id) if recorded else None
    return StoredSession(
        row=row,
        sets=read_sets(db, session_id, heart_rate=summary),
        events=_events(db, session_id),
        devices=_devices(db, session_id),
        heart_rate=_device_heart_rates(db, session_id) if recorded else (),
        streams=_streams(db, session_id),
        heart_rate_summary=summary,
        plan=_plan(db, session_id),
    )


def read_sets(
    db: Database, session_id: int, *, heart_rate: HeartRateSummary | None = None
) -> tuple[StoredSet, ...]:
    """The session's sets in step order. A set's heart rate is that of the session's source
    (``heart_rate``) during it; without its readings there, what the live session noted."""
    timing = ""
    if "start_t_s" not in _columns(db, "steps"):  # a file from before sets kept them
        timing = "".join(
            f", (julianday(st.{column}) - julianday(s.started_at)) * 86400.0 AS {name}"
            for column, name in (("started_at", "start_t_s"), ("ended_at", "end_t_s"))
        )
    cursor = db.execute(
        f"SELECT st.*, {set_done('st')} AS done_, "
        f"{set_ended_with_session('st')} AS ended_with_, {set_worked('st')} AS worked_, "
        f"{set_state('st')} AS state_{timing} "
        "FROM steps st "
        "JOIN sessions s ON s.id = st.session_id "
        "WHERE st.session_id = ? ORDER BY st.step_index",
        [session_id],
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    heart = {} if heart_rate is None else _set_heart_rates(db, session_id, heart_rate.device)
    return tuple(_stored_set(row, heart.get(row["step_index"])) for row in rows)


def _stored_set(row: dict[str, Any], heart: tuple[float, int] | None) -> StoredSet:
    avg_bpm, peak_bpm = heart if heart is not None else (row.get("avg_bpm"), row.get("peak_bpm"))
    return StoredSet(
        step_index=row["step_index"],
        exercise_id=row["exercise_id"],
        exercise_name=row["exercise_name"],
        mode=row["mode"] or "reps",
        set_number=row["set_number"],
        side=row["side"],
        planned_sets=row["planned_sets"],
        planned_reps=row["planned_reps"],
        planned_hold_s=row["planned_hold_s"],
        planned_duration_s=row["planned_duration_s"],
        reps_done=row["reps_done"] or 0,
        holds_s=tuple(float(h) for h in json.loads(row["holds_s"] or "[]")),
        held_s=float(row["held_s"] or 0.0),
        active_s=row["active_s"],
        skipped=bool(row["skipped"]),
        finished=row["ended_at"] is not None,
        done=bool(row["done_"]),
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        start_t_s=row.get("start_t_s"),
        end_t_s=row.get("end_t_s"),
        sensor=row.get("sensor"),
        reps_sensed=row.get("reps_sensed"),
        rep_times_s=tuple(float(t) for t in json.loads(row.get("rep_times_s") or "[]")),
        hold_breaks=row.get("hold_breaks"),
        broken_s=row.get("broken_s"),
        form_warnings=row.get("form_warnings"),
        max_rock_deg=row.get("max_rock_deg"),
        avg_bpm=avg_bpm,
        peak_bpm=peak_bpm,
        ended_with_session=bool(row.get("ended_with_")),
        worked=bool(row["worked_"]),
        state=row["state_"],
        target_hold_s=_in_force(row, "target_hold_s", "planned_hold_s"),
        target_duration_s=_in_force(row, "target_duration_s", "planned_duration_s"),
    )


def _in_force(row: dict[str, Any], target: str, planned: str) -> int | None:
    """The target in force: the planned one where the set kept none (not changed); None
    where it is not known (a file from before targets were kept, opened read-only: its
    changes are in its events until it is migrated), so the set reads as planned."""
    if target not in row:
        return None
    found = row[target]
    return row[planned] if found is None else int(found)


def _set_heart_rates(
    db: Database, session_id: int, device: str | None
) -> dict[int, tuple[float, int]]:
    """Per step index, (average, peak) bpm of ``device``'s readings during that set."""
    if "start_t_s" not in _columns(db, "steps"):
        return {}
    rows = db.execute(
        "SELECT st.step_index, round(avg(h.bpm), 1), max(h.bpm) FROM steps st "
        "JOIN heart_rate h ON h.session_id = st.session_id "
        "AND h.t_s >= st.start_t_s AND h.t_s <= st.end_t_s "
        f"WHERE st.session_id = ? AND h.device IS ? AND {is_heart_rate('h')} "
        "GROUP BY st.step_index",
        [session_id, device],
    ).fetchall()
    return {index: (avg, peak) for index, avg, peak in rows}


def _plan(db: Database, session_id: int) -> tuple[PlannedStep, ...] | None:
    if "plan" not in _columns(db, "sessions"):
        return None
    found = db.execute("SELECT plan FROM sessions WHERE id = ?", [session_id]).fetchone()
    return None if found is None else read_plan(found[0])


def _events(db: Database, session_id: int) -> tuple[StoredEvent, ...]:
    rows = db.execute(
        "SELECT at, t_s, kind, step_index, value, detail FROM events "
        "WHERE session_id = ? ORDER BY id",
        [session_id],
    ).fetchall()
    return tuple(StoredEvent(*row) for row in rows)


def _devices(db: Database, session_id: int) -> tuple[StoredDevice, ...]:
    if not _has_table(db, "session_devices"):
        return ()
    rows = db.execute(
        "SELECT address, kind, name, battery_percent FROM session_devices "
        "WHERE session_id = ? ORDER BY address",
        [session_id],
    ).fetchall()
    return tuple(StoredDevice(*row) for row in rows)


def _device_heart_rates(db: Database, session_id: int) -> tuple[DeviceHeartRate, ...]:
    bpm = f"CASE WHEN {is_heart_rate('')} THEN bpm END"  # each reading counts, as recorded
    rows = db.execute(
        f"SELECT device, count(*), min({bpm}), round(avg({bpm}), 1), max({bpm}), "
        f"count(*) - count({bpm}) "
        "FROM heart_rate WHERE session_id = ? GROUP BY device ORDER BY device",
        [session_id],
    ).fetchall()
    return tuple(DeviceHeartRate(*row) for row in rows)


def _streams(db: Database, session_id: int) -> tuple[StoredStream, ...]:
    if not _has_table(db, "stream_chunks"):
        return ()
    rows = db.execute(
        "SELECT device, stream, sum(count), max(rate_hz), sum(length(data)) FROM stream_chunks "
        "WHERE session_id = ? GROUP BY device, stream ORDER BY device, stream",
        [session_id],
    ).fetchall()
    return tuple(StoredStream(*row) for row in rows)


def heart_rate_summary(db: Database, session_id: int) -> HeartRateSummary | None:
    """The heart rate of the session's source (None: no reading with a heart rate)."""
    if not _has_table(db, "heart_rate"):
        return None
    figures = (
        "json_array(h.device, count(*), min(h.bpm), round(avg(h.bpm), 1), max(h.bpm), "
        "min(h.t_s), max(h.t_s))"
    )
    found = db.execute(f"SELECT {source_figure(figures, '?')}", [session_id]).fetchone()[0]
    if found is None:
        return None
    device, readings, low, mean, peak, first, last = json.loads(found)
    return HeartRateSummary(device, readings, low, float(mean), peak, float(first), float(last))


def heart_rate_device(db: Database, session_id: int, *, rr: bool = False) -> str | None:
    """The address of the session's heart-rate (or, with ``rr``, RR) source."""
    if not _has_table(db, "heart_rate"):
        return None
    found: str | None = db.execute(
        f"SELECT {source_figure('h.device', '?', rr=rr)}", [session_id]
    ).fetchone()[0]
    return found


def heart_rate_series(
    db: Database, session_id: int, *, max_points: int | None = None
) -> list[tuple[float, int]]:
    """(t_s, bpm) of the session's heart-rate source in time order; thinned evenly to at
    most ``max_points``, keeping each stretch's lowest and highest reading so peaks survive."""
    device = heart_rate_device(db, session_id)
    if device is None and not _has_device_less_readings(db, session_id):
        return []
    series: list[tuple[float, int]] = db.execute(
        "SELECT t_s, bpm FROM heart_rate WHERE session_id = ? AND device IS ? "
        f"AND {is_heart_rate('')} ORDER BY t_s",
        [session_id, device],
    ).fetchall()
    if max_points is None or len(series) <= max_points:
        return series
    return thin(series, max_points)


def _has_device_less_readings(db: Database, session_id: int) -> bool:
    """Readings stored without a device name (the source is then NULL, and still a source)."""
    if not _has_table(db, "heart_rate"):
        return False
    found = db.execute(
        "SELECT 1 FROM heart_rate WHERE session_id = ? AND device IS NULL "
        f"AND {is_heart_rate('')} LIMIT 1",
        [session_id],
    ).fetchone()
    return found is not None


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


def _has_table(db: Database, name: str) -> bool:
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
    ).fetchone()
    return found is not None


def _columns(db: Database, table: str) -> set[str]:
    return {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})").fetchall()}
