"""A session as a FIT activity file, encoded by Garmin's own FIT SDK (``garmin_fit_sdk``).

What Garmin Connect, Strava and GoldenCheetah expect of an activity: file_id (activity), the
creator's device_info, timer start and stop events, a record per second of heart rate, hrv
messages with every RR interval, a lap per exercise, a set message per set worked with a
rest set between two (its exercise in Garmin's names, ``fit_exercises``), one session (sport
training, sub-sport strength or flexibility training; generic for a recording) and one
activity. A session
without heart rate (no strap) is the same activity without it: no heart-rate figures, and in
place of the heart-rate records one at each lap's start and one at the end, each with its
time and a distance of 0 (a record holds a value besides its time; the TCX's laps say 0 m).

A lap has no name field in FIT's profile: as a device that followed a workout does, the
file holds a workout (named after the routine) with a workout step per exercise
(``wkt_step_name``), and each lap points at its exercise's step (``wkt_step_index``).

Heart rate is the record's heart-rate device (the session's source, ``db.figures``), RR the
record's RR device; averages follow ``db.figures.mean_bpm`` and ``whole``, as the app shows them.

FIT times are whole seconds: each reading's time is rounded to its second, and when two
readings fall in the same second the record keeps the later (their RR intervals all go into
the hrv messages). Durations keep the millisecond. Timer time leaves out the session's
pauses, each a timer stop and start event at its second, as a device pausing does. The note
and pain reports stay out.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from garmin_fit_sdk import FIT_EPOCH_S, Encoder, Profile

from db.export.activity import Lap, heart_rate_channel, laps
from db.export.fit_exercises import garmin_exercise
from db.export.reading import HeartRateReading, SessionRecord
from db.figures import mean_bpm, whole
from db.pause_spans import stopped_spans

RR_PER_HRV_MESSAGE = 5
"""As Garmin's own devices write them."""
FLEXIBILITY_SHARE = 0.5
"""A routine whose sets are more than this share stretches or mobility is flexibility training."""

_MESG = Profile["mesg_num"]


def fit_file(
    record: SessionRecord,
    *,
    flexibility_exercises: frozenset[str] = frozenset(),
    tz: tzinfo | None = None,
) -> bytes:
    """The activity's bytes (of a session without heart rate too: no heart-rate figures).

    ``flexibility_exercises``: ids of stretching and mobility exercises (from the catalog),
    to tell flexibility from strength training. ``tz``: the local zone for the activity's
    local time (default: this machine's).
    """
    channel = heart_rate_channel(record)
    start = _fit_time(record.started_at)
    ended_at = record.started_at + timedelta(seconds=record.duration_s)
    end = _fit_time(ended_at)
    sub_sport = training_sub_sport(record, flexibility_exercises)
    encoder = Encoder()
    write = encoder.write_mesg
    write(
        {
            "mesg_num": _MESG["FILE_ID"],
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "time_created": start,
            "product_name": "lumbar",
        }
    )
    write(
        {
            "mesg_num": _MESG["DEVICE_INFO"],
            "timestamp": start,
            "device_index": "creator",
            "manufacturer": "development",
            "product": 0,
            "product_name": "lumbar",
        }
    )
    session_laps = laps(record.session.sets, record.duration_s, channel)
    steps = _workout_steps(session_laps)
    if steps:
        write(
            {
                "mesg_num": _MESG["WORKOUT"],
                "wkt_name": record.session.row.routine_name or record.session.row.routine_id,
                "sport": "training",
                "sub_sport": sub_sport,
                "num_valid_steps": len(steps),
            }
        )
        for index, name in enumerate(steps.values()):
            write(
                {
                    "mesg_num": _MESG["WORKOUT_STEP"],
                    "message_index": index,
                    "wkt_step_name": name,
                    "duration_type": "open",
                    "intensity": "active",
                }
            )
    write({"mesg_num": _MESG["EVENT"], "timestamp": start, "event": "timer", "event_type": "start"})
    paused = _paused(record)
    timer = [
        (_fit_time(record.started_at + timedelta(seconds=t_s)), kind)
        for span in paused
        for t_s, kind in zip(span, ("stop_all", "start"), strict=True)
        if t_s < record.duration_s
    ]
    marks: set[int] = set()
    if not channel:  # no heart rate: a record at each lap's start and at the end instead
        marks = {
            _fit_time(record.started_at + timedelta(seconds=lap.start_s)) for lap in session_laps
        }
        marks.add(end)
    for timestamp, bpm, rr_ms in _per_second(record, channel, marks):
        while timer and timer[0][0] <= timestamp:
            at, kind = timer.pop(0)
            write(
                {"mesg_num": _MESG["EVENT"], "timestamp": at, "event": "timer", "event_type": kind}
            )
        if bpm is not None:
            write(
                {"mesg_num": _MESG["RECORD"], "timestamp": timestamp, "heart_rate": min(bpm, 254)}
            )
        elif timestamp in marks:
            write({"mesg_num": _MESG["RECORD"], "timestamp": timestamp, "distance": 0.0})
        for first in range(0, len(rr_ms), RR_PER_HRV_MESSAGE):
            part = rr_ms[first : first + RR_PER_HRV_MESSAGE]
            write({"mesg_num": _MESG["HRV"], "time": [rr / 1000.0 for rr in part]})
    for at, kind in timer:
        write({"mesg_num": _MESG["EVENT"], "timestamp": at, "event": "timer", "event_type": kind})
    write(
        {"mesg_num": _MESG["EVENT"], "timestamp": end, "event": "timer", "event_type": "stop_all"}
    )
    timer_s = record.duration_s - _paused_within(paused, 0.0, record.duration_s)
    step_of = {exercise: index for index, exercise in enumerate(steps)}
    for index, lap in enumerate(session_laps):
        last = index == len(session_laps) - 1
        write(
            _lap(
                record,
                lap,
                index,
                sub_sport,
                last=last,
                step=step_of.get(lap.exercise_id or ""),
                timer_s=lap.duration_s - _paused_within(paused, lap.start_s, lap.end_s),
            )
        )
    for mesg in _set_mesgs(record, step_of, paused):
        write(mesg)
    bpms = [r.bpm for r in channel]
    heart_rate = (
        {"avg_heart_rate": min(whole(mean_bpm(bpms)), 254), "max_heart_rate": min(max(bpms), 254)}
        if bpms
        else {}
    )
    write(
        {
            "mesg_num": _MESG["SESSION"],
            "message_index": 0,
            "timestamp": end,
            "start_time": start,
            "total_elapsed_time": record.duration_s,
            "total_timer_time": timer_s,
            "sport": "training",
            "sub_sport": sub_sport,
            "first_lap_index": 0,
            "num_laps": len(session_laps),
            **heart_rate,
            "event": "session",
            "event_type": "stop",
            "trigger": "activity_end",
        }
    )
    offset = ended_at.astimezone(tz).utcoffset() or timedelta(0)
    write(
        {
            "mesg_num": _MESG["ACTIVITY"],
            "timestamp": end,
            "total_timer_time": timer_s,
            "num_sessions": 1,
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
            "local_timestamp": end + round(offset.total_seconds()),
        }
    )
    return encoder.close()


def _workout_steps(session_laps: tuple[Lap, ...]) -> dict[str, str]:
    """A workout step per exercise the laps follow, in the order first done: id -> name."""
    steps: dict[str, str] = {}
    for lap in session_laps:
        if lap.exercise_id is not None and lap.exercise_id not in steps:
            steps[lap.exercise_id] = lap.exercise_name or lap.exercise_id
    return steps


def training_sub_sport(record: SessionRecord, flexibility_exercises: frozenset[str]) -> str:
    """generic for a recording; flexibility_training when most sets done were stretches or
    mobility; strength_training otherwise."""
    if record.session.row.kind == "recording":
        return "generic"
    done = [s for s in record.session.sets if s.done]
    flexible = sum(1 for s in done if s.exercise_id in flexibility_exercises)
    if done and flexible / len(done) > FLEXIBILITY_SHARE:
        return "flexibility_training"
    return "strength_training"


def _per_second(
    record: SessionRecord, channel: tuple[HeartRateReading, ...], marks: set[int]
) -> list[tuple[int, int | None, list[float]]]:
    """(FIT time, bpm, RR intervals) per second with a reading, or among ``marks``: the
    later bpm of a second (None: none came in it), and the RR intervals of the record's RR
    device received in that second."""
    seconds: dict[int, tuple[int | None, list[float]]] = {mark: (None, []) for mark in marks}
    for reading in channel:
        timestamp = _fit_time(record.started_at + timedelta(seconds=reading.t_s))
        seconds[timestamp] = (reading.bpm, seconds.get(timestamp, (None, []))[1])
    for reading in record.heart_rate:
        if reading.device != record.rr_device or not reading.rr_intervals_ms:
            continue
        if reading.contact is False:  # as in the RR export: not beats of a heart
            continue
        timestamp = _fit_time(record.started_at + timedelta(seconds=reading.t_s))
        bpm, rr_ms = seconds.get(timestamp, (None, []))
        seconds[timestamp] = (bpm, [*rr_ms, *reading.rr_intervals_ms])
    return [(timestamp, bpm, rr) for timestamp, (bpm, rr) in sorted(seconds.items())]


def _paused(record: SessionRecord) -> list[tuple[float, float]]:
    """When the timer stood: the pauses and the time away, in seconds since the start
    (``stopped_spans``)."""
    timeline = record.session.timeline
    events = [(e.kind, e.t_s) for e in timeline if e.t_s is not None]
    return stopped_spans(events, record.duration_s)


def _paused_within(paused: list[tuple[float, float]], start_s: float, end_s: float) -> float:
    return sum(max(0.0, min(end_s, b) - max(start_s, a)) for a, b in paused)


def _lap(
    record: SessionRecord,
    lap: Lap,
    index: int,
    sub_sport: str,
    *,
    last: bool,
    step: int | None,
    timer_s: float,
) -> dict[str, Any]:
    mesg: dict[str, Any] = {
        "mesg_num": _MESG["LAP"],
        "message_index": index,
        "timestamp": _fit_time(record.started_at + timedelta(seconds=lap.end_s)),
        "start_time": _fit_time(record.started_at + timedelta(seconds=lap.start_s)),
        "total_elapsed_time": lap.duration_s,
        "total_timer_time": timer_s,
        "sport": "training",
        "sub_sport": sub_sport,
        "event": "lap",
        "event_type": "stop",
        "lap_trigger": "session_end" if last else "manual",
    }
    if lap.avg_bpm is not None and lap.max_bpm is not None:
        mesg.update(avg_heart_rate=min(lap.avg_bpm, 254), max_heart_rate=min(lap.max_bpm, 254))
    if step is not None:
        mesg["wkt_step_index"] = step
    return mesg


def _set_mesgs(
    record: SessionRecord, step_of: dict[str, int], paused: list[tuple[float, float]]
) -> list[dict[str, Any]]:
    """A set message per set worked (``db.figures.set_worked``) that ended, in time order,
    with a rest set for each gap between two: what Garmin Connect lists as the activity's
    sets. A set cut off by an interruption after some of it was worked has seconds in the
    session's time in sets but no end to place it by: it is not one. A set's repetitions
    are its reps, or its holds; a timed set has its duration only. Durations leave out the
    pauses, as the laps' timer time does."""
    worked = sorted(
        (
            s
            for s in record.session.sets
            if s.start_t_s is not None and s.end_t_s is not None and s.worked
        ),
        key=lambda s: s.start_t_s or 0.0,
    )
    mesgs: list[dict[str, Any]] = []
    previous_end: float | None = None
    for stored in worked:
        start_s, end_s = stored.start_t_s or 0.0, stored.end_t_s or 0.0
        if previous_end is not None and start_s - previous_end >= 1.0:
            rest = {"set_type": "rest"}
            mesgs.append(_set_mesg(record, previous_end, start_s, paused, rest))
        fields: dict[str, Any] = {"set_type": "active", **garmin_exercise(stored.exercise_id)}
        if stored.mode == "reps":
            fields["repetitions"] = stored.reps_done
        elif stored.mode == "hold":
            fields["repetitions"] = len(stored.holds_s)
        if stored.exercise_id in step_of:
            fields["wkt_step_index"] = step_of[stored.exercise_id]
        mesgs.append(_set_mesg(record, start_s, end_s, paused, fields))
        previous_end = end_s
    return [{**mesg, "message_index": index} for index, mesg in enumerate(mesgs)]


def _set_mesg(
    record: SessionRecord,
    start_s: float,
    end_s: float,
    paused: list[tuple[float, float]],
    fields: dict[str, Any],
) -> dict[str, Any]:
    return {
        "mesg_num": _MESG["SET"],
        "timestamp": _fit_time(record.started_at + timedelta(seconds=end_s)),
        "start_time": _fit_time(record.started_at + timedelta(seconds=start_s)),
        "duration": round(end_s - start_s - _paused_within(paused, start_s, end_s), 3),
        **fields,
    }


def _fit_time(moment: datetime) -> int:
    """Whole seconds since the FIT epoch (1989-12-31 UTC), rounded."""
    return round(moment.timestamp()) - FIT_EPOCH_S
