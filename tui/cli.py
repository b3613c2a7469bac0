"""The ``lumbar`` command: the full-screen app, and text commands for scripts.

Textual is imported only when the app starts, so text commands stay quick. Every user
mistake ends in one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import msgspec

from catalog import Catalog, Exercise, Routine, load_catalog
from catalog.describe import dose_text, exercise_markdown, routine_markdown, routine_minutes
from catalog.plan import estimate_seconds, expand, item_dose
from tui.locations import Locations, locate
from tui.settings import Settings, load_settings

if TYPE_CHECKING:
    from tui.app import LumbarApp

EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake by the person at the keyboard: one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lumbar",
        description="A keyboard-driven terminal coach for low-back-pain exercise.",
        epilog="Run with no command to open the full-screen app.",
    )
    parser.add_argument("--db", metavar="PATH", help="the SQLite file to use (or LUMBAR_DB)")
    parser.add_argument("--version", action="version", version=f"lumbar {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = commands.add_parser("run", help="open a routine in the app")
    run.add_argument("routine", metavar="ROUTINE", help="a routine id (see 'lumbar routines')")

    _add_listing(commands, "catalog", "exercise", "list exercises, or show one")
    _add_listing(commands, "routines", "routine", "list routines, or show one")

    where = commands.add_parser("locate", help="where settings, your catalog files and data live")
    where.add_argument("--json", action="store_true", help="one JSON document on stdout")
    return parser


def _add_listing(commands: Any, name: str, item: str, description: str) -> None:
    """``lumbar NAME [--json]`` and ``lumbar NAME show ID [--json]``."""
    listing = commands.add_parser(name, help=description)
    listing.add_argument("--json", action="store_true", help="one JSON document on stdout")
    shows = listing.add_subparsers(dest=f"{name}_command", metavar="show")
    show = shows.add_parser("show", help=f"everything about one {item}")
    show.add_argument("item_id", metavar="ID", help=f"a {item} id (see 'lumbar {name}')")
    show.add_argument("--json", action="store_true", help="one JSON document on stdout")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except UsageError as error:
        print(f"lumbar: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``lumbar catalog | head``): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


@dataclass(frozen=True)
class Loaded:
    """Everything lumbar reads before it does anything: places, settings, the catalog."""

    locations: Locations
    settings: Settings
    setting_problems: list[str]
    catalog: Catalog


def load(db: str | None) -> Loaded:
    locations = locate(db)
    settings, setting_problems = load_settings(locations.settings_path)
    return Loaded(locations, settings, setting_problems, load_catalog(locations.catalog_dir))


def build_app(loaded: Loaded, routine_id: str | None = None) -> LumbarApp:
    """The full-screen app as ``lumbar`` starts it (Textual is imported here, not before)."""
    from tui.app import LumbarApp

    return LumbarApp(
        catalog=loaded.catalog,
        settings=loaded.settings,
        locations=loaded.locations,
        warnings=loaded.setting_problems,
        start_routine=routine_id,
    )


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "locate":
        return _locate(locate(args.db), args.json)
    loaded = load(args.db)
    catalog, settings = loaded.catalog, loaded.settings
    if args.command is None or args.command == "run":
        routine_id = None if args.command is None else _routine(catalog, args.routine).id
        return _start_app(loaded, routine_id)
    _warn(loaded.setting_problems + [str(p) for p in catalog.problems])
    handlers: dict[str, Callable[[], None]] = {
        "catalog": lambda: _catalog(catalog, args),
        "routines": lambda: _routines(catalog, settings, args),
    }
    handlers[args.command]()
    return 0


def _start_app(loaded: Loaded, routine_id: str | None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the app needs a terminal; for text output use 'lumbar catalog' or 'lumbar routines'"
        )
    app = build_app(loaded, routine_id)
    app.run()
    return app.return_code or 0


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"lumbar: warning: {line}", file=sys.stderr)


def _emit_json(document: Any) -> None:
    sys.stdout.write(msgspec.json.format(msgspec.json.encode(document)).decode() + "\n")


def _catalog(catalog: Catalog, args: argparse.Namespace) -> None:
    if args.catalog_command == "show":
        exercise = _exercise(catalog, args.item_id)
        if args.json:
            _emit_json(exercise_json(catalog, exercise))
        else:
            print(exercise_markdown(exercise, catalog.sources))
        return
    if args.json:
        _emit_json([exercise_json(catalog, e) for e in catalog.exercises.values()])
        return
    rows = [
        (
            e.id,
            e.name + (" (yours)" if e.id in catalog.user_ids else ""),
            e.mode,
            "each side" if e.per_side else "",
            e.position,
        )
        for e in sorted(catalog.exercises.values(), key=lambda e: e.name.lower())
    ]
    _table(("ID", "NAME", "KIND", "SIDES", "POSITION"), rows)


def _routines(catalog: Catalog, settings: Settings, args: argparse.Namespace) -> None:
    rest_s = settings.rest_s
    if args.routines_command == "show":
        routine = _routine(catalog, args.item_id)
        if args.json:
            _emit_json(routine_json(catalog, routine, rest_s))
        else:
            print(routine_markdown(routine, catalog.exercises, catalog.sources, rest_s))
        return
    if args.json:
        _emit_json([routine_json(catalog, r, rest_s) for r in catalog.routines.values()])
        return
    rows = []
    for routine in catalog.routines.values():
        minutes = routine_minutes(routine, catalog.exercises, rest_s)
        mine = " (yours)" if routine.id in catalog.user_ids else ""
        rows.append((routine.id, routine.name + mine, str(len(routine.items)), f"~{minutes} min"))
    _table(("ID", "NAME", "EXERCISES", "TIME"), rows)


def _locate(locations: Locations, as_json: bool) -> int:
    places = {
        "settings": locations.settings_path,
        "catalog_dir": locations.catalog_dir,
        "database": locations.db_path,
    }
    if as_json:
        _emit_json({name: str(path) for name, path in places.items()})
        return 0
    labels = {"settings": "settings", "catalog_dir": "your catalog", "database": "database"}
    rows = [
        (labels[name], str(path), "" if path.exists() else "(not created yet)")
        for name, path in places.items()
    ]
    _table(("WHAT", "WHERE", ""), rows)
    return 0


def exercise_json(catalog: Catalog, exercise: Exercise) -> dict[str, Any]:
    document: dict[str, Any] = msgspec.to_builtins(exercise)
    document["sources"] = [source_json(catalog, s) for s in exercise.sources]
    document["origin"] = "user" if exercise.id in catalog.user_ids else "built-in"
    return document


def routine_json(catalog: Catalog, routine: Routine, rest_s: int) -> dict[str, Any]:
    items = []
    for item in routine.items:
        exercise = catalog.exercises[item.exercise]
        dose = item_dose(exercise, item.dose)
        items.append(
            {
                "exercise": exercise.id,
                "name": exercise.name,
                "dose": msgspec.to_builtins(dose),
                "dose_text": dose_text(exercise, dose),
                "note": item.note,
            }
        )
    return {
        "id": routine.id,
        "name": routine.name,
        "description": routine.description,
        "items": items,
        "estimated_s": estimate_seconds(expand(routine, catalog.exercises, rest_s)),
        "sources": [source_json(catalog, s) for s in routine.sources],
        "origin": "user" if routine.id in catalog.user_ids else "built-in",
    }


def source_json(catalog: Catalog, source_id: str) -> dict[str, Any]:
    """A cited source with its seed file, title and author when the catalog knows it."""
    source = catalog.sources.get(source_id)
    return msgspec.to_builtins(source) if source is not None else {"id": source_id}


def _exercise(catalog: Catalog, exercise_id: str) -> Exercise:
    if exercise_id in catalog.exercises:
        return catalog.exercises[exercise_id]
    raise UsageError(_unknown("exercise", exercise_id, catalog.exercises, "lumbar catalog"))


def _routine(catalog: Catalog, routine_id: str) -> Routine:
    if routine_id in catalog.routines:
        return catalog.routines[routine_id]
    raise UsageError(_unknown("routine", routine_id, catalog.routines, "lumbar routines"))


def _unknown(kind: str, wanted: str, known: Any, lister: str) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"no {kind} '{wanted}'; {hint}'{lister}' lists them"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lumbar")
    except PackageNotFoundError:
        return "unknown"
