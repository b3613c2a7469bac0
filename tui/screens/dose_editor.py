"""Change one exercise's dose for a routine: sets, and reps, holds or time by its kind.

Tab moves between the numbers, enter keeps them, escape leaves the dose as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from catalog.models import Dose, Exercise
from tui.widgets.footer import Footer
from tui.widgets.number_input import NumberInput


@dataclass(frozen=True)
class Field:
    name: str
    """The ``Dose`` field."""
    label: str
    most: int
    optional: bool = False


def fields_of(exercise: Exercise) -> tuple[Field, ...]:
    side = " (each side)" if exercise.per_side else ""
    sets = Field("sets", "Sets", 500)
    if exercise.mode == "hold":
        return (
            sets,
            Field("reps", "Holds a set", 500),
            Field("hold_s", f"Each hold, s{side}", 3600),
        )
    if exercise.mode == "timed":
        return (sets, Field("duration_s", f"Time, s{side}", 3600))
    return (
        sets,
        Field("reps", f"Reps a set{side}", 500),
        Field("hold_s", "Pause at the top, s", 3600, optional=True),
    )


def read_dose(exercise: Exercise, dose: Dose, answers: dict[str, str]) -> Dose | str:
    """The dose the answers give, or what is wrong with them in one line."""
    values: dict[str, int | None] = {}
    for field in fields_of(exercise):
        text = answers.get(field.name, "").strip()
        if not text:
            if field.optional:
                values[field.name] = None
                continue
            return f"{field.label}: a whole number, please"
        number = int(text) if text.isdigit() else 0
        if not 1 <= number <= field.most:
            return f"{field.label}: from 1 to {field.most}"
        values[field.name] = number
    return replace(dose, **values)


class DoseEditor(ModalScreen[Dose | None]):
    """Asks for an exercise's numbers; dismisses with the new dose, or None when left."""

    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (NumberInput,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""

    BINDINGS = [Binding("escape", "leave", "Leave as it was", id="dose.leave")]

    def __init__(self, exercise: Exercise, dose: Dose, *, pinned: bool) -> None:
        super().__init__()
        self.exercise = exercise
        self.dose = dose
        self.pinned = pinned

    def compose(self) -> ComposeResult:
        keep = "kept pinned" if self.pinned else "for this session; p on the routine pins it"
        with Vertical(classes="question"):
            yield Label(f"{self.exercise.name}: your dose", classes="question-text")
            for field in fields_of(self.exercise):
                value = getattr(self.dose, field.name)
                with Horizontal(classes="dose-field"):
                    yield Label(field.label, classes="dose-label")
                    yield NumberInput(
                        "" if value is None else str(value),
                        placeholder="none" if field.optional else "",
                        digits=4,
                        takes=f"{field.label}: a whole number from 1 to {field.most}"
                        + (", or empty for none." if field.optional else "."),
                        compact=True,
                        moves_on=False,  # enter keeps the whole dose
                        id=f"dose-{field.name}",
                    )
            yield Static(
                f"tab: next number · enter: keep ({keep}) · escape: leave it",
                classes="question-hint",
            )
            yield Static("", classes="question-error")
        yield Footer()  # its own keys, over those of the screen beneath

    @on(Input.Submitted)
    def _submitted(self) -> None:
        answers = {
            field.name: self.query_one(f"#dose-{field.name}", Input).value
            for field in fields_of(self.exercise)
        }
        found = read_dose(self.exercise, self.dose, answers)
        if isinstance(found, str):
            self.query_one(".question-error", Static).update(found)
            return
        self.dismiss(found)

    @on(NumberInput.Refused)
    def _refused(self, event: NumberInput.Refused) -> None:
        self.query_one(".question-error", Static).update(event.takes)

    def action_leave(self) -> None:
        self.dismiss(None)
