"""The settings' ``[keys]`` checked against lumbar's bindings, before Textual is given them.

Textual takes any remapping: an id no binding has, a key it cannot press, or a key another
binding already answers to where both work, and then one of the two does nothing without a
word (``"runner.next" = "space"``: space no longer started a session). Each such entry is named
in one line, with what to do, and left out: its binding keeps its default keys.

Where a binding works: a screen's on that screen; a widget's (a table's enter and arrows) on
each screen that holds one (``KEY_TAKERS``: the widgets that take keys before the screen, as
each screen declares them; a test checks each against the widgets the screen really holds);
the app's where Textual lets a key reach it (its keys without priority, ? and q, never reach
a dialog) and the app lets it work (``tui.app_keys``: c, w and l are off in a session and over
dialogs, so a session's key can be l), with Textual's command palette (ctrl+p, added to the
running app, not in its BINDINGS) on every screen. A dialog with a text box has it focused
from its opening: the box takes every typed character, so none of them reaches the dialog's
own keys (the catalog's and the log's search boxes are focused only after /). A binding
without an id (tab, a table's arrows) takes its key all the same. Two bindings that share a
key by default (a session's q and the app's q) are left as they are: only a remapping can
clash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input

from tui.key_specs import key_spec_problem


@dataclass(frozen=True)
class _Bound:
    keys: frozenset[str]
    """Its default keys, as Textual names them (``question_mark``, not ``?``)."""
    words: str
    """What it does, as help says it ("Start / Pause / Resume")."""
    unnamed: bool = False
    """It has no id (tab, a table's arrows): its key is taken, but it cannot be remapped."""
    priority: bool = False
    """Textual runs it before a focused widget (a text box) has the key."""
    takes: str | None = None
    """A dialog's text boxes (``TYPED``): the characters they take, None for any (the pain
    check's box takes digits only, and a key with priority is free there on any other)."""


PALETTE = "command_palette"
"""Textual's command palette: its key (ctrl+p) is bound on the running app, to every screen.
A remap of one of the app's own keys onto it replaces it there (Textual's keymap), so only
the screens' keys can clash with it."""
TYPED = "typing"
"""A dialog's text box: it takes every typed character before the dialog's keys."""


def key_word(node: DOMNode, binding_id: str) -> str:
    """The key that does ``binding_id`` on ``node``, for a dialog's words: its first key, as
    the settings' ``[keys]`` bind it now (the footer's), a character as typed ("y", "?") and
    any other key by its name ("escape", "enter", "f2", "ctrl+e")."""
    spec = node.app._keymap.get(binding_id)
    if spec is None:
        bound = [b for found in node._bindings.key_to_bindings.values() for b in found]
        spec = next(b.key for b in bound if b.id == binding_id)
    key = spec.split(",")[0].strip()
    character = key_to_character(key)
    typed = character is not None and character.isprintable() and key != "space"
    return character if typed and character is not None else key


def key_takers(screen: type[DOMNode]) -> tuple[type[Widget], ...]:
    """The widgets ``screen`` holds that take keys before it (tables, lists, text boxes),
    as it declares them in ``KEY_TAKERS``."""
    takers: tuple[type[Widget], ...] = getattr(screen, "KEY_TAKERS", ())
    return takers


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
            taker = words if other == TYPED else f"{words} ({other})"
            problems.append(
                f"settings: keys: {binding_id} = '{keys[binding_id]}': {key} is {taker} "
                f"where both work; {binding_id} keeps {default} (choose another key)"
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
    app_bindings = [b for app in apps for b in [*_bindings_of(app), *_palette_of(app)]]
    if not screens:
        return {app: _bound(app_bindings) for app in apps}
    contexts: dict[type[DOMNode], dict[str, _Bound]] = {}
    for screen in screens:
        modal = issubclass(screen, ModalScreen)
        takers = key_takers(screen)
        mine = [*_bindings_of(screen), *(b for w in takers for b in _bindings_of(w))]
        # Textual's own rule: the app's keys without priority never reach a dialog.
        reach = [
            b for b in app_bindings if (b.priority or not modal) and app_works(b.action, screen)
        ]
        context = _bound([*mine, *reach])
        boxes = [w for w in takers if issubclass(w, Input)]
        if modal and boxes:
            only: list[str | None] = [getattr(w, "TAKES_ONLY", None) for w in boxes]
            takes = None if None in only else "".join(c for c in only if c is not None)
            context[TYPED] = _Bound(
                frozenset(), "typed into its text box", unnamed=True, takes=takes
            )
        contexts[screen] = context
    return contexts


def _palette_of(app: type[DOMNode]) -> list[Binding]:
    """Textual's command palette's binding, which the running ``app`` adds to its own."""
    if not (isinstance(app, type) and issubclass(app, App) and app.ENABLE_COMMAND_PALETTE):
        return []
    return [Binding(app.COMMAND_PALETTE_BINDING, PALETTE, "Command palette", priority=True)]


def _bindings_of(owner: type[DOMNode]) -> list[Binding]:
    """``owner``'s bindings, with those it inherits (a table's arrows, a screen's tab)."""
    return [b for bindings in owner._merge_bindings().key_to_bindings.values() for b in bindings]


def _bound(bindings: Iterable[Binding]) -> dict[str, _Bound]:
    """By id; a binding without one (tab, a table's arrows) by its action, as unnamed."""
    keys: dict[str, set[str]] = {}
    words: dict[str, list[str]] = {}
    unnamed: set[str] = set()
    priority: set[str] = set()
    for binding in bindings:
        name = binding.id or binding.action
        if binding.id is None:
            unnamed.add(name)
        if binding.priority:
            priority.add(name)
        keys.setdefault(name, set()).add(binding.key)
        said = words.setdefault(name, [])
        if binding.description and binding.description not in said:
            said.append(binding.description)
    return {
        name: _Bound(
            frozenset(found), " / ".join(words[name]) or name, name in unnamed, name in priority
        )
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
                if other == PALETTE and binding_id.startswith("app."):
                    continue  # the app's own: the remap replaces the palette's key
                if other == TYPED:
                    # The box has any typed key first (a refused one too), unless the key
                    # has priority: then only those it takes are lost to it.
                    takes = context[other].takes if context[binding_id].priority else None
                    shared = sorted(k for k in remapped[binding_id] if _typed(k, takes))
                else:
                    shared = sorted(remapped[binding_id] & other_keys)
                # Shared by default (a session's q and the app's): the screens' design.
                default = context[binding_id].keys & context[other].keys
                new = [key for key in shared if key not in default]
                if new:
                    found[binding_id] = (new[0], other, context[other].words)
    return found


def _typed(key: str, takes: str | None = None) -> bool:
    """Whether a text box takes ``key`` as a character (s, ?, space; not enter or f5); with
    ``takes``, only one of those characters."""
    character = key_to_character(key)
    if character is None or not character.isprintable():
        return False
    return takes is None or character in takes
