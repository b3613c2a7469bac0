"""The first screen: the routines to choose from, and what the highlighted one holds."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from catalog import Catalog, Routine
from catalog.describe import SAFETY_SHORT, routine_markdown, routine_minutes
from tui.settings import Settings


class RoutineList(OptionList):
    """The routines; its own enter opens one, so keys typed before it keep their order."""

    BINDINGS = [
        Binding("enter", "select", "Open routine", id="home.open"),
    ]


class HomeScreen(Screen[None]):
    TITLE = "Routines"

    @dataclass
    class RoutineChosen(Message):
        """The person chose a routine to open."""

        routine_id: str

    def __init__(self, catalog: Catalog, settings: Settings) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="routine-pane"):
                yield RoutineList(
                    *(self._option(r) for r in self.catalog.routines.values()), id="routines"
                )
                yield Static(SAFETY_SHORT, id="safety")
            with VerticalScroll(id="routine-detail-scroll"):
                yield Markdown(id="routine-detail")
        yield Footer()

    def _option(self, routine: Routine) -> Option:
        minutes = routine_minutes(routine, self.catalog.exercises, self.settings.rest_s)
        count = len(routine.items)
        mine = " · yours" if routine.id in self.catalog.user_ids else ""
        prompt = Text.assemble(
            (routine.name, "bold"),
            "\n",
            (f"{count} exercise{'s' if count != 1 else ''} · ~{minutes} min{mine}", "dim"),
        )
        return Option(prompt, id=routine.id)

    def on_mount(self) -> None:
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
