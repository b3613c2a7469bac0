"""One guided session at a time: which one is running and where, in words.

A second session is refused wherever it would start (a key, the palette, ``lumbar run``,
another lumbar on the same database); each refusal names the running session and where it
runs, so the person knows where to go to finish it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.running import RunningSession


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
    local = started_at.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
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
