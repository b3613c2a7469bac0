"""Everything a session screen shows at one moment, as plain values and words.

Built by the live session from the engine's view, what the wearables sensed and what the
sensor board knows of each device; the runner screen (and the mat view) only lay it out and
colour it by ``state``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from catalog.describe import amount_text
from catalog.models import Exercise
from catalog.plan import PlannedStep
from tui.live.changes import EnterAction, SessionView, TempoCue
from tui.words import count_text, countdown_text, seconds_text

if TYPE_CHECKING:
    from tui.sensor_board import DeviceView

State = Literal[
    "asking", "waiting", "ready", "work", "settle", "hold", "rest", "switch", "paused", "over"
]
"""What the person is doing, for the colour of the big clock and the mat view's corner word:
"settle" is a hold whose clock waits for the person to be in position and still."""

STATE_WORDS: dict[State, str] = {
    "asking": "PAIN CHECK",
    "waiting": "PRESS SPACE",
    "ready": "GET READY",
    "work": "GO",
    "settle": "SETTLE IN",
    "hold": "HOLD",
    "rest": "REST",
    "switch": "SWITCH SIDES",
    "paused": "PAUSED",
    "over": "DONE",
}
"""The state in a word or two, as the mat view shows it beside the exercise: from the floor
the easiest thing to read, so it says what to do now (as the words under the clock do)."""
BROKEN_WORDS = {"left": "BACK INTO POSITION", "rocking": "KEEP STILL"}
"""The corner word while a hold broken waits for the person: back into position, or (broken
by rocking in position) the trunk kept still, as the words under the clock say."""


def state_word(state: State, *, hold_broken: bool, rocking: bool) -> str:
    """The mat view's corner word (``STATE_WORDS``; a broken hold's ``BROKEN_WORDS``)."""
    if state == "settle" and hold_broken:
        return BROKEN_WORDS["rocking" if rocking else "left"]
    return STATE_WORDS[state]


CUE_EVERY_S = 8.0
NO_SENSOR = "No sensor: keys count reps; the clock times holds."
NO_SENSOR_PACED = "No sensor: the coach counts reps at the tempo; the clock times holds."
"""What the sensors panel says with none: who counts reps (``pace``: the coach)."""
PAUSED_WORDS = "paused"
"""Under a set's clock or count while the session is paused, instead of what to do."""


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
    """The state in a word or two (``state_word``): what the mat view's corner says."""
    enter_does: EnterAction | None = None
    """What the rep key (enter, r) does now; None: nothing."""
    goes_on: bool = False
    """Whether n (next) and b (back) do something now: the session is under way."""


def state_of(view: SessionView, mode: str, ready: bool) -> State:
    if not ready:
        return "asking"
    if view.phase == "waiting":
        return "waiting"
    if view.phase == "paused":
        return "paused"
    if view.phase == "finished":
        return "over"
    kind = view.step.kind
    if kind == "work" and mode == "hold" and view.hold_state == "resetting":
        return "rest"  # the breath between two holds
    if kind == "work" and mode == "hold" and view.hold_state == "settling":
        return "settle"  # the clock waits: nothing to go on with yet
    if kind == "work":
        return "hold" if mode == "hold" and view.hold_state == "holding" else "work"
    return kind


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
    view: SessionView,
    mode: str,
    *,
    sensor_counts: bool,
    coach_counts: bool,
    hold_broken: bool,
    rocking: bool = False,
) -> tuple[str, str]:
    """``rocking``: the hold broken was broken by rocking in position, not by leaving it.
    Paused in a set, what to do gives way to "paused": nothing is held, counted or timed."""
    step = view.step
    paused = view.phase == "paused"
    if step.kind == "work" and mode == "reps":
        counter = "the sensor" if sensor_counts else "the coach" if coach_counts else None
        how = f"{counter} counts; x takes one off" if counter else "enter or r counts one"
        how = PAUSED_WORDS if paused else how
        return str(view.reps_done), f"of {count_text(view.reps_target or 0, 'rep')}\n{how}"
    seconds = countdown_text(view.seconds_left or 0.0)
    if step.kind != "work":
        return seconds, {
            "ready": "get into the start position",
            "rest": "rest",
            "switch": "switch",
        }[step.kind]
    if mode == "hold":
        state = {
            "holding": "holding",
            "settling": "settle in: get into position and keep still",
            "resetting": "breathe, next hold soon",
        }[view.hold_state or "holding"]
        if view.hold_state == "settling" and hold_broken:
            state = "hold broken: " + ("keep your trunk still" if rocking else "back into position")
        holds = view.reps_target or 1  # a dose that gives only the hold's length: one hold
        return seconds, f"hold {view.hold_number} of {holds}\n{PAUSED_WORDS if paused else state}"
    return seconds, PAUSED_WORDS if paused else "keep going"


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


def next_of(step: PlannedStep | None, exercises: Mapping[str, Exercise]) -> str:
    if step is None:
        return "The end: pain check and summary."
    exercise = exercises[step.exercise_id]
    if step.kind == "work" and step.dose is not None:
        side = f", {step.side} side" if step.side else ""
        return f"{exercise.name}{side}: {amount_text(exercise.mode, step.dose)}"
    if step.kind == "ready":
        return f"Get ready for {exercise.name}"
    if step.kind == "switch":
        return f"Switch to the right side of {exercise.name}"
    return f"Rest {seconds_text(step.estimate_s)}"


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
    "asking": "The session has not started: its pain check waits",
    "waiting": "The session waits for space to start it",
    "over": "The session is over: its last questions wait",
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
            return "hold broken" if hold_broken else "waiting for you to settle"
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
