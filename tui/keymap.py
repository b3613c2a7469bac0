"""The settings' ``[keys]`` checked against lumbar's bindings, before Textual is given them.

Textual takes any remapping: an id no binding has, a key it cannot press, or a key another
binding already answers to where both work, and then one of the two does nothing without a
word (``"runner.next" = "space"``: space no longer started a session). Each such entry is named
in one line, with what to do, and left out: its binding keeps its default keys.

Where a binding works: a screen's on that screen; a widget's (a table's enter) on the full
screens of its module (a dialog over them takes the keys); the app's where Textual lets a key
reach it (its keys without priority, ? and q, never reach a dialog) and the app lets it work
(``tui.app_keys``: c, w and l are off in a session and over dialogs, so a session's key can
be l). A binding without an id (tab, a table's arrows) takes its key all the same. Two
bindings that share a key by default (a session's q and the app's q) are left as they are:
only a remapping can clash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from tui.key_specs import key_spec_problem


@dataclass(frozen=True)
class _Bound:
    keys: frozenset[str]
    """Its default keys, as Textual names them (``question_mark``, not ``?``)."""
    words: str
    """What it does, as help says it ("Start / Pause / Resume")."""
    unnamed: bool = False
    """It has no id (tab, a table's arrows): its key is taken, but it cannot be remapped."""


def checked_keymap(
    keys: Mapping[str, str],
    owners: Iterable[type[DOMNode]],
    help_key: Callable[[Mapping[str, str]], str],
    app_works: Callable[[str, type[Screen[Any]]], bool],
) -> tuple[dict[str, str], list[str]]:
    """The remappings in ``keys`` that can be applied, and a line for each that cannot.

    ``owners``: every class that declares bindings (the app's first); ``help_key``: the key
    that opens help under a keymap, for the line on unknown ids; ``app_works``: whether the
    app's action works with a screen on top (``LumbarApp.works_on``)."""
    contexts = list(_contexts(tuple(owners), app_works).values())
    known = {
        i: bound.keys for context in contexts for i, bound in context.items() if not bound.unnamed
    }
    problems: list[str] = []
    usable: dict[str, str] = {}
    for binding_id, spec in keys.items():
        problem = key_spec_problem(spec)
        if problem is not None:
            problems.append(f"settings: keys: {binding_id}: {problem}; its default key is kept")
        elif binding_id in known:
            usable[binding_id] = spec
    while clashes := _clashes(usable, contexts):
        for binding_id, (key, other, words) in clashes.items():
            default = ",".join(sorted(known[binding_id]))
            problems.append(
                f"settings: keys: {binding_id} = '{keys[binding_id]}': {key} is {words} "
                f"({other}) where both work; {binding_id} keeps {default} (choose another key)"
            )
            del usable[binding_id]
    unknown = sorted(set(keys) - set(known))
    if unknown:
        problems.append(
            f"settings: keys: unknown binding id {', '.join(unknown)}; "
            f"press {help_key(usable)} to see the ids"
        )
    return usable, problems


def ids_working_on(
    screen: type[Screen[Any]],
    owners: Iterable[type[DOMNode]],
    app_works: Callable[[str, type[Screen[Any]]], bool],
) -> frozenset[str]:
    """The binding ids that work with ``screen`` on top, as the check sees them."""
    context = _contexts(tuple(owners), app_works)[screen]
    return frozenset(i for i, bound in context.items() if not bound.unnamed)


def _contexts(
    owners: tuple[type[DOMNode], ...], app_works: Callable[[str, type[Screen[Any]]], bool]
) -> dict[type[DOMNode], dict[str, _Bound]]:
    """The bindings that work together, by id: one set per screen, with its widgets' and the
    app's that work there."""
    apps = [o for o in owners if issubclass(o, App)]
    screens = [o for o in owners if issubclass(o, Screen)]
    widgets = [o for o in owners if o not in apps and o not in screens]
    app_bindings = [b for app in apps for b in _bindings_of(app)]
    if not screens:
        return {app: _bound(app_bindings) for app in apps}
    contexts: dict[type[DOMNode], dict[str, _Bound]] = {}
    for screen in screens:
        modal = issubclass(screen, ModalScreen)
        mine = _bindings_of(screen)
        if not modal:  # a dialog over a full screen takes the keys from its widgets
            mine += [
                b for w in widgets if w.__module__ == screen.__module__ for b in _bindings_of(w)
            ]
        # Textual's own rule: the app's keys without priority never reach a dialog.
        reach = [
            b for b in app_bindings if (b.priority or not modal) and app_works(b.action, screen)
        ]
        contexts[screen] = _bound([*mine, *reach])
    return contexts


def _bindings_of(owner: type[DOMNode]) -> list[Binding]:
    """``owner``'s bindings, with those it inherits (a table's arrows, a screen's tab)."""
    return [b for bindings in owner._merge_bindings().key_to_bindings.values() for b in bindings]


def _bound(bindings: Iterable[Binding]) -> dict[str, _Bound]:
    """By id; a binding without one (tab, a table's arrows) by its action, as unnamed."""
    keys: dict[str, set[str]] = {}
    words: dict[str, list[str]] = {}
    unnamed: set[str] = set()
    for binding in bindings:
        name = binding.id or binding.action
        if binding.id is None:
            unnamed.add(name)
        keys.setdefault(name, set()).add(binding.key)
        said = words.setdefault(name, [])
        if binding.description and binding.description not in said:
            said.append(binding.description)
    return {
        name: _Bound(frozenset(found), " / ".join(words[name]) or name, name in unnamed)
        for name, found in keys.items()
    }


def _keys_of(spec: str) -> frozenset[str]:
    return frozenset(b.key for b in Binding.make_bindings([Binding(spec, "")]))


def _clashes(
    keymap: Mapping[str, str], contexts: list[dict[str, _Bound]]
) -> dict[str, tuple[str, str, str]]:
    """Each remapped id that takes a key another binding has where both work (an id this
    keymap moved, or moved onto the same key): the key, that binding's id and its words."""
    remapped = {binding_id: _keys_of(spec) for binding_id, spec in keymap.items()}
    found: dict[str, tuple[str, str, str]] = {}
    for context in contexts:
        now = {i: remapped.get(i, bound.keys) for i, bound in context.items()}
        for binding_id in sorted(set(remapped) & set(context)):
            for other, other_keys in now.items():
                if other == binding_id or binding_id in found:
                    continue
                shared = sorted(remapped[binding_id] & other_keys)
                # Shared by default (a session's q and the app's): the screens' design.
                default = context[binding_id].keys & context[other].keys
                new = [key for key in shared if key not in default]
                if new:
                    found[binding_id] = (new[0], other, context[other].words)
    return found
