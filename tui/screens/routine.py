"""A routine before it starts: what it holds and the plan of steps a session will follow.

The guided session runner replaces the start action once it exists; until then this screen
shows the plan and says plainly that guidance is not available yet.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Markdown

from catalog import Catalog, Routine
from catalog.describe import amount_text, routine_markdown, seconds_text
from catalog.plan import PlannedStep, expand
from tui.settings import Settings

STEP_NAMES = {"ready": "get ready", "work": "", "switch": "switch side", "rest": "rest"}


class RoutineScreen(Screen[None]):
    BINDINGS = [
        Binding("s", "start", "Start", id="routine.start"),
        Binding("escape", "app.pop_screen", "Back", id="routine.back"),
    ]

    def __init__(self, routine: Routine, catalog: Catalog, settings: Settings) -> None:
        super().__init__()
        self.routine = routine
        self.catalog = catalog
        self.settings = settings
        self.title = routine.name

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="routine"):
            with VerticalScroll(id="routine-summary"):
                yield Markdown(
                    routine_markdown(
                        self.routine,
                        self.catalog.exercises,
                        self.catalog.sources,
                        self.settings.rest_s,
                    )
                )
            yield DataTable(id="plan", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#plan", DataTable)
        table.border_title = "Session plan"
        table.add_columns("Step", "Exercise", "What", "Time")
        steps = expand(self.routine, self.catalog.exercises, self.settings.rest_s)
        for number, step in enumerate(steps, start=1):
            table.add_row(
                str(number),
                self._exercise_cell(step),
                self._what(step),
                seconds_text(step.estimate_s),
            )

    def _exercise_cell(self, step: PlannedStep) -> str:
        return self.catalog.exercises[step.exercise_id].name if step.kind != "rest" else ""

    def _what(self, step: PlannedStep) -> str:
        if step.dose is None:
            return STEP_NAMES[step.kind]
        exercise = self.catalog.exercises[step.exercise_id]
        side = f" {step.side}" if step.side else ""
        return f"set {step.set_number}{side}: {amount_text(exercise.mode, step.dose)}"

    def action_start(self) -> None:
        self.notify(
            "Guided sessions are not available in this version yet. "
            "Follow the plan on screen at your own pace.",
            title="Not yet",
            severity="warning",
        )
