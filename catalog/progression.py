"""Today's dose of an exercise, from how it went in the routine's past sessions.

At the sources' pace: they say to build up gradually, to stop when pain increases, and one
of them to hold longer only after weeks. The rule, in order:

1. a dose the person pinned stays (``kept_pin``), with one exception: after pain that went up
   last time (rule 3) the next session is one step below it, once, and says so; the pin
   holds again after. Never twice: a pin already a step below the dose that brought the
   pain (chosen since) is kept as it is; a pin harder than that dose in any part (raised
   since) is eased to no more than a step below that dose in each part, and says how the
   dose stands against it, part by part where it is not one step (``relation_text``);
2. never done in this routine: the routine's own dose;
3. pain went up last time (above pain before: after the session, or, with no pain after,
   any pain reported in it, whatever ended it: every exercise done in it, ``pain_last``; or
   reported during this exercise or just before or after it; the
   routine's last session counts for every exercise it did not reach, even one left before
   its first set, ``tui.history``), was ``HIGH_PAIN`` or more during or after it whatever it
   was before (or before a session left before its first set: the advice not to exercise
   that day; or before one gone on gently with no pain after), or the session advised
   having the back checked (10/10, a red flag: every exercise, reached or not, in any
   routine, ``tui.history``): a step back. Pain is the person's, not the routine's: the
   latest session of another routine whose pain went up at the exercise counts where it
   came after the exercise was last done in this one (ever, where it never was), however
   it went there after and however many sessions came between
   (``Performance.routine``, ``tui.history``); the dose steps from this routine's own, to
   no more than a step below the dose that hurt there (``eased_cap``; a pin too);
4. not done for ``GAP_DAYS`` or more: a step back toward the routine's dose, to start again,
   never above the dose last done (it may be below the routine's, eased after pain); pain
   since that stops a step up (rule 7) is said before the gap, both holding the dose;
5. last time not done fully (a set skipped or cut short, a hold broken where a sensor saw
   it, form warned about more than once, the session ended for pain that had not risen,
   pain reported at it under ``HIGH_PAIN`` with no pain before to tell whether it rose):
   the same again;
6. at the target the sources give: kept there;
7. one step up only when this dose was done fully on at least two different days, and the
   pace allows: at most one step a week, or the seeds' slower pace where a routine or an
   exercise gives one (``Frequency.progress_after_weeks``). Never after a session of any
   routine since it was last done, or the one it was last done in, that started at
   ``HIGH_PAIN`` or more, where pain went up, or that was ended for pain (``tui.history``:
   the same again then).

One step is +5 s on a hold, +10 s on a timed bout, else +1 rep, else +1 set (in that order
for holds; reps first for rep exercises). Every suggestion says why, in words: a day, a
count and how one dose stands against another are said by ``catalog.dose_words``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from msgspec.structs import replace

from catalog.describe import dose_text
from catalog.dose_words import (
    PartChange,
    against_text,
    ago_text,
    day_text,
    days_text,
    times_text,
)
from catalog.models import Dose, Exercise, Frequency

HOLD_STEP_S = 5
TIMED_STEP_S = 10
MIN_HOLD_S = 5
GAP_DAYS = 14
"""Not done for two weeks or more: start again a step lower."""
FULL_DAYS_TO_STEP_UP = 2
HIGH_PAIN = 7
"""Pain this high during an exercise or after a session steps back, whether or not it was
above pain before (the session itself tells the person to stop an exercise at this level)."""
WEEK_DAYS = 7

Change = Literal["new", "up", "same", "down", "target", "pinned"]
Left = Literal["before-it", "before-any-set"]
"""Why an exercise has no sets in a session whose pain still counts for it: the session
ended before this exercise, or before its first set (not exercising that day)."""
Told = Literal["last", "earlier", "before"]
"""Which pain counts for a session with no pain after (``Performance.pain_last``): the last
reported; one reported earlier in it (high, or above pain before, and above the last); pain
before, high (gone on gently), no report that counted."""
Stopped = Literal["", "skipped", "ended"]
"""How an exercise's sets were all left undone in a session: skipped, or ended in by ending
the session ("" where one was done)."""
STOPPED_WORDS: dict[Stopped, str] = {"": "", "skipped": "skipped ", "ended": "cut short "}
PINNED = "pinned by you: kept until you unpin it"
FIELDS = ("sets", "reps", "hold_s", "duration_s")
"""What a dose is made of, for comparing two (the rest is the routine's)."""


@dataclass(frozen=True, slots=True)
class Performance:
    """How an exercise went in one past session of the routine."""

    day: date
    """The person's calendar day the session started on."""
    dose: Dose
    """As it was planned that day."""
    completed: bool
    """Every set done as planned: none skipped, the reps and holds reached."""
    pain_before: int | None = None
    pain_after: int | None = None
    pain_during: tuple[int, ...] = ()
    """Pain reported (0-10) while this exercise was on (in a set of it or between its sets),
    in the order reported."""
    hold_breaks: int | None = None
    """Times a hold was left before its time, where a sensor watched; None: none watched."""
    form_warnings: int | None = None
    """Form warnings a sensor gave in its sets; None: no sensor watched the form."""
    care_advised: bool = False
    """The session advised having the back checked (pain of 10, a red flag)."""
    left: Left | None = None
    """None: the exercise was done in that session; else the session ended before it, and
    its pain is the session's (``Left``)."""
    pain_last: int | None = None
    """The session's last pain reported (0-10) where it has no pain after, or the pain the
    person ended it for: read as pain after is, for every exercise of the session."""
    ended_for_pain: bool = False
    """The person ended the session for ``pain_last`` (pain after is not asked then)."""
    pain_last_told: Told = "last"
    """Which pain ``pain_last`` is (``Told``)."""
    pain_before_it: tuple[int, ...] = ()
    """Pain reported (0-10) in the rest or get-ready before its first set, in order."""
    pain_after_it: tuple[int, ...] = ()
    """Pain reported (0-10) after its last set, the session left there, in order."""
    routine: str = ""
    """The routine the session was of, where not this one: pain in an exercise is the
    person's, whatever routine it came in (the dose is this routine's, last done)."""
    hurt: Dose | None = None
    """With ``routine``: the dose done there. Pain that rose at it eases this routine's dose
    to no more than a step below it, part by part (``eased_cap``): never above what hurt."""
    stopped: Stopped = ""
    """With ``routine``: how every set of it was left undone there ("skipped", or "ended" in
    by ending the session), so ``hurt`` is the dose planned there, not one done: said so."""


@dataclass(frozen=True, slots=True)
class Pace:
    """At most one step up in ``days``; ``why`` says so in words."""

    days: int = WEEK_DAYS
    why: str = "one step a week at most"


WEEKLY = Pace()


@dataclass(frozen=True, slots=True)
class Suggestion:
    dose: Dose
    change: Change
    reason: str
    """Why, in a sentence a person reads (no full stop at the end)."""
    pinned: bool = False
    """A pin holds this exercise: its dose is the pin's, or one step below it this once
    (``change`` "down") after pain that went up."""
    eased_from: Dose | None = None
    """Eased one step after pain that went up, from this dose (the dose last done, or the
    pin): what ``p`` pins, so that a pin is never the eased dose nor eased twice."""
    unpin_eases: bool = False
    """Pinned, and unpinning would suggest an easier dose than this one."""
    eased_below: str = ""
    """Pinned and eased for one session: how the dose stands against what it is eased from,
    in words ("one step below your pin (5 reps)"; capped by the dose done, ``relation_text``
    against it), for the lines that say what the next session does."""
    eased_below_pin: bool = False
    """``eased_below`` is one step below the pin itself."""
    after_gap: bool = False
    """Rule 4 gave it (not done for ``GAP_DAYS``): ``reason`` starts with when it was last
    done, so pain since that holds the dose too can be said before it (``tui.history``)."""


def pace_of(said: Sequence[tuple[Frequency | None, str]]) -> Pace:
    """The slowest pace given by these frequencies (``progress_after_weeks``), each with the
    name of the source that says it; weekly where none gives one."""
    given = [
        (f.progress_after_weeks, f, source) for f, source in said if f and f.progress_after_weeks
    ]
    if not given:
        return WEEKLY
    weeks, frequency, source = max(given, key=lambda g: g[0])
    how = frequency.progress.rstrip(".")
    words = f"after {weeks} weeks, {how}" if how else f"one step every {weeks} weeks at most"
    return Pace(
        days=max(weeks * WEEK_DAYS, WEEK_DAYS), why=f"{words} ({source})" if source else words
    )


def suggest(
    exercise: Exercise,
    planned: Dose,
    history: Sequence[Performance],
    today: date,
    pace: Pace = WEEKLY,
    pinned: Dose | None = None,
) -> Suggestion:
    """Today's dose; ``history`` is newest first, ``planned`` the routine's own dose."""
    if pinned is not None:
        kept = kept_pin(exercise, history, pinned)
        unpinned = suggest(exercise, planned, history, today, pace)
        return dataclasses.replace(kept, unpin_eases=_easier(unpinned.dose, kept.dose))
    if not history:
        return Suggestion(planned, "new", "first time in this routine: the routine's own dose")
    last = history[0]
    rose = pain_rise(last)
    if rose:
        eased = eased_cap(exercise, last, step_down(exercise, last.dose))
        why = f"{rose}: one step easier"
        if last.hurt is not None:  # name the dose that hurt, and how this one stands to it
            said = relation_text(exercise, eased, last.hurt, "that")
            why = f"{rose}{_hurt_at(exercise, last)}: {said}"
        return Suggestion(eased, "down", why, eased_from=last.dose if eased != last.dose else None)
    away = (today - last.day).days
    if away >= GAP_DAYS:
        # Never above the dose last done: it may be below the routine's (eased after pain).
        eased = _at_most(_ease_back(exercise, last.dose, planned), last.dose)
        when = ago_text(away)  # the day it was last done in this routine, however far back
        if _same(eased, last.dose):
            why = f"last done {when}: the same again to start back"
            return Suggestion(last.dose, "same", why, after_gap=True)
        below = "one step easier"
        if not _same(eased, step_down(exercise, last.dose)):
            did = dose_text(exercise, replace(last.dose, rest_s=None))
            below = relation_text(exercise, eased, last.dose, f"what you did last time ({did})")
        return Suggestion(eased, "down", f"last done {when}: {below} to start back", after_gap=True)
    not_full = shortfall(last)
    if not_full:
        return Suggestion(last.dose, "same", f"{not_full} last time: the same again")
    up = step_up(exercise, last.dose)
    if up == last.dose:
        return Suggestion(up, "target", "at the target the sources give: kept there")
    run = _at_this_dose(history)
    full_days = sorted({p.day for p in run if is_full(p)})
    earliest = min(p.day for p in run) + timedelta(days=pace.days)
    if len(full_days) < FULL_DAYS_TO_STEP_UP:
        done_once = f"done fully on 1 day at this dose ({day_text(full_days[0])})"
        if today < earliest:  # the pace, not one more day, says when
            return Suggestion(
                last.dose,
                "same",
                f"{done_once}; {pace.why}: the next step from {day_text(earliest)}, "
                "after one more day done fully",
            )
        return Suggestion(last.dose, "same", f"{done_once}; one more day and it steps up")
    if today < earliest:
        return Suggestion(
            last.dose,
            "same",
            f"done fully on {len(full_days)} days; {pace.why}: "
            f"the next step from {day_text(earliest)}",
        )
    return Suggestion(
        up,
        "up",
        f"done fully on {len(full_days)} days ({days_text(full_days)}) without more pain: "
        "one step on",
    )


def kept_pin(exercise: Exercise, history: Sequence[Performance], pinned: Dose) -> Suggestion:
    """A pinned dose: the person's own choice, kept until they unpin it; after pain that went
    up last time, one step below it for the next session only (the sources: stop when pain
    increases), and said so. A pin at or below one step under the dose that brought the
    pain (chosen since) is eased already: it is kept, never eased twice."""
    rose = pain_rise(history[0]) if history else ""
    if not rose:
        return Suggestion(pinned, "pinned", PINNED, pinned=True)
    last = history[0]
    then = last.dose
    cap = eased_cap(exercise, last, step_down(exercise, then))
    if _no_harder(pinned, cap) and pinned not in (then, last.hurt):
        why = f"{rose}; pinned by you a step easier since: kept until you unpin it"
        return Suggestion(pinned, "pinned", why, pinned=True)
    below_pin = step_down(exercise, pinned)
    eased = below_pin
    if last.left is None:  # done at ``then``: never more than a step below it
        eased = _at_most(eased, cap)
    if eased == pinned:
        why = f"{rose}; pinned by you at the easiest dose: kept until you unpin it"
        return Suggestion(pinned, "pinned", why, pinned=True)
    pin = dose_text(exercise, replace(pinned, rest_s=None))  # the rest stays the routine's
    if eased != below_pin:  # capped by the dose done: a pin raised since, or harder in part
        # The dose shown is ``eased``: the words say how it stands against what it is below.
        if last.hurt is not None:  # pain in another routine: the dose that hurt there
            hurt = dose_text(exercise, replace(last.hurt, rest_s=None))
            rose = f"{rose}{_hurt_at(exercise, last)}"
            said = relation_text(exercise, eased, last.hurt, "that")
            what = "the dose planned there" if last.stopped else "the dose that hurt"
            below = relation_text(exercise, eased, last.hurt, f"{what} ({hurt})")
        else:
            did = dose_text(exercise, replace(then, rest_s=None))
            below = relation_text(exercise, eased, then, f"what you did last time ({did})")
            said = below
        why = f"{rose}: {said}; your pin ({pin}) stays"
    else:
        below = f"one step below your pin ({pin})"
        why = f"{rose}: {below} this time; the pin stays"
    return Suggestion(
        eased,
        "down",
        why,
        pinned=True,
        eased_from=pinned,
        eased_below=below,
        eased_below_pin=eased == below_pin,
    )


def pain_rise(performance: Performance) -> str:
    """How pain went up in that session, in words, naming its routine where not this one
    (and that it was skipped or cut short there, where it was); "" when it did not."""
    rose = _pain_rise(performance)
    if not rose or not performance.routine:
        return rose
    return f"{rose}, {STOPPED_WORDS[performance.stopped]}in {performance.routine}"


def _hurt_at(exercise: Exercise, last: Performance) -> str:
    """The dose that hurt in another routine, in words after ``pain_rise``'s (" at 2 × 10 s
    hold"); one left undone there is named as planned (" (planned at 2 × 10 s hold)")."""
    if last.hurt is None:
        return ""
    hurt = dose_text(exercise, replace(last.hurt, rest_s=None))
    return f" (planned at {hurt})" if last.stopped else f" at {hurt}"


def _pain_rise(performance: Performance) -> str:
    before, after = performance.pain_before, performance.pain_after
    if performance.care_advised:
        return f"you were advised to have your back checked ({day_text(performance.day)})"
    left, last = performance.left, performance.pain_last
    if left is not None:
        return _session_pain_rise(
            before, after, last, performance.pain_during, left, performance.pain_last_told
        )
    reports = _reports(performance)
    # A rise is known only against pain before; with none, a high report still steps back.
    rose = [(level, where) for level, where in reports if before is not None and level > before]
    if rose:
        level, where = max(rose, key=lambda report: report[0])
        return f"pain rose to {level} from {before} {where} last time"
    high = [(level, where) for level, where in reports if level >= HIGH_PAIN]
    if high:  # as high as before, which was high, or no pain before given
        level, where = max(high, key=lambda report: report[0])
        return f"pain was {level}/10 {where} last time"
    how = ""
    if performance.ended_for_pain:  # for this pain, or after it for a lesser one
        how = " and the session ended for " + (
            "it" if performance.pain_last_told == "last" else "pain"
        )
    said = "" if performance.ended_for_pain else _TOLD[performance.pain_last_told]
    if performance.pain_last_told == "before" and last is not None:
        return f"pain was {last}/10 before the session last time{said}"
    if last is not None and before is not None and last > before:
        return f"pain went up last time ({before} → {last}{said}){how}"
    if last is not None and last >= HIGH_PAIN:
        return f"pain was {last}/10 last time{said}{how}"
    if before is not None and after is not None and after > before:
        return f"pain went up last time ({before} → {after})"
    if after is not None and after >= HIGH_PAIN:
        return f"pain was {after}/10 after it last time"
    return ""


_TOLD: dict[Told, str] = {
    "last": ", the last pain you reported",
    "earlier": " during the session, no pain after given",
    "before": ", no pain after given",
}
"""``pain_rise``'s words for which pain counts, a session with no pain after."""


def _session_pain_rise(
    before: int | None,
    after: int | None,
    reported: int | None,
    during: Sequence[int],
    left: Left,
    told: Told = "last",
) -> str:
    """``pain_rise`` for an exercise the last session ended before: its pain is the
    session's, said as such ("which ended before its first set")."""
    which = "which ended before " + ("its first set" if left == "before-any-set" else "this one")
    rose = [p for p in during if before is not None and p > before]
    if rose:
        return f"pain rose to {max(rose)} from {before} in your last session, {which}"
    high = [p for p in during if p >= HIGH_PAIN]
    if high:
        return f"pain was {max(high)}/10 in your last session, {which}"
    # The last pain reported (where it has no pain after, or the person ended it for that
    # pain: a file from before pain after was left unasked holds that pain copied there),
    # else pain after.
    last = reported if reported is not None else after
    if before is not None and last is not None and last > before:
        return f"pain went up in your last session ({before} → {last}), {which}"
    if (
        (left == "before-any-set" or told == "before")
        and before is not None
        and before >= HIGH_PAIN
    ):
        # Said before "after": the advice then was not to exercise that day ("not today").
        return f"pain was {before}/10 before your last session, {which}"
    if last is not None and last >= HIGH_PAIN:
        return f"pain was {last}/10 at the end of your last session, {which}"
    return ""


def shortfall(performance: Performance) -> str:
    """Why that session did not count as done fully, in words; "" when it did."""
    if performance.ended_for_pain:  # pain not up, but the person stopped for it
        routine = performance.routine
        return f"your {routine} session ended for pain" if routine else "the session ended for pain"
    unknown = unknown_rise(performance)
    if unknown:
        return unknown
    if not performance.completed:
        return "not every set was done"
    breaks = performance.hold_breaks
    if breaks:
        return f"a hold broke {times_text(breaks)}"
    warnings = performance.form_warnings
    if warnings is not None and warnings > 1:
        return f"the sensor warned about form {times_text(warnings)}"
    return ""


def _reports(performance: Performance) -> list[tuple[int, str]]:
    """Each pain reported at the exercise with where it was: a rest before an exercise is
    not "during it"."""
    return [
        (level, where)
        for where, levels in (
            ("during it", performance.pain_during),
            ("just before it", performance.pain_before_it),
            ("just after it", performance.pain_after_it),
        )
        for level in levels
    ]


def unknown_rise(performance: Performance) -> str:
    """Pain reported at this exercise (under ``HIGH_PAIN``) with no pain before to compare
    it with, in words: not known to have risen, so not eased, but not known not to have
    either, so not a day done fully; "" otherwise."""
    if performance.pain_before is not None or performance.left is not None:
        return ""
    reports = _reports(performance)
    if not reports:
        return ""
    level, where = max(reports, key=lambda report: report[0])
    routine = f" in {performance.routine}" if performance.routine else ""
    return f"no pain before given, pain {level} {where}{routine}"


def is_full(performance: Performance) -> bool:
    """Done fully: every set as planned, pain not up, holds held, form not warned twice."""
    return not shortfall(performance) and not pain_rise(performance)


def _at_this_dose(history: Sequence[Performance]) -> list[Performance]:
    """The latest sessions in a row at the last dose: since it last changed."""
    dose = history[0].dose
    run = []
    for performance in history:
        if performance.dose != dose:
            break
        run.append(performance)
    return run


def step_up(exercise: Exercise, dose: Dose) -> Dose:
    target = exercise.dose.target
    for field, amount in _order(exercise):
        value, goal = getattr(dose, field), getattr(target, field)
        if value is not None and goal is not None and value < goal:
            return replace(dose, **{field: min(goal, value + amount)})
    return dose


def step_down(exercise: Exercise, dose: Dose) -> Dose:
    start = exercise.dose.start
    # Undo the most recent kind of step first: sets, then the time, then reps.
    for field, amount in reversed(_order(exercise)):
        value, floor = getattr(dose, field), getattr(start, field)
        if value is not None and floor is not None and value > floor:
            return replace(dose, **{field: max(floor, value - amount)})
    if exercise.mode == "hold" and dose.hold_s and dose.hold_s > MIN_HOLD_S:
        return replace(dose, hold_s=max(MIN_HOLD_S, dose.hold_s - HOLD_STEP_S))
    if exercise.mode == "timed" and dose.duration_s and dose.duration_s > MIN_HOLD_S:
        return replace(dose, duration_s=max(MIN_HOLD_S, dose.duration_s - TIMED_STEP_S))
    if dose.reps and dose.reps > 1:
        return replace(dose, reps=dose.reps - 1)
    return dose


def relation_text(
    exercise: Exercise, dose: Dose, than: Dose, what: str, *, each: bool = False
) -> str:
    """How ``dose`` stands against ``than`` (called ``what``), said by
    ``dose_words.against_text``: one step below it where it is ``step_down`` of it, else
    each part that differs (``_changes``); ``each``: of several exercises alike."""
    one_step = _same(dose, step_down(exercise, than)) and not _same(dose, than)
    return against_text(exercise, what, _changes(dose, than), one_step=one_step, each=each)


def _changes(dose: Dose, than: Dose) -> list[PartChange]:
    """Each part of ``dose`` that differs from ``than``, and by how much (a part one of them
    has not: none of it, as no pause at the top)."""
    changes = []
    for field in FIELDS:
        mine, theirs = getattr(dose, field) or 0, getattr(than, field) or 0
        if mine == theirs:
            continue
        changes.append(PartChange(field, abs(mine - theirs), mine < theirs))
    return changes


def _same(dose: Dose, than: Dose) -> bool:
    """The same on every field that makes a dose (``FIELDS``)."""
    return all(getattr(dose, f) == getattr(than, f) for f in FIELDS)


def _easier(dose: Dose, than: Dose) -> bool:
    """Less of something and no more of anything."""
    return _no_harder(dose, than) and any(
        (getattr(dose, f) or 0) < (getattr(than, f) or 0) for f in FIELDS
    )


def eased_cap(exercise: Exercise, last: Performance, eased: Dose) -> Dose:
    """``eased`` with no part above one step below the dose that hurt in another routine
    (``Performance.hurt``), where that is what ``last`` was: this routine's dose, stepped
    down, may be above it."""
    if last.hurt is None:
        return eased
    return _at_most(eased, step_down(exercise, last.hurt))


def _no_harder(dose: Dose, than: Dose) -> bool:
    """No more of anything."""
    return all((getattr(dose, f) or 0) <= (getattr(than, f) or 0) for f in FIELDS)


def _at_most(dose: Dose, cap: Dose) -> Dose:
    """``dose`` with nothing more than ``cap`` has (where both give it)."""
    lower = {
        f: getattr(cap, f)
        for f in FIELDS
        if getattr(dose, f) is not None
        and getattr(cap, f) is not None
        and getattr(cap, f) < getattr(dose, f)
    }
    return replace(dose, **lower) if lower else dose


def _ease_back(exercise: Exercise, dose: Dose, planned: Dose) -> Dose:
    """One step down, but not below the routine's own dose."""
    lower = step_down(exercise, dose)
    below = any((getattr(lower, f) or 0) < (getattr(planned, f) or 0) for f in FIELDS)
    return replace(planned, rest_s=dose.rest_s) if below else lower


def _order(exercise: Exercise) -> list[tuple[str, int]]:
    if exercise.mode == "hold":
        return [("hold_s", HOLD_STEP_S), ("reps", 1), ("sets", 1)]
    if exercise.mode == "timed":
        return [("duration_s", TIMED_STEP_S), ("sets", 1)]
    return [("reps", 1), ("hold_s", 1), ("sets", 1)]
