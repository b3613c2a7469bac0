"""Small questions asked in a session: a 0-10 number, a note, a yes/no, a choice after pain.

Each 0-10 question takes a number then enter; escape skips it. Enter alone does not: it is
the key that ends a set, and one pressed as the last set ended would skip the pain after.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tui.keymap import key_word
from tui.live import Ask
from tui.live.pain import RED_FLAGS, RED_FLAGS_SHORT, REST_TODAY_WORDS, PainAdvice
from tui.screens.compact import HELP_OVER, CompactDialog
from tui.sizes import PAIN_ADVICE, Minimum
from tui.widgets.footer import Footer
from tui.widgets.number_input import NumberInput
from tui.words import PAIN_FOOTER_SHORT_WORDS

NOTE_HINT = "type, enter; enter alone skips"
"""The note's box's hint, whole in the mat view's 40 columns (30 cells of box there)."""


def takes_0_to_10(skip: str) -> str:
    """What a 0-10 question takes; ``skip``: the key that skips it (escape unless moved)."""
    return f"A number from 0 (none) to 10 (worst), then enter; {skip} skips."


def no_number(skip: str) -> str:
    return f"No number yet: type 0 (none) to 10 (worst), then enter; {skip} skips."


def number_hint(skip: str) -> str:
    """The 0-10 box's hint, whole in the mat view's 40 columns (30 cells of box there)."""
    return f"0-10 then enter; {skip} skips"


AnswerT = TypeVar("AnswerT")


class SessionQuestion(CompactDialog[AnswerT]):
    """A question over a session. No toast of information or a warning is drawn over it
    (lumbar.tcss): on a small screen one hid its words and keys. The session's own lines wait
    for its answer; one already up shows again as it makes way, for the rest of its time.
    An error still shows. Compact below the full view's room: the pain check fits 40×12
    whole with its hint, its answer box and an error."""


class NumberQuestion(SessionQuestion[int | None]):
    """Asks for a whole number from 0 to 10; dismisses with it, or None when skipped
    (escape; enter alone says a number is wanted)."""

    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (NumberInput,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""

    BINDINGS = [Binding("escape", "skip", "Skip", id="question.skip"), HELP_OVER]

    def __init__(
        self, question: str, hint: str = "", *, given: int | None = None, name: str | None = None
    ) -> None:
        super().__init__(name=name)
        self.question = question
        self.hint = hint
        self.given = given
        """Offered as the answer (``Ask.given``): in the box, selected, so a digit replaces it."""

    def compose(self) -> ComposeResult:
        self.skip_key = key_word(self, "question.skip")
        with Vertical(classes="question"):
            yield Label(self.question, classes="question-text")
            if self.hint:
                yield Static(self.hint, classes="question-hint")
            yield NumberInput(
                "" if self.given is None else str(self.given),
                placeholder=number_hint(self.skip_key),
                digits=2,
                most=10,
                required=True,
                takes=takes_0_to_10(self.skip_key),
                id="answer",
            )
            yield Static("", classes="question-error")
        yield Footer()  # this question's keys, over the session's beneath it

    @on(NumberInput.Refused)
    def _refused(self, event: NumberInput.Refused) -> None:
        self.query_one(".question-error", Static).update(event.takes)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one(".question-error", Static).update(no_number(self.skip_key))
            return
        value = int(text)
        if value > 10:
            self.query_one(".question-error", Static).update(takes_0_to_10(self.skip_key))
            return
        self.dismiss(value)

    def action_skip(self) -> None:
        self.dismiss(None)


class NoteQuestion(SessionQuestion[str | None]):
    """An optional one-line note; enter alone skips."""

    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (Input,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""

    BINDINGS = [Binding("escape", "skip", "Skip", id="note.skip")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Label("A note about this session? (optional)", classes="question-text")
            yield Input(placeholder=NOTE_HINT, id="answer")
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_skip(self) -> None:
        self.dismiss(None)


class ConfirmEnd(SessionQuestion[bool]):
    """y ends the session (saved as ended early); n or escape goes back to it. Its words
    name the keys as the settings bind them."""

    BINDINGS = [
        Binding("y", "answer(True)", "End it", id="end.yes"),
        Binding("n", "answer(False)", "Go back", id="end.no"),
        Binding("escape", "answer(False)", "Go back", id="end.back", show=False),
        HELP_OVER,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Label("End this session now?", classes="question-text")
            yes, no, back = (key_word(self, i) for i in ("end.yes", "end.no", "end.back"))
            yield Static(
                f"{yes}  end it: what you did is saved, marked ended early\n"
                f"{no}  go back to the session ({back} too)",
                classes="question-hint",
            )
        yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PainAdviceScreen(SessionQuestion[str]):
    """After a pain report, or pain this strong at the pain check: how it compares with the
    start, what lumbar advises, and what the person may do (the recommended first). The
    session stays paused (or not yet started) until they choose. Enter and escape take the
    advice: escape, the way out of a question, never goes on against it (it carried on
    after the advice to stop). Its choices one a line, key first. Below the full view's
    room, a compact form: the same choices and keys, the words shorter."""

    @staticmethod
    def room_needed() -> Minimum:
        """The advice is read whole, with its choices: in full from the full view's room,
        in its compact form in the mat view's (``tui.sizes``)."""
        return PAIN_ADVICE

    # After the advice not to exercise today (before the first set), e and c say what they
    # do then: one binding each, only the one that applies is active, under one id.
    BINDINGS = [
        Binding("s", "choose('skip')", "Skip exercise", id="pain.skip"),
        Binding("e", "choose('end')", "End session", id="pain.end"),
        Binding("e", "choose('end', 'today')", "Not today", id="pain.end"),
        Binding("c", "choose('carry-on')", "Carry on", id="pain.continue"),
        Binding("c", "choose('carry-on', 'today')", "Go on gently", id="pain.continue"),
        Binding("f", "choose('red-flag')", "Red flag", id="pain.red_flag"),
        Binding("enter", "recommended", "OK", id="pain.recommended", show=False),
        Binding("escape", "recommended", "As advised", id="pain.back", show=False),
        HELP_OVER,
    ]

    BINDING_IDS: ClassVar[dict[str, str]] = {
        "skip": "pain.skip",
        "end": "pain.end",
        "carry-on": "pain.continue",
        "red-flag": "pain.red_flag",
    }
    """Each choice's binding: its words name the key the settings bind it to."""

    def __init__(self, advice: PainAdvice) -> None:
        super().__init__()
        self.advice = advice

    def key(self, choice: str) -> str:
        """The key that makes ``choice`` ("skip", "end", ...), as the settings bind it."""
        return key_word(self, self.BINDING_IDS[choice])

    def advised(self) -> str:
        """The keys that take the advice, as it names them: "enter or escape"."""
        return f"{key_word(self, 'pain.recommended')} or {key_word(self, 'pain.back')}"

    def compose(self) -> ComposeResult:
        advice = self.advice
        with Vertical(classes="question"):
            yield Label(advice.headline, classes="question-text")
            yield Static(advice.text, classes="question-hint full-form")
            yield Static(advice.short_text, classes="question-hint compact-form")
            if "red-flag" in advice.choices:
                yield Static(
                    f"Stop and press {self.key('red-flag')} if you have: "
                    + "; ".join(RED_FLAGS)
                    + ".",
                    classes="question-hint full-form",
                )
            if advice.advice == "seek-care":
                yield Static(
                    f"{self.advised()}: {advice.choice_text('end')}", classes="question-hint"
                )
            else:
                yield Static(self._choices(), classes="question-hint full-form")
                yield Static(self._choices(short=True), classes="question-hint compact-form")
        yield Footer(short_words=PAIN_FOOTER_SHORT_WORDS)

    def _choices(self, *, short: bool = False) -> str:
        """One choice a line, its key first, so that none is split across lines; ``short``:
        a red flag's reasons in few words (the full form names them in a line above)."""
        advice = self.advice
        lines = []
        for choice in advice.choices:
            words = advice.choice_text(choice)
            if short and choice == "red-flag":
                words = f"red flag: {RED_FLAGS_SHORT}"
            lines.append(f"{self.key(choice)}  {words}")
        lines[0] += f" ({self.advised()})"
        return "\n".join(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            choice = parameters[0]
            if choice not in self.advice.choices:
                return False
            if choice in REST_TODAY_WORDS:  # in its words after the advice not to exercise today
                return (parameters[1:] == ("today",)) == (self.advice.advice == "rest-today")
        return True

    def action_choose(self, choice: str, words: str = "") -> None:
        self.dismiss(choice)

    def action_recommended(self) -> None:
        """Enter or escape: what lumbar advises, the first choice."""
        self.dismiss(self.advice.choices[0])


def question_for(ask: Ask) -> Screen[Any]:
    """The question a live session asks, as a screen."""
    if ask.kind == "end":
        return ConfirmEnd()
    if ask.kind == "note":
        return NoteQuestion()
    if ask.kind == "pain-advice":
        assert ask.advice is not None
        return PainAdviceScreen(ask.advice)
    return NumberQuestion(ask.prompt, ask.hint, given=ask.given)
