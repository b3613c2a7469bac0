"""Answers for a session that a file found damaged could not take, kept aside beside it.

A session running when a read finds its database damaged goes on saving there
(``db.transactions.writing``), and so do the answers given for it once it ends: the pain
after and the note (its writer's rows) and the check-ins offered on its summary
(``db.outcomes.store_outcome`` with ``session_open``). Where such a write meets the damage
itself, the answers are not let go with the process: they are kept in a small file beside
the database, private to its owner (0600), ``lumbar.db.answers.json`` for ``lumbar.db``.
The damaged file is not written to keep them.

The next lumbar to open that database takes them in (``take_in``) once SQLite's own check
(``PRAGMA quick_check``) finds it whole (restored, or recovered into a new file at the same
path): each check-in as an outcome of the session it followed, or of none when that session
is not in the file; the pain after and note onto their session. A session's answers whose
session is not in the file stay aside, in the same file, with nothing else; so do entries
this lumbar cannot read (wrong types, numbers out of lumbar's bounds, a measure it does not
know), untouched. The check, which reads every page, runs only when some answer would leave
the file of answers. Each is taken in once: a check-in already stored (two lumbars started
at once, or a file of answers that could not be updated) is not stored again, and a pain
after or note only fills a session that has none.

Only damage sends answers here: a file that is locked, full or gone for a moment is not
damaged, and is never said to be.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.measures import MEASURES
from db.errors import DatabaseProblem
from db.outcomes import Answer, Answered, insert_outcome
from db.timestamps import iso, parse_iso
from db.transactions import writing

if TYPE_CHECKING:
    from sqlite_utils import Database

ASIDE_SUFFIX = ".answers.json"
SESSION_FIELDS = ("pain_after", "note")
"""The session's own answers that are kept aside: what the person said after it."""

Entry = dict[str, Any]
ROW_ID_MAX = 2**63 - 1
"""The largest id SQLite gives a row: a session id beyond it is none of lumbar's."""
_lock = threading.Lock()  # two threads keeping answers at once must not drop each other's


@dataclass(frozen=True, slots=True)
class SessionKey:
    """A session as another copy of its file knows it: ids alone may be another session's."""

    id: int
    started_at: str  # as stored (``db.timestamps.iso``)


@dataclass(frozen=True, slots=True)
class TakenIn:
    """What ``take_in`` did: answers taken into the database; answers left aside in ``path``
    because their session is not in it (``left``) or because this lumbar cannot read them
    (``unreadable``: left there untouched); and ``problem``, a line, when ``path`` could not
    be updated after (what is in the log is not taken in twice)."""

    path: Path
    taken: int
    left: int
    unreadable: int = 0
    problem: str | None = None


def aside_path(db_path: Path) -> Path:
    """Where answers for ``db_path`` are kept aside: beside the file itself, where a
    symbolic link to it leads (the file restored or recovered there finds them)."""
    real = db_path.resolve()
    return real.with_name(real.name + ASIDE_SUFFIX)


def kept_aside_text(db_path: Path, aside: Path) -> str:
    """The line on answers kept aside: what is wrong, where they are, what to do."""
    return (
        f"{db_path} is damaged, so your answers are kept in {aside}; they go into the log "
        "when lumbar next finds the database whole (restore or recover it to the same path)"
    )


def not_taken_in_text(db_path: Path, error: Exception) -> str:
    """The line on answers kept aside that ``take_in`` failed on unforeseen: the database
    is used all the same, and they stay where they are."""
    return (
        f"The answers kept aside in {aside_path(db_path)} were not taken in "
        f"({type(error).__name__}); they stay there: take them in with a newer lumbar, or "
        "move that file away"
    )


def session_answers(session: SessionKey, fields: dict[str, Any]) -> Entry:
    """The pain after and note given for ``session``, as kept aside."""
    kept = {name: fields[name] for name in SESSION_FIELDS if name in fields}
    return {"kind": "session", **_key(session), "fields": kept}


def outcome_answers(session: SessionKey | None, answered: Answered) -> Entry:
    """A check-in answered after ``session``, as kept aside."""
    return {
        "kind": "outcome",
        **_key(session),
        "measure": answered.measure,
        "answered_at": iso(answered.answered_at),
        "score": answered.score,
        "skipped": answered.skipped,
        "answers": [[answer.item, answer.value] for answer in answered.answers],
    }


def keep_aside(db_path: Path, entries: Sequence[Entry]) -> Path:
    """Add ``entries`` to the answers kept aside for ``db_path``; where they are. Raises
    ``DatabaseProblem`` with one line when they cannot be kept there either."""
    aside = aside_path(db_path)
    with _lock:
        kept = _read(aside) if aside.exists() else []
        _write(aside, [*kept, *entries])
    return aside


def take_in(db: Database, db_path: Path) -> TakenIn | None:
    """Take the answers kept aside for ``db_path`` (open as ``db``) into it, when there are
    any and SQLite finds the file whole; None when there are none. Raises
    ``DatabaseProblem`` (the file is marked damaged, ``PerThreadDatabase.damaged``) when it
    is not whole: nothing is written then, and the answers stay aside; also when the file
    of answers cannot be read at all (one line naming it).

    SQLite's check reads the whole file: it is run only when some answer would leave the
    file of answers (one whose session is not in the file stays, and writes nothing). Entries
    this lumbar cannot read are left in the file as they are, and counted."""
    aside = aside_path(db_path)
    if not aside.exists():
        return None
    entries = _read(aside)
    still: list[Entry] = []  # left aside, in their order: unreadable, or their session gone
    unreadable = left = 0
    sessions: list[tuple[int, dict[str, Any]]] = []
    checkins: list[tuple[Entry, int | None]] = []
    for entry in entries:
        if not _readable(entry):
            unreadable += 1
            still.append(entry)
            continue
        session_id = _session_in(db, entry)
        if entry["kind"] == "outcome":
            if not _outcome_stored(db, entry):
                checkins.append((entry, session_id))
        elif session_id is None:
            left += 1
            still.append(entry)
        else:
            sessions.append((session_id, entry["fields"]))
    taken = len(entries) - len(still)
    if taken:  # even one found stored already: its file may be an older copy
        _check_whole(db, db_path)
    if sessions or checkins:
        with writing(db):
            for session_id, fields in sessions:
                _fill_session(db, session_id, fields)
            for entry, session_id in checkins:
                # Again in the transaction: another lumbar started at once may have taken
                # it in since it was looked for (each stored it: two outcomes, not one).
                if not _outcome_stored(db, entry):
                    _take_outcome(db, entry, session_id)
    problem = None
    if taken:
        with _lock:
            try:
                if still:
                    _replace(aside, still)
                else:
                    aside.unlink(missing_ok=True)
            except OSError as error:
                problem = (
                    f"The answers kept aside in {aside} are in the log, but that file could "
                    f"not be updated ({_reason(error)}); they are not taken in twice: make "
                    "that folder writable, or remove that file"
                )
    return TakenIn(aside, taken, left, unreadable, problem)


def _key(session: SessionKey | None) -> Entry:
    if session is None:
        return {"session_id": None, "session_started_at": None}
    return {"session_id": session.id, "session_started_at": session.started_at}


def _session_in(db: Database, entry: Entry) -> int | None:
    """The id of the session ``entry`` was given for, when that session is in ``db``."""
    session_id = entry.get("session_id")
    if session_id is None:
        return None
    found = db.execute(
        "SELECT id FROM sessions WHERE id = ? AND started_at = ?",
        [session_id, entry.get("session_started_at")],
    ).fetchone()
    return None if found is None else int(found[0])


def _readable(entry: Entry) -> bool:
    """Whether ``entry`` is one this lumbar wrote and can take in: every field of the type
    it keeps and within lumbar's own bounds (ids a row's, pain and answers 0-10), the times
    ISO 8601 with their zone, the measure one it knows."""
    try:
        return _readable_or_raise(entry)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
        return False


def _readable_or_raise(entry: Entry) -> bool:
    kind = entry.get("kind")
    session_id = entry.get("session_id")
    started_at = entry.get("session_started_at")
    if session_id is None:
        if started_at is not None:
            return False
    elif not _int(session_id, 1, ROW_ID_MAX) or not _moment(started_at):
        return False
    if kind == "session":
        fields = entry.get("fields")
        if session_id is None or not isinstance(fields, dict):
            return False
        if not set(fields) <= set(SESSION_FIELDS):
            return False
        pain = fields.get("pain_after")
        note = fields.get("note")
        return (pain is None or _int(pain, 0, 10)) and (note is None or isinstance(note, str))
    if kind != "outcome":
        return False  # not this lumbar's: left for one that knows it
    score = entry.get("score")
    answers = entry.get("answers", [])
    return (
        entry.get("measure") in MEASURES
        and _moment(entry.get("answered_at"))
        and (score is None or _number(score, 0, 10))
        and isinstance(entry.get("skipped", False), bool)
        and isinstance(answers, list)
        and all(
            isinstance(answer, list)
            and len(answer) == 2
            and isinstance(answer[0], str)
            and (answer[1] is None or _int(answer[1], 0, 10))
            for answer in answers
        )
    )


def _int(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _number(value: object, low: float, high: float) -> bool:
    """A number from ``low`` to ``high`` (not NaN, which JSON's reader lets in)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high


def _moment(value: object) -> bool:
    """An ISO 8601 time with its zone, as ``db.timestamps.iso`` writes it, that is a time
    in UTC too (year 1 with a zone ahead of it is not)."""
    return isinstance(value, str) and _utc(value) is not None


def _utc(text: str) -> datetime | None:
    """``text``'s time in UTC, as the database keeps times; None without a zone."""
    moment = parse_iso(text)
    return None if moment.tzinfo is None else moment.astimezone(UTC)


def _outcome_stored(db: Database, entry: Entry) -> bool:
    """Taken in already (lumbar stopped before the file of answers was updated)."""
    stored = db.execute(
        "SELECT 1 FROM outcomes WHERE measure = ? AND answered_at = ?",
        [entry["measure"], iso(_answered_at(entry))],
    ).fetchone()
    return stored is not None


def _take_outcome(db: Database, entry: Entry, session_id: int | None) -> None:
    answers = tuple(Answer(item, value) for item, value in entry.get("answers", []))
    insert_outcome(
        db,
        Answered(
            entry["measure"],
            _answered_at(entry),
            session_id,
            entry.get("score"),
            bool(entry.get("skipped")),
            answers,
        ),
    )


def _answered_at(entry: Entry) -> datetime:
    """When ``entry`` was answered, in UTC with a Z as every time stored (``+05:30`` kept
    as given was another outcome's time to the checks that look for it)."""
    moment = _utc(entry["answered_at"])
    assert moment is not None  # ``_readable``
    return moment


def _fill_session(db: Database, session_id: int, fields: dict[str, Any]) -> None:
    """The kept pain after and note onto their session, each only where the session has
    none: they are what the damaged file could not take, so a value there is either them,
    taken in already (their file could not be updated since), or one given after."""
    row = db.execute("SELECT pain_after, note FROM sessions WHERE id = ?", [session_id]).fetchone()
    empty = dict(zip(SESSION_FIELDS, row, strict=True))
    missing = {name: value for name, value in fields.items() if empty[name] is None}
    if missing:
        db.table("sessions").update(session_id, missing)


def _check_whole(db: Database, db_path: Path) -> None:
    """Raise the file's damage when SQLite's quick check finds any (a damaged page may also
    be met as an error: ``db.connection`` tells it, and marks the file, likewise)."""
    from db.connection import problem

    found = db.execute("PRAGMA quick_check").fetchall()
    if found == [("ok",)]:
        return
    damaged = problem(db_path, sqlite3.DatabaseError("database disk image is malformed"))
    if hasattr(db, "damaged"):
        db.damaged = damaged
    raise damaged


def _read(aside: Path) -> list[Entry]:
    try:
        data = json.loads(aside.read_text(encoding="utf-8"))
    except OSError as error:
        raise _unreadable(aside, _reason(error)) from None
    except ValueError as error:  # not JSON, or not UTF-8
        raise _unreadable(aside, f"not JSON: {error}") from None
    entries = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _unreadable(aside, "not a list of answers")
    return entries


def _unreadable(aside: Path, why: str) -> DatabaseProblem:
    return DatabaseProblem(
        f"The answers kept aside in {aside} cannot be read ({why}); "
        "move that file away to keep answers anew"
    )


def _write(aside: Path, entries: list[Entry]) -> None:
    """``_replace``, or one line of what to do."""
    try:
        _replace(aside, entries)
    except OSError as error:
        raise DatabaseProblem(
            f"cannot keep the answers in {aside}: {_reason(error)}; "
            "free space or make that folder writable"
        ) from None


def _replace(aside: Path, entries: list[Entry]) -> None:
    """``entries`` in ``aside``, whole or not at all (a new file of a name of its own put
    in its place: two lumbars never write the same one), 0600."""
    text = json.dumps({"answers": entries}, indent=1, ensure_ascii=False) + "\n"
    new: str | None = None
    try:
        fd, new = tempfile.mkstemp(prefix=aside.name + ".", suffix=".new", dir=aside.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            os.fchmod(fd, 0o600)  # mkstemp's own, said: the answers are health data
            file.write(text)
            file.flush()
            os.fsync(fd)
        os.replace(new, aside)
    except OSError:
        if new is not None:
            with contextlib.suppress(OSError):
                os.unlink(new)
        raise


def _reason(error: OSError) -> str:
    return (os.strerror(error.errno) if error.errno else str(error)).lower()
