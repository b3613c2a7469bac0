"""A routine before it starts: what it holds, today's doses and the plan of steps.

Doses are suggested from the routine's past sessions (``catalog.progression``), each with
its reason, shown for the exercise of the highlighted step. ``d`` switches between those
and the routine's own doses, ``e`` changes the highlighted exercise's dose for the
next session (the app keeps it while it runs), ``p`` pins it (kept until unpinned, in the
database), ``s`` starts the session (the suggestions worked out again then).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar

from msgspec.structs import replace
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Markdown, Static

from catalog import Catalog, Routine
from catalog.describe import amount_text, dose_text, routine_markdown, seconds_text
from catalog.models import Dose
from catalog.plan import PlannedStep, item_dose
from catalog.progression import Suggestion
from db.errors import DatabaseProblem
from tui.doses import plan
from tui.settings import Settings
from tui.widgets.footer import Footer
from tui.widgets.header import Header

if TYPE_CHECKING:
    from sqlite_utils import Database

    from tui.app import LumbarApp

CHANGE_MARK = {
    "up": "↑",
    "down": "↓",
    "same": "=",
    "target": "★",
    "new": "",
    "pinned": "⚑",
    "yours": "✎",
}

STEP_NAMES = {"ready": "get ready", "work": "", "switch": "switch side", "rest": "rest"}

YOURS = "changed by you for the next session"


class RoutineScreen(Screen[None]):
    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (DataTable,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""
    AUTO_FOCUS = "#plan"  # the arrows go through the steps; the note follows the exercise
    BINDINGS = [
        Binding("s", "start", "Start session", id="routine.start"),
        # d says what it switches to: one binding per state, the one that applies is active.
        Binding("d", "toggle_doses('suggested')", "Routine's doses", id="routine.doses"),
        Binding("d", "toggle_doses('own')", "Suggested doses", id="routine.doses"),
        Binding("e", "edit_dose", "Dose", id="routine.edit_dose"),
        # p says what it does to the highlighted exercise: pin it, or unpin it.
        Binding("p", "pin_dose('pin')", "Pin", id="routine.pin_dose"),
        Binding("p", "pin_dose('unpin')", "Unpin", id="routine.pin_dose"),
        Binding("escape", "app.pop_screen", "Back", id="routine.back"),
    ]

    def __init__(
        self,
        routine: Routine,
        catalog: Catalog,
        settings: Settings,
        database: Callable[[], Awaitable[Database]] | None = None,
        *,
        reading: Callable[[], Awaitable[Database]] | None = None,
        include_demo: bool = False,
        yours: dict[str, Dose] | None = None,
    ) -> None:
        """``database``: the session database, where pins are written; ``reading``: the
        same file to read the past sessions from, even when it cannot be written (read-only:
        the doses shown are those ``lumbar routines show`` gives); ``database`` if not given.
        ``yours``: the doses the person changed (``e``) for the routine's next session,
        kept by the app while it runs, so that leaving this screen does not lose them."""
        super().__init__()
        self.routine = routine
        self.catalog = catalog
        self.settings = settings
        self._database = database
        self._reading = reading or database
        self._unread = False
        """The past sessions could not be read: the doses are the routine's own."""
        self._include_demo = include_demo
        self.suggestions: dict[str, Suggestion] = {}
        self.use_suggestions = True
        self.yours: dict[str, Dose] = {} if yours is None else yours
        """Doses the person changed (``e``), for the next session (which clears them)."""
        self._loaded = database is None
        """The suggestions are read (or cannot be): until then ``e`` and ``p`` wait, since
        whether the exercise is pinned, and at what, is not known yet."""
        self._reads = 0
        """Reads of the suggestions begun: only the newest is shown (one begun before a pin
        was written may finish after the one begun after it)."""
        self._pins_to_tell: dict[str, tuple[Dose, int]] = {}
        """Pins written, each with the number of reads begun before it was: its line waits
        for the screen to show a read begun after (what the next session does with the pin
        is that read's), whichever read that is."""
        self._pin_writes = asyncio.Lock()
        """Pins and unpins are written one at a time, in the order pressed."""
        self._steps: list[PlannedStep] = []
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
        if self._reading is not None:
            self._load_suggestions()

    @work(exclusive=True, group="suggestions")
    async def _load_suggestions(self) -> None:
        await self._read_suggestions()

    async def _read_suggestions(self) -> None:
        from tui.history import routine_suggestions

        assert self._reading is not None
        self._reads += 1
        this_read = self._reads
        try:
            db = await self._reading()
            # In a thread, as every read of the past sessions is (``tui.screens.summary``):
            # on years of sessions it takes a noticeable moment, and the keys go on meanwhile.
            suggestions = await asyncio.to_thread(
                routine_suggestions, db, self.routine, self.catalog, include_demo=self._include_demo
            )
        except DatabaseProblem as problem:  # unopened, or damaged where the past sessions are
            from tui.app import LumbarApp

            # Told by the app, once (a file that did not open was told as it failed).
            self.app.post_message(LumbarApp.DatabaseUnusable(str(problem)))
            if this_read != self._reads:
                return
            self._loaded = self._unread = True
            self._fill()
            self._tell_pins(this_read, read=False)
            return
        if this_read != self._reads:  # a newer read began meanwhile: it is the one to show
            return
        self.suggestions = suggestions
        self._loaded = True
        self._unread = False
        if not self.query("#plan"):  # closed while the thread read (lumbar quitting)
            return
        self._fill()
        self._tell_pins(this_read, read=True)

    def doses(self) -> dict[str, Dose]:
        """The doses a session started now would use."""
        base = {k: s.dose for k, s in self.suggestions.items()} if self.use_suggestions else {}
        return {**base, **self.yours}

    def dose_of(self, exercise_id: str) -> Dose:
        """The dose shown for one exercise of the routine."""
        found = self.doses().get(exercise_id)
        if found is not None:
            return found
        item = next(i for i in self.routine.items if i.exercise == exercise_id)
        return item_dose(self.catalog.exercises[exercise_id], item.dose)

    def change_of(self, exercise_id: str) -> tuple[str, str]:
        """The mark and the reason shown for one exercise's dose."""
        if exercise_id in self.yours:
            return "yours", YOURS
        suggestion = self.suggestions.get(exercise_id)
        if not self.use_suggestions:
            pinned = suggestion is not None and suggestion.pinned
            return "new", "the routine's own" + (" (pinned: d shows it)" if pinned else "")
        if suggestion is None:
            unread = ": the past sessions cannot be read" if self._unread else ""
            return "new", f"the routine's own{unread}"
        return suggestion.change, suggestion.reason

    def _fill(self) -> None:
        table = self.query_one("#plan", DataTable)
        row = table.cursor_row
        table.clear()
        self._steps = plan(self.routine, self.catalog, self.settings.rest_s, self.doses())
        for number, step in enumerate(self._steps, start=1):
            table.add_row(
                str(number),
                self._exercise_cell(step),
                self._what(step),
                seconds_text(step.estimate_s),
            )
        if self._steps:
            table.move_cursor(row=min(row, len(self._steps) - 1))
        self._show_note()

    def _exercise_cell(self, step: PlannedStep) -> str:
        return self.catalog.exercises[step.exercise_id].name if step.kind != "rest" else ""

    def _what(self, step: PlannedStep) -> str:
        if step.dose is None:
            return STEP_NAMES[step.kind]
        exercise = self.catalog.exercises[step.exercise_id]
        side = f" {step.side}" if step.side else ""
        mark = CHANGE_MARK[self.change_of(step.exercise_id)[0]]
        amount = amount_text(exercise.mode, step.dose)
        return f"set {step.set_number}{side}: {amount} {mark}".rstrip()

    def highlighted_exercise(self) -> str | None:
        """The exercise of the highlighted step (a rest: the exercise it follows)."""
        row = self.query_one("#plan", DataTable).cursor_row
        return self._steps[row].exercise_id if 0 <= row < len(self._steps) else None

    def on_data_table_row_highlighted(self) -> None:
        self._show_note()

    def _show_note(self) -> None:
        self.query_one("#doses-note", Static).update(self._doses_note())
        self.refresh_bindings()  # p pins or unpins the exercise highlighted

    def _doses_note(self) -> Content:
        exercise_id = self.highlighted_exercise()
        if not self._loaded or exercise_id is None:
            return Content.styled("Doses: reading the last sessions…", "dim")
        exercise = self.catalog.exercises[exercise_id]
        change, reason = self.change_of(exercise_id)
        mark = CHANGE_MARK[change]
        heading = "Today" if self.use_suggestions else "Routine's own"
        return Content.assemble(
            (f"{heading}: ", "bold"),
            (f"{exercise.name} {mark}".rstrip(), "bold"),
            f" {dose_text(exercise, self.dose_of(exercise_id))}: {reason}.",
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_doses":
            return parameters[0] == ("suggested" if self.use_suggestions else "own")
        if action in ("edit_dose", "pin_dose") and not self._loaded:
            return False  # pinned or not, and at what, is not read yet (the footer waits too)
        if action == "pin_dose":
            exercise_id = self.highlighted_exercise()
            pinned = exercise_id is not None and self._pinned(exercise_id)
            return parameters[0] == ("unpin" if pinned else "pin")
        return True

    def action_toggle_doses(self, showing: str) -> None:
        self.use_suggestions = showing != "suggested"
        self._fill()
        self.refresh_bindings()

    def action_edit_dose(self) -> None:
        from tui.screens.dose_editor import DoseEditor

        exercise_id = self.highlighted_exercise()
        if exercise_id is None:
            return
        pinned = self._pinned(exercise_id)
        # A pinned one opens at the pin itself, even on the session it is eased for: the
        # numbers kept are those the person enters.
        start = self.pin_of(exercise_id) if pinned else self.dose_of(exercise_id)

        def changed(dose: Dose | None) -> None:
            if dose is None or dose == start:
                return
            if pinned:  # a pinned dose changed stays pinned, at the new numbers
                self._store_pin(exercise_id, dose)
            else:
                self.yours[exercise_id] = dose
                self._fill()

        exercise = self.catalog.exercises[exercise_id]
        self.app.push_screen(DoseEditor(exercise, start, pinned=pinned), changed)

    def action_pin_dose(self, _: str = "pin") -> None:
        """Pin the highlighted exercise, or unpin it (the footer says which)."""
        exercise_id = self.highlighted_exercise()
        if exercise_id is None:
            return
        if self._pinned(exercise_id):
            self._store_pin(exercise_id, None)
        else:
            self._store_pin(exercise_id, self.pin_of(exercise_id))

    def pin_of(self, exercise_id: str) -> Dose:
        """The dose ``p`` keeps for the exercise: the dose shown, but never one eased for a
        session after pain (that easing is lumbar's, for one session: the pin is the dose it
        eased from, and that session stays a step below it). A lower dose is pinned by
        choosing it (``e``, then ``p``)."""
        suggestion = self.suggestions.get(exercise_id)
        eased = exercise_id not in self.yours and self.use_suggestions
        if eased and suggestion is not None and suggestion.eased_from is not None:
            return suggestion.eased_from
        return self.dose_of(exercise_id)

    def _pinned(self, exercise_id: str) -> bool:
        suggestion = self.suggestions.get(exercise_id)
        return suggestion is not None and suggestion.pinned

    @work(group="pins")  # not exclusive: a second pin cancelled the first one's line
    async def _store_pin(self, exercise_id: str, dose: Dose | None) -> None:
        from db.dose_pins import pin_dose, unpin_dose

        name = self.catalog.exercises[exercise_id].name
        if self._database is None:
            return
        try:
            async with self._pin_writes:  # one at a time, in the order pressed
                db = await self._database()
                if dose is None:
                    await asyncio.to_thread(unpin_dose, db, self.routine.id, exercise_id)
                else:
                    await asyncio.to_thread(
                        pin_dose,
                        db,
                        self.routine.id,
                        exercise_id,
                        sets=dose.sets,
                        reps=dose.reps,
                        hold_s=dose.hold_s,
                        duration_s=dose.duration_s,
                    )
        except DatabaseProblem as problem:
            self.notify(f"{problem}. The pin is not kept.", title="Pin", severity="error")
            return
        self.yours.pop(exercise_id, None)
        self.use_suggestions = True
        if dose is None:
            self._pins_to_tell.pop(exercise_id, None)  # a pin not told yet is gone
            self.notify(f"{name}: unpinned; the suggested dose follows again.", title="Pin")
            self._load_suggestions()
            return
        # What the next session does with the pin is the suggestion read with it: the line
        # is told once the screen shows a read begun after the pin was written (this one,
        # or a newer one begun meanwhile: only the newest is shown).
        self._pins_to_tell[exercise_id] = (dose, self._reads)
        await self._read_suggestions()

    def _tell_pins(self, shown_read: int, *, read: bool) -> None:
        """The line of each pin written before read ``shown_read`` began, now shown (``read``:
        the suggestions were read; else they could not be, and only the pin is said)."""
        for exercise_id, (dose, reads_before) in list(self._pins_to_tell.items()):
            if shown_read <= reads_before:
                continue
            del self._pins_to_tell[exercise_id]
            suggestion = self.suggestions.get(exercise_id) if read else None
            self.notify(self._pinned_text(exercise_id, dose, suggestion), title="Pin")

    def _pinned_text(self, exercise_id: str, dose: Dose, suggestion: Suggestion | None) -> str:
        """The line for a pin, with what the next session does with it (``suggestion``)."""
        exercise = self.catalog.exercises[exercise_id]
        today = ""
        if suggestion is not None and suggestion.pinned and suggestion.change == "down":
            shown = dose_text(exercise, replace(suggestion.dose, rest_s=None))  # as the pin's
            today = (
                f"; the next session is a step below it ({shown}) after the pain last time"
                if suggestion.eased_below_pin
                else f"; the next session is {shown} after the pain last time, "
                f"{suggestion.eased_below}"
            )
        pin = dose_text(exercise, replace(dose, rest_s=None))  # the rest stays the routine's
        return f"{exercise.name}: pinned at {pin}{today}."

    def action_start(self) -> None:
        """Start the session. Suggested doses are worked out again as it starts, not taken
        from this screen: a session of another routine may have ended since they were read
        (begun at pain 8 in another terminal: no step up). The app reads them, pins
        included, with the person's changes (``yours``: the app's own for this routine) over
        them, and starts them, saying which differ from the doses shown here and why (none
        when started while they are still read: none was shown, and ``s`` does not wait as
        ``e`` and ``p`` do, a read of years of sessions taking a moment); the routine's own
        doses (``d``) go as they are, with those changes."""
        app: LumbarApp = self.app  # type: ignore[assignment]
        if not self.use_suggestions:
            app.start_session(self.routine.id, self.doses())
            return
        if not self._loaded:  # "reading the last sessions…": no dose was shown to differ from
            app.start_session(self.routine.id)
            return
        shown = {
            item.exercise: self.dose_of(item.exercise)
            for item in self.routine.items
            if item.exercise in self.catalog.exercises
        }
        app.start_session(self.routine.id, shown=shown)
