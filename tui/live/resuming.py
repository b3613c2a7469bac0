"""Taking up an interrupted session again: where it goes on, and what was done before it.

The session walks the steps it planned (stored with it), from the first set it had not
finished; the sets finished before are kept as they were. A set cut off by the interruption
is done again, and what was recorded of it is kept until the redo gets further or is done
(``cut_off``; the rule is ``tui.live.recorder``'s): skipped, or the session ended in it, it
is the set as cut off, marked skipped. Its lead-in comes first when there is one (get
ready, switch sides), so the person gets into position; the session waits for space, as
any session does. A set left part-done before the interruption (n, s) and done again after
b is likewise kept as it was left until its redo gets further (``left``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from catalog.models import Exercise
from catalog.plan import PlannedStep
from db.clock import local_zone, utc_now
from db.read_model import StoredSet
from db.resume import InterruptedSession
from db.session_rows import StepRow, StepSensing
from tui.live.changes import StepResult
from tui.words import count_text


@dataclass(frozen=True, slots=True)
class Resumption:
    session_id: int
    routine_id: str
    routine_name: str
    steps: tuple[PlannedStep, ...]
    start_index: int
    """Where the session goes on: the set's lead-in, or the set itself."""
    set_index: int
    """The first set not finished."""
    done: tuple[StepResult, ...]
    """The sets finished before (done or skipped)."""
    pain_before: int | None
    stopped_at: datetime
    cut_off: tuple[StepRow, ...] = ()
    """The sets cut off by the interruption, as stored (unfinished): kept until a redo gets
    further (``SessionRecorder``)."""
    stopped_s: float = 0.0
    """When it stopped, in session seconds: where a set cut off then ends if skipped."""
    left: tuple[StepRow, ...] = ()
    """The sets left part-done before (finished, skipped), as stored: kept until a redo gets
    further (``SessionRecorder``)."""

    @property
    def targets(self) -> dict[int, float]:
        """The hold or timer in force in each set cut off (+ or - pressed in it), by step
        index: the set is done again at it, not at the plan."""
        found = {}
        for row in self.cut_off:
            target = row.target_hold_s if row.mode == "hold" else row.target_duration_s
            if row.mode in ("hold", "timed") and target is not None:
                found[row.step_index] = float(target)
        return found

    @property
    def set_number(self) -> int:
        """The set it goes on from, counted among the session's sets (1 for the first)."""
        return sum(1 for step in self.steps[: self.set_index + 1] if step.kind == "work")

    @property
    def sets_planned(self) -> int:
        return sum(1 for step in self.steps if step.kind == "work")

    @property
    def sets_done(self) -> int:
        return sum(1 for result in self.done if not result.skipped)


def resumption(
    interrupted: InterruptedSession, exercises: Mapping[str, Exercise]
) -> Resumption | None:
    """Where ``interrupted`` would go on; None when it cannot (every set is finished, or its
    plan no longer fits its sets or the catalog)."""
    session, steps = interrupted.session, interrupted.plan
    if not steps or any(step.exercise_id not in exercises for step in steps):
        return None
    finished = {s.step_index: s for s in session.sets if s.finished}
    if not all(_fits(steps, stored) for stored in finished.values()):
        return None
    left = [i for i, step in enumerate(steps) if step.kind == "work" and i not in finished]
    if not left:
        return None
    set_index = start = left[0]
    while start > 0 and steps[start - 1].kind in ("ready", "switch"):
        start -= 1
    done = tuple(
        StepResult(
            index=index,
            exercise_id=stored.exercise_id,
            set_number=stored.set_number,
            side=steps[index].side,
            planned=steps[index].dose,  # type: ignore[arg-type]  # a work step's (checked)
            reps_done=stored.reps_done,
            holds_s=stored.holds_s,
            active_s=stored.active_s or 0.0,
            skipped=stored.skipped,
            started_s=0.0,
            ended_s=0.0,
            target_s=_target_s(stored),
        )
        for index, stored in sorted(finished.items())
    )
    row = session.row
    return Resumption(
        session_id=row.id,
        routine_id=row.routine_id or "",
        routine_name=row.routine_name or row.routine_id or "The session",
        steps=steps,
        start_index=start,
        set_index=set_index,
        done=done,
        pain_before=row.pain_before,
        stopped_at=row.ended_at or row.started_at,
        cut_off=tuple(
            _as_stored(stored, exercises)
            for stored in session.sets
            if not stored.finished and _fits(steps, stored)
        ),
        stopped_s=row.elapsed_s,
        left=tuple(
            _as_stored(stored, exercises)
            for _, stored in sorted(finished.items())
            if stored.skipped and stored.end_t_s is not None
        ),
    )


def _fits(steps: tuple[PlannedStep, ...], stored: StoredSet) -> bool:
    """The stored set is the planned step its index names (a work step of its exercise, set
    and side)."""
    step = steps[stored.step_index] if 0 <= stored.step_index < len(steps) else None
    if step is None or step.kind != "work" or step.dose is None:
        return False
    return (step.exercise_id, step.set_number, step.side) == (
        stored.exercise_id,
        stored.set_number,
        stored.side,
    )


def _as_stored(stored: StoredSet, exercises: Mapping[str, Exercise]) -> StepRow:
    """A stored set as the row that would write it again, unchanged (finished when it was)."""
    sensing = StepSensing(
        sensor=stored.sensor,
        reps_sensed=stored.reps_sensed,
        rep_times_s=stored.rep_times_s,
        hold_breaks=stored.hold_breaks,
        broken_s=stored.broken_s,
        form_warnings=stored.form_warnings,
        max_rock_deg=stored.max_rock_deg,
        avg_bpm=stored.avg_bpm,
        peak_bpm=stored.peak_bpm,
    )
    return StepRow(
        step_index=stored.step_index,
        exercise_id=stored.exercise_id,
        exercise_name=stored.exercise_name or exercises[stored.exercise_id].name,
        mode=stored.mode,
        set_number=stored.set_number,
        side=stored.side,
        planned_sets=stored.planned_sets or 1,
        planned_reps=stored.planned_reps,
        planned_hold_s=stored.planned_hold_s,
        planned_duration_s=stored.planned_duration_s,
        reps_done=stored.reps_done,
        holds_s=stored.holds_s,
        active_s=stored.active_s or 0.0,
        skipped=stored.skipped,
        started_s=stored.start_t_s or 0.0,
        ended_s=stored.end_t_s if stored.finished else None,
        sensing=None if sensing == StepSensing() else sensing,
        target_hold_s=stored.target_hold_s,
        target_duration_s=stored.target_duration_s,
    )


def _target_s(stored: StoredSet) -> float | None:
    """The hold or timer in force when the stored set ended (None for reps)."""
    target = {"hold": stored.target_hold_s, "timed": stored.target_duration_s}.get(stored.mode)
    return None if target is None else float(target)


def offer_text(
    resumption: Resumption, exercises: Mapping[str, Exercise], now: datetime | None = None
) -> str:
    """ "Core basics stopped at 10:05 with 2 of 4 sets done. Resume from set 3 of 4 (Glute
    bridge)?" """
    stopped = resumption.stopped_at.astimezone(local_zone())
    today = (now or utc_now()).astimezone(local_zone()).date()
    when = stopped.strftime("%H:%M" if stopped.date() == today else "%a %H:%M")
    done = f"{resumption.sets_done} of {count_text(resumption.sets_planned, 'set')} done"
    return (
        f"{resumption.routine_name} stopped at {when} with {done}. Resume from set "
        f"{resumption.set_number} of {resumption.sets_planned} "
        f"({set_words(resumption.steps[resumption.set_index], exercises)})?"
    )


def set_words(step: PlannedStep, exercises: Mapping[str, Exercise]) -> str:
    """ "Bird dog, right side", "Glute bridge, set 2 of 3"."""
    parts = [exercises[step.exercise_id].name]
    if step.side is not None:
        parts.append(f"{step.side} side")
    if step.dose is not None and step.dose.sets > 1:
        parts.append(f"set {step.set_number} of {step.dose.sets}")
    return ", ".join(parts)
