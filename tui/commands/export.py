"""``lumbar export``: sessions and recordings as files other tools read."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.commands.common import (
    NoSuchSession,
    UsageError,
    add_include_demo_flag,
    include_demo,
    parse_session_id,
    warn,
)
from tui.locations import locate

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.export.reading import StoredChunk

FORMATS = ("csv", "json", "tcx", "fit", "rr")
FLEXIBILITY_PURPOSES = frozenset({"stretch", "mobility"})

DESCRIPTION = "Write sessions (recordings from 'lumbar record' too) as files other tools read."
EPILOG = """formats:
  csv   one file per table (sessions, steps, events, devices, heart_rate; sessions.csv
        adds duration_s, sets_done and sets_skipped as 'lumbar log' has them, and
        elapsed_s, the timeline's length, with a resumed session's time away; steps.csv
        adds each set's state, done, skipped, ended or unfinished, and worked_s, its
        seconds in the minutes in sets, 0 for a set left before any of it) and the raw
        accelerometer of each session as motion-ID.csv (t,ax,ay,az in s and g, what
        'lumbar analyze' reads); PATH is a folder, or a zip when it ends in .zip (a
        name ending in .csv is refused: there is no single CSV file to write)
  json  one document: each session as 'lumbar log show ID --json' shows it, plus every
        heart-rate reading with its RR intervals; raw accelerometer samples are left out
        (too large: use csv)
  tcx   a Training Center activity (Strava, Garmin Connect, GoldenCheetah): a lap per
        exercise, and heart rate over time when a strap was worn
  fit   a FIT activity made with Garmin's FIT SDK: a lap per exercise, training (strength
        or flexibility), a set per set worked (reps or holds, Garmin's exercise name) with
        rests between, and heart rate each second and RR intervals when a strap was worn
  rr    RR intervals in ms, one per line (Kubios, GoldenCheetah, 'lumbar hrv')

One session named with --session gives one file at PATH; several (--session 3 5, or
--session 3 --session 5), or --all, give a folder (or, for a PATH ending in .zip, a zip) of
session-ID.tcx, session-ID.fit or session-ID-rr.txt. tcx and fit take any session, one done
without a strap too (no heart rate in it); rr needs a strap's RR intervals: a session named
without them is refused, and --all skips those without them. They carry one device's heart
rate and RR: a Polar H10 (ECG on the chest) before any other strap or watch, optical
sensors last, and among equals the device that recorded the most; --device chooses another
by its address or name ('lumbar log show ID' lists a session's devices), and then a session
without its heart rate is refused (skipped with --all). The app and 'lumbar log' show the
heart rate of the same device. Exports hold only the sessions asked for, never the
machine's name or process ids; TCX and FIT (made for uploading) leave out your notes and
pain reports. Files are private (0600) and appear only when complete. An existing PATH is
kept unless --force."""


def register(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="sessions as csv, json, tcx, fit or RR intervals for other tools",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--session",
        dest="session_ids",
        action="extend",
        nargs="+",
        type=parse_session_id,
        metavar="ID",
        help="the sessions or recordings to export: '--session 3 5', or '--session 3 "
        "--session 5' ('lumbar log' lists them)",
    )
    which.add_argument("--all", action="store_true", help="every session and recording")
    export.add_argument(
        "-o", "--output", required=True, type=Path, metavar="PATH", help="where to write"
    )
    export.add_argument(
        "--device",
        metavar="DEVICE",
        help="tcx, fit, rr: this device's heart rate and RR, by address or name "
        "(default: the best source)",
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace an existing file (or write into an existing folder)",
    )
    add_include_demo_flag(export)
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    from db.connection import problem
    from db.errors import DatabaseProblem
    from db.export.reading import ExportError, NoSessionToExport
    from db.export.run import ExportRequest, export_sessions

    path = locate(args.db).db_path
    request = ExportRequest(
        format=args.format,
        path=args.output,
        session_ids=None if args.all else tuple(args.session_ids),
        decode_acc=decode_acc,
        force=args.force,
        flexibility_exercises=_flexibility_exercises(args.db)
        if args.format == "fit"
        else frozenset(),
        device=args.device,
        include_demo=include_demo(args),
    )
    db = _open(path)
    try:
        result = export_sessions(db, request)
    except NoSessionToExport as error:
        raise NoSuchSession(error.session_id) from None
    except ExportError as error:
        raise UsageError(str(error)) from None
    except DatabaseProblem as error:  # damaged inside: it opened, its rows do not read
        raise UsageError(str(error)) from None
    except sqlite3.Error as error:
        raise UsageError(str(problem(path, error))) from None
    finally:
        db.close()
    if result.skipped:
        warn([f"skipped {_sessions(result.skipped)}: no {_needed(args.format, args.device)}"])
    where = {"file": "", "folder": " (a folder)", "zip": ""}[result.kind]
    print(f"Exported {_sessions(result.sessions)} to {result.path}{where}.", file=sys.stdout)
    return 0


def decode_acc(chunk: StoredChunk) -> tuple[Sequence[float], Sequence[tuple[int, int, int]]]:
    """A stored chunk's samples (``sensors.packing``); ``ValueError`` if it is damaged."""
    import zlib

    from sensors.packing import PackedChunk, unpack_acc

    packed = PackedChunk(
        chunk.device, chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
    )
    try:
        return unpack_acc(packed)
    except zlib.error as error:
        raise ValueError(f"damaged data: {error}") from None


def _open(path: Path) -> Database:
    """The database read as the log reads it (sessions of a gone process: interrupted)."""
    import os

    from db.connection import open_database
    from db.errors import DatabaseProblem
    from db.sessions import mark_interrupted

    try:
        db = open_database(path, writable=False)
    except DatabaseProblem as problem:
        raise UsageError(str(problem)) from None
    if os.access(path, os.W_OK):
        with contextlib.suppress(DatabaseProblem):
            mark_interrupted(db)
    return db


def _flexibility_exercises(db_arg: str | None) -> frozenset[str]:
    from catalog import load_catalog

    catalog = load_catalog(locate(db_arg).catalog_dir)
    return frozenset(
        exercise.id
        for exercise in catalog.exercises.values()
        if exercise.purpose in FLEXIBILITY_PURPOSES
    )


def _sessions(ids: Sequence[int]) -> str:
    listed = ", ".join(str(i) for i in ids[:10]) + (" ..." if len(ids) > 10 else "")
    return f"session {listed}" if len(ids) == 1 else f"{len(ids)} sessions ({listed})"


def _needed(form: str, device: str | None) -> str:
    what = "RR intervals" if form == "rr" else "heart rate"
    return what if device is None else f"{what} from {device}"
