"""The words and numbers people read (tui.words): one rule each, whatever face shows them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from stored import hold_set, stored_set

from db.read_model import StoredEvent
from tui.words import (
    clock_text,
    count_text,
    countdown_text,
    done_text,
    duration_text,
    event_value_text,
    heart_rate_text,
    hold_quality_text,
    local_time_text,
    minutes_left_text,
    pain_change_text,
    pain_phrase,
    percent_text,
    planned_text,
    sensed_text,
    set_text,
    sets_done_text,
    status_text,
    whole,
)


def test_two_names_for_time_a_clock_and_a_duration() -> None:
    assert [clock_text(s) for s in (0, 21.6, 59.4, 60, 754, 3725)] == [
        "0:00",
        "0:22",
        "0:59",
        "1:00",
        "12:34",
        "1:02:05",
    ]
    assert [duration_text(s) for s in (0, 59, 60, 754, 3599, 3660)] == [
        "0 s",
        "59 s",
        "1 min",
        "13 min",
        "1 h 00",
        "1 h 01",
    ]
    # The big timer: reads 0 only when the time is up; bare seconds under a minute.
    assert [countdown_text(s) for s in (0.0, 0.2, 9.0, 59.01, 60.0, 65.0)] == [
        "0",
        "1",
        "9",
        "1:00",
        "1:00",
        "1:05",
    ]
    assert minutes_left_text(61) == "~2 min left"
    moment = datetime(2025, 3, 14, 8, 5, tzinfo=UTC)
    assert local_time_text(moment, UTC) == "2025-03-14 08:05"


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [(1, "rep", "1 rep"), (0, "rep", "0 reps"), (2, "rep", "2 reps"), (7.5, "rep", "7.5 reps")],
)
def test_counts_have_correct_plurals(count: float, noun: str, text: str) -> None:
    assert count_text(count, noun) == text


def test_halves_round_up_the_same_everywhere() -> None:
    """Python's round() takes 82.5 to 82 and 83.5 to 84; a person reads both up."""
    assert [whole(v) for v in (82.5, 83.5, 91.4999, 0.5)] == [83, 84, 91, 1]
    # Hold quality is kept to three decimals: 0.91499 is the 0.915 shown, 92%.
    assert [percent_text(s) for s in (0.915, 0.91499, 0.285, 0.905, 1.0, 0.0)] == [
        "92%",
        "92%",
        "29%",
        "91%",
        "100%",
        "0%",
    ]
    assert percent_text(None) == ""
    assert heart_rate_text(82.5, 101) == "83 avg, 101 peak"


def test_a_hold_quality_of_0_915_reads_92_percent() -> None:
    """18.299 s held and 1.701 s broken is 0.91495: stored and shown as 0.915, so 92%."""
    watched = hold_set(10.0, 8.299, broken_s=1.701)
    assert watched.hold_quality == 0.915
    assert hold_quality_text(watched) == "92%"
    assert hold_quality_text(hold_set(10.0)) == "", "no wearable watched the hold"
    assert hold_quality_text(hold_set(broken_s=0.0)) == "", "nothing held nor broken"


def test_what_a_set_asked_for_and_achieved() -> None:
    one_rep = stored_set(planned_reps=1, reps_done=1)
    assert (planned_text(one_rep), done_text(one_rep)) == ("1 rep", "1 rep")
    assert (planned_text(stored_set()), done_text(stored_set())) == ("5 reps", "5 reps")
    assert planned_text(hold_set()) == "3 × 10 s"
    assert planned_text(hold_set(planned_reps=1)) == "10 s"
    timed = stored_set(mode="timed", planned_duration_s=1200, active_s=1190.6)
    assert (planned_text(timed), done_text(timed)) == ("20 min", "19 min 51 s")
    assert done_text(hold_set(10.0, 9.8, 10.2)) == "3 × 10 s"
    assert done_text(hold_set(10.0, 8.4)) == "10, 8 s"
    assert done_text(hold_set(10.0)) == "10 s"
    assert done_text(hold_set(8.5, 10.0, 9.0, 7.0)) == "4 holds, 7-10 s"
    assert done_text(hold_set()) == "no hold"


def test_a_hold_or_timer_changed_by_plus_or_minus_reads_as_the_plan_then_the_change() -> None:
    """- pressed in a plank's last hold: two holds ran at the plan's 10 s, the last at 5 s.
    "3 × 5 s (plan 10 s)" said all three were asked for at 5 s (review); the plan comes
    first, then the target in force when the set ended."""
    eased = hold_set(10.0, 10.0, 5.0, target_hold_s=5)
    assert planned_text(eased) == "3 × 10 s, shortened to 5 s"
    assert done_text(eased) == "10, 10, 5 s"
    assert planned_text(hold_set(planned_reps=1, target_hold_s=15)) == "10 s, lengthened to 15 s"
    assert planned_text(hold_set(target_hold_s=10)) == "3 × 10 s", "changed back: as planned"
    walked = stored_set(mode="timed", planned_duration_s=300, target_duration_s=240)
    assert planned_text(walked) == "5 min, shortened to 4 min"


def test_a_set_skipped_or_never_finished_reads_one_way() -> None:
    assert done_text(hold_set(skipped=True)) == "skipped"
    assert done_text(hold_set(10.0, skipped=True)) == "10 s, then skipped"
    # Found trying it: 17 s of walking, and a hold let go of at once, read "skipped" and
    # "0 s, then skipped"; a set the session ended in before anything read "skipped".
    walked = stored_set(mode="timed", planned_duration_s=300, active_s=17.4, skipped=True)
    assert done_text(walked) == "17 s, then skipped"
    ended = stored_set(
        mode="timed", planned_duration_s=300, active_s=17.4, skipped=True, ended_with_session=True
    )
    assert done_text(ended) == "17 s, then ended"
    assert done_text(hold_set(0.4, skipped=True)) == "skipped"
    assert done_text(stored_set(reps_done=0, skipped=True, ended_with_session=True)) == (
        "session ended"
    )
    assert done_text(stored_set(reps_done=2, finished=False)) == "2 reps, unfinished"
    assert done_text(hold_set(6.0, finished=False)) == "6 s, unfinished"


def test_what_a_wearable_saw_in_a_few_words() -> None:
    counted = stored_set(reps_sensed=5, form_warnings=1, avg_bpm=92.4)
    assert sensed_text(counted) == "5 counted · ⚠1 · ♥92"
    held = hold_set(10.0, 9.4, hold_breaks=1, broken_s=2.6, form_warnings=0, avg_bpm=80.0)
    assert sensed_text(held) == "88% held · 1 break · ♥80"
    assert sensed_text(hold_set(10.0, hold_breaks=2, broken_s=5.0)) == "67% held · 2 breaks"
    assert sensed_text(stored_set()) == ""


def test_sessions_pain_status_and_events() -> None:
    assert [status_text(s) for s in ("completed", "ended-early", "running")] == [
        "completed",
        "ended early",
        "running",
    ]
    assert pain_change_text(4, 2) == "4 → 2"
    assert pain_change_text(None, 3) == "- → 3"
    assert pain_change_text(None, None) == ""
    assert pain_phrase(None, None) == "Pain not given"
    assert pain_phrase(5, 4) == "Pain 5 → 4"
    assert sets_done_text(3, 5, 1) == "3 of 5 sets done, 1 skipped"
    assert sets_done_text(1, 1) == "1 of 1 set done"
    assert sets_done_text(1, None) == "1 set done"
    assert set_text(2, "right") == "2 R"
    pain = StoredEvent("", 100.0, "pain", 2, 5.0, None)
    form = StoredEvent("", 21.5, "form-warning", 0, 17.5, "trunk rotating")
    assert (event_value_text(pain), event_value_text(form)) == ("5/10", "17.5° trunk rotating")
    # A bare "15" (a hold made 15 s), "7 stop-exercise" (pain 7/10) and "1" (the plan's step
    # index the person went back to) left a person guessing.
    events = [
        StoredEvent("", 26.3, "hold-changed", 1, 15.0, None),
        StoredEvent("", 40.0, "timer-changed", 4, 90.0, None),
        StoredEvent("", 96.1, "pain-advice", 8, 7.0, "stop-exercise"),
        StoredEvent("", 8.3, "back", 2, 1.0, None),
    ]
    assert [event_value_text(e) for e in events] == [
        "15 s",
        "1 min 30 s",
        "7/10 stop-exercise",
        "",
    ]
