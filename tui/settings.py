"""The user's settings: a TOML file in lumbar's config directory, with environment overrides.

A bad value never stops lumbar: it is reported in one line and its default is used.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import msgspec

ENV_PREFIX = "LUMBAR_"


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    age: Annotated[int, msgspec.Meta(ge=10, le=110)] | None = None
    """Your age in years; heart-rate zones use 220 - age when no max_hr is given."""
    max_hr: Annotated[int, msgspec.Meta(ge=100, le=230)] | None = None
    """Your measured maximum heart rate in beats per minute; beats the age estimate."""
    sound: bool = True
    """Ring the terminal bell and flash at every transition of a session (whatever the coach's
    voice and tones do: the bell is what remains where no audio device works)."""
    pace_reps: bool = True
    """With no sensor counting, the coach counts reps aloud at the exercise's tempo and ends
    the set by itself; false: a key counts each rep."""
    mat_view: bool = False
    """Sessions open (and resume) in the mat view: the clock as large as the terminal, for
    the floor. m in a session sets it to the view chosen (``remember_switch``)."""
    rest_s: Annotated[int, msgspec.Meta(ge=0, le=600)] = 30
    """Default rest between sets and exercises, in seconds."""
    theme: str = "textual-dark"
    """The colour theme (any Textual theme name, e.g. textual-light, nord, gruvbox)."""
    # The coach's sound (tui.coach): a session starts in voice mode when ``voice``, else in
    # tones-only mode when ``tones``, else silent; a key in the session cycles the three.
    voice: bool = True
    """The coach speaks its cues (offline, eSpeak NG)."""
    tones: bool = True
    """Countdown pips, a "go", an end-of-hold chime and rep ticks (with the voice, where a
    cue has no words; alone when the voice is off)."""
    volume: Annotated[float, msgspec.Meta(ge=0.0, le=1.0)] = 0.8
    """The coach's loudness, 0 to 1."""
    voice_name: str = ""
    """An eSpeak NG voice: "" for en-us, or e.g. en-gb, en-gb-scotland, en-us+f3 (+ a variant)."""
    speech_rate: Annotated[int, msgspec.Meta(ge=80, le=450)] = 160
    """How fast the coach speaks, in words per minute."""
    keys: dict[str, str] = msgspec.field(default_factory=dict)
    """Key remapping: binding id to keys, e.g. { "app.help" = "f1" }. `?` lists the ids."""

    @property
    def heart_rate_max(self) -> int | None:
        if self.max_hr is not None:
            return self.max_hr
        return 220 - self.age if self.age is not None else None


FIELD_NAMES = Settings.__struct_fields__
SCALAR_FIELDS = tuple(name for name in FIELD_NAMES if name != "keys")


def load_settings(
    path: Path, environ: Mapping[str, str] | None = None
) -> tuple[Settings, list[str]]:
    """The settings in ``path`` overridden by ``LUMBAR_<FIELD>`` variables, and the problems.

    Each bad field is dropped (its default stands) and reported in one line.
    """
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in _read(path, problems).items():
        _accept(key, value, values, problems, where=str(path), strict=True)
    env = os.environ if environ is None else environ
    for name in SCALAR_FIELDS:
        variable = ENV_PREFIX + name.upper()
        if variable in env:
            _accept(name, env[variable], values, problems, where=variable, strict=False)
    return Settings(**values), problems


def remember_switch(path: Path, name: str, value: bool) -> str | None:
    """Set the switch ``name`` to ``value`` in the settings file at ``path`` (made if there
    is none), changing that line alone: its comment, its line ending and every other line
    stay as written. A link (a dotfiles manager's) is followed: the file it links to is
    changed, the link kept. Returns why it could not (the file unreadable, read-only or not
    TOML, a link to no file, or the line not one to change safely), leaving the file as it
    is; None once written, or already so."""
    word = "true" if value else "false"
    by_hand = f"set {name} = {word} there by hand"
    try:
        target = path.resolve()
    except (OSError, RuntimeError) as error:  # a loop of links
        return f"cannot read it ({error})"
    if path.is_symlink() and not target.exists():
        return f"is a link to {target}, which is not there; make it, or {by_hand}"
    existed = True
    try:
        with target.open(encoding="utf-8", newline="") as file:
            text = file.read()
    except FileNotFoundError:
        text, existed = "", False
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot read it ({error})"
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return f"not valid TOML ({error})"
    if before.get(name) is value:
        return None
    mode = stat.S_IMODE(target.stat().st_mode) if existed else None
    # access() lets root write anything: a file with no write bit is read-only all the same.
    if mode is not None and (not mode & 0o222 or not os.access(target, os.W_OK)):
        return f"is read-only; {by_hand}"
    written = _with_switch(text, name, word)
    try:
        after = tomllib.loads(written)
    except tomllib.TOMLDecodeError:
        after = None
    if after != {**before, name: value}:
        return f"its {name} line cannot be changed safely; {by_hand}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, written, mode)
    except OSError as error:
        return f"cannot write it ({error})"
    return None


def _with_switch(text: str, name: str, word: str) -> str:
    """``text`` with the line ``name = word``: its own line changed, however it was written
    (a bad value too), else a line of its own before the first table ([keys]) and the
    comments and blank lines just above it, with the file's line ending."""
    lines = [line for line in re.split(r"(?<=\n)", text) if line]
    eol = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    line = re.compile(rf"^(\s*{re.escape(name)}\s*=\s*)([^#\r\n]*?)(\s*(?:#.*)?)(\r?\n)?$")
    found = [i for i, text_line in enumerate(lines) if line.match(text_line)]
    if found:
        i = found[0]
        lines[i] = line.sub(lambda m: f"{m[1]}{word}{m[3]}{m[4] or ''}", lines[i])
        return "".join(lines)
    at = next((i for i, t in enumerate(lines) if t.lstrip().startswith("[")), len(lines))
    if at < len(lines):
        while at and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
            at -= 1
    if at and not lines[at - 1].endswith("\n"):
        lines[at - 1] += eol
    lines.insert(at, f"{name} = {word}{eol}")
    return "".join(lines)


def _replace(target: Path, text: str, mode: int | None) -> None:
    """``text`` in place of the file ``target`` at once (a file of its own beside it, on the
    disk, then renamed), with the file's ``mode`` (None: a new file, private to the user)."""
    fd, staging = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".new")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            if mode is not None:
                os.fchmod(file.fileno(), mode)
            os.fsync(file.fileno())
        os.replace(staging, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging)


def _read(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot read the settings ({error}); using the defaults")
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{path}: not valid TOML ({error}); using the defaults")
    return {}


def _accept(
    key: str,
    value: Any,
    values: dict[str, Any],
    problems: list[str],
    *,
    where: str,
    strict: bool,
) -> None:
    if key not in FIELD_NAMES:
        known = ", ".join(FIELD_NAMES)
        problems.append(f"{where}: unknown setting '{key}' (known: {known}); ignored")
        return
    if key == "keys":
        values[key] = _accepted_keys(value, problems, where)
        return
    accepted = _accepted().get(key)
    given = value  # as written: what a problem names
    if not strict and isinstance(value, str) and accepted is not None:
        value = _from_text(value, accepted[0])
    try:
        checked = msgspec.convert({key: value}, Settings, strict=True)
    except msgspec.ValidationError as error:
        if accepted is None:
            message = str(error).partition(" - at ")[0].replace("`", "'")
        else:
            message = f"expected {accepted[1 if strict else 2]}, not {_shown(given)}"
        problems.append(f"{where}: {key}: {message}; using the default")
        return
    values[key] = getattr(checked, key)


def _accepted_keys(value: Any, problems: list[str], where: str) -> dict[str, str]:
    """The key remapping's good entries; each bad one named in a line of its own (the
    binding keeps its default keys)."""
    example = '[keys] with a line like "app.help" = "f1"'
    if not isinstance(value, dict):
        problems.append(f"{where}: keys: expected a table ({example}); using the defaults")
        return {}
    kept: dict[str, str] = {}
    for binding_id, keys in value.items():
        if isinstance(keys, str):
            kept[binding_id] = keys
        else:
            problems.append(
                f"{where}: keys: '{binding_id}' = {_shown(keys)}: expected keys in quotes, "
                f'such as "f1" or "ctrl+h"; it keeps its default'
            )
    return kept


_YES = ("yes", "true", "on", "1")
_NO = ("no", "false", "off", "0")


@functools.cache
def _accepted() -> dict[str, tuple[type, str, str]]:
    """Each scalar setting's type, and what it accepts in words: in the file, and in its
    ``LUMBAR_`` variable (where every value is text). Worked out when a setting is first
    read, not at import."""
    import msgspec.inspect

    found: dict[str, tuple[type, str, str]] = {}
    for field in msgspec.inspect.type_info(Settings).fields:  # type: ignore[attr-defined]
        kind = field.type
        optional = isinstance(kind, msgspec.inspect.UnionType)
        if optional:
            (kind,) = [k for k in kind.types if not isinstance(k, msgspec.inspect.NoneType)]
        if isinstance(kind, msgspec.inspect.BoolType):
            found[field.name] = (bool, "true or false", "yes or no (or on/off, true/false, 1/0)")
            continue
        python: type
        if isinstance(kind, msgspec.inspect.IntType):
            words, python = f"a whole number from {kind.ge} to {kind.le}", int
        elif isinstance(kind, msgspec.inspect.FloatType):
            words, python = f"a number from {kind.ge:g} to {kind.le:g}", float
        elif isinstance(kind, msgspec.inspect.StrType):
            words, python = "text in quotes", str
        else:
            continue
        env_words = "text" if python is str else words
        if optional:
            words, env_words = f"{words} (or leave it out)", f"{env_words}, or empty for none"
        found[field.name] = (python, words, env_words)
    return found


def _from_text(text: str, kind: type) -> Any:
    """An environment variable's text as the setting's type; the text itself when it is not
    one (so that the check says what is wrong)."""
    word = text.strip()
    if kind is str:
        return text
    if not word:
        return None
    if kind is bool:
        return word.lower() in _YES if word.lower() in _YES + _NO else text
    try:
        number = int(word) if kind is int else float(word)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    return str(value).lower() if isinstance(value, bool) else str(value)
