"""Where the app's own keys work: the rule the app follows at each key (``check_action``) and
the settings' check of remapped keys follows for each screen (``tui.keymap``), so the two
cannot drift apart.

c, w and l (catalog, sensors, log) leave the screen on top, so they are off where leaving
would lose something or where letters are typed; the rest (help, quit) work wherever the key
reaches the app. Textual decides that part: the app's keys without priority (? and q) never
reach a dialog, and its priority ones (c, w, l) reach every screen, so they are off here.
"""

from __future__ import annotations

import sys
from typing import Any

from textual.screen import ModalScreen, Screen

from tui.screens.catalog import CatalogScreen
from tui.screens.too_small import TooSmallScreen

LEAVING = ("catalog", "sensors", "log")
"""The app's actions that take the person to another screen."""
_OPEN_ALREADY = {
    "sensors": ("tui.screens.sensors", "SensorsScreen"),
    "log": ("tui.screens.log", "LogScreen"),
}
"""Each leaving action's own screen (imported only once opened): there it does nothing."""


def app_action_works(
    action: str, screen: type[Screen[Any]], *, in_session: bool, typing: bool
) -> bool:
    """Whether the app's ``action`` runs with a ``screen`` on top. ``in_session``: a session
    screen is open, on top or beneath (nobody can follow a session they cannot see, and a
    running one must not be deleted from the log under it); ``typing``: a text field has the
    keys."""
    if issubclass(screen, TooSmallScreen):  # only quitting goes through the app
        return action == "quit"
    if action not in LEAVING:
        return True
    # Nor in the catalog: it takes typed letters as a search.
    if in_session or typing or issubclass(screen, CatalogScreen | ModalScreen):
        return False
    module, name = _OPEN_ALREADY.get(action, ("", ""))
    here = sys.modules.get(module)
    return here is None or not issubclass(screen, getattr(here, name))


def in_session_on(screen: type[Screen[Any]]) -> bool:
    """Whether a session is open whenever ``screen`` is on top: on the session's own screen.
    (Its summary replaces it; its questions are dialogs, where c, w and l are off anyway.)"""
    runner = sys.modules.get("tui.screens.runner")
    return runner is not None and issubclass(screen, runner.RunnerScreen)
