"""The settings' problems are the same lines in the app and on the command line.

A trial's settings (theme = "nope", a key remapped for a binding id that does not exist):
the app's help listed 11 problems, ``lumbar today`` (any command) 9, leaving out the theme
and the unknown id. Both now run one check (``tui.settings_check``); only the voice stays
the app's, as it loads eSpeak NG and a command does not."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static
from waiting import until

from tui.cli import build_app, main
from tui.commands.common import load
from tui.locations import Locations
from tui.screens.help import HelpScreen

SETTINGS = """\
age = "x"
theme = "nope"
[keys]
"session.nonexistent" = "z"
"app.help" = "ctrl+nothing+"
"runner.next" = "space"
"""


@pytest.fixture
def settings(lumbar_home: Locations) -> Locations:
    lumbar_home.settings_path.parent.mkdir(parents=True)
    lumbar_home.settings_path.write_text(SETTINGS, encoding="utf-8")
    return lumbar_home


def command_line_problems(capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["today"])
    _, err = capsys.readouterr()
    prefix = "lumbar: warning: "
    return [line.removeprefix(prefix) for line in err.splitlines() if line.startswith(prefix)]


async def app_problems(settings: Locations) -> list[str]:
    """The lines the app's help lists, started as ``lumbar`` starts it."""
    app = build_app(load(None))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # the notice of the settings to fix
        await pilot.press("question_mark")  # help: ctrl+nothing+ is refused, ? stays
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help", 30)
        shown: Any = app.screen.query_one("#help-problems", Static).render()
        text = str(shown)
    return text.split("\n• ")[1:]


async def test_a_command_and_the_app_name_the_same_problems(
    settings: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    said = command_line_problems(capsys)
    assert any(line.startswith("settings: theme 'nope' is unknown; ") for line in said)
    assert any("unknown binding id session.nonexistent" in line for line in said)
    assert any("runner.next = 'space': space is" in line for line in said)
    assert any("'ctrl+nothing+'" in line for line in said)
    listed = await app_problems(settings)
    assert sorted(listed) == sorted(said)
