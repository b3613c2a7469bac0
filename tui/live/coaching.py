"""What the coach says as a live session goes: the engine's changes and its running clock,
turned into cues (``tui.live.cues.CueSchedule`` decides each one and when it is due)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.live.changes import (
    Change,
    HoldClockStarted,
    HoldClockStopped,
    HoldCompleted,
    RepCountChanged,
    Resumed,
    SessionFinished,
    SessionView,
    StepStarted,
    TimerChanged,
    WentBack,
)
from tui.live.cues import HOLD_BEGUN, Cue, CueSchedule

if TYPE_CHECKING:
    from catalog.models import Exercise
    from tui.live.engine import SessionEngine


class Coach:
    """The session's voice: ``said`` as the engine reports, ``marks`` as its clock runs;
    ``cues`` for what the session says by itself (a question, a form fault)."""

    def __init__(
        self,
        engine: SessionEngine,
        exercises: Mapping[str, Exercise],
        changed: Mapping[str, str] | None = None,
    ) -> None:
        """``changed``: what the get-ready of an exercise whose dose changed since shown
        says of it (``CueSchedule``)."""
        self.engine = engine
        self.exercises = exercises
        self.cues = CueSchedule(engine.steps, exercises, changed)
        self._reps_said: dict[int, int] = {}
        """Per set, the count said last (a rep taken back is not said again)."""
        self._stopped: tuple[HoldClockStopped, float] | None = None
        """The hold's clock a sensor stopped (the person left the position, or the sensor
        came back and must see them in it) and when, on the step's running clock, until it
        runs again."""
        self._waiting: tuple[int, int, float] | None = None
        """The hold a sensor has not seen begin (set, hold number) and since when, on the
        step's running clock."""
        self._on_resume: list[Cue] = []
        """What a step begun while paused (n or b) says, or a hold a sensor saw taken up in
        the pause, said when the session resumes: a "Go." or "Hold." with the clock stopped
        would start the person for nothing."""

    def said(self, changes: Sequence[Change], now: float) -> list[Cue]:
        """What the coach says as the engine reports ``changes``."""
        cues: list[Cue] = []
        went_back: WentBack | None = None
        for at, change in enumerate(changes):
            if isinstance(change, HoldClockStopped):
                # Let go in a pause too: recalled on the running clock once resumed, and a
                # "Hold." waiting for the resume is no longer true.
                self._stopped = (change, self.engine.view(now).elapsed_s)
                self._on_resume = [c for c in self._on_resume if c.words != HOLD_BEGUN]
            elif isinstance(change, StepStarted | HoldClockStarted | HoldCompleted):
                self._stopped = None
            if isinstance(change, StepStarted):
                self.cues.forget(change.index)
                self._reps_said.pop(change.index, None)
                before = self.engine.steps[change.index - 1] if change.index > 0 else None
                counted_down = before is not None and (
                    before.kind in ("ready", "switch")
                    or (before.kind == "rest" and change.step.kind == "work")
                )
                if went_back is not None:  # the lead-in of a set done again
                    begun = self.cues.went_back(change.t_s, went_back.to_index)
                else:
                    begun = self.cues.step_started(change.t_s, change.index, counted_down)
                went_back = None
                if self.engine.phase == "paused":
                    self._on_resume = begun
                else:
                    self._on_resume = []
                    cues += begun
            elif isinstance(change, WentBack):
                went_back = change
            elif isinstance(change, Resumed):
                cues += [replace(cue, at_s=change.t_s) for cue in self._on_resume]
                self._on_resume = []
            elif isinstance(change, RepCountChanged):
                said = self._reps_said.get(change.index, 0)
                if change.reps_done > said:
                    cues += self.cues.rep_counted(change.t_s, change.reps_done)
                elif change.reps_done < said:  # taken back: the rep under way is paced again
                    self.cues.reps_taken_back(change.index, change.reps_done)
                self._reps_said[change.index] = change.reps_done
            elif isinstance(change, HoldCompleted):
                cues += self.cues.hold_completed(change.t_s)
            elif isinstance(change, TimerChanged):
                self.cues.timer_changed(change.index)
            elif isinstance(change, HoldClockStarted) and self.engine.gated:
                # Said now, though timed from earlier; not when that time completes it.
                later = changes[at + 1 :]
                done = any(isinstance(c, HoldCompleted) and c.index == change.index for c in later)
                begun = [] if done else self.cues.hold_begun(now)
                if self.engine.phase == "paused":  # its clock runs once resumed: said once
                    self._on_resume = [c for c in self._on_resume if c.words != HOLD_BEGUN]
                    self._on_resume += begun
                else:
                    cues += begun
            elif isinstance(change, SessionFinished):
                self._on_resume = []
                cues += self.cues.finished(change.t_s, change.status)
        return cues

    def marks(self, now: float) -> list[Cue]:
        """Cues of the running clock: countdowns, halfway, the next word of a paced rep."""
        engine = self.engine
        if engine.phase != "running":
            return []
        view = engine.view(now)
        step = view.step
        mode = self.exercises[step.exercise_id].mode
        next_step = view.next_step
        counting_down = (
            step.kind in ("ready", "switch")
            or (step.kind == "rest" and next_step is not None and next_step.kind == "work")
            or (step.kind == "work" and mode == "timed")
            or (step.kind == "work" and mode == "hold" and view.hold_state == "holding")
        )
        cues = self.cues.marks(
            now,
            view.index,
            view.seconds_left,
            view.hold_number,
            view.target_s if step.kind == "work" else None,
            counting_down,
            _tempo_next(view) if engine.paced else None,
            (view.reps_done, view.tempo.label if view.tempo else None),
        )
        if step.kind == "work" and view.hold_state == "resetting" and not engine.gated:
            cues += self.cues.hold_due(now, view.index, view.hold_number, view.seconds_left)
        if self._stopped is not None and view.enter_does == "start-hold":
            self._stopped = None  # the break took back all the hold had: it has not begun
        if self._stopped is not None and view.hold_state != "holding":
            stopped, since_s = self._stopped
            if stopped.index == view.index:
                cues += self.cues.still_broken(
                    now, view.elapsed_s, view.index, view.hold_number, since_s, stopped.reason
                )
        return cues + self._not_begun(view, mode, now)

    def _not_begun(self, view: SessionView, mode: str, now: float) -> list[Cue]:
        """A hold a sensor times that has not begun (none broken meanwhile): recalled."""
        waiting = (
            view.step.kind == "work"
            and mode == "hold"
            and self.engine.gated
            and view.enter_does == "start-hold"  # what the reminder says Enter does
            and view.hold_state == "settling"
            and self._stopped is None
        )
        if not waiting:
            self._waiting = None
            return []
        if self._waiting is None or self._waiting[:2] != (view.index, view.hold_number):
            self._waiting = (view.index, view.hold_number, view.elapsed_s)
        since_s = self._waiting[2]
        return self.cues.not_begun(now, view.elapsed_s, view.index, view.hold_number, since_s)


def _tempo_next(view: SessionView) -> tuple[str, float, str] | None:
    """Where a paced rep is, the seconds left in that part, and what comes next (the
    count itself is said as the rep is counted)."""
    tempo = view.tempo
    if tempo is None:
        return None
    coming = {"lift": "hold", "hold": "lower", "lower": "count", "pause": "lift"}
    following = coming[tempo.label]
    if following == "hold" and view.step.dose is not None and not view.step.dose.hold_s:
        following = "lower"
    return tempo.label, tempo.seconds_left, following
