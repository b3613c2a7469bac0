"""The log: every session newest first, filtered by routine, status, period and text.

Rows come a page at a time from a thread worker (the first page with the count, more as
the cursor nears the end), so the screen opens at once on years of daily sessions.
``enter`` opens a session, ``t`` the trends.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static

from db.connection import said
from db.errors import DatabaseProblem
from db.log import LogFilter, LogRow, log_count, log_rows, routines_in_log
from tui.log_clock import LogClock, Opener
from tui.screens.session_detail import SessionChange, SessionDetailScreen
from tui.screens.trends import TrendsScreen
from tui.widgets.cells import table_cells
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.table_layout import TABLE_BORDER_W, cut_cell, fitted_widths
from tui.words import (
    RESUMED_MARK,
    STATUS_WORDS,
    count_text,
    marked_routine_text,
    resumed_text,
    session_cells,
    status_cell,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

PAGE_ROWS = 200
MORE_WHEN_WITHIN = 40
"""Load the next page when the cursor comes this close to the last row loaded."""

RECORDINGS = "\x00recordings"
"""The routine filter's choice for recordings made with ``lumbar record``."""

PERIODS = (("last 7 days", 7), ("last 30 days", 30), ("last 365 days", 365))

NO_SESSIONS = (
    "No sessions yet. Choose a routine on the home screen (escape) and press s to start "
    "one, or run 'lumbar run ROUTINE'. 'lumbar record --demo --seconds 30' records a "
    "wearable."
)
NO_MATCH = "No session matches these filters. Press x to clear them."


COLUMNS: tuple[tuple[str, int], ...] = (
    ("Date", 16),
    ("Routine", 11),  # "Core basics"; a longer name ends with "…" at 80 columns
    ("Time", 6),
    ("Sets", 5),
    ("Pain", 7),  # "10 → 10": cut, "- → 10" read as "- → 1"
    ("HR", 3),
    ("Status", 14),  # "ended early ↻2" (resumed twice)
)
"""The log table's columns at their least widths, which fit 80 columns with the table's
border and scrollbar; where the terminal has room the routine widens to its longest name
(``fitted_widths``)."""
COLUMNS_GROWN = (1,)
LEAST_WIDTHS = tuple(width for _, width in COLUMNS)


def whole_cells(row: LogRow, tz: tzinfo) -> tuple[str, ...]:
    """A session's cells as they read in full: date, routine, duration, sets, pain, HR,
    status."""
    date, _, *figures = session_cells(row, tz)[:-1]
    return (date, marked_routine_text(row), *figures, status_cell(row))


def log_cells(row: LogRow, tz: tzinfo, widths: Sequence[int] = LEAST_WIDTHS) -> tuple[str, ...]:
    """A session's cells in columns ``widths`` wide: a routine's name too long for its
    column ends with "…" rather than cut mid-word without a sign."""
    return fitted_cells(whole_cells(row, tz), widths)


def fitted_cells(cells: tuple[str, ...], widths: Sequence[int]) -> tuple[str, ...]:
    """Each cell within its column's width, ended with "…" where cut."""
    return tuple(cut_cell(cell, width) for cell, width in zip(cells, widths, strict=True))


def since_for(days: int, today: date) -> date:
    """The first day of the last ``days`` days, today included."""
    return today - timedelta(days=days - 1)


class SessionTable(DataTable[str]):
    """The sessions; its own enter opens one, so keys typed before it keep their order."""

    BINDINGS = [Binding("enter", "select_cursor", "Open session", id="log.open")]


class LogScreen(Screen[None]):
    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (SessionTable, Input)
    """The widgets it holds that take keys before it (``tui.keymap``)."""
    TITLE = "Log"
    AUTO_FOCUS = "#sessions"
    BINDINGS = [
        # Priority, so the search box has the focus before a letter typed right behind the
        # slash reaches the app (whose c opens the catalog when no box has the focus).
        Binding("slash", "search", "Search", id="log.search", priority=True),
        Binding("x", "clear_filters", "Clear filters", id="log.clear"),
        Binding("t", "trends", "Trends", id="log.trends"),
        Binding("escape", "back", "Back", id="log.back"),
    ]

    DEFAULT_CSS = """
    LogScreen #sessions {
        height: 1fr;
        border: round $primary 50%;
    }
    LogScreen #sessions:focus {
        border: round $primary;
    }
    LogScreen #log-empty {
        height: 1fr;
        padding: 1 2;
        color: $text-muted;
    }
    LogScreen #log-info {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    @dataclass
    class PageLoaded(Message):
        """A page of the list for filter ``generation``: the first, or the one after the last
        row loaded (and, for the first page, how many sessions the filter matches)."""

        generation: int
        first: bool
        rows: tuple[LogRow, ...]
        total: int | None
        routines: tuple[tuple[str, str], ...] | None

    @dataclass
    class LogUnreadable(Message):
        problem: str

    def __init__(self, database: Opener, clock: LogClock | None = None) -> None:
        super().__init__()
        self._database = database
        self.clock = clock or LogClock()
        self.where: LogFilter | None = None
        self.total = 0
        self._generation = 0
        self._loading = False
        self._routines_offered = False
        self._db: Database | None = None
        self.rows: list[LogRow] = []
        self._cells: list[tuple[str, ...]] = []  # each row's, in full (``whole_cells``)
        self._rows_seen = 0
        """How many rows the table showed at once when it was last laid out (before a resize
        that lays it out again)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Select[str]([], prompt="any routine", compact=True, id="log-routine")
            yield Select(
                [(text, status) for status, text in STATUS_WORDS.items()],
                prompt="any status",
                compact=True,
                id="log-status",
            )
            yield Select(PERIODS, prompt="any time", compact=True, id="log-period")
            yield Input(placeholder="/ search", id="log-search", compact=True)
        table = SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
        table.border_title = "Sessions"
        yield table
        yield Static(id="log-empty")
        yield Static(id="log-info")
        yield Footer()

    def on_mount(self) -> None:
        self._lay_out()
        self.query_one("#log-empty").display = False
        self._refilter()

    def current_filter(self) -> LogFilter:
        def chosen(select_id: str) -> Any:
            value = self.query_one(select_id, Select).value
            return value if isinstance(value, str | int) else None

        routine = chosen("#log-routine")
        period = chosen("#log-period")
        text = self.query_one("#log-search", Input).value.strip()
        return LogFilter(
            routine_id=None if routine in (None, RECORDINGS) else routine,
            kind="recording" if routine == RECORDINGS else None,
            status=chosen("#log-status"),
            since=None if period is None else since_for(period, self.clock.today()),
            text=text or None,
        )

    @on(Select.Changed)
    @on(Input.Changed, "#log-search")
    def _refilter(self) -> None:
        where = self.current_filter()
        if where == self.where:
            return
        self.where = where
        self._generation += 1
        self._loading = True
        self._load(self._generation, where, None)

    @work(exclusive=True, group="log-open")
    async def _load(self, generation: int, where: LogFilter, after: LogRow | None) -> None:
        """Open the database (once), then fetch the page (the first, or the one after
        ``after``) in a thread."""
        if self._db is None:
            try:
                self._db = await self._database()
            except DatabaseProblem as problem:
                self.post_message(self.LogUnreadable(str(problem)))
                return
        self._fetch(self._db, generation, where, after, routines=not self._routines_offered)

    @work(thread=True, exclusive=True, group="log-page", exit_on_error=False)
    def _fetch(
        self,
        db: Database,
        generation: int,
        where: LogFilter,
        after: LogRow | None,
        *,
        routines: bool,
    ) -> None:
        tz = self.clock.zone()
        first = after is None
        try:
            # After the last row loaded, not at an offset: a session recorded or deleted
            # elsewhere meanwhile would shift an offset, repeating a row or skipping one.
            rows = log_rows(db, where, limit=PAGE_ROWS, after=after, tz=tz)
            total = log_count(db, where, tz=tz) if first else None
            offered = tuple(routines_in_log(db)) if routines else None
        except (DatabaseProblem, sqlite3.Error) as problem:
            self.post_message(self.LogUnreadable(said(db, problem)))
            return
        self.post_message(self.PageLoaded(generation, first, tuple(rows), total, offered))

    def on_log_screen_page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self._generation:
            return  # the filters changed since it was asked for
        self._loading = False
        if message.routines is not None:
            self._offer_routines(message.routines)
        if message.first:
            self.query_one(SessionTable).clear()
            self.rows = []
            self._cells = []
        if message.total is not None:
            self.total = message.total
        tz = self.clock.zone()
        self.rows.extend(message.rows)
        self._cells.extend(whole_cells(row, tz) for row in message.rows)
        self._lay_out(added=len(message.rows))
        if not message.first and len(message.rows) < PAGE_ROWS:
            self.total = len(self.rows)  # the end: some were deleted elsewhere meanwhile
        self._show_counts()

    def on_resize(self) -> None:
        self.call_after_refresh(self._lay_out)

    def _lay_out(self, added: int = 0) -> None:
        """The columns as wide as the terminal allows for the rows loaded, and the ``added``
        last rows put in; every row again, in the new widths, when those changed."""
        table = self.query_one(SessionTable)
        widths = fitted_widths(COLUMNS, self._cells, self._room(table), COLUMNS_GROWN)
        cursor = None
        # Whether the cursor was in view as the table was before (a resize has already
        # changed its height, not yet its scroll).
        scroll_y = table.scroll_y
        cursor_seen = scroll_y <= table.cursor_row < scroll_y + self._rows_seen
        self._rows_seen = table.size.height - (table.header_height if table.show_header else 0)
        if tuple(column.width for column in table.ordered_columns) != widths:
            cursor = table.cursor_row
            table.clear(columns=True)
            for (label, _), width in zip(COLUMNS, widths, strict=True):
                table.add_column(label, width=width)
            added = len(self.rows)
        start = len(self.rows) - added
        for row, cells in zip(self.rows[start:], self._cells[start:], strict=True):
            table.add_row(*table_cells(fitted_cells(cells, widths)), key=str(row.id))
        if cursor is not None and self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1), scroll=cursor_seen)
            if not cursor_seen:
                # The rows in view stay in view, not the cursor scrolled away from (after the
                # table's own scroll to its moved cursor: its queue, not the screen's).
                table.call_after_refresh(table.scroll_to, y=scroll_y, animate=False)

    def _room(self, table: SessionTable) -> int:
        """The columns' room: the screen's width less the table's border, its cells' padding
        and, when the rows loaded are more than it shows at once, its vertical scrollbar (a
        table not laid out yet is taken to have one)."""
        padding = 2 * table.cell_padding * len(COLUMNS)
        seen = table.size.height - (table.header_height if table.show_header else 0)
        scrollbar = table.styles.scrollbar_size_vertical if len(self.rows) > seen else 0
        return (self.size.width or self.app.size.width) - TABLE_BORDER_W - scrollbar - padding

    def _offer_routines(self, routines: tuple[tuple[str, str], ...]) -> None:
        self._routines_offered = True
        select = self.query_one("#log-routine", Select)
        options = [(name, routine_id) for routine_id, name in routines]
        select.set_options([*options, ("recordings", RECORDINGS)])

    def _show_counts(self) -> None:
        table = self.query_one(SessionTable)
        empty = self.query_one("#log-empty", Static)
        nothing = self.total == 0
        table.display = not nothing
        empty.display = nothing
        if nothing:
            filtered = self.where is not None and self.where != LogFilter()
            empty.update(NO_MATCH if filtered else NO_SESSIONS)
        shown = len(self.rows)
        more = f", {shown} loaded" if shown < self.total else ""
        table.border_title = f"Sessions: {self.total}{more}"
        self._describe_highlighted()
        # Once shown: the table may have been hidden, or gained or lost its scrollbar.
        self.call_after_refresh(self._lay_out)

    def on_log_screen_log_unreadable(self, message: LogUnreadable) -> None:
        self._loading = False
        self.notify(message.problem, title="Session database", severity="error", timeout=15)
        empty = self.query_one("#log-empty", Static)
        empty.update(f"The log cannot be read: {message.problem}")
        empty.display = True
        self.query_one(SessionTable).display = False

    @on(DataTable.RowHighlighted, "#sessions")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe_highlighted()
        near_end = event.cursor_row >= len(self.rows) - MORE_WHEN_WITHIN
        if near_end and len(self.rows) < self.total and not self._loading and self.where:
            self._loading = True
            self._load(self._generation, self.where, self.rows[-1] if self.rows else None)

    def _describe_highlighted(self) -> None:
        info = self.query_one("#log-info", Static)
        row = self.highlighted_session()
        if row is None:
            info.update("")
            return
        parts: list[str | tuple[str, str]] = [(f"#{row.id}", "bold")]
        if row.resumes:
            parts.append(f" · {RESUMED_MARK} {resumed_text(row.resumes)}")
        if row.among_yours:
            parts.append(" · the demo's, not yours")
        if row.peak_bpm is not None:
            parts.append(f" · peak {row.peak_bpm} bpm")
        if row.has_motion:
            parts.append(" · motion recorded")
        if row.sets_skipped:
            parts.append(f" · {count_text(row.sets_skipped, 'set')} skipped")
        if row.note:
            parts.append(f" · {row.note}")
        info.update(Content.assemble(*parts))

    def highlighted_session(self) -> LogRow | None:
        table = self.query_one(SessionTable)
        if not table.display or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowSelected, "#sessions")
    def _open(self) -> None:
        row = self.highlighted_session()
        if row is not None:
            detail = SessionDetailScreen(self._database, row.id, self.clock)
            self.app.push_screen(detail, self._changed_in_detail)

    def _changed_in_detail(self, change: SessionChange | None) -> None:
        if change is None:
            return
        index = next((i for i, r in enumerate(self.rows) if r.id == change.session_id), None)
        if index is None:
            return
        table = self.query_one(SessionTable)
        if change.deleted:
            table.remove_row(str(change.session_id))
            del self.rows[index]
            del self._cells[index]
            self.total -= 1
        else:
            self.rows[index] = replace(self.rows[index], note=change.note)
        self._show_counts()

    @on(Input.Submitted, "#log-search")
    def _search_done(self) -> None:
        self.set_focus(self.query_one(SessionTable))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":  # in the search box, a slash is one more character of it
            return not (self.focused is not None and self.focused.id == "log-search")
        return True

    def action_search(self) -> None:
        self.set_focus(self.query_one("#log-search", Input))

    def action_clear_filters(self) -> None:
        for select in self.query(Select):
            select.clear()
        self.query_one("#log-search", Input).value = ""

    def action_trends(self) -> None:
        self.app.push_screen(TrendsScreen(self._database, self.clock))

    def action_back(self) -> None:
        """From the search box to the table; from the table out. The focus moves at once, so
        a second Escape right behind the first leaves."""
        if self.focused is not None and self.focused.id == "log-search":
            self.set_focus(self.query_one(SessionTable))
        else:
            self.app.pop_screen()
