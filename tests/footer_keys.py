"""What a screen's footer offers: the keys a person reads at the foot of it."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def footer_keys(shown: Screen[Any]) -> list[str]:
    """The descriptions in the footer at the foot of ``shown``, in order."""
    return [key.description for key in shown.query_one(Footer).query(FooterKey)]
