"""The words and numbers people read about their sessions, the same in every command and on
every screen: times and durations, counts, pain, status, hold quality, what a set asked for
and what it achieved, what a wearable saw, and events.

Two names for time: ``clock_text`` is a moment or a stretch on a clock ("1:05", "0:22"),
``duration_text`` how long something took in words ("45 s", "14 min", "1 h 05"). Numbers a
person compares (percentages, bpm, seconds held) are rounded half up, once, here.

Imports nothing of Textual (checked by import-linter and tests/test_import_hygiene.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from catalog.describe import seconds_text as seconds_text  # an amount of time: "1 min 30 s"
from db.figures import WORKED_TIMED_S
from db.figures import whole as whole  # halves up: 91.5 -> 92

if TYPE_CHECKING:
    from catalog.measures import Measure
    from db.outcomes import Outcome
    from db.read_model import SessionRow, StoredEvent, StoredSession, StoredSet


NO_CONTACT_WORDS = "no skin contact (wet its pads, tighten the strap)"
"""A strap whose contact bits say it is off the skin: the rate it sends is not a heart's."""

STATUS_WORDS = {
    "completed": "completed",
    "ended-early": "ended early",
    "interrupted": "interrupted",
    "running": "running",
}
NOT_REACHED = "not reached"
"""A set of the plan the session never came to."""
MOST_HOLDS_LISTED = 3
"""More holds than this read as a count and a range, so a set stays on one line."""


# --- numbers ------------------------------------------------------------------------------


def number_text(value: float) -> str:
    """A count that may be a median: "5", "7.5"."""
    return f"{value:g}"


def count_text(count: float, noun: str, plural: str | None = None) -> str:
    """ "1 rep", "2 reps", "0 days", "7.5 reps"; ``plural`` when it is not ``noun`` + s."""
    word = noun if count == 1 else (plural or noun + "s")
    return f"{number_text(count)} {word}"


def percent_text(share: float | None) -> str:
    """A share of 0 to 1 as a whole percentage, halves up: 0.915 is "92%". "" for None.

    The share is rounded to three decimals first (as the read model keeps hold quality), so
    a value that lies a hair under the half (0.91499…) reads as the 0.915 stored and shown."""
    if share is None:
        return ""
    thousandths = round(share * 1000)  # whole numbers from here: no float halves to lose
    return f"{(thousandths + 5) // 10}%"


# --- time ---------------------------------------------------------------------------------


def clock_text(seconds: float) -> str:
    """A moment or stretch on a clock, to the nearest second: "0:22", "12:05", "1:02:05"."""
    total = max(0, whole(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def countdown_text(seconds: float) -> str:
    """A timer counting down, as the big digits show it: whole seconds rounded up (it reads
    0 only when the time is up), "45" under a minute, "1:05" from a minute."""
    left = max(0, math.ceil(seconds - 1e-9))
    return f"{left // 60}:{left % 60:02d}" if left >= 60 else str(left)


def span_text(start_s: float, end_s: float, digits: int = 1) -> str:
    """A stretch of a recording's own clock: "-0.1 to 250.4 s" ("to", never a dash, which
    a negative start would run into; the minus as typed, so it can be given to --from)."""
    return f"{start_s:.{digits}f} to {end_s:.{digits}f} s"


def duration_text(seconds: float) -> str:
    """How long something took, in words: "45 s", "14 min", "1 h 05"."""
    total = max(0, whole(seconds))
    if total < 60:
        return f"{total} s"
    minutes = whole(total / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


def minutes_left_text(seconds: float) -> str:
    """What remains of a session, rounded up to the minute: "~3 min left"."""
    return f"~{max(0, math.ceil(seconds / 60 - 1e-9))} min left"


def local_time_text(moment: datetime, tz: tzinfo | None = None) -> str:
    """When a session started, on the machine's clock (or ``tz``'s): "2025-03-14 08:05"."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


# --- sessions -----------------------------------------------------------------------------


def status_text(status: str) -> str:
    """ "completed", "ended early", "interrupted", "running"."""
    return STATUS_WORDS.get(status, status)


def session_status_text(row: SessionRow) -> str:
    """Its status, whether it was taken up again after an interruption, and whether the
    demo did it: "completed, resumed" (one session, not two), "ended early, demo"."""
    text = status_text(row.status)
    if row.resumes:
        text = f"{text}, {resumed_text(row.resumes)}"
    return f"{text}, {DEMO_WORD}" if row.among_yours else text


DEMO_WORD = "demo"
"""What marks a session the demo recorded among the person's (``lumbar --demo`` on their own
database): it is listed with theirs, but is not theirs. In the demo's own database, where
every session is the demo's, nothing is marked."""


def resumed_text(resumes: int) -> str:
    """ "resumed", "resumed 2×"."""
    return f"resumed {resumes}×" if resumes > 1 else "resumed"


RESUMED_MARK = "↻"


def status_cell(row: SessionRow) -> str:
    """The status in a table's narrow column: "completed ↻", "ended early ↻2" (the row's
    details say "resumed 2×" in words)."""
    text = status_text(row.status)
    if not row.resumes:
        return text
    return f"{text} {RESUMED_MARK}{row.resumes if row.resumes > 1 else ''}"


def routine_text(row: SessionRow) -> str:
    """What was done: the routine's name (its id when it has none), or "recording"."""
    if row.kind == "recording":
        return "recording"
    return row.routine_name or row.routine_id or row.kind


def marked_routine_text(row: SessionRow) -> str:
    """``routine_text``, marked first when the demo did it ("demo: Core basics"): the log
    table's status column has no room for the mark."""
    return f"{DEMO_WORD}: {routine_text(row)}" if row.among_yours else routine_text(row)


def sets_text(row: SessionRow) -> str:
    """Sets done of planned: "3/5"; "3" without a plan; "" for a recording."""
    if row.sets_planned:
        return f"{row.sets_done}/{row.sets_planned}"
    return str(row.sets_done) if row.kind == "routine" else ""


def sets_done_text(done: int, planned: int | None, skipped: int = 0) -> str:
    """ "3 of 5 sets done", "1 of 1 set done, 1 skipped", "2 sets done" (no plan)."""
    text = f"{done} of {count_text(planned, 'set')}" if planned else count_text(done, "set")
    return f"{text} done" + (f", {skipped} skipped" if skipped else "")


def session_cells(row: SessionRow, tz: tzinfo | None = None) -> tuple[str, ...]:
    """A session as the log lists it: started, routine, duration, sets, pain, heart rate,
    status (the app's table and ``lumbar log`` alike)."""
    return (
        local_time_text(row.started_at, tz),
        routine_text(row),
        duration_text(row.duration_s),
        sets_text(row),
        pain_change_text(row.pain_before, row.pain_after),
        bpm_text(row.avg_bpm),
        session_status_text(row),
    )


def pain_text(level: int | None) -> str:
    """One pain level: "4"; "-" when not given."""
    return "-" if level is None else str(level)


def pain_change_text(before: int | None, after: int | None) -> str:
    """Pain before and after: "4 → 2", "- → 3"; "" when neither was given."""
    if before is None and after is None:
        return ""
    return f"{pain_text(before)} → {pain_text(after)}"


def pain_phrase(before: int | None, after: int | None) -> str:
    """ "Pain 4 → 2", or "Pain not given"."""
    change = pain_change_text(before, after)
    return f"Pain {change}" if change else "Pain not given"


PAIN_ADVICE_WORDS = {
    "stop-exercise": "advised to stop it",
    "seek-care": "advised to seek care",
    "rest-today": "advised not to exercise today",
}
PAIN_CHOICE_WORDS = {
    "skip": "skipped it",
    "end": "ended the session",
    "carry-on": "carried on",
    "red-flag": "a red flag",
}
PAIN_FOOTER_SHORT_WORDS = {
    "Skip exercise": "Skip",
    "End session": "End",
    "Go on gently": "Go gently",
}
"""The advice after pain: its footer's words where its keys would not all fit in their own
(the mat view's 40 columns), so every choice's key is there, c and f too, not s and e alone."""


def pain_story(session: StoredSession) -> str | None:
    """Pain before, each report during the session with where it came, what lumbar advised
    and what the person chose, and pain after: "Pain 4 before → 7 in Bird dog (advised to
    stop it; carried on) → 10 getting ready for Glute bridge (advised to seek care; ended the
    session)" (a session ended on pain just reported does not ask pain after). Advice on the
    pain before (7 or more) goes with it: "Pain 8 before (advised not to exercise today; ended
    the session)". None when no pain was reported during the session nor advised on before
    it."""
    at_start: list[str] = []
    reports: list[tuple[str, list[str]]] = []
    for event in session.events:
        notes = reports[-1][1] if reports else at_start
        if event.kind == "pain":
            level = "noted" if event.value is None else str(whole(event.value))
            reports.append((f"{level} {_reported_where(event.step_index, session)}", []))
        elif event.kind == "pain-advice" and event.detail in PAIN_ADVICE_WORDS:
            notes.append(PAIN_ADVICE_WORDS[event.detail])
        elif event.kind == "pain-choice" and event.detail in PAIN_CHOICE_WORDS:
            notes.append(PAIN_CHOICE_WORDS[event.detail])
    if not reports and not at_start:
        return None
    before, after = session.row.pain_before, session.row.pain_after
    told = [(f"{before} before", at_start)] if before is not None else []
    parts = [text + (f" ({'; '.join(notes)})" if notes else "") for text, notes in told + reports]
    if after is not None:
        parts.append(f"{after} after")
    return "Pain " + " → ".join(parts)


def advised_care(events: Sequence[StoredEvent]) -> bool:
    """Whether lumbar advised, during the session, to have the back checked."""
    return any(
        e.kind == "red-flag" or (e.kind == "pain-advice" and e.detail == "seek-care")
        for e in events
    )


def _reported_where(step_index: int | None, session: StoredSession) -> str:
    """Where in the session something was reported, by the step it came in: "in Bird dog"
    (a set, a switch of sides or a rest between its sets), "getting ready for Glute
    bridge", "in the rest before Glute bridge" (the exercise the session went on to, the
    one its advice was about). A session stored without its plan has only its sets: the set
    it came in, else the next set's exercise (a rest or get-ready leads to it)."""
    place = step_place(step_index, session)
    if place is None:
        return f"in {_exercise_at(step_index, session.sets)}"
    kind, name = place
    return {"ready": "getting ready for ", "rest": "in the rest before "}.get(kind, "in ") + name


def during_text(step_index: int | None, session: StoredSession) -> str:
    """The step an event came in, for a table: "Bird dog", "get-ready: Glute bridge",
    "rest before Glute bridge"; "" when the session does not say."""
    place = step_place(step_index, session)
    if place is None:
        return next((s.name for s in session.sets if s.step_index == step_index), "")
    kind, name = place
    return {"ready": "get-ready: ", "rest": "rest before "}.get(kind, "") + name


def step_place(step_index: int | None, session: StoredSession) -> tuple[str, str] | None:
    """The kind of step of the plan at ``step_index`` ("ready"; "rest" for a rest between
    two exercises; "set" for a set, a switch of sides or a rest between its sets) and the
    exercise it belongs to (the next one's, for a rest between two), by the name recorded
    with its sets or else with the plan. None without a plan, a step not in it, or a name
    (a plan stored by an older lumbar, of an exercise no set was recorded of)."""
    plan = session.plan
    if plan is None or step_index is None or not 0 <= step_index < len(plan):
        return None
    step = plan[step_index]
    kind = "set"
    if step.kind == "ready":
        kind = "ready"
    elif step.kind == "rest" and step.set_number == 0 and step_index + 1 < len(plan):
        kind, step = "rest", plan[step_index + 1]  # between two: the one it leads to
    recorded = {s.exercise_id: s.name for s in session.sets}
    name = recorded.get(step.exercise_id) or step.exercise_name
    return (kind, name) if name else None  # a plan stored before names were: the sets only


def _exercise_at(step_index: int | None, sets: Sequence[StoredSet]) -> str:
    """The exercise of a step: its set's, else (a rest or a get-ready) the next set's."""
    if step_index is None or not sets:
        return "the session"
    after = [s for s in sets if s.step_index >= step_index]
    return (after[0] if after else sets[-1]).name


def bpm_text(bpm: float | None) -> str:
    """A heart rate in whole beats a minute: "81"; "" for None."""
    return "" if bpm is None else str(whole(bpm))


def heart_rate_text(avg_bpm: float | None, peak_bpm: int | None) -> str:
    """ "81 avg, 100 peak"; "" without a heart rate."""
    if avg_bpm is None:
        return ""
    return f"{bpm_text(avg_bpm)} avg, {bpm_text(peak_bpm)} peak"


# --- sets ---------------------------------------------------------------------------------


def set_text(set_number: int, side: str | None) -> str:
    """Which set: "1", "2 L", "2 R"."""
    short = {"left": " L", "right": " R"}.get(side or "", "")
    return f"{set_number}{short}"


def planned_text(stored: StoredSet) -> str:
    """What one set asked for: "12 reps", "1 rep", "3 × 10 s", "10 s", "1 min"; where + or
    - changed the hold or the timer, the plan, then the target in force when the set ended:
    "3 × 30 s, shortened to 25 s". Not "3 × 25 s": a change made during the set left the
    holds (or the seconds) before it at the plan; what each hold was is what was done."""
    planned = amount_text(
        stored.mode, stored.planned_reps, stored.planned_hold_s, stored.planned_duration_s
    )
    plan_s, target_s = {
        "hold": (stored.planned_hold_s, stored.target_hold_s),
        "timed": (stored.planned_duration_s, stored.target_duration_s),
    }.get(stored.mode, (None, None))
    if plan_s is None or target_s is None or plan_s == target_s:
        return planned
    change = "shortened" if target_s < plan_s else "lengthened"
    return f"{planned}, {change} to {seconds_text(target_s)}"


def amount_text(mode: str, reps: int | None, hold_s: int | None, duration_s: int | None) -> str:
    """How much one set asks for, by the exercise's mode (see ``planned_text``)."""
    if mode == "hold":
        holds = reps or 1
        hold = seconds_text(hold_s or 0)
        return f"{holds} × {hold}" if holds > 1 else hold
    if mode == "timed":
        return seconds_text(duration_s or 0)
    return count_text(reps or 0, "rep")


def done_text(stored: StoredSet) -> str:
    """What one set achieved: "5 reps", "1 rep", "3 × 10 s", "10, 9, 8 s", "5 holds, 8-10 s",
    "no hold", "1 min"; "skipped" when skipped before anything was done ("session ended"
    where the session was ended in it), else "…, then skipped" ("…, then ended"); "…,
    unfinished" for a set that never ended (the session was interrupted, or is still
    going)."""
    if stored.mode == "hold":
        begun = any(whole(h) > 0 for h in stored.holds_s)
    elif stored.mode == "timed":
        begun = (stored.active_s or 0.0) >= WORKED_TIMED_S  # as db.figures.set_worked
    else:
        begun = stored.reps_done > 0
    if stored.skipped and not begun:
        return "session ended" if stored.ended_with_session else "skipped"
    if stored.mode == "hold":
        done = _holds_text(stored.holds_s)
    elif stored.mode == "timed":
        done = seconds_text(whole(stored.active_s or 0.0))
    else:
        done = count_text(stored.reps_done, "rep")
    if not stored.finished:
        return f"{done}, unfinished"
    if not stored.skipped:
        return done
    return f"{done}, then ended" if stored.ended_with_session else f"{done}, then skipped"


def _holds_text(holds_s: Sequence[float]) -> str:
    held = [whole(h) for h in holds_s]
    if not held:
        return "no hold"
    if len(set(held)) == 1:
        return f"{len(held)} × {held[0]} s" if len(held) > 1 else f"{held[0]} s"
    if len(held) > MOST_HOLDS_LISTED:
        return f"{len(held)} holds, {min(held)}-{max(held)} s"
    return ", ".join(str(h) for h in held) + " s"


def hold_quality_text(stored: StoredSet) -> str:
    """The share of a watched hold spent in position: "92%"; "" when no wearable watched."""
    return percent_text(stored.hold_quality)


def sensed_text(stored: StoredSet) -> str:
    """What the wearable saw in one set, in a few words: "5 counted · ⚠1 · ♥92",
    "92% held · 1 break"; "" when it saw nothing."""
    parts = []
    if stored.mode == "reps" and stored.reps_sensed is not None:
        parts.append(f"{stored.reps_sensed} counted")
    if stored.mode == "hold" and stored.hold_quality is not None:
        parts.append(f"{percent_text(stored.hold_quality)} held")
    if stored.mode == "hold" and stored.hold_breaks:
        parts.append(count_text(stored.hold_breaks, "break"))
    if stored.form_warnings:
        parts.append(f"⚠{stored.form_warnings}")
    if stored.avg_bpm is not None:
        parts.append(f"♥{bpm_text(stored.avg_bpm)}")
    return " · ".join(parts)


# --- events -------------------------------------------------------------------------------


EVENT_UNITS = {"pain": "/10", "pain-advice": "/10", "red-flag": "/10", "form-warning": "°"}
"""What an event's value is in, written after it ("5/10", "17.5°")."""
EVENT_SECONDS = {"hold-changed", "timer-changed"}
"""Events whose value is a length of time: the hold or timer as changed."""
EVENT_STEPS = {"back"}
"""Events whose value is where the session went (a step of the plan, counted from 0): no
number for a person."""


def event_value_text(event: StoredEvent) -> str:
    """An event's value and detail: "5/10" (pain), "7/10 stop-exercise" (the advice after a
    pain report), "17.5° trunk rotating" (form), "15 s" (a hold made longer)."""
    if event.value is None or event.kind in EVENT_STEPS:
        return event.detail or ""
    if event.kind in EVENT_SECONDS:
        value = seconds_text(whole(event.value))
    else:
        value = number_text(event.value) + EVENT_UNITS.get(event.kind, "")
    return f"{value} {event.detail or ''}".strip()


CHANGE_WORDS = {
    "better": "better by at least the minimal important change",
    "worse": "worse by at least the minimal important change",
    "within": "within the minimal important change",
}


def outcome_change_text(measure: Measure, found: Sequence[Outcome]) -> str:
    """A questionnaire's scores, the first against the latest, in the same words in the app
    and the report: "6.0 → 4.3 since the first (5 answers): better by at least the minimal
    important change (1 point; Reed et al., J Pain 2024)". A PSFS whose activities changed
    is compared on the ones rated both times."""
    from catalog.measures import important_change, mic_of, mic_text
    from db.outcomes import compared

    answered = [o for o in found if o.measure == measure and not o.skipped]
    scored = [o for o in answered if o.score is not None]
    in_part = len(answered) - len(scored)
    if not scored and in_part:
        return (
            f"no score yet: {count_text(in_part, 'check-in')} answered in part (a score needs "
            "every question answered)"
        )
    if not scored:
        return "not answered yet"
    if len(scored) == 1:
        count = sum(a.value is not None for a in scored[0].answers)
        points = count_text(mic_of(measure, count if measure == "psfs" else 0), "point")
        return f"{scored[0].score:.1f} (the first; a change of {points} or more is important)"
    first, latest = scored[0], scored[-1]
    change = compared(first, latest)
    answers = count_text(len(scored), "answer")
    if change is None:
        return (
            f"{latest.score:.1f} ({answers}); no activity rated the first time was rated the "
            "last: the change cannot be told"
        )
    on = ""
    if change.activities:
        rated = count_text(len(change.activities), "activity", "activities")
        on = f" on the {rated} rated both times ({', '.join(change.activities)})"
    verdict = important_change(measure, change.earlier, change.later, activities=change.rated)
    return (
        f"{change.earlier:.1f} → {change.later:.1f} since the first ({answers}){on}: "
        f"{CHANGE_WORDS[verdict]} ({mic_text(measure, change.rated)})"
    )
