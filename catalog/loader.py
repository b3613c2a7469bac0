"""Load the built-in catalog and the user's own files, keeping whatever is valid.

A broken file or entry never stops the rest from loading: each becomes a ``Problem`` that
names the file and the field, and the entry is left out.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from catalog.models import Dose, Exercise, Frequency, Routine, RoutineItem, Source

BUILTIN_DIR = Path(__file__).parent / "data"

_KINDS: dict[str, type[msgspec.Struct]] = {
    "exercise": Exercise,
    "routine": Routine,
    "source": Source,
}
_DOSE_FIELDS = ("sets", "reps", "hold_s", "duration_s")
_REQUIRED_BY_MODE = {"reps": "reps", "hold": "hold_s", "timed": "duration_s"}

S = TypeVar("S", bound=msgspec.Struct)


@dataclass(frozen=True)
class Problem:
    """Something wrong in one catalog file, in one line a person can act on."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Catalog:
    exercises: Mapping[str, Exercise]
    routines: Mapping[str, Routine]
    sources: Mapping[str, Source]
    problems: tuple[Problem, ...] = ()
    user_ids: frozenset[str] = field(default_factory=frozenset)
    """Ids of exercises and routines that come from the user's own files."""

    def exercise(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]


def load_catalog(user_dir: Path | None = None) -> Catalog:
    """The built-in catalog plus every ``*.toml`` under ``user_dir`` (if it exists)."""
    loader = _Loader()
    loader.load_dir(BUILTIN_DIR, user=False)
    if user_dir is not None and user_dir.is_dir():
        loader.load_dir(user_dir, user=True)
    return loader.finish()


def catalog_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.toml") if p.is_file())


@functools.lru_cache(maxsize=64)
def _parsed_builtin(text: str) -> dict[str, Any]:
    """A built-in file's TOML, parsed once per process for the same text. Its tables are
    only read, never changed, by the loader; parsing them was nearly all the time of
    loading the catalog, which the tests do for every app they start."""
    return tomllib.loads(text)


class _Loader:
    def __init__(self) -> None:
        self.exercises: dict[str, Exercise] = {}
        self.routines: dict[str, tuple[Path, Routine]] = {}
        self.sources: dict[str, Source] = {}
        self.problems: list[Problem] = []
        self.user_ids: set[str] = set()
        self.exercise_paths: dict[str, Path] = {}
        self.refused: list[tuple[Path, str, tuple[tuple[int, RoutineItem], ...]]] = []
        """The items of routines refused for another mistake: checked too, so that a file's
        mistakes are all told at once."""

    def load_dir(self, directory: Path, *, user: bool) -> None:
        try:
            paths = catalog_files(directory)
        except OSError as error:
            self._problem(directory, f"cannot list the folder ({error.strerror})")
            return
        for path in paths:
            self.load_file(path, user=user)

    def load_file(self, path: Path, *, user: bool) -> None:
        document = self._read(path, user=user)
        if document is None:
            return
        for key, entries in document.items():
            if key not in _KINDS:
                self._problem(
                    path,
                    f"unknown table [[{key}]]: use [[exercise]], [[routine]] or [[source]]",
                )
                continue
            if not isinstance(entries, list):
                self._problem(path, f"{key}: write it as [[{key}]] tables")
                continue
            for index, raw in enumerate(entries, start=1):
                self._add(path, key, index, raw, user=user)

    def _read(self, path: Path, *, user: bool) -> dict[str, Any] | None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self._problem(path, "not UTF-8 text: save the file as UTF-8")
            return None
        except OSError as error:
            self._problem(path, f"cannot read the file ({error.strerror})")
            return None
        try:
            return _parsed_builtin(text) if not user else tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            self._problem(path, f"not valid TOML: {error}")
            return None

    def _add(self, path: Path, kind: str, index: int, raw: Any, *, user: bool) -> None:
        label = _label(kind, index, raw)
        if not isinstance(raw, dict):
            self._problem(path, f"{label}: expected a table of fields")
            return
        struct = _convert(raw, _KINDS[kind], path, label, self.problems)
        if struct is None:
            if kind == "routine":  # its exercises are checked all the same, as it is fixed
                self._refused_items(path, label, raw.get("items"))
            return
        if isinstance(struct, Exercise):
            self._add_exercise(path, label, struct, user=user)
        elif isinstance(struct, Routine):
            self._add_routine(path, label, struct, user=user)
        elif isinstance(struct, Source):
            if struct.id in self.sources:
                self._problem(path, f"{label}: id already used by another source")
            else:
                self.sources[struct.id] = struct

    def _add_exercise(self, path: Path, label: str, exercise: Exercise, *, user: bool) -> None:
        if exercise.id in self.exercises:
            where = self.exercise_paths[exercise.id]
            self._problem(path, f"{label}: id already used in {where}; choose another id")
            return
        errors = list(_dose_errors(exercise.mode, "dose.start", exercise.dose.start))
        errors += _dose_errors(exercise.mode, "dose.target", exercise.dose.target)
        errors += _start_beyond_target(exercise)
        errors += _frequency_errors(exercise.frequency)
        errors += _muscle_errors(exercise)
        if errors:
            for error in errors:
                self._problem(path, f"{label}: {error}")
            return
        self.exercises[exercise.id] = exercise
        self.exercise_paths[exercise.id] = path
        if user:
            self.user_ids.add(exercise.id)

    def _add_routine(self, path: Path, label: str, routine: Routine, *, user: bool) -> None:
        if routine.id in self.routines:
            where = self.routines[routine.id][0]
            self._problem(path, f"{label}: id already used in {where}; choose another id")
            return
        errors = list(_frequency_errors(routine.frequency))
        if errors:
            for error in errors:
                self._problem(path, f"{label}: {error}")
            self.refused.append((path, label, tuple(enumerate(routine.items, 1))))
            return
        self.routines[routine.id] = (path, routine)
        if user:
            self.user_ids.add(routine.id)

    def _refused_items(self, path: Path, label: str, raw_items: Any) -> None:
        """Each item of a refused routine that is whole (the others were told already)."""
        items: list[tuple[int, RoutineItem]] = []
        for number, raw in enumerate(raw_items if isinstance(raw_items, list) else [], 1):
            try:
                items.append((number, msgspec.convert(raw, RoutineItem)))
            except msgspec.ValidationError:
                continue
        self.refused.append((path, label, tuple(items)))

    def finish(self) -> Catalog:
        routines: dict[str, Routine] = {}
        for routine_id, (path, routine) in self.routines.items():
            errors = list(self._item_errors(enumerate(routine.items, 1)))
            for error in errors:
                self._problem(path, f"routine '{routine_id}': {error}")
            if not errors:
                routines[routine_id] = routine
        for path, label, items in self.refused:
            for error in self._item_errors(items):
                self._problem(path, f"{label}: {error}")
        for exercise in self.exercises.values():
            for variant in exercise.variants:
                if variant.exercise is not None and variant.exercise not in self.exercises:
                    self._problem(
                        self.exercise_paths[exercise.id],
                        f"exercise '{exercise.id}': variants: '{variant.name}' names "
                        f"unknown exercise '{variant.exercise}'",
                    )
        return Catalog(
            exercises=self.exercises,
            routines=routines,
            sources=self.sources,
            problems=tuple(self.problems),
            user_ids=frozenset(self.user_ids),
        )

    def _item_errors(self, items: Iterable[tuple[int, RoutineItem]]) -> Iterable[str]:
        """What is wrong with each item (numbered from one) that the routine's file cannot
        tell alone: an exercise unknown, a dose its exercise cannot take."""
        for number, item in items:
            exercise = self.exercises.get(item.exercise)
            if exercise is None:
                yield f"items #{number}: unknown exercise '{item.exercise}' (see `lumbar catalog`)"
            elif item.dose is not None:
                yield from (
                    f"items #{number}, {e}" for e in _dose_errors(exercise.mode, "dose", item.dose)
                )

    def _problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path, message))


def _label(kind: str, index: int, raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
        return f"{kind} '{raw['id']}'"
    return f"{kind} #{index}"


def _convert(
    raw: dict[str, Any], kind: type[S], path: Path, label: str, problems: list[Problem]
) -> S | None:
    try:
        return msgspec.convert(raw, kind)
    except msgspec.ValidationError as error:
        for found in _field_errors(raw, kind) or [_describe_validation(error, kind)]:
            problems.append(Problem(path, f"{label}: {found}"))
        return None


def _field_errors(raw: dict[str, Any], kind: type[msgspec.Struct]) -> list[str]:
    """The first mistake in each field of ``raw`` (msgspec stops at the entry's first), in
    the file's order, then each required field missing."""
    import msgspec.structs

    fields = {f.encode_name: f for f in msgspec.structs.fields(kind)}
    found = []
    for name, value in raw.items():
        field = fields.get(name)
        if field is None:
            found.append(_in_words(f"Object contains unknown field '{name}'"))
            continue
        try:
            msgspec.convert(value, field.type)
        except msgspec.ValidationError as error:
            found.append(_describe_validation(error, kind, under=name))
    found += [
        _in_words(f"Object missing required field '{name}'")
        for name, field in fields.items()
        if field.required and name not in raw
    ]
    return found


def _describe_validation(
    error: msgspec.ValidationError, kind: type[msgspec.Struct], under: str = ""
) -> str:
    """Turn msgspec's "Expected `int`, got `str` - at `$.items[1].dose.reps`" around, into
    "items #2, dose.reps: Expected 'int', got 'str'"; a value not among a field's choices
    is given them. ``under``: the field whose value ``error`` is about (its own path is then
    from that value)."""
    message, _, where = str(error).partition(" - at `$")
    message = message.replace("`", "'")
    field_path = (under + where.rstrip("`")).lstrip(".")
    wrong = _INVALID_CHOICE.fullmatch(message)
    if wrong is not None:
        choices = _choices(kind, field_path)
        if choices:
            message = f"{wrong[1]} is not one of {', '.join(choices)}"
    message = _in_words(message)
    return f"{_counted_from_one(field_path)}: {message}" if field_path else message


_INVALID_CHOICE = re.compile(r"Invalid enum value (.+)")
_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "str": "text in quotes",
    "bool": "true or false",
    "array": "a list in [ ]",
    "object": "a table in { }",
}
_GOT_WORDS = {"str": "text", "array": "a list", "object": "a table"}
_PLAIN: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"Object missing required field '(\w+)'"),
        lambda m: f"'{m[1]}' is missing; add it",
    ),
    (
        re.compile(r"Object contains unknown field '(\w+)'"),
        lambda m: f"unknown field '{m[1]}'; check its spelling, or remove it",
    ),
    (
        re.compile(r"Expected '([^']+)', got '([^']+)'"),
        lambda m: f"expected {_type_words(m[1])}, not {_GOT_WORDS.get(m[2], m[2])}",
    ),
    (
        re.compile(r"Expected '([^']+)' of length >= (\d+)"),
        lambda m: f"expected {_type_words(m[1])}, not empty",
    ),
    (
        re.compile(r"Expected '([^']+)' of length <= (\d+)"),
        lambda m: f"expected {_type_words(m[1])} of at most {m[2]}",
    ),
    (
        re.compile(r"Expected '([^']+)' (>=|<=) (\S+)"),
        lambda m: f"expected {_type_words(m[1])} of {m[3]} or {'more' if m[2] == '>=' else 'less'}",
    ),
    (
        re.compile(r"Expected '([^']+)' matching regex '.*'"),
        lambda m: (
            "expected lower-case letters and digits, words joined by single hyphens "
            "(like my-wall-sit)"
        ),
    ),
]


def _in_words(message: str) -> str:
    """msgspec's "Expected 'int | null', got 'str'" as a person reads it: "expected a whole
    number, not text in quotes"; a message it does not know, as it is."""
    for pattern, words in _PLAIN:
        found = pattern.fullmatch(message)
        if found is not None:
            return words(found)
    return message


def _type_words(kind: str) -> str:
    names = [name.strip() for name in kind.split("|") if name.strip() != "null"]
    return " or ".join(_TYPE_WORDS.get(name, name) for name in names)


_INDEX = re.compile(r"\[(\d+)\]")


def _counted_from_one(field_path: str) -> str:
    """``items[1].dose.reps`` as a person counts: ``items #2, dose.reps``."""
    text = _INDEX.sub(lambda m: f" #{int(m[1]) + 1}, ", field_path)
    return text.replace(", .", ", ").removesuffix(", ")


def _choices(kind: type[msgspec.Struct], field_path: str) -> tuple[str, ...]:
    """The values a field of ``kind`` at ``field_path`` may take, when it is a choice."""
    import msgspec.inspect as mi

    node: Any = mi.type_info(kind)
    for name in (part for part in re.split(r"\.|\[\d+\]", field_path) if part):
        node = _unwrapped(node)
        if isinstance(node, mi.StructType):
            node = next((f.type for f in node.fields if f.name == name), None)
        else:
            return ()
    node = _unwrapped(node)
    return tuple(str(v) for v in node.values) if isinstance(node, mi.LiteralType) else ()


def _unwrapped(node: Any) -> Any:
    """A field's type without its ``| None``, and a list's items."""
    import msgspec.inspect as mi

    if isinstance(node, mi.UnionType):
        kept = [t for t in node.types if not isinstance(t, mi.NoneType)]
        node = kept[0] if len(kept) == 1 else node
    if isinstance(node, (mi.ListType, mi.TupleType, mi.VarTupleType, mi.FrozenSetType)):
        return _unwrapped(getattr(node, "item_type", node))
    return node


def _dose_errors(mode: str, where: str, dose: Dose) -> Iterable[str]:
    needed = _REQUIRED_BY_MODE[mode]
    if getattr(dose, needed) is None:
        yield f"{where}.{needed}: required for a {mode} exercise"
    if mode == "timed" and dose.reps is not None:
        yield f"{where}.reps: a timed exercise has a duration, not reps"


def _start_beyond_target(exercise: Exercise) -> Iterable[str]:
    start, target = exercise.dose.start, exercise.dose.target
    for name in _DOSE_FIELDS:
        begin, end = getattr(start, name), getattr(target, name)
        if begin is not None and end is not None and begin > end:
            yield f"dose: start {name} = {begin} is beyond target {name} = {end}"


def _frequency_errors(frequency: Frequency | None) -> Iterable[str]:
    if frequency is None:
        return
    if frequency.times is not None and frequency.per is None:
        yield "frequency.per: say 'day' or 'week' to go with frequency.times"
    if frequency.per is not None and frequency.times is None:
        yield f"frequency.times: say how many times a {frequency.per}"
    if frequency.times_max is not None and (
        frequency.times is None or frequency.times_max <= frequency.times
    ):
        yield "frequency.times_max: the top of a range, more than frequency.times"
    if frequency.progress_after_weeks is not None and not frequency.progress:
        yield "frequency.progress: say what to change after progress_after_weeks"
    if frequency == Frequency():
        yield "frequency: empty; give times and per, a progress or a note"


def _muscle_errors(exercise: Exercise) -> Iterable[str]:
    for muscle in exercise.primary_muscles:
        if muscle not in exercise.muscles:
            yield f"primary_muscles: '{muscle}' is not in muscles; list it there too"
