"""A routine before it starts: what it holds, today's doses and the plan of steps.

Doses are suggested from the last session of the routine (see ``catalog.progression``);
``d`` switches between those and the routine's own doses, ``s`` starts the session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from catalog import Catalog, Routine
from catalog.describe import amount_text, routine_markdown, seconds_text
from catalog.models import Dose
from catalog.plan import PlannedStep
from catalog.progression import Suggestion
from db.errors import DatabaseProblem
from tui.doses import plan
from tui.settings import Settings

if TYPE_CHECKING:
    from sqlite_utils import Database

    from tui.app import LumbarApp

CHANGE_MARK = {"up": "↑", "down": "↓", "same": "=", "target": "★", "new": ""}

STEP_NAMES = {"ready": "get ready", "work": "", "switch": "switch side", "rest": "rest"}


class RoutineScreen(Screen[None]):
    BINDINGS = [
        Binding("s", "start", "Start session", id="routine.start"),
        Binding("d", "toggle_doses", "Routine's doses", id="routine.doses"),
        Binding("escape", "app.pop_screen", "Back", id="routine.back"),
    ]

    def __init__(
        self,
        routine: Routine,
        catalog: Catalog,
        settings: Settings,
        database: Callable[[], Awaitable[Database]] | None = None,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.catalog = catalog
        self.settings = settings
        self._database = database
        self.suggestions: dict[str, Suggestion] = {}
        self.use_suggestions = True
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
            yield Static(id="doses-note")
            yield DataTable(id="plan", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#plan", DataTable)
        table.border_title = "Session plan"
        table.add_columns("Step", "Exercise", "What", "Time")
        self._fill()

    def on_screen_resume(self) -> None:
        # On arrival, and back from a session: today's doses follow from the last one.
        if self._database is not None:
            self._load_suggestions()

    @work(exclusive=True, group="suggestions")
    async def _load_suggestions(self) -> None:
        from tui.history import routine_suggestions

        assert self._database is not None
        try:
            db = await self._database()
        except DatabaseProblem:
            return
        self.suggestions = routine_suggestions(db, self.routine, self.catalog)
        self._fill()

    def doses(self) -> dict[str, Dose]:
        """The doses a session started now would use."""
        if not self.use_suggestions:
            return {}
        return {k: s.dose for k, s in self.suggestions.items()}

    def _fill(self) -> None:
        table = self.query_one("#plan", DataTable)
        table.clear()
        self.query_one("#doses-note", Static).update(self._doses_note())
        steps = plan(self.routine, self.catalog, self.settings.rest_s, self.doses())
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
        mark = ""
        if self.use_suggestions and step.exercise_id in self.suggestions:
            mark = CHANGE_MARK[self.suggestions[step.exercise_id].change]
        amount = amount_text(exercise.mode, step.dose)
        return f"set {step.set_number}{side}: {amount} {mark}".rstrip()

    def _doses_note(self) -> Content:
        changed = {k: s for k, s in self.suggestions.items() if s.change != "new"}
        if not changed:
            return Content.styled("Doses: the routine's own (no earlier session of it yet).", "dim")
        if not self.use_suggestions:
            return Content.styled("Doses: the routine's own. d: back to the suggested ones.", "dim")
        reasons = "; ".join(
            f"{self.catalog.exercises[k].name} {CHANGE_MARK[s.change]} {s.reason}"
            for k, s in changed.items()
        )
        return Content.assemble(("Suggested from last time", "bold"), f" (d: routine's): {reasons}")

    def action_toggle_doses(self) -> None:
        self.use_suggestions = not self.use_suggestions
        self._fill()

    def action_start(self) -> None:
        app: LumbarApp = self.app  # type: ignore[assignment]
        loaded = bool(self.suggestions) or not self.use_suggestions
        app.start_session(self.routine.id, self.doses() if loaded else None)
