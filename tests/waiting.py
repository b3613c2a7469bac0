"""Waiting for a condition in a Pilot test, never for a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot


async def until(pilot: Pilot[Any], holds: Callable[[], bool], what: str, timeout_s: float) -> None:
    """Let the app run until ``holds()``; fail after ``timeout_s`` (a generous bound, not a
    wait: a busy machine only makes it take longer)."""
    deadline = time.monotonic() + timeout_s
    while not holds():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout_s} s for {what}")
        await pilot.pause(0.05)


async def settle(pilot: Pilot[Any]) -> None:
    """Until no worker runs, three pauses in a row (a worker may start another: the
    database, then a thread; an unpin, then the read of the suggestions; and a pause alone
    on a busy machine may end before a worker's thread has run)."""
    idle = 0
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        idle = 0 if any(w.is_running for w in pilot.app.workers) else idle + 1
        if idle == 3:  # a screen pushed a moment ago may not have started its worker yet
            return
    raise AssertionError("workers kept running")
