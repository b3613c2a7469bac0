"""The guided session on screen: forwards keys, the wearables' events and the time to the
live session (``tui.live``), hands its effects to ``SessionShell`` (rows to the record, cues
to the coach, the demo person's moves) and shows the rest: the signal, notices, questions and
view. What happens in a session is decided by ``LiveSession``; the screen's two workers only
wait on the database (opening the record, reading the summary back).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.screen import Screen
from textual.widgets import Button

from catalog import Catalog
from db.errors import DatabaseProblem
from tui import one_session
from tui.interrupted import LinesShowWhole
from tui.live import Ask, Effects, LiveSession, Notice
from tui.live.view import State, unseen_words
from tui.screens.questions import question_for
from tui.screens.summary import summary_of
from tui.screens.too_small import TO_DO
from tui.session_shell import Clock, SessionShell
from tui.settings import Settings
from tui.sizes import FULL_VIEW, MAT_VIEW, Minimum
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.mat_lines import show_lines
from tui.widgets.session_views import REP_WORDS, MatView, SessionFaces, rep_words

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.sessions import SessionWriter
    from sensors.hub import HubEvent
    from tui.coach.schedule import Mode
    from tui.locations import Locations
    from tui.sensor_link import SensorLink

TICK_S = 0.1
MAX_KEY_LAG_S = 5.0
"""A rep press noted longer ago than this had no action (it was refused); a busy machine
handles a press within a second or two."""
FULL_VIEW_WISH_S = 1.0
"""How long m for the full view, pressed where it does not fit, waits for a resize that makes
room for it: a person makes the window larger and presses m, and on a busy machine the key
can come before the resize does."""


class Ticks(Protocol):
    """Calls ``callback`` every ``interval_s`` until the returned function is called (a
    test's fake clock ticks when it is moved on, so no test waits for real time)."""

    def every(self, interval_s: float, callback: Callable[[], None]) -> Callable[[], None]: ...


class RunnerScreen(Screen[None]):
    @dataclass
    class ViewChosen(Message):
        """m chose a view: the mat view (``mat``) or the full view. The app remembers it (the
        settings' ``mat_view``), for every session after, and for this one if resumed."""

        mat: bool

    # space, enter and v say in the footer what they do now: one binding each per state, only
    # the one that applies is active (check_action), all under one id for remapping.
    BINDINGS = [
        Binding("space", "start_pause('waiting')", "Start", id="runner.toggle"),
        Binding("space", "start_pause('running')", "Pause", id="runner.toggle"),
        Binding("space", "start_pause('paused')", "Resume", id="runner.toggle"),
        *(Binding("enter,r", f"rep('{words}')", words, id="runner.rep") for words in REP_WORDS),
        Binding("x", "unrep", "-Rep", id="runner.unrep", show=False),
        Binding("n", "next", "Next", id="runner.next"),
        Binding("b", "back", "Back", id="runner.back", show=False),
        Binding("plus", "adjust(5)", "+5s", id="runner.longer", show=False),
        Binding("minus", "adjust(-5)", "-5s", id="runner.shorter", show=False),
        Binding("p", "pain", "Pain", id="runner.pain"),
        Binding("m", "mat('full')", "Mat view", id="runner.mat"),
        Binding("m", "mat('mat')", "Full view", id="runner.mat"),
        # m where the full view does not fit yet: kept a moment for the resize that may come
        # after the key (``full_view_soon``); out of the footer and help, which say not now.
        Binding("m", "full_view_soon", id="runner.mat", show=False),
        # Each shown in the mode its action leaves, named for the mode it brings (as space
        # says "Pause" while running).
        Binding("v", "sound('voice')", "Tones", id="runner.sound"),
        Binding("v", "sound('tones')", "Silent", id="runner.sound"),
        Binding("v", "sound('silent')", "Voice", id="runner.sound"),
        Binding("q", "end", "End", id="runner.end"),
    ]

    def __init__(
        self,
        live: LiveSession,
        shell: SessionShell,
        catalog: Catalog,
        settings: Settings,
        database: Callable[[], Awaitable[Database]],
        clock: Clock = time.monotonic,
        sensors: SensorLink | None = None,
        ticks: Ticks | None = None,
        locations: Locations | None = None,
        began: Callable[[], None] | None = None,
    ) -> None:
        """``shell``: what ``live``'s effects do beyond the screen (its rows, cues, demo);
        ``locations``: where the session is saved, for the summary's way back to it;
        ``began``: called once its record is open."""
        super().__init__()
        self.live = live
        self.shell = shell
        self.routine = live.routine
        self.catalog = catalog
        self.settings = settings
        self._database = database
        self._clock = clock
        self._ticks = ticks
        self._link = sensors
        self._locations = locations
        self._began = began
        self._stop: list[Callable[[], None]] = []
        self._rep_words: str | None = None
        """What enter does now, as the footer says it (None: nothing, and it is not shown)."""
        self._rep_presses: deque[float] = deque()
        self._drawn_s: float | None = None
        """When the screen was last drawn, on the session's clock: a press is made on it."""
        """When the rep key (or its target) was pressed, on the event's own monotonic clock,
        for the actions still to run, oldest first."""
        self._state: State = "asking"
        """The state on screen (``LiveView.state``), as last drawn."""
        self._untold: list[Notice] = []
        """The session's lines that came while a question (or help) was open over it."""
        self._full_view_wished: float | None = None
        """When m asked for the full view where it did not fit (on the session's clock), while
        a resize may still make room for it."""
        self._no_room_said: Notification | None = None
        """The line that the full view needs more room, while it may still be up: taken
        back once the full view shows."""
        self._sound_said: Notification | None = None
        """The line v put up last, while it may still be up: the next one replaces it."""
        self.title = live.routine.name

    @property
    def session_id(self) -> int | None:
        """The session's id in the database, once its record is open."""
        return self.shell.session_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield SessionFaces(mat=self.settings.mat_view)
        yield Footer()  # the palette's key only where the session's keys leave room for it

    def on_mount(self) -> None:
        link = self._link
        if link is not None:
            self._stop.append(link.listen(self._heard))
            link.use_demo_devices()  # in --demo only
        if self._ticks is not None:
            self._stop.append(self._ticks.every(TICK_S, self._tick))
        else:
            self._stop.append(self.set_interval(TICK_S, self._tick).stop)
        # A line told or gone changes the layout: the mat view shows the newest in its rows.
        self.screen_layout_refresh_signal.subscribe(self, self._show_lines)
        self._carry_out(self.live.first_question(self._clock()))
        if self.live.resumption is not None:  # its pain before was asked when it started
            self._open_session(self.live.pain_before)

    def on_unmount(self) -> None:
        self._stop_following()
        self.shell.close()  # a session not over is written as interrupted

    def _leave(self) -> None:
        self._stop_following()
        self.dismiss()

    def _stop_following(self) -> None:
        """No more hub events or ticks: the screen is making way, and its widgets may be
        going while an event would draw on them."""
        stops, self._stop = self._stop, []
        for stop in stops:
            stop()

    # --- the session's record ----------------------------------------------------------

    @work(exclusive=True, group="session-open")
    async def _open_session(self, pain_before: int | None) -> None:
        try:
            begun = await self.shell.begin(self._database, pain_before)
        except DatabaseProblem as problem:
            one_session.refuse_unsaved(self.notify, problem)
            self._leave()
            return
        if self._began is not None:
            self._began()
        self._carry_out(begun)
        # The session's keys work from now on: the footer says so, however long the record
        # took to open (it may open after the pain question made way and the footer was drawn).
        self.refresh_bindings()

    def _carry_out(self, effects: Effects) -> None:
        """What the live session asked for: the shell's part (rows, cues, the demo's move),
        then a signal, the last questions, the lines for the person, the view."""
        self.shell.carry_out(effects)
        if effects.signal:
            self._signal()
        self._untold.extend(effects.notices)
        if effects.finished is not None:
            # Whatever was open above the session (help, say) gives way to the last questions.
            while self.app.screen is not self and len(self.app.screen_stack) > 1:
                self.app.pop_screen()
        if effects.ask is not None:
            self._ask(effects.ask)
        self._tell()
        self._draw()

    def _tell(self) -> None:
        """The session's lines, and the coach's one line on why it cannot sound, as toasts,
        once the session has begun (the pain check answered, and the advice on it, if any,
        asked) and nothing is open over it: a toast over a question hides its words and keys
        (at 60x20 the pain check's answer box was under the line on no sound)."""
        if not (self.live.ready and self.is_active):
            return
        untold, self._untold = self._untold, []
        for notice in untold:
            self.notify(
                notice.text,
                title=notice.title,
                severity=notice.severity,
                timeout=notice.timeout_s,
                markup=False,
            )
        self.shell.tell_sound_problem(gist_only=self.mat)

    def on_screen_resume(self) -> None:
        """A question (or help) made way: what came meanwhile is told now."""
        self._tell()

    def _ask(self, ask: Ask) -> None:
        """Put the live session's question; its answer goes back to the session."""

        def answered(value: Any) -> None:
            # The question is answered: its prompt need not go on (the end question has none).
            if ask.kind != "end":
                self.shell.coach.clear()
            if ask.kind == "pain-before":
                self._open_session(value)
            elif ask.kind == "note":
                self._note_answered(value)
            else:
                self._carry_out(self.live.answer(ask, value, self._clock()))

        self.app.push_screen(question_for(ask), answered)

    def _signal(self) -> None:
        """A bell (unless sound is off) and a visible flash at every transition."""
        if self.settings.sound:
            self.app.bell()
        self.query_one(SessionFaces).flash()

    # --- time, wearables and keys, forwarded ---------------------------------------------

    def _tick(self) -> None:
        self._carry_out(self.live.tick(self._clock()))
        wished = self._full_view_wished
        if wished is not None and self._clock() - wished > FULL_VIEW_WISH_S:
            self._full_view_wished = None  # no room came for it: say what it needs
            width, height = self.app.size
            if self.is_active and self.mat and not FULL_VIEW.fits(width, height):
                # In the mat view a line shows its title and the start of its words; the
                # one said before goes (m pressed twice put up two, and one stayed).
                self._take_back_no_room()
                self._no_room_said = Notification(
                    f"{TO_DO[0].upper()}{TO_DO[1:]}: this one is {width}×{height}.",
                    title=f"The full view needs {FULL_VIEW.size_text}",
                    severity="warning",
                    timeout=self.app.NOTIFICATION_TIMEOUT,
                )
                self.app.post_message(Notify(self._no_room_said))

    def _heard(self, event: HubEvent) -> None:
        """Every hub event, as it comes (the sensor link calls this in the app's loop)."""
        self._carry_out(self.live.hear(event, self._clock()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end":
            return True
        if action == "mat":  # to the full view only where it fits (help lists m as not now)
            if parameters[0] != ("mat" if self.mat else "full"):
                return False
            return parameters[0] == "full" or FULL_VIEW.fits(*self.app.size)
        if action == "full_view_soon":  # m in the mat view, the full view not fitting yet
            return self.mat and not FULL_VIEW.fits(*self.app.size)
        if action == "sound":
            return parameters[0] == self.shell.coach.mode
        if action == "start_pause" and parameters[0] != self.live.space_phase:
            return False
        if action == "rep" and parameters[0] != self._rep_words:
            return False
        if action in ("next", "back"):  # nothing to go to before it
            return self.live.goes_on
        if action == "unrep":  # nothing to take off but a rep of the set under way
            return self.live.takes_a_rep_back
        return self.live.takes_keys

    def on_key(self, event: events.Key) -> None:
        """Note when a rep key was pressed: a busy machine may handle two presses half a
        second apart together, and the engine tells a bounce by when they were pressed."""
        active = self.app.active_bindings.get(event.key)
        if active is not None and active.enabled and active.binding.action.startswith("rep("):
            self._rep_presses.append(event.time)

    def _rep_pressed_s(self) -> float | None:
        """When the press the rep action answers was made, on the session's clock."""
        now = time.monotonic()
        while self._rep_presses and now - self._rep_presses[0] > MAX_KEY_LAG_S:
            self._rep_presses.popleft()  # a press whose action never ran (it was refused)
        if not self._rep_presses:
            return None
        return self._clock() - max(0.0, now - self._rep_presses.popleft())

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """A touch target of the mat view: the same as its key (and as refused as it is)."""
        event.stop()
        if event.button.id == "touch-rep":
            self._rep_presses.append(event.time)
        actions = {
            "touch-toggle": f"start_pause('{self.live.space_phase}')",
            "touch-rep": f"rep('{self._rep_words}')",
            "touch-next": "next",
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            await self.run_action(action)

    def pause(self) -> None:
        """Pause a running session (out of sight: the terminal too small, help or the
        catalog over it). A screen still being built has none running: its session begins
        once it is (``on_mount``)."""
        if self.is_mounted:
            self._carry_out(self.live.pause(self._clock()))

    def action_start_pause(self, phase: str) -> None:
        self._carry_out(self.live.toggle(self._clock()))
        self.refresh_bindings()

    def unseen_words(self) -> str:
        """What the session is doing while the too-small notice hides it, in words (it was
        paused as the notice came, if it ran)."""
        return unseen_words(self._state)

    def room_needed(self) -> Minimum:
        """The smallest terminal the view on screen can be used in (``tui.sizes``)."""
        return MAT_VIEW if self.mat else FULL_VIEW

    def on_resize(self) -> None:
        """m to the full view comes and goes as the terminal makes room for it; m pressed a
        moment ago where it did not fit shows it now, if it fits."""
        self.refresh_bindings()
        wished = self._full_view_wished
        if wished is None or not FULL_VIEW.fits(*self.app.size):
            return
        self._full_view_wished = None
        if self._clock() - wished <= FULL_VIEW_WISH_S and self.mat:
            self.action_mat("mat")

    def action_full_view_soon(self) -> None:
        """m for the full view where it does not fit (yet): the resize that makes room for it
        may come after the key (``on_resize``); if none comes, it says what it needs
        (``_tick``)."""
        self._full_view_wished = self._clock()

    def action_mat(self, showing: str) -> None:
        """m: between the mat view and the full view, the one chosen remembered
        (``ViewChosen``)."""
        if self.switch_view(showing):
            self.post_message(self.ViewChosen(mat=showing == "full"))

    def switch_view(self, showing: str) -> bool:
        """From the view ``showing`` to the other: the mat view, or the full view (the steps,
        cues and cautions) only where it fits (``check_action``; the mat view fits wherever it
        does). Whether it switched. Nothing remembered: m on the too-small notice shows the
        mat view for this session only."""
        if showing == "mat" and not FULL_VIEW.fits(*self.app.size):
            return False
        self.query_one(SessionFaces).show_mat(showing == "full")
        self._draw()
        self.refresh_bindings()
        if showing == "full":
            self._show_lines()  # which lines it shows, chosen afresh as it comes
        if showing == "mat":
            # The line that it needs more room is untrue once it shows (it stayed up over
            # the full view at 80×24).
            self._take_back_no_room()
            self.post_message(LinesShowWhole())  # a line held for the mat view may come
        return True

    def _take_back_no_room(self) -> None:
        """The line that the full view needs more room goes, if it may still be up. Textual
        has no public way to take one line back; a toast clicked away goes the same way."""
        if self._no_room_said is not None:
            self.app._unnotify(self._no_room_said)
            self._no_room_said = None

    def action_sound(self, mode: Mode) -> None:
        """Voice, then tones only, then silent, then the voice again."""
        from tui.coach.schedule import next_mode, sound_now

        now = next_mode(mode)
        coach = self.shell.coach
        coach.set_mode(now)
        self.refresh_bindings()
        # The footer names the mode v brings next, not the one now on: a line says that one,
        # as it is heard here. It replaces the one before (four quick presses put up four
        # and covered Next at 80x24). Taken back through the app's queue, after the line's
        # own Notify: keys typed ahead come before that, so the line may not be up yet.
        if self._sound_said is not None:
            self.app.call_later(self.app._unnotify, self._sound_said)
        self._sound_said = Notification(
            sound_now(now, no_sound=coach.no_sound, no_voice=coach.no_voice), timeout=3
        )
        self.app.post_message(Notify(self._sound_said))

    def action_rep(self, words: str) -> None:
        """Enter or r: what ``words`` say (a rep, the set now, this hold done...)."""
        pressed_s = self._rep_pressed_s()
        self._carry_out(self.live.count_rep(self._clock(), pressed_s, seen_s=self._drawn_s))

    def action_unrep(self) -> None:
        self._carry_out(self.live.uncount_rep(self._clock()))

    def action_next(self) -> None:
        self._carry_out(self.live.next(self._clock()))

    def action_back(self) -> None:
        self._carry_out(self.live.back(self._clock()))

    def action_adjust(self, seconds: int) -> None:
        self._carry_out(self.live.adjust(seconds, self._clock()))

    def action_pain(self) -> None:
        self._carry_out(self.live.ask_pain(self._clock()))

    def action_end(self) -> None:
        if self.live.over:
            return
        if not self.live.ready:
            self._leave()
            return
        self._carry_out(self.live.ask_end(self._clock()))

    # --- after ---------------------------------------------------------------------------

    def _note_answered(self, note: str | None) -> None:
        self._carry_out(self.live.answer_note(note))
        writer = self.shell.finish()
        if writer is not None:
            self._show_summary(writer)

    @work(exclusive=True, group="session-summary", exit_on_error=False)
    async def _show_summary(self, writer: SessionWriter) -> None:
        """The session as stored, read back the way the log reads it."""
        try:
            summary = await summary_of(
                self.app,
                writer,
                plan=self.live.engine.steps,
                catalog=self.catalog,
                database=self._database,
                locations=self._locations,
                keep_aside=self.shell.keep_aside,
            )
        except DatabaseProblem as problem:
            self.notify(f"{problem}; the session is in the log.", severity="error")
            self._leave()
            return
        self._stop_following()
        self.app.switch_screen(summary)

    # --- drawing -------------------------------------------------------------------------

    def _draw(self) -> None:
        sensors = self._link.now() if self._link is not None else None
        # A press is the person's word for what the session just did from when they see it:
        # on a busy machine a change shows late (its window starts then, not before).
        self._drawn_s = self._clock()
        self.live.shown(self._drawn_s)
        view = self.live.view(self._clock(), sensors)
        self.query_one(SessionFaces).show(view)
        self._state = view.state
        words = rep_words(view)
        if words != self._rep_words:  # the footer says what enter does now
            self._rep_words = words
            self.refresh_bindings()
        self.set_class(self.mat, "-mat")  # its notices stand clear of the touch targets
        # ... and of the exercise's row: a short mat view keeps no row for them.
        self.set_class(self.mat and self.query_one(MatView).short, "-mat-short")

    def _show_lines(self, _: Screen[Any] | None = None) -> None:
        """The lines up (toasts) the mat view shows (``tui.widgets.mat_lines``): chosen only
        while it is on screen (the full view shows every line as Textual does, whatever
        classes the holders keep); again as it comes (``action_mat``)."""
        if self.mat:
            show_lines(self, 1 if self.query_one(MatView).short else 2)

    def shows_a_line_whole(self) -> bool:
        """Whether a line (a toast) told now is shown whole (``tui.interrupted``): not in
        the mat view, which keeps two rows for the newest lines, a line's title and the start
        of its words (the command in the line that a session was interrupted was cut off)."""
        return not self.mat

    @property
    def mat(self) -> bool:
        """Whether the mat view is the one on screen (or will be, while it is being built)."""
        if not self.is_mounted:
            return self.settings.mat_view
        return self.query_one(SessionFaces).mat
