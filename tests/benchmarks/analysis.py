"""How well lumbar's motion and heart analysis does on real recordings, and how fast it is.

Run as ``python tests/benchmarks/analysis.py [--data DIR] [--quick]`` with the project's
Python. ``DIR`` is the folder described in ``../shared/data/README.md`` (default: that folder
next to the repository); a dataset missing from it is skipped with a message. Figures only:
no thresholds, nothing asserted. Each section below is a module of ``analysis_sections/``.

- pt-exercises: test sessions of 30 reps each (10 correct, 10 fast, 10 small). The unit on the
  moving limb is taken to be the one whose acceleration varies most. Thresholds were tuned on
  subject s1 (whose reps are labelled by hand); s2 is reported apart as held out.
- MEx: bridging, pelvic tilt and superman, thigh and wrist, where the protocol holds about 5 s.
  No hold was timed by hand, so the count and length of detected holds are shown, and the
  files where the bout's cycles showed the first settled position to be the hold, not the rest
  (the rest was found elsewhere and the file timed again). Tuned on subjects 01-05, reported
  apart for 06-10.
- barbell (``fetch_data.py``): a wristband at 12.5 Hz, heavy sets of 5 and medium of 10; tuned
  on people A and B, held out C and D (the set's E is A and D again, fetched once).
- exermote (``fetch_data.py``): a phone on the upper arm at 10 Hz, sit-ups, squats and burpees
  in sets of 5-10 with 3 s either side; tuned on individuals 1 and 2, held out 3-6.
- Reps per set, twice: as ``lumbar analyze`` counts a recording (the sets found in it), and as
  a live session counts (the runner starts and ends each set: a second before the first rep
  the guiding app called and after the last for Exermote, the recording's ends for barbell).
- hapt (``fetch_data.py``): a phone on the waist at 50 Hz, still postures labelled from video;
  each posture reached from another is timed as a hold (the truth is its labelled span) with
  the set started in the posture before; tuned on users 1-15, held out 16-30. Timed by the
  holds' own times, and as a live session's clock runs (from when the detector says held to
  when it says the hold broke or ended), with how late that clock starts and stops. And a
  yardstick for those figures: how often a timer that follows the movement itself (from when
  the tilt into a posture is 90% done to when the tilt out of it is 10% done) agrees with the
  labelled span within 1 s, and per posture, with when the move out shook out of stillness
  against the labelled end (where a hold's clock stops). And timed again against the
  postures as the phone's gyroscope bounds them (``hapt_truth.py``: from when the trunk
  stopped tilting into a posture to when it began to tilt out, read offline; the detectors
  never see the gyroscope), since the labels are off by the transitions; with the tilt rates
  its threshold (the author's choice) stands between, and how that truth moves with the
  threshold and its pause.
- Chest-worn, held out whole (``fetch_data.py``; nobody tunes on these, issue 15):
  exermote-chest, the Exermote sets from the Estimote Nearable on the chest (about 4.7 Hz,
  irregular: read as recorded, below the 5 Hz that ``lumbar analyze`` accepts), counted with
  placement "chest" in a recording and as a live session counts, the truth being the reps the
  guiding app called; eurobench-sts, the trunk IMU at 128 Hz of 3 people's five-times
  sit-to-stand tests (the protocol's 5 reps the truth; live, the set is the whole trial); and
  exermote thinned, the arm's sets keeping only the samples at the beacon's times (how sparse
  data are framed is decided on the tuned people's, not the beacon's held-out sets); and
  dsads, the torso (chest) unit at 25 Hz of UCI "Daily and Sports Activities", 5 minutes of
  each still posture per person: reps counted in each whole 5 minutes, the share of it found
  still and how many pieces the stillness comes in; and the hold timer through each whole
  5 minutes, after 20 s of each other posture as the rest (joined: no posture in them is
  reached from another, so how soon the clock starts after the jump says little; what it
  times of the 5 real minutes after does); and the hold timer on the 5 minutes cut into
  30 s pieces, the length a routine asks for, each between 20 s and 10 s of another
  posture, so the clock must start and stop (both joins are jumps: the truth is exact to a
  sample; the light direction filter needs about 0.35 s to follow a jump, far longer than
  a real move's end).
- Still segments: rest recordings cut into 20 s, HAPT's whole still postures and the dsads
  postures cut into 20 s; any rep counted in one is a phantom.
- Polar Verity Sense: a forearm lying still between the start and stop markers; the share of
  that time found still (the placement is "wrist", as worn).
- HRV: figures of the sample NN series against the reference values in the data README, with
  every beat and after the implausible-beat filter (what it removes at each Kubios level).
- Speed: one hour of synthetic 100 Hz data, in live-sized batches and in big ones, and a
  whole recording of holds that starts mid-hold (so it is analysed twice, see ``rest.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from analysis_sections.barbell import barbell_sets  # noqa: E402
from analysis_sections.chest_sets import (  # noqa: E402
    dsads_postures,
    eurobench_sts_sets,
    exermote_chest_sets,
)
from analysis_sections.counted_sets import SetResult  # noqa: E402
from analysis_sections.dsads_holds import dsads_holds, dsads_short_holds  # noqa: E402
from analysis_sections.exermote import exermote_sets  # noqa: E402
from analysis_sections.hapt import hapt_holds  # noqa: E402
from analysis_sections.hapt_labels import hapt_labels  # noqa: E402
from analysis_sections.hrv import hrv_reference  # noqa: E402
from analysis_sections.mex import mex_holds  # noqa: E402
from analysis_sections.pt_exercises import pt_exercises  # noqa: E402
from analysis_sections.rep_tables import rep_table  # noqa: E402
from analysis_sections.speed import speed  # noqa: E402
from analysis_sections.still_segments import dsads_segments, still_segments  # noqa: E402
from analysis_sections.thinned_sets import exermote_thinned_sets  # noqa: E402
from analysis_sections.verity import verity_stillness  # noqa: E402
from fetch_data import default_data_folder  # noqa: E402

Section = Callable[[Path], list[SetResult] | None]
"""A dataset's section: prints its figures; those that count sets return them (for the
summary rep tables)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_folder(), help="the data folder")
    parser.add_argument("--quick", action="store_true", help="time 5 minutes, not an hour")
    args = parser.parse_args(argv)
    data: Path = args.data
    print(f"lumbar analysis benchmark on {data}")
    if not data.is_dir():
        print(f"skipped: no data folder at {data} (give --data DIR)")
        return 0
    sections: list[tuple[str, Section]] = [
        ("pt-exercises", pt_exercises),
        ("barbell", barbell_sets),
        ("exermote", exermote_sets),
        ("mex", mex_holds),
        ("hapt", hapt_holds),
        ("hapt", hapt_labels),
        ("exermote-chest", exermote_chest_sets),
        ("exermote", exermote_thinned_sets),
        ("eurobench-sts", eurobench_sts_sets),
        ("dsads", dsads_postures),
        ("dsads", dsads_holds),
        ("dsads", dsads_short_holds),
        ("polar-verity-sense", verity_stillness),
        ("hrv", hrv_reference),
    ]
    counted: list[SetResult] = []
    for folder, run in sections:
        print()
        if (data / folder).is_dir():
            counted.extend(run(data / folder) or [])
        else:
            print(f"{folder}: skipped, no folder {data / folder}")
    print()
    still_segments(data)
    dsads_segments(data / "dsads")
    print()
    rep_table(counted)
    print()
    speed(minutes=5.0 if args.quick else 60.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
