"""Everything a session screen shows at one moment, as plain values and words.

Built by the live session from the engine's view, what the wearables sensed and what the
sensor board knows of each device; the runner screen (and the mat view) only lay it out and
colour it by ``state``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from catalog.describe import amount_text, set_text
from catalog.models import Dose, Exercise
from catalog.plan import PlannedStep
from tui.live.changes import EnterAction, SessionView, StepResult, TempoCue
from tui.words import count_text, countdown_text, seconds_text

if TYPE_CHECKING:
    from tui.sensor_board import DeviceView

State = Literal[
    "asking", "waiting", "ready", "work", "settle", "hold", "rest", "switch", "paused", "over"
]
"""What the person is doing, for the colour of the big clock and the mat view's corner word:
"settle" is a hold whose clock waits for the person to be in position and still."""
STATES: tuple[State, ...] = get_args(State)

Doing = Literal[
    "asking", "waiting", "paused", "over",
    "ready", "work", "settle", "hold", "breathe", "rest", "switch", "left", "rocking",
]  # fmt: skip
"""What the person is asked to do now: the session's phase (before it, paused, after), or in
a running step what the step asks: "breathe" between two holds, "left" and "rocking" a hold
broken by leaving the position or by rocking in it, waiting for the person."""


@dataclass(frozen=True, slots=True)
class Words:
    """One thing to do, said twice: in a word or two beside the exercise (the mat view's
    corner: from the floor the easiest thing to read) and under the clock."""

    word: str
    under: str = ""
    """"": before the start the step's own words show under the clock."""


DOING_WORDS: dict[Doing, Words] = {
    "asking": Words("PAIN CHECK"),
    "waiting": Words("PRESS SPACE"),
    "paused": Words("PAUSED", "paused"),
    "over": Words("DONE", "the session is over"),
    "ready": Words("GET READY", "get into the start position"),
    "work": Words("GO", "keep going"),
    "settle": Words("SETTLE IN", "settle in: get into position and keep still"),
    "hold": Words("HOLD", "holding"),
    "breathe": Words("REST", "breathe, next hold soon"),
    "rest": Words("REST", "rest"),
    "switch": Words("SWITCH SIDES", "switch"),
    "left": Words("BACK INTO POSITION", "hold broken: back into position"),
    "rocking": Words("KEEP STILL", "hold broken: keep your trunk still"),
}
"""The one source of both: the corner word and the words under the clock cannot drift apart
(the corner once said "GO" under "hold broken: back into position")."""
STATE_OF: dict[Doing, State] = {
    **{state: state for state in STATES},
    "breathe": "rest",
    "left": "settle",
    "rocking": "settle",
}
"""The state (the colour) of each: a breath between holds is a rest's, a broken hold waits as
settling in does."""


@dataclass(frozen=True, slots=True)
class Now:
    """What the person is asked to do at one moment, and what the step asks of them."""

    doing: Doing
    """The phase's, or (running) the step's: the corner word and the colour."""
    step: Doing
    """The step's own (even before the start, or paused): the words under the clock."""

    @property
    def state(self) -> State:
        return STATE_OF[self.doing]

    @property
    def word(self) -> str:
        """The corner word."""
        return DOING_WORDS[self.doing].word

    @property
    def under(self) -> str:
        """What to do, under the clock: the step's words, "paused" in a set paused."""
        return DOING_WORDS[self.step].under


HOLD_BROKEN = "hold broken"
"""Why a hold's clock waits for the person (the sensors panel's motion, the alert's why)."""
CUE_EVERY_S = 8.0
NO_SENSOR = "No sensor: keys count reps; the clock times holds."
NO_SENSOR_PACED = "No sensor: the coach counts reps at the tempo; the clock times holds."
"""What the sensors panel says with none: who counts reps (``pace``: the coach)."""


@dataclass(frozen=True, slots=True)
class DeviceLine:
    title: str
    state: str
    """connected, connecting, reconnecting, ..."""
    heart_rate_bpm: int | None
    zone: int | None
    no_contact: bool = False
    """Its contact bits say it is off the skin: the rate it repeats is no heart rate."""


@dataclass(frozen=True, slots=True)
class SensorPanel:
    devices: tuple[DeviceLine, ...] = ()
    placeholder: str | None = NO_SENSOR
    """Shown instead of devices: none, or the link still opening."""
    motion: str | None = None
    """What the motion sensor is doing, in words."""
    warning: str | None = None
    """The last form warning, while it is fresh."""


@dataclass(frozen=True, slots=True)
class SensorsNow:
    """What the app's sensor link knows at this moment (the screen passes it in)."""

    devices: Sequence[DeviceView]
    connecting: bool


STOPPED: frozenset[State] = frozenset({"asking", "waiting", "paused", "settle"})
"""The states in which the big figure stands still for the person (before the start, paused,
a hold waiting for them to settle in or to come back into position): the mat view draws it
greyed (shaded blocks, which read as such in a monochrome terminal too)."""


@dataclass(frozen=True, slots=True)
class Alert:
    """What the person must put right now, for a screen to show large (the mat view's bar,
    the full view's frame round the figure): what to do, in the coach's words, and why."""

    do: str
    """The coach's words: "Keep your hips square.", "Back into position."."""
    why: str
    """What was sensed: "trunk twisting past 12°", "hold broken"."""


DONE_SHOWN_S = 6.0
"""The step after a set shows what the set did for this long (its running seconds): a set
of reps ends as its last rep is counted, so without it the last count is never seen."""


@dataclass(frozen=True, slots=True)
class SetDone:
    """What the set just ended did, shown by the step after it (``DONE_SHOWN_S``)."""

    verb: str
    """ "Done:", "Held", "Left:" (the mat view's capitals are its alone)."""
    amount: str
    """ "5 of 5 reps", "3 of 3", "30 s": as written, in any view."""
    which: str
    """The set: "Bird dog, left side", "Glute bridge, set 1 of 2"."""
    whole: bool
    """It did all it asked (else it was left, or ended short of it)."""

    @property
    def words(self) -> str:
        """ "Done: 5 of 5 reps", "Held 3 of 3", "Left: 3 of 5 reps"."""
        return f"{self.verb} {self.amount}"


def set_done_of(result: StepResult, exercise: Exercise) -> SetDone:
    """What ``result`` did, against what its set asked."""
    planned, mode = result.planned, exercise.mode
    asked = planned.reps or 1
    if mode == "hold":
        amount, whole = f"{len(result.holds_s)} of {asked}", len(result.holds_s) >= asked
    elif mode == "timed":
        amount, whole = seconds_text(round(result.active_s)), not result.skipped
    else:
        amount = f"{result.reps_done} of {count_text(planned.reps or 0, 'rep')}"
        whole = result.reps_done >= (planned.reps or 0)
    if mode == "hold" and result.skipped:
        amount = f"held {amount}"
    verb = "Left:" if result.skipped else "Held" if mode == "hold" else "Done:"
    parts = [f"set {result.set_number} of {planned.sets}"] if planned.sets > 1 else []
    if result.side:
        parts.append(f"{result.side} side")
    which = ", ".join([exercise.name, *parts])
    return SetDone(verb, amount, which, whole and not result.skipped)


@dataclass(frozen=True, slots=True)
class LiveView:
    state: State
    index: int
    step: PlannedStep
    exercise: Exercise
    """The current step's exercise."""
    heading: str
    """Get ready, Rest, Switch sides, or the exercise's name."""
    subheading: str
    """The exercise being got ready for, the set and side, or what the switch leads to."""
    big: str
    """The clock (m:ss or seconds) or the rep count."""
    label: str
    """Under or beside the big figure: what it counts and what to do."""
    tempo: TempoCue | None
    cue: str | None
    caution: str | None
    steps: tuple[str, ...]
    next_up: str | None
    """During a rest: the exercise it leads to."""
    next_text: str
    status: str
    side: str | None
    progress: float
    position: str
    sensors: SensorPanel
    word: str
    """The state in a word or two (``Now.word``): what the mat view's corner says."""
    enter_does: EnterAction | None = None
    """What the rep key (enter, r) does now; None: nothing."""
    goes_on: bool = False
    """Whether n (next) and b (back) do something now: the session is under way."""
    alert: Alert | None = None
    """A form warning while it is fresh, or a hold broken while its clock waits."""
    big_word: str = ""
    """A word for block letters beside the figure: the tempo's (LIFT, HOLD, LOWER) or, paused,
    the corner word ("PAUSED"); "": none."""
    done: SetDone | None = None
    """In the first seconds of the step after a set, what that set did (``DONE_SHOWN_S``)."""

    @property
    def stopped(self) -> bool:
        """The big figure stands still for the person (``STOPPED``)."""
        return self.state in STOPPED


def now_of(
    view: SessionView, mode: str, ready: bool, *, hold_broken: bool = False, rocking: bool = False
) -> Now:
    """What the person is asked to do (``ready``: the pain check is answered; ``hold_broken``:
    the hold's clock waits for them, ``rocking``: broken by rocking in position)."""
    step = step_doing(view, mode, hold_broken=hold_broken, rocking=rocking)
    if not ready:
        return Now("asking", step)
    if view.phase == "waiting":
        return Now("waiting", step)
    if view.phase == "paused":
        return Now("paused", "paused" if view.step.kind == "work" else step)
    if view.phase == "finished":
        return Now("over", "over")
    return Now(step, step)


def step_doing(view: SessionView, mode: str, *, hold_broken: bool, rocking: bool) -> Doing:
    """What the step at hand asks of the person, running."""
    kind = view.step.kind
    if kind != "work":
        return kind
    if mode != "hold":
        return "work"
    if view.hold_state == "resetting":
        return "breathe"  # the breath between two holds
    if view.hold_state == "settling":  # the clock waits: nothing to go on with yet
        return ("rocking" if rocking else "left") if hold_broken else "settle"
    return "hold"


def heading_of(step: PlannedStep, name: str) -> tuple[str, str]:
    if step.kind == "ready":
        return "Get ready", name
    if step.kind == "rest":
        return "Rest", ""
    if step.kind == "switch":
        return "Switch sides", f"{name}, right side next"
    assert step.dose is not None
    parts = [f"set {step.set_number} of {step.dose.sets}"] if step.dose.sets > 1 else []
    if step.side:
        parts.append(f"{step.side} side")
    return name, " · ".join(parts)


def big_of(
    view: SessionView, mode: str, now: Now, *, sensor_counts: bool, coach_counts: bool
) -> tuple[str, str]:
    """The clock or the count, and under it what it counts and what to do (``now``): paused
    in a set, "paused", as nothing is held, counted or timed."""
    step = view.step
    if step.kind == "work" and mode == "reps":
        counter = "the sensor" if sensor_counts else "the coach" if coach_counts else None
        how = f"{counter} counts; x takes one off" if counter else "enter or r counts one"
        how = now.under if now.step == "paused" else how
        return str(view.reps_done), f"of {count_text(view.reps_target or 0, 'rep')}\n{how}"
    seconds = countdown_text(view.seconds_left or 0.0)
    if step.kind == "work" and mode == "hold":
        holds = view.reps_target or 1  # a dose that gives only the hold's length: one hold
        return seconds, f"hold {view.hold_number} of {holds}\n{now.under}"
    return seconds, now.under


def how_of(
    view: SessionView, exercises: Mapping[str, Exercise]
) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
    """What comes next during a rest, the cue of the moment, the first caution and the
    steps, of the exercise at hand."""
    exercise = exercises[view.step.exercise_id]
    next_up = None
    if view.step.kind == "rest" and view.next_step is not None:
        exercise = exercises[view.next_step.exercise_id]
        next_up = exercise.name
    cue = None
    if exercise.cues:
        cue = exercise.cues[int(view.elapsed_s // CUE_EVERY_S) % len(exercise.cues)]
    caution = next((c for c in exercise.cautions if "pain increases" not in c.lower()), None)
    return next_up, cue, caution, tuple(exercise.steps)


def _against_shown(exercise: Exercise, dose: Dose, shown: Dose) -> str:
    """A set's dose with the dose shown after it, each with the pause at the top: "2 × 10 s
    hold, not 2 × 15 s hold", "10 reps, 5 s at the top, not 10 reps, 6 s at the top"; its
    sets where they differ: "10 reps (1 set, not 2)", "8 reps (1 set), not 10 reps (2
    sets)"."""
    now, was = set_text(exercise, dose), set_text(exercise, shown)
    if dose.sets == shown.sets:
        return f"{now}, not {was}"
    if now == was:
        return f"{now} ({count_text(dose.sets, 'set')}, not {shown.sets})"
    return f"{now} ({count_text(dose.sets, 'set')}), not {was} ({count_text(shown.sets, 'set')})"


def next_of(
    step: PlannedStep | None, exercises: Mapping[str, Exercise], shown: Dose | None = None
) -> str:
    """What comes next, in words; ``shown``: the dose the routine screen showed for a set
    that starts at another (``LiveSession.doses_changed``), said after its own."""
    if step is None:
        return "The end: pain check and summary."
    exercise = exercises[step.exercise_id]
    if step.kind == "work" and step.dose is not None:
        side = f", {step.side} side" if step.side else ""
        amount = amount_text(exercise.mode, step.dose)
        if shown is not None:
            amount = _against_shown(exercise, step.dose, shown)
        return f"{exercise.name}{side}: {amount}"
    if step.kind == "ready":
        return f"Get ready for {exercise.name}"
    if step.kind == "switch":
        return f"Switch to the right side of {exercise.name}"
    return f"Rest {seconds_text(step.estimate_s)}"


def next_hold_of(view: SessionView, mode: str) -> str | None:
    """In a set of holds with a hold to come after the one under way (or the one its breath
    leads to), that hold: "Hold 2 of 3", not what comes after the set (found in a trial:
    the last set's first hold of three said "The end")."""
    if view.step.kind != "work" or mode != "hold":
        return None
    holds = view.reps_target or 1
    if view.hold_number >= holds:
        return None
    return f"Hold {view.hold_number + 1} of {holds}"


QUESTION_OPEN = "Answer the question above: the session waits for it."
"""The status line while a question is open (pain, the advice after it, ending): space does
nothing until it is answered, so the line does not say to press it."""


def status_of(state: State, safety: str, *, question_open: bool = False) -> str:
    """The line under the session: what to do now (``question_open``: a question is on
    screen over the session, waiting to be answered)."""
    if question_open and state not in ("asking", "over"):
        return QUESTION_OPEN
    return {
        "asking": "Answer the pain check to begin.",
        "waiting": "Press space to start. Stop if pain increases.",
        "paused": "Paused: space resumes.",
        "over": "Session over.",
    }.get(state, safety)


UNSEEN_WORDS: dict[State, str] = {
    "asking": "The session has not started; its pain check waits",
    "waiting": "The session waits for space to start it",
    "over": "The session is over; its last questions wait",
}


def unseen_words(state: State) -> str:
    """What a session hidden by the too-small notice is doing, in ``state`` (a running
    session was paused as the notice came: "The session waits, paused")."""
    return UNSEEN_WORDS.get(state, "The session waits, paused")


def motion_words(view: SessionView, mode: str, *, watched: bool, hold_broken: bool) -> str:
    if view.step.kind != "work" or view.phase != "running":
        return "sensing"
    if mode == "reps":
        return "counting your reps"
    if mode == "hold":
        if not watched:
            return "timed by the clock this set"
        if view.hold_state == "settling":
            return HOLD_BROKEN if hold_broken else "waiting for you to settle"
        if view.hold_state == "holding":
            return "in position and still"
    return "sensing"


def device_lines(sensors: SensorsNow, max_hr: int | None) -> tuple[DeviceLine, ...]:
    """The devices taking part; ``max_hr`` (None: unknown) gives heart-rate zones."""
    from sensors.heart import zone_of

    lines = []
    for device in sensors.devices:
        if not device.active:
            continue
        connected = device.state == "connected"
        no_contact = connected and (device.contact_detected is False or device.heart_rate_bpm == 0)
        bpm = device.heart_rate_bpm if connected and not no_contact else None
        zone = zone_of(bpm, max_hr) if bpm is not None and max_hr else None
        lines.append(DeviceLine(device.title, device.state or "", bpm, zone, no_contact))
    return tuple(lines)
