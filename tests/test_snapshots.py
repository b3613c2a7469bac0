"""What the screens look like at 80x24, pinned as SVG snapshots.

Update after a deliberate change with: .venv/bin/pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from catalog import load_catalog
from tui.app import LumbarApp
from tui.locations import Locations
from tui.settings import Settings

SIZE = (80, 24)


def app(lumbar_home: Locations, start_routine: str | None = None) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(),
        locations=lumbar_home,
        start_routine=start_routine,
    )


def test_home(snap_compare: Any, lumbar_home: Locations) -> None:
    assert snap_compare(app(lumbar_home), terminal_size=SIZE)


def test_catalog_filtered(snap_compare: Any, lumbar_home: Locations) -> None:
    async def filter_prone(pilot: Pilot[int]) -> None:
        await pilot.press("c", "slash", *"plank", "enter")

    assert snap_compare(app(lumbar_home), terminal_size=SIZE, run_before=filter_prone)


def test_routine_plan(snap_compare: Any, lumbar_home: Locations) -> None:
    assert snap_compare(app(lumbar_home, start_routine="core-basics"), terminal_size=SIZE)


def test_too_small(snap_compare: Any, lumbar_home: Locations) -> None:
    assert snap_compare(app(lumbar_home), terminal_size=(60, 20))
