"""What a live session's effects do beyond the screen: its rows go to the session's record,
its cues to the coach, and in ``--demo`` its moves to the demo person, who wears the emulated
H10. The app makes the shell with the session's screen, which hands every ``Effects`` here,
then shows the rest (the signal, the notices, the question, the view). The shell's own lines
(a write that failed, or works again; no sound) go to the person through ``notify``.

The coach is made with the shell, before the pain question, so the sound device is open by
the first cue. The record is opened, and the session begun, when the pain check is answered
(``begin``); once the last question is answered, the app goes on writing its last rows
(``finish``); as lumbar closes under a session that is not over, what was done is written at
once (``close``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from tui.session_saving import SessionSaving, open_record

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.sessions import SessionWriter
    from db.unsaved import KeepAside
    from tui.coach import CuePlayer
    from tui.demo_person import DemoPerson
    from tui.live import Effects, LiveSession
    from tui.live.effects import Severity
    from tui.sensor_board import SensorBoard
    from tui.settings import Settings

Clock = Callable[[], float]

CoachMaker = Callable[["Settings", Clock], "CuePlayer"]
"""Makes the session's coach (what sounds its cues) from the settings and its clock."""


class Wearables(Protocol):
    """What the shell needs of the sensor link: the devices on its board, whether it is the
    demo's, and then the emulated devices once the link is open (None before)."""

    demo: bool

    @property
    def board(self) -> SensorBoard: ...

    @property
    def emulator(self) -> Any: ...


class Notify(Protocol):
    """One line for the person (a toast), as ``App.notify`` shows it."""

    def __call__(
        self,
        message: str,
        *,
        title: str = ...,
        severity: Severity = ...,
        timeout: float | None = ...,
    ) -> None: ...


class SessionShell:
    def __init__(
        self,
        live: LiveSession,
        settings: Settings,
        *,
        clock: Clock,
        notify: Notify,
        keep_saving: Callable[[SessionWriter], None],
        coach: CoachMaker | None = None,
        wearables: Wearables | None = None,
        keep_aside: KeepAside | None = None,
    ) -> None:
        self.live = live
        self.keep_aside = keep_aside
        """Where answers after the session that its damaged file cannot take are kept
        aside (``db.unsaved.Unsaved.keep_aside``), for the summary's check-in."""
        self.saving: SessionSaving | None = None
        self._clock = clock
        self._notify = notify
        self._keep_saving = keep_saving
        if coach is None:
            from tui.coach import CuePlayer

            self.coach = CuePlayer.from_settings(settings, clock=clock)
        else:
            self.coach = coach(settings, clock)
        self._told_no_sound = False
        self._wearables = wearables
        self._person: DemoPerson | None = None
        if wearables is not None and wearables.demo:
            from tui.demo_person import DemoPerson

            self._person = DemoPerson(live.exercises, live.engine.step.exercise_id)

    async def begin(
        self, database: Callable[[], Awaitable[Database]], pain_before: int | None
    ) -> Effects:
        """Open (or reopen, to resume) the session's record and begin the session, with the
        devices connected by then. Raises ``DatabaseProblem`` when it cannot be saved."""
        writer, elapsed_s = open_record(await database(), self.live, pain_before)
        self.saving = SessionSaving(writer, self._tell)
        wearables = self._wearables
        connected = wearables.board.devices() if wearables is not None else ()
        return self.live.begin(self._clock(), connected, elapsed_s=elapsed_s)

    def finish(self) -> SessionWriter | None:
        """The last answers are in the writer: the app goes on writing them, whichever screen
        shows. The writer (None when the record never opened), to read the session back."""
        if self.saving is None:
            return None
        self._keep_saving(self.saving.writer)
        return self.saving.writer

    @property
    def session_id(self) -> int | None:
        """The session's id in the database, once its record is open."""
        return self.saving.writer.session_id if self.saving is not None else None

    def carry_out(self, effects: Effects) -> None:
        """Rows kept (and written about every second), the coach hushed and given its cues,
        the demo person's next move."""
        if self.saving is not None:
            self.saving.keep(effects.rows, save=effects.save)
        if effects.hush:
            self.coach.clear()
        for cue in effects.cues:
            self.coach.play(cue)
        if self._person is not None and self._wearables is not None:
            if effects.demo is not None:
                self._person.do(effects.demo)
            self._person.wear(self._wearables.emulator)

    def tell_sound_problem(self, *, gist_only: bool = False) -> None:
        """Why the coach cannot sound, told once (the bell and the flash remain): its gist in
        the title ("No sound: the bell and flash remain"), and the reason under it, not the
        gist again. ``gist_only``: the gist alone, untitled, in one row (the mat view: from
        the floor, the reason is no use; a title over no words would draw an empty row)."""
        if self._told_no_sound:
            return
        problem = self.coach.last_problem  # line, gist and reason in one read: they agree
        if problem is None:
            return
        self._told_no_sound = True
        if not problem.headline:  # no gist: the line whole
            self._notify(problem.line, title="Sound", severity="warning", timeout=10)
        elif gist_only:  # the gist as its words, untitled: one row (a title draws two)
            self._notify(problem.headline, title="", severity="warning", timeout=10)
        else:
            self._notify(problem.reason, title=problem.headline, severity="warning", timeout=10)

    def _tell(self, text: str, title: str, error: bool) -> None:
        """A line of the saving's: a write that failed, or works again."""
        if error:
            self._notify(text, title=title, severity="error", timeout=20)
        else:
            self._notify(text, title=title)

    def close(self) -> None:
        """Lumbar closes under the session (the browser went, the app was told to exit): a
        session that is not over is written now, as interrupted, for the next start to
        resume (what cannot be written shows as interrupted all the same). The coach stops."""
        if self.saving is not None:
            self.saving.write_now(self.live.interrupt(self._clock()).rows)
        self.coach.close()
