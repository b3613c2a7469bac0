"""Finished sessions whose last rows (pain after, note) are not written yet, and answers to
keep aside that could not be kept yet.

Where a write fails because the file is damaged (``PerThreadDatabase.damaged``), the pain
after and note are kept aside beside it at once (``db.kept_aside``), and said where; the
rows are still tried each save, as for any failure. Answers that cannot be kept aside
either (a full disk, a folder not writable) are tried again at each save and as lumbar
closes: what the line on them asks (free space) then keeps them. Each line is told once,
and again should the same failure come back after answers were kept there.

Saved one save at a time: a save begun each second may start while the one before still
waits for the database (a thread is not stopped), and two at once took the same session off
the list twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import DatabaseProblem
from db.kept_aside import Entry, keep_aside, kept_aside_text, session_answers

if TYPE_CHECKING:
    from db.sessions import SessionWriter

KeepAside = Callable[[Path, Sequence[Entry]], list[str]]
"""Keep answers aside beside a damaged database (``Unsaved.keep_aside``): the lines to tell."""

NOT_KEPT_YET = "; lumbar tries again each second until it closes"


class Unsaved:
    def __init__(self) -> None:
        self._writers: list[SessionWriter] = []
        self._saving = threading.Lock()
        self._aside: dict[int, dict[str, object]] = {}  # by session: the answers kept aside
        self._to_keep: list[tuple[Path, Entry]] = []  # answers not kept aside yet (in order)
        # The lines on answers not kept, by where: each told once while it lasts, and again
        # should it come back once answers were kept there.
        self._told: set[tuple[Path, str]] = set()

    def __bool__(self) -> bool:
        return bool(self._writers or self._to_keep)

    def add(self, writer: SessionWriter) -> None:
        self._writers.append(writer)

    def save(self) -> list[str]:
        """Write each one's rows; one the database refuses now stays for the next save. A
        save while another is under way does nothing: the next, a second on, takes what this
        one would have (waiting here instead piled a thread a second on a busy database).
        The lines to tell: answers kept aside (where), or that they could not be yet."""
        if not self._saving.acquire(blocking=False):
            return []
        try:
            return self._save()
        finally:
            self._saving.release()

    def keep_aside(self, db_path: Path, entries: Sequence[Entry]) -> list[str]:
        """Keep ``entries`` aside beside ``db_path`` now, or, where they cannot be, at a
        later save or as lumbar closes; the lines to tell. Blocking: from a thread."""
        with self._saving:
            self._to_keep.extend((db_path, entry) for entry in entries)
            return self._keep_waiting()

    def last_try(self) -> None:
        """As lumbar closes: what still fails shows as interrupted next time."""
        with self._saving:  # after a save under way, which may take some off the list
            self._save()  # its lines: no one is left to tell them

    def _save(self) -> list[str]:
        for writer in list(self._writers):
            try:
                writer.flush()
            except DatabaseProblem:
                self._held_aside(writer)
                continue
            self._writers.remove(writer)
        return self._keep_waiting()

    def _held_aside(self, writer: SessionWriter) -> None:
        """A damaged file's refusal: the answers ``writer`` holds to keep aside (once,
        unless they changed since)."""
        damaged = getattr(writer.db, "damaged", None)
        path = getattr(writer.db, "path", None)
        held = writer.answers_held()
        if damaged is None or path is None or not held:
            return
        if self._aside.get(writer.session_id) == held:
            return
        self._aside[writer.session_id] = held
        self._to_keep.append((path, session_answers(writer.key, held)))

    def _keep_waiting(self) -> list[str]:
        """The answers waiting, kept aside where they can be now; the lines to tell."""
        lines: list[str] = []
        for path in dict.fromkeys(p for p, _ in self._to_keep):
            entries = [entry for p, entry in self._to_keep if p == path]
            try:
                aside = keep_aside(path, entries)
            except DatabaseProblem as problem:
                line = f"{problem}{NOT_KEPT_YET}"
                if (path, line) not in self._told:
                    self._told.add((path, line))
                    lines.append(line)
                continue
            self._to_keep = [(p, entry) for p, entry in self._to_keep if p != path]
            self._told = {(p, line) for p, line in self._told if p != path}
            lines.append(kept_aside_text(path, aside))
        return lines
