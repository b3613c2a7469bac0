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
this lumbar cannot read (wrong types, a measure it does not know), untouched. The check,
which reads every page, runs only when some answer would be written.

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

    SQLite's check reads the whole file: it is run only when some answer would be written
    (one whose session is not in the file, or already taken in, writes nothing). Entries
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
    if sessions or checkins:
        _check_whole(db, db_path)
        with writing(db):
            for session_id, fields in sessions:
                db.table("sessions").update(session_id, fields)
            for entry, session_id in checkins:
                _take_outcome(db, entry, session_id)
    taken = len(entries) - len(still)
    problem = None
    if taken:
        with _lock:
            try:
                if still:
                    _write(aside, still)
                else:
                    aside.unlink(missing_ok=True)
            except (OSError, DatabaseProblem) as error:
                reason = error if isinstance(error, DatabaseProblem) else _reason(error)
                problem = (
                    f"The answers kept aside in {aside} are in the log, but that file could "
                    f"not be updated ({reason}); they are not taken in twice"
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
    it keeps, the times ISO 8601 with their zone, the measure one it knows."""
    try:
        return _readable_or_raise(entry)
    except (TypeError, ValueError, KeyError, AttributeError):
        return False


def _readable_or_raise(entry: Entry) -> bool:
    kind = entry.get("kind")
    session_id = entry.get("session_id")
    started_at = entry.get("session_started_at")
    if session_id is None:
        if started_at is not None:
            return False
    elif not _int(session_id) or not _moment(started_at):
        return False
    if kind == "session":
        fields = entry.get("fields")
        if session_id is None or not isinstance(fields, dict):
            return False
        if not set(fields) <= set(SESSION_FIELDS):
            return False
        pain = fields.get("pain_after")
        note = fields.get("note")
        return (pain is None or _int(pain)) and (note is None or isinstance(note, str))
    if kind != "outcome":
        return False  # not this lumbar's: left for one that knows it
    score = entry.get("score")
    answers = entry.get("answers", [])
    return (
        entry.get("measure") in MEASURES
        and _moment(entry.get("answered_at"))
        and (score is None or (isinstance(score, int | float) and not isinstance(score, bool)))
        and isinstance(entry.get("skipped", False), bool)
        and isinstance(answers, list)
        and all(
            isinstance(answer, list)
            and len(answer) == 2
            and isinstance(answer[0], str)
            and (answer[1] is None or _int(answer[1]))
            for answer in answers
        )
    )


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _moment(value: object) -> bool:
    """An ISO 8601 time with its zone, as ``db.timestamps.iso`` writes it."""
    return isinstance(value, str) and parse_iso(value).tzinfo is not None


def _outcome_stored(db: Database, entry: Entry) -> bool:
    """Taken in already (lumbar stopped before the file of answers was updated)."""
    stored = db.execute(
        "SELECT 1 FROM outcomes WHERE measure = ? AND answered_at = ?",
        [entry["measure"], iso(parse_iso(entry["answered_at"]))],
    ).fetchone()
    return stored is not None


def _take_outcome(db: Database, entry: Entry, session_id: int | None) -> None:
    answers = tuple(Answer(item, value) for item, value in entry.get("answers", []))
    insert_outcome(
        db,
        Answered(
            entry["measure"],
            parse_iso(entry["answered_at"]),
            session_id,
            entry.get("score"),
            bool(entry.get("skipped")),
            answers,
        ),
    )


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
        entries = data["answers"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ValueError("not a list of answers")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatabaseProblem(
            f"The answers kept aside in {aside} cannot be read ({error}); "
            "move that file away to keep answers anew"
        ) from None
    return entries


def _write(aside: Path, entries: list[Entry]) -> None:
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
    except OSError as error:
        if new is not None:
            with contextlib.suppress(OSError):
                os.unlink(new)
        raise DatabaseProblem(
            f"cannot keep the answers in {aside}: {_reason(error)}; "
            "free space or make that folder writable"
        ) from None


def _reason(error: OSError) -> str:
    return (os.strerror(error.errno) if error.errno else str(error)).lower()
