"""``lumbar analyze`` beside an export's steps.csv: its motion counted set by set as the
session marked its sets (``sensors.motion.replay``), and its hold sets timed again by the
session's clock (``tui.live.hold_replay``), each beside what the session stored."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from tui.commands.analysis_document import heart_json, rounded

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from catalog.models import Exercise
    from sensors.motion.replay import ReplayedSet
    from sensors.recording_csv import Recording
    from tui.commands.session_export import SessionSets, StoredSet


def session_sets_json(
    document: dict[str, Any],
    recording: Recording,
    session: SessionSets,
    placement: str,
    exercise_id: str | None,
) -> list[ReplayedSet]:
    """Reps and form per set as the session marked its sets, replayed as it ran them."""
    from sensors.motion.replay import MarkedSet, replay_sets

    t = recording.t_s
    marked = [
        MarkedSet(s.number, s.exercise_id, s.start_s, s.end_s)
        for s in session.sets
        if s.end_s >= t[0] and s.start_s <= t[-1]
        if exercise_id is None or s.exercise_id == exercise_id
    ]
    replayed = replay_sets(
        t,
        recording.acc_g,
        marked,
        placement=placement,  # type: ignore[arg-type]
        paused=session.paused,
    )
    stored = {s.number: s for s in session.sets}
    sets = []
    reps = []
    warnings = []
    for done in replayed:
        number = done.marked.number
        counts = stored[number].counts_reps
        counted = list(done.reps) if counts else []
        kept = stored[number]
        sets.append(
            {
                "number": number,
                "exercise": done.marked.exercise_id,
                "exercise_name": kept.exercise_name or kept.exercise_id,
                "set_number": kept.set_number,
                "side": kept.side,
                "start_s": rounded(done.marked.start_s),
                "end_s": rounded(done.marked.end_s),
                "reps": len(counted) if counts else None,
                "reps_in_session": stored[number].reps_sensed,
                "form_warnings": len(done.form_warnings) if done.form_checked else None,
                "worst_angle_deg": None
                if done.ended is None or math.isnan(done.ended.worst_angle_deg)
                else rounded(done.ended.worst_angle_deg, 1),
            }
        )
        reps += [
            {
                "set": number,
                "number": i,
                "start_s": rounded(rep.start_s),
                "t_s": rounded(rep.t_s),
                "duration_s": rounded(rep.duration_s),
                "amplitude_deg": rounded(rep.amplitude_deg, 1),
            }
            for i, rep in enumerate(counted, start=1)
        ]
        warnings += [
            {
                "t_s": rounded(w.t_s),
                "kind": w.kind,
                "angle_deg": rounded(w.angle_deg, 1),
                "limit_deg": w.limit_deg,
                "set": number,
            }
            for w in done.form_warnings
        ]
    document["sets_from"] = f"{session.steps_file} (session {session.session_id})"
    document["sets"] = sets
    if recording.hr_bpm is not None:  # per set as the session marked them, as the reps are
        from sensors.motion.report import heart_by_sets

        spans = [(m.number, m.start_s, m.end_s) for m in marked]
        document["heart_rate"] = [heart_json(s) for s in heart_by_sets(t, recording.hr_bpm, spans)]
    document["reps"] = {"count": len(reps), "items": reps}
    document["form"] = {
        "checked": any(done.form_checked for done in replayed),
        "warnings": warnings,
    }
    return replayed


def hold_sets_json(
    document: dict[str, Any],
    session: SessionSets,
    replayed: Sequence[ReplayedSet],
    exercises: Mapping[str, Exercise],
) -> None:
    """Each hold set's holds, breaks and seconds broken as the session's clock timed them,
    run again over the replayed detector (``tui.live.hold_replay``), beside what it stored.
    A set its sensor did not watch whole (no seconds broken stored) went partly by the clock
    alone, one of an exercise this lumbar does not know has no rules to time it by, and one
    with no hold length cannot be timed: not timed again, and ``not_timed_again`` says why."""
    from catalog.models import Dose
    from catalog.plan import PlannedStep
    from tui.live.hold_replay import time_hold_set

    stored = {s.number: s for s in session.sets}
    for entry, done in zip(document["sets"], replayed, strict=True):
        kept = stored[entry["number"]]
        timed = None
        why_not = _why_not_timed_again(kept, exercises) if kept.counts_holds else None
        if kept.counts_holds and why_not is None:
            dose = Dose(sets=kept.planned_sets, reps=kept.planned_reps, hold_s=kept.planned_hold_s)
            step = PlannedStep(
                "work",
                kept.exercise_id,
                kept.set_number,
                kept.side,  # type: ignore[arg-type]
                dose,
                kept.end_s - kept.start_s,
            )
            timed = time_hold_set(
                step,
                exercises,
                done.heard,
                kept.start_s,
                kept.end_s,
                paused=session.paused,
                targets=kept.targets,
            )
        hold = kept.counts_holds
        entry.update(
            {
                "holds_s": list(timed.holds_s) if timed is not None else None,
                "holds_s_in_session": list(kept.holds_s) if hold else None,
                "hold_breaks": timed.breaks if timed is not None else None,
                "hold_breaks_in_session": kept.hold_breaks if hold else None,
                "broken_s": timed.broken_s if timed is not None else None,
                "broken_s_in_session": kept.broken_s if hold else None,
                "not_timed_again": why_not,
            }
        )


def _why_not_timed_again(kept: StoredSet, exercises: Mapping[str, Exercise]) -> str | None:
    """Why a hold set cannot be timed again from the export (None: it can)."""
    if kept.broken_s is None:
        return (
            "the sensor did not watch the whole set, so the session's clock timed part of it alone"
        )
    if kept.exercise_id not in exercises:
        return f"unknown exercise '{kept.exercise_id}' (see `lumbar catalog`)"
    if kept.planned_hold_s is None:
        return "the export gives no hold length for it"
    return None
