"""Sessions of a routine written as the session screen writes them (steps, pain events,
what a wearable saw) on chosen days: history for the progression tests."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time

from sqlite_utils import Database

from catalog import Catalog
from catalog.models import Dose, Routine
from catalog.plan import expand
from db.figures import PAIN_ENDING
from db.sessions import EventRow, SessionWriter, StepRow, StepSensing
from tui.doses import with_doses


def session(
    db: Database,
    catalog: Catalog,
    routine_id: str,
    day: date,
    *,
    pain: tuple[int | None, int | None] = (3, 3),
    doses: dict[str, Dose] | None = None,
    pain_during: tuple[tuple[int, int], ...] = (),
    sensing: StepSensing | None = None,
    skip: str | None = None,
    routine: Routine | None = None,
    left_at: int | None = None,
    ended_in: str | None = None,
    crashed: bool = False,
) -> int:
    """One session of the routine on ``day`` at 09:00 UTC, every set done as planned
    (``skip``: that exercise's sets skipped); ``pain_during``: (step index, 0-10), written
    in the order the session screen writes them (a set's when reported in it, before its
    row; a rest's or get-ready's before the next set); ``routine``: one not in ``catalog``
    (a test's own); ``left_at``: the session ended early at that step, nothing from it on
    recorded; ``ended_in``: the session ended for pain in that exercise's first set, two reps
    into it (a hold's none held), as the recorder writes it (the set kept skipped, an
    "ended-early" event naming it); ``crashed``: lumbar died there (kill -9), the row left
    'running' by a process that is gone, not yet marked interrupted (the next start does)."""
    routine = routine or catalog.routines[routine_id]
    if doses:
        routine = with_doses(routine, doses)
    steps = expand(routine, catalog.exercises, 30)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id=routine_id,
        routine_name=routine.name,
        pain_before=pain[0],
        started_at=datetime.combine(day, time(9), UTC),
    )
    t = 0.0
    for index, step in enumerate(steps):
        if index == left_at:
            break
        for at, level in pain_during:
            if at == index:
                writer.event(EventRow(t, "pain", index, float(level)))
        if step.kind != "work" or step.dose is None:
            t += step.estimate_s
            continue
        exercise = catalog.exercises[step.exercise_id]
        dose = step.dose
        holds = (float(dose.hold_s or 0),) * (dose.reps or 1) if exercise.mode == "hold" else ()
        ending = step.exercise_id == ended_in
        skipped = step.exercise_id == skip or ending
        reps_done = 0 if skipped else (dose.reps or 0)
        if ending and exercise.mode == "reps":
            reps_done = 2  # a hold's reps are the holds kept: none
        writer.step(
            StepRow(
                step_index=index,
                exercise_id=step.exercise_id,
                exercise_name=exercise.name,
                mode=exercise.mode,
                set_number=step.set_number,
                side=step.side,
                planned_sets=dose.sets,
                planned_reps=dose.reps,
                planned_hold_s=dose.hold_s,
                planned_duration_s=dose.duration_s,
                reps_done=reps_done,
                holds_s=() if skipped else holds,
                active_s=step.estimate_s,
                skipped=skipped,
                started_s=t,
                ended_s=t + step.estimate_s,
                sensing=sensing,
            )
        )
        t += step.estimate_s
        if ending:
            writer.event(EventRow(t, "ended-early", index, None, PAIN_ENDING))
            break
    if crashed:
        writer.flush()
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        db.table("sessions").update(writer.session_id, {"pid": dead.pid})
        return writer.session_id
    writer.update(pain_after=pain[1])
    ended = left_at is not None or ended_in is not None
    writer.finish("ended-early" if ended else "completed", t)
    return writer.session_id
