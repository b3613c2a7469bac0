"""Whether a key spec in the settings' ``[keys]`` names keys Textual can press.

Textual takes any string for a binding and never says when it names no key, so a typo
("ctrl+nothing+", "f13x") left the binding dead without a word.
"""

from __future__ import annotations

from functools import cache

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


def key_spec_problem(spec: str) -> str | None:
    """What is wrong with ``spec`` (keys separated by commas, e.g. "f1,ctrl+h"), or None."""
    for key in spec.split(","):
        key = key.strip()
        if not key:
            return "a key is empty"
        if len(key) == 1:  # a character: "+" or "?" as well as "r"
            continue
        *modifiers, base = key.split("+")
        unknown = [m for m in modifiers if m not in MODIFIERS]
        if unknown:
            return f"'{key}': '{unknown[0]}' is no modifier (ctrl, shift, alt, meta)"
        if not base:
            return f"'{key}': no key after the '+'"
        if not _known_key(base):
            return f"'{key}': '{base}' is no key name (e.g. f1, ctrl+h, question_mark)"
    return None


def _known_key(name: str) -> bool:
    from textual.keys import key_to_character

    return len(name) == 1 or name in _key_names() or key_to_character(name) is not None


@cache
def _key_names() -> frozenset[str]:
    from textual.keys import KEY_ALIASES, KEY_NAME_REPLACEMENTS, Keys

    names = {key.value.rpartition("+")[2] for key in Keys}
    names |= {alias.rpartition("+")[2] for aliases in KEY_ALIASES.values() for alias in aliases}
    names |= set(KEY_ALIASES) | set(KEY_NAME_REPLACEMENTS.values())
    return frozenset(names)
