"""What every text command shares: loading, one-line errors, JSON and table output."""

from __future__ import annotations

import argparse
import difflib
import functools
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import msgspec

from catalog import Catalog, load_catalog
from tui.locations import Locations, locate
from tui.settings import Settings, load_settings

EXIT_USAGE = 2
LARGEST_ID = 2**63 - 1
"""SQLite's largest integer: no session has a larger id, no query takes a larger number."""
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A mistake by the person at the keyboard, or a file they must fix: one line, exit 2."""


class NoSuchSession(UsageError):
    """A session id that names no session: as typed (not a number of 1 or more), or one that
    no session has. Its line ends with the command that lists the sessions, which only the
    whole command line knows (``--demo`` and ``--db`` name other databases): ``main`` asks
    for ``line``; ``str()`` is the line for the person's own database."""

    def __init__(self, typed: str | int) -> None:
        self.typed = str(typed)
        super().__init__(self.line("lumbar log"))

    def line(self, log_command: str) -> str:
        """What is wrong, and ``log_command`` (``lumbar --demo log``) to see the ids."""
        if self.typed.isascii() and self.typed.isdigit():
            wrong = f"no session {self.typed}"
        else:
            wrong = f"a session id is a number of 1 or more, not '{self.typed}'"
        return f"{wrong}; '{log_command}' lists them"


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """As argparse's, noting the innermost command that was left words it does not take
        (``lumbar log show 1 2``), so that the line points at that command's help."""
        found, extras = super().parse_known_args(args, namespace)
        if extras and not hasattr(found, _LEFT_OVER_IN):
            setattr(found, _LEFT_OVER_IN, self)
        return found, extras

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        found, extras = self.parse_known_args(args, namespace)
        if extras:
            parser = getattr(found, _LEFT_OVER_IN, self)
            parser.error(f"unrecognized arguments: {' '.join(extras)}")
        return found


_LEFT_OVER_IN = "_lumbar_left_over_in"


@dataclass(frozen=True)
class Loaded:
    """Everything lumbar reads before it does anything: places, settings, the catalog."""

    locations: Locations
    settings: Settings
    file_problems: list[str]
    """What is wrong in the settings file and the variables (``load_settings``)."""
    catalog: Catalog

    @functools.cached_property
    def setting_problems(self) -> list[str]:
        """Every settings problem, as the app names them: the file's, then the theme's and
        the keys' (``tui.settings_check``, the app's own check). Worked out when asked for:
        a remapping's check imports the app's screens, which a command that says nothing
        of the settings does not need."""
        from tui.settings_check import checked_settings

        return [*self.file_problems, *checked_settings(self.settings).problems]


def load(db: str | None) -> Loaded:
    locations = locate(db)
    settings, file_problems = load_settings(locations.settings_path)
    return Loaded(locations, settings, file_problems, load_catalog(locations.catalog_dir))


def warn(lines: Iterable[str]) -> None:
    for line in lines:
        print(f"lumbar: warning: {line}", file=sys.stderr)


def emit_json(document: Any) -> None:
    """One JSON document on stdout, nothing else."""
    sys.stdout.write(msgspec.json.format(msgspec.json.encode(document)).decode() + "\n")


def print_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def unknown(
    kind: str,
    wanted: str,
    known: Iterable[str],
    lister: str,
    names: Mapping[str, str] | None = None,
) -> str:
    """The line for an unknown id, with the closest known ones as a hint."""
    close = closest(wanted, list(known), names or {})
    hint = f"did you mean {_either(close)}? " if close else ""
    return f"no {kind} '{wanted}'; {hint}'{lister}' lists them"


def closest(wanted: str, ids: Sequence[str], names: Mapping[str, str], limit: int = 3) -> list[str]:
    """The ids a person most likely meant: one nearly the same (a typo), else those that
    begin with or hold the word typed ('core' for core-basics), then the look-alikes."""
    text = wanted.casefold().strip()
    if not text:
        return []  # every id holds nothing: no hint is better than three at random
    by_name = {names[i].casefold(): i for i in ids if i in names}
    if text in by_name:
        return [by_name[text]]
    typo = difflib.get_close_matches(text, ids, n=1, cutoff=0.85)
    if typo:
        return typo
    found = sorted(
        (i for i in ids if i.startswith(text) or text in _words(i, names.get(i, ""))),
        key=len,  # the plainest first: glute-bridge before glute-bridge-ball
    )
    found += [i for i in difflib.get_close_matches(text, ids, n=limit) if i not in found]
    return found[:limit]


def _words(item_id: str, name: str) -> set[str]:
    return {*item_id.split("-"), *name.casefold().split()}


def _either(ids: Sequence[str]) -> str:
    quoted = [f"'{i}'" for i in ids]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def add_include_demo_flag(parser: argparse.ArgumentParser) -> None:
    """``--include-demo`` (demo sessions kept in this database), and ``--demo`` (the demo's
    own database): every command that reads sessions as history takes both."""
    parser.add_argument(
        "--include-demo",
        action="store_true",
        help="count the demo sessions kept in this database as your history too (left out "
        "by default; the demo's own database is read with --demo)",
    )
    add_demo_flag(parser)


def add_demo_flag(parser: argparse.ArgumentParser) -> None:
    """``--demo`` after a command that reads sessions, as before it (``lumbar --demo
    COMMAND``): the demo's own database, whose sessions all count."""
    # SUPPRESS: when not given here, 'lumbar --demo COMMAND' keeps the top-level flag.
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the demo's own database (see 'lumbar locate'): its sessions all count",
    )


def demo_elsewhere(args: argparse.Namespace, argv: Sequence[str]) -> str:
    """Where the demo's sessions are, for ``--include-demo`` asked of the person's database
    when they are not there but in the demo's own: what to type instead (``argv`` with
    ``--demo`` for ``--include-demo``); "" when that is not so."""
    if not getattr(args, "include_demo", False) or getattr(args, "demo", False):
        return ""
    mine, demos = locate(args.db).db_path, locate(args.db, demo=True).db_path
    if mine.absolute() == demos.absolute() or not demos.exists() or _has_demo_sessions(mine):
        return ""
    import shlex

    words = shlex.join(word for word in argv if word != "--include-demo")
    return (
        f"the demo's sessions are in its own database, {demos}: 'lumbar --demo {words}' reads them"
    )


def _has_demo_sessions(path: Path) -> bool:
    """Whether the database at ``path`` keeps demo sessions (``--include-demo``'s)."""
    from db.connection import open_database
    from db.demo import demo_session_ids
    from db.errors import DatabaseProblem

    if not path.exists():
        return False
    try:
        db = open_database(path, writable=False)
    except DatabaseProblem:
        return True  # the command itself says what is wrong with it
    try:
        return bool(demo_session_ids(db))
    except DatabaseProblem:
        return True
    finally:
        db.close()


def include_demo(args: argparse.Namespace) -> bool:
    """Demo sessions count as history: asked for, or reading the demo's own (--demo)."""
    return bool(getattr(args, "include_demo", False) or getattr(args, "demo", False))


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")


# --- what options take: argparse ``type`` functions, each mistake in one line -------------


def parse_session_id(text: str) -> int:
    """A session id as typed: digits, and no larger than any id can be. A mistake is a
    ``NoSuchSession``, which argparse lets through as it is: its line names the command that
    lists the sessions, not the option's help as well."""
    if not (text.isascii() and text.isdigit()) or int(text) > LARGEST_ID:
        raise NoSuchSession(text)
    return int(text)


def parse_count(text: str) -> int:
    """A whole number of 1 or more; one beyond what SQLite counts to is as good as all."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not '{text}'")
    return min(int(text), LARGEST_ID)


def parse_day(text: str) -> date:
    """A day as YYYY-MM-DD, and nothing else ISO 8601 allows (2026-W01-1 is refused)."""
    try:
        if DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, not '{text}'")


def check_since(since: date | None) -> None:
    """``--since`` a day to come would select nothing, whatever was done: one line instead."""
    from db.clock import today as clock_today

    today = clock_today()
    if since is not None and since > today:
        raise UsageError(f"--since {since} is after today; give a day up to {today}")
