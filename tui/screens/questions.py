"""Small questions asked in a session: a 0-10 number, a note, a yes/no, a choice after pain.

Each 0-10 question takes a number then enter; enter alone skips it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class NumberQuestion(ModalScreen[int | None]):
    """Asks for a whole number from 0 to 10; dismisses with it, or None when skipped."""

    BINDINGS = [Binding("escape", "skip", "Skip", id="question.skip")]

    def __init__(self, question: str, hint: str = "", *, name: str | None = None) -> None:
        super().__init__(name=name)
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Label(self.question, classes="question-text")
            if self.hint:
                yield Static(self.hint, classes="question-hint")
            yield Input(
                placeholder="0-10, then enter (enter alone skips)",
                restrict=r"[0-9]{0,2}",
                max_length=2,
                id="answer",
            )
            yield Static("", classes="question-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        value = int(text)
        if value > 10:
            self.query_one(".question-error", Static).update("From 0 (none) to 10 (worst).")
            event.input.clear()
            return
        self.dismiss(value)

    def action_skip(self) -> None:
        self.dismiss(None)


class NoteQuestion(ModalScreen[str | None]):
    """An optional one-line note; enter alone skips."""

    BINDINGS = [Binding("escape", "skip", "Skip", id="note.skip")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Label("A note about this session? (optional)", classes="question-text")
            yield Input(placeholder="type, then enter (enter alone skips)", id="answer")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_skip(self) -> None:
        self.dismiss(None)


class ConfirmEnd(ModalScreen[bool]):
    """y ends the session (saved as ended early); n or escape goes back to it."""

    BINDINGS = [
        Binding("y", "answer(True)", "End it", id="end.yes"),
        Binding("n", "answer(False)", "Go back", id="end.no"),
        Binding("escape", "answer(False)", "Go back", id="end.back", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Label("End this session now?", classes="question-text")
            yield Static(
                "y: end it (what you did is saved, marked ended early)   n or escape: go back",
                classes="question-hint",
            )

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class AfterPain(ModalScreen[str]):
    """After a pain report: skip this exercise, end the session, or carry on (paused)."""

    BINDINGS = [
        Binding("s", "choose('skip')", "Skip exercise", id="pain.skip"),
        Binding("e", "choose('end')", "End session", id="pain.end"),
        Binding("c", "choose('continue')", "Carry on", id="pain.continue"),
        Binding("escape", "choose('continue')", "Carry on", id="pain.back", show=False),
    ]

    def __init__(self, level: int | None, exercise_name: str) -> None:
        super().__init__()
        self.level = level
        self.exercise_name = exercise_name

    def compose(self) -> ComposeResult:
        said = f"Pain {self.level}/10 noted." if self.level is not None else "Noted."
        with Vertical(classes="question"):
            yield Label(f"{said} The session is paused.", classes="question-text")
            yield Static(
                "Stop any exercise that makes pain worse. Severe or lasting pain: see a "
                "health professional.",
                classes="question-hint",
            )
            yield Static(
                f"s: skip {self.exercise_name}   e: end the session   c or escape: carry on "
                "(space resumes)",
                classes="question-hint",
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
