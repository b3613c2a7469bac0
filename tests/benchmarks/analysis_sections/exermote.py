"""exermote: a phone on the upper arm at 10 Hz, sit-ups, squats and burpees in sets of 5-10
with 3 s either side; tuned on individuals 1 and 2, held out 3-6. Live, a set runs from a
second before the first rep the guiding app called to a second after the last."""

from __future__ import annotations

from pathlib import Path

from sensors.motion import analyze_samples
from sensors.recording_csv import read_recording

from .counted_sets import SetResult, marked_count
from .data_folder import read_index

EXERMOTE_TUNED_ON = ("1", "2")
MARK_S = 1.0
"""Exermote, live: the runner's set starts this long before the first rep and ends after."""


def exermote_sets(root: Path) -> list[SetResult]:
    """Errors per person and exercise; the sets counted, in a recording and live."""
    print("exermote: phone on the upper arm at 10 Hz, sets of 5-10 reps with 3 s either side")
    print("  (sit-ups, squats, burpees; tuned on individuals 1, 2)")
    results: list[SetResult] = []
    errors: dict[str, list[int]] = {}
    for row in read_index(root):
        truth = int(row["reps"])
        if truth < 5:
            continue  # the workout's time ran out in the middle of the set
        recording = read_recording(root / row["file"])
        t, acc = recording.t_s, recording.acc_g
        counted = len(analyze_samples(t, acc, placement="wrist").reps)
        person, exercise = row["individual"], row["exercise"]
        tuned = person in EXERMOTE_TUNED_ON
        results.append(SetResult("exermote", person, tuned, counted, truth, exercise))
        # The app that guided these workouts called each set out: live, the set would start a
        # second before its first rep was called and end a second after its last.
        start, end = float(row["set_start_s"]) - MARK_S, float(row["set_end_s"]) + MARK_S
        live = marked_count(t, acc, start, end)
        results.append(SetResult("exermote", person, tuned, live, truth, exercise, True))
        errors.setdefault(f"{person} {row['exercise']}", []).append(counted - truth)
    for key, values in sorted(errors.items()):
        print(f"  {key:10s} errors {' '.join(f'{e:+d}' for e in values)}")
    return results
