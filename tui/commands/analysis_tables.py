"""``lumbar analyze``'s tables: the analysis document (``tui.commands.analysis_document``)
printed for people, as ``--json`` gives it for programs."""

from __future__ import annotations

from typing import Any

from tui.commands.common import print_table
from tui.words import count_text, set_text, span_text


def print_analysis(doc: dict[str, Any]) -> None:
    about = f"{doc['placement']} sensor" + (f", {doc['exercise']}" if doc["exercise"] else "")
    print(f"{doc['file']}: {doc['duration_s']} s at {doc['rate_hz']} Hz, {about}")
    if "sets_from" in doc:
        print(f"Sets as the session marked them: {doc['sets_from']}")
        print()
        print_table(
            ("SET", "EXERCISE", "START S", "END S", "REPS", "IN SESSION", "FORM WARNINGS"),
            [
                (
                    str(s["number"]),
                    _exercise_cell(s),
                    _fmt(s["start_s"]),
                    _fmt(s["end_s"]),
                    "" if s["reps"] is None else str(s["reps"]),
                    "" if s["reps_in_session"] is None else str(s["reps_in_session"]),
                    "" if s["form_warnings"] is None else str(s["form_warnings"]),
                )
                for s in doc["sets"]
            ],
        )
        _print_hold_sets(doc["sets"])
    reps = doc["reps"]
    per_set = ", ".join(
        f"set {s['number']}: {s['reps']}" for s in doc["sets"] if s["reps"] is not None
    )
    print(f"\nReps: {reps['count']}" + (f" ({per_set})" if per_set else ""))
    if reps["items"]:
        print_table(
            ("SET", "REP", "START S", "END S", "SECONDS", "DEGREES"),
            [
                (
                    str(r["set"] or ""),
                    str(r["number"]),
                    _fmt(r["start_s"]),
                    _fmt(r["t_s"]),
                    _fmt(r["duration_s"]),
                    _fmt(r["amplitude_deg"], 0),
                )
                for r in reps["items"]
            ],
        )
    found = " found in the whole recording (not the session's clock)" if "sets_from" in doc else ""
    print(f"\nHolds{found}: {len(doc['holds'])}")
    if doc["holds"]:
        print_table(
            ("START S", "END S", "HELD S", "ENDED BY"),
            [
                (_fmt(h["start_s"]), _fmt(h["end_s"]), _fmt(h["seconds_held"]), h["ended_by"])
                for h in doc["holds"]
            ],
        )
    still = doc["stillness"]
    print(f"\nStill: {round(100 * still['share'])}% of the time, in {len(still['spans'])} spans")
    print(f"\nPostures: {len(doc['postures'])}")
    if doc["postures"]:
        print_table(
            ("START S", "END S", "POSTURE", "TILT"),
            [
                (_fmt(p["start_s"]), _fmt(p["end_s"]), p["posture"], f"{p['tilt_deg']:.0f}°")
                for p in doc["postures"]
            ],
        )
    print()
    form = doc["form"]
    if not form["checked"]:
        print("Form: not checked (needs --exercise with a form rule, and a chest sensor)")
    elif not form["warnings"]:
        print("Form: no warnings")
    else:
        print(f"Form: {count_text(len(form['warnings']), 'warning')}")
        print_table(
            ("AT S", "SET", "WHAT", "ANGLE", "LIMIT"),
            [
                (
                    _fmt(w["t_s"]),
                    str(w["set"]),
                    w["kind"],
                    f"{w['angle_deg']:.0f}°",
                    f"{w['limit_deg']:.0f}°",
                )
                for w in form["warnings"]
            ],
        )
    if doc["gaps"]:
        gaps = ", ".join(span_text(g["start_s"], g["end_s"]) for g in doc["gaps"])
        print(f"\nNo data: {gaps}")
    if doc["heart_rate"] is not None:
        print("\nHeart rate:")
        print_table(
            ("PART", "START S", "END S", "AVERAGE", "PEAK", "RECOVERY"),
            [
                (
                    h["label"],
                    _fmt(h["start_s"]),
                    _fmt(h["end_s"]),
                    _bpm(h["average_bpm"], h["average_zone"]),
                    _bpm(h["peak_bpm"], h["peak_zone"]),
                    "" if h["recovery_bpm"] is None else f"{h['recovery_bpm']:+.0f}",
                )
                for h in doc["heart_rate"]
            ],
        )


def _exercise_cell(entry: dict[str, Any]) -> str:
    """A session's set named as the session names it ("Bird dog 1 L"); a set found in the
    motion by its exercise's id, if --exercise gave one."""
    if "set_number" in entry:
        return f"{entry['exercise_name']} {set_text(entry['set_number'], entry['side'])}"
    return str(entry["exercise"] or "")


def _print_hold_sets(sets: list[dict[str, Any]]) -> None:
    """The hold sets' figures as the session's clock gives them, replayed, beside its own."""
    holds = [s for s in sets if s["holds_s_in_session"] is not None]
    if not holds:
        return
    print()
    print("Hold sets, timed again by the session's clock over the replayed motion:")
    print_table(
        (
            "SET",
            "EXERCISE",
            "HELD S",
            "IN SESSION",
            "BREAKS",
            "IN SESSION",
            "BROKEN S",
            "IN SESSION",
        ),
        [
            (
                str(s["number"]),
                _exercise_cell(s),
                _seconds(s["holds_s"]),
                _seconds(s["holds_s_in_session"]),
                _count(s["hold_breaks"]),
                _count(s["hold_breaks_in_session"]),
                _fmt(s["broken_s"], 2),
                _fmt(s["broken_s_in_session"], 2),
            )
            for s in holds
        ],
    )
    reasons: dict[str, list[str]] = {}
    for s in holds:
        if s["not_timed_again"] is not None:
            reasons.setdefault(s["not_timed_again"], []).append(str(s["number"]))
    for why, numbers in reasons.items():
        which = ("set " if len(numbers) == 1 else "sets ") + ", ".join(numbers)
        print(f"Not timed again: {which} ({why}).")


def _seconds(values: list[float] | None) -> str:
    if values is None:
        return ""
    return " ".join(f"{v:.1f}" for v in values) or "none"


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _bpm(bpm: float | None, zone: int | None) -> str:
    if bpm is None:
        return ""
    return f"{bpm:.0f}" + (f" (zone {zone})" if zone else "")


def _fmt(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"
