"""Layering: catalog, sensors and db never pull in Textual; text commands stay light."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import tui.coach
import tui.live


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize(
    "statement",
    [
        "import catalog, catalog.loader, catalog.plan, catalog.describe, catalog.search",
        "import sensors",
        "import db",
    ],
)
def test_the_core_packages_do_not_import_textual(statement: str) -> None:
    modules = imported_after(statement)
    assert "catalog" in modules or "sensors" in modules or "db" in modules
    assert not {m for m in modules if m.split(".")[0] in {"textual", "rich"}}


def test_the_command_line_loads_no_ui_or_bluetooth_until_needed() -> None:
    modules = imported_after("import tui.cli; tui.cli.main(['catalog', '--json'])")
    assert "tui.cli" in modules
    heavy = {"textual", "rich", "bleak", "bumble", "numpy", "sqlite_utils"}
    assert not {m for m in modules if m.split(".")[0] in heavy}


def test_the_app_module_does_import_textual() -> None:
    """The check above can fail: the app itself does import Textual."""
    assert "textual" in imported_after("import tui.app")


def textual_free_cores() -> list[str]:
    """The modules under tui that the import-linter contract keeps free of Textual (one list,
    in pyproject.toml), with every submodule of the packages among them."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    (contract,) = [
        c
        for c in pyproject["tool"]["importlinter"]["contracts"]
        if c["name"] == "The cores under tui never import Textual"
    ]
    modules = list(contract["source_modules"])
    for package in (tui.live, tui.coach):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            modules.append(info.name)
    # and the read side of db the screens share (db as a whole is checked above)
    return [*modules, "db.read_model", "db.session_json", "db.figures"]


def test_the_live_session_and_its_parts_are_among_the_textual_free_cores() -> None:
    cores = set(textual_free_cores())
    live = {"tui.live.engine", "tui.live.session", "tui.live.view", "tui.live.recorder"}
    assert live <= cores


@pytest.mark.parametrize("module", textual_free_cores())
def test_each_core_under_tui_imports_alone_without_textual(module: str) -> None:
    modules = imported_after(f"import {module}")
    assert module in modules
    assert not {m for m in modules if m.split(".")[0] in {"textual", "rich"}}
