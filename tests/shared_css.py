"""Textual's parsed stylesheets, shared by every app a test process starts.

Each app parses lumbar.tcss and every widget's default CSS anew, its cache its own: a
tenth of the CPU of starting the app, paid by every Pilot test. The rules parsed from the
same CSS with the same variables (the theme) are the same, and Textual only reads them, so
one parse serves every app of the process. Tests only: a person starts one app.
"""

from __future__ import annotations

from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_parsed: dict[tuple[Any, ...], list[RuleSet]] = {}


def share_parsed_css() -> None:
    parse_rules = Stylesheet._parse_rules

    def shared(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, *self._variables.items())
        rules = _parsed.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            _parsed[key] = rules
        return rules

    Stylesheet._parse_rules = shared  # type: ignore[method-assign]
