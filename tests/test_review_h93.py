"""Review (h93) of 4fac669, e0970af and bb4a56f: each test fails on main and says what should
happen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from export_sessions import H10, export, read_fit, set_row, stored
from live_shell import Shell, live_session, notifications
from test_motion_detectors import Array, Signal

from catalog import Catalog
from catalog.models import Dose
from catalog.plan import GET_READY_S
from db.connection import open_database
from db.sessions import EventRow, SessionWriter, StepRow, utc_now
from sensors.motion.replay import MarkedSet, replay_sets
from sensors.readings import AccelerationBatch
from tui.locations import Locations

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


def test_the_fit_timer_leaves_out_the_time_lumbar_was_closed(
    lumbar_home: Locations, tmp_path: Path
) -> None:
    """Paused at 10 s, lumbar closed at 20 s, taken up again ten minutes later (620 s), done
    at 700 s. The log's duration leaves the time away out (100 s). ``pause_spans`` now ends
    the pause at "interrupted", so the FIT timer runs through the ten minutes lumbar was
    closed: 690 s of timer time in a 100 s session. The timer should stop from the pause
    to the session taken up again: 90 s (a pause, or lumbar closing, lasts to "resume" or
    "resumed"; for ``lumbar analyze`` the two are the same, no sample lies between)."""
    db = open_database(lumbar_home.db_path)
    started = utc_now() - timedelta(seconds=800)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id="core-basics",
        routine_name="Core basics",
        planned_sets=2,
        started_at=started,
    )
    writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 2.0, 9.0, reps=5))
    writer.event(EventRow(t_s=10.0, kind="pause", step_index=2))
    writer.event(EventRow(t_s=20.0, kind="interrupted", step_index=2))
    for t in (*range(21), *range(620, 701)):
        writer.heart_rate(H10, float(t), 80, (750.0,), True)
    writer.update(status="interrupted", ended_at=writer.at(20.0))
    writer.flush()
    again = SessionWriter.resume(db, writer.session_id, 2, now=started + timedelta(seconds=620))
    again.step(set_row(2, "cat-cow", "Cat-cow stretch", "reps", 630.0, 690.0, reps=8))
    again.finish("completed", 700.0)
    db.close()
    assert stored(lumbar_home, writer.session_id)["duration_s"] == 100
    out = tmp_path / "one.fit"
    assert export("--format", "fit", "--session", str(writer.session_id), "-o", str(out)) == 0
    (session,) = read_fit(out)["session_mesgs"]
    assert session["total_timer_time"] == pytest.approx(90.0, abs=0.01)


def test_the_demo_person_turned_over_face_down_to_face_up_ends_where_told() -> None:
    """``_between`` of exactly opposite directions rolls about x (or y), which reaches the
    other direction only when the first is square to that axis: from a prone leg raise's top
    (-0.17, 0, -0.98) to the opposite (a supine hold's top, 0.17, 0, 0.98) it ends 20 degrees
    off, and stays there. The roll's axis should be square to the start (x less its share
    along it)."""
    from sensors.emulation.performer import _between
    from sensors.motion.orientation import angle_deg

    for a in ((-0.17364817766693036, 0.0, -0.9848077530122081), (0.6, 0.8, 0.0)):
        b = (-a[0], -a[1], -a[2])
        assert angle_deg(_between(a, b, 1.0), b) == pytest.approx(0.0, abs=0.01)
        assert angle_deg(a, _between(a, b, 0.5)) == pytest.approx(90.0, abs=0.01)
