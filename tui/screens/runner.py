"""The guided session on screen: forwards keys, the wearables' events and the time to the
live session (``tui.live``), draws its view and carries out its effects.

What happens in a session is decided by ``LiveSession``; this screen only asks the pain and
note questions, writes the rows it is handed (``SessionWriter``, one place) and shows.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Footer, Header, ProgressBar, Static

from catalog import Catalog
from catalog.describe import SAFETY_SHORT
from db.errors import DatabaseProblem
from tui.live import Effects, LiveSession, SensorsNow
from tui.screens.questions import AfterPain, ConfirmEnd, NoteQuestion, NumberQuestion
from tui.screens.summary import SummaryScreen
from tui.session_saving import SessionSaving
from tui.settings import Settings
from tui.version import lumbar_version
from tui.widgets.session_text import (
    how_text,
    sensors_text,
    status_text,
    tempo_text,
    title_text,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.sessions import SessionWriter
    from sensors.hub import HubEvent
    from tui.demo_person import DemoPerson
    from tui.sensor_link import SensorLink

Clock = Callable[[], float]
TICK_S = 0.1


class Ticks(Protocol):
    """Calls ``callback`` every ``interval_s`` until the returned function is called (a
    test's fake clock ticks when it is moved on, so no test waits for real time)."""

    def every(self, interval_s: float, callback: Callable[[], None]) -> Callable[[], None]: ...


class RunnerScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "start_pause", "Start", id="runner.toggle"),
        Binding("enter,r", "rep", "Rep", id="runner.rep"),
        Binding("x", "unrep", "-Rep", id="runner.unrep"),
        Binding("n", "next", "Next", id="runner.next"),
        Binding("b", "back", "Back", id="runner.back"),
        Binding("plus", "adjust(5)", "+5s", id="runner.longer"),
        Binding("minus", "adjust(-5)", "-5s", id="runner.shorter"),
        Binding("p", "pain", "Pain", id="runner.pain"),
        Binding("q", "end", "End", id="runner.end"),
    ]

    def __init__(
        self,
        live: LiveSession,
        catalog: Catalog,
        settings: Settings,
        database: Callable[[], Awaitable[Database]],
        keep_saving: Callable[[SessionWriter], None],
        clock: Clock = time.monotonic,
        sensors: SensorLink | None = None,
        ticks: Ticks | None = None,
    ) -> None:
        super().__init__()
        self.live = live
        self.routine = live.routine
        self.catalog = catalog
        self.settings = settings
        self.saving: SessionSaving | None = None
        self._database = database
        self._keep_saving = keep_saving
        self._clock = clock
        self._ticks = ticks
        self._link = sensors
        self._person: DemoPerson | None = None
        self._stop: list[Callable[[], None]] = []
        self.title = live.routine.name

    @property
    def session_id(self) -> int | None:
        """The session's id in the database, once its record is open."""
        return self.saving.writer.session_id if self.saving is not None else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="runner"):
            yield Static(id="run-title")
            with Horizontal(id="run-big"):
                yield Digits("", id="run-digits")
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
                yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="run-bar")
                yield Static(id="run-position")
        # Without the palette hint, every session key fits the footer at 80 columns.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#run-how").border_title = "How"
        self.query_one("#run-side").border_title = "Next"
        self.query_one("#run-sensors").border_title = "Sensors"
        link = self._link
        if link is not None:
            self._stop.append(link.listen(self._heard))
            if link.demo:
                from tui.demo_person import DemoPerson

                self._person = DemoPerson(self.live.exercises, self.live.engine.step.exercise_id)
                link.use_demo_devices()
        if self._ticks is not None:
            self._stop.append(self._ticks.every(TICK_S, self._tick))
        else:
            self.set_interval(TICK_S, self._tick)
        self._draw()
        self.app.push_screen(
            NumberQuestion("How much pain do you have right now, 0 to 10?", SAFETY_SHORT),
            self._pain_before_answered,
        )

    def on_unmount(self) -> None:
        for stop in self._stop:
            stop()

    # --- the session's record ----------------------------------------------------------

    def _pain_before_answered(self, level: int | None) -> None:
        self._open_session(level)

    @work(exclusive=True, group="session-open")
    async def _open_session(self, pain_before: int | None) -> None:
        from db.sessions import SessionWriter

        try:
            db = await self._database()
            writer = SessionWriter.start(
                db, **self.live.record_fields(pain_before), app_version=lumbar_version()
            )
        except DatabaseProblem as problem:
            self.notify(
                f"{problem}. The session cannot be saved, so it does not start.",
                title="Cannot save sessions",
                severity="error",
                timeout=30,
            )
            self.dismiss()
            return
        self.saving = SessionSaving(writer, self._told)
        link = self._link
        connected = link.board.devices() if link is not None else ()
        self._carry_out(self.live.begin(self._clock(), connected))

    def _carry_out(self, effects: Effects) -> None:
        """What the live session asked for: rows kept, a signal, a line, the demo's move."""
        if self.saving is not None:
            self.saving.keep(effects.rows, save=effects.save)
        if effects.signal:
            self._signal()
        for notice in effects.notices:
            self.notify(notice.text, title=notice.title, severity=notice.severity)
        if self._person is not None:
            if effects.demo is not None:
                self._person.do(effects.demo)
            self._person.wear(self._link.emulator if self._link is not None else None)
        if effects.finished is not None:
            self._finished()
        self._draw()

    def _told(self, text: str, title: str, error: bool) -> None:
        if error:
            self.notify(text, title=title, severity="error", timeout=20)
        else:
            self.notify(text, title=title)

    def _signal(self) -> None:
        """A bell (unless sound is off) and a visible flash at every transition."""
        if self.settings.sound:
            self.app.bell()
        big = self.query_one("#run-big")
        big.add_class("flash")
        self.set_timer(0.4, lambda: big.remove_class("flash"))

    # --- time, wearables and keys, forwarded ---------------------------------------------

    def _tick(self) -> None:
        self._carry_out(self.live.tick(self._clock()))

    def _heard(self, event: HubEvent) -> None:
        """Every hub event, as it comes (the sensor link calls this in the app's loop)."""
        self._carry_out(self.live.hear(event, self._clock()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end":
            return True
        return self.live.ready and not self.live.over

    def pause(self) -> None:
        """Pause a running session (the terminal became too small to show it)."""
        self._carry_out(self.live.pause(self._clock()))

    def action_start_pause(self) -> None:
        self._carry_out(self.live.toggle(self._clock()))

    def action_rep(self) -> None:
        self._carry_out(self.live.count_rep(self._clock()))

    def action_unrep(self) -> None:
        self._carry_out(self.live.uncount_rep(self._clock()))

    def action_next(self) -> None:
        self._carry_out(self.live.next(self._clock()))

    def action_back(self) -> None:
        self._carry_out(self.live.back(self._clock()))

    def action_adjust(self, seconds: int) -> None:
        self._carry_out(self.live.adjust(seconds, self._clock()))

    def action_pain(self) -> None:
        self._carry_out(self.live.pause(self._clock()))
        name = self.live.exercises[self.live.engine.exercise_now].name

        def answered(level: int | None) -> None:
            self._carry_out(self.live.report_pain(level, self._clock()))
            self.app.push_screen(AfterPain(level, name), chosen)

        def chosen(choice: str | None) -> None:
            if choice == "skip":
                self._carry_out(self.live.skip_exercise(self._clock()))
            elif choice == "end":
                self._carry_out(self.live.end(self._clock()))

        self.app.push_screen(
            NumberQuestion("Pain now, 0 to 10?", "The session is paused."), answered
        )

    def action_end(self) -> None:
        if self.live.over:
            return
        if not self.live.ready:
            self.dismiss()
            return
        # Time stands still while the person decides, so nothing can end under the question.
        was_running = self.live.engine.phase == "running"
        self._carry_out(self.live.pause(self._clock()))

        def answered(end: bool | None) -> None:
            if end:
                self._carry_out(self.live.end(self._clock()))
            elif was_running:
                self._carry_out(self.live.toggle(self._clock()))

        self.app.push_screen(ConfirmEnd(), answered)

    # --- after ---------------------------------------------------------------------------

    def _finished(self) -> None:
        # Whatever was open above the session (help, say) gives way to the last questions.
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.app.push_screen(
            NumberQuestion("And your pain now, 0 to 10?", SAFETY_SHORT), self._pain_after
        )

    def _pain_after(self, level: int | None) -> None:
        self._carry_out(self.live.answer_pain_after(level))
        self.app.push_screen(NoteQuestion(), self._note_answered)

    def _note_answered(self, note: str | None) -> None:
        live = self.live
        self._carry_out(live.answer_note(note))
        if self.saving is not None:
            self._keep_saving(self.saving.writer)
        self.app.switch_screen(
            SummaryScreen(
                routine=live.routine,
                catalog=self.catalog,
                steps=live.engine.steps,
                results=live.results,
                status=live.engine.status or "ended-early",
                pain_before=live.pain_before,
                pain_after=live.pain_after,
                note=note,
                session_id=self.session_id,
                sensed=live.sensed,
            )
        )

    # --- drawing -------------------------------------------------------------------------

    def _draw(self) -> None:
        link = self._link
        sensors = (
            SensorsNow(link.board.devices(), link.status == "starting")
            if link is not None
            else None
        )
        view = self.live.view(self._clock(), sensors)
        self.query_one("#run-title", Static).update(title_text(view))
        self.query_one("#run-digits", Digits).update(view.big)
        self.query_one("#run-label", Static).update(view.label)
        self.query_one("#run-tempo", Static).update(tempo_text(view))
        self.query_one("#run-steps", Static).update(how_text(view))
        self.query_one("#run-next", Static).update(view.next_text)
        self.query_one("#run-status", Static).update(status_text(view))
        self.query_one("#run-sensors", Static).update(sensors_text(view.sensors))
        self.query_one("#run-bar", ProgressBar).update(progress=view.progress)
        self.query_one("#run-position", Static).update(view.position)
