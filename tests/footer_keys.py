"""What a screen's footer offers: the keys a person reads at the foot of it."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def footer_keys(shown: Screen[Any]) -> list[str]:
    """The descriptions in the footer at the foot of ``shown``, in order; none while it has
    no footer yet (a dialog just opened, not built), so that a wait for its keys waits on."""
    try:
        footer = shown.query_one(Footer)
    except NoMatches:
        return []
    return [key.description for key in footer.query(FooterKey)]
