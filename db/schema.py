"""The database's tables, created and changed only by numbered migrations.

``PRAGMA user_version`` holds the number of migrations applied. A database from an older
lumbar is brought up to date in place; one from a newer lumbar is refused, untouched.
Tables are meant to be read by people with ``sqlite3`` or Datasette: plain columns, ISO
times in UTC, seconds and counts in columns named for their unit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

Migration = Callable[["Database"], None]


def _sessions_steps_events(db: Database) -> None:
    db.table("sessions").create(
        {
            "id": int,
            "kind": str,  # routine | recording
            "routine_id": str,
            "routine_name": str,
            "started_at": str,
            "ended_at": str,
            "updated_at": str,  # the last write while it ran: how far an interrupted one got
            "status": str,  # running | completed | ended-early | interrupted
            "pain_before": int,
            "pain_after": int,
            "note": str,
            "planned_sets": int,
            "planned_s": int,
            "pid": int,
            "host": str,
            "app_version": str,
        },
        pk="id",
        not_null=["kind", "started_at", "status"],
    )
    db.table("steps").create(
        {
            "session_id": int,
            "step_index": int,
            "exercise_id": str,
            "exercise_name": str,
            "mode": str,  # hold | reps | timed
            "set_number": int,
            "side": str,
            "planned_sets": int,
            "planned_reps": int,
            "planned_hold_s": int,
            "planned_duration_s": int,
            "reps_done": int,
            "held_s": float,
            "holds_s": str,  # JSON list: seconds truly held in each hold
            "active_s": float,
            "skipped": int,
            "started_at": str,
            "ended_at": str,
        },
        pk=("session_id", "step_index"),
        foreign_keys=[("session_id", "sessions", "id")],
        not_null=["exercise_id", "set_number", "skipped"],
    )
    db.table("events").create(
        {
            "id": int,
            "session_id": int,
            "at": str,
            "t_s": float,  # seconds since the session started
            "kind": str,  # pause, resume, pain, back, skip-exercise, hold-changed, ...
            "step_index": int,
            "value": float,
            "detail": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null=["session_id", "at", "kind"],
    )
    db.table("steps").create_index(["exercise_id"])
    db.table("events").create_index(["session_id"])
    db.table("sessions").create_index(["routine_id", "started_at"])
    db.table("sessions").create_index(["started_at"])


def _sensor_streams(db: Database) -> None:
    """Room for what wearables record: devices per session, heart rate, raw streams."""
    db.table("session_devices").create(
        {
            "session_id": int,
            "address": str,
            "kind": str,
            "name": str,
            "battery_percent": int,
        },
        pk=("session_id", "address"),
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("heart_rate").create(
        {
            "session_id": int,
            "device": str,
            "t_s": float,  # seconds since the session started
            "bpm": int,
            "rr_ms": str,  # JSON list of RR intervals in milliseconds
            "contact": int,
        },
        foreign_keys=[("session_id", "sessions", "id")],
        not_null=["session_id", "t_s", "bpm"],
    )
    db.table("heart_rate").create_index(["session_id", "t_s"])
    db.table("stream_chunks").create(
        {
            "id": int,
            "session_id": int,
            "device": str,
            "stream": str,  # acc, ...
            "t0_s": float,  # first sample, seconds since the session started
            "rate_hz": float,
            "count": int,
            "encoding": str,
            "data": bytes,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null=["session_id", "stream", "t0_s", "count", "encoding", "data"],
    )
    db.table("stream_chunks").create_index(["session_id", "stream", "t0_s"])


def _step_timing_and_sensing(db: Database) -> None:
    """Per set: when it ran in session seconds, and what a wearable saw during it."""
    steps = db.table("steps")
    steps.add_column("start_t_s", float)  # seconds since the session started
    steps.add_column("end_t_s", float)
    steps.add_column("sensor", str)  # address of the wearable that timed or counted it
    steps.add_column("reps_sensed", int)  # reps the wearable counted (keys may correct)
    steps.add_column("rep_times_s", str)  # JSON list: session seconds of each sensed rep
    steps.add_column("hold_breaks", int)  # times a hold was left before its time was up
    steps.add_column("broken_s", float)  # seconds out of position while holding
    steps.add_column("form_warnings", int)
    steps.add_column("max_rock_deg", float)  # largest trunk rocking/rotation in the set
    steps.add_column("avg_bpm", float)
    steps.add_column("peak_bpm", int)
    db.execute(
        """UPDATE steps SET
             start_t_s = (julianday(started_at) - julianday(
                 (SELECT started_at FROM sessions WHERE id = steps.session_id))) * 86400.0,
             end_t_s = (julianday(ended_at) - julianday(
                 (SELECT started_at FROM sessions WHERE id = steps.session_id))) * 86400.0"""
    )


MIGRATIONS: tuple[Migration, ...] = (
    _sessions_steps_events,
    _sensor_streams,
    _step_timing_and_sensing,
)
"""Append only: a released migration is never edited, a new one is added."""
