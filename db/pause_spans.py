"""A session's pauses, read from its events the one way every reader takes them.

A pause runs from a "pause" event to the "resume" after it. Lumbar closed while paused
("interrupted"), or stopped without a word and taken up again ("resumed"), ends the pause
there: the session taken up again runs, as it did live. A pause never ended lasts to the
session's end. The time away (lumbar closed, "interrupted", to "resumed") is stopped as a
pause is, for a reader that keeps no clock running while nobody was there (``stopped_spans``).
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


def stopped_spans(events: Iterable[tuple[str, float]], end_s: float) -> list[tuple[float, float]]:
    """The pauses and the time away together, overlaps joined, in time order."""
    events = list(events)
    stopped = pause_spans(events, end_s)
    closed_at: float | None = None
    for kind, t_s in events:
        if kind == "interrupted":
            closed_at = t_s
        elif kind == "resumed" and closed_at is not None:
            stopped.append((closed_at, max(closed_at, t_s)))
            closed_at = None
    joined: list[tuple[float, float]] = []
    for start, end in sorted(stopped):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined
