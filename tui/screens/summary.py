"""After a session: what was done against the plan, pain before and after, the note.

It shows the session as stored (the read model), in the words every other face uses:
``load_summary`` writes what the session's writer still holds and reads the session back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from catalog import Catalog
from catalog.plan import PlannedStep
from catalog.progression import Suggestion
from db.errors import DatabaseProblem
from db.read_model import StoredSession, StoredSet, read_session
from tui.doses import pain_rose_text
from tui.live.pain import SEEK_CARE
from tui.sizes import SUMMARY, Minimum
from tui.widgets.cells import table_cells
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.table_layout import TABLE_FRAME_W, fitted_widths, wrap_cell
from tui.words import (
    NOT_REACHED,
    advised_care,
    amount_text,
    done_text,
    pain_phrase,
    pain_story,
    planned_text,
    sensed_text,
    session_status_text,
    set_text,
    sets_done_text,
)

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import App

    from db.sessions import SessionWriter
    from db.unsaved import KeepAside
    from tui.locations import Locations


def load_summary(writer: SessionWriter) -> tuple[StoredSession, str | None]:
    """The finished session as stored, after writing what ``writer`` still holds; with the
    problem when that last write failed (the session is then shown as stored so far, and the
    writer keeps what it holds for the next try). Blocking: call it from a thread.
    ``DatabaseProblem`` when the session cannot be read back at all."""
    problem = None
    try:
        writer.flush()
    except DatabaseProblem as failed:
        problem = str(failed)
    session = read_session(writer.db, writer.session_id)
    if session is None:
        raise DatabaseProblem(f"session {writer.session_id} is no longer in the database")
    return session, problem


async def summary_of(
    app: App[object],
    writer: SessionWriter,
    *,
    plan: Sequence[PlannedStep],
    catalog: Catalog,
    database: Callable[[], Awaitable[Database]],
    locations: Locations | None = None,
    keep_aside: KeepAside | None = None,
) -> SummaryScreen:
    """The summary of the session ``writer`` wrote, read back as stored (in a thread), with
    the check-ins due offered on it. ``DatabaseProblem`` when it cannot be read back.
    ``keep_aside``: where its answers a damaged file cannot take go (``AfterSession``)."""
    from catalog.measures import NAMES
    from tui.screens.outcomes import AfterSession, ask, due_now

    session, unsaved = await asyncio.to_thread(load_summary, writer)
    try:
        due = await asyncio.to_thread(due_now, writer.db)
    except Exception:  # a check-in never stands between a person and their summary
        due = ()
    try:
        next_doses = await asyncio.to_thread(_next_doses, writer.db, session, catalog)
    except Exception:  # nor does what it says of the next session: then it promises nothing
        next_doses = None

    def check_in() -> None:
        after = AfterSession(writer.db, writer.key, keep_aside)
        answers = ask(app, database, due, after=after)
        app.run_worker(answers, group="outcomes", exclusive=True, exit_on_error=False)

    return SummaryScreen(
        session,
        plan=plan,
        catalog=catalog,
        unsaved=unsaved,
        check_ins=[NAMES[m] for m in due],
        check_in=check_in,
        locations=locations,
        next_doses=next_doses,
    )


def _next_doses(
    db: Database, session: StoredSession, catalog: Catalog
) -> dict[str, Suggestion] | None:
    """The doses the routine's next session will suggest, now this one is stored (None for
    a routine no longer in the catalog)."""
    from tui.history import routine_suggestions

    routine = catalog.routines.get(session.row.routine_id or "")
    if routine is None:
        return None
    return routine_suggestions(db, routine, catalog, include_demo=session.row.demo)


SUMMARY_COLUMNS = (
    ("Exercise", 16),
    ("Set", 3),
    ("Planned", 9),
    ("Done", 18),  # "2 reps, unfinished"
    ("Sensor", 20),  # "87% held · 1 break" (the heart rate wraps)
)
"""The summary's columns at their least widths, which fit 80 columns (the sensor's only when
a wearable saw a set); where the terminal has room each widens to its longest (the set and
the plan first: a long hold, "10 × 1 min 30 s", or a set past the ninth, "10 L"), and where
it has not, a cell wraps."""
SUMMARY_COLUMNS_GROWN = (1, 2, 0, 3, 4)


class SummaryScreen(Screen[None]):
    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (DataTable,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""
    BINDINGS = [
        Binding("escape", "close", "Close", id="summary.close"),
        Binding("enter", "close", "Close", id="summary.done", show=False),
        Binding("k", "check_in", "Check-in", id="summary.check_in"),
    ]

    @staticmethod
    def room_needed() -> Minimum:
        """The session's last screen: where the session ran, its summary is read too."""
        return SUMMARY

    def __init__(
        self,
        session: StoredSession,
        *,
        plan: Sequence[PlannedStep] = (),
        catalog: Catalog | None = None,
        unsaved: str | None = None,
        check_ins: Sequence[str] = (),
        check_in: Callable[[], None] | None = None,
        locations: Locations | None = None,
        next_doses: Mapping[str, Suggestion] | None = None,
    ) -> None:
        """``session``: the session as stored (``load_summary``); ``plan``: the steps it
        planned, so that the sets never reached are listed too (their exercises from
        ``catalog``); ``unsaved``: why its last rows are not in the database yet;
        ``check_ins``: the questionnaires due (their names), which ``check_in`` asks;
        ``locations``: where it is saved, for the command that shows it again;
        ``next_doses``: what the routine's next session suggests, so that what the summary
        says of it is true (None: not known, and nothing is promised)."""
        super().__init__()
        self.session = session
        self.plan = tuple(plan)
        self.catalog = catalog
        self.unsaved = unsaved
        self.check_ins = tuple(check_ins) if check_in is not None else ()
        self._check_in = check_in
        self._locations = locations
        self.next_doses = next_doses
        self._rows: list[tuple[str, ...]] = []
        self.title = f"{session.row.routine_name or session.row.routine_id}: summary"

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary"):
            yield Static(self.headline(), id="summary-headline")
            yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
            yield Static(self._footer_text(), id="summary-note")
        yield Footer()

    def headline(self) -> Content:
        session = self.session
        row = session.row
        status = session_status_text(row)
        story = pain_story(session)
        parts: list[str | tuple[str, str]] = [
            (status[:1].upper() + status[1:], "bold"),
            f": {sets_done_text(row.sets_done, row.sets_planned, row.sets_skipped)}.  ",
            story or pain_phrase(row.pain_before, row.pain_after),
        ]
        if advised_care(session.events):
            parts.append((f"\n{SEEK_CARE}", "bold $error"))
        elif self._pain_rose():
            text = pain_rose_text(self.next_doses, self.catalog)
            parts.append((f"\n{text}", "bold $warning"))
        return Content.assemble(*parts)

    def _pain_rose(self) -> bool:
        """Pain above the session's start, after it or reported during it."""
        before, after = self.session.row.pain_before, self.session.row.pain_after
        during = [e.value for e in self.session.events if e.kind == "pain" and e.value]
        later = [level for level in (after, *during) if level is not None]
        return before is not None and any(level > before for level in later)

    def _footer_text(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        note = self.session.row.note
        if note:
            parts += [("Note: ", "bold"), f"{note}\n"]
        if self.unsaved is not None:
            parts.append(
                (f"Not all of it is saved yet ({self.unsaved}); lumbar keeps trying.\n", "$error")
            )
        session_id = self.session.id
        show = f"log show {session_id}"
        command = self._locations.command(show) if self._locations else f"lumbar {show}"
        parts += [f"Saved as session {session_id}: ", (command, "bold")]
        if self.check_ins:
            due = " and ".join(self.check_ins)
            parts += [("\nCheck-in due: ", "bold"), f"{due}. k answers now; escape skips it."]
        return Content.assemble(*parts)

    def rows(self) -> list[tuple[str, ...]]:
        """The table's rows: each set planned (or, without the plan, each set stored) with
        what was done, and what a wearable saw when one took part."""
        stored = {s.step_index: s for s in self.session.sets}
        rows: list[tuple[str, ...]] = []
        for index, step in enumerate(self.plan):
            if step.kind != "work" or step.dose is None:
                continue
            done = stored.pop(index, None)
            if done is not None:
                rows.append(self._cells(done))
            elif self.catalog is not None:
                exercise = self.catalog.exercises[step.exercise_id]
                amount = amount_text(
                    exercise.mode, step.dose.reps, step.dose.hold_s, step.dose.duration_s
                )
                what = (exercise.name, set_text(step.set_number, step.side), amount, NOT_REACHED)
                rows.append((*what, ""))
        rows += [self._cells(s) for s in stored.values()]  # sets beyond the plan given
        if not any(row[-1] for row in rows):
            rows = [row[:-1] for row in rows]
        return rows

    @staticmethod
    def _cells(stored: StoredSet) -> tuple[str, ...]:
        what = (stored.name, set_text(stored.set_number, stored.side), planned_text(stored))
        return (*what, done_text(stored), sensed_text(stored))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = "Done against the plan"
        self._rows = self.rows()
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        """The table in the terminal's width: at 80 columns a long exercise, what was done
        and what the wearable saw wrap onto a second line rather than being cut; wider,
        they show whole on one."""
        table = self.query_one(DataTable)
        rows = self._rows
        columns = SUMMARY_COLUMNS[: len(rows[0])] if rows else SUMMARY_COLUMNS[:4]
        grown = tuple(index for index in SUMMARY_COLUMNS_GROWN if index < len(columns))
        padding = 2 * table.cell_padding * len(columns)
        room = (self.size.width or self.app.size.width) - TABLE_FRAME_W - padding
        widths = fitted_widths(columns, rows, room, grown)
        if tuple(column.width for column in table.ordered_columns) == widths:
            return
        table.clear(columns=True)
        for (label, _), width in zip(columns, widths, strict=True):
            table.add_column(label, width=width)
        for row in rows:
            lines = [
                wrap_cell(cell, width) if index in grown else [cell]
                for index, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            wrapped = tuple("\n".join(cell_lines) for cell_lines in lines)
            table.add_row(*table_cells(wrapped), height=max(map(len, lines)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check_in":
            return bool(self.check_ins)
        return True

    def action_check_in(self) -> None:
        """Answer the questionnaires due now (every question can be skipped)."""
        if self._check_in is not None:
            self._check_in()
        self.check_ins = ()
        self.query_one("#summary-note", Static).update(self._footer_text())
        self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss()
