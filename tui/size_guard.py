"""The terminal's size against what the screen on top needs (``tui.sizes``): while it is
smaller, the too-small notice covers everything, and a session it covers pauses; once it is
not, the notice goes. The notice stays on top of whatever opens under it.

The app owns the screens and asks the guard at each resize and each screen opened or closed;
the guard asks the app (``SessionScreens``) which session screens are open, and what a
session on its way will need.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen, Screen

from tui.screens.home import HomeScreen
from tui.screens.too_small import TooSmallScreen
from tui.sizes import FULL_VIEW, LUMBAR, Minimum

if TYPE_CHECKING:
    from textual.app import App

    from tui.screens.runner import RunnerScreen


class SizeGuard:
    def __init__(
        self,
        app: App[Any],
        *,
        runners: Callable[[], list[RunnerScreen]],
        live_runner: Callable[[], RunnerScreen | None],
        starting: Callable[[], Minimum | None],
        start_in_mat: Callable[[], None],
    ) -> None:
        """``runners``: the session screens open; ``live_runner``: the one whose session is
        recorded and not over (q then ends it, not lumbar); ``starting``: what a session on
        its way (its screen not yet open) will need, None when none is starting;
        ``start_in_mat``: that session opens in the mat view."""
        self._app = app
        self._runners = runners
        self._live_runner = live_runner
        self._starting = starting
        self._start_in_mat = start_in_mat

    def guard_now(self) -> None:
        self.guard(self._app.size.width, self._app.size.height)

    def guard(self, width: int, height: int) -> None:
        """Cover everything with the too-small notice while the terminal is smaller than the
        screen on top needs, and take it away once it is not; a session it covers pauses."""
        app = self._app
        showing = isinstance(app.screen, TooSmallScreen)
        need = self.room_needed()
        too_small = not need.fits(width, height)
        if too_small and not showing:
            runner = self._runner_on_top()
            for paused in self._runners():
                paused.pause()  # nobody can follow a session they cannot see
            mat: Callable[[], None] | None = None
            back: Callable[[], None] | None = None
            if runner is not None and not runner.mat and need == FULL_VIEW:
                mat = partial(self._to_mat_view, runner)  # not for a dialog needing more
            elif runner is None and need == FULL_VIEW and self._starting() == need:
                mat = self._starting_in_mat_view  # its offer to resume up, say
            if runner is None and self._beneath_home() is not None:
                back = self._back
            quits = self._live_runner() is None
            session = runner.unseen_words() if runner is not None else None
            notice = TooSmallScreen(need, session=session, mat=mat, back=back, quits=quits)
            app.push_screen(notice)
        elif too_small and isinstance(app.screen, TooSmallScreen):
            if app.screen.need != need:  # the screen beneath changed under the notice
                app.pop_screen()
                app.call_later(self.guard_now)
            else:
                app.screen.show_size(width, height)
        elif showing:
            app.pop_screen()

    def room_needed(self) -> Minimum:
        """What the screen on top needs: a dialog (a question, help, the palette) what the
        screen it is over needs unless it says otherwise; a session less than the other
        screens (``tui.sizes``)."""
        starting = self._starting()
        if starting is not None:  # the session's screen is on its way
            return starting
        for screen in reversed(self._app.screen_stack):
            room = getattr(screen, "room_needed", None)
            if callable(room):  # a screen, or a dialog that needs more than its screen
                found = room()
                assert isinstance(found, Minimum)
                return found
            if not isinstance(screen, ModalScreen):
                return LUMBAR
        return LUMBAR

    def lift_notice(self, coming: object) -> None:
        """A screen opens: the notice makes way for it, and comes back over it (after it
        has opened) if the terminal is still too small for it."""
        app = self._app
        if isinstance(app.screen, TooSmallScreen) and not isinstance(coming, TooSmallScreen):
            app.pop_screen()
            app.call_later(self.guard_now)

    def _runner_on_top(self) -> RunnerScreen | None:
        """The session's screen, when it is the one on top (or under its dialogs)."""
        runner = sys.modules.get("tui.screens.runner")
        for screen in reversed(self._app.screen_stack):
            if not isinstance(screen, ModalScreen):
                return screen if runner and isinstance(screen, runner.RunnerScreen) else None
        return None

    def _beneath_home(self) -> Screen[Any] | None:
        """The screen that needs more room than there is, when closing it goes back to
        another (the catalog over a session, the summary, the log): not home, nor a
        session's own screen (its view, or the mat view, is the way there)."""
        runner = sys.modules.get("tui.screens.runner")
        stack = self._app.screen_stack
        for screen in reversed(stack):
            if isinstance(screen, TooSmallScreen | ModalScreen):
                continue
            if isinstance(screen, HomeScreen) or (
                runner and isinstance(screen, runner.RunnerScreen)
            ):
                return None
            return screen if stack.index(screen) > 0 else None
        return None

    def _back(self) -> None:
        """escape over the too-small notice: close the screen that needs the room (and the
        dialogs over it), back to the one beneath, which may fit."""
        app = self._app
        closing = self._beneath_home()
        if closing is None:
            return
        while app.screen is not closing:
            app.pop_screen()
        app.pop_screen()
        app.call_later(self.guard_now)

    def _starting_in_mat_view(self) -> None:
        """m over the too-small notice while a session is on its way (its offer to resume
        it up): it opens in the mat view, which fits, and its offer fits with it."""
        self._start_in_mat()
        self.guard_now()

    def _to_mat_view(self, runner: RunnerScreen) -> None:
        """m over the too-small notice: the session's mat view, which fits."""
        runner.switch_view("full")  # for this session only: not remembered
        self.guard_now()
