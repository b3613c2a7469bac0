"""The one error a parser may raise."""

from __future__ import annotations

__all__ = ["PayloadError"]


class PayloadError(ValueError):
    """A payload that cannot be parsed: truncated, malformed or of an unknown type.

    Parsers raise only this; the sensor hub catches it, counts it and skips the packet.
    """
