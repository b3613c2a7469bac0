"""A set opens in the detector at its go's sample, as ``lumbar analyze`` opens it from the
export, whatever order the session hears the notifications and ticks in; the engine's clock
never goes back for a sensor's moment. Found by review (helper-93) of 4fac669."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from live_shell import Shell, live_session, notifications
from test_motion_detectors import Array, Signal

from catalog import Catalog
from catalog.models import Dose
from catalog.plan import GET_READY_S
from db.sessions import EventRow, StepRow
from sensors.motion.replay import MarkedSet, replay_sets
from sensors.readings import AccelerationBatch

Order = list[tuple[float, str, AccelerationBatch | None]]
"""(when, what, batch) as the session gets them: "press" (space), "tick" or "hear"."""


def _clam_shells_moving_at_the_go(
    builtin: Catalog, tmp_path: Path, pressed_s: float, order: Callable[[Array, Array], Order]
) -> tuple[StepRow, int, int]:
    """Ten clam shells, the person lurching 0.3 s before the go: the set as stored, and the
    form warnings replayed from the stream (``lumbar analyze``) and said live."""
    live = live_session(builtin, ("clam-shell", Dose(sets=1, reps=10)), sensors=True)
    shell = Shell(live, tmp_path / "lumbar.db")
    shell(live.begin(0.0))
    go_s = pressed_s + GET_READY_S
    signal = Signal().hold(go_s - 0.3).move(1.0, 50.0).hold(0.5).move(1.0, 0.0).hold(1.5)
    t, acc = signal.reps(6, 20.0, 1.0, 0.5, 1.0, 1.0).hold(3.0).samples()
    rows: list[object] = []
    pressed: Order = [(pressed_s, "press", None)]
    for now, what, batch in sorted([*pressed, *order(t, acc)], key=lambda e: e[0]):
        if what == "press":
            shell(live.toggle(now))
        elif what == "tick":
            rows += shell(live.tick(now)).rows
        elif batch is not None:
            rows += shell(live.hear(batch, now)).rows
    rows += shell(live.next(float(t[-1]) + 1.0)).rows
    (step,) = [r for r in rows if isinstance(r, StepRow) and r.ended_s is not None]
    assert step.ended_s is not None
    said = [r for r in rows if isinstance(r, EventRow) and r.kind == "form-warning"]
    marked = MarkedSet(step.step_index, "clam-shell", step.started_s, step.ended_s)
    (replayed,) = replay_sets(t, acc, [marked])
    return step, len(replayed.form_warnings), len(said)


def _hear_then_tick(t: Array, acc: Array) -> Order:
    """As live_shell drives it: each notification heard at its last sample, then a tick."""
    out: Order = []
    for batch in notifications(t, acc):
        out += [(batch.t_s[-1], "hear", batch), (batch.t_s[-1] + 1e-9, "tick", None)]
    return out


def test_a_go_between_two_notifications_opens_the_set_at_its_sample_as_analyze_does(
    builtin: Catalog, tmp_path: Path
) -> None:
    """Space pressed at 3.095 s: the go (13.095 s) falls after the last sample of one
    notification (13.09) and before the first of the next (13.10). ``_hear`` splits only when
    some sample is at or before the go (``if k:``); here none is, so the whole next
    notification is heard in the get-ready and the set opens at 13.19, where replay opens it
    at 13.09: 1 warning live, 7 replayed. The session should tick to the go first (k == 0)."""
    step, replayed, said = _clam_shells_moving_at_the_go(builtin, tmp_path, 3.095, _hear_then_tick)
    assert step.sensing is not None
    assert replayed == step.sensing.form_warnings == said


def _as_the_runner(t: Array, acc: Array) -> Order:
    """As the runner screen drives it: a tick every 0.1 s (TICK_S), each notification heard
    30 ms after its last sample (the radio's latency)."""
    out: Order = [(batch.t_s[-1] + 0.03, "hear", batch) for batch in notifications(t, acc)]
    out += [(0.05 + 0.1 * k, "tick", None) for k in range(int(float(t[-1]) * 10))]
    return out


def test_a_go_the_runners_tick_reaches_first_opens_the_set_at_its_sample_as_analyze_does(
    builtin: Catalog, tmp_path: Path
) -> None:
    """In the app the clock ticks every 0.1 s on its own, and a notification arrives after
    its samples were taken, so the tick usually reaches the go before the notification the
    go falls in is heard: the set opens in the detector at the last sample heard, before the
    go, and ``timer_due_s`` never splits anything. Go at 13.03 s: 7 warnings live, 1 replayed.
    The detector should open the set at the go's sample whichever comes first (e.g.
    ``SessionSensing.step_started`` told the go's time, holding the opening until a sample
    after it is heard)."""
    step, replayed, said = _clam_shells_moving_at_the_go(builtin, tmp_path, 3.03, _as_the_runner)
    assert step.sensing is not None
    assert replayed == step.sensing.form_warnings == said


def test_a_set_runs_no_longer_for_a_sensor_that_starts_in_the_notification_of_its_go(
    builtin: Catalog, tmp_path: Path
) -> None:
    """The H10's first notification holds the go (13.0 s). Its first sample starts the motion
    (``set_gated`` ticks the engine to ``now``, 13.09: the set opens at 13.0); then
    ``_hear`` ticks at the go, 13.0, which winds the engine's clock back, and the next tick
    counts 13.0-13.09 a second time: the set ran 6.99 s, its active_s says 7.08. The engine
    should not take its clock back (or ``_hear`` should not tick behind it)."""
    live = live_session(builtin, ("glute-bridge", Dose(sets=1, reps=10)), sensors=True)
    shell = Shell(live, tmp_path / "lumbar.db")
    shell(live.begin(0.0))
    t, acc = Signal().hold(20.0).samples()
    rows: list[object] = []
    for batch in notifications(t, acc):
        if batch.t_s[0] >= 3.0 and live.view(batch.t_s[0]).state == "waiting":
            shell(live.toggle(batch.t_s[0]))
        if batch.t_s[0] >= 13.0:  # the strap's data starts with the go's notification
            rows += shell(live.hear(batch, batch.t_s[-1])).rows
        rows += shell(live.tick(batch.t_s[-1])).rows
    rows += shell(live.next(float(t[-1]))).rows
    (step,) = [r for r in rows if isinstance(r, StepRow) and r.ended_s is not None]
    assert step.ended_s is not None
    assert step.active_s == pytest.approx(step.ended_s - step.started_s, abs=0.005)
