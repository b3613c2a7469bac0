"""The mat view's corner word and the words under the clock come from one entry of what the
person is asked to do (``tui.live.view.DOING_WORDS``), so the two cannot drift apart: a new
user's trial once read "GO" in the corner under "hold broken: back into position"."""

from __future__ import annotations

import pytest

from catalog.models import Dose
from catalog.plan import PlannedStep
from tui.live.changes import SessionView
from tui.live.view import DOING_WORDS, big_of, now_of


def view_of(kind: str, hold_state: str | None, phase: str = "running") -> SessionView:
    dose = Dose(sets=1, reps=3, hold_s=10) if kind == "work" else None
    step = PlannedStep(kind, "plank", 1, None, dose, 40.0)  # type: ignore[arg-type]
    return SessionView(
        phase=phase,  # type: ignore[arg-type]
        index=0,
        step_count=1,
        step=step,
        next_step=None,
        elapsed_s=1.0,
        seconds_left=9.0,
        target_s=10.0,
        reps_done=0,
        reps_target=3 if kind == "work" else None,
        hold_number=1,
        hold_state=hold_state,  # type: ignore[arg-type]
        tempo=None,
        progress=0.1,
    )


SETTLE_IN = "settle in: get into position and keep still"
READY = "get into the start position"
BACK = "hold broken: back into position"
STILL = "hold broken: keep your trunk still"
BREATHE = "breathe, next hold soon"
CASES = {
    # (step kind, exercise mode, hold state, hold broken, by rocking): (state, corner, under)
    "ready": (("ready", "hold", None, False, False), ("ready", "GET READY", READY)),
    "settle": (("work", "hold", "settling", False, False), ("settle", "SETTLE IN", SETTLE_IN)),
    "broken": (("work", "hold", "settling", True, False), ("settle", "BACK INTO POSITION", BACK)),
    "rocking": (("work", "hold", "settling", True, True), ("settle", "KEEP STILL", STILL)),
    "hold": (("work", "hold", "holding", False, False), ("hold", "HOLD", "holding")),
    "breathe": (("work", "hold", "resetting", False, False), ("rest", "REST", BREATHE)),
    "timed": (("work", "timed", None, False, False), ("work", "GO", "keep going")),
    "rest": (("rest", "hold", None, False, False), ("rest", "REST", "rest")),
    "switch": (("switch", "hold", None, False, False), ("switch", "SWITCH SIDES", "switch")),
}  # fmt: skip


@pytest.mark.parametrize(("case", "said"), CASES.values(), ids=CASES.keys())
def test_the_corner_word_and_the_words_under_the_clock_say_one_thing(
    case: tuple[str, str, str | None, bool, bool], said: tuple[str, str, str]
) -> None:
    kind, mode, hold_state, broken, rocking = case
    view = view_of(kind, hold_state)
    now = now_of(view, mode, True, hold_broken=broken, rocking=rocking)
    _, label = big_of(view, mode, now, sensor_counts=True, coach_counts=False)
    assert (now.state, now.word, label.splitlines()[-1]) == said
    words = DOING_WORDS[now.doing]
    assert (words.word, words.under) == said[1:], "both from one entry"


@pytest.mark.parametrize("mode", ["hold", "reps", "timed"])
def test_paused_in_a_set_both_say_paused_and_before_the_start_the_step_speaks(mode: str) -> None:
    held = "settling" if mode == "hold" else None
    in_a_set = view_of("work", held, "paused")
    paused = now_of(in_a_set, mode, True)
    _, label = big_of(in_a_set, mode, paused, sensor_counts=False, coach_counts=False)
    assert (paused.state, paused.word, label.splitlines()[-1]) == ("paused", "PAUSED", "paused")
    before = view_of("ready", None, "waiting")
    waiting = now_of(before, mode, True)
    _, label = big_of(before, mode, waiting, sensor_counts=False, coach_counts=False)
    assert (waiting.state, waiting.word, label) == (
        "waiting",
        "PRESS SPACE",
        "get into the start position",
    )
    asking = now_of(before, mode, False)
    assert (asking.state, asking.word) == ("asking", "PAIN CHECK")
