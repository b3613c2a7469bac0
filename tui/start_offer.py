"""The offer at start to take up an interrupted session again.

The database, as it opens, finds the session to offer (``resumable``) and the app hands it
to ``StartOffer``, which puts the question up once no dialog is in its way, and drops it when
a session was asked for or started meanwhile (that session makes its own offer). The line on
the sessions found interrupted waits for the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import ModalScreen

from tui.screens.too_small import TooSmallScreen
from tui.sizes import FULL_VIEW, MAT_VIEW

if TYPE_CHECKING:
    from sqlite_utils import Database

    from catalog import Catalog
    from tui.app import LumbarApp
    from tui.live.resuming import Resumption

OFFER_WAIT_S = 0.5
"""How often the resume offer at start looks again for the dialog in its way to be gone."""


def resumable(
    db: Database, catalog: Catalog, *, demo: bool, routine_id: str | None = None
) -> Resumption | None:
    """The interrupted session that may be resumed (of ``routine_id``, when given)."""
    from db.resume import interrupted_sessions
    from tui.live.resuming import resumption

    for found in interrupted_sessions(db, routine_id=routine_id, demo=demo):
        if found.session.row.routine_id in catalog.routines:
            taken_up = resumption(found, catalog.exercises)
            if taken_up is not None:
                return taken_up
    return None


class StartOffer:
    def __init__(
        self,
        app: LumbarApp,
        *,
        session_coming: Callable[[], bool],
        tell_interrupted: Callable[[], None],
        resumed: Callable[[int], None],
        start_in_mat: Callable[[], None],
    ) -> None:
        """``session_coming``: a session was asked for, is open or is on its way (it makes
        its own offer); ``tell_interrupted``: tell the line on the sessions found interrupted,
        if it can be seen now; ``resumed``: a session taken up again is no longer interrupted;
        ``start_in_mat``: the session on its way opens in the mat view."""
        self._app = app
        self._session_coming = session_coming
        self._tell_interrupted = tell_interrupted
        self._resumed = resumed
        self._start_in_mat_view = start_in_mat
        self._waiting_offer: Resumption | None = None
        """The interrupted session to offer at start, while a dialog is in the way."""
        self._start_offer: ModalScreen[bool | None] | None = None
        """The offer at start, while it is on screen."""

    @property
    def coming(self) -> bool:
        """The offer is on screen, or waits for a dialog to be gone."""
        return self._waiting_offer is not None or self._start_offer is not None

    def make(self, resumption: Resumption) -> None:
        """Offer to take up ``resumption`` again, as soon as nothing is in the way."""
        self._waiting_offer = resumption
        self._offer_resumption()

    def give_way(self) -> None:
        """A session is starting: its own offer, if any, comes now."""
        self._waiting_offer = None
        if self._start_offer is not None and self._app.screen is self._start_offer:
            # Started before the offer at start was answered (keys typed ahead while the
            # database opened): the session asks its own question, not under that one.
            self._start_offer.dismiss(None)

    def _offer_resumption(self) -> None:
        """The offer at start, once no dialog (help, say) is in its way; a session started
        meanwhile (or still starting) made its own offer, so this one is dropped. The notice
        that the terminal is too small for home is not in its way: the offer needs only the
        mat view's room (``ResumeQuestion.room_needed``), and goes over home under it."""
        app = self._app
        resumption = self._waiting_offer
        if resumption is None or self._session_coming():
            self._waiting_offer = None
            self._tell_interrupted()
            return
        beneath = [s for s in app.screen_stack if not isinstance(s, TooSmallScreen)]
        if isinstance(beneath[-1], ModalScreen):
            app.set_timer(OFFER_WAIT_S, self._offer_resumption)
            return
        self._waiting_offer = None
        from tui.live.resuming import offer_text
        from tui.screens.resume import ResumeQuestion

        def answered(resume: bool | None) -> None:
            self._start_offer = None
            if resume:  # no longer interrupted, so not told
                self._resumed(resumption.session_id)
            self._tell_interrupted()
            if not resume:
                return
            if MAT_VIEW.fits(*app.size) and not FULL_VIEW.fits(*app.size):
                self._start_in_mat_view()  # answered where only the mat view fits
            app.start_session(resumption.routine_id, resumption=resumption)

        question = ResumeQuestion(offer_text(resumption, app.catalog.exercises), "not now")
        self._start_offer = question
        app.push_screen(question, answered)
