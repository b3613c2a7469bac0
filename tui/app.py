"""The full-screen app: routes between screens and applies settings. Its size guard
(``tui.size_guard``) covers what the terminal is too small for; it hands out the session
database (``tui.session_database``), offers at start to resume (``tui.start_offer``), starts
one session at a time (``tui.one_session``), keeps the view chosen with m
(``tui.chosen_view``), and takes help's keys and its palette from ``tui.help_keys`` and
``tui.palette``."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import msgspec
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.message import Message
from textual.notifications import Notify
from textual.screen import ModalScreen, Screen
from textual.widgets import Input
from textual.worker import Worker

from catalog import Catalog
from catalog.models import Dose
from db.errors import DatabaseProblem
from db.unsaved import Unsaved
from tui import one_session, palette, start_offer
from tui.app_keys import app_action_works, in_session_on
from tui.binding_owners import screens_and_widgets
from tui.chosen_view import ChosenView
from tui.devices_memory import DeviceMemory
from tui.help_keys import keys_for_help
from tui.interrupted import InterruptedLine, LinesShowWhole, line_seen
from tui.locations import Locations
from tui.screens.catalog import CatalogScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.routine import RoutineScreen
from tui.screens.too_small import TooSmallScreen
from tui.sensor_link import SensorLink
from tui.session_database import SessionDatabase
from tui.settings import Settings
from tui.settings_check import checked_settings, help_key_text, voice_name_problem
from tui.size_guard import SizeGuard
from tui.sizes import FULL_VIEW, MAT_VIEW, Minimum

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database

    from db.kept_aside import TakenIn
    from db.sessions import SessionWriter
    from tui.live import LiveSession
    from tui.live.resuming import Resumption
    from tui.screens.runner import RunnerScreen, Ticks
    from tui.session_shell import CoachMaker

DATABASE_WARM_UP_S = 1.0
"""Open the database this long after start: sqlite-utils is slow to import (~0.1 s)."""

SENSORS_WARM_UP_S = 0.5
"""Connect remembered devices this long after start, when the first screen is up."""

DEMO_SUB_TITLE = "DEMO: emulated sensors, own log"
DEMO_SHARED_SUB_TITLE = "DEMO: emulated sensors, marked demo"
"""The demo in a database named with --db or LUMBAR_DB: its sessions are there, marked."""


class LumbarApp(App[int]):
    TITLE = "lumbar"
    SUB_TITLE = "low-back exercise coach"
    CSS_PATH = "lumbar.tcss"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        # Priority, so that keys typed right after it reach the catalog, not the old screen.
        Binding("c", "catalog", "Catalog", id="app.catalog", priority=True),
        Binding("q", "quit", "Quit", id="app.quit"),
        # After quit: where the footer is full, it is the one cut off.
        Binding("w", "sensors", "Sensors", id="app.sensors", priority=True),
        Binding("l", "log", "Log", id="app.log", priority=True),
    ]

    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        locations: Locations,
        warnings: Sequence[str] = (),
        start_routine: str | None = None,
        clock: Callable[[], float] | None = None,
        demo: bool = False,
        ticks: Ticks | None = None,
        coach: CoachMaker | None = None,
    ) -> None:
        """``clock`` and ``ticks``: a session's time and its tick (a test's fake clock);
        ``coach``: what sounds a session's cues (the settings' voice and tones by default)."""
        super().__init__()
        self._clock = clock
        self._ticks = ticks
        self._coach = coach
        self.catalog = catalog
        self.settings = settings
        self.locations = locations
        self._warnings = [*warnings, *(str(p) for p in catalog.problems)]
        # The demo's emulated devices are remembered for this run only, never on disk.
        memory, problems = (
            (DeviceMemory(None), []) if demo else DeviceMemory.load(locations.devices_path)
        )
        self._warnings.extend(problems)
        self.sensors = SensorLink(self, memory, demo=demo)
        self.demo = demo
        """A demo run: its sessions are marked as the demo's, and count as its history."""
        if demo:  # every screen's header says so: nothing done here is the person's own
            apart = locations.db_path == locations.demo_db_path
            self.sub_title = DEMO_SUB_TITLE if apart else DEMO_SHARED_SUB_TITLE
        self.keymap: dict[str, str] = {}
        """The settings' key remapping as applied: without the entries that cannot be."""
        self._start_routine = start_routine
        self._screens_ready = False
        self._unsaved = Unsaved()
        self._session_database = SessionDatabase(self, locations.db_path, self._open_database)
        """The session database, opened in a thread; its problems told once."""
        self._one_session = one_session.OneSession(
            runners=self._runners,
            # Looked up at each use, as the app's own calls are (tests wrap ``app.notify``).
            database=lambda: self.database(),
            notify=lambda *args, **kwargs: self.notify(*args, **kwargs),
            refuse_unsaved=self._session_database.refuse_unsaved,
        )
        """No second session: not in this window, nor while another lumbar runs one."""
        self._offer_at_start = start_offer.StartOffer(
            self,
            session_coming=self._session_coming,
            tell_interrupted=self._tell_interrupted,
            resumed=self._resumed,
            start_in_mat=self._start_in_mat_view,
        )
        """The offer at start to take up an interrupted session again."""
        self._interrupted = InterruptedLine(self.locations.command)
        """The line on the sessions found interrupted at start, held until it can be seen
        (``_line_seen_now``): told once it can (``_tell_interrupted``)."""
        self._mat_chosen = False
        """m on the too-small notice while a session was on its way (its offer to resume
        up): it opens in the mat view, whatever the settings say."""
        self._chosen_view = ChosenView(
            locations.settings_path,
            chosen=lambda: self.settings.mat_view,
            not_kept=lambda line: self.post_message(self.SettingUnusable(line)),
        )
        """The view chosen with m, written to the settings (``_keep_view``)."""
        self.size_guard = SizeGuard(
            self,
            runners=self._runners,
            live_runner=self._live_runner,
            starting=self._room_for_starting,
            start_in_mat=self._start_in_mat_view,
        )
        """The too-small notice over every screen the terminal is too small for."""
        self.chosen_doses: dict[str, dict[str, Dose]] = {}
        """Per routine, the doses the person changed on its screen for its next session;
        a session started afresh uses them, and clears them once its record is open."""

    def on_mount(self) -> None:
        self._apply_settings()
        # Opening the database imports sqlite-utils (slow): in a thread, after the first
        # screen, or at once when something needs it first.
        self.set_timer(DATABASE_WARM_UP_S, self._session_database.opening)
        self.set_interval(1.0, lambda: self._unsaved and self._save_unsaved())
        if self.sensors.memory.devices:
            self.set_timer(SENSORS_WARM_UP_S, self.sensors.start)
        self.push_screen(
            HomeScreen(self.catalog, self.settings, self.browsing_database, self.database)
        )
        if self._start_routine is not None:
            self.start_session(self._start_routine)
        self._screens_ready = True
        # A screen opened or closed may need more room than the one it covers (or less).
        guard = self.size_guard
        self.screen_change_signal.subscribe(self, lambda _: self.call_later(guard.guard_now))
        # The line held while it could not be seen, once a screen that shows it is on top
        # (after the guard: the notice may come back over the screen that opened).
        self.screen_change_signal.subscribe(self, lambda _: self.call_later(self._tell_interrupted))
        guard.guard_now()
        self._show_warnings()

    def _handle_exception(self, error: Exception) -> None:
        # lumbar closing as a screen opens (quit, or the browser gone, right then): the
        # screen's widgets are gone before its mount handler asks for them. Nothing is wrong
        # and nothing is lost (a session is saved as it runs), so no traceback.
        if isinstance(error, NoMatches) and not self.is_running:
            return
        super()._handle_exception(error)

    async def on_unmount(self) -> None:
        await self.sensors.close()  # streams stopped and devices disconnected politely
        self._unsaved.last_try()
        if self._chosen_view.to_write:  # m just before closing: its thread may not have run
            self._chosen_view.write()

    def _show_warnings(self) -> None:
        if not self._warnings:
            return
        shown = self._warnings[:3]
        more = len(self._warnings) - len(shown)
        if more:
            shown.append(f"… and {more} more: help ({self._help_key()}) lists them all")
        self.notify(
            "\n".join(shown),
            title="Some settings or files need fixing",
            severity="warning",
            timeout=15,
        )

    def _help_key(self, keys: Mapping[str, str] | None = None) -> str:
        """The key that opens help, shown as the footer shows keys: ``?`` unless the settings
        moved it (``keys``: the remapping applied, the app's by default)."""
        return help_key_text(self.keymap if keys is None else keys)

    def _apply_settings(self) -> None:
        # The same check as every command's (``tui.settings_check``): the same lines, each
        # once (a command line that started the app has them among its warnings already).
        checked = checked_settings(self.settings)
        self._warnings.extend(p for p in checked.problems if p not in self._warnings)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.voice_name and self.settings.voice:
            # Checked by eSpeak NG itself, loaded in a thread; with the voice off it is not
            # loaded at all (a session's coach says it if v brings the voice).
            self.run_worker(self._check_voice, thread=True, group="voice", exit_on_error=False)
        if self.settings.keys:
            self.keymap = checked.keymap
            self.set_keymap(self.keymap)

    def _check_voice(self) -> None:
        """In a thread: a ``voice_name`` eSpeak NG does not know is one of the settings to
        fix, named at start as the others are (not only by a session's coach, once it first
        speaks) and listed in help."""
        problem = voice_name_problem(self.settings)
        if problem is not None:
            self.post_message(self.SettingUnusable(problem))

    @dataclass
    class SettingUnusable(Message):
        line: str

    def on_lumbar_app_setting_unusable(self, message: SettingUnusable) -> None:
        self._warnings.append(message.line)
        self.notify(
            message.line, title="Some settings or files need fixing", severity="warning", timeout=15
        )

    def on_runner_screen_view_chosen(self, message: RunnerScreen.ViewChosen) -> None:
        """m in a session: the view chosen is the one every session opens (or resumes) in,
        from now on and after lumbar starts again (the settings' ``mat_view``, whose line
        alone is written)."""
        if self.settings.mat_view == message.mat:
            return
        self.settings = msgspec.structs.replace(self.settings, mat_view=message.mat)
        self._chosen_view.to_write = True
        self._keep_view()

    @work(thread=True, group="keep-view", exit_on_error=False)
    def _keep_view(self) -> None:
        self._chosen_view.write()

    def _open_database(self) -> Database | DatabaseProblem:
        """In a thread: open (and migrate) the database; say so with messages, which a
        thread may post without waiting for the app (call_from_thread could hang at exit)."""
        import sqlite3

        from db.connection import open_database, problem
        from db.kept_aside import not_taken_in_text, take_in
        from db.sessions import mark_interrupted

        path = self.locations.db_path
        try:
            db = open_database(path)
            # Answers kept aside when a session's file was found damaged: taken in once
            # SQLite finds it whole, before anything else is written to it.
            try:
                taken = take_in(db, path)
            except DatabaseProblem as unread:
                if getattr(db, "damaged", None) is not None:
                    raise  # the file is damaged still: as any damage found
                self.post_message(self.AnswersNotTakenIn(str(unread)))  # the file aside
            except sqlite3.Error:
                raise  # the database's own: as any error reading it
            except Exception as error:  # unforeseen in a file of answers: never stops saving
                self.post_message(self.AnswersNotTakenIn(not_taken_in_text(path, error)))
            else:
                if taken is not None and (taken.taken or taken.left or taken.unreadable):
                    self.post_message(self.AnswersTakenIn(taken))
            if self.demo:
                from db.demo import record_as_demo

                record_as_demo(db)
            interrupted = mark_interrupted(db)
            # Kept at once, not only posted: lumbar closing now would drop the message, and
            # the line with it, and the next start finds these no longer to tell.
            self._interrupted.found(interrupted)
            resumable = start_offer.resumable(db, self.catalog, demo=self.demo)
        except (DatabaseProblem, sqlite3.Error) as error:
            # A file damaged inside past its first page opens, and fails on the first read.
            found = error if isinstance(error, DatabaseProblem) else problem(path, error)
            self.post_message(self.DatabaseUnusable(str(found)))
            return found
        # The offer first: the line on what was interrupted waits for its answer.
        if resumable is not None:
            self.post_message(self.SessionResumable(resumable))
        if interrupted:  # to be told as soon as it can be seen
            self.post_message(self.SessionsInterrupted(tuple(interrupted)))
        return db

    @dataclass
    class DatabaseUnusable(Message):
        problem: str

    @dataclass
    class AnswersTakenIn(Message):
        taken: TakenIn

    def on_lumbar_app_answers_taken_in(self, message: AnswersTakenIn) -> None:
        taken = message.taken
        if taken.taken:
            self.notify(
                f"The answers kept aside in {taken.path} are now in the log.",
                title="Answers taken in",
            )
        if taken.left:
            self.notify(
                f"Answers for a session not in this database stay in {taken.path}; "
                "put back the database they were given in to take them in.",
                title="Answers kept aside",
                severity="warning",
                timeout=30,
            )
        if taken.unreadable:
            self.notify(
                f"{taken.unreadable} of the answers kept aside in {taken.path} cannot be read "
                "by this lumbar; they are left there as they are: take them in with a newer "
                "lumbar, or move that file away.",
                title="Answers kept aside",
                severity="warning",
                timeout=30,
            )
        if taken.problem is not None:
            self.notify(taken.problem, title="Answers kept aside", severity="warning", timeout=30)

    @dataclass
    class AnswersNotTakenIn(Message):
        problem: str

    def on_lumbar_app_answers_not_taken_in(self, message: AnswersNotTakenIn) -> None:
        self.notify(message.problem, title="Answers kept aside", severity="warning", timeout=30)

    @dataclass
    class SessionsInterrupted(Message):
        session_ids: tuple[int, ...]

    @dataclass
    class SessionResumable(Message):
        resumption: Resumption

    def on_lumbar_app_database_unusable(self, message: DatabaseUnusable) -> None:
        if self._session_starting():
            return  # its refusal tells the problem (``OneSession.may_start``): one notice, not two
        self._session_database.tell_unusable(message.problem)

    def on_lumbar_app_sessions_interrupted(self, message: SessionsInterrupted) -> None:
        # Kept already as the database opened (``_open_database``): found once.
        self._interrupted.found(message.session_ids)
        self._tell_interrupted()

    def _tell_interrupted(self) -> None:
        """The line on the sessions found interrupted, once it can be seen
        (``_line_seen_now``); held until then, and told at the next screen change that
        lets it be."""
        if self._interrupted.untold and self._line_seen_now():
            self.post_message(Notify(self._interrupted.tell(self.NOTIFICATION_TIMEOUT)))

    def _resumed(self, session_id: int) -> None:
        """A session taken up again is no longer interrupted: not named, and the line told
        a moment ago that names it goes (the rest it named is told again without it)."""
        told = self._interrupted.resumed(session_id)
        if told is not None:
            # Textual has no public way to take one line back (as in the session's screen).
            self._unnotify(told)
            self._tell_interrupted()

    def on_lines_show_whole(self, message: LinesShowWhole) -> None:
        self._tell_interrupted()  # held while the screen on top could not show it whole

    def untold_interrupted(self) -> str | None:
        """After the app has closed: the line on the sessions found interrupted, when it
        could not be told while the app ran (quit under the too-small notice, or at the
        offer to resume, or as the database opened) or was told so late that it is still
        up, for the terminal; None when it was told and had its time on screen."""
        return self._interrupted.left_untold()

    def _line_seen_now(self) -> bool:
        """Whether a line told now is seen (``tui.interrupted.line_seen``)."""
        return line_seen(
            self.screen,
            offer_coming=self._offer_at_start.coming,
            starting=self._session_starting(),
            fits=self.size_guard.room_needed().fits(*self.size),
        )

    def on_lumbar_app_session_resumable(self, message: SessionResumable) -> None:
        """At start: offer to take up the interrupted session again (unless a session was
        asked for, which offers its own, or something else is being done already)."""
        self._offer_at_start.make(message.resumption)

    def _session_coming(self) -> bool:
        """A session was asked for at start, is open or is on its way."""
        return self._start_routine is not None or bool(self._runners()) or self._session_starting()

    async def database(self) -> Database:
        """The open session database; raises DatabaseProblem when it cannot be used."""
        return await self._session_database.database()

    async def browsing_database(self) -> Database:
        """The database for reading the log: the session database when it can be written,
        else the same file opened read-only (a read-only or briefly locked file can still
        be browsed). Raises DatabaseProblem when it cannot even be read."""
        return await self._session_database.browsing_database()

    def keep_saving(self, writer: SessionWriter) -> None:
        """Go on writing a finished session's last rows (pain after, note) until they are
        in, whichever screen is showing."""
        self._unsaved.add(writer)
        self._save_unsaved()

    @work(thread=True, exclusive=True, group="save-unsaved", exit_on_error=False)
    def _save_unsaved(self) -> None:
        for line in self._unsaved.save():  # answers kept aside: where (post_message: a thread)
            self.notify(line, title="Answers kept aside", severity="warning", timeout=30)

    @work(exclusive=True, group="start-session")
    async def start_session(
        self,
        routine_id: str,
        doses: Mapping[str, Dose] | None = None,
        resumption: Resumption | None = None,
        shown: Mapping[str, Dose] | None = None,
    ) -> None:
        """The guided session for a routine, with suggested doses unless ``doses`` are given;
        refused, with a word on which session runs where, while another one runs. When its
        last session was interrupted, the person chooses: resume it or start afresh
        (``resumption``: resume that one, chosen already). ``shown``: the doses the person
        was shown (the routine screen's plan); the suggested doses, worked out again now,
        start whatever they are, and the session says which differ from those, and why."""
        from tui.doses import DoseChanged, changed_since_shown, plan
        from tui.live import LiveSession

        self._offer_at_start.give_way()  # this routine's own offer, if any, comes now
        routine = self.catalog.routines[routine_id]
        if not await self._one_session.may_start(routine.name):
            return
        if resumption is None:
            chosen = await self._resume_or_afresh(routine_id)
            if chosen is False:
                return  # neither: the person went back
            resumption = chosen
        changed: list[DoseChanged] = []
        if resumption is not None:
            steps = list(resumption.steps)
        else:
            if doses is None:
                from tui.history import routine_suggestions

                try:
                    found = await asyncio.to_thread(
                        routine_suggestions,
                        await self.database(),
                        routine,
                        self.catalog,
                        include_demo=self.demo,
                    )
                except DatabaseProblem as problem:
                    # Damaged where the past sessions are (it opened): as one that does not
                    # open, a session that could not be saved does not start.
                    self._session_database.refuse_unsaved(problem)
                    return
                suggested = {k: s.dose for k, s in (found or {}).items()}
                doses = {**suggested, **self.chosen_doses.get(routine_id, {})}
                if shown is not None:
                    changed = changed_since_shown(routine, self.catalog, shown, doses, found)
            steps = plan(routine, self.catalog, self.settings.rest_s, doses)
        live = LiveSession(
            routine,
            steps,
            self.catalog.exercises,
            sensors=True,
            demo=self.sensors.demo,
            max_hr=self._max_hr(),
            pace=self.settings.pace_reps,
            resumption=resumption,
            doses_changed=changed,
        )
        yours = self.chosen_doses.get(routine_id, {}) if resumption is None else {}
        # A change by the person was for this session, once its record is open; the next
        # follows from it.
        await self.push_screen(self._runner(live, began=yours.clear))

    def _runner(self, live: LiveSession, began: Callable[[], None] | None = None) -> RunnerScreen:
        from tui.screens.runner import RunnerScreen
        from tui.session_shell import SessionShell

        clock = self._clock or time.monotonic
        shell = SessionShell(
            live,
            self.settings,
            clock=clock,
            notify=self.notify,
            keep_saving=self.keep_saving,
            keep_aside=self._unsaved.keep_aside,
            coach=self._coach,
            wearables=self.sensors,
        )
        settings = self.settings
        if self._opens_in_mat_view() != settings.mat_view:  # m chosen on the notice
            settings = msgspec.structs.replace(settings, mat_view=True)
        return RunnerScreen(
            live,
            shell,
            self.catalog,
            settings,
            database=self._one_session.database_for_a_session,
            clock=clock,
            sensors=self.sensors,
            ticks=self._ticks,
            locations=self.locations,
            began=began,
        )

    async def _resume_or_afresh(self, routine_id: str) -> Resumption | Literal[False] | None:
        """The routine's interrupted session, when the person chooses to resume it; None to
        start afresh (or when there is none); False when they went back instead."""
        from tui.live.resuming import offer_text
        from tui.screens.resume import ResumeQuestion

        try:
            resumption = start_offer.resumable(
                await self.database(), self.catalog, demo=self.demo, routine_id=routine_id
            )
        except DatabaseProblem:
            return None  # the session screen says that it cannot be saved
        if resumption is None:
            return None
        question = ResumeQuestion(offer_text(resumption, self.catalog.exercises), "start afresh")
        answer = await self.push_screen_wait(question)
        if answer is None:
            return False
        if not answer:
            return None
        self._resumed(resumption.session_id)  # no longer interrupted: not told
        return resumption

    def _max_hr(self) -> int | None:
        """For heart-rate zones: None unless age or max_hr is set."""
        if self.settings.age is None and self.settings.max_hr is None:
            return None
        from sensors.heart import max_heart_rate

        return max_heart_rate(self.settings.age, self.settings.max_hr)

    @staticmethod
    def binding_owners() -> tuple[type[DOMNode], ...]:
        """Every class that declares key bindings."""
        return (LumbarApp, *screens_and_widgets())

    def on_resize(self, event: events.Resize) -> None:
        # The first resize can come before on_mount; the notice must go above the screens.
        if self._screens_ready:
            self.size_guard.guard(event.size.width, event.size.height)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """The too-small notice stays on top: a screen opened under it (a session's question,
        the session itself) goes where the notice was, and the notice comes back over it if
        the terminal is still too small for it."""
        self.size_guard.lift_notice(args[0] if args else kwargs.get("screen"))
        return super().push_screen(*args, **kwargs)

    def switch_screen(self, screen: Screen[Any] | str) -> Any:
        self.size_guard.lift_notice(screen)
        return super().switch_screen(screen)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "start-session" and event.worker.is_finished:
            self._mat_chosen = False  # for the session that was on its way only
            # Refused, or gone back: the screen beneath is the one to fit.
            self.size_guard.guard_now()
            # The line held while the session was on its way (after the guard, as above).
            self.call_later(self._tell_interrupted)

    def _room_for_starting(self) -> Minimum | None:
        """What the session on its way will need (None: none is starting)."""
        if not self._session_starting():
            return None
        return MAT_VIEW if self._opens_in_mat_view() else FULL_VIEW

    def _opens_in_mat_view(self) -> bool:
        return self.settings.mat_view or self._mat_chosen

    def _start_in_mat_view(self) -> None:
        """m on the too-small notice over a session on its way: it opens in the mat view."""
        self._mat_chosen = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return app_action_works(
            action,
            type(self.screen),
            in_session=bool(self._runners()),
            typing=isinstance(self.focused, Input),
        )

    @staticmethod
    def works_on(action: str, screen: type[Screen[Any]]) -> bool:
        """Whether the app's ``action`` can run with a ``screen`` on top (and no text field
        focused): for the settings' check of remapped keys."""
        return app_action_works(action, screen, in_session=in_session_on(screen), typing=False)

    def _session_starting(self) -> bool:
        """``start_session`` is under way (its own offer, or its runner, is to come)."""
        return any(w.group == "start-session" and not w.is_finished for w in self.workers)

    def _runners(self) -> list[RunnerScreen]:
        """The session screens open (none until a session is started)."""
        runner = sys.modules.get("tui.screens.runner")
        if runner is None:
            return []
        return [s for s in self.screen_stack if isinstance(s, runner.RunnerScreen)]

    def action_catalog(self, showing: str | None = None) -> None:
        """The catalog (at one exercise with ``showing``); over a session, which waits
        paused: nobody can follow a session they cannot see."""
        for runner in self._runners():
            runner.pause()
        if isinstance(self.screen, CatalogScreen):
            if showing is not None:
                self.screen.show_exercise(showing)
        else:
            self.push_screen(CatalogScreen(self.catalog, showing))

    async def action_quit(self) -> None:
        """Quit; while a session is live, its own question to end it is asked instead (the
        session then ends as it should, with the pain check), and nothing quits."""
        runner = self._live_runner()
        if runner is None:
            self.exit()
            return
        while self.screen is not runner and isinstance(self.screen, CatalogScreen | HelpScreen):
            await self.pop_screen()
        running = one_session.here(runner.routine.name)
        if self.screen is runner:
            runner.action_end()
        elif isinstance(self.screen, TooSmallScreen):
            self._one_session.refuse(f"{running}: make the terminal larger to end it")
        elif not _asks_to_end(self.screen):
            self._one_session.refuse(f"{running}: answer this first, then q ends it")

    def _live_runner(self) -> RunnerScreen | None:
        """The session screen whose session is being recorded and not yet over."""
        for runner in self._runners():
            if runner.live.ready and not runner.live.over:
                return runner
        return None

    def action_sensors(self) -> None:
        from tui.screens.sensors import SensorsScreen

        open_already = [s for s in self.screen_stack if isinstance(s, SensorsScreen)]
        if open_already:
            while self.screen is not open_already[0]:
                self.pop_screen()
        else:
            self.push_screen(SensorsScreen(self.sensors))

    def action_log(self) -> None:
        from tui.screens.log import LogScreen

        open_already = [s for s in self.screen_stack if isinstance(s, LogScreen)]
        if open_already:
            while self.screen is not open_already[0]:
                self.pop_screen()
        else:
            self.push_screen(LogScreen(self.browsing_database))

    def action_trends(self) -> None:
        from tui.screens.trends import TrendsScreen

        self.push_screen(TrendsScreen(self.browsing_database))

    def action_home(self) -> None:
        running = self._one_session.running_here()
        if running is not None:  # home lies under the session: going there would end it
            self._one_session.refuse(f"{running}: end it (q) to go home")
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        keys = keys_for_help(self.screen, self.keymap, self.get_key_display)
        title = self.screen.title or ""
        settings_path = self.locations.settings_path
        in_session = self._live_runner() is not None
        over_dialog = isinstance(self.screen, ModalScreen)  # a question waiting for its answer
        for runner in self._runners():
            runner.pause()  # nobody can follow a session they cannot see, as in the catalog
        self.push_screen(
            HelpScreen(
                keys,
                settings_path,
                title,
                problems=self._warnings,
                in_session=in_session,
                over_dialog=over_dialog,
            )
        )

    def on_home_screen_routine_chosen(self, message: HomeScreen.RoutineChosen) -> None:
        self.open_routine(message.routine_id)

    def open_routine(self, routine_id: str) -> None:
        routine = self.catalog.routines[routine_id]
        running = self._one_session.running_here()
        if running is not None:  # a routine over the session would start a second one
            self._one_session.refuse(
                one_session.refusal(running, routine.name, in_this_window=True)
            )
            return
        self.push_screen(
            RoutineScreen(
                routine,
                self.catalog,
                self.settings,
                self.database,
                reading=self.browsing_database,
                include_demo=self.demo,
                yours=self.chosen_doses.setdefault(routine_id, {}),
            )
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from palette.app_commands(self, in_session=bool(self._runners()))
        # Textual's own "Keys" panel says less than Help, which lists the same keys.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")


def _asks_to_end(screen: Screen[object]) -> bool:
    """The session's own question to end it is showing already."""
    from tui.screens.questions import ConfirmEnd

    return isinstance(screen, ConfirmEnd)
