"""A recorded session's motion run again through the detectors exactly as the session ran them.

A live session (its ``SessionSensing``) keeps one :class:`MotionAnalyzer` per exercise, fed
from the rest that leads into it, marks each set with ``start_set`` at its last sample before
the set began and ``end_set`` at its last sample before it ended, and credits a set with the
reps and warnings reported between the two (only those of a moment the session ran in, not
paused: ``sensors/pauses.py``), less the reps taken back as it ended (``RepWithdrawn``).
Replaying the stored stream with the stored set boundaries the same way gives the same counts
and warnings.

A hold set is timed by the session's own clock, which the detector's hold events move as the
session hears them: each set keeps every event told while it ran, with when (``heard``), for
the session's clock to run again over them (``tui.live.hold_replay``). Those told as the set
opened and closed are not among them: the session's clock never hears them (it has moved on
to the set, or past it).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sensors.motion.analyzer import MotionAnalyzer
from sensors.motion.events import FormWarning, MotionEvent, RepCounted, RepWithdrawn, SetEnded
from sensors.motion.orientation import Placement
from sensors.motion.profiles import form_rule_for
from sensors.pauses import Pause, in_pause

Array = npt.NDArray[np.float64]
BATCH = 36
"""Samples per batch, as an H10 sends them: the detectors see the stream as they do live."""


@dataclass(frozen=True, slots=True)
class MarkedSet:
    """A set as the session marked it: its times on the recording's clock."""

    number: int
    exercise_id: str | None
    start_s: float
    end_s: float


@dataclass(frozen=True, slots=True)
class HeardEvent:
    """What the detector told, and when the session heard it: at the last sample of the
    batch that told it."""

    heard_s: float
    event: MotionEvent


@dataclass(frozen=True, slots=True)
class ReplayedSet:
    marked: MarkedSet
    reps: tuple[RepCounted, ...]
    form_warnings: tuple[FormWarning, ...]
    ended: SetEnded | None
    form_checked: bool
    heard: tuple[HeardEvent, ...] = ()
    """Every event told while the set ran (not as it opened or closed), in order."""


def replay_sets(
    t_s: Array,
    acc_g: Array,
    sets: Sequence[MarkedSet],
    *,
    placement: Placement = "chest",
    paused: Sequence[Pause] = (),
) -> list[ReplayedSet]:
    """Each set of ``sets`` (in time order) as the live session saw it. ``paused``: spans
    (start, end) in which the session was paused; nothing of a moment in them is credited."""
    times = t_s.tolist()
    results: list[ReplayedSet] = []
    analyzer: MotionAnalyzer | None = None
    exercise: str | None = None
    fed = 0  # samples fed so far

    def feed_until(t: float) -> list[HeardEvent]:
        """Feed every sample up to and including time ``t``."""
        nonlocal fed
        assert analyzer is not None
        end = bisect.bisect_right(times, t)
        out: list[HeardEvent] = []
        for i in range(fed, end, BATCH):
            j = min(end, i + BATCH)
            out += [HeardEvent(times[j - 1], e) for e in analyzer.feed(t_s[i:j], acc_g[i:j])]
        fed = max(fed, end)
        return out

    def credited(event_s: float) -> bool:
        """Of a moment the session ran in, as live (``sensors/pauses.py``)."""
        return not in_pause(paused, event_s)

    for marked in sets:
        if analyzer is None or marked.exercise_id != exercise:
            # A new exercise: the session's detector for it was fed from the rest before.
            # Framed on the session's clock, as live (its start is 0 s on the recording's).
            analyzer = MotionAnalyzer(
                placement, form_rule=form_rule_for(marked.exercise_id), frame_origin_s=0.0
            )
            exercise = marked.exercise_id
            for pause_s, _ in paused:  # as live, where the session tells its detector
                analyzer.paused(pause_s)
        feed_until(marked.start_s)
        if fed == 0:
            feed_until(times[0])  # the stream began inside the set
        start = times[fed - 1]
        opened = analyzer.start_set(start)
        heard = feed_until(marked.end_s)
        events = [*opened, *(h.event for h in heard), *analyzer.end_set(times[fed - 1])]
        withdrawn = {e.t_s for e in events if isinstance(e, RepWithdrawn)}
        results.append(
            ReplayedSet(
                marked=marked,
                reps=tuple(
                    e
                    for e in events
                    if isinstance(e, RepCounted) and credited(e.t_s) and e.t_s not in withdrawn
                ),
                form_warnings=tuple(
                    e for e in events if isinstance(e, FormWarning) and credited(e.t_s)
                ),
                ended=next((e for e in reversed(events) if isinstance(e, SetEnded)), None),
                form_checked=analyzer.form is not None,
                heard=tuple(heard),
            )
        )
    return results
