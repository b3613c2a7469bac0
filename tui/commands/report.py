"""``lumbar report [--since DATE] -o report.html``: one self-contained page to take to a
physiotherapist: no network, charts as inline SVG, printable to PDF from any browser."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from tui.commands.common import (
    UsageError,
    add_include_demo_flag,
    check_since,
    include_demo,
    load,
    parse_day,
    warn,
)
from tui.commands.today import history
from tui.words import count_text


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="one HTML page for a physiotherapist: sessions, pain, check-ins, charts"
    )
    report.add_argument("--since", type=parse_day, metavar="YYYY-MM-DD", help="from this day on")
    report.add_argument("-o", "--output", required=True, metavar="PATH", help="the .html file")
    report.add_argument("--force", action="store_true", help="replace PATH if it exists")
    add_include_demo_flag(report)
    report.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    from db.clock import local_zone
    from db.clock import today as clock_today
    from tui.report.data import gather
    from tui.report.page import render

    output = Path(args.output)
    if output.is_dir():
        raise UsageError(f"{output} is a folder; give a file name such as report.html")
    if output.exists() and not args.force:
        raise UsageError(f"{output} exists; add --force to replace it")
    if not output.parent.exists():
        raise UsageError(f"the folder {output.parent} does not exist; create it first")
    loaded = load(args.db)
    warn(loaded.setting_problems)
    check_since(args.since)
    zone = local_zone()
    today = clock_today(zone)
    with history(args.db) as db:
        data = gather(
            db,
            loaded.catalog,
            since=args.since,
            today=today,
            tz=zone,
            include_demo=include_demo(args),
        )
    page = render(data)
    temporary = output.with_name(f".{output.name}.partial")
    try:
        # Health data: readable by its owner only, as the database is.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(page)
        temporary.replace(output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
    print(
        f"Wrote {output}: {count_text(len(data.sessions), 'session')},"
        f" {count_text(len(data.outcomes), 'check-in')}. "
        "Open it in a browser; print it to PDF from there."
    )
    return 0
