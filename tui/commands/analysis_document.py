"""``lumbar analyze``'s document: a recording's analysis (``sensors.motion``) in the
figures ``--json`` prints and the tables show (``tui.commands.analysis_tables``); narrowed
to one set by ``--set N``, its heart rate given zones."""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING, Any

from tui.commands.common import UsageError
from tui.words import set_text, span_text

if TYPE_CHECKING:
    from sensors.heart import HeartRateSegment
    from sensors.motion import MotionReport
    from sensors.recording_csv import Recording
    from tui.commands.session_export import SessionSets, StoredSet


def analysis_json(
    recording: Recording, report: MotionReport, placement: str, exercise_id: str | None
) -> dict[str, Any]:
    return {
        "file": recording.path,
        "duration_s": rounded(report.duration_s),
        "rate_hz": rounded(recording.rate_hz, 1),
        "samples": len(recording.t_s),
        "placement": placement,
        "exercise": exercise_id,
        "reps": {
            "count": len(report.reps),
            "items": [
                {
                    "set": _set_of(report, rep.start_s),
                    "number": rep.number,
                    "start_s": rounded(rep.start_s),
                    "t_s": rounded(rep.t_s),
                    "duration_s": rounded(rep.duration_s),
                    "amplitude_deg": rounded(rep.amplitude_deg, 1),
                }
                for rep in report.reps
            ],
        },
        "sets": [
            {
                "number": s.number,
                "exercise": exercise_id,
                "start_s": rounded(s.start_s),
                "end_s": rounded(s.t_s),
                "reps": s.reps,
                "form_warnings": s.form_warnings,
                "worst_angle_deg": None
                if math.isnan(s.worst_angle_deg)
                else rounded(s.worst_angle_deg, 1),
            }
            for s in report.sets
        ],
        "holds": [
            {
                "start_s": rounded(h.start_s),
                "end_s": rounded(h.t_s),
                "seconds_held": rounded(h.seconds_held),
                "ended_by": h.reason,
            }
            for h in report.holds
        ],
        "stillness": {
            "share": rounded(report.still_share, 3),
            "spans": [
                {"start_s": rounded(s.start_s), "end_s": rounded(s.t_s)} for s in report.stillness
            ],
        },
        "postures": [
            {
                "start_s": rounded(p.start_s),
                "end_s": rounded(p.end_s),
                "posture": p.posture,
                "tilt_deg": rounded(p.tilt_deg, 1),
            }
            for p in report.postures
        ],
        "form": {
            "checked": report.form_checked,
            "warnings": [
                {
                    "t_s": rounded(w.t_s),
                    "kind": w.kind,
                    "angle_deg": rounded(w.angle_deg, 1),
                    "limit_deg": w.limit_deg,
                    "set": w.set_number,
                }
                for w in report.form_warnings
            ],
        },
        "gaps": [{"start_s": rounded(g.start_s), "end_s": rounded(g.t_s)} for g in report.gaps],
        "heart_rate": [heart_json(s) for s in report.heart_rate]
        if recording.hr_bpm is not None
        else None,
    }


def _set_of(report: MotionReport, t_s: float) -> int | None:
    for s in report.sets:
        if s.start_s - 1e-6 <= t_s <= s.t_s + 1e-6:
            return s.number
    return None


def heart_json(segment: HeartRateSegment) -> dict[str, Any]:
    return {
        "label": segment.label,
        "start_s": rounded(segment.start_s),
        "end_s": rounded(segment.end_s),
        "average_bpm": rounded(segment.average_bpm, 1),
        "peak_bpm": rounded(segment.peak_bpm, 1),
        "recovery_bpm": rounded(segment.recovery_bpm, 1)
        if segment.label.startswith("rest")
        else None,
    }


def add_zones(segments: list[dict[str, Any]], max_bpm: int | None) -> None:
    """Zones of each part's average and peak, when a maximum (or an age) is set."""
    from sensors.heart import zone_of

    for segment in segments:
        for field in ("average", "peak"):
            bpm = segment[f"{field}_bpm"]
            zone = zone_of(bpm, max_bpm) if bpm is not None and max_bpm else None
            segment[f"{field}_zone"] = zone


def pick_set(
    document: dict[str, Any],
    number: int | None,
    session: SessionSets | None,
    args: argparse.Namespace,
    runs: str,
) -> None:
    """``--set N``: the reps, warnings and figures of that set only (``runs``: the span
    of the recording analysed, in words)."""
    if number is None:
        return
    chosen = [s for s in document["sets"] if s["number"] == number]
    if not chosen:
        why = _not_there(document, number, session, args, runs)
        raise UsageError(f"{document['file']}: {why}")
    document["sets"] = chosen
    items = [r for r in document["reps"]["items"] if r["set"] == number]
    document["reps"] = {"count": len(items), "items": items}
    document["form"]["warnings"] = [w for w in document["form"]["warnings"] if w["set"] == number]
    # Holds, stillness and postures found in the whole recording, as far as they fall in it.
    start, end = chosen[0]["start_s"], chosen[0]["end_s"]
    document["holds"] = [h for h in document["holds"] if start <= h["start_s"] < end]
    spans = [
        {"start_s": max(s["start_s"], start), "end_s": min(s["end_s"], end)}
        for s in document["stillness"]["spans"]
        if s["end_s"] > start and s["start_s"] < end
    ]
    still_s = sum(s["end_s"] - s["start_s"] for s in spans)
    document["stillness"] = {
        "share": rounded(still_s / (end - start), 3) if end > start else 0.0,
        "spans": spans,
    }
    document["postures"] = [
        p for p in document["postures"] if p["end_s"] > start and p["start_s"] < end
    ]


def _not_there(
    document: dict[str, Any],
    number: int,
    session: SessionSets | None,
    args: argparse.Namespace,
    runs: str,
) -> str:
    """Why ``--set N`` names no set analysed: a set of the session that --from/--to,
    --exercise or the recording's own span left out is said to be so, not missing."""
    have = ", ".join(str(s["number"]) for s in document["sets"]) or "none"
    known = {s.number: s for s in session.sets} if session is not None else {}
    left_out = known.get(number)
    if left_out is None:
        return f"no set {number} (sets: {have})"
    what = f"set {number} ({_set_name(left_out)}, {span_text(left_out.start_s, left_out.end_s)})"
    if args.exercise is not None and document["exercise"] != left_out.exercise_id:
        return f"{what} is not of --exercise {args.exercise} (its sets: {have})"
    asked = " ".join(
        f"{flag} {value:g}"
        for flag, value in (("--from", args.from_s), ("--to", args.to_s))
        if value is not None
    )
    if not asked:
        return f"{what} is outside the recording (it runs from {runs})"
    return f"{what} is outside {asked} (sets there: {have})"


def _set_name(stored: StoredSet) -> str:
    """A session's set as the session names it: "Bird dog 1 L"."""
    name = stored.exercise_name or stored.exercise_id
    return f"{name} {set_text(stored.set_number, stored.side)}"


def rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)
