"""The app as the session tests drive it: silent, on a fake clock that also ticks it."""

from __future__ import annotations

from fake_clock import FakeClock

from catalog import load_catalog
from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens.runner import RunnerScreen
from tui.settings import Settings


def quiet_app(
    home: Locations,
    clock: FakeClock,
    routine: str | None = "core-basics",
    *,
    mat_view: bool = False,
    app_class: type[LumbarApp] = LumbarApp,
) -> LumbarApp:
    """lumbar with no sound, opening ``routine`` (None: the home screen)."""
    return app_class(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False, mat_view=mat_view),
        locations=home,
        start_routine=routine,
        clock=clock,
        ticks=clock,
    )


def runner_of(app: LumbarApp) -> RunnerScreen:
    """The session's screen, wherever it is in the stack."""
    found = [s for s in app.screen_stack if isinstance(s, RunnerScreen)]
    assert found, "no runner screen"
    return found[-1]
