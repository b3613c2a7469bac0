"""One session in full: each set as planned and as done, events, and charts.

The lower pane shows the heart rate over the session with the exercises marked (``h``),
the accelerometer trace of the set under the cursor (``enter`` or ``a``), or the events
(``v``). ``e`` edits the note and ``D`` deletes the session after a y/n question; both
write in a thread, and the log is told what changed when this screen closes.
"""

from __future__ import annotations

import math
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import tzinfo
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Input, Label, Static

from db.connection import said
from db.errors import DatabaseProblem
from db.log import last_chunk_id, motion_chunks, motion_devices
from db.read_model import (
    SessionRow,
    StoredEvent,
    StoredSession,
    StoredSet,
    heart_rate_series,
    read_session,
)
from tui.log_clock import LogClock, Opener
from tui.widgets.cells import table_cells
from tui.widgets.charts import Line, LineChart, Span, ThinnedStream
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.table_layout import fitted_widths, wrap_cell
from tui.words import (
    advised_care,
    clock_text,
    done_text,
    duration_text,
    during_text,
    event_value_text,
    heart_rate_text,
    hold_quality_text,
    local_time_text,
    pain_phrase,
    pain_story,
    planned_text,
    routine_text,
    session_status_text,
    set_text,
    sets_done_text,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from sensors.packing import AccColumns

HEART_RATE_POINTS = 400
MOTION_POINTS = 600
"""Points per axis drawn for a set's trace (about four per screen column, peaks kept)."""
MG_PER_G = 1000.0

NOT_SHOWN_EVENTS = {"completed", "ended-early"}
"""Events the header already tells (the status)."""

SET_COLUMNS = (
    ("Exercise", 16),
    ("Set", 4),
    # "lengthened to" whole: "5 min, shortened to 4 min 55 s" on three lines
    ("Planned", 13),
    ("Done", 14),
    ("Held", 4),
    ("Sensed", 6),
    ("Form", 4),
)
"""The sets' columns at their least widths, which fit 80 columns; where the terminal has
room the exercise, then what was done, then what was planned, widen to their longest
(``fitted_widths``); where it has not, they wrap onto more lines of their row."""
SET_COLUMNS_GROWN = (0, 3, 2)
EVENT_COLUMNS = (("At", 6), ("Event", 14), ("Value", 24), ("During", 24))
EVENT_COLUMNS_GROWN = (3, 2)


@dataclass(frozen=True, slots=True)
class SessionChange:
    """What the detail screen changed: the session deleted, or its note now ``note``."""

    session_id: int
    deleted: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SessionView:
    """The stored session, and its heart rate thinned for the chart."""

    session: StoredSession
    heart_rate: tuple[tuple[float, int], ...]

    @property
    def row(self) -> SessionRow:
        return self.session.row

    @property
    def sets(self) -> tuple[StoredSet, ...]:
        return self.session.sets

    @property
    def events(self) -> tuple[StoredEvent, ...]:
        return tuple(e for e in self.session.timeline if e.kind not in NOT_SHOWN_EVENTS)


@dataclass(frozen=True, slots=True)
class MotionTrace:
    """A set's accelerometer samples (g) on session seconds, thinned for drawing."""

    device: str | None
    t_s: tuple[float, ...]
    x_g: tuple[float, ...]
    y_g: tuple[float, ...]
    z_g: tuple[float, ...]


def set_cells(stored: StoredSet) -> tuple[str, ...]:
    """A set's cells: exercise, set, planned, done, hold quality, reps sensed, form warnings."""
    return (
        stored.name,
        set_text(stored.set_number, stored.side),
        planned_text(stored),
        done_text(stored),
        hold_quality_text(stored),
        "" if stored.reps_sensed is None else str(stored.reps_sensed),
        "" if stored.form_warnings is None else str(stored.form_warnings),
    )


def event_cells(event: StoredEvent, session: StoredSession) -> tuple[str, ...]:
    """An event's cells: when, what, its value, during which exercise."""
    during = during_text(event.step_index, session)
    return (clock_text(event.t_s or 0.0), event.kind, event_value_text(event), during)


def load_session(db: Database, session_id: int) -> SessionView | None:
    """Everything the detail shows, read at once (in a thread: a few indexed queries)."""
    session = read_session(db, session_id)
    if session is None:
        return None
    series = heart_rate_series(db, session_id, max_points=HEART_RATE_POINTS)
    return SessionView(session, tuple(series))


def exercise_spans(session: StoredSession) -> list[Span]:
    """One span per run of sets of the same exercise, named after it."""
    spans: list[Span] = []
    for stored in session.sets:
        ran = session.span_of(stored)
        if ran is None:
            continue
        start, end = ran
        if spans and spans[-1].label == stored.name:
            spans[-1] = Span(spans[-1].start, end, stored.name)
        else:
            spans.append(Span(start, end, stored.name))
    return spans


def motion_trace(
    db: Database, session: StoredSession, stored: StoredSet | None
) -> MotionTrace | None:
    """The accelerometer samples of one set, or of the whole session (``stored`` None: a
    recording, which has no sets), thinned for the chart; None when none were recorded then.

    The stored chunks are read twice, one at a time: first to count the samples in the
    set's span (the chart's stretches are even shares of them), then to keep each
    stretch's lowest and highest; so an hour at 200 Hz never lies decoded in memory."""
    from sensors.packing import PackedChunk, acc_columns

    # The whole of it is every sample, also those timed before its clock began: a first
    # packet's samples are dated back from when it came.
    ran = (-math.inf, math.inf) if stored is None else session.span_of(stored)
    if ran is None:
        return None
    start, end = ran
    newest = last_chunk_id(db, session.id)  # both passes read the same chunks
    devices = motion_devices(db, session.id, start, end, up_to_id=newest)
    if not devices:
        return None
    sensor = None if stored is None else stored.sensor
    # The set's own wearable, else the first that streamed; a chunk stored with no device
    # (another tool's) only when there is nothing else.
    named = [device for device in devices if device is not None] or devices
    device = sensor if sensor is not None and sensor in named else named[0]

    def chunks(values: bool) -> Iterator[AccColumns]:
        for chunk in motion_chunks(db, session.id, start, end, device, up_to_id=newest):
            packed = PackedChunk(
                chunk.device, chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
            )
            yield acc_columns(packed, values=values)

    count = 0
    for times in chunks(values=False):
        inside = in_span(times, start, end)
        count += len(times.offsets_us if inside is None else inside)
    if count == 0:
        return None
    stream: ThinnedStream[Sample] = ThinnedStream(count, 3, MOTION_POINTS)
    for columns in chunks(values=True):
        inside = in_span(columns, start, end)
        shown = columns if inside is None else columns.only(inside)
        stream.add((shown.x_mg, shown.y_mg, shown.z_mg), partial(sample_in_g, shown))
    kept = stream.rows()
    return MotionTrace(
        device,
        tuple(t_s for t_s, _, _, _ in kept),
        tuple(x_g for _, x_g, _, _ in kept),
        tuple(y_g for _, _, y_g, _ in kept),
        tuple(z_g for _, _, _, z_g in kept),
    )


Sample = tuple[float, float, float, float]
"""One accelerometer sample: its time (session seconds), then x, y, z in g."""


def sample_in_g(columns: AccColumns, index: int) -> Sample:
    return (
        columns.time_s(index),
        columns.x_mg[index] / MG_PER_G,
        columns.y_mg[index] / MG_PER_G,
        columns.z_mg[index] / MG_PER_G,
    )


def in_span(columns: AccColumns, start: float, end: float) -> list[int] | None:
    """Which of a chunk's samples are timed within [start, end]: None for all of them (the
    usual case, told from its earliest and latest times alone), else their indices."""
    if not columns.offsets_us:
        return []
    earliest, latest = columns.time_span_s()
    if start <= earliest and latest <= end:
        return None
    if latest < start or end < earliest:
        return []
    return [i for i in range(len(columns.offsets_us)) if start <= columns.time_s(i) <= end]


class StepTable(DataTable[str]):
    """The sets; enter shows the highlighted one's accelerometer trace."""

    BINDINGS = [Binding("enter", "select_cursor", "Motion trace", id="session.trace")]


class EditNote(ModalScreen[str | None]):
    """The session's note, prefilled: enter saves (empty clears it), escape leaves it."""

    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (Input,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note-edit.cancel")]
    DEFAULT_CSS = """
    EditNote {
        align: center middle;
    }
    """

    def __init__(self, note: str | None) -> None:
        super().__init__()
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Label("The note of this session", classes="question-text")
            yield Input(self.note, placeholder="type, then enter", id="note", select_on_focus=False)
            yield Static(
                "enter: save (empty clears the note)   escape: leave it as it was",
                classes="question-hint",
            )
        yield Footer()  # its own keys, over those of the screen beneath

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDelete(ModalScreen[bool]):
    """y deletes the session; n or escape keeps it."""

    BINDINGS = [
        Binding("y", "answer(True)", "Delete it", id="delete.yes"),
        Binding("n", "answer(False)", "Keep it", id="delete.no"),
        Binding("escape", "answer(False)", "Keep it", id="delete.back", show=False),
    ]
    DEFAULT_CSS = """
    ConfirmDelete {
        align: center middle;
    }
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Label(Content(f"Delete {self.what}?"), classes="question-text")
            yield Static(
                "Its sets, events, heart rate and motion go too; nothing else is touched.\n"
                "y: delete it   n or escape: keep it",
                classes="question-hint",
            )
        yield Footer()  # its own keys, over those of the screen beneath

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class SessionDetailScreen(Screen[SessionChange | None]):
    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (StepTable, DataTable)
    """The widgets it holds that take keys before it (``tui.keymap``)."""
    AUTO_FOCUS = "#steps"
    BINDINGS = [
        Binding("a", "trace", "Motion trace", id="session.motion", show=False),
        Binding("h", "heart_rate", "Heart rate", id="session.heart"),
        Binding("v", "events", "Events", id="session.events"),
        Binding("e", "edit_note", "Note", id="session.note"),
        Binding("delete,D", "delete", "Delete", id="session.delete"),
        Binding("escape", "back", "Back", id="session.back"),
    ]

    DEFAULT_CSS = """
    SessionDetailScreen #detail-head {
        height: auto;
        max-height: 5;  /* a pain story adds a line or two */
        padding: 0 1;
    }
    SessionDetailScreen #steps {
        height: 1fr;
        min-height: 5;
        border: round $primary 50%;
    }
    SessionDetailScreen #steps:focus {
        border: round $primary;
    }
    SessionDetailScreen #lower {
        height: 11;
    }
    SessionDetailScreen #events {
        height: 1fr;
        border: round $secondary 50%;
    }
    """

    @dataclass
    class SessionLoaded(Message):
        view: SessionView | None

    @dataclass
    class TraceLoaded(Message):
        step: StoredSet | None  # None: the whole recording or session
        trace: MotionTrace | None
        problem: str | None = None  # why it could not be read

    @dataclass
    class NoteSaved(Message):
        note: str | None

    @dataclass
    class SessionDeleted(Message):
        session_id: int

    @dataclass
    class DatabaseFailed(Message):
        problem: str

    def __init__(self, database: Opener, session_id: int, clock: LogClock | None = None) -> None:
        super().__init__()
        self._database = database
        self.session_id = session_id
        self.clock = clock or LogClock()
        self.view: SessionView | None = None
        self.change: SessionChange | None = None
        self.title = f"Session {session_id}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="detail-head")
        yield StepTable(id="steps", cursor_type="row", zebra_stripes=True)
        with ContentSwitcher(initial="heart-chart", id="lower"):
            yield LineChart(
                "Heart rate, bpm",
                empty="No heart rate was recorded in this session.",
                id="heart-chart",
            )
            yield LineChart(
                "Motion", empty="Choose a set and press enter for its motion.", id="motion-chart"
            )
            yield DataTable[str](id="events", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StepTable).border_title = "Sets: planned and done"
        self.query_one("#events", DataTable).border_title = "Events"
        self._fill_tables()
        self.query_one("#detail-head", Static).update("Loading…")
        self._load()

    async def _db(self) -> Database | None:
        try:
            return await self._database()
        except DatabaseProblem as problem:
            self.post_message(self.DatabaseFailed(str(problem)))
            return None

    @work(exclusive=True, group="session-open")
    async def _load(self) -> None:
        db = await self._db()
        if db is not None:
            self._read(db)

    @work(thread=True, exclusive=True, group="session-read", exit_on_error=False)
    def _read(self, db: Database) -> None:
        try:
            view = load_session(db, self.session_id)
        except (DatabaseProblem, sqlite3.Error) as problem:
            self.post_message(self.DatabaseFailed(said(db, problem)))
            return
        self.post_message(self.SessionLoaded(view))

    def on_session_detail_screen_session_loaded(self, message: SessionLoaded) -> None:
        self.view = message.view
        head = self.query_one("#detail-head", Static)
        if message.view is None:
            head.update(f"Session {self.session_id} is not in the database (any more).")
            return
        view = message.view
        head.update(self._headline(view.session, self.clock.zone()))
        self._fill_tables()
        self._draw_heart_rate(view)
        if not view.heart_rate:
            self.query_one(ContentSwitcher).current = "events"

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill_tables)

    def _fill_tables(self) -> None:
        """The sets and the events, in columns as wide as the terminal allows."""
        view = self.view
        steps = self.query_one(StepTable)
        sets = [set_cells(stored) for stored in view.sets] if view is not None else []
        keys: list[str | None] = [str(s.step_index) for s in view.sets] if view is not None else []
        whole = self._seen_whole()
        if view is not None and whole is not None:  # a row for the motion outside any set
            row = (f"Whole {whole}", "", "", duration_text(view.row.duration_s), "", "", "")
            if whole == "recording":  # no sets: its one row is the recording
                sets, keys = [row], ["recording"]
                steps.border_title = "Recording"
            else:  # after the sets not done, if any
                # How many sets were done is the headline's, in the words the summary says it;
                # the title says "none done" only over no set at all (a set left part done is
                # no set done, but it was worked: "none done" over "4 reps, then ended" read
                # as if nothing was).
                sets, keys = [*sets, row], [*keys, "session"]
                steps.border_title = "Sets: planned and done" if view.sets else "Sets: none done"
        self._fill(steps, SET_COLUMNS, SET_COLUMNS_GROWN, sets, keys)
        events = [event_cells(e, view.session) for e in view.events] if view is not None else []
        table = self.query_one("#events", DataTable)
        self._fill(table, EVENT_COLUMNS, EVENT_COLUMNS_GROWN, events, [None] * len(events))

    def _fill(
        self,
        table: DataTable[str],
        columns: tuple[tuple[str, int], ...],
        grown: tuple[int, ...],
        rows: list[tuple[str, ...]],
        keys: list[str | None],
    ) -> None:
        # The events may be out of sight (no size): both tables are as wide as the screen.
        # A table's size is what is inside its border; its scrollbar's room is kept.
        steps = self.query_one(StepTable)
        padding = 2 * table.cell_padding * len(columns)
        room = steps.size.width - steps.styles.scrollbar_size_vertical - padding
        widths = fitted_widths(columns, rows, room, grown)
        shown = tuple(column.width for column in table.ordered_columns)
        if shown == widths and table.row_count == len(rows):
            return
        cursor = table.cursor_row
        table.clear(columns=True)
        for (label, _), width in zip(columns, widths, strict=True):
            table.add_column(label, width=width)
        for cells, key in zip(rows, keys, strict=True):
            # What does not fit its column (a long name, at 80 columns) goes on to a second
            # line, rather than being cut.
            lines = [
                wrap_cell(cell, width) if index in grown else [cell]
                for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ]
            wrapped = tuple("\n".join(cell_lines) for cell_lines in lines)
            table.add_row(*table_cells(wrapped), key=key, height=max(map(len, lines)))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def _headline(self, session: StoredSession, tz: tzinfo) -> Content:
        row = session.row
        what = routine_text(row)
        parts: list[str | tuple[str, str]] = [
            (f"{local_time_text(row.started_at, tz)} · {what}", "bold"),
            f" · {duration_text(row.duration_s)} · {session_status_text(row)}\n",
        ]
        facts = []
        story = pain_story(session)
        if row.kind == "routine":
            if story is None:
                facts.append(pain_phrase(row.pain_before, row.pain_after))
            facts.append(sets_done_text(row.sets_done, row.sets_planned, row.sets_skipped))
        if row.avg_bpm is not None:
            facts.append(f"heart rate {heart_rate_text(row.avg_bpm, row.peak_bpm)}")
        parts.append(" · ".join(facts) + "\n")
        if story is not None:
            care = advised_care(session.events)
            parts.append((f"{story}\n", "bold $error" if care else "bold $warning"))
        if row.note:
            parts += [("Note: ", "bold"), row.note]
        else:
            parts.append(("No note: e adds one.", "dim"))
        return Content.assemble(*parts)

    def _draw_heart_rate(self, view: SessionView) -> None:
        chart = self.query_one("#heart-chart", LineChart)
        series = view.heart_rate
        line = Line("", tuple(t for t, _ in series), tuple(float(b) for _, b in series))
        chart.show([line], spans=exercise_spans(view.session), integers=True)
        if view.row.avg_bpm is not None:
            chart.border_subtitle = heart_rate_text(view.row.avg_bpm, view.row.peak_bpm)

    def highlighted_step(self) -> StoredSet | None:
        table = self.query_one(StepTable)
        if self.view is None or not 0 <= table.cursor_row < len(self.view.sets):
            return None
        return self.view.sets[table.cursor_row]

    def _seen_whole(self) -> str | None:
        """What a row after the sets shows the motion of, whole: a recording (``lumbar
        record``: no sets), or a routine session with motion in which no set was done (none
        or only skipped ones: the motion would be out of reach); None: no such row."""
        view = self.view
        if view is None:
            return None
        if view.row.kind == "recording" and not view.sets:
            return "recording"
        if view.row.kind == "routine" and view.row.has_motion and view.row.sets_done == 0:
            return "session"
        return None

    def _motion_title(self, step: StoredSet | None) -> str:
        return motion_title(step, self._seen_whole() or "recording")

    @on(DataTable.RowSelected, "#steps")
    def action_trace(self) -> None:
        step = self.highlighted_step()
        if step is None and self._seen_whole() is None:
            return
        self.query_one(ContentSwitcher).current = "motion-chart"
        chart = self.query_one("#motion-chart", LineChart)
        if self.view is not None and not self.view.row.has_motion:
            chart.empty = "No motion was recorded in this session."
            chart.show([], title="Motion")
            return
        chart.empty = "Reading the motion…"
        chart.show([], title=self._motion_title(step))
        self._read_trace(step)

    @work(exclusive=True, group="session-trace")
    async def _read_trace(self, step: StoredSet | None) -> None:
        db = await self._db()
        if db is not None:
            self._decode_trace(db, step)

    @work(thread=True, exclusive=True, group="session-decode", exit_on_error=False)
    def _decode_trace(self, db: Database, step: StoredSet | None) -> None:
        if self.view is None:
            return
        try:
            trace = motion_trace(db, self.view.session, step)
        except (DatabaseProblem, sqlite3.Error) as problem:
            self.post_message(self.TraceLoaded(step, None, said(db, problem)))
            return
        except (ValueError, zlib.error) as problem:  # a chunk that does not decode
            problem_text = f"the motion cannot be read: {problem}"
            self.post_message(self.TraceLoaded(step, None, problem_text))
            return
        self.post_message(self.TraceLoaded(step, trace))

    def on_session_detail_screen_trace_loaded(self, message: TraceLoaded) -> None:
        if message.problem is not None:
            self.notify(message.problem, title="Session database", severity="error", timeout=15)
        if self.highlighted_step() != message.step:
            return  # the cursor moved on; its own trace is coming
        chart = self.query_one("#motion-chart", LineChart)
        trace = message.trace
        title = self._motion_title(message.step)
        if message.problem is not None:
            chart.empty = "The motion of this set cannot be read."
            chart.show([], title=title)
            return
        if trace is None:
            chart.empty = "No motion was recorded during this set."
            chart.show([], title=title)
            return
        # Seconds into the set, with a mark at each rep the wearable counted.
        step = message.step
        start = 0.0 if step is None else step.start_t_s or 0.0
        t_s = tuple(t - start for t in trace.t_s)
        reps = [] if step is None else [Span(t - start, t - start, "") for t in step.rep_times_s]
        chart.show(
            [
                Line("x", t_s, trace.x_g, "primary"),
                Line("y", t_s, trace.y_g, "accent"),
                Line("z", t_s, trace.z_g, "success"),
            ],
            spans=reps,
            title=title,
        )

    def action_heart_rate(self) -> None:
        self.query_one(ContentSwitcher).current = "heart-chart"

    def action_events(self) -> None:
        self.query_one(ContentSwitcher).current = "events"

    def action_edit_note(self) -> None:
        if self.view is None:
            return
        note = self.view.row.note if self.change is None else self.change.note
        self.app.push_screen(EditNote(note), self._note_answered)

    def _note_answered(self, note: str | None) -> None:
        if note is not None:
            self._save_note(note or None)

    @work(exclusive=True, group="session-note")
    async def _save_note(self, note: str | None) -> None:
        db = await self._db()
        if db is not None:
            self._write_note(db, note)

    @work(thread=True, exclusive=True, group="session-write", exit_on_error=False)
    def _write_note(self, db: Database, note: str | None) -> None:
        from db.edit import set_note

        try:
            set_note(db, self.session_id, note)
        except (DatabaseProblem, sqlite3.Error) as problem:
            self.post_message(self.DatabaseFailed(said(db, problem)))
            return
        self.post_message(self.NoteSaved(note))

    def on_session_detail_screen_note_saved(self, message: NoteSaved) -> None:
        if self.view is None:
            return
        updated = replace(self.view.row, note=message.note)
        self.view = replace(self.view, session=replace(self.view.session, row=updated))
        self.change = SessionChange(self.session_id, note=message.note)
        self.query_one("#detail-head", Static).update(
            self._headline(self.view.session, self.clock.zone())
        )
        self.notify("Note saved." if message.note else "Note cleared.")

    def action_delete(self) -> None:
        if self.view is None:
            return
        if self.view.row.status == "running":
            self.notify(
                f"Session {self.session_id} is still being recorded; delete it once it ends.",
                severity="warning",
            )
            return
        started = local_time_text(self.view.row.started_at, self.clock.zone())
        what = f"the session of {started} ({routine_text(self.view.row)})"
        self.app.push_screen(ConfirmDelete(what), self._delete_answered)

    def _delete_answered(self, yes: bool | None) -> None:
        if yes:
            self._delete()

    @work(exclusive=True, group="session-delete")
    async def _delete(self) -> None:
        db = await self._db()
        if db is not None:
            self._write_delete(db)

    @work(thread=True, exclusive=True, group="session-write", exit_on_error=False)
    def _write_delete(self, db: Database) -> None:
        from db.edit import delete_session

        try:
            delete_session(db, self.session_id)
        except (DatabaseProblem, sqlite3.Error) as problem:
            self.post_message(self.DatabaseFailed(said(db, problem)))
            return
        self.post_message(self.SessionDeleted(self.session_id))

    def on_session_detail_screen_session_deleted(self, message: SessionDeleted) -> None:
        self.notify(f"Session {message.session_id} deleted.")
        self.dismiss(SessionChange(message.session_id, deleted=True))

    def on_session_detail_screen_database_failed(self, message: DatabaseFailed) -> None:
        self.notify(message.problem, title="Session database", severity="error", timeout=15)

    def action_back(self) -> None:
        self.dismiss(self.change)


def motion_title(stored: StoredSet | None, whole: str = "recording") -> str:
    """The motion chart's title: of a set, or (``stored`` None) of the whole ``whole``."""
    if stored is None:
        return f"Motion · the whole {whole}: g over s"
    return f"Motion · {stored.name} {set_text(stored.set_number, stored.side)}: g over s"
