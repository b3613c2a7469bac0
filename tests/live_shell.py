"""A live session driven as the runner screen drives it, minus the screen: its rows go to a
real ``SessionWriter`` on a real SQLite file, and a test reads them back. Shared by the
live-session tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from test_motion_detectors import Array

from catalog import Catalog
from catalog.models import Dose, Routine, RoutineItem
from catalog.plan import expand
from db.connection import open_database
from db.queries import get_session
from db.sessions import SessionWriter
from sensors.emulation.performer import Performer
from sensors.readings import AccelerationBatch
from tui.live import Effects, LiveSession

H10 = "C0:1A:2B:3C:4D:10"
RATE_HZ = 200.0
BATCH = 14


def routine(*items: tuple[str, Dose]) -> Routine:
    return Routine(
        id="test",
        name="Test",
        description="A routine for a test.",
        items=tuple(RoutineItem(exercise=exercise, dose=dose) for exercise, dose in items),
    )


def live_session(
    builtin: Catalog, *items: tuple[str, Dose], sensors: bool = False, demo: bool = False
) -> LiveSession:
    chosen = routine(*items)
    steps = list(expand(chosen, builtin.exercises, rest_s=0))
    return LiveSession(chosen, steps, builtin.exercises, sensors=sensors, demo=demo)


class Shell:
    """What the runner screen does with effects, minus the screen: rows to a real writer."""

    def __init__(self, live: LiveSession, db_path: Path) -> None:
        self.live = live
        self.db = open_database(db_path)
        self.writer = SessionWriter.start(self.db, **live.record_fields(3))
        self.effects: list[Effects] = []

    def __call__(self, effects: Effects) -> Effects:
        self.effects.append(effects)
        self.writer.write(effects.rows)
        if effects.save:
            self.writer.flush()
        return effects

    def stored(self) -> dict[str, Any]:
        self.writer.flush()
        session = get_session(self.db, self.writer.session_id)
        assert session is not None
        return session


def batches(performer: Performer, start_s: float, end_s: float) -> Iterator[AccelerationBatch]:
    t = start_s
    while t < end_s - 1e-9:
        times = tuple(t + i / RATE_HZ for i in range(BATCH))
        samples = tuple(tuple(round(v) for v in performer(x)) for x in times)
        yield AccelerationBatch(H10, times, samples, RATE_HZ)  # type: ignore[arg-type]
        t += BATCH / RATE_HZ


def notifications(t: Array, acc: Array, size: int = 10) -> Iterator[AccelerationBatch]:
    """A ``Signal``'s samples (g) as the H10 sends them: ``size`` at a time, in mg."""
    rate = 1.0 / float(t[1] - t[0])
    for i in range(0, len(t), size):
        times = tuple(float(x) for x in t[i : i + size])
        mg = tuple(tuple(round(1000.0 * v) for v in row) for row in acc[i : i + size])
        yield AccelerationBatch(H10, times, mg, rate)


START_PRESSED_S = 3.0
"""When the tests fed a ``Signal`` press space: the get-ready starts, and the set after it."""


def press_start_when_due(live: LiveSession, shell: Shell, now: float) -> None:
    if now >= START_PRESSED_S and live.view(now).state == "waiting":
        shell(live.toggle(now))


def fed(
    live: LiveSession, shell: Shell, t: Array, acc: Array
) -> Iterator[tuple[float, Effects, Effects]]:
    """A ``Signal`` through the session notification by notification, space pressed when due:
    after each, its time and what hearing it and the tick after it gave."""
    for batch in notifications(t, acc):
        now = batch.t_s[-1]
        press_start_when_due(live, shell, batch.t_s[0])
        yield now, shell(live.hear(batch, now)), shell(live.tick(now))


def step_kind(live: LiveSession) -> str:
    """The kind of step the session is in (a call, so a type checker does not carry what an
    earlier assert said)."""
    return live.engine.step.kind
