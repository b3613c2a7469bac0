"""Questionnaires answered between sessions (PEG, PSFS): stored, scored, read back.

Each time a measure is asked is one ``outcomes`` row with its published score (see
``catalog.measures``), and one ``outcome_answers`` row per question, NULL when that
question was skipped. A questionnaire skipped as a whole is a row with ``skipped = 1`` and
no answers, so that it is not asked again at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, cast

from catalog.measures import PEG_ITEMS, PSFS_MAX_ACTIVITIES, LastAsked, Measure, peg_score
from catalog.measures import psfs_score as _psfs_score
from db.clock import local_zone, utc_now
from db.log import day_start_utc, local_day
from db.timestamps import iso, parse_iso
from db.transactions import writing

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class Answer:
    item: str
    value: int | None  # 0-10; None: skipped


@dataclass(frozen=True, slots=True)
class Outcome:
    id: int
    measure: Measure
    answered_at: datetime  # aware, UTC
    after_session_id: int | None
    score: float | None
    skipped: bool
    answers: tuple[Answer, ...]


def record_peg(
    db: Database,
    pain: int | None,
    enjoyment: int | None,
    activity: int | None,
    *,
    at: datetime | None = None,
    after_session_id: int | None = None,
) -> Outcome:
    """Store one PEG; all three skipped is a PEG skipped as a whole."""
    return store_outcome(db, peg_answered(pain, enjoyment, activity, at=at, after=after_session_id))


def peg_answered(
    pain: int | None,
    enjoyment: int | None,
    activity: int | None,
    *,
    at: datetime | None = None,
    after: int | None = None,
) -> Answered:
    """One PEG as answered, to store."""
    values = (pain, enjoyment, activity)
    answers = tuple(Answer(item.key, value) for item, value in zip(PEG_ITEMS, values, strict=True))
    return _answered("peg", answers, peg_score(pain, enjoyment, activity), at, after)


def record_psfs(
    db: Database,
    ratings: Sequence[tuple[str, int | None]],
    *,
    at: datetime | None = None,
    after_session_id: int | None = None,
) -> Outcome:
    """Store one PSFS: (activity, rating) for each activity named (up to three); none named,
    or none rated, is a PSFS skipped as a whole."""
    return store_outcome(db, psfs_answered(ratings, at=at, after=after_session_id))


def psfs_answered(
    ratings: Sequence[tuple[str, int | None]],
    *,
    at: datetime | None = None,
    after: int | None = None,
) -> Answered:
    """One PSFS as answered, to store."""
    named = [(name.strip(), value) for name, value in ratings if name.strip()]
    if len(named) > PSFS_MAX_ACTIVITIES:
        raise ValueError(f"the PSFS takes up to {PSFS_MAX_ACTIVITIES} activities")
    answers = tuple(Answer(name, value) for name, value in named)
    return _answered("psfs", answers, _psfs_score([value for _, value in named]), at, after)


def record_skipped(
    db: Database,
    measure: Measure,
    *,
    at: datetime | None = None,
    after_session_id: int | None = None,
) -> Outcome:
    """Note that ``measure`` was offered and skipped as a whole."""
    return store_outcome(db, skipped_answered(measure, at=at, after=after_session_id))


def skipped_answered(
    measure: Measure, *, at: datetime | None = None, after: int | None = None
) -> Answered:
    """``measure`` offered and skipped as a whole, to store."""
    return _answered(measure, (), None, at, after)


@dataclass(frozen=True, slots=True)
class Answered:
    """A questionnaire as answered, not stored yet (``store_outcome``): what a file found
    damaged cannot take is kept aside as this (``db.kept_aside``)."""

    measure: Measure
    answered_at: datetime  # aware, UTC, to the millisecond (as stored)
    after_session_id: int | None
    score: float | None
    skipped: bool
    answers: tuple[Answer, ...]


def _answered(
    measure: Measure,
    answers: tuple[Answer, ...],
    score: float | None,
    at: datetime | None,
    after_session_id: int | None,
) -> Answered:
    moment = parse_iso(iso((at or utc_now()).astimezone(UTC)))
    skipped = all(answer.value is None for answer in answers)
    # Kept even when nothing was rated: activities named are asked about next time.
    kept = answers if measure == "psfs" else () if skipped else answers
    return Answered(measure, moment, after_session_id, score, skipped, kept)


def store_outcome(db: Database, answered: Answered, *, session_open: bool = False) -> Outcome:
    """Store ``answered``, in a transaction of its own. ``session_open``: it is part of the
    session it follows, which this lumbar ran (``db.transactions.writing``): answered after
    it on a file found damaged meanwhile, it is written as that session's rows were."""
    with writing(db, session_open=session_open):
        outcome_id = insert_outcome(db, answered)
    return Outcome(
        id=outcome_id,
        measure=answered.measure,
        answered_at=answered.answered_at,
        after_session_id=answered.after_session_id,
        score=answered.score,
        skipped=answered.skipped,
        answers=answered.answers,
    )


def insert_outcome(db: Database, answered: Answered) -> int:
    """Insert ``answered``'s rows in the transaction under way; its id."""
    cursor = db.execute(
        "INSERT INTO outcomes (measure, answered_at, after_session_id, score, skipped) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            answered.measure,
            iso(answered.answered_at),
            answered.after_session_id,
            answered.score,
            int(answered.skipped),
        ],
    )
    outcome_id = cast(int, cursor.lastrowid)
    db.conn.executemany(
        "INSERT INTO outcome_answers (outcome_id, position, item, value) VALUES (?, ?, ?, ?)",
        [(outcome_id, i, answer.item, answer.value) for i, answer in enumerate(answered.answers)],
    )
    return outcome_id


def outcomes(
    db: Database,
    measure: Measure | None = None,
    *,
    since: date | None = None,
    tz: tzinfo | None = None,
    include_skipped: bool = False,
) -> list[Outcome]:
    """The questionnaires answered (or, with ``include_skipped``, skipped), oldest first."""
    if "outcomes" not in db.table_names():  # a file from before outcomes, read-only
        return []
    clauses: list[str] = []
    params: list[str] = []
    if measure is not None:
        clauses.append("o.measure = ?")
        params.append(measure)
    if since is not None:
        clauses.append("o.answered_at >= ?")
        params.append(day_start_utc(since, tz))
    if not include_skipped:
        clauses.append("o.skipped = 0")
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = db.execute(
        "SELECT o.id, o.measure, o.answered_at, o.after_session_id, o.score, o.skipped, "
        "a.item, a.value FROM outcomes o LEFT JOIN outcome_answers a ON a.outcome_id = o.id"
        f"{where} ORDER BY o.answered_at, o.id, a.position",
        params,
    ).fetchall()
    found: dict[int, Outcome] = {}
    answers: dict[int, list[Answer]] = {}
    for oid, kind, at, after, score, skipped, item, value in rows:
        if oid not in found:
            found[oid] = Outcome(oid, kind, parse_iso(at), after, score, bool(skipped), ())
            answers[oid] = []
        if item is not None:
            answers[oid].append(Answer(item, value))
    return [
        Outcome(o.id, o.measure, o.answered_at, o.after_session_id, o.score, o.skipped, tuple(a))
        for o, a in ((o, answers[o.id]) for o in found.values())
    ]


def last_asked(db: Database, *, tz: tzinfo | None = None) -> dict[Measure, LastAsked]:
    """Per measure, the local day it was last answered and last skipped as a whole."""
    found: dict[Measure, LastAsked] = {"peg": LastAsked(), "psfs": LastAsked()}
    if "outcomes" not in db.table_names():
        return found
    zone = tz or local_zone()
    rows = db.execute(
        "SELECT measure, skipped, max(answered_at) FROM outcomes GROUP BY measure, skipped"
    ).fetchall()
    for measure, skipped, at in rows:
        if measure not in found:
            continue
        day = local_day(at, zone)
        last = found[measure]
        if skipped:
            found[measure] = LastAsked(answered=last.answered, skipped=day)
        else:
            found[measure] = LastAsked(answered=day, skipped=last.skipped)
    return found


def psfs_activities(db: Database) -> tuple[str, ...]:
    """The activities named in the last PSFS that named any: the ones asked about again."""
    if "outcomes" not in db.table_names():
        return ()
    rows = db.execute(
        "SELECT a.item FROM outcome_answers a WHERE a.outcome_id = ("
        "SELECT o.id FROM outcomes o WHERE o.measure = 'psfs' AND EXISTS ("
        "SELECT 1 FROM outcome_answers x WHERE x.outcome_id = o.id) "
        "ORDER BY o.answered_at DESC, o.id DESC LIMIT 1) ORDER BY a.position"
    ).fetchall()
    return tuple(item for (item,) in rows)


def outcomes_latest(db: Database, measure: Measure) -> Outcome | None:
    """The last time ``measure`` was answered (not skipped), or None."""
    if "outcomes" not in db.table_names():
        return None
    row = db.execute(
        "SELECT id, answered_at, after_session_id, score FROM outcomes "
        "WHERE measure = ? AND skipped = 0 ORDER BY answered_at DESC, id DESC LIMIT 1",
        [measure],
    ).fetchone()
    if row is None:
        return None
    oid, at, after, score = row
    answers = db.execute(
        "SELECT item, value FROM outcome_answers WHERE outcome_id = ? ORDER BY position", [oid]
    ).fetchall()
    kept = tuple(Answer(item, value) for item, value in answers)
    return Outcome(oid, measure, parse_iso(at), after, score, False, kept)


@dataclass(frozen=True, slots=True)
class Compared:
    """A later answer of a measure against an earlier one, scored alike."""

    earlier: float
    later: float
    activities: tuple[str, ...] = ()
    """PSFS, when the two rated different activities: the ones rated in both, which alone
    are compared (an activity added or dropped is not a change in the others)."""
    rated: int = 0
    """PSFS: how many activities the scores compared are the average of."""


def compared(earlier: Outcome, later: Outcome) -> Compared | None:
    """``later`` against ``earlier``; None when either has no score, or two PSFS share no
    activity rated in both."""
    if earlier.score is None or later.score is None:
        return None
    if earlier.measure != "psfs":
        return Compared(earlier.score, later.score)
    before, after = _rated(earlier), _rated(later)
    if before.keys() == after.keys():
        return Compared(earlier.score, later.score, rated=len(after))
    both = [key for key in after if key in before]
    if not both:
        return None
    return Compared(
        sum(before[k][1] for k in both) / len(both),
        sum(after[k][1] for k in both) / len(both),
        tuple(after[k][0] for k in both),
        rated=len(both),
    )


def _rated(outcome: Outcome) -> dict[str, tuple[str, int]]:
    """The activities rated, by their name as typed (case and spaces aside)."""
    return {
        " ".join(a.item.split()).casefold(): (a.item, a.value)
        for a in outcome.answers
        if a.value is not None
    }
