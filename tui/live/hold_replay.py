"""A recorded hold set timed again as its session timed it.

A live session times a hold set with its engine's clock: each hold runs to its target, then
a short breath (``HOLD_RESET_S``) before the next, and the motion detector's hold events, as
the session hears them, stop and start that clock (``tui.live.hold_breaks.hold_event``); the
engine's changes count the set's breaks (``HoldBreaks``). Here the same engine, one set long
and gated by the sensor from its start, runs over the detector's events replayed from the
recording (``sensors.motion.replay``: each with when the session heard it), and the same
``HoldBreaks`` follows it.

What the record must give, beyond the motion: the set's start and end, its dose (holds and
seconds each), each change of the hold's length (``+``/``-``: ``hold-changed`` events), the
pauses (a set not done by its end was left there: n, or the session ended).
The hold-started times the session stored are not needed: the clock finds them again from the
detector's events. What is not stored cannot be replayed: a key pressed in a hold (enter
starts a hold by hand, or ends one as held so far) times that set differently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalog.models import Exercise
from catalog.plan import PlannedStep
from sensors.pauses import Pause
from tui.live.changes import (
    Change,
    HoldClockStarted,
    HoldClockStopped,
    HoldCompleted,
    Paused,
    Resumed,
    SessionFinished,
    StepFinished,
)
from tui.live.engine import SessionEngine
from tui.live.hold_breaks import HoldBreaks, hold_event

if TYPE_CHECKING:
    from sensors.motion.replay import HeardEvent


@dataclass(frozen=True, slots=True)
class TimedHolds:
    """A hold set's figures as the session's clock gives them."""

    holds_s: tuple[float, ...]
    """Seconds held in each hold."""
    breaks: int
    broken_s: float
    """Seconds of running clock the breaks lasted."""


def time_hold_set(
    step: PlannedStep,
    exercises: Mapping[str, Exercise],
    heard: Sequence[HeardEvent],
    start_s: float,
    end_s: float,
    *,
    paused: Sequence[tuple[float, float]] = (),
    targets: Sequence[tuple[float, float]] = (),
) -> TimedHolds:
    """The hold set ``step``, begun at ``start_s`` and over at ``end_s``, timed over the
    detector's events ``heard`` while it ran. ``paused``: (start, end) of the session's pauses;
    ``targets``: (when, seconds) each change of the hold's length. A set not done by ``end_s``
    is left there, as the session left it (n, or the end)."""
    engine = SessionEngine([step], exercises, gated=True)
    breaks = HoldBreaks()
    pauses: list[Pause] = []

    def follow(changes: list[Change]) -> None:
        """As the live session follows the engine (``LiveSession._follow_sets``)."""
        for change in changes:
            if isinstance(change, Paused):
                pauses.append((change.t_s, None))
            elif isinstance(change, Resumed) and pauses:
                pauses[-1] = (pauses[-1][0], change.t_s)
            elif isinstance(change, HoldClockStarted | HoldClockStopped | HoldCompleted):
                breaks.follow(change, pauses)
            elif isinstance(change, StepFinished | SessionFinished):
                breaks.over(change.t_s, pauses)

    # What happened in the set, in time order: a pause or a new length before what the
    # detector told at the same moment. (when, 0: toggle | 1: new length | 2: told, which)
    moments: list[tuple[float, int, int]] = []
    for pause_s, resume_s in paused:
        if pause_s < end_s and resume_s > start_s:
            moments += [(max(pause_s, start_s), 0, 0), (min(resume_s, end_s), 0, 0)]
    moments += [(at_s, 1, i) for i, (at_s, _) in enumerate(targets) if start_s <= at_s < end_s]
    moments += [(h.heard_s, 2, i) for i, h in enumerate(heard)]
    moments.sort()
    follow(engine.toggle(start_s))
    for at_s, kind, i in moments:
        if at_s > end_s or engine.phase == "finished":
            break
        if kind == 0:
            follow(engine.toggle(at_s))
        elif kind == 1:
            now_s = engine.view(at_s).target_s or 0.0
            follow(engine.adjust(round(targets[i][1] - now_s), at_s))
        elif engine.phase in ("running", "paused"):
            follow(hold_event(engine, heard[i].event, at_s) or [])
    follow(engine.tick(end_s))
    if engine.phase != "finished":
        # The session moved on at ``end_s``: the set was left there (n, or the end), or its
        # replay has not got as far as the session did.
        follow(engine.next(end_s))
    result = engine.results.get(0)
    return TimedHolds(
        holds_s=result.holds_s if result is not None else (),
        breaks=breaks.count,
        broken_s=round(breaks.broken_s, 2),
    )
