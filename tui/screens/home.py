"""The first screen: what is due today, the routines to choose from, and what the
highlighted one holds."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from catalog import Catalog, Routine
from catalog.describe import SAFETY_SHORT, routine_markdown, routine_minutes
from db.clock import today as clock_today
from db.errors import DatabaseProblem
from tui.settings import Settings
from tui.today_text import NOTHING_FOLLOWED, WIDTH, check_in_line, routine_lines
from tui.widgets.footer import Footer
from tui.widgets.header import Header

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.today import TodayPlan


TODAY_AFTER_S = 1.0
"""What is due shows this long after the home screen (when the app opens the database)."""
NEW_DAY_EVERY_S = 60.0
"""How often the home screen looks whether a new day has begun since it read what is due
(left open overnight, or the machine asleep): then it reads it again."""


class RoutineList(OptionList):
    """The routines; its own enter opens one, so keys typed before it keep their order."""

    BINDINGS = [
        Binding("enter", "select", "Open routine", id="home.open"),
    ]


class HomeScreen(Screen[None]):
    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (RoutineList,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""
    TITLE = "Routines"
    DEFAULT_CSS = """
    #today {
        height: auto;
        border: round $primary 50%;
        padding: 0 1;
    }
    """
    ROUTINES_ROOM = 12
    """The rows left below the Today panel, for the routines (3 of them and the safety line
    at 24 rows): the panel shows as many of its lines as the rest holds."""
    FEWEST_TODAY_ROWS = 3
    """The Today panel's lines shown however low the terminal (the too-small notice covers
    the home screen below 24 rows)."""
    BINDINGS = [
        # Out of the footer (full at 80 columns): the Today panel's border names them.
        Binding("p", "check_in('peg')", "PEG check-in", id="home.peg", show=False),
        Binding("a", "check_in('psfs')", "Activities (PSFS)", id="home.psfs", show=False),
        Binding("o", "outcomes", "Outcomes", id="home.outcomes", show=False),
    ]

    @dataclass
    class RoutineChosen(Message):
        """The person chose a routine to open."""

        routine_id: str

    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        browse: Callable[[], Awaitable[Database]] | None = None,
        database: Callable[[], Awaitable[Database]] | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self._browse = browse
        """The history to read what is due from (None: none, as in some tests)."""
        self._database = database or browse
        """The database check-ins are written to."""
        self.plan: TodayPlan | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="today")
        with Horizontal(id="home"):
            with Vertical(id="routine-pane"):
                yield RoutineList(
                    *(self._option(r) for r in self.catalog.routines.values()), id="routines"
                )
                yield Static(SAFETY_SHORT, id="safety")
            with VerticalScroll(id="routine-detail-scroll"):
                yield Markdown(id="routine-detail")
        yield Footer()

    def _option(self, routine: Routine, *, due: bool = False) -> Option:
        minutes = routine_minutes(routine, self.catalog.exercises, self.settings.rest_s)
        count = len(routine.items)
        mine = " · yours" if routine.id in self.catalog.user_ids else ""
        prompt = Text.assemble(
            (routine.name, "bold"),
            (" · due today", "bold green") if due else "",
            "\n",
            (f"{count} exercise{'s' if count != 1 else ''} · ~{minutes} min{mine}", "dim"),
        )
        return Option(prompt, id=routine.id)

    def on_mount(self) -> None:
        today = self.query_one("#today", Static)
        today.border_title = "Today"
        today.border_subtitle = "p PEG · a activities · o outcomes"
        today.display = self._browse is not None
        if self._browse is not None:
            # Reading the history opens the database and imports sqlite-utils (~0.1 s, and
            # numpy with it): after the first screen is up, as the app opens the database.
            self.set_timer(TODAY_AFTER_S, self.refresh_today)
            self.set_interval(NEW_DAY_EVERY_S, self._new_day)
        routines = self.query_one("#routines", OptionList)
        routines.border_title = "Routines"
        if routines.option_count:
            routines.highlighted = 0
        else:
            self.query_one("#routine-detail", Markdown).update(
                "No routines could be loaded. Run `lumbar routines` to see why."
            )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        routine = self.catalog.routines[event.option.id or ""]
        self.query_one("#routine-detail", Markdown).update(
            routine_markdown(
                routine, self.catalog.exercises, self.catalog.sources, self.settings.rest_s
            )
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.post_message(self.RoutineChosen(event.option.id or ""))

    def on_screen_resume(self) -> None:
        if self._browse is not None and self.plan is not None:
            self.refresh_today()  # back from a session or a check-in

    def _new_day(self) -> None:
        """What is due for a day gone by is read again for today's (while the home screen
        shows: covered by another, it reads it on coming back, ``on_screen_resume``)."""
        if self.app.screen is not self:  # (is_current holds under another screen too)
            return
        if self.plan is not None and self.plan.today.day != clock_today():
            self.refresh_today()

    @work(exclusive=True, group="today", exit_on_error=False)
    async def refresh_today(self) -> None:
        if self._browse is None:
            return
        from db.today import today_plan

        panel = self.query_one("#today", Static)
        try:
            db = await self._browse()
        except DatabaseProblem as problem:
            if str(problem).startswith("no sessions yet"):
                plan = await asyncio.to_thread(today_plan, None, self.catalog.routines)
            else:
                panel.update(Text(f"What is due cannot be read: {problem}", style="dim"))
                return
        else:
            demo = bool(getattr(self.app, "demo", False))  # a demo run's own history counts
            try:
                plan = await asyncio.to_thread(
                    today_plan, db, self.catalog.routines, include_demo=demo
                )
            except (DatabaseProblem, sqlite3.Error) as error:  # damaged inside: it opened
                from db.connection import said

                panel.update(Text(f"What is due cannot be read: {said(db, error)}", style="dim"))
                return
        self.plan = plan
        panel.update(self.today_text(plan))
        self._mark_due(plan)

    def today_text(self, plan: TodayPlan) -> Text:
        today = plan.today
        width = self.query_one("#today", Static).content_size.width or WIDTH - 4
        lines: list[Text] = []
        for routine in today.routines:
            left = plan.left_today.get(routine.routine_id)
            # Each line under the mark that a routine is due (2 columns: "● ").
            for number, line in enumerate(routine_lines(routine, today.day, left, width=width - 2)):
                mark = "● " if routine.state == "due" and number == 0 else "  "
                lines.append(Text.assemble((mark, "bold green"), line))
        lines = lines or [Text(NOTHING_FOLLOWED, style="dim")]
        if check_in := check_in_line(plan.outcomes_due, keys=True):
            lines.append(Text(check_in, style="italic"))
        rows = self.today_rows()
        if len(lines) > rows:  # cut where it shows, never out of sight
            more = len(lines) - rows + 1
            lines = [*lines[: rows - 1], Text(f"… {more} more lines: lumbar today", style="dim")]
        return Text("\n").join(lines)

    def today_rows(self) -> int:
        """The Today panel's lines that fit: the screen's rows less the header, the footer,
        the panel's border and ``ROUTINES_ROOM``."""
        return max(self.FEWEST_TODAY_ROWS, self.app.size.height - 4 - self.ROUTINES_ROOM)

    def on_resize(self) -> None:
        if self.plan is not None:  # its lines laid out again for the panel's new width
            self.call_after_refresh(self._show_today)

    def _show_today(self) -> None:
        if self.plan is not None:
            self.query_one("#today", Static).update(self.today_text(self.plan))

    def _mark_due(self, plan: TodayPlan) -> None:
        routines = self.query_one("#routines", OptionList)
        due = {routine.routine_id for routine in plan.today.due}
        for routine in self.catalog.routines.values():
            option = self._option(routine, due=routine.id in due)
            routines.replace_option_prompt(routine.id, option.prompt)

    def action_check_in(self, measure: str) -> None:
        from tui.screens.outcomes import ask

        if self._database is None:
            return

        async def ask_then_refresh() -> None:
            assert self._database is not None
            await ask(self.app, self._database, ("peg",) if measure == "peg" else ("psfs",))
            self.refresh_today()

        self.run_worker(ask_then_refresh(), group="outcomes", exclusive=True, exit_on_error=False)

    def action_outcomes(self) -> None:
        from tui.screens.outcomes import OutcomesScreen

        if self._browse is not None and self._database is not None:
            self.app.push_screen(OutcomesScreen(self._browse, self._database))
