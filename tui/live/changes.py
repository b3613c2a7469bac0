"""What the session engine reports (``Change`` values) and shows (``SessionView``), and the
result of a set: plain values, so the screen, the coach and the recorder follow the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from catalog.models import Dose
from catalog.plan import PlannedStep, Side

Phase = Literal["waiting", "running", "paused", "finished"]
Status = Literal["completed", "ended-early"]
HoldState = Literal["holding", "settling", "resetting"]
Counter = Literal["key", "sensor", "pacer"]
EnterAction = Literal["go", "rep", "confirm", "confirmed", "start-hold", "hold-done"]
"""What the rep key (enter, r) does at a moment: start the set now, count a rep, confirm the
rep just counted for the person (by the coach or a sensor), nothing (a press just now did:
it confirmed a rep, or was a late go or done), start a hold by hand, or end the hold under
way (or broken) as held so far."""


@dataclass(frozen=True, slots=True)
class StepResult:
    """One work step as it was done (or skipped), for the summary and the database."""

    index: int
    exercise_id: str
    set_number: int
    side: Side | None
    planned: Dose
    reps_done: int
    """Reps counted (reps mode) or holds done (hold mode: as many as ``holds_s``)."""
    holds_s: tuple[float, ...]
    """Seconds truly held in each hold (hold mode); a hold cut short when the set was left
    is one only once held a part of its target (``engine.HOLD_KEPT_SHARE``)."""
    active_s: float
    """Seconds spent in the step, pauses excluded."""
    skipped: bool
    started_s: float
    ended_s: float
    target_s: float | None = None
    """The hold (hold mode) or the timer (timed) in force when the set ended: the planned
    one unless + or - changed it. None for reps, which + and - leave as planned."""


# --- what happened: the engine returns these from every call -----------------------------


@dataclass(frozen=True, slots=True)
class SessionStarted:
    t_s: float


@dataclass(frozen=True, slots=True)
class StepStarted:
    t_s: float
    index: int
    step: PlannedStep


@dataclass(frozen=True, slots=True)
class StepFinished:
    t_s: float
    result: StepResult


@dataclass(frozen=True, slots=True)
class RepsTakenBack:
    """The motion detector took back ``how_many`` of the reps it had counted in set
    ``index``: as the set closed (looked at whole, the set held fewer; kept with the set,
    after it), or in the set under way (a shift before the move into position, once the
    first rep from the position counted). Recorded as the set's ``reps-taken-back`` event:
    why fewer reps are stored than were counted and called out."""

    t_s: float
    index: int
    how_many: int


@dataclass(frozen=True, slots=True)
class HoldCompleted:
    t_s: float
    index: int
    hold_number: int
    held_s: float


@dataclass(frozen=True, slots=True)
class RepCountChanged:
    t_s: float
    index: int
    reps_done: int
    by: Counter = "key"


@dataclass(frozen=True, slots=True)
class RepConfirmed:
    """A press of the rep key came just after rep ``rep`` of set ``index`` was counted by
    ``by`` (the coach at the tempo, or a sensor): sooner than another rep could be done
    (``engine.CONFIRM_SHARE``), so it confirmed that rep and added none. Recorded as the
    set's ``rep-confirmed`` event."""

    t_s: float
    index: int
    rep: int
    by: Counter


@dataclass(frozen=True, slots=True)
class PressTaken:
    """A press of the rep key was taken as the person's word for what the session just did
    by itself in set ``index`` (it confirmed a rep, or was a late go or done): it changed
    nothing else, so the coach acknowledges it (a tick) for someone on the mat."""

    t_s: float
    index: int


@dataclass(frozen=True, slots=True)
class Paused:
    t_s: float


@dataclass(frozen=True, slots=True)
class Resumed:
    t_s: float


@dataclass(frozen=True, slots=True)
class TimerChanged:
    """The hold, or the timer of a timed bout, a rest or a countdown, was lengthened or
    shortened (``hold``: it was a hold)."""

    t_s: float
    index: int
    target_s: float
    hold: bool


@dataclass(frozen=True, slots=True)
class HoldClockStopped:
    """The hold timer stopped at ``t_s`` (the moment a sensor named: it may be a second or two
    ago): the person left the position ("left"), or left it while the session was paused, a
    rest of their own and no break ("paused"), or a sensor that was away came back and must
    see them still before the timer runs on ("sensor back"). ``reason``: what the sensor saw
    when they left ("sagged", "moved", "rocking"; a hold the detector saw end: "released",
    "no data", ...), as the record keeps it."""

    t_s: float
    index: int
    why: Literal["left", "paused", "sensor back"] = "left"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class HoldClockStarted:
    """The hold timer runs from ``t_s`` (the moment a sensor named, or a key's)."""

    t_s: float
    index: int


@dataclass(frozen=True, slots=True)
class WentBack:
    t_s: float
    from_index: int
    to_index: int


@dataclass(frozen=True, slots=True)
class RedoLeft:
    """A set done before and begun again (a redo) was left unfinished (n or s): the result
    it had stands, and nothing of the redo is kept."""

    t_s: float
    index: int


@dataclass(frozen=True, slots=True)
class PainReported:
    t_s: float
    index: int
    level: int | None
    """0 to 10, or None when the person reported pain without rating it."""


@dataclass(frozen=True, slots=True)
class SessionFinished:
    t_s: float
    status: Status
    left_index: int | None = None
    """The set under way when the session was ended (q), kept as done so far."""
    for_pain: bool = False
    """Ended on the pain advice: the person chose to end it, or to skip the exercise it
    ended with."""


Change = (
    SessionStarted
    | StepStarted
    | StepFinished
    | RepsTakenBack
    | HoldCompleted
    | RepCountChanged
    | RepConfirmed
    | PressTaken
    | Paused
    | Resumed
    | TimerChanged
    | HoldClockStopped
    | HoldClockStarted
    | WentBack
    | RedoLeft
    | PainReported
    | SessionFinished
)


@dataclass(frozen=True, slots=True)
class TempoCue:
    """Where a rep at the exercise's tempo is now: lift, hold at the top, or lower."""

    label: Literal["lift", "hold", "lower", "pause"]
    seconds_left: float


@dataclass(frozen=True, slots=True)
class SessionView:
    """Everything the runner screen shows, computed for one moment."""

    phase: Phase
    index: int
    step_count: int
    step: PlannedStep
    next_step: PlannedStep | None
    elapsed_s: float
    """Seconds spent in the current step, pauses excluded."""
    seconds_left: float | None
    """Countdown of the current timer: get ready, switch, rest, a hold, a timed bout."""
    target_s: float | None
    """The length of that timer (of each hold, in a hold set)."""
    reps_done: int
    reps_target: int | None
    hold_number: int
    hold_state: HoldState | None
    tempo: TempoCue | None
    progress: float
    """0 to 1 through the routine, weighted by each step's expected time."""
    enter_does: EnterAction | None = None
    """What the rep key would do now (``count_rep``); None: nothing."""
    last_set: StepResult | None = None
    """The set that ended as the step under way began (by itself at its target, or left
    with n), as it stands: what the step after a set shows of it, so that its last rep,
    counted as it ended, is seen (None: the step did not follow a set, or the set was left
    before anything of it was done)."""
