"""The hold's clock as a person sees it: it never runs backwards.

A motion detector is sure that a hold broke only a second or two after the person left it:
its smoothed direction passes the sag limit a few tenths of a second late, and a lapse must
last ``grace_s`` (1.5 s) to be a break rather than a wobble, which counts as held. Only then
does it name the moment the person left, and the engine takes back the time it counted since,
so that what is recorded is what was held. Shown as it is, the countdown jumps back up by
those seconds just as the person hears the hold broke, and someone on the mat cannot tell
what it counted, or why.

What is shown instead, as a coach with a stopwatch would do it:

- the clock stops as soon as the detector is unsure (a lapse under way). A wobble that
  counts as held then catches up (the clock jumps on, never back); a break leaves it stopped,
  with the words that it broke;
- the clock never shows more time left in a hold than it showed before: the tenths of a
  second it ran before the detector noticed anything, which were not held, are made up by
  the clock standing still that long once the person is back in position.

The engine's clock, which ends the hold and is recorded, is not changed: only what is shown.
"""

from __future__ import annotations

import math

from tui.live.changes import SessionView


class HoldFace:
    """Remembers what the hold under way showed, so that it never shows more time left."""

    def __init__(self) -> None:
        self._hold: tuple[int, int, float | None] | None = None
        """The hold shown last: its step, its number and its length (+ and - make a new one)."""
        self._ran_s = 0.0
        """Its step's running seconds then (fewer: the step was begun again, with b)."""
        self._shown_s = math.inf
        """The fewest seconds left it showed."""

    def seconds_left(
        self, view: SessionView, unsure_since: float | None, now: float
    ) -> float | None:
        """What the big clock shows at ``now`` of ``view`` (the engine's), ``unsure_since``:
        since when the motion detector has been unsure that the person is in position (None:
        it is sure, or none times the hold)."""
        left = view.seconds_left
        if (
            left is None
            or view.step.kind != "work"
            or view.hold_state not in ("holding", "settling")
        ):
            self._hold = None
            return left
        hold = (view.index, view.hold_number, view.target_s)
        if hold != self._hold or view.elapsed_s < self._ran_s:
            self._hold, self._shown_s = hold, math.inf
        self._ran_s = view.elapsed_s
        if unsure_since is not None and view.hold_state == "holding":
            left += max(0.0, now - unsure_since)  # stopped where it was when the doubt began
        if view.target_s is not None:
            left = min(left, view.target_s)
        self._shown_s = min(self._shown_s, left)
        return self._shown_s
