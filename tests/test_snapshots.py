"""What the screens look like at 80x24, pinned as SVG snapshots.

Update after a deliberate change with: .venv/bin/pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest
from fake_clock import FakeClock
from textual.pilot import Pilot

from catalog import load_catalog
from tui.app import LumbarApp
from tui.devices_memory import DeviceMemory, RememberedDevice
from tui.locations import Locations
from tui.settings import Settings

SIZE = (80, 24)


def app(
    lumbar_home: Locations, start_routine: str | None = None, clock: FakeClock | None = None
) -> LumbarApp:
    """Time stands still unless a test moves it, so timers look the same every run."""
    clock = clock or FakeClock(100.0)
    return LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=lumbar_home,
        start_routine=start_routine,
        clock=clock,
        ticks=clock,
    )


def test_home(snap_compare: Any, lumbar_home: Locations) -> None:
    async def today_read(pilot: Pilot[int]) -> None:
        from tui.screens.home import HomeScreen

        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        while home.plan is None:  # what is due, read from the (empty) history
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=today_read)


def test_catalog_filtered(snap_compare: Any, lumbar_home: Locations) -> None:
    async def filter_prone(pilot: Pilot[int]) -> None:
        await pilot.press("c", "slash", *"plank", "enter")

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=filter_prone)


def test_routine_plan(snap_compare: Any, lumbar_home: Locations) -> None:
    async def open_routine(pilot: Pilot[int]) -> None:
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=open_routine)


def test_session_pain_check(snap_compare: Any, lumbar_home: Locations) -> None:
    async def wait(pilot: Pilot[int]) -> None:
        from textual.widgets import Input

        await pilot.app.workers.wait_for_complete()
        # The answer box's cursor shows for good: a blink could land either way on a busy
        # machine.
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    session = app(lumbar_home, start_routine="core-basics")
    assert snap_compare(session, terminal_size=SIZE, run_before=wait)


def test_session_hold_paused(snap_compare: Any, lumbar_home: Locations) -> None:
    clock = FakeClock(100.0)

    async def into_the_plank(pilot: Pilot[int]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("3", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("space", "n", *"rrrrr", "n", *"rrrrr", "n", "n", *"rrrrr", "n", "n")
        clock.advance(4)
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()

    session = app(lumbar_home, start_routine="core-basics", clock=clock)
    assert snap_compare(session, terminal_size=SIZE, run_before=into_the_plank)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_mat_view_in_a_hold(snap_compare: Any, lumbar_home: Locations, size: Any) -> None:
    clock = FakeClock(100.0)

    async def into_the_plank(pilot: Pilot[int]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("3", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("space", "n", *"rrrrr", "n", *"rrrrr", "n", "n", *"rrrrr", "n", "n")
        clock.advance(4)
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()

    session = app(lumbar_home, start_routine="core-basics", clock=clock)
    assert snap_compare(session, terminal_size=size, run_before=into_the_plank)


def test_session_summary(snap_compare: Any, lumbar_home: Locations) -> None:
    async def end_early(pilot: Pilot[int]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("3", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("space", "n", *"rrrrr", "n", "r", "r", "n", "q", "y")
        await pilot.press("4", "enter", *"stiff morning", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    session = app(lumbar_home, start_routine="core-basics")
    assert snap_compare(session, terminal_size=SIZE, run_before=end_early)


def test_too_small(snap_compare: Any, lumbar_home: Locations) -> None:
    assert snap_compare(app(lumbar_home), terminal_size=(60, 20))


def test_sensors_without_bluetooth(
    snap_compare: Any, lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two remembered devices and no Bluetooth to reach them (the live preview, with its
    random heart rate and a trace that moves, is not pinned: see test_sensors_screen)."""
    memory = DeviceMemory(lumbar_home.config_dir / "devices.toml")
    memory.remember(RememberedDevice("C0:1A:2B:3C:4D:10", "polar-h10", "Polar H10 1A2B3C4D"))
    memory.remember(RememberedDevice("C0:4F:2A:00:00:20", "generic-hr", "HR Strap 4F2A"))
    monkeypatch.setenv("LUMBAR_EMULATOR", "tcp:0")  # not a port: the same line every run

    async def open_sensors(pilot: Pilot[int]) -> None:
        await pilot.press("w")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=open_sensors)
