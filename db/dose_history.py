"""What the person did of each exercise in a routine's past sessions: what progression reads.

Per exercise, newest first: the dose as planned, whether every set was done as planned,
pain before and after the session and what was reported while the exercise was on (or just
before or after it), the pain that counts for a session that has no pain after
(``last_pain``, for every exercise done in it: it is how the back took the session as far as
anyone was told), and what a wearable saw (holds broken, form warnings), in the routine's
latest sessions and, for an exercise last done further back, in its own latest
(``last_done``); the same of the other routines' sessions since each exercise was last
done in this one (ever, where it never was), of those alone whose pain can count
(``_may_hurt``: pain in an exercise is the person's). A session running now
(``db.running``: its writer can still finish it) is left out until it ends; one left
'running' by a lumbar that died is read as the interrupted session it is, whether the next
start has marked it so yet or not (``db.interrupted``: one rule for both), once (a resumed
session keeps its row). The demo's are left out unless asked for (``db.demo``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from catalog.progression import HIGH_PAIN, Stopped, Told
from db.demo import history_filter
from db.figures import set_state
from db.running import running_sessions
from db.timestamps import iso, parse_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

SESSIONS_READ = 60
"""Enough of a routine's latest sessions for any pace (a dose is rarely kept longer). Only
a routine's own are read by a count: the pain elsewhere and since an exercise was last done
is read by what happened (``pain_elsewhere``, ``sessions_that_hurt``)."""

PAIN_EVENTS = ("pain",)
"""Event kinds whose ``value`` is pain reported during a session (0-10)."""
CARE_EVENTS = (("red-flag", None), ("pain-advice", "seek-care"))
"""Events (kind, detail; None: any) that say the session advised having the back checked."""
LEVEL_EVENTS = ("pain-advice", "red-flag")
"""Events whose ``value`` is the pain the advice (and so the choice after it) was about."""
CHOSE_TO_END = ("pain-choice", "end")
"""The event (kind, detail) of a session the person chose to end after the advice on a pain
report (mid-session, or "not today" at the pain check): pain after is not asked then. Not
``db.figures.ended_for_pain``, which counts too a session whose last exercise was skipped
on the advice: here the pain the session was ended at is what is wanted."""

Moment = Literal["during", "before", "after"]
"""When a pain report came, for the exercise it counts for: in a set of it or between its
sets; in the rest or get-ready before its first set (not begun); after its last set (the
session was left there)."""


HELD_ENOUGH = 0.9
"""A hold ended a moment early still counts as held; one cut short by more does not."""


@dataclass(frozen=True, slots=True)
class ExerciseDone:
    """One exercise in one past session of the routine, as recorded."""

    session_id: int
    started_at: datetime
    sets: int
    planned_reps: int | None
    planned_hold_s: int | None
    planned_duration_s: int | None
    completed: bool
    """Every planned set (each side) reached and done as planned."""
    pain_before: int | None
    pain_after: int | None
    pain_during: tuple[int, ...]
    """Pain reported while this exercise was on (in a set of it, or between its sets), in
    order."""
    hold_breaks: int | None
    """Holds left before their time in its sets, where a wearable watched; else None."""
    form_warnings: int | None
    """Form warnings in its sets, where a wearable watched; else None."""
    care_advised: bool
    """The session advised having the back checked (a red flag, pain of 10)."""
    pain_last: int | None = None
    """The pain that counts where the session has no pain after or was ended for that pain
    (``last_pain``): how the back took the whole session as far as anyone was told, so it
    counts for every exercise done in it, read as pain after is. Pain after stays as the
    person gave it."""
    ended_for_pain: bool = False
    """The person ended the session after the advice on a pain report (``CHOSE_TO_END``)."""
    pain_last_told: Told = "last"
    """Which pain ``pain_last`` is (``Told``)."""
    pain_before_it: tuple[int, ...] = ()
    """Pain reported in the rest or get-ready before its first set, in order."""
    pain_after_it: tuple[int, ...] = ()
    """Pain reported after its last set, the session left there (no later set), in order."""
    routine_name: str = ""
    """The name of the session's routine (its id where none was written)."""
    stopped: Stopped = ""
    """How every set of it recorded was left undone: "skipped" (n, s, the pain advice) or
    "ended" (the session was ended in it); "" where a set was done or left unfinished."""


def exercise_history(
    db: Database,
    routine_id: str,
    *,
    exercises: Collection[str] | None = None,
    include_demo: bool = False,
    limit: int = SESSIONS_READ,
) -> dict[str, list[ExerciseDone]]:
    """Per exercise, how it went in the latest ``limit`` sessions of the routine, newest
    first; with ``exercises``, in the latest ``limit`` that did one of them, those alone
    (one last done further back than the routine's latest ``limit``: ``last_done``)."""
    mine = history_filter(db, "s", include_demo=include_demo)
    done, live = _not_live(db)
    which, params = "", []
    if exercises is not None:
        which = f"AND EXISTS (SELECT 1 FROM steps st WHERE st.session_id = s.id AND {_ONE_OF}) "
        params = [json.dumps(sorted(exercises))]
    sessions = _rows(
        db,
        "SELECT s.id, s.started_at, s.pain_before, s.pain_after, "
        "COALESCE(s.routine_name, s.routine_id) AS routine_name FROM sessions s "
        f"WHERE s.routine_id = ? AND {_ROUTINE_KIND} AND {done} AND {mine} {which}"
        "ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
        [routine_id, live, *params, limit],
    )
    found = _done_in(db, sessions)
    if exercises is None:
        return found
    return {k: v for k, v in found.items() if k in exercises}


_ROUTINE_KIND = "+s.kind = 'routine'"
"""``s`` is a guided session, a condition that leaves the index to the routine: walking
``sessions(kind, started_at)`` instead went through every routine's sessions to find one's
(the ``+`` keeps SQLite from using an index for it)."""

_ONE_OF = "st.exercise_id IN (SELECT value FROM json_each(?))"
"""A condition on ``steps st``: its exercise is one of a JSON list (a parameter)."""


def last_done(
    db: Database, routine_id: str, exercises: Iterable[str], *, include_demo: bool = False
) -> dict[str, datetime]:
    """When each of ``exercises`` was last done in the routine (its latest session that
    recorded a set of it, skipped or not, none running now), however long ago; one never
    done there is left out. One query, each exercise found by walking the routine's
    sessions newest first (``sessions(routine_id, started_at)``) to the first with a set of
    it (``steps(session_id, exercise_id)``): a few steps where it was done lately."""
    mine = history_filter(db, "s", include_demo=include_demo)
    done, live = _not_live(db)
    rows = _rows(
        db,
        "SELECT w.value AS exercise_id, (SELECT s.started_at FROM sessions s "
        f"WHERE s.routine_id = ? AND {_ROUTINE_KIND} AND {done} AND {mine} "
        "AND EXISTS (SELECT 1 FROM steps st WHERE st.session_id = s.id "
        "AND st.exercise_id = w.value) "
        "ORDER BY s.started_at DESC, s.id DESC LIMIT 1) AS started_at "
        "FROM json_each(?) w",
        [routine_id, live, json.dumps(list(dict.fromkeys(exercises)))],
    )
    return {
        row["exercise_id"]: parse_iso(row["started_at"])
        for row in rows
        if row["started_at"] is not None
    }


def _may_hurt(session: str = "s") -> tuple[str, list[Any]]:
    """A condition on ``sessions`` (as ``session``), and its parameters, true for every
    session whose pain the dose rules can count (``catalog.progression``: pain that rose or
    was ``HIGH_PAIN`` or more, before, during or after it; a check advised; ended for pain;
    pain reported with no pain before to compare it with) and for few others: what they
    read of another routine's sessions, and of any session since an exercise was last
    done, is read from these alone, however many painless sessions came between."""
    s = session
    kinds = [*LEVEL_EVENTS, CHOSE_TO_END[0], *(kind for kind, _ in CARE_EVENTS)]
    return (
        f"({s}.pain_before >= ? OR {s}.pain_after >= ? OR {s}.pain_after > {s}.pain_before "
        f"OR EXISTS (SELECT 1 FROM events e WHERE e.session_id = {s}.id AND ("
        "e.kind IN (SELECT value FROM json_each(?)) "
        "OR (e.kind IN (SELECT value FROM json_each(?)) AND e.value IS NOT NULL "
        f"AND (e.value >= ? OR {s}.pain_before IS NULL OR e.value > {s}.pain_before)))))",
        [HIGH_PAIN, HIGH_PAIN, json.dumps(sorted(set(kinds))), json.dumps(PAIN_EVENTS), HIGH_PAIN],
    )


def pain_elsewhere(
    db: Database,
    routine_id: str,
    since: Mapping[str, datetime | None],
    *,
    include_demo: bool = False,
) -> dict[str, list[ExerciseDone]]:
    """Per exercise of ``since``, how it went in the sessions of the other routines that
    did it after ``since`` (when it was last done in this routine, ``last_done``; None: ever)
    and whose pain can count (``_may_hurt``), newest first, each naming its routine
    (``ExerciseDone.routine_name``): pain in an exercise is the person's, whatever routine
    it came in. Read by what happened, never by a count: many painless sessions of another
    routine never hide its pain."""
    if not since:
        return {}
    mine = history_filter(db, "s", include_demo=include_demo)
    done, live = _not_live(db)
    hurt, hurt_params = _may_hurt()
    after = {e: iso(when.astimezone(UTC)) if when else None for e, when in since.items()}
    earliest = "" if None in after.values() else min(a for a in after.values() if a)
    sessions = _rows(
        db,
        "SELECT s.id, s.started_at, s.pain_before, s.pain_after, "
        "COALESCE(s.routine_name, s.routine_id) AS routine_name FROM sessions s "
        f"WHERE s.routine_id != ? AND s.kind = 'routine' AND s.started_at > ? AND {done} "
        f"AND {mine} AND {hurt} AND EXISTS (SELECT 1 FROM steps st "
        "JOIN json_each(?) w ON st.exercise_id = w.key WHERE st.session_id = s.id "
        "AND (w.value IS NULL OR s.started_at > w.value)) "
        "ORDER BY s.started_at DESC, s.id DESC",
        [routine_id, earliest, live, *hurt_params, json.dumps(after)],
    )
    found = _done_in(db, sessions)
    return {
        exercise_id: [one for one in found[exercise_id] if _after(one.started_at, when)]
        for exercise_id, when in since.items()
        if exercise_id in found
    }


def _after(moment: datetime, since: datetime | None) -> bool:
    return since is None or moment > since


def _done_in(db: Database, sessions: list[dict[str, Any]]) -> dict[str, list[ExerciseDone]]:
    """Per exercise, how it went in these sessions (rows with ``id``, ``started_at``,
    ``pain_before`` and ``pain_after``), in their order."""
    if not sessions:
        return {}
    ids = json.dumps([s["id"] for s in sessions])
    steps = _rows(
        db,
        f"SELECT steps.*, {set_state('steps')} AS state FROM steps "
        "WHERE session_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY session_id, step_index",
        [ids],
    )
    kinds = json.dumps(PAIN_EVENTS)
    pains = _rows(
        db,
        "SELECT session_id, step_index, value FROM events "
        "WHERE session_id IN (SELECT value FROM json_each(?)) "
        "AND kind IN (SELECT value FROM json_each(?)) AND value IS NOT NULL ORDER BY id",
        [ids, kinds],
    )
    cared = {
        row["session_id"]
        for row in _rows(
            db,
            "SELECT session_id, kind, detail FROM events "
            "WHERE session_id IN (SELECT value FROM json_each(?)) "
            "AND kind IN ('red-flag', 'pain-advice')",
            [ids],
        )
        if any(row["kind"] == k and d in (None, row["detail"]) for k, d in CARE_EVENTS)
    }
    lasts = last_pain(db, sessions)
    steps_of: dict[int, list[dict[str, Any]]] = {}
    for step in steps:
        steps_of.setdefault(step["session_id"], []).append(step)
    pains_of: dict[int, list[dict[str, Any]]] = {}
    for pain in pains:
        pains_of.setdefault(pain["session_id"], []).append(pain)
    found: dict[str, list[ExerciseDone]] = {}
    for session in sessions:
        session_steps = steps_of.get(session["id"], [])
        reports = _pain_by_exercise(session_steps, pains_of.get(session["id"], []))
        by_exercise: dict[str, list[dict[str, Any]]] = {}
        for step in session_steps:
            by_exercise.setdefault(step["exercise_id"], []).append(step)
        for exercise_id, rows in by_exercise.items():
            found.setdefault(exercise_id, []).append(
                _done(
                    session,
                    rows,
                    reports.get(exercise_id, {}),
                    session["id"] in cared,
                    lasts.get(session["id"]),
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class CheckAdvised:
    """A session, of any routine, that advised having the back checked (a red flag, 10/10):
    it ended there, and the advice is for the back, not one routine."""

    session_id: int
    started_at: datetime
    pain_before: int | None
    pain_after: int | None


def checks_advised(
    db: Database, *, include_demo: bool = False, limit: int = SESSIONS_READ
) -> list[CheckAdvised]:
    """The latest ``limit`` sessions that advised a check, newest first."""
    mine = history_filter(db, "s", include_demo=include_demo)
    done, live = _not_live(db)
    rows = _rows(
        db,
        "SELECT DISTINCT s.id, s.started_at, s.pain_before, s.pain_after FROM sessions s "
        f"JOIN events e ON e.session_id = s.id WHERE s.kind = 'routine' AND {done} AND "
        "(e.kind = 'red-flag' OR (e.kind = 'pain-advice' AND e.detail = 'seek-care')) "
        f"AND {mine} ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
        [live, limit],
    )
    return [
        CheckAdvised(row["id"], parse_iso(row["started_at"]), row["pain_before"], row["pain_after"])
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class LastSession:
    """The routine's latest session, for the exercises it did not reach: its pain still
    tells how the back took to it (pain up from 3 to 8 before a set, or in the first
    exercise of three, is pain that rose for the other exercises too)."""

    session_id: int
    started_at: datetime
    pain_before: int | None
    pain_after: int | None
    pain_during: tuple[int, ...]
    """Every pain reported in it, in order."""
    no_set: bool
    """It was left before any set was recorded."""
    pain_last: int | None = None
    """The pain that counts, where it has no pain after or was ended for it
    (``last_pain``)."""
    ended_for_pain: bool = False
    """The person ended it after the advice on a pain report."""
    pain_last_told: Told = "last"
    """Which pain ``pain_last`` is (``Told``)."""
    routine_name: str = ""
    """The name of its routine (its id where none was written)."""


def last_session(
    db: Database, routine_id: str, *, include_demo: bool = False
) -> LastSession | None:
    """The routine's latest session (not one still running), or None when it has none: how
    the back took it, sets done or not."""
    mine = history_filter(db, "s", include_demo=include_demo)
    done, live = _not_live(db)
    rows = _rows(
        db,
        "SELECT s.id, s.started_at, s.pain_before, s.pain_after, "
        "COALESCE(s.routine_name, s.routine_id) AS routine_name, "
        "NOT EXISTS (SELECT 1 FROM steps st WHERE st.session_id = s.id) AS no_set "
        f"FROM sessions s WHERE s.routine_id = ? AND {_ROUTINE_KIND} AND {done} AND {mine} "
        "ORDER BY s.started_at DESC, s.id DESC LIMIT 1",
        [routine_id, live],
    )
    found = _as_last_sessions(db, rows)
    return found[0] if found else None


def sessions_that_hurt(
    db: Database, since: datetime, *, include_demo: bool = False
) -> list[LastSession]:
    """Every session of any routine begun at ``since`` or later whose pain can count
    (``_may_hurt``), newest first, none still running: how the back took each, sets done
    or not. Read by what happened, never by a count: many painless sessions after one that
    hurt never hide it."""
    mine = history_filter(db, "s", include_demo=include_demo)
    done, live = _not_live(db)
    hurt, hurt_params = _may_hurt()
    rows = _rows(
        db,
        "SELECT s.id, s.started_at, s.pain_before, s.pain_after, "
        "COALESCE(s.routine_name, s.routine_id) AS routine_name, "
        "NOT EXISTS (SELECT 1 FROM steps st WHERE st.session_id = s.id) AS no_set "
        "FROM sessions s WHERE s.kind = 'routine' AND s.started_at >= ? "
        f"AND {done} AND {mine} AND {hurt} ORDER BY s.started_at DESC, s.id DESC",
        [iso(since.astimezone(UTC)), live, *hurt_params],
    )
    return _as_last_sessions(db, rows)


def _as_last_sessions(db: Database, rows: list[dict[str, Any]]) -> list[LastSession]:
    """``LastSession`` of each row (``id``, ``started_at``, ``pain_before``, ``pain_after``,
    ``routine_name``, ``no_set``), in their order."""
    if not rows:
        return []
    pains = _rows(
        db,
        "SELECT session_id, value FROM events WHERE session_id IN "
        "(SELECT value FROM json_each(?)) AND kind IN (SELECT value FROM json_each(?)) "
        "AND value IS NOT NULL ORDER BY id",
        [json.dumps([row["id"] for row in rows]), json.dumps(PAIN_EVENTS)],
    )
    reported: dict[int, list[int]] = {}
    for pain in pains:
        reported.setdefault(pain["session_id"], []).append(round(pain["value"]))
    lasts = last_pain(db, rows)
    found = []
    for row in rows:
        last = lasts.get(row["id"])
        found.append(
            LastSession(
                row["id"],
                parse_iso(row["started_at"]),
                row["pain_before"],
                row["pain_after"],
                tuple(reported.get(row["id"], ())),
                bool(row["no_set"]),
                last.level if last is not None else None,
                last is not None and last.ended,
                last.told if last is not None else "last",
                row["routine_name"],
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class LastPain:
    """The pain that counts for a session that has no pain after (0-10), as its ending
    tells it."""

    level: int
    ended: bool
    """The person ended the session after the advice on it (``CHOSE_TO_END``)."""
    told: Told = "last"
    """Which pain ``level`` is (``Told``)."""


def last_pain(db: Database, sessions: Iterable[dict[str, Any]]) -> dict[int, LastPain]:
    """The one rule for pain a session ended without telling after it, for each session
    (rows with ``id``, ``pain_before`` and ``pain_after``): ended by the person after the
    advice on a pain report, the pain of that report (the last level advised on:
    mid-session, or "not today" at the pain check), or the pain picked as below when it was
    worse (8 carried on, then ended at a 3). Else, with no pain after: the highest
    pain reported that was ``HIGH_PAIN`` or more or above pain before (the latest of equals);
    failing that, pain before when it was ``HIGH_PAIN`` or more (gone on gently); failing
    that, the last pain reported. Whatever ended it (an exercise skipped for that pain with
    nothing after, pain after left unanswered, q, a crash), that is how the back took the
    whole session as far as anyone was told, and no exercise done in it steps up: leaving
    pain after unanswered never earns a harder dose than giving it. A report without a
    number (a red flag at the start) gives none; the advice to have the back checked says
    enough then."""
    wanted = {s["id"]: (s["pain_before"], s["pain_after"]) for s in sessions}
    rows = _rows(
        db,
        "SELECT session_id, kind, value, detail FROM events "
        "WHERE session_id IN (SELECT value FROM json_each(?)) "
        "AND kind IN (SELECT value FROM json_each(?)) ORDER BY session_id, id",
        [json.dumps(list(wanted)), json.dumps([*PAIN_EVENTS, *LEVEL_EVENTS, CHOSE_TO_END[0]])],
    )
    reported: dict[int, list[int]] = {}
    advised: dict[int, int] = {}
    found: dict[int, LastPain] = {}
    for row in rows:
        session_id, value = row["session_id"], row["value"]
        if row["kind"] in PAIN_EVENTS and value is not None:
            reported.setdefault(session_id, []).append(round(value))
        if row["kind"] in LEVEL_EVENTS and value is not None:
            advised[session_id] = round(value)
        elif (row["kind"], row["detail"]) == CHOSE_TO_END and session_id in advised:
            found[session_id] = LastPain(advised[session_id], ended=True)
    for session_id, (before, after) in wanted.items():
        ended = found.get(session_id)
        if ended is None and after is not None:
            continue
        told = _told(before, reported.get(session_id, []))
        if told is None:
            continue
        if ended is None:
            found[session_id] = told
        elif told.level > ended.level:  # a worse pain earlier than the one it ended at
            found[session_id] = LastPain(told.level, ended=True, told=told.told)
    return found


def _told(before: int | None, reports: list[int]) -> LastPain | None:
    """``last_pain`` for a session with no pain after and not ended for pain."""
    up = [
        (level, at)
        for at, level in enumerate(reports)
        if level >= HIGH_PAIN or (before is not None and level > before)
    ]
    if up:
        level, at = max(up)
        return LastPain(level, ended=False, told="last" if at == len(reports) - 1 else "earlier")
    if before is not None and before >= HIGH_PAIN:
        return LastPain(before, ended=False, told="before")
    return LastPain(reports[-1], ended=False) if reports else None


def _done(
    session: dict[str, Any],
    rows: list[dict[str, Any]],
    pain: dict[Moment, list[int]],
    cared: bool,
    last: LastPain | None,
) -> ExerciseDone:
    first = rows[0]
    return ExerciseDone(
        session_id=session["id"],
        started_at=parse_iso(session["started_at"]),
        sets=max(1, max(row["planned_sets"] or row["set_number"] for row in rows)),
        planned_reps=first["planned_reps"],
        planned_hold_s=first["planned_hold_s"],
        planned_duration_s=first["planned_duration_s"],
        completed=_every_set_done(rows),
        pain_before=session["pain_before"],
        pain_after=session["pain_after"],
        pain_during=tuple(pain.get("during", ())),
        hold_breaks=_sensed_total(row.get("hold_breaks") for row in rows),
        form_warnings=_sensed_total(row.get("form_warnings") for row in rows),
        care_advised=cared,
        pain_last=last.level if last is not None else None,
        ended_for_pain=last is not None and last.ended,
        pain_last_told=last.told if last is not None else "last",
        pain_before_it=tuple(pain.get("before", ())),
        pain_after_it=tuple(pain.get("after", ())),
        routine_name=session.get("routine_name") or "",
        stopped=_stopped(rows),
    )


def _stopped(rows: list[dict[str, Any]]) -> Stopped:
    """How every set recorded was left undone (``db.figures.set_state``), "" if one was not."""
    states = {row["state"] for row in rows}
    if not states <= {"skipped", "ended"}:
        return ""
    return "ended" if "ended" in states else "skipped"


def _pain_by_exercise(
    steps: list[dict[str, Any]], pains: list[dict[str, Any]]
) -> dict[str, dict[Moment, list[int]]]:
    """Each pain report's exercise, and when in it (``Moment``): the set it was reported in;
    between sets, the next set recorded (a rest or get-ready leads to it: before it, when it
    is that exercise's first); failing that the last one recorded: after it when that was
    its last planned set (and side), else during it (between its sets or sides, the session
    left there)."""
    found: dict[str, dict[Moment, list[int]]] = {}
    if not steps:
        return found
    for pain in pains:
        index = pain["step_index"]
        moment: Moment = "during"
        if index is None:  # nothing says where (not written so): as the last set's
            step = steps[-1]
        else:
            after = [s for s in steps if s["step_index"] >= index]
            step = after[0] if after else steps[-1]
            if after:
                moment = _moment(steps, step, index)
            elif _last_planned(step):
                moment = "after"
        by_moment = found.setdefault(step["exercise_id"], {})
        by_moment.setdefault(moment, []).append(round(pain["value"]))
    return found


def _moment(steps: list[dict[str, Any]], step: dict[str, Any], index: int) -> Moment:
    """``during`` for a report in ``step`` (the next set recorded from ``index``) or
    between the sets of its exercise; ``before`` for one before its exercise's first set."""
    begun = step["step_index"] == index or any(
        s["exercise_id"] == step["exercise_id"] and s["step_index"] < index for s in steps
    )
    return "during" if begun else "before"


def _last_planned(step: dict[str, Any]) -> bool:
    """``step`` is its exercise's last planned set, on its last side (sides go left then
    right)."""
    last_set = step["set_number"] >= (step["planned_sets"] or step["set_number"])
    return last_set and step["side"] in (None, "right")


def _sensed_total(values: Iterable[int | None]) -> int | None:
    """The sum where a wearable measured; None where none did."""
    measured = [v for v in values if v is not None]
    return sum(measured) if measured else None


def _every_set_done(rows: list[dict[str, Any]]) -> bool:
    """Every planned set (each side) has a row, and each was done as planned: a session
    ended or interrupted before the last set is not done."""
    sides = 2 if any(row["side"] for row in rows) else 1
    planned = max(row["planned_sets"] or row["set_number"] for row in rows) * sides
    reached = {(row["set_number"], row["side"]) for row in rows}
    return len(reached) >= planned and all(_done_as_planned(row) for row in rows)


def _done_as_planned(step: dict[str, Any]) -> bool:
    if step["skipped"] or step["ended_at"] is None:
        return False
    if step["mode"] == "hold":
        planned = step["planned_hold_s"] or 0
        holds = json.loads(step["holds_s"] or "[]")
        enough = len(holds) >= (step["planned_reps"] or 1)
        return enough and all(held >= planned * HELD_ENOUGH for held in holds)
    if step["mode"] == "reps":
        return bool(step["reps_done"] >= (step["planned_reps"] or 1))
    return True


def _not_live(db: Database) -> tuple[str, str]:
    """A condition on ``s`` leaving out the sessions running now, and its parameter: what
    a person is doing now is read once it ends (a crashed one is not running: its writer is
    gone)."""
    live = json.dumps([found.session_id for found in running_sessions(db)])
    return "s.id NOT IN (SELECT value FROM json_each(?))", live


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
