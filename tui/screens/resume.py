"""The question put when an interrupted session can be taken up again: resume it from the
next set not finished, or not (start afresh, or not now)."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tui.keymap import key_word
from tui.screens.compact import HELP_OVER, CompactDialog
from tui.sizes import LUMBAR, RESUME_OFFER, Minimum
from tui.widgets.footer import Footer
from tui.widgets.touch import TouchTarget


class ResumeQuestion(CompactDialog[bool | None]):
    """r resumes (True); n does not (False: ``other`` says what then); escape leaves the
    choice for later (None); its words name the keys as the settings bind them. Compact
    below the full view's room (a session started in the mat view's): its keys, not its
    touch targets."""

    BINDINGS = [
        Binding("r", "answer(True)", "Resume", id="resume.yes"),
        Binding("n", "answer(False)", "No", id="resume.no"),
        Binding("escape", "leave", "Back", id="resume.back", show=False),
        HELP_OVER,
    ]

    def __init__(self, offer: str, other: str) -> None:
        """``offer``: the question; ``other``: what n does ("start afresh", "not now")."""
        super().__init__()
        self.offer = offer
        self.other = other
        # The footer names what n does here, as the question does ("Start afresh"), not "No".
        keys = self._bindings.key_to_bindings
        keys["n"] = [replace(b, description=other.capitalize()) for b in keys["n"]]

    @staticmethod
    def room_needed() -> Minimum:
        """The mat view's room, where a resumed session can run (``tui.sizes``): at start,
        over home, which needs more. (A session on its way, asking its own, needs what
        that session needs: ``SizeGuard.room_needed``.)"""
        return RESUME_OFFER

    def _fit(self) -> None:
        """Compact below the full view's room; alone, on an opaque backdrop, where the screen
        it is asked over (home, the catalog: never a session's, which comes after it) does
        not fit: at 40×12 that screen, drawn for 80×24, showed through cut off around it."""
        super()._fit()
        self.set_class(not LUMBAR.fits(*self.app.size), "-alone")

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Static(self.offer, classes="question-text")
            yes, no = key_word(self, "resume.yes"), key_word(self, "resume.no")
            yield Static(
                f"{yes}  resume it: one session, as if it never stopped\n{no}  {self.other}",
                classes="question-hint",
            )
            with Horizontal(classes="question-buttons"):
                yield TouchTarget("Resume", variant="primary", id="resume-yes")
                yield TouchTarget(self.other.capitalize(), id="resume-no")
        yield Footer()  # its own keys, over those of the screen beneath

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "resume-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_leave(self) -> None:
        self.dismiss(None)
