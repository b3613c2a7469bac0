"""Whether a sensor's moment belongs to the running session.

While a session is paused it counts nothing and warns of nothing. A detector tells some things
late (a set's first rep once the person rests after it, a fault under way at a go once the
move is told apart), so what it tells is judged by the moment it names, not by when it says
so: a rep done before a pause and confirmed in it is the set's, one done in a pause and
confirmed after it is not. The live session (its engine and its sensing) and the replay of a
recorded session judge alike by this one rule.
"""

from __future__ import annotations

from collections.abc import Sequence

Pause = tuple[float, float | None]
"""When the session paused and resumed (None: paused still), in time order."""


def in_pause(pauses: Sequence[Pause], t_s: float) -> bool:
    """Whether ``t_s`` fell inside one of ``pauses``; the moment a pause began was still
    running, and the moment it ended runs again."""
    for start, end in reversed(pauses):
        if end is not None and end <= t_s:
            return False  # after this pause, so after every one before it too
        if start < t_s:
            return True
    return False


def running_s(start_s: float, end_s: float, pauses: Sequence[Pause]) -> float:
    """Seconds from ``start_s`` to ``end_s`` less those paused."""
    paused_s = sum(
        max(0.0, min(end_s, end if end is not None else end_s) - max(start_s, start))
        for start, end in pauses
    )
    return max(0.0, end_s - start_s - paused_s)
