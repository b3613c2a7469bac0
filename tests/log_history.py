"""Sessions for the log screens' tests, written through lumbar's own SessionWriter.

``story`` writes a small history on fixed dates: three routine sessions (one with heart
rate, sensed sets and raw accelerometer chunks), an ended-early one with a note, and a
recording. ``daily`` writes many plain sessions quickly, for paging.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from db.connection import open_database
from db.sessions import EndStatus, EventRow, SessionWriter, StepRow, StepSensing
from sensors.packing import pack_acc

H10 = "C0:FF:EE:00:00:02"
ACC_HZ = 50.0
BIRD_DOG_S = (10.0, 40.0)
"""When the sensed bird dog set ran (session seconds): the one with a motion trace."""


@dataclass(frozen=True, slots=True)
class Story:
    """The ids of what ``story`` wrote."""

    with_sensors: int
    plain: int
    ended_early: int
    recording: int
    older: int


def step(
    index: int,
    exercise: tuple[str, str, str],
    span_s: tuple[float, float],
    *,
    side: str | None = None,
    planned_reps: int = 5,
    planned_hold_s: int | None = None,
    reps_done: int = 5,
    holds_s: tuple[float, ...] = (),
    skipped: bool = False,
    sensing: StepSensing | None = None,
) -> StepRow:
    """A finished set of ``exercise`` (id, name, mode) over ``span_s`` session seconds."""
    exercise_id, name, mode = exercise
    return StepRow(
        step_index=index,
        exercise_id=exercise_id,
        exercise_name=name,
        mode=mode,
        set_number=1,
        side=side,
        planned_sets=1,
        planned_reps=planned_reps,
        planned_hold_s=planned_hold_s,
        planned_duration_s=None,
        reps_done=reps_done,
        holds_s=holds_s,
        active_s=span_s[1] - span_s[0],
        skipped=skipped,
        started_s=span_s[0],
        ended_s=span_s[1],
        sensing=sensing,
    )


BIRD_DOG = ("bird-dog", "Bird dog", "reps")
PLANK = ("forearm-plank", "Forearm plank", "hold")


def one_set_session(
    path: Path,
    started_at: datetime,
    one_set: StepRow | None,
    *,
    routine: tuple[str, str] = ("desk-break", "Desk break"),
    status: EndStatus = "completed",
    pain_after: int | None = None,
    events: tuple[EventRow, ...] = (),
) -> None:
    """A routine session of ``one_set`` (or none), 20 s long, in the database at ``path``."""
    db = open_database(path)
    try:
        writer = SessionWriter.start(
            db,
            kind="routine",
            routine_id=routine[0],
            routine_name=routine[1],
            planned_sets=1,
            started_at=started_at,
        )
        if one_set is not None:
            writer.step(one_set)
        for event in events:
            writer.event(event)
        if pain_after is not None:
            writer.update(pain_after=pain_after)
        writer.finish(status, 20.0)
    finally:
        db.close()


def routine_session(
    db: Database,
    started_at: datetime,
    *,
    routine: tuple[str, str] = ("core-basics", "Core basics"),
    pain: tuple[int | None, int | None] = (4, 2),
    status: str = "completed",
    note: str | None = None,
    sensors: bool = False,
) -> int:
    """Bird dog left and right (the left one sensed), then a forearm plank of 3 holds."""
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id=routine[0],
        routine_name=routine[1],
        planned_sets=3,
        pain_before=pain[0],
        started_at=started_at,
    )
    sensing = (
        StepSensing(
            sensor=H10,
            reps_sensed=5,
            rep_times_s=(15.0, 21.0, 27.0, 33.0, 39.0),
            form_warnings=1,
            max_rock_deg=17.5,
        )
        if sensors
        else None
    )
    writer.step(step(0, BIRD_DOG, BIRD_DOG_S, side="left", sensing=sensing))
    writer.step(step(1, BIRD_DOG, (45.0, 75.0), side="right", reps_done=3))
    plank = StepSensing(sensor=H10, hold_breaks=1, broken_s=3.0) if sensors else None
    skipped = status == "ended-early"
    writer.step(
        step(
            2,
            PLANK,
            (90.0, 130.0),
            planned_reps=3,
            planned_hold_s=10,
            reps_done=3 if not skipped else 1,
            holds_s=(10.0, 9.0, 8.0) if not skipped else (6.0,),
            skipped=skipped,
            sensing=plank,
        )
    )
    writer.event(EventRow(t_s=50.0, kind="pause", step_index=1))
    writer.event(EventRow(t_s=60.0, kind="resume", step_index=1))
    writer.event(EventRow(t_s=100.0, kind="pain", step_index=2, value=5))
    if sensors:
        writer.event(
            EventRow(
                t_s=21.5, kind="form-warning", step_index=0, value=17.5, detail="trunk rotating"
            )
        )
        writer.device(H10, "polar-h10", "Polar H10 1A2B3C4D", 80)
        for second in range(140):
            bpm = 80 + round(20 * math.sin(second / 20))
            writer.heart_rate(H10, float(second), bpm, (60000 / bpm,), True)
        for second in range(int(BIRD_DOG_S[0]), int(BIRD_DOG_S[1])):
            times = [second + i / ACC_HZ for i in range(int(ACC_HZ))]
            samples = [(round(300 * math.sin(t)), round(200 * math.cos(t / 2)), 980) for t in times]
            chunk = pack_acc(H10, times, samples, ACC_HZ)
            writer.stream_chunk(
                H10, "acc", chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
            )
    writer.update(pain_after=pain[1], note=note)
    writer.finish(status, 140.0)  # type: ignore[arg-type]
    return writer.session_id


def recording(db: Database, started_at: datetime) -> int:
    writer = SessionWriter.start(db, kind="recording", started_at=started_at)
    writer.device(H10, "polar-h10", "Polar H10 1A2B3C4D", 75)
    for second in range(30):
        writer.heart_rate(H10, float(second), 70, (857.0,), True)
    writer.finish("completed", 30.0)
    return writer.session_id


def story(path: Path, now: datetime) -> Story:
    """Five sessions before ``now``: 1, 2, 3 and 10 days ago, and a recording 5 days ago;
    the newest has heart rate and motion."""
    db = open_database(path)
    try:
        older = routine_session(
            db, now - timedelta(days=10), routine=("back-ten", "Back ten"), pain=(6, 5)
        )
        ended = routine_session(
            db,
            now - timedelta(days=3),
            status="ended-early",
            note="stiff morning",
            pain=(5, 4),
        )
        rec = recording(db, now - timedelta(days=5))
        plain = routine_session(db, now - timedelta(days=2), pain=(3, None))
        sensed = routine_session(db, now - timedelta(days=1), sensors=True, pain=(4, 2))
    finally:
        db.close()
    return Story(sensed, plain, ended, rec, older)


def daily(path: Path, count: int, now: datetime) -> None:
    """``count`` sessions, one a day before ``now``, with one set each."""
    db = open_database(path)
    db.execute("PRAGMA synchronous = OFF")  # a test's file: speed over durability
    try:
        for day in range(count, 0, -1):
            writer = SessionWriter.start(
                db,
                kind="routine",
                routine_id="back-ten",
                routine_name="Back ten",
                planned_sets=1,
                started_at=now - timedelta(days=day),
            )
            writer.step(step(0, BIRD_DOG, (5.0, 65.0)))
            writer.finish("completed", 70.0)
    finally:
        db.close()


FIXED_NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
"""The moment the snapshots' history ends at (a Friday)."""


def months(path: Path, now: datetime, days: int = 200, seed: int = 7) -> int:
    """About ``days`` of sessions before ``now`` (some days missed), on fixed times: planks
    held longer and pain falling over time; the newest has heart rate and motion. Returns
    the newest one's id."""
    rng = random.Random(seed)
    db = open_database(path)
    db.execute("PRAGMA synchronous = OFF")  # a test's file: speed over durability
    try:
        for day in range(days, 1, -1):
            if rng.random() < 0.25:
                continue
            progress = 1 - day / days
            hold = 10 + round(20 * progress) + rng.choice((-2, -1, 0, 1))
            holds = (float(hold), float(hold - rng.randint(0, 3)), float(hold - rng.randint(1, 4)))
            before = max(0, round(6 - 4 * progress + rng.choice((-1, 0, 0, 1))))
            minutes = rng.choice((8, 10, 12, 15, 20))
            writer = SessionWriter.start(
                db,
                kind="routine",
                routine_id="core-basics",
                routine_name="Core basics",
                planned_sets=3,
                pain_before=before,
                started_at=now - timedelta(days=day, hours=rng.randint(0, 10)),
            )
            reps = 5 + round(5 * progress)
            writer.step(step(0, BIRD_DOG, (10.0, 40.0), side="left", reps_done=reps))
            writer.step(step(1, BIRD_DOG, (45.0, 75.0), side="right", reps_done=reps - 1))
            end = 90.0 + minutes * 60 - 120
            writer.step(
                step(2, PLANK, (90.0, end), planned_reps=3, planned_hold_s=hold, holds_s=holds)
            )
            writer.update(pain_after=max(0, before - rng.choice((0, 1, 1, 2))))
            writer.finish("completed", end + 10)
    finally:
        db.close()
    return story(path, now).with_sensors
