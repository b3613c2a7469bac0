"""The session engine: walks a routine's planned steps against a clock it is given.

Pure and free of Textual: every method takes ``now`` (seconds on any monotonic clock) and
returns the facts that happened (``Change`` values, in ``changes.py``), so it is tested with
a fake clock and the screen and the database writer both follow the same facts.

Steps come from ``catalog.plan.expand``: ``ready`` (get into position), ``work`` (one set on
one side), ``switch`` (change sides) and ``rest``. Countdown steps end by themselves. A work
step ends by itself when its holds are held, its reps are counted or its time is up.

Holds: each hold runs ``hold_s`` seconds, then a short breath (``HOLD_RESET_S``) before the
next. A sensor can gate the hold (``hold_started``/``hold_broken``): the hold timer then
runs only while the position is really held. Without a sensor the hold counts as held. A
hold under way when its set is left (skipped, ended) is kept as held so far once held a part
of its target (``HOLD_KEPT_SHARE``); barely begun, it is no hold. A press of the rep key
just after the clock ended a hold is that hold's "done", pressed late (``LATE_PRESS_S``).

Reps: a sensor (gated) or a key counts them. Paced (``pace=True``), with no sensor counting,
the coach counts one rep per cycle of the exercise's tempo (lift, the dose's pause at the top,
lower, then ``REP_PAUSE_S``) and the set ends by itself at its target; a key still adds or
takes one off. A key and the coach or a sensor never count one rep twice: a press for a rep
a sensor counts later is that rep; a press just after the coach or a sensor counted one, or
after a countdown began the set, is the person's word for it (``CONFIRM_SHARE``). Those
windows, and what a press in them is, are ``press_windows``'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from catalog.models import Dose, Exercise
from catalog.plan import DEFAULT_REP_S, GET_READY_S, HOLD_RESET_S, REP_PAUSE_S, PlannedStep
from sensors.pauses import in_pause, running_s
from tui.live.changes import (
    Change,
    Counter,
    EnterAction,
    HoldClockStarted,
    HoldClockStopped,
    HoldCompleted,
    HoldState,
    PainReported,
    Paused,
    Phase,
    PressTaken,
    RedoLeft,
    RepConfirmed,
    RepCountChanged,
    RepsTakenBack,
    Resumed,
    SessionFinished,
    SessionStarted,
    SessionView,
    Status,
    StepFinished,
    StepResult,
    StepStarted,
    TempoCue,
    TimerChanged,
    WentBack,
)
from tui.live.press_windows import (
    CONFIRM_SHARE,
    DOUBLE_PRESS_S,
    LATE_PRESS_S,
    MovedOn,
    PressWindows,
    SensedReps,
    first_press_for,
)

__all__ = [
    "CONFIRM_SHARE",
    "DOUBLE_PRESS_S",
    "LATE_PRESS_S",
    "LateReps",
    "SensedReps",
    "SessionEngine",
]

ADJUST_STEP_S = 5
MIN_HOLD_S = 5
MAX_HOLD_S = 3600
HOLD_ENDED_BY_KEY_S = 1.0
"""A hold the rep key ends has been held this long at least: a press sooner (the person's
"go" just after n, or after the press that started it, began the hold) does not end it."""
HOLD_KEPT_SHARE = 0.1
"""A hold cut short (its set skipped or the session ended in it, or the set under way as
checkpointed) is one of the set's holds, with the seconds held, once held this share of its
target, and ``HOLD_ENDED_BY_KEY_S`` at least; held less it was barely begun (n or q just
after the go): no hold, as a rep under way when its set is skipped is no rep. Its seconds
stay in the set's time (``active_s``)."""
PAUSE_BLUR_S = 0.75
"""A sensor dates the moment a person left a hold from where its filters last saw them in
place, up to about half a second before they moved: left this little before a pause, they
left in it."""
BACK_LEAD_IN_S = float(GET_READY_S)
"""A set gone back to (b) is counted down from its lead-in (its get-ready, switch of sides
or rest), at most this long: the person gets into position before its clock runs."""


@dataclass(frozen=True, slots=True)
class LateReps:
    """What a sensor's last word on a closed set changed (``credit_late_reps``)."""

    result: StepResult | None
    """The set's result as it is now, None if its count is unchanged."""
    taken_back: int
    """How many reps the sensor took back from the set's count."""


@dataclass
class _Current:
    """Mutable state of the step in progress."""

    started_s: float
    target_s: float | None
    elapsed_s: float = 0.0
    reps: int = 0
    holds_s: list[float] = field(default_factory=list)
    hold_state: HoldState | None = None
    state_elapsed_s: float = 0.0
    spell_s: float = 0.0
    """Running seconds since ``hold_state`` last changed (how far a sensor's moment may
    reach back): from the moment the change is dated to, when a sensor's moment dated it."""
    since_rep_s: float = 0.0
    keyed_s: list[float] = field(default_factory=list)
    """When reps were counted by key in this set and no sensor rep has matched them yet."""
    sensed: SensedReps = field(default_factory=SensedReps)

    def enter(self, state: HoldState | None, ago_s: float = 0.0) -> None:
        """``ago_s``: the change is dated that many seconds of running clock before now."""
        self.hold_state = state
        self.spell_s = ago_s


class SessionEngine:
    def __init__(
        self,
        steps: Sequence[PlannedStep],
        exercises: Mapping[str, Exercise],
        *,
        pace: bool = False,
        start_index: int = 0,
        done: Sequence[StepResult] = (),
        targets: Mapping[int, float] | None = None,
        gated: bool = False,
    ) -> None:
        """``start_index`` and ``done``: a session taken up again after an interruption
        starts at that step, with the sets finished before it as they were; ``targets``:
        the hold or timer (+ and -) in force in each set it cut off, by step index, which
        that set starts at when it comes (once: b into it again starts at the plan, as any
        set begun again does). ``gated``: a sensor decides from the first step on
        (``set_gated``)."""
        if not steps:
            raise ValueError("a session needs at least one step")
        if not 0 <= start_index < len(steps):
            raise ValueError(f"no step {start_index} in a session of {len(steps)}")
        self.steps = list(steps)
        self.exercises = exercises
        self.pace = pace
        """Count reps at the exercise's tempo when no sensor counts them."""
        self.phase: Phase = "waiting"
        self.status: Status | None = None
        self.index = start_index
        self.results: dict[int, StepResult] = {result.index: result for result in done}
        self._kept_targets = dict(targets or {})
        self.gated = gated
        """True when a sensor decides whether a hold is held."""
        self._held = True
        self._pauses: list[tuple[float, float | None]] = []
        """When the session was paused and resumed (None: paused now)."""
        self._last_s: float | None = None
        self._presses = PressWindows()
        """The rep key's last press, and the window in which a press is the person's word for
        what the session just did by itself (``press_windows``)."""
        self._keyed_left: dict[int, list[float]] = {}
        """Presses of the rep key in each finished set that no sensor rep has matched: a rep
        the sensor confirms as the set closes may be one of them."""
        self._sensed: dict[int, SensedReps] = {}
        """The reps a sensor added to each finished set (it may take some back as it closes)."""
        self._current = self._fresh(start_index, 0.0)
        self._after_set: int | None = None
        """The set the step under way came straight after (a rest of 0 s between), as it
        ended: none for a step reached any other way (b, s, a session taken up again)."""
        self._estimates = [max(step.estimate_s, 0.0) for step in self.steps]
        self._total_estimate = sum(self._estimates) or 1.0

    # --- the clock -------------------------------------------------------------------

    def tick(self, now: float) -> list[Change]:
        """Let time pass up to ``now``; timers that run out move the session on."""
        changes: list[Change] = []
        if self._last_s is None or self.phase != "running":
            self._last_s = now
            return changes
        if now < self._last_s:  # a moment already passed (a sensor's): the clock stays
            return changes
        remaining = max(0.0, now - self._last_s)
        self._last_s = now
        # A long gap (a slow tick) can cross several steps; carry the leftover time on.
        while remaining > 0 and self.phase == "running":
            before = self._marker()
            used = self._advance(remaining, now - remaining, changes)
            remaining -= used
            if used <= 0 and self._marker() == before:
                break
        return changes

    def timer_due_s(self) -> float | None:
        """When the running step's timer runs out and the session moves on (a get-ready's go,
        a rest's end), if one is counting down; None otherwise (a set, a pause)."""
        cur = self._current
        if self.phase != "running" or self._last_s is None or self.step.kind == "work":
            return None
        if cur.target_s is None:
            return None
        return self._last_s + max(0.0, cur.target_s - cur.elapsed_s)

    def _marker(self) -> tuple[int, HoldState | None, int, int]:
        cur = self._current
        return (self.index, cur.hold_state, len(cur.holds_s), id(cur))

    def _advance(self, dt: float, at: float, changes: list[Change]) -> float:
        """Advance the current step by up to ``dt``; return the seconds actually used."""
        step, cur = self.steps[self.index], self._current
        if step.kind == "work" and self.mode == "hold":
            return self._advance_hold(dt, at, changes)
        if step.kind == "work" and self.mode == "reps":
            return self._advance_reps(dt, at, changes)
        assert cur.target_s is not None
        used = max(0.0, min(dt, cur.target_s - cur.elapsed_s))
        cur.elapsed_s += used
        if cur.elapsed_s >= cur.target_s - 1e-9:
            ended = self.index
            self._finish_step(at + used, changes, skipped=False)
            if self.phase != "running":
                return used
            if self.step.kind == "work" and self.mode == "reps":
                self._presses.set_began(self.index, at + used, self._confirm_s())
            elif self.step.kind in ("ready", "switch"):
                self._presses.countdown_ended(ended, at + used)
        return used

    def _advance_reps(self, dt: float, at: float, changes: list[Change]) -> float:
        cur = self._current
        if not self.paced:
            cur.elapsed_s += dt
            cur.since_rep_s += dt
            return dt
        lift_s, top_s, lower_s, pause_s = self._rep_phases()
        count_at = lift_s + top_s + lower_s
        # Up to the end of the lowering (a rep is counted there), then the pause after it.
        end = count_at if cur.since_rep_s < count_at else count_at + pause_s
        used = max(0.0, min(dt, end - cur.since_rep_s))
        cur.elapsed_s += used
        cur.since_rep_s += used
        if end == count_at and cur.since_rep_s >= count_at - 1e-9:
            cur.since_rep_s = count_at  # exactly: a rounding error must not count it twice
            self._add_rep(at + used, changes, "pacer")
        elif end != count_at and cur.since_rep_s >= end - 1e-9:
            cur.since_rep_s = 0.0  # the next rep begins
        return used

    @property
    def paced(self) -> bool:
        """Reps are counted by the coach's tempo: pacing is on and no sensor counts them."""
        return self.pace and not self.gated and self.phase == "running"

    def _rep_phases(self) -> tuple[float, float, float, float]:
        """Seconds to lift, to pause at the top, to lower and to rest before the next rep."""
        step = self.step
        tempo = self.exercises[step.exercise_id].tempo
        lift_s, lower_s = (tempo.lift_s, tempo.lower_s) if tempo else (DEFAULT_REP_S / 2,) * 2
        top_s = float(step.dose.hold_s or 0) if step.dose else 0.0
        return lift_s, top_s, lower_s, REP_PAUSE_S

    def _confirm_s(self) -> float:
        """How long after the session moved on by itself a press is taken as the person's
        word for it (``CONFIRM_SHARE`` of a rep of the set under way)."""
        lift_s, top_s, lower_s, _ = self._rep_phases()
        return CONFIRM_SHARE * (lift_s + top_s + lower_s)

    def _add_rep(
        self, now: float, changes: list[Change], by: Counter, done_s: float | None = None
    ) -> None:
        cur, step = self._current, self.step
        cur.reps += 1
        if by == "key":
            cur.keyed_s.append(now)
        elif by == "sensor":
            cur.sensed.done_s.append(now if done_s is None else done_s)
        if by != "pacer":
            cur.since_rep_s = 0.0  # the next rep begins now
        if by != "key":
            # From when the rep was done: the next cannot be done sooner after it.
            done = now if done_s is None or by != "sensor" else min(done_s, now)
            sensed = cur.sensed if by == "sensor" else None
            self._presses.rep_counted(self.index, cur.reps, by, done, self._confirm_s(), sensed)
        changes.append(RepCountChanged(now, self.index, cur.reps, by))
        target = step.dose.reps if step.dose is not None else None
        if cur.reps >= (target or 1):
            self._finish_step(now, changes, skipped=False)

    def _advance_hold(self, dt: float, at: float, changes: list[Change]) -> float:
        cur = self._current
        if cur.hold_state == "settling":
            cur.elapsed_s += dt
            cur.spell_s += dt
            return dt
        assert cur.target_s is not None
        limit = HOLD_RESET_S if cur.hold_state == "resetting" else cur.target_s
        used = max(0.0, min(dt, limit - cur.state_elapsed_s))
        cur.elapsed_s += used
        cur.state_elapsed_s += used
        cur.spell_s += used
        if cur.state_elapsed_s >= limit - 1e-9:
            if cur.hold_state == "resetting":
                self._begin_hold()
            else:
                index, held = self.index, len(cur.holds_s) + 1
                self._complete_hold(at + used, changes)
                self._presses.hold_ended(index, held, at + used)
        return used

    def _begin_hold(self) -> None:
        cur = self._current
        cur.enter("holding" if self._held else "settling")
        cur.state_elapsed_s = 0.0

    def _complete_hold(self, at: float, changes: list[Change]) -> None:
        step, cur = self.steps[self.index], self._current
        cur.holds_s.append(round(cur.state_elapsed_s, 3))
        changes.append(HoldCompleted(at, self.index, len(cur.holds_s), cur.holds_s[-1]))
        assert step.dose is not None
        if len(cur.holds_s) >= (step.dose.reps or 1):
            self._finish_step(at, changes, skipped=False)
        else:
            cur.enter("resetting")
            cur.state_elapsed_s = 0.0

    # --- keys and sensor events ------------------------------------------------------

    def toggle(self, now: float) -> list[Change]:
        """Space: start the session, or pause, or resume. A pause uses up none of the
        window a press is the person's word in (``PressWindows.paused``)."""
        if self.phase == "waiting":
            self._another_key()
        changes = self.tick(now)
        if self.phase == "waiting":
            self.phase = "running"
            self._last_s = now
            self._current.started_s = now  # keeps a +/- made before the start
            changes += [SessionStarted(now), StepStarted(now, self.index, self.step)]
        elif self.phase == "running":
            self.phase = "paused"
            self._presses.paused()
            self._pauses.append((now, None))
            changes.append(Paused(now))
        elif self.phase == "paused":
            self.phase = "running"
            self._last_s = now
            self._pauses[-1] = (self._pauses[-1][0], now)
            self._presses.resumed(now - self._pauses[-1][0])
            changes.append(Resumed(now))
        return changes

    def count_rep(
        self,
        now: float,
        by: Counter = "key",
        pressed_s: float | None = None,
        seen_s: float | None = None,
    ) -> list[Change]:
        """Enter or r: one rep done; in a hold, this hold is done (as held so far), or one
        still waiting on the sensor starts now; in a get-ready or side-switch countdown, the
        set starts now.

        ``pressed_s``: when the key was pressed, if known (a busy machine may handle two
        presses half a second apart together): a bounce is told by it, not by ``now``.
        ``seen_s``: when the screen it was pressed on was drawn (``shown``), if known: a press
        on a screen from before the clock moved the session on is the person's word for that
        change (``PressWindows.press``)."""
        changes = self.tick(now)
        if self.phase != "running":
            return changes
        if by != "key":
            self._count(now, by, changes)
            return changes
        pressed = now if pressed_s is None else min(pressed_s, now)
        before = self._current
        in_hold = self.step.kind == "work" and self.mode == "hold"
        press = self._presses.press(pressed, in_hold=in_hold, seen_s=seen_s)
        if press == "own":
            self._count(now, by, changes)
            self._presses.pressed(pressed, moved_on=self._current is not before)
        elif press != "again":
            changes += self._confirm(press, now)
        return changes

    def _confirm(self, moved: MovedOn, now: float) -> list[Change]:
        """A press just after the session moved on by itself (``CONFIRM_SHARE``): a rep the
        coach or a sensor counted is confirmed, the person's as much as the sensor's; a set
        a countdown began had begun (the press was its "go now"), nothing more."""
        taken = PressTaken(now, moved.index)
        if moved.by is None:
            return [taken]
        if moved.by == "pacer" and moved.index == self.index and self.paced:
            # The person finished the rep as they pressed, not at the coach's count: the
            # pause before the next rep starts from the press, so the coach's tempo does not
            # run ahead of someone a little slower than it, adding a rep every few.
            lift_s, top_s, lower_s, _ = self._rep_phases()
            self._current.since_rep_s = lift_s + top_s + lower_s
        return [RepConfirmed(now, moved.index, moved.rep, moved.by), taken]

    def _another_key(self) -> None:
        """A key other than the rep key: the next press of it is no bounce of the last one,
        nor the person's word for what the session did by itself before."""
        self._presses.forget()

    def _count(
        self, now: float, by: Counter, changes: list[Change], done_s: float | None = None
    ) -> None:
        if self.step.kind in ("ready", "switch") and by == "key":
            self._finish_step(now, changes, skipped=False)
            return
        if self.step.kind != "work":
            return
        cur = self._current
        if self.mode == "reps":
            self._add_rep(now, changes, by, done_s)
        elif self.mode == "hold":
            if cur.hold_state == "resetting":
                self._begin_hold()
                if by == "key" and not self._held:  # so it is settling: see _begin_hold
                    # A sensor has not seen the person back in position since a break: the
                    # press starts the hold all the same, as in a hold waiting on it.
                    cur.enter("holding")
                    changes.append(HoldClockStarted(now, self.index))
            elif cur.hold_state == "settling" and cur.state_elapsed_s == 0:
                # Waiting on a sensor that has not seen the hold: the person starts it by hand.
                cur.enter("holding")
                changes.append(HoldClockStarted(now, self.index))
            elif cur.state_elapsed_s >= HOLD_ENDED_BY_KEY_S or (
                by != "key" and cur.state_elapsed_s > 0
            ):
                self._complete_hold(now, changes)

    def uncount_rep(self, now: float) -> list[Change]:
        """X: one rep fewer (a sensor counted a fidget, or a key was pressed twice)."""
        self._another_key()
        changes = self.tick(now)
        cur = self._current
        if self.takes_a_rep_back:
            cur.reps -= 1
            if cur.keyed_s:  # that press is taken back: nothing for a sensor rep to match
                cur.keyed_s.pop()
            elif cur.sensed.undone < cur.sensed.own:
                cur.sensed.undone += 1  # a sensor's rep: it may take the same one back
            changes.append(RepCountChanged(now, self.index, cur.reps, "key"))
        return changes

    def rep_counted(self, now: float, done_s: float | None = None) -> list[Change]:
        """A rep counted by a sensor: the same as the key, in a set under way.

        ``done_s``: when the sensor saw the rep done. A sensor may count a rep late (the set's
        first, or a shallow one it only trusts once the next comes); a rep the person already
        counted by key after it was done, or just before (``press_windows.press_for``), is
        that rep, not one more."""
        if self.step.kind != "work":
            return self.tick(now)
        confirmed = self._pressed_for(done_s)
        if confirmed is not None:
            return self._press_was_for(confirmed, now, done_s)
        keyed = self._current.keyed_s
        matched = None if done_s is None else first_press_for(keyed, done_s)
        under_way = self.phase in ("running", "paused") and self.mode == "reps"
        if matched is not None and under_way:
            keyed.remove(matched)
            return self.tick(now)
        changes = self.tick(now)
        # Done before a pause and confirmed during it: the set's rep all the same. Done in a
        # pause and confirmed after it: none (paused, nothing counts).
        running = self.phase == "running" and (done_s is None or self.ran_at(done_s))
        if running or (under_way and self.ran_at(done_s)):
            self._count(now, "sensor", changes, done_s)
        return changes

    def _pressed_for(self, done_s: float | None) -> MovedOn | None:
        """The earlier sensor rep the last press confirmed, if a sensor's rep done at
        ``done_s`` in the set under way is the one that press was for
        (``PressWindows.pressed_for``)."""
        if self.phase != "running" or self.mode != "reps":
            return None
        return self._presses.pressed_for(self.index, self._current.sensed, done_s)

    def _press_was_for(self, confirmed: MovedOn, now: float, done_s: float | None) -> list[Change]:
        """The last press, taken as confirming an earlier sensor rep (a move into position,
        say), may have been for this one (or this one a fidget just after the rep it was
        for): it counts, and the two sensor reps are a pair, one of them the press's. The
        sensor taking either back lowers the count by one, and the press is the other's
        (``SensedReps.pairs``)."""
        changes = self.tick(now)
        if self.phase != "running" or confirmed.index != self.index:
            return changes
        cur = self._current
        self._add_rep(now, changes, "sensor", done_s)
        if confirmed.done_s is not None and done_s is not None:
            if done_s in cur.sensed.done_s:
                cur.sensed.done_s.remove(done_s)
            cur.sensed.pairs.append((confirmed.done_s, done_s))
        self._presses.press_made_for(done_s, confirmed.pressed_s)
        return changes

    def rep_withdrawn(self, now: float, done_s: float) -> list[Change]:
        """A sensor takes back a rep it counted in the set under way (done at ``done_s``: a
        shift before the move into position, told once a rep from the position counts): the
        count loses it when the sensor's rep raised it (see ``SensedReps.take_back``), and
        ``RepsTakenBack`` records why, as for reps taken back as a set closes."""
        changes = self.tick(now)
        under_way = self.phase in ("running", "paused") and self.mode == "reps"
        if self.step.kind != "work" or not under_way:
            return changes
        cur = self._current
        lost = cur.sensed.take_back([done_s])
        self._presses.rep_withdrawn(cur.sensed, done_s)
        if lost:
            cur.reps -= lost
            changes.append(RepCountChanged(now, self.index, cur.reps, "sensor"))
            changes.append(RepsTakenBack(now, self.index, lost))
        return changes

    def shown(self, now: float) -> None:
        """The screen showed the session as of ``now``: a window in which a press is the
        person's word for what the session did by itself runs from then, if the change was
        shown late (``PressWindows.shown``). Shown while paused, it was shown as late as the
        session ran before the pause (a window runs on only while the session runs)."""
        if self.phase == "running":
            self._presses.shown(now)
        elif self.phase == "paused" and self._pauses:
            self._presses.shown(min(now, self._pauses[-1][0]))

    def ran_at(self, t_s: float | None) -> bool:
        """Whether a sensor's moment ``t_s`` was one in which the session ran, not paused (see
        ``sensors.pauses``)."""
        return t_s is not None and not in_pause(self._pauses, t_s)

    def credit_late_reps(
        self, index: int, done_s: Sequence[float], withdrawn_s: Sequence[float] = ()
    ) -> LateReps:
        """Reps a sensor confirmed as set ``index`` closed (it counts some late: the set's
        first, a shallow one) are that set's, when done before it ended and not already
        counted by key (``press_windows.press_for``), up to its target; the sensor's reps it
        took back then (``withdrawn_s``: the set, looked at whole, held fewer) are not, when
        they were in its count."""
        result = self.results.get(index)
        if result is None or self.exercises[result.exercise_id].mode != "reps":
            return LateReps(None, 0)
        keyed = self._keyed_left.get(index, [])
        sensed = self._sensed.setdefault(index, SensedReps())
        target = result.planned.reps or 1
        reps = result.reps_done
        for done in sorted(done_s):
            if done > result.ended_s or reps >= target:
                continue
            matched = first_press_for(keyed, done)
            if matched is None:
                reps += 1
                sensed.done_s.append(done)
            else:
                keyed.remove(matched)
        taken_back = sensed.take_back(withdrawn_s)
        reps = max(0, reps - taken_back)
        if reps == result.reps_done:
            return LateReps(None, taken_back)
        result = replace(result, reps_done=reps, skipped=result.skipped and reps < target)
        self.results[index] = result
        return LateReps(result, taken_back)

    def hold_broken(self, now: float, since: float | None = None, reason: str = "") -> list[Change]:
        """The person left the position: the hold timer stops until they are back.

        ``since``: when a sensor saw them leave it (a detector reports a break once it is
        sure, a second or two later): the time held since then is taken back. ``reason``:
        what the sensor saw (``HoldBroken``'s or ``HoldEnded``'s reason). Left during a pause
        (seen leaving after it began, ``PAUSE_BLUR_S`` allowed), it is no break: the clock
        waits for the person to settle in again, as after a break, but nothing is held
        against the hold."""
        paused_at = self._pauses[-1][0] if self.phase == "paused" and self._pauses else None
        left_paused = paused_at is not None and (since is None or since >= paused_at - PAUSE_BLUR_S)
        return self._stop_hold(now, "paused" if left_paused else "left", since, reason)

    def _stop_hold(
        self,
        now: float,
        why: Literal["left", "paused", "sensor back"],
        since: float | None = None,
        reason: str = "",
    ) -> list[Change]:
        changes = self.tick(now)
        self._held = False
        cur = self._current
        if self.phase in ("running", "paused") and cur.hold_state == "holding":
            debit = self._reach_back(now, since)
            cur.state_elapsed_s -= debit
            cur.enter("settling", debit)
            changes.append(HoldClockStopped(self._moment(now, debit), self.index, why, reason))
        return changes

    def hold_started(self, now: float, since: float | None = None) -> list[Change]:
        """The person is in position and still: the hold timer runs.

        ``since``: when a sensor saw them settle (a detector says so once it is sure): the
        hold is timed from then, as far back as they were settling in this step."""
        changes = self.tick(now)
        self._held = True
        cur = self._current
        if cur.hold_state == "settling":
            credit = self._reach_back(now, since)
            held_s = cur.state_elapsed_s
            changes.append(HoldClockStarted(self._moment(now, credit), self.index))
            if credit > 0:
                assert cur.target_s is not None
                # Up to the hold's end, never below what was held (a hold shortened below it).
                credited = min(cur.target_s, cur.state_elapsed_s + credit)
                cur.state_elapsed_s = max(cur.state_elapsed_s, credited)
            # A break may take back only what this spell added (a capped credit added less).
            cur.enter("holding", cur.state_elapsed_s - held_s)
            done = cur.target_s is not None and cur.state_elapsed_s >= cur.target_s - 1e-9
            if credit > 0 and done and self.phase == "running":
                self._complete_hold(now, changes)
        return changes

    def _reach_back(self, now: float, since: float | None) -> float:
        """Seconds from a sensor's moment ``since`` to now, no further back than the current
        hold state has run (nor into a pause: the spell only grows while running)."""
        if since is None:
            return 0.0
        ran_s = running_s(since, now, self._pauses[-3:])  # a sensor's moment is seconds old
        return min(ran_s, self._current.spell_s)

    def _moment(self, now: float, running_s: float) -> float:
        """The moment ``running_s`` seconds of running clock before ``now``: a pause between
        is stepped over (a moment reached back to is never inside a pause)."""
        if running_s <= 0:
            return now
        t, left = now, running_s
        for start, end in reversed(self._pauses[-3:]):
            end_s = now if end is None else end
            if end_s < t:
                if left <= t - end_s:
                    break
                left -= t - end_s
            t = min(t, start)
        return t - left

    def set_gated(
        self, gated: bool, now: float, *, this_step: bool = True, since: float | None = None
    ) -> list[Change]:
        """A sensor now decides when a hold is held; without one, a hold counts as held.

        ``this_step=False``: the sensor gates from the next step on; the step under way goes
        on by the clock (the sensor joined it too late to know where it began). ``since``:
        the sensor last saw the hold held then (its data stopped): the time after is not
        counted."""
        self.gated = gated
        if gated and not this_step:
            return self.tick(now)
        return self._stop_hold(now, "sensor back", since) if gated else self.hold_started(now)

    def next(self, now: float) -> list[Change]:
        """N: on to the next step; an unfinished set is recorded as skipped."""
        self._another_key()
        changes = self.tick(now)
        if self.phase in ("running", "paused"):
            self._finish_step(now, changes, skipped=self.step.kind == "work")
        return changes

    def back(self, now: float) -> list[Change]:
        """B: back to the previous set (or side), to do it again, counted down from its
        lead-in (the step before it: its get-ready, switch of sides or rest), shortened to
        ``BACK_LEAD_IN_S``."""
        self._another_key()
        changes = self.tick(now)
        if self.phase not in ("running", "paused"):
            return changes
        target = next((i for i in range(self.index - 1, -1, -1) if self.steps[i].kind == "work"), 0)
        lead_in = target - 1 if target > 0 and self.steps[target].kind == "work" else target
        changes.append(WentBack(now, self.index, target))
        self._go_to(lead_in, now, changes)
        cur = self._current
        if lead_in != target and cur.target_s is not None:
            # A rest, whatever its length (none between sets, or 2 minutes), is the time to
            # get into position again; a get-ready or a switch of sides, at most as long.
            rest = self.steps[lead_in].kind == "rest"
            cur.target_s = BACK_LEAD_IN_S if rest else min(cur.target_s, BACK_LEAD_IN_S)
        return changes

    def adjust(self, delta_s: int, now: float) -> list[Change]:
        """+ or -: lengthen or shorten the set's holds (the one under way and those left: a
        set has one target) or the timer by ``delta_s``."""
        self._another_key()
        changes = self.tick(now)
        cur = self._current
        if self.phase == "finished" or cur.target_s is None:
            return changes
        floor = MIN_HOLD_S if self.step.kind == "work" else 1.0
        target = min(MAX_HOLD_S, max(floor, cur.target_s + delta_s))
        if target == cur.target_s:
            return changes
        cur.target_s = target
        hold = self.step.kind == "work" and self.mode == "hold"
        changes.append(TimerChanged(now, self.index, target, hold))
        if self.phase == "waiting":
            return changes
        if cur.hold_state == "holding" and cur.state_elapsed_s >= target:
            self._complete_hold(now, changes)
        elif cur.hold_state is None and cur.elapsed_s >= target:
            self._finish_step(now, changes, skipped=False)
        return changes

    def report_pain(self, level: int | None, now: float) -> list[Change]:
        """P: pain reported; the session pauses so the person can decide what to do."""
        if level is not None and not 0 <= level <= 10:
            raise ValueError(f"pain is reported from 0 to 10, not {level}")
        changes = self.pause(now)
        changes.append(PainReported(now, self.index, level))
        return changes

    def pause(self, now: float) -> list[Change]:
        if self.phase == "running":
            return self.toggle(now)
        return self.tick(now)

    def skip_exercise(self, now: float, *, for_pain: bool = False) -> list[Change]:
        """Skip the rest of the current exercise: its remaining sets are recorded as skipped.
        ``for_pain``: on the pain advice, so that if it was the last exercise the session
        ends early, for pain (else completed)."""
        self._another_key()
        changes = self.tick(now)
        if self.phase == "finished":
            return changes
        if self._between_exercises(self.index) and self.index + 1 < len(self.steps):
            self._go_to(self.index + 1, now, changes)
        exercise_id = self.step.exercise_id
        last = self.index
        while last + 1 < len(self.steps) and self._same_exercise(last + 1, exercise_id):
            last += 1
        for index in range(self.index, last + 1):
            step, earlier = self.steps[index], self.results.get(index)
            if step.kind != "work":
                continue
            if index == self.index and not self._earlier_stands(now):
                self._store(self._result(now, skipped=True))
            elif earlier is None:
                self.results[index] = self._untouched(index, now)
            else:
                if index == self.index:
                    changes.append(RedoLeft(now, index))
                continue  # done (or left) before: a skip does not undo it
            changes.append(StepFinished(now, self.results[index]))
        self._go_to(last + 1, now, changes, for_pain=for_pain)
        return changes

    def _same_exercise(self, index: int, exercise_id: str) -> bool:
        step = self.steps[index]
        return step.exercise_id == exercise_id and not self._between_exercises(index)

    def _between_exercises(self, index: int) -> bool:
        """A rest between two exercises (it belongs to the next one's lead-in)."""
        step = self.steps[index]
        return step.kind == "rest" and step.set_number == 0

    @property
    def exercise_now(self) -> str:
        """The exercise the person is on, or about to start during a rest between two."""
        if self._between_exercises(self.index) and self.index + 1 < len(self.steps):
            return self.steps[self.index + 1].exercise_id
        return self.step.exercise_id

    def end(
        self, now: float, status: Status = "ended-early", *, for_pain: bool = False
    ) -> list[Change]:
        """Q then y (``for_pain``: the choice to end after the pain advice): end here. Work
        in progress is kept, marked skipped."""
        changes = self.tick(now)
        if self.phase == "finished":
            return changes
        cur = self._current
        in_progress = cur.reps or cur.holds_s or cur.state_elapsed_s or cur.elapsed_s
        redo = self._earlier_stands(now)
        left = None
        if self.step.kind == "work" and self.phase != "waiting" and in_progress and not redo:
            self._store(self._result(now, skipped=True))
            changes.append(StepFinished(now, self.results[self.index]))
            left = self.index
        self.phase = "finished"
        self.status = status
        changes.append(SessionFinished(now, status, left, for_pain))
        return changes

    # --- moving between steps ------------------------------------------------------

    def _finish_step(self, now: float, changes: list[Change], *, skipped: bool) -> None:
        after = self._after_set if self._no_rest(self.index) else None
        if self.step.kind == "work" and skipped and self._earlier_stands(now):
            changes.append(RedoLeft(now, self.index))
        elif self.step.kind == "work":
            self._store(self._result(now, skipped=skipped))
            changes.append(StepFinished(now, self.results[self.index]))
            after = self.index
        self._go_to(self.index + 1, now, changes)
        self._after_set = after

    def _no_rest(self, index: int) -> bool:
        """A rest of 0 s (none between two sets): the step after it is straight after the set."""
        return self.steps[index].kind == "rest" and self._estimates[index] <= 0

    def _store(self, result: StepResult) -> None:
        """The set under way is over: its result, and its key presses no sensor matched."""
        self.results[result.index] = result
        self._keyed_left[result.index] = list(self._current.keyed_s)
        self._sensed[result.index] = self._current.sensed

    def _earlier_stands(self, now: float) -> bool:
        """This set was done earlier (the person came back to it), or left earlier having
        got further than now: a redo left unfinished does not undo what was done."""
        earlier = self.results.get(self.index)
        if earlier is None:
            return False
        if not earlier.skipped:
            return True
        redo = self._result(now, skipped=True)
        return (redo.reps_done, sum(redo.holds_s), redo.active_s) <= (
            earlier.reps_done,
            sum(earlier.holds_s),
            earlier.active_s,
        )

    def _go_to(
        self, index: int, now: float, changes: list[Change], *, for_pain: bool = False
    ) -> None:
        """To step ``index``; past the last, the session ends: completed, or "ended-early"
        when no set was done (every one skipped) or it ended on the pain advice
        (``for_pain``: the last exercise skipped on it)."""
        if index >= len(self.steps):
            done = any(not result.skipped for result in self.results.values())
            self.phase = "finished"
            self.status = "completed" if done and not for_pain else "ended-early"
            changes.append(SessionFinished(now, self.status, for_pain=for_pain))
            return
        self.index = index
        self._current = self._fresh(index, now)
        self._after_set = None
        if self.phase != "waiting":
            changes.append(StepStarted(now, index, self.steps[index]))

    def _fresh(self, index: int, now: float) -> _Current:
        step = self.steps[index]
        exercise = self.exercises[step.exercise_id]
        target = self._target(step, exercise)
        if step.kind == "work" and target is not None:
            target = self._kept_targets.pop(index, target)
        cur = _Current(started_s=now, target_s=target)
        if self.gated:
            # A sensor has not yet seen this step's position: the person settles in first.
            self._held = False
        if step.kind == "work" and exercise.mode == "hold":
            cur.enter("holding" if self._held else "settling")
        return cur

    @staticmethod
    def _target(step: PlannedStep, exercise: Exercise) -> float | None:
        if step.kind != "work":
            return step.estimate_s
        assert step.dose is not None
        if exercise.mode == "hold":
            return float(step.dose.hold_s or MIN_HOLD_S)
        if exercise.mode == "timed":
            return float(step.dose.duration_s or MIN_HOLD_S)
        return None

    def _result(self, now: float, *, skipped: bool, finished: bool = True) -> StepResult:
        step, cur = self.steps[self.index], self._current
        assert step.dose is not None
        holds = tuple(cur.holds_s)
        if (skipped or not finished) and self._hold_cut_short_counts():
            holds += (round(cur.state_elapsed_s, 3),)
        reps = cur.reps if self.mode == "reps" else len(holds)
        if self.mode == "timed":
            reps = 1 if finished and not skipped else 0
        return StepResult(
            index=self.index,
            exercise_id=step.exercise_id,
            set_number=step.set_number,
            side=step.side,
            planned=step.dose,
            reps_done=reps,
            holds_s=holds,
            active_s=round(cur.elapsed_s, 3),
            skipped=skipped,
            started_s=cur.started_s,
            ended_s=now,
            target_s=cur.target_s if self.mode in ("hold", "timed") else None,
        )

    def _hold_cut_short_counts(self) -> bool:
        """Whether the hold under way, were it cut short now, is one of the set's holds
        (``HOLD_KEPT_SHARE``)."""
        cur = self._current
        if cur.hold_state not in ("holding", "settling") or cur.target_s is None:
            return False
        least_s = max(HOLD_ENDED_BY_KEY_S, cur.target_s * HOLD_KEPT_SHARE)
        return cur.state_elapsed_s >= least_s - 1e-9

    def in_progress(self, now: float) -> StepResult | None:
        """How far the current set has got, if it is a set under way (as of the last call
        that took the time: it does not move the clock, so nothing that happens is missed)."""
        if self.phase not in ("running", "paused") or self.step.kind != "work":
            return None
        return self._result(now, skipped=False, finished=False)

    def _untouched(self, index: int, now: float) -> StepResult:
        step = self.steps[index]
        assert step.dose is not None
        return StepResult(
            index=index,
            exercise_id=step.exercise_id,
            set_number=step.set_number,
            side=step.side,
            planned=step.dose,
            reps_done=0,
            holds_s=(),
            active_s=0.0,
            skipped=True,
            started_s=now,
            ended_s=now,
        )

    # --- what the screen shows -----------------------------------------------------

    @property
    def step(self) -> PlannedStep:
        return self.steps[self.index]

    @property
    def mode(self) -> str:
        return self.exercises[self.step.exercise_id].mode

    @property
    def takes_a_rep_back(self) -> bool:
        """X (one rep fewer) does something: a set of reps runs, with a rep counted (a hold
        has none to take back)."""
        working = self.phase == "running" and self.step.kind == "work"
        return working and self.mode == "reps" and self._current.reps > 0

    def view(self, now: float) -> SessionView:
        """What to show, as of the last call that took the time (``tick`` or a key): a view
        never moves the clock itself, so no transition can happen unseen."""
        step, cur = self.step, self._current
        exercise = self.exercises[step.exercise_id]
        seconds_left: float | None = None
        if cur.hold_state == "resetting":
            seconds_left = HOLD_RESET_S - cur.state_elapsed_s
        elif cur.hold_state is not None and cur.target_s is not None:
            seconds_left = cur.target_s - cur.state_elapsed_s
        elif cur.target_s is not None:
            seconds_left = cur.target_s - cur.elapsed_s
        reps_target = step.dose.reps if step.dose is not None else None
        done_before = sum(self._estimates[: self.index])
        current = min(cur.elapsed_s, self._estimates[self.index])
        progress = 1.0 if self.phase == "finished" else (done_before + current)
        return SessionView(
            phase=self.phase,
            index=self.index,
            step_count=len(self.steps),
            step=step,
            next_step=self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None,
            elapsed_s=cur.elapsed_s,
            seconds_left=None if seconds_left is None else max(0.0, seconds_left),
            target_s=cur.target_s,
            reps_done=cur.reps if exercise.mode == "reps" else len(cur.holds_s),
            reps_target=reps_target if step.kind == "work" else None,
            hold_number=min(len(cur.holds_s) + 1, reps_target or 1),
            hold_state=cur.hold_state if step.kind == "work" else None,
            tempo=self._tempo(exercise, step) if self.phase == "running" else None,
            progress=1.0 if self.phase == "finished" else progress / self._total_estimate,
            enter_does=self._enter_does(now),
            last_set=self._set_before(),
        )

    def _set_before(self) -> StepResult | None:
        """The set the step under way came straight after (a rest of 0 s between), as it
        ended, if any of it was done; none before the session starts (a session taken up
        again waits on a step that came after no set of this sitting)."""
        last = None if self._after_set is None else self.results.get(self._after_set)
        if last is None or self.phase == "waiting":
            return None
        timed = self.exercises[last.exercise_id].mode == "timed"
        did = last.reps_done or last.holds_s or (timed and last.active_s > 0)
        return None if last.skipped and not did else last

    def _enter_does(self, now: float) -> EnterAction | None:
        """What ``count_rep`` by key would do now (it follows ``count_rep`` and ``_count``)."""
        if self.phase != "running":
            return None
        window = self._presses.window(now)
        if window is not None:
            return window.does  # the person's word for what the session just did
        kind, cur = self.step.kind, self._current
        if kind in ("ready", "switch"):
            return "go"
        if kind != "work":
            return None
        if self.mode == "reps":
            return "rep"
        if self.mode != "hold":
            return None
        if cur.hold_state == "resetting" or (
            cur.hold_state == "settling" and cur.state_elapsed_s == 0
        ):
            return "start-hold"
        return "hold-done"  # held so far, even when the sensor saw the hold broken

    def _tempo(self, exercise: Exercise, step: PlannedStep) -> TempoCue | None:
        """Where a rep at the tempo is: the coach's own when it paces, else a guide (for an
        exercise with a tempo in the catalog)."""
        if step.kind != "work" or exercise.mode != "reps":
            return None
        if exercise.tempo is None and not self.paced:
            return None
        lift_s, top_s, lower_s, pause_s = self._rep_phases()
        phases = [("lift", lift_s), ("hold", top_s), ("lower", lower_s)]
        if self.paced:
            phases.append(("pause", pause_s))
        t = self._current.since_rep_s % sum(length for _, length in phases)
        for label, length in phases:
            if t < length:
                return TempoCue(label, length - t)  # type: ignore[arg-type]
            t -= length
        return TempoCue(phases[-1][0], 0.0)  # type: ignore[arg-type]

    def result_list(self) -> list[StepResult]:
        return [self.results[i] for i in sorted(self.results)]

    def with_dose(self, index: int, dose: Dose) -> None:
        """Replace the dose of one planned work step (before it starts)."""
        self.steps[index] = replace(self.steps[index], dose=dose)
