"""A session's pauses, read from its events the one way every reader takes them.

A pause runs from a "pause" event to the "resume" after it. Lumbar closed while paused
("interrupted"), or stopped without a word and taken up again ("resumed"), ends the pause
there: the session taken up again runs, as it did live. A pause never ended lasts to the
session's end.
"""

from __future__ import annotations

from collections.abc import Iterable

ENDS_A_PAUSE = frozenset({"resume", "interrupted", "resumed"})


def pause_spans(events: Iterable[tuple[str, float]], end_s: float) -> list[tuple[float, float]]:
    """(paused, resumed) in session seconds, from the session's events (kind, seconds) in
    time order."""
    spans: list[tuple[float, float]] = []
    since: float | None = None
    for kind, t_s in events:
        if kind == "pause" and since is None:
            since = t_s
        elif kind in ENDS_A_PAUSE and since is not None:
            spans.append((since, max(since, t_s)))
            since = None
    if since is not None:
        spans.append((since, max(since, end_s)))
    return spans
