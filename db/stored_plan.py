"""A guided session's planned steps as stored with it (``sessions.plan``, JSON): what a
resumed session walks through again, and what names the steps no set was recorded in."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from catalog.plan import PlannedStep


def plan_json(steps: Sequence[PlannedStep]) -> str:
    """The planned steps as stored with the session."""
    return msgspec.json.encode(list(steps)).decode()


def read_plan(text: str | None) -> tuple[PlannedStep, ...] | None:
    """The planned steps stored with a session; None when there are none, or unreadable."""
    if not text:
        return None
    try:
        return msgspec.json.decode(text, type=tuple[PlannedStep, ...])
    except msgspec.DecodeError:  # ValidationError included
        return None
