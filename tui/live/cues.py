"""What the coach says and sounds, and when: cues are plain data from the live session.

A ``Cue`` is heard at ``at_s`` (the session's monotonic clock). Its words are for the voice;
its tone is what "tones only" plays instead (and what the voice plays where a cue has no
words). A cue not begun by ``at_s + stale_s`` is dropped by the player, never queued behind
the others, and two cues never overlap: the player speaks one at a time.

``CueSchedule`` decides them from the engine's facts (a step starts, a rep is counted, a hold
ends) and from the clock (the last seconds of a countdown or a hold, halfway through a hold,
the paced tempo). Cues due at a moment of the clock are handed on up to ``LOOKAHEAD_S``
early, stamped with their own time, so a player has a moment to get ready and "3, 2, 1"
lands on the seconds, with "go" on the start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from catalog.models import Dose, Exercise
from catalog.plan import PlannedStep

Tone = Literal["pip", "go", "chime", "tick"]
"""pip: a countdown second; go: the start of work; chime: a hold or set done; tick: a rep."""

CueKind = Literal[
    "announce", "countdown", "halfway", "switch", "rest", "rep", "tempo", "form", "pain", "end"
]

LOOKAHEAD_S = 0.3
COUNTDOWN_FROM = 3
HALFWAY_FROM_S = 10.0
"""Holds at least this long get a "halfway"."""
REMIND_EVERY_S = 10.0
"""A hold whose clock a sensor stopped is recalled this often while it stays stopped..."""
REMINDERS = 3
"""...this many times (the last says how to end it), then the coach is quiet."""
SETTLE_FIRST_S = 6.0
"""A hold a sensor has not seen begin is recalled first this long after its clock could have
started (then every ``REMIND_EVERY_S``, ``REMINDERS`` times): soon, for someone already in
position at the go, whom the sensor took to be at rest."""
SETTLE_WORDS = "Move into position and keep still to start the clock. Already there? Press Enter."
HOLD_BEGUN = "Hold."
"""Said as a sensor sees a hold begin."""


@dataclass(frozen=True, slots=True)
class Cue:
    at_s: float
    kind: CueKind
    words: str | None
    tone: Tone | None
    stale_s: float = 1.0


FORM_WORDS = {
    "trunk rocking": "Keep your trunk still.",
    "trunk twisting": "Keep your hips square.",
    "hips not level": "Keep your hips level.",
}
"""A form warning of the motion detector, as the coach says it."""

TEMPO_WORDS = {"lift": "Up.", "hold": "Hold.", "lower": "Down."}


def form_words(kind: str) -> str:
    return FORM_WORDS.get(kind, "Watch your form.")


ROCKING = "trunk rocking"
"""The form fault behind a hold broken for rocking (``HoldBroken.reason == "rocking"``)."""


def hold_broken_words(reason: str) -> str:
    """Why a hold's clock stopped, as the coach says it: rocking in position is a form fault;
    anything else (a sag, a move) is out of position."""
    return form_words(ROCKING) if reason == "rocking" else "Back into position."


def announce_words(exercise: Exercise, side: str | None, changed: str = "") -> str:
    """At the get-ready: the exercise, the side, the dose where it ``changed`` since shown
    (``dose_changed_words``), and the cue that matters first."""
    said = exercise.name + (f", {side} side" if side else "") + "."
    said = f"{said} {changed}" if changed else said
    return f"{said} {exercise.cues[0]}" if exercise.cues else said


def dose_changed_words(exercise: Exercise, dose: Dose, shown: Dose) -> str:
    """An exercise that starts at another dose than the routine screen showed, as the
    coach says it at its get-ready: "Today's dose changed: 2 holds of 10 seconds, not 2
    holds of 15 seconds." (the reason is in the session's line: too long to hear)."""
    return (
        f"Today's dose changed: {spoken_dose(exercise, dose)}, not {spoken_dose(exercise, shown)}."
    )


def spoken_dose(exercise: Exercise, dose: Dose) -> str:
    """A dose as the voice says it, one side's: "2 sets of 10 reps, 2 seconds at the top",
    "3 holds of 10 seconds", "1 minute 30 seconds"."""
    if exercise.mode == "timed":
        what = spoken_seconds(dose.duration_s or 0)
    elif exercise.mode == "hold":
        holds, hold = dose.reps or 1, spoken_seconds(dose.hold_s or 0)
        what = f"{holds} holds of {hold}" if holds > 1 else f"a hold of {hold}"
    else:
        what = f"{dose.reps} rep{'' if dose.reps == 1 else 's'}"
        if dose.hold_s:
            what += f", {spoken_seconds(dose.hold_s)} at the top"
    return f"{dose.sets} sets of {what}" if dose.sets > 1 else what


def spoken_seconds(seconds: float) -> str:
    """Seconds as the voice says them, units whole: "1 second", "1 minute 30 seconds"."""
    minutes, rest = divmod(round(seconds), 60)
    said = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((minutes, "minute"), (rest, "second"))
        if n
    ]
    return " ".join(said) or "0 seconds"


def rest_words(seconds: float, coming: PlannedStep | None, exercise: Exercise | None) -> str:
    said = f"Rest, {round(seconds)} seconds."
    if coming is None or exercise is None:
        return said
    if coming.kind == "work" and coming.dose is not None and coming.dose.sets > 1:
        return f"{said} Next: {exercise.name}, set {coming.set_number}."
    return f"{said} Next: {exercise.name}."


class CueSchedule:
    """The cues of one session, in the order they are due."""

    def __init__(
        self,
        steps: Sequence[PlannedStep],
        exercises: Mapping[str, Exercise],
        changed: Mapping[str, str] | None = None,
    ) -> None:
        """``changed``: per exercise whose dose changed since the routine screen showed
        it, what its get-ready says of it (``dose_changed_words``)."""
        self.steps = steps
        self.exercises = exercises
        self.changed = changed or {}
        self._said: set[tuple[object, ...]] = set()
        """Marks of the clock already handed on (a step's countdown seconds, a halfway)."""

    # --- facts --------------------------------------------------------------------------------

    def step_started(self, at_s: float, index: int, after_countdown: bool) -> list[Cue]:
        step = self.steps[index]
        exercise = self.exercises[step.exercise_id]
        if step.kind == "ready":
            side = self._first_side(index)
            words = announce_words(exercise, side, self.changed.get(exercise.id, ""))
            return [Cue(at_s, "announce", words, None, stale_s=3.0)]
        if step.kind == "switch":
            return [Cue(at_s, "switch", "Switch sides.", "chime", stale_s=2.0)]
        if step.kind == "rest":
            if step.estimate_s <= 0:
                return []  # no rest (rest_s = 0): on to what comes next
            coming = self._next_work(index)
            shown = self.exercises[coming.exercise_id] if coming is not None else None
            words = rest_words(step.estimate_s, coming, shown)
            return [Cue(at_s, "rest", words, "chime", stale_s=3.0)]
        if after_countdown:
            return [Cue(at_s, "countdown", "Go.", "go", stale_s=0.6)]
        return []

    def went_back(self, at_s: float, index: int) -> list[Cue]:
        """B: the set at ``index`` is done again (from the exercise's get-ready: its first
        set), counted down from its lead-in."""
        step = self.steps[index]
        if step.kind != "work":
            step = self._next_work(index) or step
        said = "Again: " + self.exercises[step.exercise_id].name
        if step.kind == "work" and step.dose is not None and step.dose.sets > 1:
            said += f", set {step.set_number}"
        if step.side:
            said += f", {step.side} side"
        return [Cue(at_s, "announce", said + ". Get into position.", None, stale_s=3.0)]

    def rep_counted(self, at_s: float, reps_done: int) -> list[Cue]:
        return [Cue(at_s, "rep", str(reps_done), "tick", stale_s=1.0)]

    def hold_completed(self, at_s: float) -> list[Cue]:
        return [Cue(at_s, "countdown", None, "chime", stale_s=1.0)]

    def hold_begun(self, at_s: float) -> list[Cue]:
        return [Cue(at_s, "countdown", HOLD_BEGUN, "go", stale_s=0.6)]

    def hold_broken(self, at_s: float, reason: str = "") -> list[Cue]:
        return [Cue(at_s, "form", hold_broken_words(reason), None, stale_s=1.5)]

    def still_broken(
        self, now: float, ran_s: float, index: int, hold_number: int, since_s: float, reason: str
    ) -> list[Cue]:
        """The hold's clock has stayed stopped since ``since_s`` on the step's running clock
        (now ``ran_s``; a pause stops it too): the person, on the floor and maybe facing away,
        is told again that it waits for them (a sag that stays down is not timed, and the
        silence says nothing)."""
        cues: list[Cue] = []
        for reminder in range(1, REMINDERS + 1):
            words = hold_broken_words(reason)
            if reminder == REMINDERS:
                words += " Or press Enter to end this hold."
            due = now + since_s + reminder * REMIND_EVERY_S - ran_s
            cue = Cue(due, "form", words, None, stale_s=1.5)
            cues += self._once((index, hold_number, since_s, reminder, "back"), cue, now)
        return cues

    def not_begun(
        self, now: float, ran_s: float, index: int, hold_number: int, since_s: float
    ) -> list[Cue]:
        """The hold's clock could have run since ``since_s`` on the step's running clock (now
        ``ran_s``), a sensor timing it: the person is told what starts it, and that Enter does
        if they are in position already."""
        cues: list[Cue] = []
        for reminder in range(REMINDERS):
            due = now + since_s + SETTLE_FIRST_S + reminder * REMIND_EVERY_S - ran_s
            cue = Cue(due, "form", SETTLE_WORDS, None, stale_s=1.5)
            cues += self._once((index, hold_number, since_s, reminder, "settle"), cue, now)
        return cues

    def form_warning(self, at_s: float, kind: str) -> list[Cue]:
        return [Cue(at_s, "form", form_words(kind), None, stale_s=2.0)]

    def question(self, at_s: float, prompt: str) -> list[Cue]:
        return [Cue(at_s, "pain", prompt, None, stale_s=5.0)]

    def finished(self, at_s: float, status: str) -> list[Cue]:
        words = "Session complete." if status == "completed" else "Session ended."
        return [Cue(at_s, "end", words, "chime", stale_s=5.0)]

    # --- the clock ----------------------------------------------------------------------------

    def marks(
        self,
        now: float,
        index: int,
        seconds_left: float | None,
        hold_number: int,
        target_s: float | None,
        counting_down: bool,
        tempo: tuple[str, float, str] | None,
        tempo_key: tuple[int, str | None],
    ) -> list[Cue]:
        """Cues due within ``LOOKAHEAD_S`` of ``now`` on a running clock: the last seconds of
        a countdown or a hold (``counting_down``), halfway through a long hold, and the next
        word of a paced tempo (``tempo``: where the rep is, seconds left in it, what comes
        next). Each is handed on once."""
        cues: list[Cue] = []
        if seconds_left is not None and counting_down:
            for second in range(COUNTDOWN_FROM, 0, -1):
                due = now + seconds_left - second
                cues += self._once(
                    (index, hold_number, second),
                    Cue(due, "countdown", str(second), "pip", stale_s=0.6),
                    now,
                )
            if target_s is not None and target_s >= HALFWAY_FROM_S:
                due = now + seconds_left - target_s / 2
                cues += self._once(
                    (index, hold_number, "halfway"),
                    Cue(due, "halfway", "Halfway.", None, stale_s=1.0),
                    now,
                )
        if tempo is not None:
            _, left_s, coming = tempo
            words = TEMPO_WORDS.get(coming)
            if words is not None:
                cues += self._once(
                    (index, "tempo", tempo_key),
                    Cue(now + left_s, "tempo", words, None, stale_s=0.5),
                    now,
                )
        return cues

    def hold_due(
        self, now: float, index: int, hold_number: int, seconds_left: float | None
    ) -> list[Cue]:
        """The next hold of a set begins when its breath is over."""
        if seconds_left is None:
            return []
        cue = Cue(now + seconds_left, "countdown", "Hold.", "go", stale_s=0.6)
        return self._once((index, hold_number, "hold"), cue, now)

    def _once(self, key: tuple[object, ...], cue: Cue, now: float) -> list[Cue]:
        if key in self._said or cue.at_s > now + LOOKAHEAD_S or cue.at_s < now - cue.stale_s:
            return []
        self._said.add(key)
        return [cue]

    def forget(self, index: int) -> None:
        """A step begins again (back, or a redo): its marks may be said again."""
        self._said = {key for key in self._said if key[0] != index}

    def reps_taken_back(self, index: int, reps_done: int) -> None:
        """Step ``index``'s count went back to ``reps_done`` (x): the paced words of the reps
        from there on may be said again (they are marked by the count they came at)."""
        self._said = {
            key
            for key in self._said
            if not (key[0] == index and key[1] == "tempo" and _at_or_after(key[2], reps_done))
        }

    def timer_changed(self, index: int) -> None:
        """Step ``index``'s timer was lengthened or shortened: its last seconds are counted
        down again (its halfway stays said)."""
        self._said = {k for k in self._said if k[0] != index or not isinstance(k[-1], int)}

    # --- inside -------------------------------------------------------------------------------

    def _first_side(self, index: int) -> str | None:
        coming = self._next_work(index)
        return coming.side if coming is not None else None

    def _next_work(self, index: int) -> PlannedStep | None:
        return next((s for s in self.steps[index + 1 :] if s.kind == "work"), None)


def _at_or_after(tempo_key: object, reps_done: int) -> bool:
    """Whether a paced word's mark (the count it came at, and where the rep was) is of the
    count ``reps_done`` or a later one."""
    return isinstance(tempo_key, tuple) and tempo_key[0] >= reps_done
