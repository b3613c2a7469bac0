"""The move out of position at a set's end, told from its last candidate.

A rep comes back to where it left rest and stops there. A set's last candidate that went on
past there without a stop (``STOPPED_S``), by ``MOVED_OUT_SHARE`` of its size or more, with the
set ending with the person there, where no rep went (rest was taken at the reps' far end, and
the move out passed it), was the move out of position, no rep (``RepJudge.end_set``). The rep
counter (``reps.py``) tells this after each candidate as the movement goes on.
"""

from __future__ import annotations

import math

from sensors.motion.events import Vec3
from sensors.motion.move_into_position import STOPPED_S

MOVED_OUT_SHARE = 0.5
"""The set's last candidate was the move out of position when the movement went on past where
it had left rest by this share of its size, and the set ended there (see ``MoveOut``)."""


class MoveOut:
    """The latest candidate's way back, followed until the movement stops."""

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        self._went_past = False
        self._last_way: tuple[Vec3, Vec3] | None = None
        self._last_deg = 0.0
        """The latest candidate's way back (from its far end to where it left rest), and its
        size."""

    def came_back(self, far: Vec3, left: Vec3 | None, size_deg: float) -> None:
        """A candidate of ``size_deg`` came back from ``far`` toward where it left rest
        (``left``; none when not known)."""
        self._last_deg = size_deg
        self._last_way = None if left is None else (far, left)
        self._went_past = False

    def follow(self, t_s: float, fast: Vec3, still_from: float | None) -> None:
        """After a candidate, until the movement stops (still since ``still_from``): whether it
        went on past where the candidate left rest."""
        if self._last_way is None or self._went_past:
            return
        if still_from is not None and t_s - still_from >= STOPPED_S:
            self._last_way = None  # it stopped: came back as a rep does
        elif self._past_deg(fast) >= MOVED_OUT_SHARE * self._last_deg:
            self._went_past = True

    def moved_out(self, now: Vec3) -> bool:
        """The latest candidate was the move out of position, should the set end with the
        movement at ``now``: it went on past where it left rest without a stop, and is still
        past there by ``MOVED_OUT_SHARE`` of its size or more."""
        return self._went_past and not self._past_deg(now) < MOVED_OUT_SHARE * self._last_deg

    def _past_deg(self, v: Vec3) -> float:
        """How far ``v`` is past where the latest candidate left rest, along its way back."""
        if self._last_way is None:
            return 0.0
        far, rest = self._last_way
        way = (rest[0] - far[0], rest[1] - far[1], rest[2] - far[2])
        size = math.sqrt(way[0] ** 2 + way[1] ** 2 + way[2] ** 2)
        if size == 0.0:
            return 0.0
        on = (v[0] - rest[0], v[1] - rest[1], v[2] - rest[2])
        return math.degrees((on[0] * way[0] + on[1] * way[1] + on[2] * way[2]) / size)
