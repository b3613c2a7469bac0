"""The session engine as its tests drive it: a clock that moves only when a test moves it,
and the built-in core basics started and run to a set of reps or to the plank's holds."""

from __future__ import annotations

from catalog import Catalog
from catalog.plan import PlannedStep, expand
from tui.live.changes import Change
from tui.live.engine import SessionEngine


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self, seconds: float = 0.0) -> float:
        self.now += seconds
        return self.now


def engine_for(catalog: Catalog, routine_id: str = "core-basics") -> SessionEngine:
    steps = expand(catalog.routines[routine_id], catalog.exercises, rest_s=30)
    return SessionEngine(steps, catalog.exercises)


def kinds(changes: list[Change]) -> list[str]:
    return [type(c).__name__ for c in changes]


def step_signature(step: PlannedStep) -> tuple[str, str, int, str | None]:
    return (step.kind, step.exercise_id, step.set_number, step.side)


def working_engine(catalog: Catalog, clock: Clock) -> SessionEngine:
    """Core basics started and run to its first set of reps."""
    engine = engine_for(catalog)
    engine.toggle(clock())
    run_until_work(engine, clock)
    return engine


def run_until_work(engine: SessionEngine, clock: Clock) -> None:
    while engine.step.kind != "work":
        engine.tick(clock(1))


def hold_engine(catalog: Catalog, clock: Clock) -> SessionEngine:
    """A session at the forearm plank (3 holds of 10 s)."""
    engine = engine_for(catalog)
    engine.toggle(clock())
    while engine.step.exercise_id != "forearm-plank" or engine.step.kind != "work":
        engine.next(clock())
    return engine
