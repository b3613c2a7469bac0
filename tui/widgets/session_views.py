"""The two faces of a live session: the full view, for reading the steps, and the mat view,
its clock as large as the terminal, readable from the floor, one on screen at a time
(``SessionFaces``). Each only draws a ``LiveView``."""

from __future__ import annotations

import math

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Digits, ProgressBar, Static

from tui.live import LiveView, SensorPanel
from tui.live.changes import EnterAction, TempoCue
from tui.live.view import STATES, Alert, SetDone
from tui.widgets.big_clock import BigClock, room_above, rows_drawn
from tui.widgets.touch import TouchTarget
from tui.words import NO_CONTACT_WORDS

BIG_WHEN_OVER = "DONE"
"""What the block letters say once the session is over (the small digits have no N)."""


def block_letters(view: LiveView) -> str:
    return BIG_WHEN_OVER if view.state == "over" else view.big


TALL_ROWS = 34
"""From this height of the full view on (a terminal 36 rows tall: the header and the footer
take a row each), its figure is drawn as large as a third of the screen allows (block digits
at least 7 rows tall, readable from a mat), not in 3-row digits."""


class SessionBar(ProgressBar):
    """The session's progress bar. Textual's bar estimates the time left each second and
    redraws for it even where it shows none (``show_eta=False``): a paused session was drawn
    again every second for nothing (CI: a frame among ticks that changed nothing)."""

    _display_eta: reactive[int | None] = reactive(None, repaint=False)


class FullView(Vertical):
    """The exercise, the big figure, the steps, cues and cautions, what comes next, sensors.

    The figure is 3 rows tall in a small terminal, leaving room for the steps; in a tall one
    (``TALL_ROWS``) it grows with the terminal, as the mat view's does."""

    _frame: Content | None = None
    """The words on the frame round the figure, as last set."""

    def compose(self) -> ComposeResult:
        yield Static(id="run-title")
        with Horizontal(id="run-big"):
            yield Digits("", id="run-digits")
            yield BigClock(id="run-clock")
            with Vertical(id="run-labels"):
                yield Static(id="run-label")
                yield Static(id="run-tempo")
        with Horizontal(id="run-body"):
            with VerticalScroll(id="run-how"):
                yield Static(id="run-steps")
            with Vertical(id="run-side"):
                yield Static(id="run-next")
                yield Static(id="run-sensors")
        yield Static(id="run-status")
        with Horizontal(id="run-progress-row"):
            yield SessionBar(total=1.0, show_eta=False, show_percentage=False, id="run-bar")
            yield Static(id="run-position")

    def on_mount(self) -> None:
        self.query_one("#run-how").border_title = "How"
        self.query_one("#run-side").border_title = "Next"
        self.query_one("#run-sensors").border_title = "Sensors"

    def on_resize(self) -> None:
        self.set_class(self.size.height >= TALL_ROWS, "-tall")

    def show(self, view: LiveView) -> None:
        # Only what changed is drawn again (``show_in``): a tick is ten times a second.
        show_in(self.query_one("#run-title", Static), title_text(view), layout=False)
        big = self.query_one("#run-big")
        # What to put right, on the frame round the figure, in its colour (not only a line in
        # the sensors panel); else, in the first seconds after a set, what it did.
        big.set_class(view.alert is not None, "-alert")
        done = view.done if view.alert is None else None
        big.set_class(done is not None, "-done")
        frame: Content | None = None
        if view.alert is not None:
            frame = alert_line(view.alert)
        elif done is not None:
            frame = done_line(done)
        if not same_frame(frame, self._frame):  # setting one draws it again, the same or not
            big.border_title = self._frame = frame
        big.set_class(view.stopped, "-stopped")
        digits = self.query_one("#run-digits", Digits)
        if digits.value != view.big:
            digits.update(view.big)
        self.query_one("#run-clock", BigClock).show(block_letters(view), shaded=view.stopped)
        show_in(self.query_one("#run-label", Static), view.label)
        show_in(self.query_one("#run-tempo", Static), tempo_text(view), layout=False)
        show_in(self.query_one("#run-steps", Static), how_text(view))
        show_in(self.query_one("#run-next", Static), view.next_text)
        show_in(self.query_one("#run-status", Static), status_text(view))
        show_in(self.query_one("#run-sensors", Static), sensors_text(view.sensors))
        bar = self.query_one("#run-bar", ProgressBar)
        cells = bar.query_one("#bar").size.width  # 0: not laid out yet
        if not cells or bar_drawn(bar.progress, cells) != bar_drawn(view.progress, cells):
            bar.update(progress=view.progress)
        show_in(self.query_one("#run-position", Static), view.position)

    def flash(self) -> None:
        big = self.query_one("#run-big")
        big.add_class("flash")
        self.set_timer(0.4, lambda: big.remove_class("flash"))


MAT_SHORT_ROWS = 17
"""Below this height of the mat view (a terminal 19 rows tall, a large font) the clock keeps
its 7 rows and the words under it: the touch targets, the clock's margins and a word in block
letters above it give way (the footer still lists the keys), and "Next" has a row of its own
only where the words take one, no bar is under the clock (a warning, the set done: in its
place) and the clock is drawn as large without that row (``next_fits_short``)."""

TOGGLE_WORDS = {"waiting": "Start", "paused": "Resume"}
"""The start/pause target's word where it does not pause."""


class MatView(Vertical):
    """What a person on a mat, two metres away, needs: the clock or count filling the screen,
    the exercise and side, the state in its colour, and what comes next; and targets large
    enough for a finger on a tablet (or a mouse) to start and pause, count a rep and go on:
    each presses the same key (``Button.Pressed`` goes up to the session's screen), and is
    shown only while that key does something, as the footer shows the key (its place is kept
    meanwhile, so the others do not move under a finger)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="mat-top"):
            yield Static(id="mat-title")
            yield Static(id="mat-state")
        yield MatFigure(id="mat-figure")
        yield Static(id="mat-alert")
        yield Static(id="mat-label")
        yield Static(id="mat-next")
        with Horizontal(id="mat-targets"):
            yield TouchTarget("Start", id="touch-toggle", variant="primary")
            yield TouchTarget("Rep", id="touch-rep", variant="success")
            yield TouchTarget("Next", id="touch-next")

    def on_resize(self) -> None:
        height = self.outer_size.height  # with the row it keeps for a line, or not
        self.set_class(height < MAT_SHORT_ROWS, "-short")

    @property
    def short(self) -> bool:
        """Below ``MAT_SHORT_ROWS``: no "Next", no targets, no row kept for a line."""
        return self.has_class("-short")

    def show(self, view: LiveView) -> None:
        for state in STATES:
            self.set_class(view.state == state, f"-{state}")
        title = view.heading if view.step.kind == "work" else view.subheading or view.heading
        side = f" · {view.side} side" if view.side and view.step.kind == "work" else ""
        show_in(self.query_one("#mat-title", Static), Content.styled(title + side, "bold"))
        show_in(self.query_one("#mat-state", Static), view.word)
        # A short mat view keeps all its room for the figure.
        word = "" if self.short else view.big_word
        self.query_one(MatFigure).show(block_letters(view), word, shaded=view.stopped)
        # A bar under the figure: what to put right, else (the step after a set, its first
        # seconds) what the set did. A short mat view gives it one row, so the words under
        # the figure (the count and the tempo: what to do now) keep theirs.
        alert, done = view.alert, view.done
        self.set_class(alert is not None, "-alert")
        self.set_class(alert is None and done is not None, "-done")
        self.set_class(alert is not None or done is not None, "-bar")
        bar = self.query_one("#mat-alert", Static)
        if alert is not None:
            show_in(bar, alert_text(alert, one_row=self.short))
        elif done is not None:
            show_in(bar, done_text(done, one_row=self.short))
        tempo = view.tempo
        parts = [line for line in view.label.splitlines() if line]
        if tempo is not None:
            # After "of 5 reps", which reads on from the count: before it, "LIFT 2 of 5 reps"
            # read as the rep's number.
            parts.insert(1, tempo_words(tempo))
        words = " · ".join(parts)
        show_in(self.query_one("#mat-label", Static), words)
        show_in(self.query_one("#mat-next", Static), f"Next: {view.next_text}")
        # "Next" in a short mat view where it fits; a bar (either kind) is in its place.
        width, height = self.content_size
        self.set_class(
            self.short
            and alert is None
            and done is None
            and next_fits_short(block_letters(view), words, width, height),
            "-next-fits",
        )
        self._show_targets(view)

    def _show_targets(self, view: LiveView) -> None:
        toggle = self.query_one("#touch-toggle", TouchTarget)
        toggle.label = TOGGLE_WORDS.get(view.state, "Pause")
        toggle.offer(view.state not in ("asking", "over"))
        rep = self.query_one("#touch-rep", TouchTarget)
        words = rep_words(view)
        if words is not None:
            rep.label = words
        rep.offer(words is not None)
        self.query_one("#touch-next", TouchTarget).offer(view.goes_on)

    def flash(self) -> None:
        self.add_class("flash")
        self.set_timer(0.4, lambda: self.remove_class("flash"))


def next_fits_short(figure: str, words: str, width: int, height: int) -> bool:
    """Whether a short mat view ``width`` × ``height`` (its exercise's row, the figure, the
    words under it) has a row for "Next": the words take one row (at 40×12 two are taken by
    the reps' words, "of 5 reps · the sensor counts; x takes one off"), and the figure is
    drawn as large in the rows left as it would be without it (Next never costs the figure
    its size)."""
    if cell_len(words) > width:
        return False
    room = height - 2  # the exercise's row, the words' row
    return room > 0 and rows_drawn(figure, width, room - 1) == rows_drawn(figure, width, room)


class MatFigure(Vertical):
    """The mat view's figure (the clock or count) as large as its room allows, and above it,
    in the rows it leaves, a word in block letters (``LiveView.big_word``: the tempo's, or
    PAUSED) where the word costs the figure no size (``room_above``): the count is what the
    person on the floor reads. Elsewhere the word is in the line under the figure (the
    tempo's) or the corner (PAUSED), and the figure's shading says it stands still."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._figure, self._word, self._shaded = "", "", False

    def compose(self) -> ComposeResult:
        yield BigClock(id="mat-word")
        yield BigClock(id="mat-clock")

    def show(self, figure: str, word: str, *, shaded: bool) -> None:
        self._figure, self._word, self._shaded = figure, word, shaded
        self._place()

    def on_resize(self) -> None:
        self._place()

    def _place(self) -> None:
        rows = room_above(self._figure, self._word, self.size.width, self.size.height)
        word = self.query_one("#mat-word", BigClock)
        word.set_class(rows > 0, "-drawn")
        if rows:
            word.styles.height = rows
        word.show(self._word if rows else "")
        self.query_one("#mat-clock", BigClock).show(self._figure, shaded=self._shaded)


class SessionFaces(ContentSwitcher):
    """The full view and the mat view, one on screen at a time; it draws and flashes that one."""

    def __init__(self, *, mat: bool) -> None:
        super().__init__(
            FullView(id="runner"), MatView(id="mat"), initial="mat" if mat else "runner"
        )

    @property
    def mat(self) -> bool:
        """Whether the mat view is the one on screen."""
        return self.current == "mat"

    def show_mat(self, mat: bool) -> None:
        """The mat view on screen (``mat``), or the full view."""
        self.current = "mat" if mat else "runner"

    @property
    def face(self) -> FullView | MatView:
        """The view on screen: the full one or the mat view."""
        return self.query_one(MatView) if self.mat else self.query_one(FullView)

    def show(self, view: LiveView) -> None:
        self.face.show(view)

    def flash(self) -> None:
        self.face.flash()


def show_in(static: Static, content: str | Content, *, layout: bool = True) -> None:
    """``content`` in ``static``, unless it shows it already: Textual's ``update`` draws it
    again even when it is the same, and lays out the whole screen with it, and a session's
    view is shown ten times a second. ``layout``: False where the widget's size does not
    follow its content (one row, as wide as its container)."""
    if not same_content(static.content, content):
        static.update(content, layout=layout)


def same_content(shown: object, new: str | Content) -> bool:
    """Whether ``new`` is what a widget shows (``shown``): the same words in the same
    styles (``==`` between two ``Content`` compares their words only)."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.is_same(new)
    return type(shown) is type(new) and shown == new


def same_frame(title: Content | None, shown: Content | None) -> bool:
    """Whether ``title`` is the frame's title as last set (``shown``), both none or the same."""
    if title is None or shown is None:
        return title is shown
    return title.is_same(shown)


def bar_drawn(progress: float, cells: int) -> tuple[int, bool, bool]:
    """What a progress bar ``cells`` wide draws of ``progress`` (0 to 1): Textual's keeps the
    whole half cells below it (rounded down), and takes its complete colour at 1. A session's
    moves on a little every tick, and is drawn again only where that shows."""
    part = min(max(progress, 0.0), 1.0)
    return int(part * cells * 2), part >= 1, part == 0


ENTER_WORDS: dict[EnterAction, str] = {
    "rep": "Rep",
    "confirm": "Confirm",
    "confirmed": "Confirmed",
    "go": "Go now",
    "hold-done": "Hold done",
    "start-hold": "Start hold",
}
REP_WORDS = tuple(ENTER_WORDS.values())
"""What the rep key (enter, r) and the mat view's target can do, in the footer's words."""


def rep_words(view: LiveView) -> str | None:
    """What the rep key (and its target) does now; None where it does nothing."""
    return ENTER_WORDS[view.enter_does] if view.enter_does is not None else None


def alert_text(alert: Alert, *, one_row: bool = False) -> Content:
    """The mat view's bar: what to do, in capitals, then why (on its row, or after it)."""
    return Content.assemble((f"⚠ {alert.do.upper()}", "bold"), " " if one_row else "\n", alert.why)


def alert_line(alert: Alert) -> Content:
    """The full view's: on the frame round the figure."""
    return Content.assemble((f" ⚠ {alert.do} ", "bold reverse"), f" {alert.why} ")


def done_mark(done: SetDone) -> str:
    """✓ for a set that did all it asked; else a dash (left, or ended short of it)."""
    return "✓" if done.whole else "–"


def done_text(done: SetDone, *, one_row: bool = False) -> Content:
    """The mat view's bar after a set: what it did, its verb in capitals (the amount as
    written: "30 s", not "30 S"), then which set."""
    said = f"{done_mark(done)} {done.verb.upper()} {done.amount}"
    return Content.assemble((said, "bold"), " · " if one_row else "\n", done.which)


def done_line(done: SetDone) -> Content:
    """The full view's: on the frame round the figure."""
    return Content.assemble(
        (f" {done_mark(done)} {done.words} ", "bold reverse"), f" {done.which} "
    )


def title_text(view: LiveView) -> Content:
    kind = view.step.kind
    if view.state == "over":  # not the step it ended in ("Get ready: Forearm plank")
        return Content.styled(view.heading, "bold")
    if kind == "ready":
        return Content.assemble(("Get ready: ", "bold"), (view.subheading, "bold $accent"))
    if kind == "rest":
        return Content.styled(view.heading, "bold")
    if kind == "switch":
        return Content.assemble((f"{view.heading}: ", "bold"), view.subheading)
    # One separator, as between the subheading's own parts: "Bird dog · left side".
    return Content.assemble(
        (view.heading, "bold"), f" · {view.subheading}" if view.subheading else ""
    )


def how_text(view: LiveView) -> Content:
    parts: list[str | tuple[str, str]] = []
    if view.next_up:
        parts.append((f"Next up: {view.next_up}\n", "bold"))
    if view.cue:
        parts += [("Cue: ", "bold $success"), f"{view.cue}\n"]
    if view.caution:
        parts += [("Caution: ", "bold $warning"), f"{view.caution}\n"]
    for number, line in enumerate(view.steps, start=1):
        parts += [(f"{number}. ", "bold"), f"{line}\n"]
    return Content.assemble(*parts)


def status_text(view: LiveView) -> Content:
    if view.state in ("asking", "over"):
        return Content.styled(view.status, "bold")
    if view.state == "waiting":
        first, stop, rest = view.status.partition(". ")
        return Content.assemble((first + stop, "bold"), rest)
    if view.state == "paused":
        return Content.styled(view.status, "bold $warning")
    return Content.styled(view.status, "dim")


def sensors_text(panel: SensorPanel) -> Content:
    if panel.placeholder is not None:
        return Content(panel.placeholder)
    parts: list[str | tuple[str, str]] = []
    for device in panel.devices:
        if device.state != "connected":
            parts += [(device.title, "bold"), f": {device.state}…\n"]
        elif device.no_contact:
            parts += [(device.title, "bold"), (f": {NO_CONTACT_WORDS}\n", "$warning")]
        elif device.heart_rate_bpm is not None:
            parts += [("♥ ", "bold $error"), (f"{device.heart_rate_bpm} bpm", "bold")]
            parts.append(f" zone {device.zone}" if device.zone else "")
            parts.append(f" · {device.title}\n")
        else:
            parts += [(device.title, "bold"), ": connected\n"]
    if panel.motion is not None:
        parts += [("Motion: ", "bold"), panel.motion + "\n"]
    if panel.warning is not None:
        parts += [("⚠ ", "bold $warning"), (panel.warning, "$warning")]
    return Content.assemble(*parts)


def tempo_text(view: LiveView) -> Content | str:
    tempo = view.tempo
    if tempo is None:
        return ""
    return Content.styled(tempo_words(tempo), "bold")


def tempo_words(tempo: TempoCue) -> str:
    """The tempo's word and the whole seconds left of it: "LIFT 2 s"."""
    return f"{tempo.label.upper()} {math.ceil(tempo.seconds_left)} s"
