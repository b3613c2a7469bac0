"""Shared fixtures: every test runs with lumbar's files in a private temporary home."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import hypothesis
import pytest
from engine_sessions import Clock
from log_history import Story, story
from pinned_days import day_of_the_tests, on_day
from shared_css import share_parsed_css

from catalog import Catalog, load_catalog
from db.clock import utc_now
from tui.locations import Locations, locate
from tui.settings import FIELD_NAMES, Settings

# On a busy machine (CI's, four workers on two cores) an example may take longer than
# Hypothesis's 200 ms deadline for reasons of the machine, not the code: no time limits.
hypothesis.settings.register_profile(
    "lumbar", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("lumbar")
share_parsed_css()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Python's full garbage collections less often. A Textual app under test keeps a great
    many objects alive while it runs, so a full collection came every few seconds of a story
    and each went through all of them: a quarter of the CPU of the Pilot tests
    (tests/test_runner.py: 24 s of 101 s). What the imports made is frozen out of every
    collection, and a full one waits for ten times as many younger ones; cycles are still
    collected, later (a worker peaks about 50 MB higher), and with them the reports of a
    task's error never retrieved or an unraisable one, which may then come under a later test."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: spread over the workers from the start, none is left to run
    alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def fixed_day(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test runs on one day in one zone (``pinned_days.TEST_NOW``), the clock going on
    from there: what depends on today is the same whatever day the suite runs. The tmux
    tests drive the installed lumbar, which reads the machine's clock: so do they."""
    if request.node.get_closest_marker("tmux") is not None:
        yield
        return
    local, zone = day_of_the_tests()
    with on_day(local, zone, ticking=True):
        yield


@pytest.fixture(autouse=True)
def lumbar_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Locations:
    """Point lumbar's config and data at a temporary folder, never the real home."""
    monkeypatch.setenv("LUMBAR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LUMBAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LUMBAR_DB", raising=False)
    for name in FIELD_NAMES:  # the person's own settings never reach a test
        monkeypatch.delenv(f"LUMBAR_{name.upper()}", raising=False)
    return locate()


@pytest.fixture
def user_catalog(lumbar_home: Locations) -> Path:
    """The folder for the user's own catalog files, created."""
    lumbar_home.catalog_dir.mkdir(parents=True)
    return lumbar_home.catalog_dir


@pytest.fixture(scope="session")
def builtin() -> Catalog:
    return load_catalog(None)


@pytest.fixture
def settings() -> Settings:
    return Settings()


# The log screens' tests (test_log_table, test_session_detail, test_trends_screen).


@pytest.fixture
def now() -> datetime:
    return utc_now().replace(microsecond=0)


@pytest.fixture
def history(lumbar_home: Locations, now: datetime) -> Story:
    return story(lumbar_home.db_path, now)


# The session engine's tests (test_engine_*).


@pytest.fixture
def clock() -> Clock:
    return Clock()
