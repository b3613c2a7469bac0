"""What lumbar advises when pain is reported during a session, compared with its start.

The sources' rule is plain: stop an exercise when pain increases, and see a professional for
severe or lasting pain. lumbar guides exercise; it does not diagnose. So:

- pain clearly above the session's start (up ``RISE`` or more, or ``HIGH`` or above) pauses the
  session and recommends stopping this exercise;
- 10/10, or a red flag that any clinician would stop for, ends the session with the advice to
  seek care;
- otherwise the person chooses: carry on (which carries on), skip the exercise, or end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RISE = 2
HIGH = 7
WORST = 10

Advice = Literal["your-call", "stop-exercise", "seek-care"]
Choice = Literal["carry-on", "skip", "end", "red-flag"]

RED_FLAGS = (
    "numbness or tingling spreading down a leg",
    "new weakness in a leg or foot",
    "loss of bladder or bowel control",
    "pain that began after a fall or an accident",
)
"""Reasons to stop and have the back checked that do not wait for a pain score."""

SEEK_CARE = (
    "Stop here, and have your back checked by a doctor or physiotherapist. Loss of bladder "
    "or bowel control, or new weakness in a leg, needs urgent care today."
)


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

    @property
    def headline(self) -> str:
        if self.red_flag:
            return "A red flag." + (f" Pain {self.level}/10." if self.level is not None else "")
        said = f"Pain {self.level}/10" if self.level is not None else "Pain noted"
        if self.level is not None and self.before is not None:
            change = self.level - self.before
            if change > 0:
                said += f", up {change} from {self.before} at the start"
            elif change < 0:
                said += f", down from {self.before} at the start"
            else:
                said += ", as at the start"
        return said + "."

    @property
    def text(self) -> str:
        """The advice, in the sources' words where they have them."""
        if self.red_flag:
            return f"A red flag is the sign to stop, whatever the pain. {SEEK_CARE}"
        if self.advice == "seek-care":
            return f"Pain this strong is the sign to stop. {SEEK_CARE}"
        if self.advice == "stop-exercise":
            return (
                f"Stop {self.exercise}: pain that increases is the sign to stop. Skip it for "
                "today; if the pain stays or gets worse, see a health professional."
            )
        return (
            "Stop any exercise that makes pain worse. Severe or lasting pain: see a professional."
        )

    @property
    def choices(self) -> tuple[Choice, ...]:
        """What the person may do next, the recommended first."""
        if self.advice == "seek-care":
            return ("end",)
        if self.advice == "stop-exercise":
            return ("skip", "end", "carry-on", "red-flag")
        return ("carry-on", "skip", "end", "red-flag")


def advise(level: int | None, before: int | None, exercise: str) -> PainAdvice:
    if level is not None and level >= WORST:
        advice: Advice = "seek-care"
    elif level is not None and (level >= HIGH or (before is not None and level - before >= RISE)):
        advice = "stop-exercise"
    else:
        advice = "your-call"
    return PainAdvice(level, before, advice, exercise)


def red_flag_advice(level: int | None, before: int | None, exercise: str) -> PainAdvice:
    """The person reported one of ``RED_FLAGS``: the session ends with the advice to seek
    care, whatever the pain score."""
    return PainAdvice(level, before, "seek-care", exercise, red_flag=True)
