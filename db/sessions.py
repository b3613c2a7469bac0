"""Writing a session while it runs: buffered rows, one short transaction about every second.

The writer never loses what it was given: if a write fails (the disk is full, another
program holds a lock) the rows stay buffered and go with the next flush, and the failure
is raised as one ``DatabaseProblem`` line for the screen to show.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from db.connection import problem
from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from sqlite_utils import Database

SessionKind = Literal["routine", "recording"]
EndStatus = Literal["completed", "ended-early", "interrupted"]

STALE_AFTER_S = 120
"""A running session not written for this long belongs to a process that is gone."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass(frozen=True, slots=True)
class StepRow:
    """One work step as planned and as done; ``ended_s`` None while it is still going."""

    step_index: int
    exercise_id: str
    exercise_name: str
    mode: str
    set_number: int
    side: str | None
    planned_sets: int
    planned_reps: int | None
    planned_hold_s: int | None
    planned_duration_s: int | None
    reps_done: int
    holds_s: tuple[float, ...]
    active_s: float
    skipped: bool
    started_s: float
    ended_s: float | None


@dataclass(frozen=True, slots=True)
class EventRow:
    t_s: float
    kind: str
    step_index: int | None = None
    value: float | None = None
    detail: str | None = None


class SessionWriter:
    """Writes one session. ``t_s`` arguments are seconds since the session started."""

    def __init__(self, db: Database, session_id: int, started_at: datetime) -> None:
        self.db = db
        self.session_id = session_id
        self.started_at = started_at
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._steps: dict[int, StepRow] = {}
        self._discarded: set[int] = set()
        self._events: list[EventRow] = []
        self._session: dict[str, Any] = {}

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
        app_version: str = "",
    ) -> SessionWriter:
        """Create the session row now, so even a crash in the first second leaves a trace."""
        started = utc_now()
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
        with _translated(db), db.atomic():
            session_id = db.table("sessions").insert(row).last_pk
        assert isinstance(session_id, int)
        return cls(db, session_id, started)

    def at(self, t_s: float) -> str:
        return iso(self.started_at + timedelta(seconds=t_s))

    def step(self, row: StepRow) -> None:
        """A step finished (or, with ``ended_s`` None, how far the current one has got)."""
        with self._lock:
            self._steps[row.step_index] = row
            self._discarded.discard(row.step_index)

    def discard_step(self, step_index: int) -> None:
        """Forget an unfinished step (the person went back before finishing it)."""
        with self._lock:
            self._steps.pop(step_index, None)
            self._discarded.add(step_index)

    def event(self, event: EventRow) -> None:
        with self._lock:
            self._events.append(event)

    def update(self, **fields: Any) -> None:
        """Change session fields: pain_before, pain_after, note, status, ended_at."""
        with self._lock:
            self._session.update(fields)

    def finish(self, status: EndStatus, t_s: float) -> None:
        self.update(status=status, ended_at=self.at(t_s))
        self.flush()

    def flush(self) -> None:
        """Write everything buffered in one transaction. On failure nothing is lost."""
        with self._flushing:
            self._flush()

    def _flush(self) -> None:
        with self._lock:
            steps, self._steps = self._steps, {}
            discarded, self._discarded = self._discarded, set()
            events, self._events = self._events, []
            session, self._session = self._session, {}
        try:
            with _translated(self.db), self.db.atomic():
                self._write(steps, discarded, events, session)
        except DatabaseProblem:
            with self._lock:
                self._steps = {**steps, **self._steps}
                self._discarded |= discarded
                self._events = events + self._events
                self._session = {**session, **self._session}
            raise

    def _write(
        self,
        steps: dict[int, StepRow],
        discarded: set[int],
        events: list[EventRow],
        session: dict[str, Any],
    ) -> None:
        for index in discarded:
            self.db.execute(
                "DELETE FROM steps WHERE session_id = ? AND step_index = ? AND ended_at IS NULL",
                [self.session_id, index],
            )
        if steps:
            # Whole rows, so replace (not sqlite-utils' upsert, whose INSERT OR IGNORE first
            # step can silently drop a row on a NOT NULL column).
            self.db.table("steps").insert_all(
                [self._step_record(row) for row in steps.values()], replace=True
            )
        if events:
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
                for event in events
            )
        self.db.table("sessions").update(self.session_id, {**session, "updated_at": iso(utc_now())})

    def _step_record(self, row: StepRow) -> dict[str, Any]:
        record = asdict(row)
        started_s, ended_s = record.pop("started_s"), record.pop("ended_s")
        record.update(
            session_id=self.session_id,
            holds_s=json.dumps(list(row.holds_s)),
            held_s=round(sum(row.holds_s), 3),
            skipped=int(row.skipped),
            started_at=self.at(started_s),
            ended_at=None if ended_s is None else self.at(ended_s),
        )
        return record


@contextmanager
def _translated(db: Database) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as error:
        raise problem(Path(_filename(db)), error) from None


def _filename(db: Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else "the database"


def mark_interrupted(db: Database, now: datetime | None = None) -> list[int]:
    """Sessions left 'running' by a process that is gone become 'interrupted'.

    Returns their ids. A session of a lumbar still running (another terminal) is left alone.
    """
    moment = now or utc_now()
    host = socket.gethostname()
    found = []
    rows = db.execute(
        "SELECT id, pid, host, updated_at FROM sessions WHERE status = 'running'"
    ).fetchall()
    for session_id, pid, row_host, updated_at in rows:
        stale = (moment - parse_iso(updated_at)).total_seconds() > STALE_AFTER_S
        gone = row_host == host and not _alive(pid)
        if stale or gone:
            found.append(session_id)
    if found:
        with _translated(db), db.atomic():
            for session_id in found:
                db.execute(
                    "UPDATE sessions SET status = 'interrupted', ended_at = updated_at "
                    "WHERE id = ?",
                    [session_id],
                )
    return found


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
