"""In hindsight, where a set's big first swing dwelt: rest, when nobody was still before it.

A recording may begin mid-movement (a person lying down for sit-ups), so a first swing as big
as a move into position (``POSITION_DEG``) that nobody was still before (``STILL_BEFORE_S``)
does not show rest to be the side it left. When it dwelt at its far end (``DWELL_S``), rest is
there, once a swing like it (``DWELL_OUT_SHARE`` of it) leaves the dwell; a smaller swing that
left it was a fidget, and rest is where the big swing began after all. An arm that drifts a
few degrees there and back (``DWELL_SHARE``) has not left it. The rep counter (``reps.py``)
decides with these rules while rest is undecided (``RepCounter._undecided``).
"""

from __future__ import annotations

from collections import deque

from sensors.motion.events import Vec3

STILL_BEFORE_S = 0.5
"""In hindsight, a first swing as big as a move into position (``POSITION_DEG``) shows rest to
be the side it left only when the person had been still this long before it (a recording may
begin mid-movement); otherwise rest is where it dwelt (see ``RepCounter._undecided``)."""
DWELL_S = 1.0
"""The movement dwelt at the far end of that swing when it stayed this long there (within
``DWELL_SHARE`` of the swing of its extreme: an arm lying between sit-ups drifts)."""
DWELL_SHARE = 0.25
DWELL_OUT_SHARE = 0.5
"""The dwell was rest when the next swing out of it is at least this share of the swing into it;
a smaller one was a fidget there, and rest is where the big swing began after all."""
PATH_KEPT = 200
"""Frames of the path kept while rest is undecided (enough to see a dwell of ``DWELL_S``)."""


class Dwell:
    """The big first swing that dwelt, and the path the movement took since the last turn (the
    counter fills ``path`` while rest is undecided, in hindsight, and clears it as the movement
    turns: ``RepCounter.update``, ``RepCounter._turn``)."""

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        up: Vec3 = (0.0, 0.0, 1.0)
        self.side = 0
        """The side a big first swing left, when nobody was still there and it dwelt at its
        far end: rest unless a swing like it leaves the dwell (0: none)."""
        self.into_deg = 0.0
        """That big swing's size, and its extremes (low, low_v, high, high_v)."""
        self.into_ends: tuple[float, Vec3, float, Vec3] = (0.0, up, 0.0, up)
        self.path: deque[tuple[float, float]] = deque(maxlen=PATH_KEPT)
        """Where the movement went along the axis since the last turn (time, degrees), until
        rest is decided (filled by the counter)."""

    def keep_swing(self, side: int, into_deg: float, ends: tuple[float, Vec3, float, Vec3]) -> None:
        """A big first swing of ``into_deg`` left ``side`` and dwelt at its far end: kept, to
        tell whether the next swing leaves the dwell (``left``, ``fidget``)."""
        self.side, self.into_deg, self.into_ends = side, into_deg, ends

    def fidget(self, swing: float) -> bool:
        """A swing this size out of the dwell is too small to show the dwell was rest."""
        return swing < DWELL_OUT_SHARE * self.into_deg

    def left(self, low: float, high: float) -> bool:
        """The swing just turned (between ``low`` and ``high``) went out of where the big first
        swing dwelt (further than ``DWELL_SHARE`` of that swing from its far end): an arm that
        drifts a few degrees there and back, as one lying between sit-ups does, has not left
        it."""
        into_low, _, into_high, _ = self.into_ends
        reach = DWELL_SHARE * self.into_deg
        if self.side > 0:  # the big swing left the high side: it dwelt at the low end
            return high - into_low > reach
        return into_high - low > reach

    def dwelt(self, phase: int, low: float, high: float) -> bool:
        """The movement stayed ``DWELL_S`` near the extreme it is turning from (``high`` when
        ``phase`` is up, else ``low``; within ``DWELL_SHARE`` of the swing), along ``path``."""
        edge = high - DWELL_SHARE * (high - low) if phase > 0 else low + DWELL_SHARE * (high - low)
        near = [t for t, q in self.path if (q >= edge if phase > 0 else q <= edge)]
        return (near[-1] - near[0] if near else 0.0) >= DWELL_S
