"""The settings' checks that need Textual: the theme, and the ``[keys]`` remapping.

One check for the app and every command, so both name the same problems (the file's own,
``tui.settings.load_settings``, come first). Only the voice is checked by the app alone
(``voice_name_problem``, in a thread): eSpeak NG is loaded by it, as it starts with the
voice on. Textual (and, for a remapping, the app's screens, whose bindings it checks) is
imported only when the settings ask for a theme or keys of their own, so a command stays
quick otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tui.settings import Settings

DEFAULT_THEME = Settings().theme
HELP_ID = "app.help"
HELP_DEFAULT = "question_mark"


@dataclass(frozen=True)
class CheckedSettings:
    keymap: dict[str, str] = field(default_factory=dict)
    """The remappings in ``[keys]`` that can be applied (those named in ``problems`` not)."""
    problems: tuple[str, ...] = ()
    """A line for each setting that cannot be used as given."""


def checked_settings(settings: Settings) -> CheckedSettings:
    """The theme and key remapping of ``settings``, checked as the app applies them."""
    problems: list[str] = []
    if settings.theme != DEFAULT_THEME:
        themes = theme_names()
        if settings.theme not in themes:
            problems.append(
                f"settings: theme '{settings.theme}' is unknown; "
                f"choose one of {', '.join(sorted(themes))}"
            )
    keymap: dict[str, str] = {}
    if settings.keys:
        from tui.app import LumbarApp
        from tui.keymap import checked_keymap

        keymap, found = checked_keymap(
            settings.keys, LumbarApp.binding_owners(), help_key_text, LumbarApp.works_on
        )
        problems.extend(found)
    return CheckedSettings(keymap, tuple(problems))


def theme_names() -> frozenset[str]:
    """Every theme the app can show: Textual's own (lumbar registers none)."""
    from textual.theme import BUILTIN_THEMES

    return frozenset(BUILTIN_THEMES)


def help_key_text(keys: Mapping[str, str]) -> str:
    """The key that opens help under the remapping ``keys``, as the footer shows keys
    (Textual's ``App.get_key_display``, which lumbar does not change): "?", "f1", "^h"."""
    from textual.binding import Binding
    from textual.keys import format_key

    spec = keys.get(HELP_ID, HELP_DEFAULT)
    modifiers, key = Binding(spec.split(",")[0].strip(), "Help").parse_key()
    shown = format_key(key)
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        shown = f"^{shown}"
    return "+".join([*modifiers, shown])


def voice_name_problem(settings: Settings) -> str | None:
    """The line on a ``voice_name`` eSpeak NG does not know (None: it knows it, or there is
    no voice at all). Loads eSpeak NG: slow, so the app asks in a thread."""
    from tui.coach.speech import (
        UNKNOWN_VOICE_THEN,
        EspeakVoice,
        SpeechUnavailable,
        VoiceNotFound,
    )

    try:
        EspeakVoice(settings.voice_name, settings.speech_rate).check()
    except VoiceNotFound as error:
        return f"settings: voice_name: {error}; {UNKNOWN_VOICE_THEN}."
    except SpeechUnavailable:
        pass  # no voice at all: a session's coach says so, with its tones instead
    return None
