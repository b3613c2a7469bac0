"""A guided session with the demo's emulated H10, through bleak, on the real clock.

The demo person wears the emulated H10 and does what the screen says (``tui.demo_person``):
nobody presses a key for a rep or a hold. The session must count the bridge's reps itself,
time the plank only while it is held (the first hold sags once), notice the rocked rep, and
keep all of it per set in the database, with heart rate and the raw accelerometer stream.
The detectors are reached only the way the app reaches them: samples from Bumble through
bleak, the hub and the sensor link.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from catalog import load_catalog
from db.connection import open_database
from db.queries import get_session
from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens.questions import NoteQuestion, NumberQuestion
from tui.screens.runner import RunnerScreen
from tui.screens.summary import SummaryScreen
from tui.settings import Settings

SIZE = (80, 24)
ROUTINE = """
[[routine]]
id = "sensor-check"
name = "Sensor check"
description = "A short bridge set and one plank hold, to see the sensors at work."
items = [
  { exercise = "glute-bridge", dose = { sets = 1, reps = 3, hold_s = 1 } },
  { exercise = "forearm-plank", dose = { sets = 1, reps = 1, hold_s = 8 } },
]
"""
H10_ADDRESS = "C0:1A:2B:3C:4D:10"


async def until(pilot: Pilot[Any], holds: Callable[[], bool], what: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not holds():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout_s} s for {what}")
        await pilot.pause(0.1)


async def answer(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text, "enter")


async def test_the_demo_h10_counts_reps_and_times_holds_by_itself(
    lumbar_home: Locations, user_catalog: Any
) -> None:
    (user_catalog / "sensor-check.toml").write_text(ROUTINE)
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, rest_s=0, age=50),
        locations=lumbar_home,
        start_routine="sensor-check",
        demo=True,
    )
    labels: set[str] = set()
    panels: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain check", 10)
        await answer(pilot, "2")
        runner = next(s for s in app.screen_stack if isinstance(s, RunnerScreen))

        def streaming() -> bool:
            return runner.sensing is not None and runner.sensing.streaming

        await until(pilot, streaming, "the emulated H10's accelerometer", 30)
        await pilot.press("space")

        def over() -> bool:
            labels.add(str(runner.query_one("#run-label", Static).render()))
            panels.add(str(runner.query_one("#run-sensors", Static).render()))
            return runner.engine.phase == "finished"

        await until(pilot, over, "the session to finish by itself", 150)
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain after", 10)
        await answer(pilot, "1")
        await until(pilot, lambda: isinstance(app.screen, NoteQuestion), "the note", 10)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary", 10)
        session_id = runner.recorder.writer.session_id if runner.recorder else None
        table = app.screen.query_one(DataTable)
        sensed = [str(table.get_row_at(row)[-1]) for row in range(table.row_count)]
        assert sensed[0].startswith("3 counted · ⚠")
        assert sensed[1].startswith("1 break")
        assert "♥" in sensed[1]

    shown = "\n".join(labels)
    assert "the sensor counts" in shown
    assert "settle in" in shown
    assert "holding" in shown
    assert "hold broken" in shown  # the first hold sags
    assert any("♥" in panel and "Motion:" in panel for panel in panels)
    assert any("hips not level" in panel for panel in panels)  # the third rep rocks

    db = open_database(lumbar_home.db_path, writable=False)
    assert session_id is not None
    session = get_session(db, session_id)
    assert session is not None
    assert session["status"] == "completed"
    bridge, plank = session["steps"]

    # Three reps, every one counted by the sensor (no key was pressed), at the demo's tempo.
    assert (bridge["exercise_id"], bridge["reps_done"], bridge["reps_sensed"]) == (
        "glute-bridge",
        3,
        3,
    )
    times = bridge["rep_times_s"]
    assert len(times) == 3
    assert bridge["start_t_s"] < times[0] < times[1] < times[2] <= bridge["end_t_s"] + 0.5
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(5.0 < gap < 9.0 for gap in gaps), gaps  # lift 2 s, top 1, lower 3, pause 1
    assert bridge["sensor"] == H10_ADDRESS
    assert bridge["form_warnings"] >= 1
    assert bridge["max_rock_deg"] > 10.0  # the rule's limit for hips not level
    warnings = [e for e in session["events"] if e["kind"] == "form-warning"]
    assert warnings
    assert {e["step_index"] for e in warnings} == {bridge["step_index"]}
    assert warnings[0]["detail"] == "hips not level"

    # One 8 s hold, timed only while held: the sag stopped the clock once.
    assert plank["exercise_id"] == "forearm-plank"
    assert plank["reps_done"] == 1
    assert plank["held_s"] == pytest.approx(8.0, abs=0.15)
    assert plank["hold_breaks"] == 1
    assert 1.0 < plank["broken_s"] < 6.0
    assert plank["reps_sensed"] is None  # holds are not reps
    plank_active_s = plank["end_t_s"] - plank["start_t_s"]
    assert plank_active_s > plank["held_s"] + plank["broken_s"] - 0.5
    kinds = [e["kind"] for e in session["events"] if e["step_index"] == plank["step_index"]]
    assert kinds == ["hold-started", "hold-broken", "hold-resumed"]

    # Heart rate per set and in rows; the H10 and the strap took part.
    assert bridge["avg_bpm"] is not None
    assert 40 <= bridge["avg_bpm"] <= 200
    assert plank["peak_bpm"] is not None
    assert plank["peak_bpm"] >= plank["avg_bpm"]
    heart = db.execute("SELECT count(*), max(t_s) FROM heart_rate").fetchone()
    duration_s = session["duration_s"]
    assert heart[0] >= duration_s * 0.8  # about one a second, per device
    devices = {d["address"]: d for d in session["devices"]}
    assert H10_ADDRESS in devices
    assert devices[H10_ADDRESS]["kind"] == "polar-h10"

    # The raw accelerometer: 200 Hz from when streaming began, nothing dropped on the way.
    samples, first, last = db.execute(
        "SELECT sum(count), min(t0_s), max(t0_s) FROM stream_chunks WHERE stream = 'acc'"
    ).fetchone()
    assert samples > 200 * (last - first) * 0.95
    rr = [json.loads(r[0]) for r in db.execute("SELECT rr_ms FROM heart_rate").fetchall()]
    assert any(rr)


DROP_ROUTINE = """
[[routine]]
id = "drop-check"
name = "Drop check"
description = "One plank hold, during which the strap loses its link."
items = [{ exercise = "forearm-plank", dose = { sets = 1, reps = 1, hold_s = 12 } }]
"""


async def test_a_strap_that_drops_mid_hold_hands_the_hold_to_the_clock_and_back(
    lumbar_home: Locations, user_catalog: Any
) -> None:
    (user_catalog / "drop-check.toml").write_text(DROP_ROUTINE)
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, rest_s=0),
        locations=lumbar_home,
        start_routine="drop-check",
        demo=True,
    )
    messages: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain check", 10)
        await answer(pilot, "0")
        runner = next(s for s in app.screen_stack if isinstance(s, RunnerScreen))
        sensing = runner.sensing
        assert sensing is not None
        await until(pilot, lambda: sensing.streaming, "the emulated H10's accelerometer", 30)
        await pilot.press("space")
        await until(
            pilot,
            lambda: runner.engine.view(time.monotonic()).hold_state == "holding",
            "the sensor to see the hold",
            30,
        )
        emulator = app.sensors.emulator
        assert emulator is not None
        await emulator["h10"].drop_link(off_air_s=2.0)
        await until(pilot, lambda: not runner.engine.gated, "the hold handed to the clock", 10)
        assert runner.engine.view(time.monotonic()).hold_state == "holding"
        await until(pilot, lambda: sensing.streaming, "the H10 to come back", 30)
        assert runner.engine.gated
        await until(pilot, lambda: runner.engine.phase == "finished", "the end", 60)
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain after", 10)
        await answer(pilot, "0")
        await until(pilot, lambda: isinstance(app.screen, NoteQuestion), "the note", 10)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary", 10)
        assert runner.recorder is not None
        session_id = runner.recorder.writer.session_id

    notes = {m.notification.message for m in messages if isinstance(m, Notify)}
    assert any("is not sending" in note for note in notes)
    db = open_database(lumbar_home.db_path, writable=False)
    session = get_session(db, session_id)
    assert session is not None
    assert session["status"] == "completed"
    (plank,) = session["steps"]
    assert plank["reps_done"] == 1
    assert plank["held_s"] == pytest.approx(12.0, abs=0.15)
    kinds = [e["kind"] for e in session["events"]]
    assert kinds.count("sensor-on") == 2
    assert (
        kinds.index("sensor-on")
        < kinds.index("sensor-lost")
        < len(kinds) - 1 - kinds[::-1].index("sensor-on")
    )
    # The strap's heart rate went on while the H10 was away: no hole in the session's rows.
    strap_times = [
        r[0]
        for r in db.execute(
            "SELECT t_s FROM heart_rate WHERE device != ? ORDER BY t_s", [H10_ADDRESS]
        ).fetchall()
    ]
    assert max(b - a for a, b in itertools.pairwise(strap_times)) < 2.5
