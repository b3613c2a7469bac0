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
