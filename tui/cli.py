"""The ``lumbar`` command: the full-screen app, and text commands for scripts.

Textual is imported only when the app starts, so text commands stay quick. Every user
mistake ends in one line on stderr and exit code 2, never a traceback. The text commands
live in ``tui/commands/``, one module per family, listed in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.commands.browse import find_routine
from tui.commands.common import (
    EXIT_USAGE,
    Loaded,
    NoSuchSession,
    Parser,
    UsageError,
    demo_elsewhere,
    load,
)
from tui.locations import locate
from tui.version import lumbar_version

if TYPE_CHECKING:
    from tui.app import LumbarApp

__all__ = ["EXIT_USAGE", "Loaded", "UsageError", "build_app", "build_parser", "load", "main"]

COMMAND_MODULES = (
    "tui.commands.browse",
    "tui.commands.log",
    "tui.commands.decode",
    "tui.commands.devices",
    "tui.commands.analysis",
    "tui.commands.export",
    "tui.commands.today",
    "tui.commands.remind",
    "tui.commands.report",
    "tui.commands.serve",
)


DEMO_HELP = (
    "emulated wearables (a Polar H10 and a heart-rate strap), no Bluetooth needed; sessions "
    "go to a demo database of their own (see 'lumbar locate') unless --db or LUMBAR_DB names one"
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="lumbar",
        description="A keyboard-driven terminal coach for low-back-pain exercise.",
        epilog=(
            "Run with no command to open the full-screen app. In a session the coach speaks "
            "its cues (offline: eSpeak NG comes with lumbar, no system package) or sounds "
            "tones; v switches between voice, tones only and silent, and ? lists every key. "
            "The settings voice, tones, volume, voice_name and speech_rate choose how it "
            "sounds ('lumbar locate' says where the settings file is)."
        ),
    )
    parser.add_argument("--db", metavar="PATH", help="the SQLite file to use (or LUMBAR_DB)")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version")
    parser.add_argument("--demo", action="store_true", help=DEMO_HELP)
    parser.set_defaults(handler=_app)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    run = commands.add_parser("run", help="start a guided session of a routine")
    run.add_argument("routine", metavar="ROUTINE", help="a routine id (see 'lumbar routines')")
    # SUPPRESS: when not given here, 'lumbar --demo run ROUTINE' keeps the top-level flag.
    run.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=DEMO_HELP)
    run.set_defaults(handler=_app)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Read as far as argparse got: a session id refused as it is read still learns which
    # database --demo or --db named before it.
    args = argparse.Namespace()
    words = list(sys.argv[1:] if argv is None else argv)
    elsewhere = ""  # --include-demo where the demo's sessions are not: what to type instead
    try:
        build_parser().parse_args(words, args)
        elsewhere = demo_elsewhere(args, words)
        args.db = _database(args)
        code: int = args.handler(args)
    except NoSuchSession as error:
        line = error.line(locate(_database(args)).command("log"))
        print(f"lumbar: {_also(line, elsewhere)}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as error:
        line = str(error)
        # Where the demo's sessions are answers "no sessions", not a mistake in the words.
        found_none = line.startswith("no sessions yet")
        print(f"lumbar: {_also(line, elsewhere) if found_none else line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``lumbar catalog | head``): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if elsewhere:
        print(f"lumbar: note: {elsewhere}", file=sys.stderr)
    return code


def _also(line: str, elsewhere: str) -> str:
    """A command's one line, and where the demo's sessions are when they were looked for
    in the wrong database (``demo_elsewhere``)."""
    return f"{line}; {elsewhere}" if elsewhere else line


def _database(args: argparse.Namespace) -> str | None:
    """The database named on the command line: demo work never mixes with a person's
    history, it has a database of its own (unless --db or LUMBAR_DB names one)."""
    db: str | None = getattr(args, "db", None)
    if getattr(args, "demo", False):
        return str(locate(db, demo=True).db_path)
    return db


def build_app(loaded: Loaded, routine_id: str | None = None, demo: bool = False) -> LumbarApp:
    """The full-screen app as ``lumbar`` starts it (Textual is imported here, not before)."""
    from tui.app import LumbarApp

    return LumbarApp(
        catalog=loaded.catalog,
        settings=loaded.settings,
        locations=loaded.locations,
        warnings=loaded.setting_problems,
        start_routine=routine_id,
        demo=demo,
    )


def _app(args: argparse.Namespace) -> int:
    loaded = load(args.db)
    routine_id = None
    if args.command == "run":
        routine_id = find_routine(loaded.catalog, args.routine).id
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the app needs a terminal; for text output use 'lumbar catalog' or 'lumbar routines'"
        )
    app = build_app(loaded, routine_id, demo=args.demo)
    app.run()
    untold = app.untold_interrupted()
    if untold is not None:  # the app closed before it could say so: said here, once
        print(untold)
    return app.return_code or 0


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"lumbar {lumbar_version()}")
        parser.exit()
