"""One guided session at a time: which one is running and where, in words.

A second session is refused wherever it would start (a key, the palette, ``lumbar run``,
another lumbar on the same database); each refusal names the running session and where it
runs, so the person knows where to go to finish it. The app asks ``OneSession`` before a
session starts, and again before its record is opened.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from db.clock import local_zone, utc_now
from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.running import RunningSession
    from tui.screens.runner import RunnerScreen


def here(routine_name: str) -> str:
    return f"{routine_name} is running in this window"


def elsewhere(session: RunningSession, now: datetime | None = None) -> str:
    name = session.routine_name or session.routine_id or "A session"
    since = _since(session.started_at, now)
    if session.on_this_machine:
        return f"{name} is running in another lumbar (pid {session.pid}) since {since}"
    return f"{name} is running in lumbar on {session.host or 'another machine'} since {since}"


def refusal(running: str, wanted: str | None, *, in_this_window: bool) -> str:
    """E.g. "Core basics is running in this window: end it (q) before starting Back ten"
    (no full stop: callers go on or end the sentence)."""
    what = f"before starting {wanted}" if wanted else "before starting another"
    how = "end it (q)" if in_this_window else "finish it there"
    return f"{running}: {how} {what}"


def _since(started_at: datetime, now: datetime | None) -> str:
    local = started_at.astimezone(local_zone())
    today = (now or utc_now()).astimezone(local_zone()).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %H:%M')}"


def refuse_unsaved(notify: Callable[..., object], problem: object | None) -> None:
    """Tell, with ``notify`` (an app's or a screen's), that a session does not start because
    it could not be saved (the database cannot be written); ``problem``: why, or None when
    the person was told already."""
    why = "The session database cannot be written (told above)" if problem is None else problem
    notify(
        f"{why}. The session cannot be saved, so it does not start; browsing works.",
        title="Cannot save sessions",
        severity="error",
        timeout=30,
    )


class OneSession:
    """The app's side of the rule: a session refused where it would start while another runs,
    here or in another lumbar on the same database, or when it could not be saved."""

    def __init__(
        self,
        *,
        runners: Callable[[], Sequence[RunnerScreen]],
        database: Callable[[], Awaitable[Database]],
        notify: Callable[..., object],
        refuse_unsaved: Callable[[DatabaseProblem], None],
    ) -> None:
        """``runners``: the session screens open; ``database``: the session database (raises
        DatabaseProblem when it cannot be used); ``notify``: the app's; ``refuse_unsaved``:
        tell that a session does not start because it could not be saved."""
        self._runners = runners
        self._database = database
        self._notify = notify
        self._refuse_unsaved = refuse_unsaved

    async def may_start(self, routine_name: str) -> bool:
        """No second session: not in this window, nor while another lumbar runs one; and none
        that could not be saved (the database cannot be written), refused before its pain
        check."""
        running = self.running_here()
        if running is not None:
            self.refuse(refusal(running, routine_name, in_this_window=True))
            return False
        try:
            other = self.running_elsewhere(await self._database())
        except DatabaseProblem as problem:
            # Refused before the pain check: a session that cannot be saved does not start.
            self._refuse_unsaved(problem)
            return False
        if other is not None:
            self.refuse(refusal(other, routine_name, in_this_window=False))
            return False
        return True

    async def database_for_a_session(self) -> Database:
        """The database for a session screen about to record its session; refused when
        another lumbar started one meanwhile (while this one asked about pain)."""
        db = await self._database()
        other = self.running_elsewhere(db)
        if other is not None:
            raise DatabaseProblem(refusal(other, None, in_this_window=False))
        return db

    def running_here(self) -> str | None:
        """Which session this window runs, in words; None when there is none."""
        runners = self._runners()
        return here(runners[0].routine.name) if runners else None

    @staticmethod
    def running_elsewhere(db: Database) -> str | None:
        from db.running import running_sessions

        others = running_sessions(db, exclude_pid=os.getpid())
        return elsewhere(others[0]) if others else None

    def refuse(self, text: str) -> None:
        self._notify(f"{text}.", title="One session at a time", severity="warning", timeout=10)
