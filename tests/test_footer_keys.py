"""The tests' reading of a footer: a screen without one yet reads as no keys, not an error."""

from __future__ import annotations

from footer_keys import footer_keys
from textual.screen import Screen


def test_a_screen_with_no_footer_yet_offers_no_keys() -> None:
    """The review: a wait for a dialog's keys raised when the dialog had just opened and was
    not built yet (test_resume flaked under load); it reads as nothing yet, and waits on."""
    assert footer_keys(Screen()) == []
