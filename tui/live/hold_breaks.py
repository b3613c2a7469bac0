"""How a session turns the motion detector's hold events into a hold set's figures.

The detector's events (``sensors.motion``: a hold started, broken, resumed or ended) move the
hold's clock in the engine (``hold_event``): the engine times each hold, its breath before
the next and the set's end. Its changes count the set's breaks and the seconds they lasted
(``HoldBreaks``): a break begins when the clock stops because the person left the position,
and ends when it runs again, the hold is done or the set is over. A live session
(``tui.live.session`` and ``tui.live.sensing``) and the replay of a recorded set
(``tui.live.hold_replay``) both go through these, so ``lumbar analyze`` gives a set's holds as
the session timed them.

Free of Textual; ``sensors.motion`` (numpy) is imported only with the first event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sensors.pauses import Pause, running_s
from tui.live.changes import Change, HoldClockStarted, HoldClockStopped, HoldCompleted

if TYPE_CHECKING:
    from sensors.motion import MotionEvent
    from tui.live.engine import SessionEngine


def hold_event(engine: SessionEngine, event: MotionEvent, now: float) -> list[Change] | None:
    """What the detector's ``event``, heard at ``now``, does to the hold under way (the
    engine's changes); None for an event that is not about holds. Each is timed from the
    moment the detector names, which it can only be sure of later."""
    from sensors.motion import HoldBroken, HoldEnded, HoldResumed, HoldStarted

    if isinstance(event, HoldStarted | HoldResumed):
        return engine.hold_started(now, since=event.t_s)
    if isinstance(event, HoldEnded) and event.reason == "no data":
        # The data stopped, not the person: as when a lost sensor comes back, the clock waits
        # for it to see them in position again; no break. What it did not see held (the gap,
        # a sag begun before it) is not counted.
        return engine.set_gated(True, now, since=event.t_s)
    if isinstance(event, HoldBroken | HoldEnded):
        return engine.hold_broken(now, since=event.t_s, reason=event.reason)
    return None


def left_the_hold(changes: Sequence[Change]) -> HoldClockStopped | None:
    """The clock stopped because the person left the position (a break), if it did."""
    stopped = [c for c in changes if isinstance(c, HoldClockStopped) and c.why == "left"]
    return stopped[-1] if stopped else None


@dataclass
class HoldBreaks:
    """The breaks of one hold set: how many, and their seconds of running clock (those in a
    pause do not count)."""

    count: int = 0
    broken_s: float = 0.0
    since_s: float | None = None
    """When the break under way began (None: none is)."""

    def follow(self, change: Change, pauses: Sequence[Pause]) -> None:
        """One of the engine's changes to this set's hold."""
        if isinstance(change, HoldClockStopped):
            if change.why == "left" and self.since_s is None:
                self.count += 1
                self.since_s = change.t_s
        elif isinstance(change, HoldClockStarted | HoldCompleted):
            self.over(change.t_s, pauses)

    def over(self, at_s: float, pauses: Sequence[Pause]) -> None:
        """A break under way ends at ``at_s`` (the clock runs again, or the set is over)."""
        if self.since_s is not None:
            self.broken_s += running_s(self.since_s, at_s, pauses)
        self.since_s = None
