"""Fetch the public recordings the analysis benchmark evaluates on, beyond ``../shared/data``.

    .venv/bin/python tests/benchmarks/fetch_data.py [--data DIR] [--git-dir NAME=PATH ...]

Each set is a public GitHub repository; it is cloned (shallow) into a temporary folder, or read
from a git directory already on the machine (``--git-dir barbell=/path/to/repo.git``), and its
recordings are written to ``DIR/<name>/`` as recording CSVs (``t,ax,ay,az``: seconds and g,
what ``lumbar analyze`` reads), one file per set, with an ``index.csv`` of what is known about
each. Nothing here is committed to the repository; the benchmark skips a set that is absent.

- ``barbell``: wristband (MbientLab MetaMotion) at 12.5 Hz, five people doing barbell sets
  (bench, deadlift, overhead press, row, squat): heavy sets of 5 reps, medium sets of 10, and
  a few minutes of sitting and standing at rest. D. Ebbelaar, "Exploring the possibilities of
  context-aware applications for strength training", VU Amsterdam 2019
  (github.com/daveebbelaar/tracking-barbell-exercises; no licence file: kept out of the repo).
  Its participant E is not a fifth person: every E recording is one of A's or D's again, the
  same samples with the date moved a day. A recording is written once, under the first
  participant it comes under (so there is no E), or E would be "held out" on A's own sets.
- ``exermote``: an iPhone on the upper arm at 10 Hz during guided 5-minute workouts of sit-ups,
  squats and burpees in sets of 2-10 reps with 25 s breaks; every rep's halves were labelled by
  the app that called them out. S. Lerner, Exermote (github.com/Lausbert/Exermote, MIT).
  Each set is cut with 3 s of the break before and after it (``public_sets/exermote.py``).
- ``hapt``: a smartphone on the waist at 50 Hz, 30 people standing, sitting and lying still
  (12-40 s each), the transitions between, and walking; every span labelled by hand from
  video. UCI "Smartphone-Based Recognition of Human Activities and Postural Transitions"
  (J. L. Reyes-Ortiz, L. Oneto, A. Samà, X. Parra, D. Anguita; Neurocomputing 2016; CC BY
  4.0), read from a public copy of its ``RawData`` folder. One recording CSV per experiment,
  and ``index.csv`` with one row per labelled span; and beside each recording its gyroscope
  (``expNN-userNN.gyro.csv``: ``t,gx,gy,gz``, seconds and deg/s), a file of its own so that
  nothing that reads the recording reads it: the benchmark's second truth for when a posture
  began and ended, never the detectors' input (a copy without it is fetched all the same, and
  a line says so).

Chest-worn, held out whole (nobody tunes on them; issue 15 asked for chest evidence):

- ``exermote-chest``: the same Exermote workouts as ``exermote``, from the Estimote Nearable
  strapped to the chest (its acceleration in m/s², sent about 4-5 times a second and stamped
  when each packet arrived: one row per packet, so the rate is irregular: a median 0.22 s
  apart, 95% within 0.66 s, the longest gap 3.6 s). Same sets, margins and rep counts as
  ``exermote``.
- ``dsads``: the torso (chest) Xsens unit at 25 Hz of UCI "Daily and Sports Activities"
  (K. Altun, B. Barshan, O. Tunçel, Pattern Recognition 43(10), 2010; CC BY 4.0), 8 people,
  5 minutes each of sitting, standing, lying on the back, lying on the right side and
  standing still in a lift (the still postures only; the other 14 activities are not
  written). Read from a public copy of its ``data`` folder (``aNN/pM/sKK.txt``: 60
  consecutive 5 s segments of each 5 minutes, joined again here into one recording).
- ``eurobench-sts``: the trunk IMU (the fifth of the BENCH testbed's chain foot, shank,
  thigh, pelvis, trunk) at 128 Hz during the five-times sit-to-stand test, 3 people, one
  trial each: the protocol's 5 reps (stand up and sit down 5 times, arms folded across the
  chest) are the truth. The test inputs of github.com/eurobench/pi_bench (EU H2020
  Eurobench "BENCH" chair; no licence file: kept out of the repo). Its 30-second tests are
  not written: their count is the person's own, not the protocol's (and the files are over
  4 MiB, more than the mirror this was built with brings).

Looked for and not usable here: MHEALTH (UCI 319, chest at 50 Hz with protocol counts of 20)
and PAMAP2 (chest IMU at 100 Hz): every public copy found keeps each subject in one file of
well over 4 MiB, more than the mirror this was built with brings. UCI 287 "Activity
Recognition from a Single Chest-Mounted Accelerometer" is uncalibrated (raw counts with
unknown offsets and scale), so no threshold in g can be checked on it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from public_sets import WRITERS
from public_sets.files import FetchFailed, Repo, last_line

REPO = Path(__file__).resolve().parents[2]
SOURCES = {
    "barbell": "https://github.com/daveebbelaar/tracking-barbell-exercises",
    "exermote": "https://github.com/Lausbert/Exermote",
    "hapt": "https://github.com/raviakash/Human_Activity_Postural_Transition_Recognition",
    "exermote-chest": "https://github.com/Lausbert/Exermote",
    "dsads": "https://github.com/faris0007/Daily-and-Sports-Activity-Detection",
    "eurobench-sts": "https://github.com/eurobench/pi_bench",
}


def default_data_folder() -> Path:
    """``$LUMBAR_DATA``, else the first ``shared/data`` beside the repository or a folder above
    it (a git worktree may sit a level deeper than the main checkout)."""
    given = os.environ.get("LUMBAR_DATA")
    if given:
        return Path(given)
    for parent in REPO.parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_folder())
    parser.add_argument(
        "--git-dir",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="read a set from this git directory instead of cloning it",
    )
    parser.add_argument("only", nargs="*", help=f"the sets (default: all of {', '.join(SOURCES)})")
    args = parser.parse_args(argv)
    given: dict[str, str] = {}
    for item in args.git_dir:
        name, _, path = item.partition("=")
        if name not in SOURCES or not path:
            parser.error(f"--git-dir {item}: give NAME=PATH, NAME one of {', '.join(SOURCES)}")
        given[name] = path
    unknown = [name for name in args.only if name not in SOURCES]
    if unknown:
        parser.error(f"no set {', '.join(unknown)}: the sets are {', '.join(SOURCES)}")
    failed = 0
    for name in dict.fromkeys(args.only or SOURCES):
        try:
            count, out = _fetch(name, given.get(name), args.data)
        except FetchFailed as error:
            print(f"{name}: {error}", file=sys.stderr)
            failed += 1
        else:
            print(f"{name}: {count} recordings in {out}")
    return 1 if failed else 0


def _fetch(name: str, git_dir: str | None, data: Path) -> tuple[int, Path]:
    """Write the set into a folder of its own first, so that a set that fails half way leaves
    the one written before in place."""
    source = git_dir or SOURCES[name]
    try:
        data.mkdir(parents=True, exist_ok=True)
        with (
            tempfile.TemporaryDirectory() as scratch,
            tempfile.TemporaryDirectory(dir=data) as part,
        ):
            repo = Repo(Path(git_dir)) if git_dir else _clone(name, scratch)
            count = WRITERS[name](repo, Path(part))
            if not count:
                raise FetchFailed(
                    f"no recordings found in {source}; is it a copy of {SOURCES[name]}?"
                )
            out = data / name
            _replace(out, Path(part))
            Path(part).mkdir()  # for the context manager to remove
            return count, out
    except (KeyError, IndexError, ValueError) as error:
        raise FetchFailed(
            f"the files in {source} are not as expected ({type(error).__name__}: {error}); "
            f"give a copy of {SOURCES[name]}"
        ) from error
    except FileNotFoundError as error:
        if error.filename == "git":
            raise FetchFailed("git is not installed, and the sets are read with it") from error
        raise FetchFailed(f"no such file or folder: {error.filename}") from error
    except OSError as error:
        raise FetchFailed(
            f"{error.strerror or error}: {error.filename or source} (see --data)"
        ) from error


def _replace(out: Path, written: Path) -> None:
    """Put the set just written where the one before was, which is removed only once the new
    one is in place."""
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    written.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _clone(name: str, scratch: str) -> Repo:
    url, target = SOURCES[name], Path(scratch) / "clone"
    done = subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", url, str(target)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},  # a missing repository asks no password
    )
    if done.returncode:
        raise FetchFailed(
            f"could not clone {url} ({last_line(done.stderr)}); check the network, or give "
            f"--git-dir {name}=PATH to a copy of it"
        )
    return Repo(target / ".git")


if __name__ == "__main__":
    raise SystemExit(main())
