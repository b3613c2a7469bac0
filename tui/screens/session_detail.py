"""One session in full: each set as planned and as done, events, and charts.

The lower pane shows the heart rate over the session with the exercises marked (``h``),
the accelerometer trace of the set under the cursor (``enter`` or ``a``), or the events
(``v``). ``e`` edits the note and ``D`` deletes the session after a y/n question; both
write in a thread, and the log is told what changed when this screen closes.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, Input, Label, Static

from db.errors import DatabaseProblem
from db.log import LogRow, heart_rate_series, hold_quality, log_row, motion_chunks
from tui.screens.log import (
    LogClock,
    Opener,
    SessionChange,
    duration_text,
    local_text,
    pain_text,
    routine_text,
    status_text,
    table_cells,
)
from tui.step_text import planned_text
from tui.widgets.charts import Line, LineChart, Span, thinned_indices

if TYPE_CHECKING:
    from sqlite_utils import Database

HEART_RATE_POINTS = 400
MOTION_POINTS = 600
"""Points per axis drawn for a set's trace (about four per screen column, peaks kept)."""

NOT_SHOWN_EVENTS = {"completed", "ended-early"}
"""Events the header already tells (the status)."""


@dataclass(frozen=True, slots=True)
class StepView:
    """One set of the session, as the table shows it."""

    step_index: int
    exercise: str
    set_text: str
    planned: str
    done: str
    quality: str
    sensed: str
    form: str
    start_t_s: float | None
    end_t_s: float | None
    sensor: str | None
    rep_times_s: tuple[float, ...]

    def cells(self) -> tuple[str, ...]:
        what = (self.exercise, self.set_text, self.planned, self.done)
        return (*what, self.quality, self.sensed, self.form)


@dataclass(frozen=True, slots=True)
class EventView:
    t_s: float
    kind: str
    value: float | None
    during: str
    detail: str


@dataclass(frozen=True, slots=True)
class SessionView:
    row: LogRow
    steps: tuple[StepView, ...]
    events: tuple[EventView, ...]
    heart_rate: tuple[tuple[float, int], ...]


@dataclass(frozen=True, slots=True)
class MotionTrace:
    """A set's accelerometer samples (mG) on session seconds, thinned for drawing."""

    device: str
    t_s: tuple[float, ...]
    x_mg: tuple[float, ...]
    y_mg: tuple[float, ...]
    z_mg: tuple[float, ...]


def done_text(step: dict[str, Any]) -> str:
    holds = step["holds_s"]
    if step["skipped"] and not step["reps_done"] and not holds:
        return "skipped"
    if step["mode"] == "hold":
        done = ", ".join(f"{h:.0f}" for h in holds) + " s" if holds else "no hold"
    elif step["mode"] == "timed":
        done = f"{round(step['active_s'] or 0)} s"
    else:
        done = f"{step['reps_done']} reps"
    if not step["finished"]:
        return f"{done}, cut off"
    return f"{done}, skipped" if step["skipped"] else done


def quality_text(held_s: float | None, broken_s: float | None) -> str:
    """Hold quality, held / (held + broken), when a wearable watched the hold."""
    quality = hold_quality(held_s, broken_s)
    return "" if quality is None else f"{round(100 * quality)}%"


def step_view(step: dict[str, Any]) -> StepView:
    side = {"left": " L", "right": " R"}.get(step["side"] or "", "")

    def optional(key: str) -> str:
        return "" if step.get(key) is None else str(step[key])

    return StepView(
        step_index=step["step_index"],
        exercise=step["exercise_name"] or step["exercise_id"],
        set_text=f"{step['set_number']}{side}",
        planned=planned_text(step),
        done=done_text(step),
        quality=quality_text(step["held_s"], step.get("broken_s")),
        sensed=optional("reps_sensed"),
        form=optional("form_warnings"),
        start_t_s=step.get("start_t_s"),
        end_t_s=step.get("end_t_s"),
        sensor=step.get("sensor"),
        rep_times_s=tuple(step.get("rep_times_s") or ()),
    )


def load_session(db: Database, session_id: int) -> SessionView | None:
    """Everything the detail shows, read at once (in a thread: a few indexed queries)."""
    from db.queries import get_session

    row = log_row(db, session_id)
    session = get_session(db, session_id)
    if row is None or session is None:
        return None
    steps = tuple(step_view(step) for step in session["steps"])
    if row.ended_at is not None:
        # A set cut off (the session interrupted, or still going) ran until the last write.
        last_s = (row.ended_at - row.started_at).total_seconds()
        steps = tuple(
            replace(s, end_t_s=max(last_s, s.start_t_s))
            if s.start_t_s is not None and s.end_t_s is None
            else s
            for s in steps
        )
    names = {s.step_index: s.exercise for s in steps}
    events = tuple(
        EventView(
            t_s=event["t_s"] or 0.0,
            kind=event["kind"],
            value=event["value"],
            during=names.get(event["step_index"], ""),
            detail=event["detail"] or "",
        )
        for event in session["events"]
        if event["kind"] not in NOT_SHOWN_EVENTS
    )
    events = tuple(sorted(events, key=lambda event: event.t_s))  # written in any order
    series = heart_rate_series(db, session_id, max_points=HEART_RATE_POINTS)
    return SessionView(row, steps, events, tuple(series))


def exercise_spans(steps: Sequence[StepView]) -> list[Span]:
    """One span per run of sets of the same exercise, named after it."""
    spans: list[Span] = []
    for step in steps:
        if step.start_t_s is None or step.end_t_s is None:
            continue
        if spans and spans[-1].label == step.exercise:
            spans[-1] = Span(spans[-1].start, step.end_t_s, step.exercise)
        else:
            spans.append(Span(step.start_t_s, step.end_t_s, step.exercise))
    return spans


def motion_trace(db: Database, session_id: int, step: StepView) -> MotionTrace | None:
    """The accelerometer samples of one set (None: none recorded during it)."""
    from sensors.packing import PackedChunk, unpack_acc

    if step.start_t_s is None or step.end_t_s is None:
        return None
    chunks = motion_chunks(db, session_id, step.start_t_s, step.end_t_s)
    if not chunks:
        return None
    devices = [c.device for c in chunks]
    device = step.sensor if step.sensor in devices else devices[0]
    times: list[float] = []
    axes: tuple[list[float], list[float], list[float]] = ([], [], [])
    for chunk in chunks:
        if chunk.device != device:
            continue
        packed = PackedChunk(
            chunk.device, chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
        )
        chunk_times, samples = unpack_acc(packed)
        for t_s, sample in zip(chunk_times, samples, strict=True):
            if step.start_t_s <= t_s <= step.end_t_s:
                times.append(t_s)
                for axis in range(3):
                    axes[axis].append(float(sample[axis]))
    if not times:
        return None
    kept = thinned_indices(axes, MOTION_POINTS)
    return MotionTrace(
        device,
        tuple(times[i] for i in kept),
        tuple(axes[0][i] for i in kept),
        tuple(axes[1][i] for i in kept),
        tuple(axes[2][i] for i in kept),
    )


def event_value(event: EventView) -> str:
    if event.value is None:
        return event.detail
    value = f"{event.value:g}"
    if event.kind == "pain":
        value += "/10"
    elif event.kind == "form-warning":
        value += "°"
    return f"{value} {event.detail}".strip()


class StepTable(DataTable[str]):
    """The sets; enter shows the highlighted one's accelerometer trace."""

    BINDINGS = [Binding("enter", "select_cursor", "Motion trace", id="session.trace")]


class EditNote(ModalScreen[str | None]):
    """The session's note, prefilled: enter saves (empty clears it), escape leaves it."""

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

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class SessionDetailScreen(Screen[SessionChange | None]):
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
        max-height: 3;
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
        step: StepView
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
        steps = self.query_one(StepTable)
        steps.border_title = "Sets: planned and done"
        for label, width in (
            ("Exercise", 16),
            ("Set", 4),
            ("Planned", 9),
            ("Done", 16),
            ("Held", 4),
            ("Sensed", 6),
            ("Form", 4),
        ):
            steps.add_column(label, width=width)
        events = self.query_one("#events", DataTable)
        events.border_title = "Events"
        for label, width in (("At", 6), ("Event", 14), ("Value", 24), ("During", 24)):
            events.add_column(label, width=width)
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
            self.post_message(self.DatabaseFailed(str(problem)))
            return
        self.post_message(self.SessionLoaded(view))

    def on_session_detail_screen_session_loaded(self, message: SessionLoaded) -> None:
        self.view = message.view
        head = self.query_one("#detail-head", Static)
        if message.view is None:
            head.update(f"Session {self.session_id} is not in the database (any more).")
            return
        view = message.view
        head.update(self._headline(view.row, self.clock.zone()))
        steps = self.query_one(StepTable)
        for step in view.steps:
            steps.add_row(*table_cells(step.cells()), key=str(step.step_index))
        events = self.query_one("#events", DataTable)
        for event in view.events:
            cells = (duration_clock(event.t_s), event.kind, event_value(event), event.during)
            events.add_row(*table_cells(cells))
        self._draw_heart_rate(view)
        if not view.heart_rate:
            self.query_one(ContentSwitcher).current = "events"

    def _headline(self, row: LogRow, tz: tzinfo) -> Content:
        what = routine_text(row)
        parts: list[str | tuple[str, str]] = [
            (f"{local_text(row.started_at, tz)} · {what}", "bold"),
            f" · {duration_text(row.duration_s)} · {status_text(row.status)}\n",
        ]
        facts = []
        if row.kind == "routine":
            pain = pain_text(row.pain_before, row.pain_after)
            facts.append(f"Pain {pain}" if pain else "Pain not given")
            planned = f" of {row.sets_planned}" if row.sets_planned else ""
            skipped = f", {row.sets_skipped} skipped" if row.sets_skipped else ""
            facts.append(f"{row.sets_done}{planned} sets done{skipped}")
        if row.avg_bpm is not None:
            facts.append(f"heart rate {round(row.avg_bpm)} avg, {row.peak_bpm} peak")
        parts.append(" · ".join(facts) + "\n")
        if row.note:
            parts += [("Note: ", "bold"), row.note]
        else:
            parts.append(("No note: e adds one.", "dim"))
        return Content.assemble(*parts)

    def _draw_heart_rate(self, view: SessionView) -> None:
        chart = self.query_one("#heart-chart", LineChart)
        series = view.heart_rate
        line = Line("", tuple(t for t, _ in series), tuple(float(b) for _, b in series))
        chart.show([line], spans=exercise_spans(view.steps))
        if view.row.avg_bpm is not None:
            chart.border_subtitle = f"avg {round(view.row.avg_bpm)} · peak {view.row.peak_bpm}"

    def highlighted_step(self) -> StepView | None:
        table = self.query_one(StepTable)
        if self.view is None or not 0 <= table.cursor_row < len(self.view.steps):
            return None
        return self.view.steps[table.cursor_row]

    @on(DataTable.RowSelected, "#steps")
    def action_trace(self) -> None:
        step = self.highlighted_step()
        if step is None:
            return
        self.query_one(ContentSwitcher).current = "motion-chart"
        chart = self.query_one("#motion-chart", LineChart)
        if self.view is not None and not self.view.row.has_motion:
            chart.empty = "No motion was recorded in this session."
            chart.show([], title="Motion")
            return
        chart.empty = "Reading the motion…"
        chart.show([], title=f"Motion · {step.exercise} {step.set_text}")
        self._read_trace(step)

    @work(exclusive=True, group="session-trace")
    async def _read_trace(self, step: StepView) -> None:
        db = await self._db()
        if db is not None:
            self._decode_trace(db, step)

    @work(thread=True, exclusive=True, group="session-decode", exit_on_error=False)
    def _decode_trace(self, db: Database, step: StepView) -> None:
        try:
            trace = motion_trace(db, self.session_id, step)
        except (DatabaseProblem, sqlite3.Error) as problem:
            self.post_message(self.TraceLoaded(step, None, str(problem)))
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
        title = f"Motion · {message.step.exercise} {message.step.set_text}: mG over s"
        if message.problem is not None:
            chart.empty = "The motion of this set cannot be read."
            chart.show([], title=title)
            return
        if trace is None:
            chart.empty = "No motion was recorded during this set."
            chart.show([], title=title)
            return
        # Seconds into the set, with a mark at each rep the wearable counted.
        start = message.step.start_t_s or 0.0
        t_s = tuple(t - start for t in trace.t_s)
        reps = [Span(t - start, t - start, "") for t in message.step.rep_times_s]
        chart.show(
            [
                Line("x", t_s, trace.x_mg, "primary"),
                Line("y", t_s, trace.y_mg, "accent"),
                Line("z", t_s, trace.z_mg, "success"),
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
            self.post_message(self.DatabaseFailed(str(problem)))
            return
        self.post_message(self.NoteSaved(note))

    def on_session_detail_screen_note_saved(self, message: NoteSaved) -> None:
        if self.view is None:
            return
        updated = replace(self.view.row, note=message.note)
        self.view = replace(self.view, row=updated)
        self.change = SessionChange(self.session_id, note=message.note)
        self.query_one("#detail-head", Static).update(self._headline(updated, self.clock.zone()))
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
        started = local_text(self.view.row.started_at, self.clock.zone())
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
            self.post_message(self.DatabaseFailed(str(problem)))
            return
        self.post_message(self.SessionDeleted(self.session_id))

    def on_session_detail_screen_session_deleted(self, message: SessionDeleted) -> None:
        self.notify(f"Session {message.session_id} deleted.")
        self.dismiss(SessionChange(message.session_id, deleted=True))

    def on_session_detail_screen_database_failed(self, message: DatabaseFailed) -> None:
        self.notify(message.problem, title="Session database", severity="error", timeout=15)

    def action_back(self) -> None:
        self.dismiss(self.change)


def duration_clock(t_s: float) -> str:
    minutes, seconds = divmod(max(0, round(t_s)), 60)
    return f"{minutes}:{seconds:02d}"
