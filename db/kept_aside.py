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
session is not in the file stay aside, in the same file, with nothing else.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    """What ``take_in`` did: answers taken into the database, and answers left aside (their
    session is not in it) in ``path``."""

    path: Path
    taken: int
    left: int


def aside_path(db_path: Path) -> Path:
    """Where answers for ``db_path`` are kept aside."""
    return db_path.with_name(db_path.name + ASIDE_SUFFIX)


def kept_aside_text(db_path: Path, aside: Path) -> str:
    """The line on answers kept aside: what is wrong, where they are, what to do."""
    return (
        f"{db_path} is damaged, so your answers are kept in {aside}; they go into the log "
        "when lumbar next finds the database whole (restore or recover it there)"
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
    is not whole: nothing is written then, and the answers stay aside."""
    aside = aside_path(db_path)
    if not aside.exists():
        return None
    entries = _read(aside)
    _check_whole(db, db_path)
    left: list[Entry] = []
    with writing(db):
        for entry in entries:
            session_id = _session_in(db, entry)
            if entry.get("kind") == "session":
                if session_id is None:
                    left.append(entry)
                    continue
                fields = {k: v for k, v in entry.get("fields", {}).items() if k in SESSION_FIELDS}
                if fields:
                    db.table("sessions").update(session_id, fields)
            elif entry.get("kind") == "outcome":
                _take_outcome(db, entry, session_id)
            else:
                left.append(entry)  # not this lumbar's: kept for one that knows it
    with _lock:
        if left:
            _write(aside, left)
        else:
            aside.unlink(missing_ok=True)
    return TakenIn(aside, len(entries) - len(left), len(left))


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


def _take_outcome(db: Database, entry: Entry, session_id: int | None) -> None:
    answered_at = parse_iso(entry["answered_at"])
    stored = db.execute(
        "SELECT 1 FROM outcomes WHERE measure = ? AND answered_at = ?",
        [entry["measure"], iso(answered_at)],
    ).fetchone()
    if stored is not None:  # taken in already (lumbar stopped before this file was updated)
        return
    answers = tuple(Answer(str(item), value) for item, value in entry.get("answers", []))
    insert_outcome(
        db,
        Answered(
            entry["measure"],
            answered_at,
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
    """``entries`` in ``aside``, whole or not at all (a new file put in its place), 0600."""
    text = json.dumps({"answers": entries}, indent=1, ensure_ascii=False) + "\n"
    new = aside.with_name(aside.name + ".new")
    try:
        fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            os.fchmod(fd, 0o600)  # one left over from before may have had another mode
            file.write(text)
            file.flush()
            os.fsync(fd)
        os.replace(new, aside)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise DatabaseProblem(
            f"cannot keep the answers in {aside}: {reason.lower()}; "
            "free space or make that folder writable"
        ) from None
