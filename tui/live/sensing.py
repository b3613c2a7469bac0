"""What the wearables tell a session: motion events for the engine, figures for each set.

Free of Textual. The live session hands it every hub event (``hear``) and tells it when sets
start and end; it runs the motion detectors (``sensors.motion``, numpy: imported with the
first accelerometer batch) on the accelerometer of one device and keeps per-set figures (reps
sensed, hold breaks, form, heart rate). Storing the streams is the recording pipeline's job
(``sensors.recording``), not this one's.

One detector per exercise, fed from the moment the exercise is announced (its get-ready or
the rest before it), so it knows the person's orientation before the first set starts.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from catalog.models import Exercise
from catalog.plan import PlannedStep
from db.sessions import StepSensing
from sensors.pauses import in_pause
from sensors.stuck_axis import StuckAxisWatch, at_range_end
from tui.live.changes import HoldClockStarted, HoldClockStopped, HoldCompleted
from tui.live.hold_breaks import HoldBreaks

if TYPE_CHECKING:
    from sensors.hub import HubEvent
    from sensors.motion import MotionAnalyzer, MotionEvent
    from sensors.readings import AccelerationBatch, HeartRateReading


@dataclass
class _SetFigures:
    sensor: str | None = None
    reps_sensed: int = 0
    rep_times_s: list[float] = field(default_factory=list)
    breaks: HoldBreaks = field(default_factory=HoldBreaks)
    """The set's hold breaks, as the engine's changes count them (``tui.live.hold_breaks``)."""
    form_warnings: int = 0
    max_rock_deg: float | None = None
    bpm_sum: float = 0.0
    bpm_count: int = 0
    peak_bpm: int | None = None
    motion_seen: bool = False
    counts_reps: bool = False
    watched_whole: bool = False
    """The detector saw the set begin and never lost sight of it: only then do its broken
    seconds stand for the set's holds, and a share of them held can be told (a hold timed
    by the clock for part of the set was watched by nobody then)."""


@dataclass(frozen=True, slots=True)
class ClosingReps:
    """What the detector said of a set's reps as the set closed."""

    late_s: tuple[float, ...] = ()
    """When the reps were done that it counted only now (it counts some late)."""
    withdrawn_s: tuple[float, ...] = ()
    """When the reps were done that it had credited the set and takes back now: looked at
    whole, the set held fewer (``sensors.motion.RepWithdrawn``)."""


@dataclass(frozen=True, slots=True)
class Heard:
    """What one hub event meant for the session."""

    motion: tuple[MotionEvent, ...] = ()
    heart_rate: HeartRateReading | None = None
    motion_started: bool = False
    """The first accelerometer data of the motion device: holds and reps are sensed now."""
    motion_lost: str | None = None
    """The motion device dropped (its name): holds and reps are back on the keys."""
    why: str | None = None
    """Why the motion stopped, when the device said (it stays connected)."""
    told: bool = False
    """The person was told already (the sensor link tells why a stream stopped)."""


class SessionSensing:
    """``origin_s`` is the monotonic time the session started (times in rows are relative)."""

    def __init__(self, exercises: Mapping[str, Exercise], origin_s: float) -> None:
        self.exercises = exercises
        self.origin_s = origin_s
        self.motion_device: str | None = None
        self.motion_name: str | None = None
        self._stuck = StuckAxisWatch()
        """Whether the motion device's accelerometer still measures."""
        self._names: dict[str, str] = {}
        """The devices' names by address, for the one that turns out to give motion."""
        self._kinds: dict[str, str] = {}
        self.heart_device: str | None = None
        """The device whose heart rate the sets' figures use, chosen as the stored session's
        is (``db.figures.HEART_RATE_SOURCES``: the best kind heard so far); all are stored."""
        self.streaming = False
        self.motion_off: str | None = None
        """Why the motion device's accelerometer is off while it stays connected."""
        self.last_sample_s: float | None = None
        self._analyzer: MotionAnalyzer | None = None
        self._analyzer_exercise: str | None = None
        self._analyzer_fed = False
        self._watched: int | None = None
        """The set the detector saw begin, knowing where the person started."""
        self._opening: float | None = None
        """When the set under way began, while the detector has not heard that far."""
        self._exercise: str | None = None
        self._figures: dict[int, _SetFigures] = {}
        self._current: int | None = None
        self._pauses: list[tuple[float, float | None]] = []
        """When the session paused and resumed (None: paused now): a break's seconds are
        those of the running clock, and a sensor may name a moment before a pause."""

    # --- events from the hub -------------------------------------------------------------------

    def hear(self, event: HubEvent) -> Heard:
        from sensors.hub import DeviceStateChanged, StreamResumed, StreamStopped
        from sensors.readings import AccelerationBatch, HeartRateReading

        if isinstance(event, AccelerationBatch):
            return self._acceleration(event)
        if isinstance(event, HeartRateReading):
            # A reading without skin contact (0 bpm, or contact "not detected") is no heart
            # rate: it makes no device the source, as db.figures chooses it among the
            # readings that have one.
            if event.has_heart_rate and self._better_heart_source(event.device):
                replaced, self.heart_device = self.heart_device, event.device
                figures = self._figures.get(self._current) if self._current is not None else None
                if replaced is not None and figures is not None:  # the set's are the new one's
                    figures.bpm_sum, figures.bpm_count, figures.peak_bpm = 0.0, 0, None
            figures = self._figures.get(self._current) if self._current is not None else None
            # Recorded, but no heart rate (db.figures).
            if figures is not None and event.device == self.heart_device and event.has_heart_rate:
                figures.bpm_sum += event.heart_rate_bpm
                figures.bpm_count += 1
                figures.peak_bpm = max(figures.peak_bpm or 0, event.heart_rate_bpm)
            return Heard(heart_rate=event)
        if isinstance(event, StreamStopped) and event.stream == "acc":
            return self._motion_stopped(event.device, event.name, event.reason)
        if isinstance(event, StreamResumed) and event.stream == "acc":
            self.motion_off = None
            return Heard()
        if not isinstance(event, DeviceStateChanged) or event.state == "connected":
            return Heard()
        if event.device == self.heart_device:
            self.heart_device = None  # the next device heard carries the figures on
        if event.device == self.motion_device and self.streaming:
            self.streaming = False
            self._lost_sight()
            return Heard(motion_lost=self.motion_name or event.device)
        return Heard()

    def _motion_stopped(self, device: str, name: str | None, reason: str) -> Heard:
        """The accelerometer of a device that stays connected is off (refused, stopped by the
        strap, silent): holds and reps go back to the keys until its data flows again."""
        if self.motion_device not in (None, device):
            return Heard()
        self.motion_device = device
        self.motion_name = self.motion_name or name or self._names.get(device)
        self.motion_off = reason
        if not self.streaming:
            return Heard()
        self.streaming = False
        self._lost_sight()
        return Heard(motion_lost=self.motion_name or device, why=reason, told=True)

    def _acceleration(self, batch: AccelerationBatch) -> Heard:
        if self.motion_device is None:
            self.motion_device = batch.device
            self.motion_name = self._names.get(batch.device)
        if batch.device != self.motion_device or not batch.acc_mg:
            return Heard()
        stuck = self._stuck.update(batch.t_s, batch.acc_mg)
        if stuck is not None:
            # Not measuring: holds and reps go back to the keys until the axis moves again.
            if self.motion_off == stuck:
                return Heard()
            self.motion_off = stuck
            self.streaming = False
            self._lost_sight()
            # What it learned from the stuck samples (where the person rests) is unlearned:
            # once the axis moves again, the set is sensed afresh from there, as after a
            # reconnection.
            self._analyzer = None
            return Heard(motion_lost=self.motion_name or batch.device, why=stuck)
        # After a reconnection the device clock may map a first sample at or before the last
        # one seen: the detectors take time forward only. A sample at a range's end is left
        # out (``at_range_end``).
        last = self.last_sample_s
        keep = [
            i
            for i, t in enumerate(batch.t_s)
            if (last is None or t > last) and not at_range_end(batch.acc_mg[i])
        ]
        if not keep:
            return Heard()
        started = not self.streaming
        self.streaming = True
        self.motion_off = None
        analyzer = self._analyzer_now()
        times = [batch.t_s[i] for i in keep]
        acc = [[v / 1000.0 for v in batch.acc_mg[i]] for i in keep]
        motion: list[MotionEvent] = []
        if started and self._current is not None and not analyzer.in_set:
            # The set began while the sensor was away: it opens where its data starts, as
            # ``replay`` opens it, so the set is counted (and looked at whole as it ends) the
            # same live as from an export. Holds stay on the clock (``watches``).
            if self.last_sample_s is None:
                motion += analyzer.feed(times[:1], acc[:1])
                opened_at, times, acc = times[0], times[1:], acc[1:]
            else:
                opened_at = self.last_sample_s
            motion += analyzer.start_set(opened_at)
        opening = self._opening
        if opening is not None and times:
            k = bisect.bisect_right(times, opening)  # the samples up to the go
            if k < len(times):
                if k:
                    motion += analyzer.feed(times[:k], acc[:k])
                    self.last_sample_s = times[k - 1]
                self._opening = None
                if self._current is not None and self.last_sample_s is not None:
                    motion += analyzer.start_set(self.last_sample_s)
                times, acc = times[k:], acc[k:]
        if times:
            motion += analyzer.feed(times, acc)
        self._analyzer_fed = True
        self.last_sample_s = batch.t_s[keep[-1]]
        self._count(motion)
        return Heard(motion=tuple(motion), motion_started=started)

    def know_device(self, address: str, name: str | None, kind: str) -> None:
        """A device connected before the session, or as it connects: its name (the motion
        device's, now or once its first data comes) and its kind (which heart rate counts)."""
        self._kinds[address] = kind
        if not name:
            return
        self._names[address] = name
        if address == self.motion_device:
            self.motion_name = name

    def _better_heart_source(self, address: str) -> bool:
        from db.figures import HEART_RATE_SOURCES

        def rank(device: str) -> int:
            kind = self._kinds.get(device)
            return HEART_RATE_SOURCES.index(kind) if kind in HEART_RATE_SOURCES else 99

        current = self.heart_device
        return current is None or (address != current and rank(address) < rank(current))

    # --- the session's steps ------------------------------------------------------------------

    def step_started(
        self, index: int, step: PlannedStep, at_s: float | None = None
    ) -> tuple[MotionEvent, ...]:
        """A step began (at ``at_s``): a set opens in the detector (work) at its last sample
        before then, once heard, or the next exercise is due."""
        self._opening = None
        upcoming = step.exercise_id
        self._exercise = upcoming
        if step.kind != "work":
            self._current = None
            return ()
        self._current = index
        self._figures[index] = _SetFigures(
            sensor=self.motion_device if self.streaming else None,
            counts_reps=self.exercises[step.exercise_id].mode == "reps",
        )
        if not self.streaming or self.last_sample_s is None:
            return ()
        analyzer = self._analyzer_now()
        if self._analyzer_fed:
            self._watched = index
            self._figures[index].watched_whole = True
        if at_s is not None and self.last_sample_s < at_s:
            self._opening = at_s  # the samples up to the go are still on their way
            return ()
        motion = analyzer.start_set(self.last_sample_s)
        self._count(motion)
        return tuple(motion)

    def watches(self, index: int) -> bool:
        """Whether the detector saw set ``index`` begin, with the person in the start position,
        so it can tell when a hold is held. A set it joined late (the sensor connected, came
        back in a later set, or the person went back to an earlier exercise) is timed by the
        clock: the detector would take the position it first sees for the rest."""
        return self.streaming and self._watched == index

    def announce(self, exercise_id: str) -> None:
        """The exercise the person is getting ready for (a rest leads into it)."""
        self._exercise = exercise_id

    def step_ended(self, index: int, at_s: float) -> ClosingReps:
        """The set ``index`` is over (finished, skipped or left): close it in the detector.
        Returns the reps the detector counted only as it closed (it counts some late, see
        ``RepCounted``: the set's too) and those it took back."""
        figures = self._figures.get(index)
        if figures is not None:
            self._break_over(figures, at_s)
        if self._current == index and self._opening is not None:
            self._opening = None
            if self._analyzer is not None and self.last_sample_s is not None:
                self._analyzer.start_set(self.last_sample_s)
        if self._current == index:
            self._current = None
        if self._watched == index:
            self._watched = None
        if self._analyzer is None or self.last_sample_s is None:
            return ClosingReps()
        # Closed even when the sensor is away, so the next set never inherits this one.
        motion = self._analyzer.end_set(self.last_sample_s)
        if figures is not None and (self.streaming or figures.motion_seen):
            return self._count(motion, index)
        return ClosingReps()

    def hold_unsure_since(self) -> float | None:
        """While the detector times a hold: since when it has been unsure the person is still
        in it (a lapse it has yet to call a wobble or a break); None when it is sure, or no
        motion comes (``sensors.motion.holds.HoldDetector.unsure_since``)."""
        if not self.streaming or self._analyzer is None:
            return None
        return self._analyzer.holds.unsure_since

    def hold_changed(self, change: HoldClockStarted | HoldClockStopped | HoldCompleted) -> None:
        """The engine moved the hold's clock of a set (``HoldBreaks.follow``): stopped because
        the sensor saw the position left (a break), running again, or a hold done."""
        figures = self._figures.get(change.index)
        if figures is not None:
            figures.breaks.follow(change, self._pauses)

    def paused(self, at_s: float) -> None:
        """The session paused: a break stops counting (``broken_s`` is time in the step), and
        the detector knows its set's rhythm is broken."""
        self._pauses.append((at_s, None))
        if self._analyzer is not None:
            self._analyzer.paused(at_s)

    def resumed(self, at_s: float) -> None:
        if self._pauses and self._pauses[-1][1] is None:
            self._pauses[-1] = (self._pauses[-1][0], at_s)

    def _break_over(self, figures: _SetFigures, at_s: float) -> None:
        figures.breaks.over(at_s, self._pauses)

    def sensing(self, index: int) -> StepSensing | None:
        """What was sensed during set ``index``; None when no sensor took part."""
        figures = self._figures.get(index)
        if figures is None or (not figures.motion_seen and figures.bpm_count == 0):
            return None
        motion = figures.motion_seen
        watched = motion and figures.watched_whole
        return StepSensing(
            sensor=figures.sensor,
            reps_sensed=figures.reps_sensed if motion and figures.counts_reps else None,
            rep_times_s=tuple(round(t - self.origin_s, 3) for t in figures.rep_times_s),
            hold_breaks=figures.breaks.count if motion else None,
            broken_s=round(figures.breaks.broken_s, 2) if watched else None,
            form_warnings=figures.form_warnings if motion else None,
            max_rock_deg=figures.max_rock_deg,
            avg_bpm=round(figures.bpm_sum / figures.bpm_count, 1) if figures.bpm_count else None,
            peak_bpm=figures.peak_bpm,
        )

    # --- inside -----------------------------------------------------------------------------

    def _lost_sight(self) -> None:
        """The motion stopped in the set under way: its holds were not watched whole."""
        figures = self._figures.get(self._current) if self._current is not None else None
        if figures is not None:
            figures.watched_whole = False

    def _analyzer_now(self) -> MotionAnalyzer:
        """The detector for the exercise at hand; a new one when the exercise changes."""
        from sensors.motion import MotionAnalyzer, form_rule_for

        exercise = self._exercise
        if self._analyzer is None or exercise != self._analyzer_exercise:
            self._analyzer = MotionAnalyzer(
                "chest", form_rule=form_rule_for(exercise), frame_origin_s=self.origin_s
            )
            self._analyzer_exercise = exercise
            self._analyzer_fed = False
            self._watched = None
        return self._analyzer

    def _count(self, motion: list[MotionEvent], index: int | None = None) -> ClosingReps:
        """Credit the set the detector's events; returns when the reps were done that it
        credited the set and those it took back."""
        from sensors.motion import FormWarning, RepCounted, RepWithdrawn, SetEnded

        at = index if index is not None else self._current
        figures = self._figures.get(at) if at is not None else None
        if figures is None:
            return ClosingReps()
        figures.motion_seen = True
        figures.sensor = figures.sensor or self.motion_device
        credited: list[float] = []
        withdrawn: list[float] = []
        for event in motion:
            # While paused the session counts nothing (the screen neither counts nor warns),
            # but a rep done before the pause that the detector confirms in it (it counts
            # some late) is the set's: the figures say what the set was credited with.
            if isinstance(event, RepCounted) and figures.counts_reps and self._credits(event.t_s):
                figures.reps_sensed += 1
                figures.rep_times_s.append(event.t_s)
                credited.append(event.t_s)
            elif isinstance(event, RepWithdrawn) and event.t_s in figures.rep_times_s:
                figures.reps_sensed -= 1
                figures.rep_times_s.remove(event.t_s)
                if event.t_s in credited:
                    credited.remove(event.t_s)  # credited and taken back at once: never was
                else:
                    withdrawn.append(event.t_s)
            elif isinstance(event, FormWarning) and self._credits(event.t_s):
                figures.form_warnings += 1
            elif isinstance(event, SetEnded) and not math.isnan(event.worst_angle_deg):
                figures.max_rock_deg = round(event.worst_angle_deg, 1)
        return ClosingReps(tuple(credited), tuple(withdrawn))

    def _credits(self, t_s: float) -> bool:
        """Whether a rep or a form fault at ``t_s`` is the set's: not of a moment in a pause
        (the detector tells some late: ``sensors.pauses``)."""
        return not in_pause(self._pauses, t_s)
