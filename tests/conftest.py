"""Shared fixtures: every test runs with lumbar's files in a private temporary home."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import Catalog, load_catalog
from tui.locations import Locations, locate
from tui.settings import Settings


@pytest.fixture(autouse=True)
def lumbar_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Locations:
    """Point lumbar's config and data at a temporary folder, never the real home."""
    monkeypatch.setenv("LUMBAR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LUMBAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LUMBAR_DB", raising=False)
    for name in ("AGE", "MAX_HR", "SOUND", "REST_S", "THEME"):
        monkeypatch.delenv(f"LUMBAR_{name}", raising=False)
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
