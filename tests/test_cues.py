"""What the coach says, and when: the cue schedule is plain data from the live session, so a
fake clock gives the exact list for a whole routine (kept in tests/cue_schedules/; set
LUMBAR_WRITE_CUES=1 to write it again after a deliberate change, and read the diff)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalog import Catalog
from catalog.plan import expand
from tui.live import LiveSession
from tui.live.cues import Cue

SCHEDULES = Path(__file__).parent / "cue_schedules"


def hands_free(catalog: Catalog, routine_id: str, tick_s: float) -> list[Cue]:
    """A routine from the first space to its end with no key pressed: every cue heard."""
    routine = catalog.routines[routine_id]
    live = LiveSession(routine, list(expand(routine, catalog.exercises, 30)), catalog.exercises)
    now = 0.0
    cues = live.first_question(now).cues + live.begin(now).cues + live.toggle(now).cues
    while not live.over:
        assert now < 3600, "a hands-free session must end by itself"
        now += tick_s
        cues += live.tick(now).cues
    return cues


def lines(cues: list[Cue]) -> str:
    return "".join(
        f"{c.at_s:8.2f}  {c.kind:<9}  {c.tone or '-':<5}  {c.words or ''}\n" for c in cues
    )


@pytest.mark.parametrize("routine_id", ["core-basics", "desk-break"])
def test_a_whole_routine_says_exactly_this(builtin: Catalog, routine_id: str) -> None:
    said = lines(hands_free(builtin, routine_id, 0.1))
    golden = SCHEDULES / f"{routine_id}.txt"
    if os.environ.get("LUMBAR_WRITE_CUES"):
        golden.write_text(said)
    assert said == golden.read_text()


def test_the_schedule_does_not_depend_on_how_often_the_screen_ticks(builtin: Catalog) -> None:
    assert lines(hands_free(builtin, "core-basics", 0.1)) == lines(
        hands_free(builtin, "core-basics", 0.07)
    )


def test_countdowns_land_on_the_seconds_before_go(builtin: Catalog) -> None:
    cues = hands_free(builtin, "core-basics", 0.1)
    for index, cue in enumerate(cues):
        if cue.words == "Go.":
            before = [(c.words, round(cue.at_s - c.at_s, 6)) for c in cues[index - 3 : index]]
            assert before == [("3", 3.0), ("2", 2.0), ("1", 1.0)]


def test_every_rep_is_counted_aloud_and_each_cue_once(builtin: Catalog) -> None:
    cues = hands_free(builtin, "core-basics", 0.1)
    counts = [c.words for c in cues if c.kind == "rep"]
    assert counts == ["1", "2", "3", "4", "5"] * 3  # bird dog left and right, the bridge
    assert len({(c.at_s, c.words, c.tone) for c in cues}) == len(cues)
    assert [c.words for c in cues[-2:]] == ["Session complete.", "And your pain now, 0 to 10?"]
    assert cues[0].words == "How much pain do you have right now, 0 to 10?"


def test_no_rest_is_not_announced(builtin: Catalog) -> None:
    """rest_s = 0 in the settings (no rests): the coach goes from one exercise to the next
    without saying "Rest, 0 seconds"."""
    routine = builtin.routines["core-basics"]
    live = LiveSession(routine, list(expand(routine, builtin.exercises, 0)), builtin.exercises)
    now = 0.0
    cues = live.begin(now).cues + live.toggle(now).cues
    while not live.over:
        now += 0.1
        cues += live.tick(now).cues
    assert not [c for c in cues if c.kind == "rest"]
    announced = [c.words for c in cues if c.kind == "announce"]
    assert [words.split(".")[0] for words in announced if words] == [
        "Bird dog, left side",
        "Glute bridge",
        "Forearm plank",
    ]


def test_every_form_fault_a_sensor_watches_for_has_its_own_words() -> None:
    """The bird dog's twist was said as "Watch your form.": its words were kept under
    another name than the detector gives the fault."""
    from sensors.motion.profiles import FORM_RULES
    from tui.live.cues import form_words

    generic = form_words("a fault nobody watches for")
    for exercise_id, rule in FORM_RULES.items():
        assert form_words(rule.kind) != generic, exercise_id
