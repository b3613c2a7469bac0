"""A set whose reps were counted, and counting one as a live session would (the runner
starting and ending it)."""

from __future__ import annotations

from dataclasses import dataclass

from sensors.motion import Placement
from sensors.motion.replay import MarkedSet, replay_sets

from .data_folder import Array


@dataclass(frozen=True)
class SetResult:
    dataset: str
    person: str
    tuned: bool
    counted: int
    truth: int
    exercise: str = ""
    marked: bool = False
    """Counted as a live session counts: the set started and ended by the runner."""


def marked_count(
    t: Array, acc: Array, start_s: float, end_s: float, placement: Placement = "wrist"
) -> int:
    """Reps counted in one set that a runner started at ``start_s`` and ended at ``end_s``."""
    (done,) = replay_sets(t, acc, [MarkedSet(1, None, start_s, end_s)], placement=placement)
    return len(done.reps)
