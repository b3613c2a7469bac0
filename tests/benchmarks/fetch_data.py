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
  Each set is cut with ``MARGIN_S`` of the break before and after it.
- ``hapt``: a smartphone on the waist at 50 Hz, 30 people standing, sitting and lying still
  (12-40 s each), the transitions between, and walking; every span labelled by hand from
  video. UCI "Smartphone-Based Recognition of Human Activities and Postural Transitions"
  (J. L. Reyes-Ortiz, L. Oneto, A. Samà, X. Parra, D. Anguita; Neurocomputing 2016; CC BY
  4.0), read from a public copy of its ``RawData`` folder. One recording CSV per experiment,
  and ``index.csv`` with one row per labelled span.

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
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCES = {
    "barbell": "https://github.com/daveebbelaar/tracking-barbell-exercises",
    "exermote": "https://github.com/Lausbert/Exermote",
    "hapt": "https://github.com/raviakash/Human_Activity_Postural_Transition_Recognition",
    "exermote-chest": "https://github.com/Lausbert/Exermote",
    "dsads": "https://github.com/faris0007/Daily-and-Sports-Activity-Detection",
    "eurobench-sts": "https://github.com/eurobench/pi_bench",
}
MARGIN_S = 3.0
"""Exermote: seconds of the break kept before and after each set."""


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


class FetchFailed(Exception):
    """A set could not be read: what went wrong and what to do, in one line."""


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
            repo = _Repo(Path(git_dir)) if git_dir else _clone(name, scratch)
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


def _clone(name: str, scratch: str) -> _Repo:
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
            f"could not clone {url} ({_last_line(done.stderr)}); check the network, or give "
            f"--git-dir {name}=PATH to a copy of it"
        )
    return _Repo(target / ".git")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


@dataclass(frozen=True)
class _Repo:
    git_dir: Path

    def files(self, under: str) -> list[str]:
        listing = self._git("ls-tree", "-r", "--name-only", "HEAD", under)
        return [line for line in listing.splitlines() if line]

    def text(self, path: str) -> str:
        return self._git("show", f"HEAD:{path}")

    def _git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "--git-dir", str(self.git_dir), *args],
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise FetchFailed(
                f"could not read {' '.join(args)} from {self.git_dir} "
                f"({_last_line(done.stderr)}); give the git directory of a copy of the set"
            )
        return done.stdout


def _write(path: Path, attribution: str, rows: Iterator[tuple[float, float, float, float]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# Data: {attribution}\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("t", "ax", "ay", "az"))
        writer.writerows((f"{t:.3f}", f"{x:.4f}", f"{y:.4f}", f"{z:.4f}") for t, x, y, z in rows)


# --- barbell ----------------------------------------------------------------------------------

BARBELL_NAME = re.compile(r"^([A-E])-(bench|dead|ohp|row|squat|rest)-([a-z]+)")
BARBELL_ATTRIBUTION = "Tracking barbell exercises, D. Ebbelaar (VU Amsterdam 2019)"


def write_barbell(repo: _Repo, out: Path) -> int:
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    recorded: set[tuple[tuple[float, float, float], ...]] = set()
    """The samples of every recording written: a copy under another participant is not."""
    for path in sorted(repo.files("PythonCode/data")):
        name = path.rsplit("/", 1)[-1]
        match = BARBELL_NAME.match(name)
        if "Accelerometer" not in name or match is None or "/form/" in path:
            continue
        if name.endswith("1.4.41.csv"):  # a second copy of the same rest recording
            continue
        participant, exercise, category = match.groups()
        stamp = re.search(r"MetaWear_(\S+?)_", name)
        file_name = f"{participant}-{exercise}-{category}-{stamp.group(1) if stamp else len(rows)}"
        file_name = file_name.replace(":", "-").replace(".", "-") + ".csv"
        if file_name in seen:
            continue
        seen.add(file_name)
        table = list(csv.reader(io.StringIO(repo.text(path))))[1:]
        values = tuple((float(r[3]), float(r[4]), float(r[5])) for r in table)
        if values in recorded:
            continue
        recorded.add(values)
        start_ms = float(table[0][0])
        samples = (
            ((float(r[0]) - start_ms) / 1000.0, float(r[3]), float(r[4]), float(r[5]))
            for r in table
        )
        _write(out / file_name, BARBELL_ATTRIBUTION, samples)
        reps = {"heavy": 5, "medium": 10}.get(category, 0)
        rows.append(
            {
                "file": file_name,
                "participant": participant,
                "exercise": exercise,
                "category": category,
                "reps": reps,
            }
        )
    _index(out, rows)
    return len(rows)


# --- exermote ---------------------------------------------------------------------------------

EXERMOTE_ATTRIBUTION = "Exermote, S. Lerner (MIT licence)"


@dataclass(frozen=True)
class _ExermoteSet:
    """One set of an Exermote workout: rows ``first``..``last`` are its reps, ``lo``..``hi``
    the rows written (``MARGIN_S`` of the break either side)."""

    session: str
    number: int
    individual: str
    exercise: str
    reps: int
    body: list[list[str]]
    col: dict[str, int]
    times: list[float]
    first: int
    last: int
    lo: int
    hi: int

    @property
    def origin(self) -> float:
        return self.times[self.lo]

    def index_row(self, file_name: str) -> dict[str, object]:
        return {
            "file": file_name,
            "individual": self.individual,
            "exercise": self.exercise,
            "reps": self.reps,
            "set_start_s": round(self.times[self.first] - self.origin, 3),
            "set_end_s": round(self.times[self.last] - self.origin, 3),
        }


def _exermote_workout_sets(repo: _Repo) -> Iterator[_ExermoteSet]:
    for path in repo.files("ExermotePreprocessingAndTraining/RawData"):
        if not path.endswith(".csv"):
            continue
        table = list(csv.reader(io.StringIO(repo.text(path))))
        header, body = table[0], table[1:]
        col = {name: i for i, name in enumerate(header)}
        kind, sub, saved = col["exerciseType"], col["exerciseSubType"], col["timeStampSaved"]
        body = [r for r in body if r[col["Device: xGravity"]] != ""]
        times = [_exermote_time(r[saved]) for r in body]
        session = Path(path).stem.replace(" ", "-")
        individual = body[0][col["individual"]]
        for number, (first, last) in enumerate(_exermote_sets(body, kind), start=1):
            reps = sum(
                1
                for i in range(first, last + 1)
                if body[i][sub] == "firstHalf" and (i == first or body[i - 1][sub] != "firstHalf")
            )
            lo = next(i for i in range(len(body)) if times[i] >= times[first] - MARGIN_S)
            hi = max(i for i in range(len(body)) if times[i] <= times[last] + MARGIN_S)
            yield _ExermoteSet(
                session,
                number,
                individual,
                body[first][kind].lower(),
                reps,
                body,
                col,
                times,
                first,
                last,
                lo,
                hi,
            )


def write_exermote(repo: _Repo, out: Path) -> int:
    rows: list[dict[str, object]] = []
    for done in _exermote_workout_sets(repo):
        body, col = done.body, done.col
        gravity = [col[f"Device: {a}Gravity"] for a in "xyz"]
        user = [col[f"Device: {a}Acceleration"] for a in "xyz"]
        file_name = f"{done.session}-set{done.number}-{done.exercise}.csv"
        samples = (
            (
                done.times[i] - done.origin,
                *(
                    float(body[i][g]) + float(body[i][u])
                    for g, u in zip(gravity, user, strict=True)
                ),
            )
            for i in range(done.lo, done.hi + 1)
        )
        _write(out / file_name, EXERMOTE_ATTRIBUTION, samples)  # type: ignore[arg-type]
        rows.append(done.index_row(file_name))
    _index(out, rows)
    return len(rows)


STANDARD_GRAVITY = 9.80665
EXERMOTE_CHEST_ATTRIBUTION = "Exermote, S. Lerner (MIT licence); chest Estimote Nearable"


def write_exermote_chest(repo: _Repo, out: Path) -> int:
    """The chest Nearable of each set: one row per packet (a row repeats the last packet until
    the next arrives), timed when it arrived, on the same clock as ``exermote``'s files."""
    rows: list[dict[str, object]] = []
    for done in _exermote_workout_sets(repo):
        body, col = done.body, done.col
        stamp = col["Chest: timeStampRecorded"]
        axes = [col[f"Chest: {a}Acceleration"] for a in "xyz"]
        end = done.times[done.hi]
        samples: list[tuple[float, float, float, float]] = []
        last_stamp = ""
        for i in range(done.lo, done.hi + 1):
            if body[i][stamp] in ("", last_stamp) or body[i][axes[0]] == "":
                continue
            last_stamp = body[i][stamp]
            t = _exermote_time(last_stamp)
            if done.origin <= t <= end:
                x, y, z = (float(body[i][a]) / STANDARD_GRAVITY for a in axes)
                samples.append((t - done.origin, x, y, z))
        file_name = f"{done.session}-set{done.number}-{done.exercise}.csv"
        _write(out / file_name, EXERMOTE_CHEST_ATTRIBUTION, iter(samples))
        rows.append(done.index_row(file_name))
    _index(out, rows)
    return len(rows)


def _exermote_time(stamp: str) -> float:
    # "2017-03-30 18:45:36:794": milliseconds after a colon.
    day, ms = stamp.rsplit(":", 1)
    return datetime.strptime(day, "%Y-%m-%d %H:%M:%S").timestamp() + int(ms) / 1000.0


def _exermote_sets(body: list[list[str]], kind: int) -> Iterator[tuple[int, int]]:
    """(first, last) row of each run of reps between set breaks."""
    first: int | None = None
    for i, row in enumerate(body):
        in_set = row[kind] not in ("setBreak",)
        if in_set and first is None:
            first = i
        elif not in_set and first is not None:
            yield first, i - 1
            first = None
    if first is not None:
        yield first, len(body) - 1


# --- hapt -------------------------------------------------------------------------------------

HAPT_ATTRIBUTION = "HAPT, J. L. Reyes-Ortiz, L. Oneto, A. Samà, X. Parra, D. Anguita (CC BY 4.0)"
HAPT_RAW = "HAPT Dataset/RawData"
HAPT_RATE_HZ = 50.0
HAPT_ACTIVITIES = {
    1: "walking",
    2: "upstairs",
    3: "downstairs",
    4: "sitting",
    5: "standing",
    6: "lying",
    7: "stand-to-sit",
    8: "sit-to-stand",
    9: "sit-to-lie",
    10: "lie-to-sit",
    11: "stand-to-lie",
    12: "lie-to-stand",
}


def write_hapt(repo: _Repo, out: Path) -> int:
    labels = [line.split() for line in repo.text(f"{HAPT_RAW}/labels.txt").splitlines() if line]
    rows: list[dict[str, object]] = []
    written: set[str] = set()
    for experiment, user, activity, first, last in ([int(v) for v in row] for row in labels):
        file_name = f"exp{experiment:02d}-user{user:02d}.csv"
        if file_name not in written:
            source = f"{HAPT_RAW}/acc_exp{experiment:02d}_user{user:02d}.txt"
            lines = [line.split() for line in repo.text(source).splitlines() if line]
            samples = (
                (i / HAPT_RATE_HZ, float(x), float(y), float(z))
                for i, (x, y, z) in enumerate(lines)
            )
            _write(out / file_name, HAPT_ATTRIBUTION, samples)
            written.add(file_name)
        rows.append(
            {
                "file": file_name,
                "user": user,
                "experiment": experiment,
                "activity": HAPT_ACTIVITIES[activity],
                "start_s": round(first / HAPT_RATE_HZ, 2),
                "end_s": round(last / HAPT_RATE_HZ, 2),
            }
        )
    _index(out, rows)
    return len(written)


# --- dsads -------------------------------------------------------------------------------------

DSADS_ATTRIBUTION = (
    "Daily and Sports Activities, K. Altun, B. Barshan, O. Tunçel (CC BY 4.0); torso unit"
)
DSADS_RATE_HZ = 25.0
DSADS_STILL = {
    "a01": "sitting",
    "a02": "standing",
    "a03": "lying on back",
    "a04": "lying on right side",
    "a07": "standing in lift",
}
"""The still postures, by folder; the other activities are not written."""


def write_dsads(repo: _Repo, out: Path) -> int:
    rows: list[dict[str, object]] = []
    listing = repo.files("data")
    for code, activity in DSADS_STILL.items():
        people = sorted({p.split("/")[2] for p in listing if p.startswith(f"data/{code}/")})
        for person in sorted(people, key=lambda p: int(p[1:])):
            segments = sorted(
                p for p in listing if p.startswith(f"data/{code}/{person}/") and p.endswith(".txt")
            )
            lines = [
                line.split(",")
                for segment in segments
                for line in repo.text(segment).splitlines()
                if line.strip()
            ]
            file_name = f"{code}-{person}-{activity.replace(' ', '-')}.csv"
            samples = (
                (i / DSADS_RATE_HZ, *(float(v) / STANDARD_GRAVITY for v in line[:3]))
                for i, line in enumerate(lines)
            )
            _write(out / file_name, DSADS_ATTRIBUTION, samples)  # type: ignore[arg-type]
            rows.append(
                {
                    "file": file_name,
                    "person": person,
                    "activity": activity,
                    "segments": len(segments),
                    "duration_s": round(len(lines) / DSADS_RATE_HZ, 2),
                }
            )
    _index(out, rows)
    return len(rows)


# --- eurobench-sts -----------------------------------------------------------------------------

STS_ATTRIBUTION = "Eurobench BENCH testbed, pi_bench test inputs (no licence given); trunk IMU"
STS_INPUTS = "Eurobench_format_code/test/input"
STS_NAME = re.compile(r"subject_(\d+)_5sts_chair_raw_(\d+)\.csv$")
STS_REPS = 5
"""The five-times sit-to-stand test: stand up and sit down 5 times."""


def write_eurobench_sts(repo: _Repo, out: Path) -> int:
    rows: list[dict[str, object]] = []
    for path in repo.files(STS_INPUTS):
        match = STS_NAME.search(path)
        if match is None:
            continue
        table = list(csv.reader(io.StringIO(repo.text(path))))
        col = {name.strip().lower(): i for i, name in enumerate(table[0])}
        axes = [col[f"a{a}5"] for a in "xyz"]  # the fifth IMU: the trunk
        samples = (
            (float(r[col["time"]]), *(float(r[a]) / STANDARD_GRAVITY for a in axes))
            for r in table[1:]
            if r
        )
        file_name = f"subject{match.group(1)}-5sts-{match.group(2)}.csv"
        _write(out / file_name, STS_ATTRIBUTION, samples)  # type: ignore[arg-type]
        rows.append(
            {
                "file": file_name,
                "subject": match.group(1),
                "exercise": "sit-stand",
                "reps": STS_REPS,
            }
        )
    _index(out, rows)
    return len(rows)


def _index(out: Path, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    with (out / "index.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


WRITERS = {
    "barbell": write_barbell,
    "exermote": write_exermote,
    "hapt": write_hapt,
    "exermote-chest": write_exermote_chest,
    "dsads": write_dsads,
    "eurobench-sts": write_eurobench_sts,
}


if __name__ == "__main__":
    raise SystemExit(main())
