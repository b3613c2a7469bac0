"""The README stays true: CI runs its test command, and it documents every command and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

from tui.app import LumbarApp
from tui.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
KEY_NAMES = {"question_mark": "?", "slash": "/", "plus": "+", "minus": "-"}


KEYS_TABLE = README.split("## Keys", 1)[1].split("\n## ", 1)[0]


def code_block_after(heading: str) -> str:
    match = re.search(rf"## {heading}\n\n```sh\n(.+?)\n```", README, re.DOTALL)
    assert match, f"README has no sh block under '## {heading}'"
    return match.group(1)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    command = code_block_after("Run the tests")
    assert "pytest" in command
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci_lines


def test_the_start_command_installs_and_runs_lumbar() -> None:
    command = code_block_after("Install and start")
    assert "pip install" in command
    assert command.endswith("lumbar")


def test_every_command_is_documented() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    assert commands.choices
    for name in commands.choices:
        assert f"lumbar {name}" in README, f"README does not mention 'lumbar {name}'"


@pytest.mark.parametrize("owner", LumbarApp.binding_owners())
def test_every_key_is_documented(owner: type[DOMNode]) -> None:
    for binding in owner.BINDINGS:
        assert isinstance(binding, Binding)
        for name in binding.key.split(","):
            key = KEY_NAMES.get(name, name)
            assert f"`{key}`" in KEYS_TABLE, f"README's key table lacks {key} ({binding.id})"
