"""The app's entries in the command palette: where to go (home, the catalog, and, with no
session open, sensors, the log, trends and the check-ins), help, and every routine and
exercise by name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from tui.app import LumbarApp


def app_commands(app: LumbarApp, *, in_session: bool) -> Iterable[SystemCommand]:
    """The palette's entries of ``app`` (``in_session``: a session screen is open)."""
    yield SystemCommand("Home", "Routines to choose from", app.action_home)
    yield SystemCommand("Catalog", "Browse and filter every exercise", app.action_catalog)
    if not in_session:
        yield SystemCommand(
            "Sensors",
            "Scan for heart-rate straps and the Polar H10; connect, preview, forget",
            app.action_sensors,
        )
        yield SystemCommand(
            "Log", "Every session, newest first: search, filter, open", app.action_log
        )
        yield SystemCommand(
            "Trends", "Streaks, calendar, holds and reps, pain, minutes", app.action_trends
        )
        from tui.screens.outcomes import outcome_commands

        yield from outcome_commands(app, app.database, app.browsing_database)
    yield SystemCommand("Help", "Keys of this screen and where settings live", app.action_help)
    for routine in app.catalog.routines.values():
        yield SystemCommand(
            f"Routine: {routine.name}",
            routine.description,
            lambda routine_id=routine.id: app.open_routine(routine_id),
        )
    for exercise in sorted(app.catalog.exercises.values(), key=lambda e: e.name.lower()):
        yield SystemCommand(
            f"Exercise: {exercise.name}",
            exercise.summary,
            lambda exercise_id=exercise.id: app.action_catalog(exercise_id),
        )
