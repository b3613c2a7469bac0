"""A stored session as JSON: what ``lumbar log --json`` lists, what ``lumbar log show ID
--json`` prints and what the JSON export holds of each session (one shape, from the read
model). Times are UTC ISO text, durations seconds, ``hold_quality`` 0 to 1."""

from __future__ import annotations

from typing import Any

from db.read_model import SessionRow, StoredSession, StoredSet
from db.timestamps import iso


def row_json(row: SessionRow) -> dict[str, Any]:
    """One session as the log lists it."""
    return {
        "id": row.id,
        "kind": row.kind,
        "routine_id": row.routine_id,
        "routine_name": row.routine_name,
        "started_at": iso(row.started_at),
        "ended_at": None if row.ended_at is None else iso(row.ended_at),
        "duration_s": row.duration_s,
        "elapsed_s": round(row.elapsed_s, 3),
        "status": row.status,
        "sets_planned": row.sets_planned,
        "sets_done": row.sets_done,
        "sets_skipped": row.sets_skipped,
        "planned_s": row.planned_s,
        "pain_before": row.pain_before,
        "pain_after": row.pain_after,
        "avg_bpm": row.avg_bpm,
        "peak_bpm": row.peak_bpm,
        "has_motion": row.has_motion,
        "active_minutes": None if row.active_s is None else round(row.active_s / 60, 2),
        "note": row.note,
        "demo": row.demo,
    }


def session_json(session: StoredSession) -> dict[str, Any]:
    """One session whole: the row, the heart rate's source and figures, each set, the
    events as written, the devices, each device's heart rate and each stream."""
    summary = session.heart_rate_summary
    return {
        **row_json(session.row),
        "heart_rate_device": session.heart_rate_device,
        "heart_rate_summary": None
        if summary is None
        else {
            "readings": summary.readings,
            "min_bpm": summary.min_bpm,
            "avg_bpm": summary.avg_bpm,
            "peak_bpm": summary.peak_bpm,
            "first_t_s": summary.first_t_s,
            "last_t_s": summary.last_t_s,
        },
        "steps": [set_json(stored) for stored in session.sets],
        "events": [
            {
                "at": event.at,
                "t_s": event.t_s,
                "kind": event.kind,
                "step_index": event.step_index,
                "value": event.value,
                "detail": event.detail,
            }
            for event in session.events
        ],
        "devices": [
            {
                "address": device.address,
                "kind": device.kind,
                "name": device.name,
                "battery_percent": device.battery_percent,
            }
            for device in session.devices
        ],
        "heart_rate": [
            {
                "device": heart.device,
                "readings": heart.readings,
                "min_bpm": heart.min_bpm,
                "mean_bpm": heart.mean_bpm,
                "max_bpm": heart.max_bpm,
                "without_contact": heart.without_contact,
            }
            for heart in session.heart_rate
        ],
        "streams": [
            {
                "device": stream.device,
                "stream": stream.stream,
                "samples": stream.samples,
                "rate_hz": stream.rate_hz,
                "bytes": stream.bytes,
            }
            for stream in session.streams
        ],
    }


def set_json(stored: StoredSet) -> dict[str, Any]:
    return {
        "step_index": stored.step_index,
        "exercise_id": stored.exercise_id,
        "exercise_name": stored.exercise_name,
        "mode": stored.mode,
        "set_number": stored.set_number,
        "side": stored.side,
        "planned_sets": stored.planned_sets,
        "planned_reps": stored.planned_reps,
        "planned_hold_s": stored.planned_hold_s,
        "planned_duration_s": stored.planned_duration_s,
        "target_hold_s": stored.target_hold_s,
        "target_duration_s": stored.target_duration_s,
        "reps_done": stored.reps_done,
        "held_s": stored.held_s,
        "holds_s": list(stored.holds_s),
        "active_s": stored.active_s,
        "skipped": stored.skipped,
        "finished": stored.finished,
        "done": stored.done,
        "state": stored.state,
        "worked": stored.worked,
        "started_at": stored.started_at,
        "ended_at": stored.ended_at,
        "start_t_s": stored.start_t_s,
        "end_t_s": stored.end_t_s,
        "sensor": stored.sensor,
        "reps_sensed": stored.reps_sensed,
        "rep_times_s": list(stored.rep_times_s),
        "hold_breaks": stored.hold_breaks,
        "broken_s": stored.broken_s,
        "form_warnings": stored.form_warnings,
        "max_rock_deg": stored.max_rock_deg,
        "avg_bpm": stored.avg_bpm,
        "peak_bpm": stored.peak_bpm,
        "hold_quality": stored.hold_quality,
    }
