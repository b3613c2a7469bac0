"""The catalog browser: every exercise, filtered by position, equipment, kind and text."""

from __future__ import annotations

from typing import Any, ClassVar, get_args

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Markdown, OptionList, Select
from textual.widgets.option_list import Option, OptionDoesNotExist

from catalog import Catalog, Exercise
from catalog.describe import exercise_markdown
from catalog.models import Mode, Position
from catalog.search import NO_EQUIPMENT, ExerciseFilter, equipment_choices
from tui.widgets.footer import Footer
from tui.widgets.header import Header

POSITIONS: tuple[Position, ...] = get_args(Position)
MODES: tuple[Mode, ...] = get_args(Mode)


class CatalogScreen(Screen[None]):
    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (OptionList, Input)
    """The widgets it holds that take keys before it (``tui.keymap``)."""
    TITLE = "Catalog"
    AUTO_FOCUS = "#exercises"
    BINDINGS = [
        Binding("slash", "search", "Search", id="catalog.search"),
        Binding("x", "clear_filters", "Clear filters", id="catalog.clear"),
        Binding("escape", "back", "Back", id="catalog.back"),
    ]

    def __init__(self, catalog: Catalog, showing: str | None = None) -> None:
        """``showing``: an exercise id to highlight first (the palette's "Exercise: ...")."""
        super().__init__()
        self.catalog = catalog
        self.exercises = sorted(catalog.exercises.values(), key=lambda e: e.name.lower())
        self._showing = showing

    def compose(self) -> ComposeResult:
        used_positions = {e.position for e in self.exercises}
        yield Header()
        with Horizontal(id="filters"):
            yield Select(
                [(p, p) for p in POSITIONS if p in used_positions],
                prompt="any position",
                compact=True,
                id="position",
            )
            yield Select(
                [("nothing but a mat", NO_EQUIPMENT)]
                + [(item, item) for item in equipment_choices(self.exercises)],
                prompt="any equipment",
                compact=True,
                id="equipment",
            )
            yield Select([(m, m) for m in MODES], prompt="any kind", compact=True, id="mode")
            yield Input(placeholder="/ search", id="search", compact=True, select_on_focus=False)
        with Horizontal(id="browser"):
            yield OptionList(id="exercises")
            with VerticalScroll(id="exercise-detail-scroll"):
                yield Markdown(id="exercise-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._refilter()
        if self._showing is not None:
            self.show_exercise(self._showing)

    def show_exercise(self, exercise_id: str) -> None:
        """Highlight one exercise (the filters cleared when they hide it), its details shown."""
        options = self.query_one("#exercises", OptionList)
        if exercise_id not in {e.id for e in self.current_filter.apply(self.exercises)}:
            self.action_clear_filters()
            self._refilter()
        try:
            options.highlighted = options.get_option_index(exercise_id)
        except OptionDoesNotExist:
            return

    @property
    def current_filter(self) -> ExerciseFilter:
        def chosen(select_id: str) -> str | None:
            value: Any = self.query_one(f"#{select_id}", Select).value
            return value if isinstance(value, str) else None

        return ExerciseFilter(
            position=chosen("position"),
            equipment=chosen("equipment"),
            mode=chosen("mode"),
            text=self.query_one("#search", Input).value,
        )

    @on(Select.Changed)
    @on(Input.Changed, "#search")
    def _refilter(self) -> None:
        shown = self.current_filter.apply(self.exercises)
        options = self.query_one("#exercises", OptionList)
        options.set_options(self._option(e) for e in shown)
        options.border_title = f"Exercises {len(shown)}/{len(self.exercises)}"
        if shown:
            options.highlighted = 0
        else:
            self.query_one("#exercise-detail", Markdown).update(
                "No exercise matches these filters. Press **x** to clear them."
            )

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.set_focus(self.query_one("#exercises", OptionList))

    def _option(self, exercise: Exercise) -> Option:
        side = " · each side" if exercise.per_side else ""
        mine = " · yours" if exercise.id in self.catalog.user_ids else ""
        prompt = Text.assemble(
            (exercise.name, "bold"), "\n", (f"{exercise.mode}{side}{mine}", "dim")
        )
        return Option(prompt, id=exercise.id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        exercise = self.catalog.exercises[event.option.id or ""]
        self.query_one("#exercise-detail", Markdown).update(
            exercise_markdown(exercise, self.catalog.sources)
        )
        self.query_one("#exercise-detail-scroll").scroll_home(animate=False)

    def on_option_list_option_selected(self) -> None:
        self.set_focus(self.query_one("#exercise-detail-scroll"))

    def on_key(self, event: events.Key) -> None:
        """Type to search: a letter that no key binding claims goes into the search box.

        This also keeps letters typed right after ``/``: Textual can hand them to the widget
        that had the focus even after the search box took it, so a letter that reaches the
        screen was taken by nobody, whatever has the focus now (the search box takes and
        stops every letter it is given).
        """
        if isinstance(self.focused, Select) or not event.is_printable:
            return
        if event.character is None or event.key in self.active_bindings:
            return
        search = self.query_one("#search", Input)
        self.set_focus(search)
        search.insert_text_at_cursor(event.character)
        event.stop()

    def action_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))

    def action_clear_filters(self) -> None:
        for select in self.query(Select):
            select.clear()
        self.query_one("#search", Input).value = ""

    def action_back(self) -> None:
        """From the search box, back to the list (what was typed stays); from anywhere
        else, the details pane included, out of the catalog in one press.

        The focus moves at once (``set_focus``, not ``focus``, which waits its turn in the
        queue), so a second Escape right behind the first finds the list and leaves.
        """
        if self.focused is not None and self.focused.id == "search":
            self.set_focus(self.query_one("#exercises", OptionList))
        else:
            self.app.pop_screen()
