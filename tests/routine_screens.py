"""The routine screen driven by Pilot: shared by its dose, pin and read tests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from dose_sessions import session
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static
from waiting import settle, until

from catalog import Catalog, load_catalog
from db.clock import local_now
from db.connection import open_database
from db.dose_pins import pinned_doses
from tui.app import LumbarApp
from tui.cli import main
from tui.locations import Locations
from tui.screens.dose_editor import DoseEditor
from tui.screens.routine import RoutineScreen
from tui.settings import Settings

SIZE = (80, 24)


def make_app(home: Locations) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir), settings=Settings(sound=False), locations=home
    )


def screen(app: LumbarApp) -> Screen[Any]:
    return app.screen


def change(routine: RoutineScreen, exercise_id: str) -> str:
    """Read afresh (keeps mypy from narrowing it across key presses)."""
    return routine.suggestions[exercise_id].change


def note(routine: RoutineScreen) -> str:
    return str(routine.query_one("#doses-note", Static).render())


async def opened(pilot: Pilot[Any], app: LumbarApp, routine_id: str) -> RoutineScreen:
    app.open_routine(routine_id)
    await settle(pilot)  # its doses read (in a worker, once the database is open)
    routine = screen(app)
    assert isinstance(routine, RoutineScreen)
    return routine


async def editing(pilot: Pilot[Any], app: LumbarApp) -> DoseEditor:
    """e on the routine: the dose editor of the highlighted exercise."""
    await pilot.press("e")
    await until(pilot, lambda: isinstance(screen(app), DoseEditor), "the editor", 30)
    editor = screen(app)
    assert isinstance(editor, DoseEditor)
    return editor


async def reps_changed_to(
    pilot: Pilot[Any], app: LumbarApp, routine: RoutineScreen, reps: str
) -> None:
    """e, the reps typed, enter: back on the routine with the change."""
    editor = await editing(pilot, app)
    editor.query_one("#dose-reps", Input).value = reps
    await pilot.press("enter")
    await until(pilot, lambda: screen(app) is routine, "the routine", 30)


def core_basics_with_pain_up(path: Path, builtin: Catalog) -> None:
    """Two sessions of core basics, the last yesterday with pain 3 → 4."""
    db = open_database(path)
    try:
        today = local_now().date()
        session(db, builtin, "core-basics", today - timedelta(days=3), pain=(3, 3))
        session(db, builtin, "core-basics", today - timedelta(days=1), pain=(3, 4))
    finally:
        db.close()


def routines_show(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["routines", "show", "core-basics"]) == 0
    return capsys.readouterr().out


def pinned_reps(path: Path) -> int | None:
    db = open_database(path, writable=False)
    try:
        pin = pinned_doses(db, "core-basics").get("bird-dog")
        return None if pin is None else pin.reps
    finally:
        db.close()


async def pressed(pilot: Pilot[Any], app: LumbarApp, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)
