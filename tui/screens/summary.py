"""After a session: what was done against the plan, pain before and after, the note."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from catalog import Catalog, Routine
from catalog.describe import amount_text
from catalog.plan import PlannedStep
from db.sessions import StepSensing
from tui.live.engine import StepResult

STATUS_TEXT = {"completed": "Completed", "ended-early": "Ended early"}


def done_text(mode: str, result: StepResult) -> str:
    if result.skipped and not result.reps_done and not result.holds_s:
        return "skipped"
    if mode == "hold":
        held = [round(h) for h in result.holds_s]
        if not held:
            text = "no hold"
        elif len(set(held)) == 1:
            text = f"{len(held)} × {held[0]} s" if len(held) > 1 else f"{held[0]} s"
        else:
            text = ", ".join(str(h) for h in held) + " s"
    elif mode == "reps":
        text = f"{result.reps_done} reps"
    else:
        text = f"{round(result.active_s)} s"
    return f"{text}, then skipped" if result.skipped else text


def sensed_text(mode: str, sensing: StepSensing) -> str:
    """What the wearable saw in one set, in a few words."""
    parts = []
    if mode == "reps" and sensing.reps_sensed is not None:
        parts.append(f"{sensing.reps_sensed} counted")
    if mode == "hold" and sensing.hold_breaks:
        breaks = "break" if sensing.hold_breaks == 1 else "breaks"
        parts.append(f"{sensing.hold_breaks} {breaks} ({round(sensing.broken_s or 0)} s)")
    if sensing.form_warnings:
        parts.append(f"⚠{sensing.form_warnings}")
    if sensing.avg_bpm is not None:
        parts.append(f"♥{sensing.avg_bpm:.0f}")
    return " · ".join(parts)


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="summary.close"),
        Binding("enter", "close", "Close", id="summary.done", show=False),
    ]

    def __init__(
        self,
        *,
        routine: Routine,
        catalog: Catalog,
        steps: Sequence[PlannedStep],
        results: Sequence[StepResult],
        status: str,
        pain_before: int | None,
        pain_after: int | None,
        note: str | None,
        session_id: int | None,
        sensed: Mapping[int, StepSensing] | None = None,
    ) -> None:
        super().__init__()
        self.sensed = sensed or {}
        self.routine = routine
        self.catalog = catalog
        self.steps = steps
        self.results = results
        self.status = status
        self.pain_before = pain_before
        self.pain_after = pain_after
        self.note = note
        self.session_id = session_id
        self.title = f"{routine.name}: summary"

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary"):
            yield Static(self._headline(), id="summary-headline")
            yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
            yield Static(self._footer_text(), id="summary-note")
        yield Footer()

    def _headline(self) -> Content:
        planned = sum(1 for s in self.steps if s.kind == "work")
        done = sum(1 for r in self.results if not r.skipped)
        skipped = sum(1 for r in self.results if r.skipped)
        parts: list[str | tuple[str, str]] = [
            (STATUS_TEXT.get(self.status, self.status), "bold"),
            f": {done} of {planned} sets done",
            f", {skipped} skipped" if skipped else "",
            f".  Pain {_pain(self.pain_before)} → {_pain(self.pain_after)}",
        ]
        before, after = self.pain_before, self.pain_after
        if before is not None and after is not None and after > before:
            parts.append(
                (
                    "\nPain went up: next time lumbar suggests easier doses. If it stays or "
                    "is severe, see a health professional.",
                    "bold $warning",
                )
            )
        return Content.assemble(*parts)

    def _footer_text(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        if self.note:
            parts += [("Note: ", "bold"), f"{self.note}\n"]
        if self.session_id is not None:
            parts += [
                f"Saved as session {self.session_id}: ",
                (f"lumbar log show {self.session_id}", "bold"),
            ]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = "Done against the plan"
        table.add_columns("Exercise", "Set", "Planned", "Done")
        if self.sensed:
            table.add_column("Sensor")
        by_index = {r.index: r for r in self.results}
        for index, step in enumerate(self.steps):
            if step.kind != "work" or step.dose is None:
                continue
            exercise = self.catalog.exercises[step.exercise_id]
            result = by_index.get(index)
            side = f" {step.side}" if step.side else ""
            cells = [
                exercise.name,
                f"{step.set_number}{side}",
                amount_text(exercise.mode, step.dose),
                done_text(exercise.mode, result) if result else "not reached",
            ]
            if self.sensed:
                sensing = self.sensed.get(index)
                cells.append(sensed_text(exercise.mode, sensing) if sensing else "")
            table.add_row(*cells)

    def action_close(self) -> None:
        self.dismiss()


def _pain(level: int | None) -> str:
    return "not given" if level is None else f"{level}/10"
