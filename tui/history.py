"""What the database says about a routine's past, turned into today's suggested doses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from catalog import Catalog, Routine
from catalog.dose_words import day_text
from catalog.models import Dose
from catalog.plan import item_dose
from catalog.progression import (
    FIELDS,
    GAP_DAYS,
    HIGH_PAIN,
    Performance,
    Suggestion,
    pain_rise,
    unknown_rise,
)
from db.clock import today as clock_today
from db.dose_history import (
    ExerciseDone,
    LastSession,
    checks_advised,
    exercise_history,
    last_done,
    last_session,
    pain_elsewhere,
    sessions_that_hurt,
)
from db.dose_pins import pinned_doses
from tui.doses import suggestions

if TYPE_CHECKING:
    from sqlite_utils import Database


def routine_suggestions(
    db: Database,
    routine: Routine,
    catalog: Catalog,
    *,
    include_demo: bool = False,
    today: date | None = None,
    tz: tzinfo | None = None,
) -> dict[str, Suggestion]:
    """Today's suggestion for each exercise of the routine. Demo sessions are not the
    person's history unless ``include_demo`` (the demo's own run)."""
    done = exercise_history(db, routine.id, include_demo=include_demo)
    exercises = [item.exercise for item in routine.items if item.exercise in catalog.exercises]
    # Done here, but not in the routine's latest sessions read: its own latest, read too,
    # so that "last time" is its last time.
    last = last_done(db, routine.id, exercises, include_demo=include_demo)
    further = [exercise_id for exercise_id in last if exercise_id not in done]
    if further:
        done.update(exercise_history(db, routine.id, exercises=further, include_demo=include_demo))
    history = {
        exercise_id: [performance(one, tz) for one in past]
        for exercise_id, past in done.items()
        if exercise_id in catalog.exercises
    }
    day = today or clock_today(tz)
    # When each exercise was last done, as ``history`` has it (the rules below add a later
    # session only where it came after).
    latest = {exercise_id: past[0].started_at for exercise_id, past in done.items() if past}
    since = {exercise_id: latest.get(exercise_id) for exercise_id in exercises}
    elsewhere = pain_elsewhere(db, routine.id, since, include_demo=include_demo)
    _pain_elsewhere(history, latest, elsewhere, routine, catalog, day, tz)
    checks = checks_advised(db, include_demo=include_demo)
    told: set[int] = set()  # sessions already read as the last time
    # A check advised within the last GAP_DAYS: after that, an exercise not done since is
    # eased back by the gap rule, and one never done starts at the routine's own dose.
    if checks and (day - checks[0].started_at.astimezone(tz).date()).days < GAP_DAYS:
        check = checks[0]
        advised = Performance(
            day=check.started_at.astimezone(tz).date(),
            dose=Dose(),  # each exercise's own, below
            completed=False,
            pain_before=check.pain_before,
            pain_after=check.pain_after,
            care_advised=True,
        )
        _last_time_was(history, latest, routine, catalog, check.started_at, advised)
        told.add(check.session_id)
    # Pain that rose in the routine's last session steps back the exercises it did not
    # reach too (all of them when it was left before a set): it is the back's pain. Ended
    # for pain that had not risen, it holds them where they were.
    latest_here = last_session(db, routine.id, include_demo=include_demo)
    if latest_here is not None and latest_here.session_id not in told:
        ended_with = _as_left(latest_here, tz)
        if pain_rise(ended_with) or latest_here.ended_for_pain:
            _last_time_was(history, latest, routine, catalog, latest_here.started_at, ended_with)
    pins = {
        exercise_id: Dose(
            sets=pin.sets, reps=pin.reps, hold_s=pin.hold_s, duration_s=pin.duration_s
        )
        for exercise_id, pin in pinned_doses(db, routine.id).items()
    }
    found = suggestions(routine, catalog, history, day, pins)
    # Pain since the earliest of the exercises' last times here is all that can stop a step.
    earliest = min((latest[e] for e in found if e in latest and history.get(e)), default=None)
    if earliest is not None:
        sessions = sessions_that_hurt(db, earliest, include_demo=include_demo)
        _no_step_up_after_pain(found, history, latest, sessions, tz)
    return found


def _pain_elsewhere(
    history: dict[str, list[Performance]],
    latest: dict[str, datetime],
    elsewhere: Mapping[str, Sequence[ExerciseDone]],
    routine: Routine,
    catalog: Catalog,
    day: date,
    tz: tzinfo | None,
) -> None:
    """Pain in an exercise is the person's, not the routine's: the sessions of other routines
    that did it since it was last done in this one, ever where it never was, whose pain can
    count (``elsewhere``, newest first: ``db.dose_history.pain_elsewhere``). The latest
    whose pain went up there is its last time (a step back from this routine's dose, to no
    more than a step below the dose that hurt), however it went in any after it; with none,
    done here within ``GAP_DAYS``, the latest that ended for pain or had pain reported at it
    with no pain before (the same again, no step up). Otherwise this routine's own sessions
    say how its dose steps: the sets done elsewhere were of another routine's dose."""
    for item in routine.items:
        if item.exercise not in catalog.exercises:
            continue
        since = [
            one
            for one in elsewhere.get(item.exercise, ())
            if item.exercise not in latest or one.started_at > latest[item.exercise]
        ]
        if not since:
            continue
        past = history.get(item.exercise)
        dose = past[0].dose if past else item_dose(catalog.exercises[item.exercise], item.dose)
        there = [_as_elsewhere(one, dose, tz) for one in since]
        held = past and (day - past[0].day).days < GAP_DAYS
        counts = next((i for i, p in enumerate(there) if pain_rise(p)), None)
        if counts is None and held:
            counts = next(
                (i for i, p in enumerate(there) if p.ended_for_pain or unknown_rise(p)), None
            )
        if counts is not None:
            history.setdefault(item.exercise, []).insert(0, there[counts])
            latest[item.exercise] = since[counts].started_at


def _as_elsewhere(done: ExerciseDone, dose: Dose, tz: tzinfo | None) -> Performance:
    """A session of another routine as this exercise's last time: at this routine's
    ``dose``, not done, with the dose it was done (or planned) at there as the one that
    hurt."""
    there = performance(done, tz)
    return replace(
        there,
        dose=dose,
        completed=False,
        routine=done.routine_name,
        hurt=there.dose,
        stopped=done.stopped,
    )


def _as_left(session: LastSession, tz: tzinfo | None) -> Performance:
    """A session as the last time of an exercise it did not reach (its pain is the
    session's)."""
    return Performance(
        day=session.started_at.astimezone(tz).date(),
        dose=Dose(),
        completed=False,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        pain_during=session.pain_during,
        left="before-any-set" if session.no_set else "before-it",
        pain_last=session.pain_last,
        ended_for_pain=session.ended_for_pain,
        pain_last_told=session.pain_last_told,
    )


def _no_step_up_after_pain(
    found: dict[str, Suggestion],
    history: Mapping[str, Sequence[Performance]],
    latest: Mapping[str, datetime],
    sessions: Sequence[LastSession],
    tz: tzinfo | None,
) -> None:
    """Pain is the person's: a session of any routine since an exercise was last done here,
    or the one it was last done in (``latest``; ``sessions`` newest first), that started at
    pain of ``HIGH_PAIN`` or more, in which pain went up, or that was ended for pain,
    whatever it did or did not reach, means no step up for it next time: the same again,
    saying why. After two weeks away the dose is never above the one last done already (or
    a step below it): that pain is said before the gap, both holding it. Where that pain was
    at the exercise itself, the rules before have eased it already."""
    for exercise_id, suggestion in found.items():
        past = history.get(exercise_id)
        # Any part above the dose last done here is a step up, whatever the rule calls it
        # (a pin is the person's own choice: rule 1).
        if suggestion.pinned or not past:
            continue
        above = _above(suggestion.dose, past[0].dose)
        if not above and not suggestion.after_gap:
            continue
        why = _pain_since(sessions, latest.get(exercise_id), tz)
        if why and above:
            found[exercise_id] = Suggestion(past[0].dose, "same", f"{why}: the same again")
        elif why:  # "…, and last done 3 weeks ago: one step easier to start back"
            found[exercise_id] = replace(suggestion, reason=f"{why}, and {suggestion.reason}")


def _pain_since(sessions: Sequence[LastSession], since: datetime | None, tz: tzinfo | None) -> str:
    """The latest of ``sessions`` (newest first) from ``since`` on whose pain stops a step
    up, in words (``_session_pain``); "" when none."""
    for session in sessions:
        if since is not None and session.started_at < since:
            break
        why = _session_pain(session, tz)
        if why:
            return why
    return ""


def _above(dose: Dose, than: Dose) -> bool:
    """More of something than ``than`` (where both give it)."""
    return any(
        getattr(dose, f) is not None
        and getattr(than, f) is not None
        and getattr(dose, f) > getattr(than, f)
        for f in FIELDS
    )


def _session_pain(session: LastSession, tz: tzinfo | None) -> str:
    """How pain stood in a session that stops a step up, in words; "" when it does not."""
    name, day = session.routine_name, day_text(session.started_at.astimezone(tz).date())
    if session.pain_before is not None and session.pain_before >= HIGH_PAIN:
        return f"pain was {session.pain_before}/10 at the start of {name} on {day}"
    if session.ended_for_pain:
        return f"your {name} session on {day} ended for pain"
    if not pain_rise(_as_left(session, tz)):
        return ""
    before = session.pain_before
    told = [
        p for p in (*session.pain_during, session.pain_last, session.pain_after) if p is not None
    ]
    if not told or (before is not None and any(p > before for p in told)):
        return f"pain went up in {name} on {day}"
    # No pain before to say it rose: as high as it was.
    return f"pain was {max(told)}/10 in {name} on {day}"


def _last_time_was(
    history: dict[str, list[Performance]],
    latest: dict[str, datetime],
    routine: Routine,
    catalog: Catalog,
    started_at: datetime,
    then: Performance,
) -> None:
    """A session that recorded no set of an exercise (a check advised, in this routine or
    another, which ended it; or this routine's last session, which ended before it) is that
    exercise's last time when it came after the exercise was last done (``latest``):
    ``then``, not done, at the dose last done (the routine's, if never done)."""
    seen: set[str] = set()
    for item in routine.items:
        if item.exercise not in catalog.exercises or item.exercise in seen:
            continue
        seen.add(item.exercise)
        if item.exercise in latest and latest[item.exercise] >= started_at:
            continue  # done since, or done in that very session (its own entry says so)
        last = history.get(item.exercise)
        dose = last[0].dose if last else item_dose(catalog.exercises[item.exercise], item.dose)
        history.setdefault(item.exercise, []).insert(0, replace(then, dose=dose))
        latest[item.exercise] = started_at


def performance(done: ExerciseDone, tz: tzinfo | None = None) -> Performance:
    """One recorded exercise as progression reads it, on the person's calendar day."""
    return Performance(
        day=done.started_at.astimezone(tz).date(),
        dose=Dose(
            sets=max(1, done.sets),
            reps=done.planned_reps,
            hold_s=done.planned_hold_s,
            duration_s=done.planned_duration_s,
        ),
        completed=done.completed,
        pain_before=done.pain_before,
        pain_after=done.pain_after,
        pain_during=done.pain_during,
        hold_breaks=done.hold_breaks,
        form_warnings=done.form_warnings,
        care_advised=done.care_advised,
        pain_last=done.pain_last,
        ended_for_pain=done.ended_for_pain,
        pain_last_told=done.pain_last_told,
        pain_before_it=done.pain_before_it,
        pain_after_it=done.pain_after_it,
    )
