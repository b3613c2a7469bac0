"""Finished sessions whose last rows (pain after, note) are not written yet.

Where a write fails because the file is damaged (``PerThreadDatabase.damaged``), the pain
after and note are kept aside beside it at once (``db.kept_aside``), and said where; the
rows are still tried each save, as for any failure.

Saved one save at a time: a save begun each second may start while the one before still
waits for the database (a thread is not stopped), and two at once took the same session off
the list twice.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from db.errors import DatabaseProblem
from db.kept_aside import keep_aside, kept_aside_text, session_answers

if TYPE_CHECKING:
    from db.sessions import SessionWriter


class Unsaved:
    def __init__(self) -> None:
        self._writers: list[SessionWriter] = []
        self._saving = threading.Lock()
        self._aside: dict[int, dict[str, object]] = {}  # by session: the answers kept aside

    def __bool__(self) -> bool:
        return bool(self._writers)

    def add(self, writer: SessionWriter) -> None:
        self._writers.append(writer)

    def save(self) -> list[str]:
        """Write each one's rows; one the database refuses now stays for the next save. A
        save while another is under way does nothing: the next, a second on, takes what this
        one would have (waiting here instead piled a thread a second on a busy database).
        The lines to tell: answers kept aside (where), or that they could not be."""
        if not self._saving.acquire(blocking=False):
            return []
        kept: list[str] = []
        try:
            for writer in list(self._writers):
                try:
                    writer.flush()
                except DatabaseProblem:
                    kept.extend(self._keep_aside(writer))
                    continue
                self._writers.remove(writer)
        finally:
            self._saving.release()
        return kept

    def last_try(self) -> None:
        """As lumbar closes: what still fails shows as interrupted next time."""
        with self._saving:  # after a save under way, which may take some off the list
            for writer in list(self._writers):
                try:
                    writer.flush()
                except DatabaseProblem:
                    self._keep_aside(writer)  # its line: no one is left to tell it

    def _keep_aside(self, writer: SessionWriter) -> list[str]:
        """A damaged file's refusal: the answers ``writer`` holds kept aside (once, unless
        they changed since); the line that says where, or that they could not be."""
        damaged = getattr(writer.db, "damaged", None)
        path = getattr(writer.db, "path", None)
        held = writer.answers_held()
        if damaged is None or path is None or not held:
            return []
        if self._aside.get(writer.session_id) == held:
            return []
        self._aside[writer.session_id] = held  # tried: told once, whatever comes of it
        try:
            aside = keep_aside(path, [session_answers(writer.key, held)])
        except DatabaseProblem as problem:
            return [f"{problem}. Your answers after the session are not kept."]
        return [kept_aside_text(path, aside)]
