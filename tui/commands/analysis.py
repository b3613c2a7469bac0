"""``lumbar analyze`` and ``lumbar hrv``: a recording or an RR series, analysed after the fact.

The analysis itself lives in ``sensors``; numpy comes in only when one of these commands runs.
Here are the commands, their arguments and the recording read (and cut to --from/--to);
``analyze`` puts its figures in a document (``tui.commands.analysis_document``), beside an
export's steps.csv set by set as the session marked them
(``tui.commands.analysis_session_sets``), and prints it as tables
(``tui.commands.analysis_tables``) unless --json asks for the document itself.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensors.recording_csv import rr_columns_in_words
from tui.commands.analysis_document import add_zones, analysis_json, pick_set
from tui.commands.analysis_session_sets import hold_sets_json, session_sets_json
from tui.commands.analysis_tables import print_analysis
from tui.commands.browse import find_exercise
from tui.commands.common import UsageError, add_json_flag, emit_json, load, print_table, warn
from tui.commands.session_export import read_session_sets
from tui.words import span_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from sensors.heart import HrvSummary
    from sensors.recording_csv import Recording, RRSeries

PLACEMENTS = ("chest", "thigh", "wrist")
"""The same as ``sensors.motion.PLACEMENTS`` (not imported: that would load numpy)."""


def register(commands: Any) -> None:
    analyze = commands.add_parser(
        "analyze",
        help="reps, holds, stillness, posture and form in a recording CSV",
        description="Analyse a recording: a CSV with a header and t,ax,ay,az (seconds, g), "
        "optionally gx,gy,gz (deg/s) and hr (bpm).",
    )
    analyze.add_argument("file", metavar="FILE.csv", type=Path, help="the recording")
    analyze.add_argument(
        "--exercise", metavar="ID", help="the exercise done (see 'lumbar catalog'): form checks"
    )
    analyze.add_argument(
        "--placement",
        choices=PLACEMENTS,
        default="chest",
        help="where the sensor was worn (default: chest)",
    )
    analyze.add_argument(
        "--rate",
        metavar="HZ",
        type=float,
        help="take the samples as evenly spaced at HZ (when t holds packet arrival times)",
    )
    analyze.add_argument(
        "--set",
        metavar="N",
        type=int,
        dest="set_number",
        help="only set N (of the session's sets, or of the sets found)",
    )
    analyze.add_argument(
        "--from", metavar="S", type=float, dest="from_s", help="start at S seconds (as in t)"
    )
    analyze.add_argument("--to", metavar="S", type=float, dest="to_s", help="stop at S seconds")
    analyze.add_argument(
        "--find-sets",
        action="store_true",
        help="find the sets in the motion, even beside an export's steps.csv",
    )
    add_json_flag(analyze)
    analyze.set_defaults(handler=_analyze)

    hrv = commands.add_parser(
        "hrv",
        help="heart-rate variability from RR intervals",
        description="HRV (mean RR, SDNN, RMSSD, NN50, pNN50) from RR intervals in ms: one per "
        f"line, or a CSV column named {rr_columns_in_words()}. Implausible beats are removed "
        "first: outside 300-2000 ms, or further from the median of the 11 beats around them "
        "than 35% of the mean RR (Kubios' 'low' threshold), with the other half of a split "
        "beat.",
    )
    hrv.add_argument("file", metavar="FILE", type=Path, help="the RR intervals")
    hrv.add_argument(
        "--no-filter",
        action="store_true",
        help="keep every beat (for series that are already clean NN intervals)",
    )
    add_json_flag(hrv)
    hrv.set_defaults(handler=_hrv)


# --- analyze -----------------------------------------------------------------------------------


def _analyze(args: argparse.Namespace) -> int:
    loaded = load(args.db)
    warn(loaded.setting_problems)
    exercise_id: str | None = None
    position = "start"
    if args.exercise is not None:
        exercise = find_exercise(loaded.catalog, args.exercise)
        exercise_id, position = exercise.id, exercise.position
    session = None if args.find_sets else read_session_sets(args.file)
    recording = _read_recording(args.file, args.rate)
    recording = _cut(recording, args.from_s, args.to_s)

    from sensors.motion import analyze_samples, form_rule_for

    form_rule = form_rule_for(exercise_id) if args.placement == "chest" else None
    report = analyze_samples(
        recording.t_s,
        recording.acc_g,
        gyro_dps=recording.gyro_dps,
        hr_bpm=recording.hr_bpm,
        placement=args.placement,
        form_rule=form_rule,
        start_position=position,
    )
    document = analysis_json(recording, report, args.placement, exercise_id)
    if session is not None:
        replayed = session_sets_json(document, recording, session, args.placement, exercise_id)
        hold_sets_json(document, session, replayed, loaded.catalog.exercises)
    runs = span_text(float(recording.t_s[0]), float(recording.t_s[-1]))
    pick_set(document, args.set_number, session, args, runs)
    if document["heart_rate"] is not None:
        add_zones(document["heart_rate"], loaded.settings.heart_rate_max)
    if args.json:
        emit_json(document)
    else:
        print_analysis(document)
    return 0


def _cut(recording: Recording, from_s: float | None, to_s: float | None) -> Recording:
    """Only the samples from ``from_s`` to ``to_s`` (on the recording's own clock)."""
    if from_s is None and to_s is None:
        return recording
    import dataclasses

    if from_s is not None and to_s is not None and from_s >= to_s:
        if from_s == to_s:
            raise UsageError(f"--from and --to are both {from_s:g}; give a --to after --from")
        raise UsageError(f"--from {from_s:g} is after --to {to_s:g}; swap them")
    t = recording.t_s
    keep = (t >= (from_s if from_s is not None else -math.inf)) & (
        t <= (to_s if to_s is not None else math.inf)
    )
    if int(keep.sum()) < 2:
        span = span_text(float(t[0]), float(t[-1]))
        raise UsageError(
            f"{recording.path}: no samples between --from and --to (it runs from {span})"
        )
    return dataclasses.replace(
        recording,
        t_s=t[keep],
        acc_g=recording.acc_g[keep],
        gyro_dps=recording.gyro_dps[keep] if recording.gyro_dps is not None else None,
        hr_bpm=recording.hr_bpm[keep] if recording.hr_bpm is not None else None,
    )


def _read_recording(path: Path, rate_hz: float | None) -> Recording:
    from sensors.recording_csv import RecordingError, read_recording

    try:
        return read_recording(path, rate_hz=rate_hz)
    except RecordingError as error:
        raise UsageError(str(error)) from None


# --- hrv ---------------------------------------------------------------------------------------


def _hrv(args: argparse.Namespace) -> int:
    from sensors.heart import filter_rr, hrv_summary, unfiltered
    from sensors.recording_csv import RecordingError, read_rr_intervals

    try:
        series = read_rr_intervals(args.file, rank=_heart_rate_rank(args.file))
    except RecordingError as error:
        raise UsageError(str(error)) from None
    # NN intervals are normal-to-normal by definition: whoever made them removed artefacts.
    as_given = args.no_filter or series.normal_to_normal
    beats = unfiltered(series.rr_intervals_ms) if as_given else filter_rr(series.rr_intervals_ms)
    try:
        summary = hrv_summary(beats)
    except ValueError as error:
        raise UsageError(f"{args.file.name}: {error}") from None
    removed_lines = [series.lines[i] for i in beats.removed_indices]
    document = _hrv_json(series, summary, removed_lines, filtered=not as_given)
    if args.json:
        emit_json(document)
        return 0
    print(f"{series.path}: {summary.beats} beats used of {len(series.rr_intervals_ms)}")
    if series.device:
        chosen = "the session's heart-rate source" if series.ranked else "with the most readings"
        print(f"the RR intervals of {series.device}, {chosen}")
    if series.normal_to_normal and not args.no_filter:
        print("NN intervals (the header says so): used as given, already cleaned of artefacts")
    if removed_lines:
        shown = ", ".join(str(n) for n in removed_lines[:10])
        more = f" and {len(removed_lines) - 10} more" if len(removed_lines) > 10 else ""
        lines = "line" if len(removed_lines) == 1 else "lines"
        print(f"removed as implausible: {lines} {shown}{more}")
    print()
    print_table(
        ("FIGURE", "VALUE"),
        [
            ("mean RR", f"{summary.mean_rr_ms:.3f} ms"),
            ("mean HR", f"{summary.mean_hr_bpm:.1f} bpm"),
            ("SDNN", f"{summary.sdnn_ms:.3f} ms"),
            ("RMSSD", f"{summary.rmssd_ms:.3f} ms"),
            ("NN50", str(summary.nn50)),
            ("pNN50", f"{summary.pnn50_pct:.3f} %"),
        ],
    )
    return 0


def _heart_rate_rank(path: Path) -> Callable[[str], int] | None:
    """For a csv export's heart_rate.csv, the devices.csv beside it ranks its devices as a
    session's heart rate is chosen (``db.figures``: the Polar H10 first)."""
    import csv

    from db.figures import HEART_RATE_SOURCES

    devices = path.with_name("devices.csv")
    if path.name != "heart_rate.csv" or not devices.is_file():
        return None
    try:
        with devices.open(encoding="utf-8", newline="") as file:
            kinds = {row["address"]: row.get("kind") or "" for row in csv.DictReader(file)}
    except (OSError, UnicodeDecodeError, KeyError, csv.Error):
        return None  # not the export's: every device ranks alike
    unknown = len(HEART_RATE_SOURCES)

    def rank(address: str) -> int:
        kind = kinds.get(address, "")
        return HEART_RATE_SOURCES.index(kind) if kind in HEART_RATE_SOURCES else unknown

    return rank


def _hrv_json(
    series: RRSeries, summary: HrvSummary, removed_lines: list[int], *, filtered: bool
) -> dict[str, Any]:
    return {
        "file": series.path,
        "beats_read": len(series.rr_intervals_ms),
        "beats_used": summary.beats,
        "filtered": filtered,
        "normal_to_normal": series.normal_to_normal,
        "device": series.device or None,
        "removed_lines": removed_lines,
        "mean_rr_ms": summary.mean_rr_ms,
        "mean_hr_bpm": summary.mean_hr_bpm,
        "sdnn_ms": summary.sdnn_ms,
        "rmssd_ms": summary.rmssd_ms,
        "nn50": summary.nn50,
        "pnn50_pct": summary.pnn50_pct,
    }
