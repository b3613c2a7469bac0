"""A whole recording through the analyzer, summed up: reps, sets, holds, stillness, postures,
form, and heart rate per set and rest when the recording has it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sensors.heart import HeartRateSegment, HeartRateSegmenter
from sensors.motion.analyzer import MotionAnalyzer
from sensors.motion.events import (
    DataGap,
    FormWarning,
    HoldEnded,
    MotionEvent,
    PostureChanged,
    RepCounted,
    RepWithdrawn,
    RestFound,
    SetEnded,
    StillnessEnded,
)
from sensors.motion.form import FormRule
from sensors.motion.holds import REST
from sensors.motion.orientation import Placement

BATCH = 4096
"""Samples per batch fed to the analyzer: the same path as live, in bigger bites."""


@dataclass(frozen=True, slots=True)
class PostureSpan:
    start_s: float
    end_s: float
    posture: str
    tilt_deg: float


@dataclass(frozen=True, slots=True)
class MotionReport:
    start_s: float
    end_s: float
    reps: tuple[RepCounted, ...]
    sets: tuple[SetEnded, ...]
    holds: tuple[HoldEnded, ...]
    stillness: tuple[StillnessEnded, ...]
    postures: tuple[PostureSpan, ...]
    form_warnings: tuple[FormWarning, ...]
    form_checked: bool
    gaps: tuple[DataGap, ...]
    heart_rate: tuple[HeartRateSegment, ...]
    rests_found: tuple[RestFound, ...] = ()
    """Where a first pass found the rest position guessed wrong (the holds here are from a
    second pass that knew it from the start)."""

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def still_share(self) -> float:
        if self.duration_s <= 0:
            return 0.0
        return sum(s.duration_s for s in self.stillness) / self.duration_s


def analyze_samples(
    t_s: npt.NDArray[np.float64],
    acc_g: npt.NDArray[np.float64],
    *,
    gyro_dps: npt.NDArray[np.float64] | None = None,
    hr_bpm: npt.NDArray[np.float64] | None = None,
    placement: Placement = "chest",
    form_rule: FormRule | None = None,
    start_position: str = "start",
) -> MotionReport:
    """Run a recording through :class:`MotionAnalyzer` batch by batch and sum it up.

    When the bout showed that the rest position had been guessed wrong (``RestFound``), the
    recording is run again knowing it from the start, so the first holds are timed right too.
    """

    def run(rest_hints: tuple[RestFound, ...]) -> list[MotionEvent]:
        analyzer = MotionAnalyzer(
            placement,
            form_rule=form_rule,
            start_position=start_position,
            auto_sets=True,
            rest_hints=rest_hints,
        )
        events: list[MotionEvent] = []
        for i in range(0, len(t_s), BATCH):
            part = slice(i, i + BATCH)
            gyro = gyro_dps[part] if gyro_dps is not None else None
            events.extend(analyzer.feed(t_s[part], acc_g[part], gyro))
        events.extend(analyzer.finish())
        return events

    events = run(())
    found = tuple(e for e in events if isinstance(e, RestFound))
    if found:
        events = run(found)
    return summarize(
        events,
        float(t_s[0]),
        float(t_s[-1]),
        form_checked=form_rule is not None,
        heart=_heart_segments(t_s, hr_bpm, events) if hr_bpm is not None else (),
        rests_found=found,
    )


def summarize(
    events: list[MotionEvent],
    start_s: float,
    end_s: float,
    *,
    form_checked: bool = False,
    heart: tuple[HeartRateSegment, ...] = (),
    rests_found: tuple[RestFound, ...] = (),
) -> MotionReport:
    postures: list[PostureSpan] = []
    changes = [e for e in events if isinstance(e, PostureChanged)]
    for i, change in enumerate(changes):
        until = changes[i + 1].t_s if i + 1 < len(changes) else end_s
        postures.append(PostureSpan(change.t_s, until, change.posture, change.tilt_deg))
    withdrawn = {e.t_s for e in events if isinstance(e, RepWithdrawn)}
    return MotionReport(
        start_s=start_s,
        end_s=end_s,
        reps=tuple(e for e in events if isinstance(e, RepCounted) and e.t_s not in withdrawn),
        sets=tuple(e for e in events if isinstance(e, SetEnded)),
        holds=tuple(e for e in events if isinstance(e, HoldEnded) and e.reason != REST),
        stillness=tuple(e for e in events if isinstance(e, StillnessEnded)),
        postures=tuple(postures),
        form_warnings=tuple(e for e in events if isinstance(e, FormWarning)),
        form_checked=form_checked,
        gaps=tuple(e for e in events if isinstance(e, DataGap)),
        heart_rate=heart,
        rests_found=rests_found,
    )


def _heart_segments(
    t_s: npt.NDArray[np.float64], hr_bpm: npt.NDArray[np.float64], events: list[MotionEvent]
) -> tuple[HeartRateSegment, ...]:
    """Heart rate in each set found and in the rest after it (the whole recording if none)."""
    sets = [(e.number, e.start_s, e.t_s) for e in events if isinstance(e, SetEnded)]
    return heart_by_sets(t_s, hr_bpm, sets)


def heart_by_sets(
    t_s: npt.NDArray[np.float64],
    hr_bpm: npt.NDArray[np.float64],
    sets: Sequence[tuple[int, float, float]],
) -> tuple[HeartRateSegment, ...]:
    """Heart rate in each set (number, start, end) and in the rest after it (the whole
    recording if there are none)."""
    marks: list[tuple[float, str]] = []
    for number, start_s, end_s in sets:
        marks.append((start_s, f"set {number}"))
        marks.append((end_s, f"rest after set {number}"))
    if not marks:
        marks.append((float(t_s[0]), "recording"))
    segmenter = HeartRateSegmenter()
    segments: list[HeartRateSegment] = []
    rows = [(t, bpm) for t, bpm in zip(t_s.tolist(), hr_bpm.tolist(), strict=True)]
    rows = [(t, bpm) for t, bpm in rows if not math.isnan(bpm)]
    index = 0
    for mark_s, label in marks:
        while index < len(rows) and rows[index][0] < mark_s:
            segmenter.add(*rows[index])
            index += 1
        ended = segmenter.start(label, mark_s)
        if ended is not None:
            segments.append(ended)
    for row in rows[index:]:
        segmenter.add(*row)
    segments.append(segmenter.end(float(t_s[-1])))
    return tuple(s for s in segments if s.end_s > s.start_s)
