"""What a live session asks of the world outside it: rows to keep, a signal, a line for the
person, what the demo person does next. Plain values; the screen carries them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from catalog.models import Dose
from db.sessions import Row
from tui.live.cues import Cue
from tui.live.pain import PainAdvice

Severity = Literal["information", "warning", "error"]
DemoActivity = Literal["rest", "reps", "hold", "walk"]


@dataclass(frozen=True, slots=True)
class Notice:
    """One line for the person (a toast): what happened and what it means now."""

    text: str
    """Plain words (no markup: a routine's name may hold brackets)."""
    title: str
    severity: Severity = "warning"
    timeout_s: float | None = None
    """How long it stays up; None: as long as the app's lines do."""


@dataclass(frozen=True, slots=True)
class DemoMove:
    """What the demo's person does from now on: an activity in an exercise's movement."""

    activity: DemoActivity
    exercise_id: str
    dose: Dose | None
    set_index: int | None = None
    """The step of the set being done (a pause within it keeps it): another set, or side,
    numbers its reps from 1 again."""


AskKind = Literal["pain-before", "pain-now", "pain-advice", "pain-after", "note", "end"]


@dataclass(frozen=True, slots=True)
class Ask:
    """A question for the person; the screen shows it and hands the answer back to the
    live session method of the same name (``answer_pain_now`` for "pain-now", ...)."""

    kind: AskKind
    prompt: str
    hint: str = ""
    advice: PainAdvice | None = None
    given: int | None = None
    """A number the person gave a moment ago, offered as the answer (they may change it):
    the pain just reported, for the pain after of a session its skip for pain ended."""


@dataclass(frozen=True, slots=True)
class Finished:
    """The session is over: the last questions come next."""

    status: str


@dataclass(slots=True)
class Effects:
    """Everything one call into the live session asks the outside world to do."""

    rows: list[Row] = field(default_factory=list)
    """For the session's writer, in order."""
    save: bool = False
    """Time to write what the writer holds (about every second, and at the end)."""
    signal: bool = False
    """A transition the person should notice (a bell and a flash)."""
    notices: list[Notice] = field(default_factory=list)
    hush: bool = False
    """Cut what the coach is saying and forget what it has not said yet (a pause, a step
    skipped or gone back to), before the ``cues`` that follow."""
    cues: list[Cue] = field(default_factory=list)
    """What the coach says or sounds, each stamped with when."""
    demo: DemoMove | None = None
    finished: Finished | None = None
    ask: Ask | None = None
    """The question to put to the person now."""

    def add(self, other: Effects) -> Effects:
        """These effects followed by ``other``'s."""
        self.rows += other.rows
        self.save = self.save or other.save
        self.signal = self.signal or other.signal
        self.notices += other.notices
        if other.hush:  # what was to be said before is cut too
            self.hush = True
            self.cues = []
        self.cues += other.cues
        self.demo = other.demo or self.demo
        self.finished = other.finished or self.finished
        self.ask = other.ask or self.ask
        return self
