"""All the motion detectors behind one streaming front: feed batches, get events.

The same object serves a live session (batches as notifications arrive, the runner marking
sets with :meth:`MotionAnalyzer.start_set` / :meth:`MotionAnalyzer.end_set`) and a recording
(one batch after another, sets found as runs of reps, or a hold with none, when ``auto_sets``
is on). Samples become frames at a steady rate first (``frames.py``); per frame every detector
does a fixed amount of work, so memory and time per sample are bounded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from sensors.motion.events import (
    DataGap,
    MotionEvent,
    RepCounted,
    RepWithdrawn,
    RestFound,
    SetEnded,
    Vec3,
)
from sensors.motion.form import FormMonitor, FormRule
from sensors.motion.form_start import THERE_DEG, Verdict
from sensors.motion.frames import DEFAULT_FRAME_HZ, FrameResampler, Frames
from sensors.motion.holds import DEFAULT_HOLD_RULES, REST, HoldDetector, HoldRules
from sensors.motion.orientation import (
    Calibration,
    GravityTracker,
    Placement,
    SteadyWatch,
    angle_deg,
)
from sensors.motion.posture import PostureTracker
from sensors.motion.reps import DEFAULT_REP_RULES, RepCounter, RepRules
from sensors.motion.stillness import (
    STILLNESS_LIMITS,
    RockWatch,
    StillnessDetector,
    StillnessLimits,
)

ARRIVED_S = 0.3
"""The light direction kept this long, a person is where they are going (the smoothed
signals of stillness take a second more to calm)."""
MOVED_JUST_BEFORE_S = 2.0
"""A set's go during a move begun this long before it at most: the move was into the set."""
RESTED_S = 10.0
"""Kept the last set's hold this long between two sets, the person rested there: longer than
a switch of sides (5 s) or a rest skipped at once, shorter than a rest (30 s unless a dose
says otherwise)."""
SET_GAP_S = 15.0
"""With ``auto_sets``: no rep for this long, and no swing for ``QUIET_S``, and the set is over."""
QUIET_S = 5.0


class MotionAnalyzer:
    """Streaming motion analysis of one sensor.

    ``calibration``: the gravity direction in a known position (see ``Calibration``). Without
    one, the first settled orientation is taken and named ``start_position``; it is also the
    first guess at the rest position that holds must leave, until the bout shows the rest was
    elsewhere (``RestFound``) or a set starts somewhere else.

    ``rest_hints``: what a first pass over the same recording found (its ``RestFound``
    events): where a rest was guessed at ``since_s``, the found one is taken at once.

    ``frame_origin_s``: where the frames' grid is anchored (``FrameResampler``): a session's
    start, so that its detectors frame the samples as a replay of it does.
    """

    def __init__(
        self,
        placement: Placement = "chest",
        *,
        form_rule: FormRule | None = None,
        calibration: Calibration | None = None,
        start_position: str = "start",
        auto_sets: bool = False,
        frame_hz: float = DEFAULT_FRAME_HZ,
        stillness: StillnessLimits | None = None,
        hold_rules: HoldRules = DEFAULT_HOLD_RULES,
        rep_rules: RepRules = DEFAULT_REP_RULES,
        rest_hints: Sequence[RestFound] = (),
        frame_origin_s: float | None = None,
    ) -> None:
        self.placement = placement
        self.auto_sets = auto_sets
        self.frames = FrameResampler(frame_hz, origin_s=frame_origin_s)
        self.tracker = GravityTracker(frame_hz)
        self.steady = SteadyWatch(frame_hz)
        self.stillness = StillnessDetector(stillness or STILLNESS_LIMITS[placement])
        rock = self.stillness.limits.rock
        self.rocking = RockWatch(rock) if rock is not None else None
        self.posture = PostureTracker(placement, calibration, start_position=start_position)
        self.holds = HoldDetector(
            hold_rules,
            calibration.gravity if calibration else None,
            history=self.steady,
            rocking=self.rocking,
        )
        # A recording's sets are found afterwards, and nobody waits for each rep: its reps are
        # judged with the whole set in view (see ``reps.py``).
        self.reps = RepCounter(frame_hz, rep_rules, hindsight=auto_sets)
        self._rest_hints = tuple(rest_hints)
        self.form = FormMonitor(form_rule) if form_rule is not None else None
        self._has_gyro = False
        self._t_s: float | None = None
        self._last_still: Vec3 | None = None
        self._set_open = False
        self._set_number = 0
        self._set_start_s = 0.0
        self._set_reps = 0
        self._last_rep_s = 0.0
        self._held_at_end: tuple[Vec3, float] | None = None
        """Where the last set's hold was (and its sag limit) as the set ended, if one was under
        way."""
        self._ended_s = -math.inf
        self._left_held = False
        """Whether the person has left that position since the set ended."""

    @property
    def in_set(self) -> bool:
        return self._set_open

    # --- feeding -------------------------------------------------------------------------------

    def feed(
        self,
        t_s: npt.ArrayLike,
        acc_g: npt.ArrayLike,
        gyro_dps: npt.ArrayLike | None = None,
    ) -> list[MotionEvent]:
        """A batch of samples: times (s, ascending), acceleration (g, n x 3), gyro (deg/s).

        Raises ``ValueError`` for times that go backwards or mismatched lengths."""
        return self._run(self.frames.push(t_s, acc_g, gyro_dps))

    def finish(self) -> list[MotionEvent]:
        """The end of the data: close what is open."""
        out = self._run(self.frames.flush())
        if self._t_s is not None:
            self._close_all(self._t_s, "recording ended", out)
        return out

    def start_set(self, t_s: float) -> list[MotionEvent]:
        """The runner starts a set: the person is in the start (rest) position now. Rep numbers
        start again at 1, holds must leave this position (unless the set's cycles show it was
        the hold, see ``rest.py``), and form is judged from it."""
        out: list[MotionEvent] = []
        if self._set_open:
            self._end_set(t_s, out)
        held = self._held_at_end  # the last set's own hold, not one begun since
        self.holds.stop(t_s, "set started", out)
        self.holds.new_set(t_s)
        self._held_at_end = None
        # Between two sets with no rest (a switch of sides, a rest skipped) the person may still
        # be in the last set's hold (within its own sag limit), or back in it early after
        # resting elsewhere: that is not where they rest, so the rest stays where it was.
        # Someone who stayed there through a rest rested there (the last set's "hold" was where
        # they rest, its rest a wrong guess).
        rested_there = t_s - self._ended_s >= RESTED_S and not self._left_held
        still_holding = (
            held is not None
            and not rested_there
            and self.holds.rest is not None
            and angle_deg(held[0], self.tracker.down) <= held[1]
        )
        moving_from = self._moving_from(t_s)
        if self.tracker.started and not still_holding:
            self._guess_rest(t_s, moving_from or self.tracker.down)
        self.reps.reset()
        self.reps.go(t_s)
        self.reps.forget_axis()
        if moving_from is not None:
            self.reps.go_found_moving()
        reference = self.tracker.down
        if moving_from is None and angle_deg(reference, self.tracker.fast) > THERE_DEG:
            # Arrived a moment ago: the smooth direction still trails the move in (10° 0.5 s
            # after a roll), so form is judged from where the light one has kept.
            reference = self.tracker.fast
        self._open_set(t_s, reference if self.tracker.started else None, moving_from)
        return out

    def paused(self, t_s: float) -> None:
        """The runner paused the session at ``t_s`` (a set under way goes on after it, the
        person having rested): its reps are not checked for coming back twice."""
        self.reps.paused(t_s)

    def end_set(self, t_s: float) -> list[MotionEvent]:
        """The runner ends a set (the step is over): any hold ends, and the set is summed up."""
        out: list[MotionEvent] = []
        if self._set_open:  # not a rest step left with b: the set before it ended earlier
            self._held_at_end = self.holds.position
            self._ended_s = t_s
            self._left_held = False
        self.holds.stop(t_s, "step ended", out)
        if self._set_open:
            self._end_set(t_s, out)
        return out

    # --- per frame -----------------------------------------------------------------------------

    def _run(self, frames: Frames) -> list[MotionEvent]:
        out: list[MotionEvent] = []
        if len(frames) == 0:
            return out
        times = frames.t_s.tolist()
        acc = frames.acc_g.tolist()
        gaps = frames.gap_before.tolist()
        gyro: list[float] | None = None
        if frames.gyro_dps is not None:
            self._has_gyro = True
            gyro = np.sqrt(np.sum(frames.gyro_dps**2, axis=1)).tolist()
        tracker, steady, stillness = self.tracker, self.steady, self.stillness
        rocking = self.rocking
        posture, holds, reps, form = self.posture, self.holds, self.reps, self.form
        has_gyro = self._has_gyro
        last_t = self._t_s
        # Between sets: whether the person leaves the position the last set was held in.
        held = None if self._set_open or self._left_held else self._held_at_end
        for i, t in enumerate(times):
            if gaps[i] and last_t is not None:
                self._gap(last_t, t, out)
            last_t = t
            ax, ay, az = acc[i]
            tracker.update(ax, ay, az, gyro[i] if gyro is not None else None)
            stillness.update(t, tracker, has_gyro, out)
            still = stillness.still
            down = tracker.down
            steady.update(t, down, tracker.fast)
            if held is not None and angle_deg(held[0], down) > held[1]:
                self._left_held = True
                held = None
            if rocking is not None:
                rocking.update(t, tracker.fast)
            settled_s = steady.settled_since() if still else t
            if still:
                self._last_still = down
                posture.update(t, down, True, settled_s, out)
                if holds.rest is None and posture.calibration is not None:
                    self._guess_rest(t, posture.calibration.gravity)
            before = len(out)
            reps.update(t, tracker.fast, tracker.turn_dps, out, acc[i])
            for event in out[before:]:
                if isinstance(event, RepCounted):
                    self._counted(event)
                elif isinstance(event, RepWithdrawn):
                    self._set_reps -= 1  # a shift called out before a move into position
            if (
                form is not None
                and reps.early_axis is not None
                and form.axis is not reps.early_axis
            ):
                form.axis = reps.early_axis
            if self.auto_sets:
                self._auto_set(t, out)
            # Within a hold, a frame counts as still as soon as it is calm: a wobble is judged
            # by how long it lasts, not by how long stillness takes to be confirmed again.
            holds.update(t, down, still or stillness.calm_now, settled_s, out)
            if form is not None and self._set_open:
                axis = reps.axis if reps.axis_ready else None
                if form.waiting:
                    settled = steady.kept_for(ARRIVED_S)
                    if form.wait(t, down, tracker.fast, axis, settled, out) is Verdict.START_HERE:
                        reps.take_early_axis_again()
                else:
                    form.update(t, down, axis, out)
        self._t_s = times[-1]
        return out

    def _counted(self, rep: RepCounted) -> None:
        if not self._set_open and self.auto_sets:
            self._open_set(rep.start_s, self._last_still)
        self._set_reps += 1
        self._last_rep_s = rep.t_s
        self._set_start_s = min(self._set_start_s, rep.start_s)

    def _auto_set(self, t_s: float, out: list[MotionEvent]) -> None:
        if not self._set_open:
            if self.reps.moving:
                self._open_set(t_s, self._last_still or self.tracker.down)
            return
        since_rep = t_s - max(self._last_rep_s, self._set_start_s, self.reps.last_candidate_s)
        if since_rep < SET_GAP_S or t_s - self.reps.last_turn_s < QUIET_S:
            return
        if self.holds.active and self.reps.last_candidate_s < self._set_start_s:
            return  # nothing like a rep, and in a hold since the move into it: not a rest
        self._settle_reps(out)
        # A hold that began after the last rep was the rest after the set, not a hold.
        self.holds.stop(t_s, REST, out, only_if_after=self._last_rep_s)
        self._guess_rest(t_s, self.tracker.down)
        self._end_set(t_s, out, at_last_rep=True)
        self.reps.reset()

    def _moving_from(self, t_s: float) -> Vec3 | None:
        """Where the person was settled until the move they are in at a set's go began, if
        they are in one: someone who starts on "one" of the countdown is not resting where the
        go finds them, part of the way up, nor is someone still getting into position."""
        left = self.steady.left
        moving = not self.steady.kept_for(ARRIVED_S)
        if moving and left is not None and t_s - left[1] <= MOVED_JUST_BEFORE_S:
            return left[0]
        return None

    def _guess_rest(self, t_s: float, down: Vec3) -> None:
        """The person is taken to be at rest now; a first pass may already know better."""
        half_frame_s = 0.5 / self.frames.frame_hz
        for hint in self._rest_hints:
            if abs(hint.since_s - t_s) < half_frame_s:
                down = hint.gravity_g
                break
        self.holds.set_rest(t_s, down)

    def _open_set(
        self, t_s: float, reference: Vec3 | None, moving_from: Vec3 | None = None
    ) -> None:
        self._set_open = True
        self._set_start_s = t_s
        self._set_reps = 0
        self.reps.count = 0
        if self.form is not None and reference is not None:
            self.form.start_set(self._set_number + 1, reference, t_s=t_s, moving_from=moving_from)

    def _end_set(self, t_s: float, out: list[MotionEvent], *, at_last_rep: bool = False) -> None:
        """``at_last_rep``: a set found in a recording ends at its last rep, if it has one."""
        self._settle_reps(out)
        if at_last_rep and self._set_reps:
            t_s = self._last_rep_s
        self._set_open = False
        warnings = self.form.warnings if self.form is not None else 0
        worst = self.form.worst_deg if self.form is not None else math.nan
        if self.form is not None:
            self.form.end_set()
        if self._set_reps or not self.auto_sets:
            self._set_number += 1
            out.append(
                SetEnded(t_s, self._set_number, self._set_start_s, self._set_reps, warnings, worst)
            )

    def _settle_reps(self, out: list[MotionEvent]) -> None:
        """The set's reps still to be decided are decided now, and a set counted rep by rep
        may take some back (see ``RepCounter.end_set``)."""
        before = len(out)
        self.reps.end_set(out)
        for event in out[before:]:
            if isinstance(event, RepCounted):
                self._counted(event)
            elif isinstance(event, RepWithdrawn):
                self._set_reps -= 1

    def _gap(self, last_s: float, t_s: float, out: list[MotionEvent]) -> None:
        if not self._set_open:
            self._left_held = True  # unseen: they may have rested elsewhere in it
        self._close_all(last_s, "no data", out)
        out.append(DataGap(t_s, last_s))
        self.tracker.reset()
        self.steady.reset()
        if self.rocking is not None:
            self.rocking.reset()
        self.posture.reset()

    def _close_all(self, t_s: float, reason: str, out: list[MotionEvent]) -> None:
        self.stillness.end(t_s, out)
        self.holds.stop(t_s, reason, out)
        if reason == "no data":
            # A gap in the data (a dropped link) is not the end of a set, nor of a rep: the rep
            # counter follows the movement on from where it was, so a rep that went out before
            # the gap and is back after it was done in the gap and counts. A found set ends as
            # one always does, when the reps stop. Outside a set (the runner ended it in the
            # gap, and the next began with the sensor away) the movement is followed afresh:
            # a rep that went out in one set does not come back in another.
            if not self._set_open:
                self.reps.restart()
            return
        if self._set_open:
            self._end_set(t_s, out, at_last_rep=True)
        self.reps.reset()
