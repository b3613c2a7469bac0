"""exermote: a phone on the upper arm at 10 Hz, sit-ups, squats and burpees in sets of 5-10
with 3 s either side; tuned on individuals 1 and 2, held out 3-6. Live, a set runs from a
second before the first rep the guiding app called to a second after the last.

The app's labels give each set's reps as evenly timed halves, so where a rep is missing shows
against the set's own beat. Live, the tuned people's sets counted short were 12 (of 107), 4
after a shallow rep 1 in the set's beat was no longer taken back as the set ended
(``live_reps.py``; 8 of the 12 were that, rep 1 split in two in 3 of them). Left: 2's burpees
2017-04-22-15-51-42 set 2 (rep 1, half the size of the rest, ran on into rep 2, back 0.65 beats
before it, as a move leading into rep 1 does); 1's burpees 2017-03-30-19-00-03 set 5 (one
burpee came back twice, 67° and 29°, while the set's typical rep was its first, 107°: two
misfits); 1's squats 2017-04-27-21-33-53 set 4 and 2's 2017-05-01-16-26-13 set 3 (rest taken at
the squats' far end: rep 1's way down came as the axis was learned afresh at the go, so the
first swing measured was its way up, which left the bottom; each candidate then runs from one
bottom to the next, one fewer than the squats).

Whether the end of a live set cuts a last rep: a person ends a set after their last rep, and
the session credits a rep once it is half-way back, so only a rep still on its way out or
less than half-way back when the set ends is not counted. Ended at the file's end instead
(3 s after the app's last rep, not 1 s), 26 of the tuned sets counted right would count one
more and 3 counted short would be right (with the rep 1 rule: 31 and 1): after the last rep
the arm often makes a swing as big as a rep that is none (getting up, moving off). Crediting,
as the set ends, a last swing that fits the set's reps and has come back at least a share of
its way to rest: from any way back on, of the tuned live sets (exermote, barbell, thinned) 7
went right and 25 wrong; from a tenth 4 and 16; a quarter 1 and 11; 0.4 1 and 1. Dropped: at
its end a set's last swing is as often the way out of position as a last rep late to come
back.

Why a recording counted more than a live session (issue 15), measured on the tuned people only
(107 sets; in a recording 27 over, 4 under, MAE 0.34; live 7 over, 12 under, MAE 0.19): not the
rules. The hindsight pass run on the live set's span only (cut from a second before the first
rep called to a second after the last) counts better than live: 4 over, 11 under, MAE 0.16;
from 3 s before to a second after, 9 over; from a second before to 3 s after, 21 over. The
live judge run on the whole recording does worse than the hindsight pass (38 over, 22 of them
sit-ups). So it is the seconds after the set: the move out of position. The Exermote raw
data label each rep's halves (read for the tuned people only): of the 27 sets a recording
counted too many, 22 had their last candidate back more than a second after the app's last rep
ended.

- Squats (8 over): the upper arm comes back from somewhere else after the last squat, 28-36°
  off the line the squats moved on, where the real last reps turn at most 9° off it. Now no rep
  in a recording (``hindsight_reps._drop_way_out``): 4 over, MAE 0.23 to 0.10; thinned squats
  21 to 15 over, MAE 0.35 to 0.27. Two moves out stay counted (29° off at 64°, 34° at 68°:
  under half their size).
- Sit-ups (12 sets over): in 10 the last candidate comes back after the set (getting up), as
  big as a rep (0.94-1.12 of the median), on the set's beat (0.9-1.2 of it), turning near the
  reps' line (at most 26° off it, under a sixth of its size). Nothing in view told it from a
  rep: not the time spent at either end of the swing (the share of the set near rest 0.31-0.57,
  near the far end 0.35-0.61, alike in sets counted right and one too many), nor where the
  person was as the recording ended (13-100° from the reps' rest in those one too many, 14-141°
  in those counted right).
- Burpees (7 over): the arm turns at many places (the median rep 4-20° off the reps' line), so
  where the last candidate turned tells nothing; its size (0.63-0.85 of the median for the
  extra ones back after the set, 0.70-1.60 for real last reps) and beat overlap too.

Tried and dropped: a last candidate the person was not seen to stop after before the recording
ended, taken for no rep (the recordings end 0.0-1.8 s after the extra ones came back, but also
0.1-2.0 s after real late last reps: in a recording 4 under became 63); the live judge in a
recording (above); dropping the move out in the live second look too (thinned burpees, live,
one rep more taken back: 34 under to 35)."""

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
