"""Writing a session while it runs: buffered rows, one short transaction about every second.

The writer never loses what it was given: if a write fails (the disk is full, another
program holds a lock) the rows stay buffered and go with the next flush, and the failure
is raised as one ``DatabaseProblem`` line for the screen to show.

The rows it takes are ``db.session_rows``'s, its times ``db.timestamps``'s and its
transactions ``db.transactions``'; the rule for sessions whose writer is gone is
``db.interrupted``'s. Those names are also importable from here, as callers have long done.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from db.clock import utc_now
from db.errors import DatabaseProblem
from db.interrupted import (
    PID_START_SLACK_S,
    STALE_AFTER_S,
    mark_interrupted,
    writer_can_finish,
)
from db.kept_aside import SESSION_FIELDS, SessionKey
from db.session_figures import fill_session_figures
from db.session_rows import (
    ChunkRow,
    CollectedRows,
    DeviceRow,
    EndStatus,
    EventRow,
    HeartRateRow,
    RecordingRows,
    Row,
    SessionKind,
    SessionUpdate,
    StepDiscarded,
    StepRow,
    StepSensing,
)
from db.timestamps import iso, parse_iso
from db.transactions import writing

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "PID_START_SLACK_S",
    "STALE_AFTER_S",
    "ChunkRow",
    "CollectedRows",
    "DeviceRow",
    "EndStatus",
    "EventRow",
    "HeartRateRow",
    "RecordingRows",
    "Row",
    "SessionKind",
    "SessionUpdate",
    "SessionWriter",
    "StepDiscarded",
    "StepRow",
    "StepSensing",
    "fill_session_figures",
    "iso",
    "mark_interrupted",
    "parse_iso",
    "utc_now",
    "writer_can_finish",
    "writing",
]


@dataclass
class _Pending:
    """Rows waiting for the next flush."""

    steps: dict[int, StepRow] = field(default_factory=dict)
    discarded: set[int] = field(default_factory=set)
    events: list[EventRow] = field(default_factory=list)
    session: dict[str, Any] = field(default_factory=dict)
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    heart_rate: list[dict[str, Any]] = field(default_factory=list)
    chunks: list[dict[str, Any]] = field(default_factory=list)

    def put_back(self, newer: _Pending) -> _Pending:
        """These rows (a failed flush) followed by what came since: a step written or
        discarded since is as it was left last (a set gone back from while the flush failed
        must not come back)."""
        return _Pending(
            steps={
                **{i: row for i, row in self.steps.items() if i not in newer.discarded},
                **newer.steps,
            },
            discarded=(self.discarded - newer.steps.keys()) | newer.discarded,
            events=self.events + newer.events,
            session={**self.session, **newer.session},
            devices={**self.devices, **newer.devices},
            heart_rate=self.heart_rate + newer.heart_rate,
            chunks=self.chunks + newer.chunks,
        )


class SessionWriter(RecordingRows):
    """Writes one session. ``t_s`` arguments are seconds since the session started.

    ``write`` takes rows (``Row``); every method only buffers (cheap, thread-safe) and
    ``flush`` writes. A wearable recording's rows come in as the recording sink's calls.
    """

    def __init__(self, db: Database, session_id: int, started_at: datetime) -> None:
        self.db = db
        self.session_id = session_id
        self.started_at = started_at
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._pending = _Pending()

    @classmethod
    def start(
        cls,
        db: Database,
        *,
        kind: SessionKind,
        routine_id: str | None = None,
        routine_name: str | None = None,
        planned_sets: int | None = None,
        planned_s: int | None = None,
        pain_before: int | None = None,
        plan: str | None = None,
        app_version: str = "",
        started_at: datetime | None = None,
    ) -> SessionWriter:
        """Create the session row now, so even a crash in the first second leaves a trace.

        ``plan``: the planned steps as JSON (``db.resume``), so that the session can be taken
        up again after an interruption. ``started_at`` (default now) lets a session recorded
        elsewhere be written."""
        started = started_at or utc_now()
        row = {
            "kind": kind,
            "routine_id": routine_id,
            "routine_name": routine_name,
            "started_at": iso(started),
            "updated_at": iso(started),
            "status": "running",
            "pain_before": pain_before,
            "planned_sets": planned_sets,
            "planned_s": planned_s,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "app_version": app_version,
        }
        if plan is not None:  # a later column: a file of an older lumbar has none
            row["plan"] = plan
        with writing(db):
            session_id = db.table("sessions").insert(row).last_pk
        assert isinstance(session_id, int)
        return cls(db, session_id, started)

    @classmethod
    def resume(
        cls, db: Database, session_id: int, step_index: int, now: datetime | None = None
    ) -> SessionWriter:
        """Take up an interrupted session again in this process, from ``step_index``: it is
        running once more, with a 'resumed' event; its sets, events and pain before are
        kept, and the steps done from now on are added to them. Raises DatabaseProblem when
        it is no longer interrupted (another lumbar took it up first)."""
        moment = now or utc_now()
        with writing(db):
            found = db.execute(
                "SELECT started_at FROM sessions WHERE id = ? AND status = 'interrupted'",
                [session_id],
            ).fetchone()
            if found is None:
                raise DatabaseProblem(
                    f"session {session_id} can no longer be resumed: it is running or was "
                    "resumed elsewhere"
                )
            started = parse_iso(found[0])
            db.execute(
                "UPDATE sessions SET status = 'running', ended_at = NULL, updated_at = ?, "
                "pid = ?, host = ?, resumes = resumes + 1, avg_bpm = NULL, peak_bpm = NULL, "
                "active_s = NULL WHERE id = ?",
                [iso(moment), os.getpid(), socket.gethostname(), session_id],
            )
            db.table("events").insert(
                {
                    "session_id": session_id,
                    "at": iso(moment),
                    "t_s": round((moment - started).total_seconds(), 3),
                    "kind": "resumed",
                    "step_index": step_index,
                }
            )
        return cls(db, session_id, started)

    @property
    def key(self) -> SessionKey:
        """The session as another copy of its file knows it (``db.kept_aside``)."""
        return SessionKey(self.session_id, iso(self.started_at))

    def answers_held(self) -> dict[str, Any]:
        """The person's answers after the session (pain after, note) not written yet."""
        with self._lock:
            held = dict(self._pending.session)
        return {name: held[name] for name in SESSION_FIELDS if name in held}

    def at(self, t_s: float) -> str:
        return iso(self.started_at + timedelta(seconds=t_s))

    def write(self, rows: Iterable[Row]) -> None:
        for row in rows:
            match row:
                case StepRow():
                    self.step(row)
                case StepDiscarded():
                    self.discard_step(row.step_index)
                case EventRow():
                    self.event(row)
                case SessionUpdate():
                    self._update(row)
                case DeviceRow():
                    self._device(row)
                case HeartRateRow():
                    self._heart_rate(row)
                case ChunkRow():
                    self._chunk(row)

    def _update(self, row: SessionUpdate) -> None:
        fields: dict[str, Any] = {"pain_after": row.pain_after, "note": row.note}
        fields = {name: value for name, value in fields.items() if value is not None}
        if row.status is not None:
            fields["status"] = row.status
        if row.ended_t_s is not None:
            fields["ended_at"] = self.at(row.ended_t_s)
        if fields:
            self.update(**fields)

    def step(self, row: StepRow) -> None:
        """A step finished (or, with ``ended_s`` None, how far the current one has got)."""
        with self._lock:
            self._pending.steps[row.step_index] = row
            self._pending.discarded.discard(row.step_index)

    def discard_step(self, step_index: int) -> None:
        """Forget an unfinished step (the person went back before finishing it)."""
        with self._lock:
            self._pending.steps.pop(step_index, None)
            self._pending.discarded.add(step_index)

    def event(self, event: EventRow) -> None:
        with self._lock:
            self._pending.events.append(event)

    def update(self, **fields: Any) -> None:
        """Change session fields: pain_before, pain_after, note, status, ended_at."""
        with self._lock:
            self._pending.session.update(fields)

    def _device(self, row: DeviceRow) -> None:
        with self._lock:
            self._pending.devices[row.address] = {
                "session_id": self.session_id,
                "address": row.address,
                "kind": row.kind,
                "name": row.name,
                "battery_percent": row.battery_percent,
            }

    def _heart_rate(self, row: HeartRateRow) -> None:
        with self._lock:
            self._pending.heart_rate.append(
                {
                    "session_id": self.session_id,
                    "device": row.device,
                    "t_s": round(row.t_s, 4),
                    "bpm": row.bpm,
                    "rr_ms": json.dumps([round(rr, 1) for rr in row.rr_intervals_ms]),
                    "contact": None if row.contact is None else int(row.contact),
                }
            )

    def _chunk(self, row: ChunkRow) -> None:
        with self._lock:
            self._pending.chunks.append(
                {
                    "session_id": self.session_id,
                    "device": row.device,
                    "stream": row.stream,
                    "t0_s": row.t0_s,
                    "rate_hz": row.rate_hz,
                    "count": row.count,
                    "encoding": row.encoding,
                    "data": row.data,
                }
            )

    def finish(self, status: EndStatus, t_s: float) -> None:
        self.update(status=status, ended_at=self.at(t_s))
        self.flush()

    def flush(self) -> None:
        """Write everything buffered in one transaction. On failure nothing is lost."""
        with self._flushing:
            with self._lock:
                pending, self._pending = self._pending, _Pending()
            try:
                # Running already: damage a read found elsewhere does not stop it.
                with writing(self.db, session_open=True):
                    self._write(pending)
            except DatabaseProblem:
                with self._lock:
                    self._pending = pending.put_back(self._pending)
                raise

    def _write(self, pending: _Pending) -> None:
        for index in pending.discarded:
            self.db.execute(
                "DELETE FROM steps WHERE session_id = ? AND step_index = ? AND ended_at IS NULL",
                [self.session_id, index],
            )
        if pending.steps:
            # Whole rows, so replace (not sqlite-utils' upsert, whose INSERT OR IGNORE first
            # step can silently drop a row on a NOT NULL column).
            self.db.table("steps").insert_all(
                [self._step_record(row) for row in pending.steps.values()], replace=True
            )
        if pending.events:
            self.db.table("events").insert_all(
                {
                    "session_id": self.session_id,
                    "at": self.at(event.t_s),
                    "t_s": round(event.t_s, 3),
                    "kind": event.kind,
                    "step_index": event.step_index,
                    "value": event.value,
                    "detail": event.detail,
                }
                for event in pending.events
            )
        if pending.devices:
            self.db.table("session_devices").insert_all(pending.devices.values(), replace=True)
        if pending.heart_rate:
            self.db.table("heart_rate").insert_all(pending.heart_rate)
        if pending.chunks:
            self.db.table("stream_chunks").insert_all(pending.chunks)
        self.db.table("sessions").update(
            self.session_id, {**pending.session, "updated_at": iso(utc_now())}
        )
        fill_session_figures(self.db, [self.session_id])  # once it has ended

    def _step_record(self, row: StepRow) -> dict[str, Any]:
        record = asdict(row)
        for target in ("target_hold_s", "target_duration_s"):  # None: as planned
            if record[target] is None:
                del record[target]
        started_s, ended_s = record.pop("started_s"), record.pop("ended_s")
        sensing = record.pop("sensing")
        if sensing is not None:
            record.update(sensing, rep_times_s=json.dumps(list(sensing["rep_times_s"])))
        record.update(
            start_t_s=round(started_s, 3),
            end_t_s=None if ended_s is None else round(ended_s, 3),
            session_id=self.session_id,
            holds_s=json.dumps(list(row.holds_s)),
            held_s=round(sum(row.holds_s), 3),
            skipped=int(row.skipped),
            started_at=self.at(started_s),
            ended_at=None if ended_s is None else self.at(ended_s),
        )
        return record
