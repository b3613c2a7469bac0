"""Layering: catalog, sensors and db never pull in Textual; text commands stay light."""

from __future__ import annotations

import subprocess
import sys

import pytest


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


TEXTUAL_FREE = (
    "tui.words",
    "tui.log_clock",
    "tui.widgets.cells",
    "db.read_model",
    "db.session_json",
    "db.figures",
)
"""Modules of the face that must work without Textual (also in pyproject's import-linter
contract "The Textual-free modules of tui never import textual"): add new ones to both."""


@pytest.mark.parametrize("module", TEXTUAL_FREE)
def test_the_textual_free_modules_import_no_textual(module: str) -> None:
    modules = imported_after(f"import {module}")
    assert module in modules
    assert not {m for m in modules if m.split(".")[0] in {"textual", "rich"}}


def test_the_command_line_loads_no_ui_or_bluetooth_until_needed() -> None:
    modules = imported_after("import tui.cli; tui.cli.main(['catalog', '--json'])")
    assert "tui.cli" in modules
    heavy = {"textual", "rich", "bleak", "bumble", "numpy", "sqlite_utils"}
    assert not {m for m in modules if m.split(".")[0] in heavy}


def test_the_app_module_does_import_textual() -> None:
    """The check above can fail: the app itself does import Textual."""
    assert "textual" in imported_after("import tui.app")
