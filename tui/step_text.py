"""How a stored set reads, the same in ``lumbar log show`` and on the session screen."""

from __future__ import annotations

from typing import Any


def planned_text(step: dict[str, Any]) -> str:
    """What one stored set asked for: "12 reps", "3 × 10 s", "60 s"."""
    if step["mode"] == "hold":
        return f"{step['planned_reps'] or 1} × {step['planned_hold_s']} s"
    if step["mode"] == "timed":
        return f"{step['planned_duration_s']} s"
    return f"{step['planned_reps']} reps"
