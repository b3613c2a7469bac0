"""A database of years of daily sessions, written through lumbar's own SessionWriter.

About one session a day (some days missed, a few with a second, short one), routines from
the built-in catalog, doses progressing from each exercise's start towards its target, pain
falling, heart rate from a strap at ``hr_hz`` for most sessions, sensed reps and holds and
raw accelerometer chunks for the recent ones, some sessions ended early or interrupted, a
few notes, and now and then a recording from ``lumbar record``.

    .venv/bin/python tests/benchmarks/history_fill.py -o PATH [--years 10] [--seed 1]
"""

from __future__ import annotations

import argparse
import math
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
from sqlite_utils import Database

from catalog import Catalog, load_catalog
from catalog.models import Dose, Exercise, Routine
from catalog.plan import HOLD_RESET_S, PlannedStep, expand
from db.connection import open_database
from db.sessions import EventRow, SessionWriter, StepRow, StepSensing
from sensors.packing import pack_acc

STRAP = "C0:FF:EE:00:00:01"
H10 = "C0:FF:EE:00:00:02"
ROUTINE_WEIGHTS = {
    "back-ten": 5,
    "core-stability": 3,
    "glute-activation": 3,
    "strength-foundation": 2,
    "core-basics": 2,
    "gentle-mobility": 2,
    "hip-flexor-balance": 1,
    "posture-extension": 1,
}
NOTES = (
    "stiff in the morning, better after",
    "left side felt stronger",
    "skipped the plank: shoulder",
    "long day at the desk",
    "good one",
)
PROGRESS_DAYS = 3 * 365
"""Doses reach their targets over the first three years, then stay."""
MOTION_DAYS = 60
"""The wearable that senses movement was bought this many days before the end."""
ACC_HZ = 50.0


@dataclass
class _Clock:
    t_s: float = 0.0


def fill(path: Path, *, years: int = 10, seed: int = 1, hr_hz: float = 1.0) -> int:
    """Write ``years`` of history ending yesterday into a new database at ``path``;
    returns the number of sessions."""
    rng = random.Random(seed)
    catalog = load_catalog(None)
    db = open_database(path)
    db.execute("PRAGMA synchronous = OFF")  # a benchmark's file: speed over durability
    end = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    first = end - timedelta(days=365 * years)
    days = 365 * years
    routines = [catalog.routines[r] for r in ROUTINE_WEIGHTS if r in catalog.routines]
    weights = [ROUTINE_WEIGHTS[r.id] for r in routines]
    sessions = 0
    for day in range(days):
        if rng.random() < 0.15:
            continue
        progress = min(1.0, day / PROGRESS_DAYS)
        start = first + timedelta(days=day, hours=rng.uniform(6, 20))
        motion = day >= days - MOTION_DAYS and rng.random() < 0.6
        if rng.random() < 0.01:
            _recording(db, rng, start, hr_hz)
        else:
            routine = rng.choices(routines, weights)[0]
            _session(db, catalog, routine, rng, start, progress, hr_hz, motion)
        sessions += 1
        if rng.random() < 0.04 and "desk-break" in catalog.routines:
            later = start + timedelta(hours=rng.uniform(1, 3))
            _session(db, catalog, catalog.routines["desk-break"], rng, later, progress, 0, False)
            sessions += 1
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return sessions


def _progressed(catalog: Catalog, routine: Routine, progress: float) -> Routine:
    """The routine with each item's dose moved ``progress`` of the way to its target."""
    items = []
    for item in routine.items:
        exercise = catalog.exercises[item.exercise]
        start = item.dose or exercise.dose.start
        target = exercise.dose.target
        dose = Dose(
            sets=_between(start.sets, target.sets, progress) or 1,
            reps=_between(start.reps, target.reps, progress),
            hold_s=_between(start.hold_s, target.hold_s, progress),
            duration_s=_between(start.duration_s, target.duration_s, progress),
            rest_s=start.rest_s,
        )
        items.append(msgspec.structs.replace(item, dose=dose))
    return msgspec.structs.replace(routine, items=tuple(items))


def _between(start: int | None, target: int | None, progress: float) -> int | None:
    if start is None or target is None:
        return start
    return round(start + (target - start) * progress)


def _session(
    db: Database,
    catalog: Catalog,
    routine: Routine,
    rng: random.Random,
    start: datetime,
    progress: float,
    hr_hz: float,
    motion: bool,
) -> None:
    planned = expand(
        _progressed(catalog, routine, progress), catalog.exercises, rng.choice((45, 60, 75))
    )
    work = [step for step in planned if step.kind == "work"]
    pain_before = _pain(rng, 6.5 - 4.5 * progress)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id=routine.id,
        routine_name=routine.name,
        planned_sets=len(work),
        planned_s=round(sum(step.estimate_s for step in planned)),
        pain_before=pain_before,
        app_version="benchmark",
        started_at=start,
    )
    ending = rng.random()
    stop_at = len(planned)
    status: str = "completed"
    if ending < 0.05:
        status, stop_at = "ended-early", rng.randrange(len(planned) // 2, len(planned))
    elif ending < 0.07:
        status, stop_at = "interrupted", rng.randrange(1, len(planned))
    clock = _Clock(rng.uniform(2, 8))  # the pain question before the first step
    wearing = hr_hz > 0 and rng.random() < 0.8
    work_spans: list[tuple[float, float]] = []
    for index, step in enumerate(planned[:stop_at]):
        if step.kind != "work":
            clock.t_s += step.estimate_s * rng.uniform(0.9, 1.3)
            continue
        if rng.random() < 0.02:
            writer.event(EventRow(t_s=clock.t_s, kind="pause", step_index=index))
            clock.t_s += rng.uniform(20, 120)
            writer.event(EventRow(t_s=clock.t_s, kind="resume", step_index=index))
        exercise = catalog.exercises[step.exercise_id]
        unfinished = status == "interrupted" and index == stop_at - 1
        row = _work(writer, exercise, step, index, rng, clock, unfinished, motion)
        writer.step(row)
        work_spans.append((row.started_s, clock.t_s))
    if rng.random() < 0.03:
        writer.event(EventRow(t_s=clock.t_s, kind="pain", value=float(_pain(rng, 5) or 5)))
    if wearing:
        _heart_rate(writer, rng, clock.t_s, hr_hz, work_spans, progress)
    if motion:
        _motion(writer, rng, work_spans)
    if status != "interrupted":
        clock.t_s += rng.uniform(5, 20)  # the questions afterwards
        after = None if pain_before is None else max(0, pain_before - rng.choice((0, 1, 1, 2)))
        writer.update(pain_after=after)
        if rng.random() < 0.03:
            writer.update(note=rng.choice(NOTES))
        writer.event(EventRow(t_s=clock.t_s, kind=status))
    writer.finish(status, clock.t_s)  # type: ignore[arg-type]


def _noise(rng: random.Random, spread: float) -> float:
    """Centred noise within +-spread (a triangle: cheaper than gauss, per reading)."""
    return (rng.random() + rng.random() - 1.0) * spread


def _pain(rng: random.Random, level: float) -> int | None:
    if rng.random() < 0.08:
        return None  # the question skipped
    return max(0, min(10, round(rng.gauss(level, 1.0))))


def _work(
    writer: SessionWriter,
    exercise: Exercise,
    step: PlannedStep,
    index: int,
    rng: random.Random,
    clock: _Clock,
    unfinished: bool,
    motion: bool,
) -> StepRow:
    dose = step.dose
    assert dose is not None
    started = clock.t_s
    skipped = rng.random() < 0.03
    holds: tuple[float, ...] = ()
    reps = 0
    if skipped:
        active = 0.0
    elif exercise.mode == "hold":
        count = dose.reps or 1
        holds = tuple(
            round(min(1.0, rng.uniform(0.8, 1.08)) * (dose.hold_s or 10), 3) for _ in range(count)
        )
        reps = len(holds)
        active = sum(holds) + HOLD_RESET_S * (count - 1)
    elif exercise.mode == "timed":
        reps, active = 1, float(dose.duration_s or 60) * rng.uniform(0.95, 1.05)
    else:
        reps = (
            dose.reps or 1 if rng.random() < 0.85 else max(1, (dose.reps or 1) - rng.randint(1, 3))
        )
        active = reps * rng.uniform(2.5, 4.5)
    if unfinished:
        active *= rng.uniform(0.2, 0.8)
        holds = holds[: max(1, len(holds) // 2)]
    clock.t_s += active
    sensing = (
        _sensing(writer, rng, exercise, index, started, clock.t_s, reps, holds) if motion else None
    )
    return StepRow(
        step_index=index,
        exercise_id=exercise.id,
        exercise_name=exercise.name,
        mode=exercise.mode,
        set_number=step.set_number,
        side=step.side,
        planned_sets=dose.sets,
        planned_reps=dose.reps,
        planned_hold_s=dose.hold_s,
        planned_duration_s=dose.duration_s,
        reps_done=reps,
        holds_s=holds,
        active_s=round(active, 3),
        skipped=skipped,
        started_s=started,
        ended_s=None if unfinished else clock.t_s,
        sensing=sensing,
    )


def _sensing(
    writer: SessionWriter,
    rng: random.Random,
    exercise: Exercise,
    index: int,
    started: float,
    ended: float,
    reps: int,
    holds: tuple[float, ...],
) -> StepSensing:
    warnings = rng.choice((0, 0, 0, 1, 2))
    events = [
        EventRow(
            rng.uniform(started, max(started, ended)),
            "form-warning",
            index,
            round(rng.uniform(12, 25), 1),
            "trunk rotating",
        )
        for _ in range(warnings)
    ]
    breaks = rng.choice((0, 0, 1)) if exercise.mode == "hold" else 0
    for _ in range(breaks):
        at = rng.uniform(started, max(started, ended - 2))
        events += [EventRow(at, "hold-broken", index), EventRow(at + 1.5, "hold-resumed", index)]
    for event in sorted(events, key=lambda event: event.t_s):  # as they happened
        writer.event(event)
    if exercise.mode == "hold":
        return StepSensing(
            sensor=H10,
            hold_breaks=breaks,
            broken_s=round(breaks * 1.5, 3),
            form_warnings=warnings,
            max_rock_deg=round(rng.uniform(2, 20), 1),
        )
    sensed = max(0, reps + rng.choice((0, 0, 0, -1, 1)))
    times = tuple(
        round(started + (ended - started) * (k + 0.5) / max(1, sensed), 3) for k in range(sensed)
    )
    return StepSensing(
        sensor=H10,
        reps_sensed=sensed,
        rep_times_s=times,
        form_warnings=warnings,
        max_rock_deg=round(rng.uniform(2, 20), 1),
    )


def _heart_rate(
    writer: SessionWriter,
    rng: random.Random,
    until_s: float,
    hr_hz: float,
    work_spans: list[tuple[float, float]],
    progress: float,
) -> None:
    writer.device(STRAP, "heart-rate", "Strap", rng.randint(20, 100))
    rest = 74 - 8 * progress
    effort = 0.0
    span = 0
    period = 1 / hr_hz
    bpm_f = rest
    for tick in range(int(until_s * hr_hz)):
        t_s = tick * period
        while span < len(work_spans) and work_spans[span][1] < t_s:
            span += 1
        working = span < len(work_spans) and work_spans[span][0] <= t_s
        effort += ((28.0 if working else 0.0) - effort) * 0.05
        bpm_f = rest + effort + 2.0 * math.sin(t_s / 7.0) + _noise(rng, 1.7)
        bpm = round(bpm_f)
        beats = max(1, round(bpm / 60 * period))
        rr = tuple(round(60000 / bpm + _noise(rng, 25), 1) for _ in range(beats))
        writer.heart_rate(STRAP, t_s, bpm, rr, True)


def _motion(
    writer: SessionWriter, rng: random.Random, work_spans: list[tuple[float, float]]
) -> None:
    """About a second a chunk of 50 Hz accelerometer samples during each set."""
    writer.device(H10, "polar-h10", "Polar H10", rng.randint(20, 100))
    for started, ended in work_spans:
        t0 = started
        while t0 < ended:
            count = int(min(ACC_HZ, (ended - t0) * ACC_HZ)) or 1
            times = [t0 + k / ACC_HZ for k in range(count)]
            samples = [
                (
                    round(30 * math.sin(t / 2)),
                    round(980 + _noise(rng, 35)),
                    round(_noise(rng, 35)),
                )
                for t in times
            ]
            chunk = pack_acc(H10, times, samples, ACC_HZ)
            writer.stream_chunk(
                H10, "acc", chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
            )
            t0 += count / ACC_HZ


def _recording(db: Database, rng: random.Random, start: datetime, hr_hz: float) -> None:
    """What ``lumbar record --seconds N`` leaves: a recording with heart rate."""
    writer = SessionWriter.start(db, kind="recording", app_version="benchmark", started_at=start)
    seconds = rng.choice((60, 120, 300))
    if hr_hz > 0:
        _heart_rate(writer, rng, seconds, hr_hz, [], 0.5)
    writer.finish("completed", seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, required=True, help="a new database file")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hr-hz", type=float, default=1.0)
    args = parser.parse_args()
    if args.output.exists():
        parser.error(f"{args.output} exists; give a new file")
    began = time.perf_counter()
    sessions = fill(args.output, years=args.years, seed=args.seed, hr_hz=args.hr_hz)
    took = time.perf_counter() - began
    size = args.output.stat().st_size / 1e6
    print(f"{sessions} sessions over {args.years} years in {took:.1f} s, {size:.0f} MB")


if __name__ == "__main__":
    main()
