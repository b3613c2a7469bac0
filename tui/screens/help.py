"""Help for the screen underneath: its keys with their binding ids, where settings live, and
what in the settings or the person's files needs fixing (the start-up notice shows three)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from catalog.describe import SAFETY
from tui.widgets.footer import Footer


@dataclass(frozen=True)
class KeyHelp:
    key: str
    description: str
    binding_id: str
    now: bool = True
    """Whether the key does something now (a session's n before its first space does not)."""


NOT_NOW = " (not now)"


class HelpScreen(ModalScreen[None]):
    # q does what it does beneath: over a session it asks to end it, elsewhere it quits
    # (one binding each, only the one that applies is active, under one id). Over a dialog
    # (a session's question, the offer to resume) neither: the dialog asks first, and escape
    # goes back to it.
    BINDINGS = [
        Binding("escape", "close('close')", "Close", id="help.close"),
        Binding("escape", "close('back')", "Back to the question", id="help.close"),
        Binding("q", "leave('end')", "End session", id="help.quit"),
        Binding("q", "leave('quit')", "Quit", id="help.quit"),
    ]

    def __init__(
        self,
        keys: list[KeyHelp],
        settings_path: Path,
        screen_title: str,
        problems: Sequence[str] = (),
        *,
        in_session: bool = False,
        over_dialog: bool = False,
    ) -> None:
        """``problems``: the settings and files that need fixing, each in one line;
        ``in_session``: over a live session, whose own q asks to end it; ``over_dialog``:
        over a question waiting for its answer, which escape goes back to (q is off)."""
        super().__init__()
        self.in_session = in_session
        self.over_dialog = over_dialog
        self.keys = keys
        self.settings_path = settings_path
        self.screen_title = screen_title
        self.problems = tuple(problems)

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_edge=False, pad_edge=False)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Does")
        table.add_column("Binding id", style="dim", no_wrap=True)
        for key in self.keys:
            if key.now:
                table.add_row(key.key, key.description, key.binding_id)
            else:
                table.add_row(
                    Text(key.key, "dim"), Text(key.description + NOT_NOW, "dim"), key.binding_id
                )
        table.add_row("ctrl+p", "Command palette: every screen and routine by name", "")
        with VerticalScroll(id="help-box") as box:
            box.border_title = f"Help · {self.screen_title}" if self.screen_title else "Help"
            box.border_subtitle = "escape closes"
            yield Static(table, id="help-keys")
            yield Static(
                Text.assemble(
                    "Remap a key by its binding id in ",
                    (str(self.settings_path), "bold"),
                    ', e.g. [keys] "app.help" = "f1".',
                ),
                id="help-settings",
            )
            if self.problems:
                yield Static(
                    Text.assemble(
                        ("Settings or files that need fixing:", "bold"),
                        *(f"\n• {problem}" for problem in self.problems),
                    ),
                    id="help-problems",
                )
            yield Static(SAFETY, id="help-safety")
        yield Footer()  # its own keys, over those of the screen beneath (which it takes)

    MOST_TALL = 22
    """The help's box is this tall at most, and two rows shorter than a lower terminal."""

    def on_resize(self) -> None:
        box = self.query_one("#help-box")
        box.styles.max_height = min(self.MOST_TALL, self.app.size.height - 2)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return not self.over_dialog and parameters[0] == ("end" if self.in_session else "quit")
        if action == "close":
            return parameters[0] == ("back" if self.over_dialog else "close")
        return True

    def action_close(self, how: str) -> None:
        """escape: back to the screen beneath (``how`` only names it in the footer)."""
        self.app.pop_screen()

    async def action_leave(self, what: str) -> None:
        """q: what q does beneath (the app closes the help first)."""
        await self.app.run_action("quit")
