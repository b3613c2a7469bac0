"""A hold step's clock as a live session runs it, for timing detected holds against truth."""

from __future__ import annotations

from sensors.motion import MotionEvent


class LiveClock:
    """A hold step's clock as a live session runs it: lumbar's own ``SessionEngine``, told of
    each hold (re)start and break as the live session tells it (``tui.live.hold_breaks``'s
    ``hold_event``, with the moment the detector names), at the end of the notification that
    brought it."""

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
        from tui.live.hold_breaks import hold_event

        engine = self._engine
        self._now_s = now_s
        engine.tick(now_s)  # the clock as it stands now, before the events move it
        for event in events:
            before = self.held_s
            holding = engine.view(now_s).hold_state == "holding"
            if hold_event(engine, event, now_s) is None:
                continue
            now_holding = engine.view(now_s).hold_state == "holding"
            if now_holding and not holding and self.first_on_s is None:
                self.first_on_s = now_s - (self.held_s - before)
            elif holding and not now_holding:
                self.last_off_s = now_s - (before - self.held_s)
        engine.tick(now_s)
