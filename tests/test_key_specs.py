"""Key specs in the settings' [keys]: the ones that name no key are told."""

from __future__ import annotations

import pytest

from tui.key_specs import key_spec_problem


@pytest.mark.parametrize(
    "spec",
    ["f1", "ctrl+q", "?", "+", "question_mark", "space", "enter", "shift+tab", "f1,ctrl+h", "R"],
)
def test_keys_textual_can_press_pass(spec: str) -> None:
    assert key_spec_problem(spec) is None


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("ctrl+nothing+", "'nothing' is no modifier"),
        ("ctrl+nothing", "'nothing' is no key name"),
        ("ctrl+", "no key after the '+'"),
        ("f1,", "a key is empty"),
        ("", "a key is empty"),
        ("foo", "'foo' is no key name"),
    ],
)
def test_specs_that_name_no_key_say_what_is_wrong(spec: str, problem: str) -> None:
    found = key_spec_problem(spec)
    assert found is not None
    assert problem in found
