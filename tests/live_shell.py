"""A live session driven as the runner screen drives it, minus the screen: its rows go to a
real ``SessionWriter`` on a real SQLite file, and a test reads them back. Shared by the
live-session tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from test_motion_detectors import Array, Signal

from catalog import Catalog
from catalog.models import Dose, Routine, RoutineItem
from catalog.plan import GET_READY_S, expand
from db.connection import open_database
from db.queries import get_session
from db.sessions import SessionWriter
from sensors.emulation.performer import Performer
from sensors.readings import AccelerationBatch
from tui.demo_person import movement_for
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

    def __init__(self, live: LiveSession, db_path: Path, pain_before: int | None = 3) -> None:
        self.live = live
        self.db = open_database(db_path)
        self.writer = SessionWriter.start(self.db, **live.record_fields(pain_before))
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


BRIDGES = ("glute-bridge", Dose(sets=1, reps=3, hold_s=1))
PLANK = ("forearm-plank", Dose(sets=1, reps=1, hold_s=8))


def plank_from_before_the_go(
    builtin: Catalog, tmp_path: Path, keys: dict[float, str], seconds: float
) -> list[tuple[float, str | None]]:
    """A 10 s plank the person lifted into 5 s before the go and holds: what the coach says
    (seconds after the go, words), with the keys pressed at their seconds after the go."""
    go_s = START_PRESSED_S + GET_READY_S
    live = live_session(builtin, ("forearm-plank", Dose(sets=1, reps=1, hold_s=10)), sensors=True)
    shell = Shell(live, tmp_path / "lumbar.db")
    shell(live.begin(0.0))
    t, acc = Signal().hold(go_s - 5.0).move(1.0, 40.0).hold(seconds).samples()
    pending = sorted(keys.items())
    said: list[tuple[float, str | None]] = []
    for batch in notifications(t, acc):
        first = batch.t_s[0]
        press_start_when_due(live, shell, first)
        while pending and first >= go_s + pending[0][0]:
            key = pending.pop(0)[1]
            shell(live.toggle(first) if key == "space" else live.adjust(5, first))
        for effects in (live.hear(batch, batch.t_s[-1]), live.tick(batch.t_s[-1])):
            said += [(c.at_s - go_s, c.words) for c in shell(effects).cues]
    return said


def gated(live: LiveSession) -> bool:
    """Whether a sensor gates holds and counts reps now (a call, so a type checker does not
    carry what an earlier assert said)."""
    return live.engine.gated


class WatchedPlank:
    """A 30 s plank the H10 saw begin, held for ``held_s`` by the demo's person: the session,
    its shell, and ``now``; ``live_for`` goes on feeding the H10's samples."""

    def __init__(self, builtin: Catalog, tmp_path: Path, held_s: float) -> None:
        dose = Dose(sets=1, reps=1, hold_s=30)
        self.live = live_session(builtin, ("forearm-plank", dose), sensors=True)
        self.shell = Shell(self.live, tmp_path / "lumbar.db")
        self.shell(self.live.begin(0.0))
        movement = self.movement = movement_for(builtin.exercises["forearm-plank"], dose)
        self.performer = Performer(movement)
        self.live_for(0.0, 3.0)  # at rest before the start: the detector learns the rest
        self.shell(self.live.toggle(3.0))
        self.live_for(3.0, 3.0 + GET_READY_S)
        self.performer.do("hold", movement)
        self.now = 3.0 + GET_READY_S + held_s
        self.live_for(3.0 + GET_READY_S, self.now)
        assert self.live.engine.view(self.now).hold_state == "holding"
        assert self.live.sensing is not None
        assert self.live.sensing.watches(self.live.engine.index)

    def live_for(self, start_s: float, end_s: float) -> None:
        for batch in batches(self.performer, start_s, end_s):
            self.shell(self.live.hear(batch, batch.t_s[-1]))
            self.shell(self.live.tick(batch.t_s[-1]))

    def live_until(self, done: Callable[[float], bool], within_s: float) -> float:
        """Go on until ``done(now)``, no longer than ``within_s``: the moment it was."""
        for batch in batches(self.performer, self.now, self.now + within_s):
            self.now = batch.t_s[-1]
            self.shell(self.live.hear(batch, self.now))
            self.shell(self.live.tick(self.now))
            if done(self.now):
                return self.now
        raise AssertionError(f"not within {within_s} s")
