"""``lumbar catalog``, ``lumbar routines`` and ``lumbar locate``: what there is, and where."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

import msgspec

from catalog import Catalog, Exercise, Routine
from catalog.describe import (
    dose_text,
    exercise_markdown,
    routine_markdown,
    routine_minutes,
    safety_lines,
)
from catalog.plan import estimate_seconds, expand, item_dose
from tui.commands.common import (
    Loaded,
    UsageError,
    add_include_demo_flag,
    add_json_flag,
    emit_json,
    include_demo,
    load,
    print_table,
    unknown,
    warn,
)
from tui.locations import locate


def register(commands: Any) -> None:
    _add_listing(commands, "catalog", "exercise", "list exercises, or show one", _catalog)
    routines = _add_listing(
        commands, "routines", "routine", "list routines, or show one with today's doses", _routines
    )
    add_include_demo_flag(routines)
    where = commands.add_parser("locate", help="where settings, your catalog files and data live")
    add_json_flag(where)
    where.set_defaults(handler=_locate)


def _add_listing(
    commands: Any, name: str, item: str, description: str, handler: Any
) -> argparse.ArgumentParser:
    """``lumbar NAME [--json]`` and ``lumbar NAME show ID [--json]``; the show parser."""
    listing = commands.add_parser(name, help=description)
    add_json_flag(listing)
    listing.set_defaults(handler=handler, item_id=None)
    shows = listing.add_subparsers(dest=f"{name}_command", metavar="show")
    show = shows.add_parser("show", help=f"everything about one {item}")
    show.add_argument("item_id", metavar="ID", help=f"a {item} id (see 'lumbar {name}')")
    add_json_flag(show)
    parser: argparse.ArgumentParser = show
    return parser


def _catalog(args: argparse.Namespace) -> int:
    loaded = load(args.db)
    catalog = loaded.catalog
    warn(loaded.setting_problems + [str(p) for p in catalog.problems])
    if args.item_id is not None:
        exercise = find_exercise(catalog, args.item_id)
        if args.json:
            emit_json(exercise_json(catalog, exercise))
        else:
            print(exercise_markdown(exercise, catalog.sources))
        return 0
    if args.json:
        emit_json([exercise_json(catalog, e) for e in catalog.exercises.values()])
        return 0
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
    print_table(("ID", "NAME", "KIND", "SIDES", "POSITION"), rows)
    return 0


def _routines(args: argparse.Namespace) -> int:
    loaded = load(args.db)
    catalog = loaded.catalog
    rest_s = loaded.settings.rest_s
    warn(loaded.setting_problems + [str(p) for p in catalog.problems])
    if args.item_id is not None:
        routine = find_routine(catalog, args.item_id)
        today = todays_doses(loaded, routine, include_demo(args))
        if args.json:
            document = routine_json(catalog, routine, rest_s)
            for item in document["items"]:
                item["today"] = today[item["exercise"]]
            emit_json(document)
        else:
            lines = [
                f"- **{catalog.exercises[exercise_id].name}**: {shown['dose_text']} — "
                f"{shown['reason']}."
                for exercise_id, shown in today.items()
            ]
            print(routine_markdown(routine, catalog.exercises, catalog.sources, rest_s, lines))
        return 0
    if args.json:
        emit_json([routine_json(catalog, r, rest_s) for r in catalog.routines.values()])
        return 0
    rows = []
    for routine in catalog.routines.values():
        minutes = routine_minutes(routine, catalog.exercises, rest_s)
        mine = " (yours)" if routine.id in catalog.user_ids else ""
        rows.append((routine.id, routine.name + mine, str(len(routine.items)), f"~{minutes} min"))
    print_table(("ID", "NAME", "EXERCISES", "TIME"), rows)
    return 0


def _locate(args: argparse.Namespace) -> int:
    locations = locate(args.db)
    places = {
        "settings": locations.settings_path,
        "catalog_dir": locations.catalog_dir,
        "devices": locations.devices_path,
        "database": locations.db_path,
        "demo_database": locations.demo_db_path,
    }
    if args.json:
        emit_json({name: str(path) for name, path in places.items()})
        return 0
    labels = {
        "settings": "settings",
        "catalog_dir": "your catalog",
        "devices": "remembered wearables",
        "database": "database",
        "demo_database": "demo database (--demo)",
    }
    rows = [
        (labels[name], str(path), "" if path.exists() else "(not created yet)")
        for name, path in places.items()
    ]
    print_table(("WHAT", "WHERE", ""), rows)
    return 0


def todays_doses(loaded: Loaded, routine: Routine, with_demo: bool) -> dict[str, dict[str, Any]]:
    """Today's suggested dose of each exercise, with its change and reason, as the routine
    screen shows them: from the database's history when there is one."""
    from db.clock import today as clock_today
    from db.connection import open_database
    from db.errors import DatabaseProblem
    from tui.doses import suggestions
    from tui.history import routine_suggestions

    catalog = loaded.catalog
    path = loaded.locations.db_path
    found = None
    if path.exists():
        try:
            db = open_database(path, writable=False)
            try:
                found = routine_suggestions(db, routine, catalog, include_demo=with_demo)
            finally:
                db.close()
        except DatabaseProblem as problem:  # unopened, or damaged where its history is
            warn([f"{problem}; the doses shown are the routine's own"])
    if found is None:
        found = suggestions(routine, catalog, {}, clock_today())
    return {
        exercise_id: {
            "dose": msgspec.to_builtins(suggestion.dose),
            "dose_text": dose_text(catalog.exercises[exercise_id], suggestion.dose),
            "change": suggestion.change,
            "pinned": suggestion.pinned,
            "reason": suggestion.reason,
        }
        for exercise_id, suggestion in found.items()
    }


def exercise_json(catalog: Catalog, exercise: Exercise) -> dict[str, Any]:
    document: dict[str, Any] = msgspec.to_builtins(exercise)
    document["sources"] = [source_json(catalog, s) for s in exercise.sources]
    document["origin"] = "user" if exercise.id in catalog.user_ids else "built-in"
    document["safety"] = safety_lines(catalog.sources)
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
        "frequency": msgspec.to_builtins(routine.frequency),
        "sources": [source_json(catalog, s) for s in routine.sources],
        "origin": "user" if routine.id in catalog.user_ids else "built-in",
        "safety": safety_lines(catalog.sources),
    }


def source_json(catalog: Catalog, source_id: str) -> dict[str, Any]:
    """A cited source with its seed file, title and author when the catalog knows it."""
    source = catalog.sources.get(source_id)
    return msgspec.to_builtins(source) if source is not None else {"id": source_id}


def find_exercise(catalog: Catalog, exercise_id: str) -> Exercise:
    if exercise_id in catalog.exercises:
        return catalog.exercises[exercise_id]
    names = {e.id: e.name for e in catalog.exercises.values()}
    raise UsageError(unknown("exercise", exercise_id, catalog.exercises, "lumbar catalog", names))


def find_routine(catalog: Catalog, routine_id: str) -> Routine:
    if routine_id in catalog.routines:
        return catalog.routines[routine_id]
    raise _unknown_routine(catalog, routine_id, {})


def check_routine_id(catalog: Catalog, routine_id: str, logged: Mapping[str, str]) -> None:
    """``routine_id`` is a routine of the catalog or one with sessions in the log (``logged``,
    id to name: a routine since taken out of the catalog); else the line 'lumbar run' gives."""
    if routine_id not in catalog.routines and routine_id not in logged:
        raise _unknown_routine(catalog, routine_id, logged)


def _unknown_routine(catalog: Catalog, routine_id: str, logged: Mapping[str, str]) -> UsageError:
    names = {**logged, **{r.id: r.name for r in catalog.routines.values()}}
    return UsageError(unknown("routine", routine_id, names, "lumbar routines", names))
