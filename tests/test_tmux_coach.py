"""End to end in tmux, as a person on a mat: the installed lumbar runs a routine from the first
space to its end with no other key, in the mat view, and the log shows every set done.

The routine is a short one of the person's own (a bird dog set, a plank hold), so the test
takes under a minute of real time; core-basics, five minutes, runs the same way (the
closing note of the issue has that run)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from test_tmux import LUMBAR, Tmux, lumbar_json, start_session, tmux

__all__ = ["tmux"]  # the fixture, shared with test_tmux

pytestmark = [pytest.mark.tmux, pytest.mark.slow]

ROUTINE = """
[[routine]]
id = "mat-check"
name = "Mat check"
description = "A short bird dog set and one plank hold, hands free."
items = [
  { exercise = "bird-dog", dose = { sets = 1, reps = 2 } },
  { exercise = "forearm-plank", dose = { sets = 1, reps = 1, hold_s = 5 } },
]
"""


def test_a_routine_runs_to_its_end_with_no_key_after_the_first_space(tmux: Tmux) -> None:
    config = tmux.env["LUMBAR_CONFIG_DIR"]
    os.makedirs(f"{config}/catalog", exist_ok=True)
    with open(f"{config}/catalog/mat-check.toml", "w", encoding="utf-8") as file:
        file.write(ROUTINE)
    tmux.env.update(LUMBAR_MAT_VIEW="true", LUMBAR_REST_S="3")
    tmux.start("run", "mat-check", width=100, height=30)
    tmux.wait_for("How much pain")
    tmux.type("2")
    tmux.send("Enter")
    tmux.wait_for("PRESS SPACE")
    tmux.send("Space")
    screen = tmux.wait_for("GET READY")
    assert "█" in screen, "the mat view draws the clock in block digits"
    screen = tmux.wait_for(lambda s: "GO" in s and "Bird dog · left side" in s, timeout=30)
    assert "of 2 reps" in screen
    tmux.wait_for("SWITCH SIDES", timeout=30)
    tmux.wait_for("HOLD", timeout=60)
    tmux.wait_for("And your pain now", timeout=60)  # the routine ended by itself
    tmux.type("1")
    tmux.send("Enter")
    tmux.wait_for("A note")
    tmux.send("Enter")
    tmux.wait_for("summary")
    result = subprocess.run(
        [str(LUMBAR), "log", "show", "1", "--json"],
        env={**os.environ, **tmux.env},
        capture_output=True,
        text=True,
        check=True,
    )
    session = json.loads(result.stdout)
    assert session["status"] == "completed"
    done = [(s["exercise_id"], s["side"], s["reps_done"], s["done"]) for s in session["steps"]]
    assert done == [
        ("bird-dog", "left", 2, True),
        ("bird-dog", "right", 2, True),
        ("forearm-plank", None, 1, True),
    ]


BRIDGES = """
[[routine]]
id = "bridge-check"
name = "Bridge check"
description = "Two glute bridges, paced by the coach."
items = [{ exercise = "glute-bridge", dose = { sets = 1, reps = 2 } }]
"""


def test_enter_just_after_the_coach_counted_a_rep_confirms_it(tmux: Tmux) -> None:
    """The QA trial, in the installed lumbar with keys only: enter pressed just after the
    coach counted rep 1 was stored as rep 2 (and the set ended a rep early). The footer says
    enter confirms the rep then, and it does: two reps, the first confirmed."""
    config = tmux.env["LUMBAR_CONFIG_DIR"]
    os.makedirs(f"{config}/catalog", exist_ok=True)
    with open(f"{config}/catalog/bridge-check.toml", "w", encoding="utf-8") as file:
        file.write(BRIDGES)
    start_session(tmux, "bridge-check", pain="2")
    tmux.wait_for("⏎ Rep", timeout=30)
    tmux.wait_for("⏎ Confirm", timeout=30)  # the coach counted rep 1
    tmux.send("Enter")
    tmux.wait_for("⏎ Confirmed", timeout=30)  # until the window's end
    tmux.wait_for("And your pain now", timeout=30)  # the coach's second rep ended the set
    tmux.type("1")
    tmux.send("Enter")
    tmux.wait_for("A note")
    tmux.send("Enter")
    tmux.wait_for("summary")
    session = lumbar_json(tmux, "log", "show", "1")
    assert [s["reps_done"] for s in session["steps"]] == [2]
    confirmed = [
        (e["value"], e["detail"]) for e in session["events"] if e["kind"] == "rep-confirmed"
    ]
    assert confirmed == [(1, "coach")]
