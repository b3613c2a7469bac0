"""exermote thinned: the phone-on-the-arm sets at 10 Hz, keeping only the samples the chest
beacon's timing would have given (about 4.6 Hz, now and then a gap of a second or more).

The chest beacon's own sets (``chest_sets.py``) are held out whole, so how sparse, uneven
samples are framed (``sensors/motion/frames.py``) is decided here, on the tuned people's
sets thinned so; the held-out people's are shown apart. Only the beacon's times are taken from
its files, never its samples or its reps. Thinned three times, each with its own seeded draw
of the gaps."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sensors.motion import analyze_samples
from sensors.recording_csv import read_recording

from .counted_sets import SetResult, marked_count
from .data_folder import Array, read_index, read_samples
from .exermote import EXERMOTE_TUNED_ON, MARK_S
from .rep_tables import REP_TABLE_HEADER, rep_rows, sets_of

SEEDS = (1, 2, 3)


def beacon_gaps(chest: Path) -> Array:
    """The time between the chest beacon's samples, over all its files."""
    gaps = [np.diff(read_samples(chest / row["file"])[0]) for row in read_index(chest)]
    joined = np.concatenate(gaps) if gaps else np.zeros(0)
    return joined[joined > 0]


def thinned(t: Array, gaps: Array, rng: np.random.Generator) -> Array:
    """Which samples a sensor with those gaps keeps: the nearest to each time it would send."""
    times = [float(t[0])]
    while times[-1] <= t[-1]:
        times.append(times[-1] + float(rng.choice(gaps)))
    nearest = np.searchsorted(t, np.array(times[:-1]))
    nearest = np.clip(nearest, 1, len(t) - 1)
    earlier = np.abs(t[nearest - 1] - times[:-1]) <= np.abs(t[nearest] - times[:-1])
    return np.unique(np.where(earlier, nearest - 1, nearest))


def exermote_thinned_sets(root: Path) -> None:
    """The exermote sets thinned to the beacon's times, counted in a recording and live."""
    print("exermote thinned: the arm's 10 Hz sets, only the samples at the chest beacon's times")
    print(f"  (each set once per seed: {', '.join(map(str, SEEDS))}; tuned on individuals 1, 2)")
    chest = root.parent / "exermote-chest"
    if not chest.is_dir():
        print(f"  skipped: no folder {chest} (its times are the beacon's)")
        return
    gaps = beacon_gaps(chest)
    results: list[SetResult] = []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        for row in read_index(root):
            truth = int(row["reps"])
            if truth < 5:
                continue
            recording = read_recording(root / row["file"])
            keep = thinned(recording.t_s, gaps, rng)
            t, acc = recording.t_s[keep], recording.acc_g[keep]
            person, exercise = row["individual"], row["exercise"]
            tuned = person in EXERMOTE_TUNED_ON
            counted = len(analyze_samples(t, acc, placement="wrist").reps)
            results.append(SetResult("exermote-thin", person, tuned, counted, truth, exercise))
            start, end = float(row["set_start_s"]) - MARK_S, float(row["set_end_s"]) + MARK_S
            live = marked_count(t, acc, start, end)
            results.append(SetResult("exermote-thin", person, tuned, live, truth, exercise, True))
    print(REP_TABLE_HEADER)
    for marked in (False, True):
        print(f"  {'as a live session counts' if marked else 'in a recording, sets found'}:")
        for exercise in sorted({r.exercise for r in results}):
            rep_rows("exermote-thin", exercise, sets_of(results, "exermote-thin", exercise, marked))
        rep_rows("exermote-thin", "all", sets_of(results, "exermote-thin", "", marked))
