"""The keys help lists for the screen on top: first those that work now, as the footer shows
them, then those of its bindings that do nothing now, on the keys the settings give them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.binding import Binding
from textual.screen import Screen

from tui.screens.help import KeyHelp


def keys_for_help(
    screen: Screen[object], keymap: Mapping[str, str], display: Callable[[Binding], str]
) -> list[KeyHelp]:
    """The keys of ``screen`` for help: those active now, then ``_not_now``'s
    (``keymap``: the settings' remapping applied; ``display``: a key as the footer shows it)."""
    keys = [
        KeyHelp(
            key=display(active.binding),
            description=active.binding.description,
            binding_id=active.binding.id or "",
        )
        for active in screen.active_bindings.values()
        if active.binding.description and (active.binding.id or active.binding.show)
    ]
    listed = {k.binding_id for k in keys}
    keys += _not_now(screen, listed, keymap, display)
    return keys


def _not_now(
    screen: Screen[object],
    listed: set[str],
    keymap: Mapping[str, str],
    display: Callable[[Binding], str],
) -> list[KeyHelp]:
    """The keys of ``screen`` that do nothing now (a session's n before its first space),
    for help to list after those that do: one per binding id not ``listed``, on the key the
    settings' ``keymap`` gives it, with its descriptions together ("Rep / Go now")."""
    found: dict[str, tuple[Binding, list[str]]] = {}
    for binding in type(screen).BINDINGS:
        if not isinstance(binding, Binding) or not binding.id or not binding.description:
            continue
        if binding.id in listed:
            continue
        spec = keymap.get(binding.id, binding.key)
        key = spec.split(",")[0].strip()  # its first key, as the footer shows it
        binding = Binding(key, binding.action, binding.description, id=binding.id)
        _, words = found.setdefault(binding.id or "", (binding, []))
        if binding.description not in words:
            words.append(binding.description)
    return [
        KeyHelp(display(first), " / ".join(words), binding_id, now=False)
        for binding_id, (first, words) in found.items()
    ]
