"""The guided session: one step at a time, big timer or rep count, recorded as it runs.

The screen only shows and forwards: the session engine (``tui.engine``) decides what
happens, the recorder and writer (``tui.recorder``, ``db.sessions``) keep it.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Digits, Footer, Header, ProgressBar, Static

from catalog import Catalog, Routine
from catalog.describe import SAFETY_SHORT, amount_text
from catalog.plan import PlannedStep
from db.errors import DatabaseProblem
from db.sessions import StepSensing
from tui.engine import (
    Change,
    HoldBroken,
    HoldCompleted,
    HoldResumed,
    Paused,
    Resumed,
    SessionEngine,
    SessionFinished,
    SessionView,
    StepFinished,
    StepStarted,
    WentBack,
)
from tui.recorder import SessionRecorder
from tui.screens.questions import AfterPain, ConfirmEnd, NoteQuestion, NumberQuestion
from tui.screens.summary import SummaryScreen
from tui.settings import Settings
from tui.version import lumbar_version

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.sessions import SessionWriter
    from sensors.hub import HubEvent
    from sensors.motion import MotionEvent
    from sensors.packing import PackedChunk
    from tui.demo_person import DemoPerson
    from tui.sensor_link import SensorLink
    from tui.session_sensing import SessionSensing

Clock = Callable[[], float]
TICK_S = 0.1
SAVE_EVERY_S = 1.0
CUE_EVERY_S = 8.0
FORM_SHOWN_S = 8.0
NO_SENSOR = "No sensor: keys count reps and holds."


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
        routine: Routine,
        catalog: Catalog,
        settings: Settings,
        steps: list[PlannedStep],
        database: Callable[[], Awaitable[Database]],
        keep_saving: Callable[[SessionWriter], None],
        clock: Clock = time.monotonic,
        sensors: SensorLink | None = None,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.catalog = catalog
        self.settings = settings
        self.engine = SessionEngine(steps, catalog.exercises)
        self._database = database
        self._keep_saving = keep_saving
        self._clock = clock
        self.recorder: SessionRecorder | None = None
        self.pain_before: int | None = None
        self.pain_after: int | None = None
        self.note: str | None = None
        self._ready = False
        self._last_save = 0.0
        self._save_problem: str | None = None
        self.title = routine.name
        self._link = sensors
        self.sensing: SessionSensing | None = None
        self._stop_listening: Callable[[], None] | None = None
        self._hold_broken = False
        self._form_warning: tuple[float, str] | None = None
        self._heart_rate: tuple[str, int] | None = None
        self._person: DemoPerson | None = None
        self._person_on: object = None
        self._taking_part: set[str] = set()
        """Devices recorded as taking part in the session."""

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
                    yield Static(NO_SENSOR, id="run-sensors")
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
        if self._link is not None:
            self._stop_listening = self._link.listen(self._heard)
            if self._link.demo:
                from tui.demo_person import DemoPerson

                self._person = DemoPerson(self.catalog.exercises[self.engine.step.exercise_id])
                self._link.use_demo_devices()
        self._render_view()
        self.set_interval(TICK_S, self._tick)
        self.app.push_screen(
            NumberQuestion("How much pain do you have right now, 0 to 10?", SAFETY_SHORT),
            self._pain_before_answered,
        )

    # --- before -------------------------------------------------------------------

    def _pain_before_answered(self, level: int | None) -> None:
        self.pain_before = level
        self._open_session()

    @work(exclusive=True, group="session-open")
    async def _open_session(self) -> None:
        from db.sessions import SessionWriter

        work_steps = [s for s in self.engine.steps if s.kind == "work"]
        try:
            db = await self._database()
            writer = SessionWriter.start(
                db,
                kind="routine",
                routine_id=self.routine.id,
                routine_name=self.routine.name,
                planned_sets=len(work_steps),
                planned_s=round(sum(s.estimate_s for s in self.engine.steps)),
                pain_before=self.pain_before,
                app_version=lumbar_version(),
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
        start_s = self._clock()
        if self._link is not None:
            from tui.session_sensing import SessionSensing

            self.sensing = SessionSensing(self.catalog.exercises, start_s)
            self.sensing.announce(self.engine.step.exercise_id)
        self.recorder = SessionRecorder(
            writer, self.catalog.exercises, start_s, sensing=self._sensed
        )
        self._ready = True
        self._render_view()

    # --- the clock ----------------------------------------------------------------

    def _tick(self) -> None:
        now = self._clock()
        self._handle(self.engine.tick(now))
        if self.recorder is not None and now - self._last_save >= SAVE_EVERY_S:
            self._last_save = now
            if self.engine.phase != "finished":
                self.recorder.checkpoint(self.engine, now)
            self._save()
        self._render_view()

    def _handle(self, changes: list[Change]) -> None:
        if not changes:
            return
        self._follow_sets(changes)
        if self.recorder is not None:
            self.recorder.apply(changes)
        if any(isinstance(c, StepStarted | HoldCompleted | SessionFinished) for c in changes):
            self._signal()
        finished = [c for c in changes if isinstance(c, SessionFinished)]
        if finished:
            self._finished(finished[0])
        elif any(isinstance(c, StepStarted) for c in changes):
            self._time_unwatched_hold()

    def _time_unwatched_hold(self) -> None:
        """A hold set the motion detector did not see begin goes by the clock (it would take
        the position it first sees for the rest, and wait forever); later sets are gated."""
        engine, sensing = self.engine, self.sensing
        if sensing is None or not engine.gated or engine.step.kind != "work":
            return
        if engine.mode == "hold" and not sensing.watches(engine.index):
            self._handle(engine.hold_started(self._clock()))

    def _follow_sets(self, changes: list[Change]) -> None:
        """Sets open and close in the motion detector as they do on screen (before the
        recorder writes a finished set, so its row carries what was sensed)."""
        for change in changes:
            if isinstance(change, StepStarted | HoldResumed | HoldCompleted):
                self._hold_broken = False
            if isinstance(change, HoldBroken):
                self._hold_broken = True
            sensing = self.sensing
            if sensing is None:
                continue
            if isinstance(change, StepFinished):
                sensing.step_ended(change.result.index, change.t_s)
            elif isinstance(change, HoldResumed | HoldCompleted):
                sensing.hold_resumed(change.t_s)
            elif isinstance(change, Paused):
                sensing.paused(change.t_s)
            elif isinstance(change, Resumed):
                sensing.resumed(change.t_s)
            elif isinstance(change, WentBack):
                sensing.step_ended(change.from_index, change.t_s)
            elif isinstance(change, StepStarted):
                sensing.step_started(change.index, change.step)
                sensing.announce(self.engine.exercise_now)
            elif isinstance(change, SessionFinished):
                sensing.step_ended(self.engine.index, change.t_s)

    def _sensed(self, index: int) -> StepSensing | None:
        return self.sensing.sensing(index) if self.sensing is not None else None

    def _sensed_sets(self) -> dict[int, StepSensing]:
        """What was sensed in each set, as recorded with it."""
        return dict(self.recorder.sensed) if self.recorder is not None else {}

    # --- the wearables --------------------------------------------------------------

    def _heard(self, event: HubEvent) -> None:
        """Every hub event, as it comes (the sensor link calls this in the app's loop)."""
        try:
            self._hear(event)
        except Exception as error:  # the session goes on by keys; nothing recorded is lost
            sensing, self.sensing = self.sensing, None
            if sensing is not None and self.recorder is not None:
                with contextlib.suppress(Exception):  # what was packed so far is kept
                    self._store(sensing.flush_chunks())
            if self._stop_listening is not None:
                self._stop_listening()
            self._do(self.engine.set_gated(False, self._clock()))
            self.notify(
                f"The sensors could not be read ({error or type(error).__name__}); "
                "the rest of this session is timed and counted by the keys.",
                title="Sensors",
                severity="warning",
            )

    def _hear(self, event: HubEvent) -> None:
        sensing, recorder = self.sensing, self.recorder
        if sensing is None or recorder is None or self.engine.phase == "finished":
            return
        from sensors.hub import DeviceStateChanged
        from sensors.readings import AccelerationBatch, BatteryReading, HeartRateReading

        writer = recorder.writer
        heard = sensing.hear(event)
        now = self._clock()
        if isinstance(event, DeviceStateChanged) and event.state == "connected":
            sensing.name_motion_device(event.device, event.name)
            view = self._link.board.view(event.device) if self._link is not None else None
            writer.device(
                event.device, event.kind, event.name, view.battery_percent if view else None
            )
            self._taking_part.add(event.device)
        elif isinstance(event, BatteryReading) and self._link is not None:
            view = self._link.board.view(event.device)
            if view is not None:
                writer.device(view.address, view.kind, view.name, event.percent)
        elif (
            isinstance(event, HeartRateReading | AccelerationBatch)
            and event.device not in self._taking_part
            and self._link is not None
        ):
            # Connected before the session opened: it takes part from its first reading.
            view = self._link.board.view(event.device)
            if view is not None:
                writer.device(view.address, view.kind, view.name, view.battery_percent)
            self._taking_part.add(event.device)
        reading = heard.heart_rate
        if reading is not None:
            self._heart_rate = (reading.device, reading.heart_rate_bpm)
            writer.heart_rate(
                reading.device,
                max(0.0, reading.t_s - sensing.origin_s),
                reading.heart_rate_bpm,
                reading.rr_intervals_ms,
                reading.contact_detected,
            )
        self._store(heard.chunks)
        # Noted before the engine hears of it: its clock may end the session meanwhile.
        if heard.motion_started:
            self._take_part(sensing.motion_device)
            recorder.note_event(now, "sensor-on", self.engine.index, detail=sensing.motion_name)
            watched = sensing.watches(self.engine.index)
            self._handle(self.engine.set_gated(True, now, this_step=watched))
        if heard.motion_lost is not None:
            recorder.note_event(now, "sensor-lost", self.engine.index, detail=heard.motion_lost)
            self._handle(self.engine.set_gated(False, now))
            self.notify(
                f"{heard.motion_lost} is not sending: holds are timed and reps counted by "
                "the keys until it is back.",
                title="Sensor lost",
                severity="warning",
            )
        if heard.motion:
            self._motion(heard.motion, now)

    def _store(self, chunks: Iterable[PackedChunk]) -> None:
        """Raw accelerometer chunks into the session's rows."""
        if self.recorder is None:
            return
        for chunk in chunks:
            self.recorder.writer.stream_chunk(
                chunk.device,
                "acc",
                chunk.t0_s,
                chunk.rate_hz,
                chunk.count,
                chunk.encoding,
                chunk.data,
            )

    def _take_part(self, motion_device: str | None) -> None:
        """The devices connected when the motion sensor starts are part of the session."""
        link, recorder, sensing = self._link, self.recorder, self.sensing
        if link is None or recorder is None or sensing is None:
            return
        for view in link.board.devices():
            if view.state == "connected":
                recorder.writer.device(view.address, view.kind, view.name, view.battery_percent)
                self._taking_part.add(view.address)
                if view.address == motion_device:
                    sensing.name_motion_device(view.address, view.title)

    def _motion(self, events: tuple[MotionEvent, ...], now: float) -> None:
        from sensors import motion

        engine, sensing, recorder = self.engine, self.sensing, self.recorder
        assert sensing is not None
        assert recorder is not None
        for event in events:
            if engine.phase == "finished":
                return
            working = engine.phase == "running" and engine.step.kind == "work"
            # A hold follows the detector while paused too: a person who lets go during a
            # pause has to settle in again before the clock runs.
            holding_step = (
                engine.phase in ("running", "paused")
                and engine.step.kind == "work"
                and engine.mode == "hold"
                and sensing.watches(engine.index)
            )
            if isinstance(event, motion.FormWarning) and working:
                text = f"{event.kind} {event.angle_deg:.0f}° (limit {event.limit_deg:.0f}°)"
                self._form_warning = (now, text)
                recorder.note_event(
                    now, "form-warning", engine.index, round(event.angle_deg, 1), event.kind
                )
            elif isinstance(event, motion.RepCounted) and working and engine.mode == "reps":
                self._handle(engine.rep_counted(now))
            # The still spells of rests and reps are not holds: only a hold step's count.
            elif isinstance(event, motion.HoldStarted | motion.HoldResumed) and holding_step:
                self._handle(engine.hold_started(now))
            elif isinstance(event, motion.HoldBroken | motion.HoldEnded) and holding_step:
                changes = engine.hold_broken(now)
                self._handle(changes)
                if any(isinstance(c, HoldBroken) for c in changes):
                    sensing.hold_broken(now)

    def _sensor_panel(self, view: SessionView) -> Content:
        link = self._link
        if link is None:
            return Content(NO_SENSOR)
        devices = [d for d in link.board.devices() if d.active]
        if not devices:
            if link.status == "starting":
                return Content("Connecting to the sensors…")
            return Content(NO_SENSOR)
        parts: list[str | tuple[str, str]] = []
        for device in devices:
            if device.state != "connected":
                parts += [(device.title, "bold"), f": {device.state}…\n"]
                continue
            bpm = device.heart_rate_bpm
            if bpm is not None:
                parts += [("♥ ", "bold $error"), (f"{bpm} bpm", "bold")]
                zone = self._zone(bpm)
                parts.append(f" zone {zone}" if zone else "")
                parts.append(f" · {device.title}\n")
            else:
                parts += [(device.title, "bold"), ": connected\n"]
        sensing = self.sensing
        if sensing is not None and sensing.streaming:
            parts += [("Motion: ", "bold"), self._motion_words(view) + "\n"]
        elif any(d.has_acc for d in devices):
            parts.append("Motion: waiting for data; keys count for now\n")
        warning = self._form_warning
        if warning is not None and self._clock() - warning[0] < FORM_SHOWN_S:
            parts += [("⚠ ", "bold $warning"), (warning[1], "$warning")]
        return Content.assemble(*parts)

    def _motion_words(self, view: SessionView) -> str:
        mode = self.catalog.exercises[view.step.exercise_id].mode
        if view.step.kind != "work" or view.phase != "running":
            return "sensing"
        if mode == "reps":
            return "counting your reps"
        if mode == "hold":
            sensing = self.sensing
            if sensing is not None and not sensing.watches(view.index):
                return "timed by the clock this set"
            if view.hold_state == "settling":
                return "hold broken" if self._hold_broken else "waiting for you to settle"
            if view.hold_state == "holding":
                return "in position and still"
        return "sensing"

    def _zone(self, bpm: int) -> int | None:
        from sensors.heart import max_heart_rate, zone_of

        if self.settings.age is None and self.settings.max_hr is None:
            return None
        return zone_of(bpm, max_heart_rate(self.settings.age, self.settings.max_hr))

    def _direct_demo_person(self, view: SessionView) -> None:
        """The demo's person wears the emulated H10 once it exists, and follows the screen."""
        person, link = self._person, self._link
        if person is None or link is None:
            return
        emulator = link.emulator
        if emulator is not None and self._person_on is not emulator:
            from sensors.emulation.polar_h10 import EmulatedPolarH10

            h10 = emulator.devices.get("h10")
            if isinstance(h10, EmulatedPolarH10):
                h10.motion = person.performer
                self._person_on = emulator
        exercise = self.catalog.exercises[view.step.exercise_id]
        upcoming = self.catalog.exercises[self.engine.exercise_now]
        person.look(view, exercise, upcoming)

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()

    def _signal(self) -> None:
        """A bell (unless sound is off) and a visible flash at every transition."""
        if self.settings.sound:
            self.app.bell()
        big = self.query_one("#run-big")
        big.add_class("flash")
        self.set_timer(0.4, lambda: big.remove_class("flash"))

    @work(thread=True, exclusive=False, group="session-save")
    def _save(self) -> None:
        if self.recorder is None:
            return
        # Messages, not call_from_thread: a thread must never wait for an app that is closing.
        try:
            self.recorder.writer.flush()
        except DatabaseProblem as problem:
            self.post_message(self.SaveFailed(str(problem)))
        else:
            self.post_message(self.Saved())

    @dataclass
    class SaveFailed(Message):
        problem: str

    class Saved(Message):
        pass

    def on_runner_screen_save_failed(self, message: SaveFailed) -> None:
        if self._save_problem is None:
            self.notify(
                f"{message.problem}. The session goes on and lumbar keeps trying to save it.",
                title="Not saved yet",
                severity="error",
                timeout=20,
            )
        self._save_problem = message.problem

    def on_runner_screen_saved(self, message: Saved) -> None:
        if self._save_problem is not None:
            self._save_problem = None
            self.notify("Saved again: nothing was lost.", title="Saved")

    # --- keys ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end":
            return True
        return self._ready and self.engine.phase != "finished"

    def _do(self, changes: list[Change]) -> None:
        self._handle(changes)
        self._render_view()

    def pause(self) -> None:
        """Pause a running session (the terminal became too small to show it)."""
        self._do(self.engine.pause(self._clock()))

    def action_start_pause(self) -> None:
        self._do(self.engine.toggle(self._clock()))

    def action_rep(self) -> None:
        self._do(self.engine.count_rep(self._clock()))

    def action_unrep(self) -> None:
        self._do(self.engine.uncount_rep(self._clock()))

    def action_next(self) -> None:
        self._do(self.engine.next(self._clock()))

    def action_back(self) -> None:
        self._do(self.engine.back(self._clock()))

    def action_adjust(self, seconds: int) -> None:
        self._do(self.engine.adjust(seconds, self._clock()))

    def action_pain(self) -> None:
        self._do(self.engine.pause(self._clock()))
        name = self.catalog.exercises[self.engine.exercise_now].name

        def answered(level: int | None) -> None:
            self._do(self.engine.report_pain(level, self._clock()))
            self.app.push_screen(AfterPain(level, name), chosen)

        def chosen(choice: str | None) -> None:
            now = self._clock()
            if choice == "skip":
                if self.recorder is not None:
                    self.recorder.note_event(now, "skip-exercise", self.engine.index)
                self._do(self.engine.skip_exercise(now))
            elif choice == "end":
                self._do(self.engine.end(now))

        self.app.push_screen(
            NumberQuestion("Pain now, 0 to 10?", "The session is paused."), answered
        )

    def action_end(self) -> None:
        if self.engine.phase == "finished":
            return
        if not self._ready:
            self.dismiss()
            return

        # Time stands still while the person decides, so nothing can end under the question.
        was_running = self.engine.phase == "running"
        self._do(self.engine.pause(self._clock()))

        def answered(end: bool | None) -> None:
            if end:
                self._do(self.engine.end(self._clock()))
            elif was_running:
                self._do(self.engine.toggle(self._clock()))

        self.app.push_screen(ConfirmEnd(), answered)

    # --- after --------------------------------------------------------------------

    def _finished(self, finished: SessionFinished) -> None:
        if self.sensing is not None:
            self._store(self.sensing.flush_chunks())
        if self.recorder is not None:
            writer = self.recorder.writer
            writer.update(status=finished.status, ended_at=writer.at(self.recorder.t(finished.t_s)))
            self._save()
        # Whatever was open above the session (help, say) gives way to the last questions.
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.app.push_screen(
            NumberQuestion("And your pain now, 0 to 10?", SAFETY_SHORT), self._pain_after
        )

    def _pain_after(self, level: int | None) -> None:
        self.pain_after = level
        if self.recorder is not None:
            self.recorder.writer.update(pain_after=level)
            self._save()
        self.app.push_screen(NoteQuestion(), self._note_answered)

    def _note_answered(self, note: str | None) -> None:
        self.note = note
        session_id = None
        if self.recorder is not None:
            self.recorder.writer.update(note=note)
            self._keep_saving(self.recorder.writer)
            session_id = self.recorder.writer.session_id
        self.app.switch_screen(
            SummaryScreen(
                routine=self.routine,
                catalog=self.catalog,
                steps=self.engine.steps,
                results=self.engine.result_list(),
                status=self.engine.status or "ended-early",
                pain_before=self.pain_before,
                pain_after=self.pain_after,
                note=note,
                session_id=session_id,
                sensed=self._sensed_sets(),
            )
        )

    # --- what is shown --------------------------------------------------------------

    def _render_view(self) -> None:
        view = self.engine.view(self._clock())
        step = view.step
        exercise = self.catalog.exercises[step.exercise_id]
        self.query_one("#run-title", Static).update(self._title(view, exercise.name))
        digits, label = self._big(view)
        self.query_one("#run-digits", Digits).update(digits)
        self.query_one("#run-label", Static).update(label)
        tempo = view.tempo
        self.query_one("#run-tempo", Static).update(
            Content.styled(f"{tempo.label.upper()}  {math.ceil(tempo.seconds_left)}", "bold")
            if tempo is not None
            else ""
        )
        self.query_one("#run-steps", Static).update(self._how(view))
        self.query_one("#run-next", Static).update(self._next(view.next_step))
        self.query_one("#run-status", Static).update(self._status(view))
        self.query_one("#run-sensors", Static).update(self._sensor_panel(view))
        self._direct_demo_person(view)
        self.query_one("#run-bar", ProgressBar).update(progress=view.progress)
        left = (1 - view.progress) * sum(s.estimate_s for s in self.engine.steps)
        self.query_one("#run-position", Static).update(
            f"step {view.index + 1} of {view.step_count} · ~{math.ceil(left / 60)} min left"
        )

    def _title(self, view: SessionView, name: str) -> Content:
        step = view.step
        if step.kind == "ready":
            return Content.assemble(("Get ready: ", "bold"), (name, "bold $accent"))
        if step.kind == "rest":
            return Content.styled("Rest", "bold")
        if step.kind == "switch":
            return Content.assemble(("Switch sides: ", "bold"), f"{name}, right side next")
        assert step.dose is not None
        sets = step.dose.sets
        parts = [f"set {step.set_number} of {sets}"] if sets > 1 else []
        if step.side:
            parts.append(f"{step.side} side")
        detail = " · ".join(parts)
        return Content.assemble((name, "bold"), f"  {detail}" if detail else "")

    def _big(self, view: SessionView) -> tuple[str, str]:
        step = view.step
        mode = self.catalog.exercises[step.exercise_id].mode
        if step.kind == "work" and mode == "reps":
            how = (
                "the sensor counts; x takes one off"
                if self.engine.gated
                else "enter or r counts one"
            )
            return str(view.reps_done), f"of {view.reps_target} reps\n{how}"
        seconds = _clock_text(view.seconds_left or 0.0)
        if step.kind != "work":
            return seconds, {"ready": "get into position", "rest": "rest", "switch": "switch"}[
                step.kind
            ]
        if mode == "hold":
            state = {
                "holding": "holding",
                "settling": "settle in: get into position and keep still",
                "resetting": "breathe, next hold soon",
            }[view.hold_state or "holding"]
            if view.hold_state == "settling" and self._hold_broken:
                state = "hold broken: back into position"
            return seconds, f"hold {view.hold_number} of {view.reps_target}\n{state}"
        return seconds, "keep going"

    def _how(self, view: SessionView) -> Content:
        exercise = self.catalog.exercises[view.step.exercise_id]
        parts: list[str | tuple[str, str]] = []
        if view.step.kind == "rest" and view.next_step is not None:
            exercise = self.catalog.exercises[view.next_step.exercise_id]
            parts.append((f"Next up: {exercise.name}\n", "bold"))
        if exercise.cues:
            turn = int(view.elapsed_s // CUE_EVERY_S) % len(exercise.cues)
            parts += [("Cue: ", "bold $success"), f"{exercise.cues[turn]}\n"]
        caution = next(
            (c for c in exercise.cautions if "pain increases" not in c.lower()),
            None,
        )
        if caution:
            parts += [("Caution: ", "bold $warning"), f"{caution}\n"]
        for number, line in enumerate(exercise.steps, start=1):
            parts += [(f"{number}. ", "bold"), f"{line}\n"]
        return Content.assemble(*parts)

    def _next(self, step: PlannedStep | None) -> Content:
        if step is None:
            return Content("The end: pain check and summary.")
        exercise = self.catalog.exercises[step.exercise_id]
        if step.kind == "work" and step.dose is not None:
            side = f", {step.side} side" if step.side else ""
            return Content(f"{exercise.name}{side}: {amount_text(exercise.mode, step.dose)}")
        if step.kind == "ready":
            return Content(f"Get ready for {exercise.name}")
        if step.kind == "switch":
            return Content(f"Switch to the right side of {exercise.name}")
        return Content(f"Rest {_clock_text(step.estimate_s)}")

    def _status(self, view: SessionView) -> Content:
        if not self._ready:
            return Content.styled("Answer the pain check to begin.", "bold")
        if view.phase == "waiting":
            return Content.assemble(("Press space to start. ", "bold"), "Stop if pain increases.")
        if view.phase == "paused":
            return Content.styled("Paused: space resumes.", "bold $warning")
        if view.phase == "finished":
            return Content.styled("Session over.", "bold")
        return Content.styled(SAFETY_SHORT, "dim")


def _clock_text(seconds: float) -> str:
    whole = math.ceil(seconds - 1e-9)
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 else str(whole)
