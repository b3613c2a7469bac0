"""The view chosen with m in a session, kept: the settings' ``mat_view`` line alone written
(``tui.settings.remember_switch``), so every session opens (or resumes) in it from now on
and after lumbar starts again. The app writes it in a thread, and once more as it closes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from tui.settings import remember_switch


class ChosenView:
    def __init__(
        self, path: Path, *, chosen: Callable[[], bool], not_kept: Callable[[str], object]
    ) -> None:
        """``path``: the settings file; ``chosen``: the view chosen last (True: the mat
        view); ``not_kept``: tell (once) the line on why it could not be written."""
        self._path = path
        self._chosen = chosen
        self._not_kept = not_kept
        self._view_not_kept = False
        """The view chosen with m could not be written to the settings (told once)."""
        self.to_write = False
        """m chose a view in this run: the settings' ``mat_view`` is written (``write``)."""
        self._view_writing = threading.Lock()
        """One write of the view chosen at a time, each of the one chosen last."""

    def write(self) -> None:
        """In a thread (and once more as lumbar closes): the view chosen last written to the
        settings. Writes go one at a time, each of the view chosen by then, so the last one
        to run writes the last choice, in whatever order m's threads start."""
        path = self._path
        with self._view_writing:
            mat = self._chosen()
            why = remember_switch(path, "mat_view", mat)
            if why is not None and not self._view_not_kept:
                self._view_not_kept = True  # once: m may be pressed again and again
                self._not_kept(f"{path}: {why}; the view chosen with m is kept until lumbar closes")
