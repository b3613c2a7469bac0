"""The questionnaires between sessions (PEG weekly, PSFS every two weeks) and their history.

Every question can be skipped: enter on an empty answer skips that question, escape skips
the rest. Nothing here blocks a session: the questions come after one ends, or when the
person asks for them on the home screen, and a database that cannot be written only means
a notice that the answers were not kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Static

from catalog.measures import (
    EVERY_DAYS,
    MEASURES,
    PEG_ITEMS,
    PSFS_HIGH,
    PSFS_LOW,
    PSFS_MAX_ACTIVITIES,
    PSFS_QUESTION,
    Measure,
    is_due,
)
from db.errors import DatabaseProblem
from tui.widgets.answer_box import AnswerBox, is_last_box
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.number_input import NumberInput
from tui.words import outcome_change_text

if TYPE_CHECKING:
    from datetime import date

    from sqlite_utils import Database
    from textual.notifications import SeverityLevel

    from db.kept_aside import SessionKey
    from db.outcomes import Answered, Outcome
    from db.unsaved import KeepAside

DatabaseOpener = Callable[[], Awaitable["Database"]]

PegAnswers = tuple[int | None, int | None, int | None]
PsfsAnswers = list[tuple[str, int | None]]

ANSWER_HINT = "0-10, then enter (enter alone skips this one)"
ASK_AGAIN = "answer it again from the home screen (p, a) while it is due"


def _rating(text: str) -> int | str | None:
    """A 0-10 answer, None for skipped, or what is wrong with it."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 10:
        return RATING_TAKES
    return int(text)


RATING_TAKES = "A number from 0 to 10, or enter alone to skip."


def _refused(screen: Screen[Any], event: NumberInput.Refused) -> None:
    """A key the rating box refused: the card's error line says what it takes."""
    screen.query_one(".question-error", Static).update(event.takes)


CARD_CSS = """
PegQuestions, PsfsQuestions {
    align: center middle;
}
.outcome-card {
    width: 78;
    height: auto;
    max-height: 95%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}
.outcome-item {
    margin: 1 0 0 0;
}
.outcome-card Input {
    height: 1;
    border: none;
    padding: 0 1;
    background: $boost;
}
.outcome-card Input:focus {
    border: none;
    background: $accent 30%;
}
.psfs-grid {
    grid-size: 2;
    grid-columns: 1fr 12;
    grid-rows: 1;
    grid-gutter: 1 1;
    height: auto;
    margin: 1 0;
}
"""


class PegQuestions(ModalScreen[PegAnswers]):
    """The three PEG items on one card; dismisses with the answers (None where skipped)."""

    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (NumberInput,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""

    DEFAULT_CSS = CARD_CSS
    AUTO_FOCUS = "Input"

    BINDINGS = [Binding("escape", "skip_rest", "Skip the rest", id="peg.skip")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="outcome-card", can_focus=False):
            yield Label("How has your back been this past week?", classes="question-text")
            for number, item in enumerate(PEG_ITEMS, start=1):
                yield Static(f"{number}. {item.question}", classes="outcome-item")
                yield Static(f"0 = {item.low}, 10 = {item.high}", classes="question-hint")
                yield NumberInput(
                    placeholder=ANSWER_HINT,
                    digits=2,
                    most=10,
                    takes=RATING_TAKES,
                    id=f"peg-{item.key}",
                    classes="outcome-answer",
                )
            yield Static("", classes="question-error")
            yield Static("escape: skip the rest (answers so far are kept)", classes="question-hint")
        yield Footer()  # its own keys, over those of the screen beneath

    def _answers(self) -> list[int | None]:
        answers: list[int | None] = []
        for item in PEG_ITEMS:
            value = _rating(self.query_one(f"#peg-{item.key}", Input).value)
            answers.append(value if isinstance(value, int) else None)
        return answers

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        checked = _rating(event.value)
        if isinstance(checked, str):
            self.query_one(".question-error", Static).update(checked)
            return
        self.query_one(".question-error", Static).update("")
        if is_last_box(event.input):  # the others moved the focus on themselves
            self.action_skip_rest()

    @on(NumberInput.Refused)
    def _refused(self, event: NumberInput.Refused) -> None:
        _refused(self, event)

    def action_skip_rest(self) -> None:
        pain, enjoyment, activity = self._answers()
        self.dismiss((pain, enjoyment, activity))


class PsfsQuestions(ModalScreen[PsfsAnswers]):
    """Up to three activities, named (or kept from last time) and rated 0-10."""

    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (AnswerBox, NumberInput)
    """The widgets it holds that take keys before it (``tui.keymap``)."""

    DEFAULT_CSS = CARD_CSS
    AUTO_FOCUS = "Input"

    BINDINGS = [Binding("escape", "skip_rest", "Skip the rest", id="psfs.skip")]

    def __init__(self, activities: Sequence[str] = ()) -> None:
        super().__init__()
        self.activities = tuple(activities)[:PSFS_MAX_ACTIVITIES]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="outcome-card", can_focus=False):
            yield Label("Your activities", classes="question-text")
            yield Static(PSFS_QUESTION, classes="outcome-item")
            yield Static(f"0 = {PSFS_LOW}, 10 = {PSFS_HIGH}", classes="question-hint")
            if self.activities:
                yield Static(
                    "The same activities as last time; type over one to change it.",
                    classes="question-hint",
                )
            with Grid(classes="psfs-grid"):
                for row in range(PSFS_MAX_ACTIVITIES):
                    named = self.activities[row] if row < len(self.activities) else ""
                    yield AnswerBox(
                        named,
                        placeholder=f"activity {row + 1} (e.g. sitting through a meeting)",
                        id=f"psfs-name-{row}",
                        max_length=80,
                    )
                    yield NumberInput(
                        placeholder="0-10",
                        digits=2,
                        most=10,
                        takes=RATING_TAKES,
                        id=f"psfs-rating-{row}",
                    )
            yield Static("", classes="question-error")
            yield Static(
                "enter: next; enter on the last rating saves · escape: skip the rest",
                classes="question-hint",
            )
        yield Footer()  # its own keys, over those of the screen beneath

    def _answers(self) -> PsfsAnswers:
        answers: PsfsAnswers = []
        for row in range(PSFS_MAX_ACTIVITIES):
            name = self.query_one(f"#psfs-name-{row}", Input).value.strip()
            value = _rating(self.query_one(f"#psfs-rating-{row}", Input).value)
            if name:
                answers.append((name, value if isinstance(value, int) else None))
        return answers

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if (event.input.id or "").startswith("psfs-rating"):
            checked = _rating(event.value)
            if isinstance(checked, str):
                self.query_one(".question-error", Static).update(checked)
                return
        self.query_one(".question-error", Static).update("")
        if is_last_box(event.input):  # the others moved the focus on themselves
            self.action_skip_rest()

    @on(NumberInput.Refused)
    def _refused(self, event: NumberInput.Refused) -> None:
        _refused(self, event)

    def action_skip_rest(self) -> None:
        self.dismiss(self._answers())


@dataclass(frozen=True, slots=True)
class Saved:
    measure: Measure
    score: float | None
    skipped: bool


@dataclass(frozen=True, slots=True)
class AfterSession:
    """The session this lumbar just ran, which the check-ins offered on its summary follow:
    their answers are that session's, written as its rows were, to its file, even one found
    damaged meanwhile (``store_outcome``'s ``session_open``); kept aside beside it
    (``db.kept_aside``) where that write meets the damage."""

    db: Database
    key: SessionKey
    keep: KeepAside | None = None
    """Where answers to keep aside go (``db.unsaved.Unsaved.keep_aside``: tried again until
    lumbar closes where they cannot be kept at once); None: kept at once or not at all."""


async def ask(
    app: App[Any],
    database: DatabaseOpener,
    measures: Iterable[Measure],
    *,
    after: AfterSession | None = None,
) -> list[Saved]:
    """Ask each of ``measures`` in turn and store the answers; from a worker. A database
    that cannot be opened or written is one notice, never an error; answers for the session
    just run (``after``) that its file, found damaged, cannot take are kept aside, and the
    notice says where. Each line is told once: a later one that differs is told too."""
    from db.outcomes import (
        peg_answered,
        psfs_activities,
        psfs_answered,
        skipped_answered,
        store_outcome,
    )

    db: Database | None
    if after is not None:
        db = after.db
    else:
        try:
            db = await database()
        except DatabaseProblem as problem:
            db = None
            app.notify(f"{problem}. Answers cannot be kept.", title="Check-in", severity="error")
    session_id = after.key.id if after is not None else None
    saved: list[Saved] = []
    told: set[str] = set()
    for measure in measures:
        answered: Answered
        if measure == "peg":
            peg = await app.push_screen_wait(PegQuestions())
            if db is None:
                continue
            answered = peg_answered(*peg, after=session_id)
        else:
            known = await _activities_known(db, psfs_activities) if db is not None else ()
            psfs = await app.push_screen_wait(PsfsQuestions(known))
            if db is None:
                continue
            if psfs:
                answered = psfs_answered(psfs, after=session_id)
            else:
                answered = skipped_answered("psfs", after=session_id)
        try:
            outcome = await asyncio.to_thread(
                store_outcome, db, answered, session_open=after is not None
            )
        except DatabaseProblem as problem:
            if after is None:
                app.notify(f"{problem}. Not kept.", title="Check-in", severity="error")
                continue
            if getattr(after.db, "damaged", None) is None:
                # Not damaged (locked, full, gone): the file is not called so, and the
                # check-in, not stored, stays due on the home screen.
                lines, title = [f"{problem}. Not kept; {ASK_AGAIN}."], "Check-in"
                severity: SeverityLevel = "error"
            else:
                lines = await asyncio.to_thread(_kept_aside, after, answered)
                title, severity = "Answers kept aside", "warning"
            for line in lines:
                if line not in told:  # the next answers go where these went: said once
                    told.add(line)
                    app.notify(line, title=title, severity=severity, timeout=30)
            continue
        saved.append(Saved(measure, outcome.score, outcome.skipped))
    if saved and any(not s.skipped for s in saved):
        app.notify("Thank you: your answers are kept.", title="Check-in")
    return saved


async def _activities_known(
    db: Database, known: Callable[[Database], tuple[str, ...]]
) -> tuple[str, ...]:
    """The activities to ask about again; none where the file does not read (they are the
    person's to name again: the questions are asked all the same)."""
    try:
        return await asyncio.to_thread(known, db)
    except DatabaseProblem:
        return ()


def _kept_aside(after: AfterSession, answered: Answered) -> list[str]:
    """``answered`` kept aside beside the session's damaged file; the lines to tell."""
    from db.kept_aside import keep_aside, kept_aside_text, outcome_answers

    path = getattr(after.db, "path", None)
    if path is None:
        return [f"{getattr(after.db, 'damaged', None)}. Not kept."]
    entries = [outcome_answers(after.key, answered)]
    if after.keep is not None:
        return after.keep(path, entries)
    try:  # nothing to try again later: kept now, or said not kept
        return [kept_aside_text(path, keep_aside(path, entries))]
    except DatabaseProblem as problem:
        return [f"{problem}. Not kept."]


def due_now(db: Database) -> tuple[Measure, ...]:
    """The questionnaires due today, from the database (in a thread)."""
    from db.clock import today as clock_today
    from db.outcomes import last_asked

    today = clock_today()
    asked = last_asked(db)
    return tuple(m for m in MEASURES if is_due(m, asked[m], today))


def ask_now(app: App[Any], database: DatabaseOpener, measure: Measure) -> None:
    """Ask one questionnaire now (from the home screen or the palette)."""
    app.run_worker(
        ask(app, database, (measure,)), group="outcomes", exclusive=True, exit_on_error=False
    )


def outcome_commands(
    app: App[Any], database: DatabaseOpener, browse: DatabaseOpener
) -> Iterable[SystemCommand]:
    """The palette's entries for the check-ins and their history."""
    yield SystemCommand(
        "Check-in: PEG",
        "How your back has been this week: pain, enjoyment of life, general activity",
        lambda: ask_now(app, database, "peg"),
    )
    yield SystemCommand(
        "Check-in: activities (PSFS)",
        "Rate up to three activities your back makes hard",
        lambda: ask_now(app, database, "psfs"),
    )
    yield SystemCommand(
        "Outcomes",
        "PEG and PSFS scores over time, against their minimal important change",
        lambda: app.push_screen(OutcomesScreen(browse, database)),
    )


class OutcomesScreen(Screen[None]):
    """Every PEG and PSFS answered, with each score's change against the first."""

    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (DataTable,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""

    TITLE = "Outcomes"
    BINDINGS = [
        Binding("p", "ask('peg')", "PEG check-in", id="outcomes.peg"),
        Binding("a", "ask('psfs')", "Activities (PSFS)", id="outcomes.psfs"),
        Binding("escape", "app.pop_screen", "Back", id="outcomes.back"),
    ]

    def __init__(self, browse: DatabaseOpener, database: DatabaseOpener) -> None:
        super().__init__()
        self._browse = browse
        self._database = database

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="outcomes"):
            yield Static("Reading…", id="outcomes-summary")
            yield DataTable(id="outcomes-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("DAY", "MEASURE", "SCORE", "CHANGE", "ANSWERS")
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(exclusive=True, group="outcomes-load", exit_on_error=False)
    async def load(self) -> None:
        from db.outcomes import outcomes

        try:
            db = await self._browse()
            found = await asyncio.to_thread(outcomes, db)
        except DatabaseProblem as problem:
            self.query_one("#outcomes-summary", Static).update(str(problem))
            return
        self.show(found)

    def show(self, found: Sequence[Outcome]) -> None:
        from db.clock import local_zone
        from db.outcomes import compared

        lines = []
        for measure in MEASURES:
            name = "PEG" if measure == "peg" else "PSFS"
            better = "lower" if measure == "peg" else "higher"
            lines.append(
                f"{name} (0-10, {better} is better, every {EVERY_DAYS[measure]} days): "
                + outcome_change_text(measure, found)
            )
        lines.append("p: answer the PEG now · a: rate your activities (PSFS) now")
        self.query_one("#outcomes-summary", Static).update("\n".join(lines))
        table = self.query_one(DataTable)
        table.clear()
        first: dict[str, Outcome] = {}
        for outcome in reversed(found):
            if outcome.score is not None:
                first[outcome.measure] = outcome
        for outcome in reversed(found):  # newest first
            day: date = outcome.answered_at.astimezone(local_zone()).date()
            score = "-" if outcome.score is None else f"{outcome.score:.1f}"
            start = first.get(outcome.measure)
            against = None if start is None else compared(start, outcome)
            if outcome is start:  # the change is against it: "+0.0" read as no change
                change = "first"
            elif against is None:
                change = "-"
            else:  # a PSFS with other activities: on those rated in both, said so
                change = f"{against.later - against.earlier:+.1f}"
                if against.activities:
                    change += f" on {len(against.activities)}"
            answers = ", ".join(
                f"{a.item} {'-' if a.value is None else a.value}" for a in outcome.answers
            )
            table.add_row(day.isoformat(), outcome.measure.upper(), score, change, answers)

    def action_ask(self, measure: Measure) -> None:
        async def ask_and_reload() -> None:
            await ask(self.app, self._database, (measure,))
            self.load()

        self.run_worker(ask_and_reload(), group="outcomes", exclusive=True, exit_on_error=False)
