"""Turns what the session engine reports into database rows (handed on as effects; the
writer keeps them and writes about every second).

The set under way is checkpointed about every second (``checkpoint``), so a crash loses at
most about that; a set done again (a redo, after b) too, by the engine's rule for a redo
left unfinished (``SessionEngine._earlier_stands``): a set done stands as done, and nothing
of its redo is checkpointed; a set left part-done (n, s) keeps its row until the redo has
got further, and then the redo's progress is checkpointed in its place (cut off there, the
set is the redo's, to be done again on resuming); the row as left comes back if the redo
falls back (reps taken back) or is left (b, n, s, the end) before getting further.

A resumed session's set cut off by the interruption (``cut_off``: its row as stored,
unfinished) is done again, and nothing recorded of it is lost: the redo's row replaces it
once the redo is done, or has got further (more reps or holds, then more held, then more
time in it); until then its checkpoints leave it be, going back from it or ending the
session before the redo starts leaves it as it was, and skipping it (or ending the session
in it) keeps it, marked skipped, ending when the session stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from catalog.models import Exercise
from db.figures import PAIN_ENDING
from db.sessions import EventRow, Row, SessionUpdate, StepDiscarded, StepRow, StepSensing
from tui.live.changes import (
    Change,
    HoldClockStarted,
    HoldClockStopped,
    HoldCompleted,
    PainReported,
    Paused,
    RedoLeft,
    RepConfirmed,
    RepsTakenBack,
    Resumed,
    SessionFinished,
    StepFinished,
    StepResult,
    StepStarted,
    TimerChanged,
    WentBack,
)
from tui.live.engine import SessionEngine


class SessionRecorder:
    """One session's changes as rows. ``start_s`` is the engine's time at start."""

    def __init__(
        self,
        exercises: Mapping[str, Exercise],
        start_s: float,
        sensing: Callable[[int], StepSensing | None] = lambda index: None,
        finished: Iterable[int] = (),
        cut_off: Iterable[StepRow] = (),
        stopped_s: float = 0.0,
        left: Iterable[StepRow] = (),
    ) -> None:
        """``finished``: the steps with a finished row already (a resumed session's);
        ``cut_off``: its sets cut off by the interruption, as stored, which stopped at
        ``stopped_s`` (session seconds); ``left``: those of its finished sets that were left
        part-done (skipped), as stored."""
        self.exercises = exercises
        self.start_s = start_s
        self.sensing = sensing
        """What a wearable saw during a set, by step index."""
        self._finished: set[int] = set(finished)
        """Steps with a finished row: a checkpoint of a redo must never replace it."""
        self._checkpointed: int | None = None
        self._left: dict[int, StepRow] = {row.step_index: row for row in left}
        """Sets left part-done (skipped) in this session, as their finished row has them,
        until a redo that got further replaces them."""
        self._ahead: set[int] = set()
        """Sets whose row as left or cut off a checkpoint of their redo has replaced."""
        self._cut_off: dict[int, StepRow] = {row.step_index: row for row in cut_off}
        """Sets cut off by an interruption, as stored, until a redo replaces them."""
        self._stopped_s = stopped_s
        self._broken: set[int] = set()
        """Steps whose hold was broken and not yet resumed."""
        self.sensed: dict[int, StepSensing] = {}
        """What was sensed in each set, as its finished row has it (a redo left unfinished
        does not replace it)."""

    def t(self, engine_s: float) -> float:
        return max(0.0, engine_s - self.start_s)

    def rows(self, changes: Iterable[Change]) -> list[Row]:
        rows: list[Row] = []
        for change in changes:
            rows += self._rows(change)
        return rows

    def _rows(self, change: Change) -> list[Row]:
        if isinstance(change, StepFinished):
            row = self._instead_of_cut_off(self.row(change.result, finished=True))
            self._cut_off.pop(row.step_index, None)
            self._finished.add(row.step_index)
            self._ahead.discard(row.step_index)
            if row.skipped:
                self._left[row.step_index] = row
            else:
                self._left.pop(row.step_index, None)
            if self._checkpointed == row.step_index:
                self._checkpointed = None  # its row is final
            self._broken.discard(row.step_index)
            if row.sensing is not None:
                self.sensed[row.step_index] = row.sensing
            else:
                self.sensed.pop(row.step_index, None)
            return [row]
        if isinstance(change, StepStarted | HoldCompleted):
            self._broken.discard(change.index)  # a new set or hold starts, not resumes
        elif isinstance(change, RedoLeft):
            return self._discard_unfinished(change.index)  # the set as it was left before
        elif isinstance(change, WentBack):
            return [
                *self._discard_unfinished(change.from_index),
                self.event(change.t_s, "back", change.from_index, change.to_index),
            ]
        elif isinstance(change, RepsTakenBack):
            # Kept with the set: why it has fewer reps than were called out.
            return [self.event(change.t_s, "reps-taken-back", change.index, change.how_many)]
        elif isinstance(change, RepConfirmed):
            # A press taken as the person's word for a rep counted for them (by the coach at
            # the tempo, or a sensor): why a press added nothing.
            who = "coach" if change.by == "pacer" else change.by
            return [self.event(change.t_s, "rep-confirmed", change.index, change.rep, who)]
        elif isinstance(change, Paused):
            return [self.event(change.t_s, "pause")]
        elif isinstance(change, Resumed):
            return [self.event(change.t_s, "resume")]
        elif isinstance(change, PainReported):
            return [self.event(change.t_s, "pain", change.index, change.level)]
        elif isinstance(change, TimerChanged):
            kind = "hold-changed" if change.hold else "timer-changed"
            return [self.event(change.t_s, kind, change.index, change.target_s)]
        elif isinstance(change, HoldClockStopped):
            self._broken.add(change.index)
            if change.why != "left":  # a sensor back ("sensor-on" says so), or a pause's rest
                return []
            return [
                self.event(change.t_s, "hold-broken", change.index, None, change.reason or None)
            ]
        elif isinstance(change, HoldClockStarted):
            # A sensor saw the person settle in: back after a break, or a hold's start.
            again = change.index in self._broken
            self._broken.discard(change.index)
            kind = "hold-resumed" if again else "hold-started"
            return [self.event(change.t_s, kind, change.index)]
        elif isinstance(change, SessionFinished):
            rows: list[Row] = []
            if self._checkpointed is not None:
                rows += self._discard_unfinished(self._checkpointed)
            why = PAIN_ENDING if change.for_pain else None  # what today's words read
            rows.append(self.event(change.t_s, change.status, change.left_index, None, why))
            rows.append(SessionUpdate(status=change.status, ended_t_s=self.t(change.t_s)))
            return rows
        return []

    def checkpoint(self, engine: SessionEngine, now: float) -> list[Row]:
        """How far the current set has got, so a crash loses at most about a second: a redo
        once it has got further than the set as left or cut off (a set done stands)."""
        result = engine.in_progress(now)
        if result is None:
            return []
        index = result.index
        standing = self._standing(index)
        if standing is None and index in self._finished:
            return []
        self._checkpointed = index
        row = self.row(result, finished=False)
        if standing is None:
            return [row]
        if _further(row, standing):
            self._ahead.add(index)
            return [row]
        if index in self._ahead:  # it fell back (reps taken back): the set as it stands
            self._ahead.discard(index)
            return [standing]
        return []

    def _standing(self, index: int) -> StepRow | None:
        """The row of a set left part-done or cut off, as it stands until a redo gets
        further."""
        return self._left.get(index) or self._cut_off.get(index)

    def _discard_unfinished(self, index: int) -> list[Row]:
        """The set under way was left unfinished: forgotten, or as it stood before."""
        ahead = index in self._ahead
        self._ahead.discard(index)
        cut_off = self._cut_off.get(index)
        if cut_off is not None:
            return [cut_off]  # as it was
        left = self._left.get(index)
        if left is not None:
            return [left] if ahead else []  # as it was, if a checkpoint replaced it
        return [] if index in self._finished else [StepDiscarded(index)]

    def _instead_of_cut_off(self, row: StepRow) -> StepRow:
        """A redo's finished row, or (skipped before it got further) the set as cut off, or
        as left before (the engine compares a redo with its own result, which for a set kept
        as cut off is less than the row stored)."""
        left = self._left.get(row.step_index)
        if left is not None and row.skipped and not _further(row, left):
            return left
        cut_off = self._cut_off.get(row.step_index)
        if cut_off is None or not row.skipped or _further(row, cut_off):
            return row
        return replace(cut_off, skipped=True, ended_s=max(cut_off.started_s, self._stopped_s))

    def event(
        self,
        engine_s: float,
        kind: str,
        step_index: int | None = None,
        value: float | None = None,
        detail: str | None = None,
    ) -> EventRow:
        return EventRow(self.t(engine_s), kind, step_index, value, detail)

    def row(self, result: StepResult, *, finished: bool) -> StepRow:
        exercise = self.exercises[result.exercise_id]
        return StepRow(
            step_index=result.index,
            exercise_id=result.exercise_id,
            exercise_name=exercise.name,
            mode=exercise.mode,
            set_number=result.set_number,
            side=result.side,
            planned_sets=result.planned.sets,
            planned_reps=result.planned.reps,
            planned_hold_s=result.planned.hold_s,
            planned_duration_s=result.planned.duration_s,
            reps_done=result.reps_done,
            holds_s=result.holds_s,
            active_s=result.active_s,
            skipped=result.skipped,
            started_s=self.t(result.started_s),
            ended_s=self.t(result.ended_s) if finished else None,
            sensing=self.sensing(result.index),
            target_hold_s=_target(result, "hold", exercise.mode, result.planned.hold_s),
            target_duration_s=_target(result, "timed", exercise.mode, result.planned.duration_s),
        )


def _target(result: StepResult, mode: str, exercise_mode: str, planned: int | None) -> int | None:
    """The hold or timer in force when the set ended, for an exercise of ``mode``: what
    + and - made it, else the planned one."""
    if exercise_mode != mode:
        return planned
    return planned if result.target_s is None else round(result.target_s)


def _further(redo: StepRow, cut_off: StepRow) -> bool:
    """The redo has got further than the set cut off: more reps (or holds), or as many and
    more held, or as much and longer in it."""
    return (redo.reps_done, sum(redo.holds_s), redo.active_s) > (
        cut_off.reps_done,
        sum(cut_off.holds_s),
        cut_off.active_s,
    )
