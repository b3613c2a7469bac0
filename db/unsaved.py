"""Finished sessions whose last rows (pain after, note) are not written yet.

Saved one save at a time: a save begun each second may start while the one before still
waits for the database (a thread is not stopped), and two at once took the same session off
the list twice.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from db.sessions import SessionWriter


class Unsaved:
    def __init__(self) -> None:
        self._writers: list[SessionWriter] = []
        self._saving = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self._writers)

    def add(self, writer: SessionWriter) -> None:
        self._writers.append(writer)

    def save(self) -> None:
        """Write each one's rows; one the database refuses now stays for the next save. A
        save while another is under way does nothing: the next, a second on, takes what this
        one would have (waiting here instead piled a thread a second on a busy database)."""
        if not self._saving.acquire(blocking=False):
            return
        try:
            for writer in list(self._writers):
                try:
                    writer.flush()
                except DatabaseProblem:
                    continue
                self._writers.remove(writer)
        finally:
            self._saving.release()

    def last_try(self) -> None:
        """As lumbar closes: what still fails shows as interrupted next time."""
        with self._saving:  # after a save under way, which may take some off the list
            for writer in list(self._writers):
                with contextlib.suppress(DatabaseProblem):
                    writer.flush()
