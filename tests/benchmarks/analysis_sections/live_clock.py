"""A hold step's clock as a live session runs it, for timing detected holds against truth."""

from __future__ import annotations

from sensors.motion import HoldBroken, HoldEnded, HoldResumed, HoldStarted, MotionEvent


class LiveClock:
    """A hold step's clock as a live session runs it: lumbar's own ``SessionEngine``, told of
    each hold (re)start and break as the live session tells it (with the moment the detector
    names), at the end of the notification that brought it."""

    def __init__(self, start_s: float) -> None:
        from catalog import load_catalog
        from catalog.models import Dose
        from catalog.plan import PlannedStep
        from tui.live.engine import MAX_HOLD_S, SessionEngine

        dose = Dose(sets=1, reps=1, hold_s=MAX_HOLD_S)
        step = PlannedStep("work", "forearm-plank", 1, None, dose, float(MAX_HOLD_S))
        self._engine = SessionEngine([step], load_catalog(None).exercises)
        self._engine.toggle(start_s)
        self._engine.set_gated(True, start_s)
        self._target_s = float(MAX_HOLD_S)  # a hold that never completes in a posture
        self._now_s = start_s
        self.first_on_s: float | None = None
        self.last_off_s: float | None = None

    @property
    def held_s(self) -> float:
        view = self._engine.view(self._now_s)
        return self._target_s - (view.seconds_left or 0.0)

    def hear(self, now_s: float, events: list[MotionEvent]) -> None:
        engine = self._engine
        self._now_s = now_s
        engine.tick(now_s)  # the clock as it stands now, before the events move it
        for event in events:
            before = self.held_s
            if isinstance(event, HoldStarted | HoldResumed):
                engine.hold_started(now_s, since=event.t_s)
                if self.first_on_s is None and engine.view(now_s).hold_state == "holding":
                    self.first_on_s = now_s - (self.held_s - before)
            elif isinstance(event, HoldBroken | HoldEnded):
                holding = engine.view(now_s).hold_state == "holding"
                engine.hold_broken(now_s, since=event.t_s)
                if holding:
                    self.last_off_s = now_s - (before - self.held_s)
        engine.tick(now_s)
