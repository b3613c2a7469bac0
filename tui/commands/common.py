"""What every text command shares: loading, one-line errors, JSON and table output."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import msgspec

from catalog import Catalog, load_catalog
from tui.locations import Locations, locate
from tui.settings import Settings, load_settings

EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A mistake by the person at the keyboard, or a file they must fix: one line, exit 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


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


def unknown(kind: str, wanted: str, known: Iterable[str], lister: str) -> str:
    """The line for an unknown id, with the closest known one as a hint."""
    close = difflib.get_close_matches(wanted, list(known), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"no {kind} '{wanted}'; {hint}'{lister}' lists them"


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
