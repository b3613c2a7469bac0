"""Holds timed against a known span, as a recording's analysis and a live session's clock time
them, and the table their errors are printed in (hapt's labelled postures, dsads's)."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from sensors.motion import HoldEnded, MotionAnalyzer

from .data_folder import Array
from .live_clock import LiveClock


@dataclass(frozen=True)
class TimedHold:
    user: int
    error_s: float
    started_s: float | None
    """When the first hold (or the clock) started, after the labelled start (None: never)."""
    stopped_s: float | None
    """When the last ended (or the clock last stopped), after the labelled end."""


@dataclass(frozen=True)
class HoldStep:
    """A hold step timed through a recording: the detector's ended holds and the live clock's
    figures, to be scored against one truth or another."""

    ended: list[HoldEnded]
    clock_held_s: float
    clock_on_s: float | None
    clock_off_s: float | None


def run_hold_step(t: Array, acc: Array, set_start_s: float, batch: int) -> HoldStep:
    """A hold step started at ``set_start_s`` (in the rest before it) and fed in notifications
    of ``batch`` samples to the end of ``t``."""
    analyzer = MotionAnalyzer("chest")
    first = t <= set_start_s
    analyzer.feed(t[first], acc[first])
    events = analyzer.start_set(float(t[first][-1]))
    clock = LiveClock(float(t[first][-1]))
    t_set, acc_set = t[~first], acc[~first]
    for i in range(0, len(t_set), batch):
        heard = analyzer.feed(t_set[i : i + batch], acc_set[i : i + batch])
        clock.hear(float(t_set[i : i + batch][-1]), heard)
        events += heard
    ended = analyzer.end_set(float(t[-1]))
    clock.hear(float(t[-1]), ended)
    events += ended
    return HoldStep(
        [e for e in events if isinstance(e, HoldEnded)],
        clock.held_s,
        clock.first_on_s,
        clock.last_off_s,
    )


def score_hold_step(
    step: HoldStep, user: int, start_s: float, end_s: float, *, margin_s: float
) -> tuple[TimedHold, TimedHold]:
    """A hold step against the truth, held from ``start_s`` to ``end_s``: by the holds' own
    times (those that began before ``end_s`` and ended no more than ``margin_s`` before
    ``start_s``), and as a live session's clock runs."""
    timed = [e for e in step.ended if e.start_s < end_s and e.t_s > start_s - margin_s]
    truth = end_s - start_s
    own = TimedHold(
        user,
        sum(e.seconds_held for e in timed) - truth,
        timed[0].start_s - start_s if timed else None,
        timed[-1].t_s - end_s if timed else None,
    )
    by_clock = TimedHold(
        user,
        step.clock_held_s - truth,
        None if step.clock_on_s is None else step.clock_on_s - start_s,
        None if step.clock_off_s is None else step.clock_off_s - end_s,
    )
    return own, by_clock


def time_holds(
    t: Array,
    acc: Array,
    set_start_s: float,
    batch: int,
    user: int,
    start_s: float,
    end_s: float,
    *,
    margin_s: float,
) -> tuple[TimedHold, TimedHold]:
    """``run_hold_step`` scored against one truth (``score_hold_step``)."""
    step = run_hold_step(t, acc, set_start_s, batch)
    return score_hold_step(step, user, start_s, end_s, margin_s=margin_s)


def hold_table(rows: dict[tuple[str, bool], list[TimedHold]]) -> None:
    print(
        "  posture                 people    holds  mean err s  median |err|  within 1 s  2 s"
        "  started stopped  never"
    )
    for (kind, tuned), timings in sorted(rows.items(), key=lambda kv: (kv[0][0] == "all", kv[0])):
        started = [h.started_s for h in timings if h.started_s is not None]
        stopped = [h.stopped_s for h in timings if h.stopped_s is not None]
        print(
            f"  {kind:23s} {'tuned' if tuned else 'held out':9s} {len(timings):5d}"
            f"{_errors([h.error_s for h in timings])}"
            f"  {median(started):+7.2f} {median(stopped):+7.2f}"
            f"  {len(timings) - len(started):5d}"
        )


def _errors(values: list[float]) -> str:
    size = [abs(v) for v in values]
    return (
        f"  {statistics.fmean(values):+10.2f}  {statistics.median(size):12.2f}"
        f"  {100 * sum(v <= 1.0 for v in size) / len(size):9.0f}%"
        f"  {100 * sum(v <= 2.0 for v in size) / len(size):3.0f}%"
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan
