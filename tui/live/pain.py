"""What lumbar advises when pain is reported during a session, compared with its start.

The sources' rule is plain: stop an exercise when pain increases, and see a professional for
severe or lasting pain. lumbar guides exercise; it does not diagnose. So:

- pain clearly above the session's start (up ``RISE`` or more, or ``HIGH`` or above) pauses the
  session and recommends stopping this exercise;
- 10/10, or a red flag that any clinician would stop for, ends the session with the advice to
  seek care;
- otherwise the person chooses: carry on (which carries on), skip the exercise, or end.

The pain check before the session is weighed the same way, on its own (there is no start to
compare it with): ``HIGH`` or above advises not exercising today (``advise_before``), and the
person chooses: not today (the session ends before its first set, as ``q`` would end it
there), or go on gently; 10/10 ends it with the advice to seek care.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from catalog.progression import HIGH_PAIN

RISE = 2
HIGH = HIGH_PAIN
"""The doses after a session step back at this same level (``catalog.progression``)."""
WORST = 10

Advice = Literal["your-call", "stop-exercise", "seek-care", "rest-today"]
Choice = Literal["carry-on", "skip", "end", "red-flag"]

RED_FLAGS = (
    "numbness or tingling spreading down a leg",
    "new weakness in a leg or foot",
    "loss of bladder or bowel control",
    "pain that began after a fall or an accident",
)
"""Reasons to stop and have the back checked that do not wait for a pain score."""
RED_FLAGS_SHORT = "numb, tingling or weak leg, incontinence, fall or accident"
"""``RED_FLAGS`` in few words, for a small terminal (the mat view's, a large font)."""
STOP_IF_WORSE = "stop if pain increases"

SEEK_CARE = (
    "Stop here, and have your back checked by a doctor or physiotherapist. Loss of bladder "
    "or bowel control, or new weakness in a leg, needs urgent care today."
)


CHOICE_WORDS: dict[Choice, str] = {
    "skip": "skip {exercise}",
    "end": "end the session",
    "carry-on": "carry on",
    "red-flag": "one of these",
}
REST_TODAY_WORDS: dict[Choice, str] = {"end": "not today", "carry-on": "go on gently"}
"""The same choices after the advice not to exercise today (``rest-today``): the session
ends before its first set, or begins."""


@dataclass(frozen=True, slots=True)
class PainAdvice:
    level: int | None
    """The pain reported, 0-10 (None: reported without a number)."""
    before: int | None
    """The pain at the session's start."""
    advice: Advice
    exercise: str
    """The exercise the person is on (a name)."""
    red_flag: bool = False
    """The person reported one of ``RED_FLAGS``."""
    starting: bool = False
    """Given in the pain check before the session's first set (``before`` is None)."""

    @property
    def headline(self) -> str:
        if self.red_flag:
            return "A red flag." + (f" Pain {self.level}/10." if self.level is not None else "")
        said = f"Pain {self.level}/10" if self.level is not None else "Pain noted"
        if self.starting:
            said += " before you start"
        elif self.level is not None and self.before is not None:
            change = self.level - self.before
            if change > 0:
                said += f", up {change} from {self.before} at the start"
            elif change < 0:
                said += f", down from {self.before} at the start"
            else:
                said += ", as at the start"
        return said + "."

    @property
    def risen(self) -> bool:
        """Pain clearly above the session's start (``RISE`` or more): the advice to stop
        gives that as its reason; pain ``HIGH`` or above that has not risen so is advised on
        for its strength (at 8 as at the start, "pain that increases" would not be true)."""
        return (
            self.level is not None and self.before is not None and self.level - self.before >= RISE
        )

    @property
    def text(self) -> str:
        """The advice, in the sources' words where they have them."""
        if self.red_flag:
            return f"A red flag is the sign to stop, whatever the pain. {SEEK_CARE}"
        if self.advice == "seek-care":
            return f"Pain this strong is the sign to stop. {SEEK_CARE}"
        if self.advice == "rest-today":
            return (
                "Pain this strong is the sign not to exercise today: rest, and if the pain "
                "stays or gets worse, see a health professional. If you go on, go gently, and "
                "stop any exercise that makes pain worse."
            )
        if self.advice == "stop-exercise":
            sign = "pain that increases" if self.risen else "pain this strong"
            return (
                f"Stop {self.exercise}: {sign} is the sign to stop. Skip it for "
                "today; if the pain stays or gets worse, see a health professional."
            )
        return (
            "Stop any exercise that makes pain worse. Severe or lasting pain: see a professional."
        )

    @property
    def short_text(self) -> str:
        """``text`` in few words, for a small terminal: the advice to see a doctor whole,
        otherwise what to do now, "stop if pain increases", and when to see a professional."""
        if self.red_flag or self.advice == "seek-care":
            return SEEK_CARE
        if self.advice == "rest-today":
            return (
                "Rest today; if the pain stays, see a professional. If you go on, go gently: "
                f"{STOP_IF_WORSE}."
            )
        if self.advice == "stop-exercise":
            return f"Skip it: {STOP_IF_WORSE}. If the pain stays, see a professional."
        stop = STOP_IF_WORSE[0].upper() + STOP_IF_WORSE[1:]
        return f"{stop}. Severe or lasting pain: see a professional."

    @property
    def choices(self) -> tuple[Choice, ...]:
        """What the person may do next, the recommended first."""
        if self.advice == "seek-care":
            return ("end",)
        if self.advice == "rest-today":
            return ("end", "carry-on", "red-flag")
        if self.advice == "stop-exercise":
            return ("skip", "end", "carry-on", "red-flag")
        return ("carry-on", "skip", "end", "red-flag")

    def choice_text(self, choice: Choice) -> str:
        """What ``choice`` does, in a few words: "skip Bird dog", "not today"."""
        if self.advice == "rest-today" and choice in REST_TODAY_WORDS:
            return REST_TODAY_WORDS[choice]
        return CHOICE_WORDS[choice].format(exercise=self.exercise)


def advise(level: int | None, before: int | None, exercise: str) -> PainAdvice:
    if level is not None and level >= WORST:
        advice: Advice = "seek-care"
    elif level is not None and (level >= HIGH or (before is not None and level - before >= RISE)):
        advice = "stop-exercise"
    else:
        advice = "your-call"
    return PainAdvice(level, before, advice, exercise)


def advise_before(level: int | None, exercise: str) -> PainAdvice | None:
    """The pain check before the session: advice at ``HIGH`` or above, as for pain reported
    during it (``exercise``: the first); None when the session simply begins."""
    if level is None or level < HIGH:
        return None
    advice: Advice = "seek-care" if level >= WORST else "rest-today"
    return PainAdvice(level, None, advice, exercise, starting=True)


def red_flag_advice(level: int | None, before: int | None, exercise: str) -> PainAdvice:
    """The person reported one of ``RED_FLAGS``: the session ends with the advice to seek
    care, whatever the pain score."""
    return PainAdvice(level, before, "seek-care", exercise, red_flag=True)
