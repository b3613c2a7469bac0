"""The full-screen app: routes between screens, applies settings, guards the terminal size."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Input

from catalog import Catalog
from tui.locations import Locations
from tui.screens.catalog import CatalogScreen
from tui.screens.help import HelpScreen, KeyHelp
from tui.screens.home import HomeScreen, RoutineList
from tui.screens.routine import RoutineScreen
from tui.screens.too_small import TooSmallScreen
from tui.settings import Settings

MIN_WIDTH = 80
MIN_HEIGHT = 24


class LumbarApp(App[int]):
    TITLE = "lumbar"
    SUB_TITLE = "low-back exercise coach"
    CSS_PATH = "lumbar.tcss"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        # Priority, so that keys typed right after it reach the catalog, not the old screen.
        Binding("c", "catalog", "Catalog", id="app.catalog", priority=True),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        locations: Locations,
        warnings: Sequence[str] = (),
        start_routine: str | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.locations = locations
        self._warnings = [*warnings, *(str(p) for p in catalog.problems)]
        self._start_routine = start_routine
        self._screens_ready = False

    def on_mount(self) -> None:
        self._apply_settings()
        self.push_screen(HomeScreen(self.catalog, self.settings))
        if self._start_routine is not None:
            self.open_routine(self._start_routine)
        self._screens_ready = True
        self._guard_size(self.size.width, self.size.height)
        self._show_warnings()

    def _show_warnings(self) -> None:
        if not self._warnings:
            return
        shown = self._warnings[:3]
        more = len(self._warnings) - len(shown)
        if more:
            shown.append(f"… and {more} more: 'lumbar catalog' lists them all")
        self.notify(
            "\n".join(shown), title="Some files need fixing", severity="warning", timeout=15
        )

    def _apply_settings(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self._warnings.append(
                f"settings: theme '{self.settings.theme}' is unknown; "
                f"choose one of {', '.join(sorted(self.available_themes))}"
            )
        if self.settings.keys:
            known = self.binding_ids()
            unknown = sorted(set(self.settings.keys) - known)
            if unknown:
                self._warnings.append(
                    f"settings: keys: unknown binding id {', '.join(unknown)}; "
                    "press ? to see the ids"
                )
            self.set_keymap({k: v for k, v in self.settings.keys.items() if k in known})

    @staticmethod
    def binding_ids() -> set[str]:
        """Every binding id a person can remap in settings.toml."""
        owners: tuple[type[DOMNode], ...] = (
            LumbarApp,
            RoutineList,
            CatalogScreen,
            RoutineScreen,
            HelpScreen,
        )
        return {
            binding.id
            for owner in owners
            for binding in owner.BINDINGS
            if isinstance(binding, Binding) and binding.id is not None
        }

    def on_resize(self, event: events.Resize) -> None:
        # The first resize can come before on_mount; the notice must go above the screens.
        if self._screens_ready:
            self._guard_size(event.size.width, event.size.height)

    def _guard_size(self, width: int, height: int) -> None:
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif too_small:
            self.screen.query_one(TooSmallScreen.Message).update(
                TooSmallScreen.text(width, height, MIN_WIDTH, MIN_HEIGHT)
            )
        elif showing:
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, TooSmallScreen):
            return action == "quit"
        if action == "catalog":
            return not isinstance(self.screen, CatalogScreen) and not isinstance(
                self.focused, Input
            )
        return True

    def action_catalog(self) -> None:
        if not isinstance(self.screen, CatalogScreen):
            self.push_screen(CatalogScreen(self.catalog))

    def action_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        keys = [
            KeyHelp(
                key=self.get_key_display(active.binding),
                description=active.binding.description,
                binding_id=active.binding.id or "",
            )
            for active in self.screen.active_bindings.values()
            if active.binding.description and (active.binding.id or active.binding.show)
        ]
        self.push_screen(HelpScreen(keys, self.locations.settings_path, self.screen.title or ""))

    def on_home_screen_routine_chosen(self, message: HomeScreen.RoutineChosen) -> None:
        self.open_routine(message.routine_id)

    def open_routine(self, routine_id: str) -> None:
        routine = self.catalog.routines[routine_id]
        self.push_screen(RoutineScreen(routine, self.catalog, self.settings))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("Home", "Routines to choose from", self.action_home)
        yield SystemCommand("Catalog", "Browse and filter every exercise", self.action_catalog)
        yield SystemCommand("Help", "Keys of this screen and where settings live", self.action_help)
        for routine in self.catalog.routines.values():
            yield SystemCommand(
                f"Routine: {routine.name}",
                routine.description,
                lambda routine_id=routine.id: self.open_routine(routine_id),
            )
        yield from super().get_system_commands(screen)
