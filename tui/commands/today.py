"""``lumbar today [--json]``: what is due today, for the shell; exit 3 when a routine is.

The exit code lets a shell prompt or a script ask: ``lumbar today >/dev/null || echo due``.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from catalog import Catalog
from tui.commands.common import (
    UsageError,
    add_include_demo_flag,
    add_json_flag,
    emit_json,
    include_demo,
    load,
    warn,
)
from tui.locations import locate
from tui.today_text import (
    NOTHING_FOLLOWED,
    check_in_line,
    day_text,
    head_room,
    how_often,
    lay_out,
    left_text,
    routine_cells,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.today import LeftToday, TodayPlan


def _head(name: str) -> str:
    """A routine's name as ``lumbar today`` sets it before its facts."""
    return f"  {name} · "


NAME_COLUMN = head_room() - len(_head(""))
"""Routine names up to this long line up in a column, their facts after it: the longest
whose facts' further lines ``lay_out`` puts under the first (a longer one in the column
would set every routine's further lines 4 in, under no column)."""
EXIT_DUE = 3
"""``lumbar today`` exits with this when a routine is due today (0 when none is, 2 for a
mistake): distinct from 1, which any crash gives."""


def register(commands: Any) -> None:
    today = commands.add_parser(
        "today", help=f"what is due today: routines and check-ins (exit {EXIT_DUE}: a routine is)"
    )
    add_json_flag(today)
    add_include_demo_flag(today)
    today.set_defaults(handler=_today)


@contextlib.contextmanager
def history(db_arg: str | None) -> Iterator[Database | None]:
    """The session database opened read-only (None: no sessions yet); one line on failure."""
    from db.connection import open_database
    from db.errors import DatabaseProblem

    path = locate(db_arg).db_path
    if not path.exists():
        yield None
        return
    try:
        db = open_database(path, writable=False)
    except DatabaseProblem as problem:
        if str(problem).startswith("no sessions yet"):
            yield None
            return
        raise UsageError(str(problem)) from None
    try:
        yield db
    except DatabaseProblem as problem:  # damaged inside: it opened, its rows do not read
        raise UsageError(str(problem)) from None
    except sqlite3.Error as error:
        from db.connection import problem as problem_line

        raise UsageError(str(problem_line(path, error))) from None
    finally:
        db.close()


def plan_for_today(db_arg: str | None, catalog: Catalog, *, demo: bool = False) -> TodayPlan:
    """What is due today; the demo's sessions count with ``demo`` (its own run)."""
    from db.today import today_plan

    with history(db_arg) as db:
        return today_plan(db, catalog.routines, include_demo=demo)


def _today(args: argparse.Namespace) -> int:
    loaded = load(args.db)
    warn(loaded.setting_problems + [str(p) for p in loaded.catalog.problems])
    plan = plan_for_today(args.db, loaded.catalog, demo=include_demo(args))
    code = EXIT_DUE if plan.today.due else 0
    if args.json:
        emit_json(today_json(plan, code))
    else:
        print_today(plan)
    return code


def today_json(plan: TodayPlan, exit_code: int) -> dict[str, Any]:
    today = plan.today
    return {
        "day": today.day.isoformat(),
        "due": bool(today.due),
        "exit_code": exit_code,
        "routines": [
            {
                "routine_id": r.routine_id,
                "name": r.name,
                "state": r.state,
                "due": r.state == "due",
                "how_often": how_often(r) or None,
                "times": r.target,
                "times_max": r.frequency.times_max if r.frequency is not None else None,
                "per": r.per,
                "last_done": _day(r.last_done),
                "done_today": r.done_today,
                "done_this_week": r.done_this_week,
                "week": list(r.week),
                "next_due": _day(r.next_due),
                "today": _left_json(plan.left_today.get(r.routine_id)),
            }
            for r in today.routines
        ],
        "check_ins_due": list(plan.outcomes_due),
        "check_ins_last_answered": {
            measure: _day(asked.answered) for measure, asked in plan.last_asked.items()
        },
    }


def _left_json(left: LeftToday | None) -> dict[str, Any] | None:
    """Today's session when it was not completed (none today was): null otherwise."""
    if left is None:
        return None
    return {
        "session_id": left.session_id,
        "status": left.status,
        "sets_done": left.sets_done,
        "sets_part_done": left.sets_part_done,
        "sets_planned": left.sets_planned,
        "ended_for_pain": left.for_pain,
        "words": left_text(left),
    }


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def print_today(plan: TodayPlan) -> None:
    today = plan.today
    print(f"Today, {day_text(today.day, date.min)}")
    if not today.routines:
        print(NOTHING_FOLLOWED)
        print("'lumbar routines' lists them; 'lumbar run ROUTINE' starts one.")
    else:
        # The names in a column, bar one too long to leave its facts room beside it.
        names = max((len(r.name) for r in today.routines if len(r.name) <= NAME_COLUMN), default=0)
        for routine in today.routines:
            left = plan.left_today.get(routine.routine_id)
            head = _head(routine.name.ljust(names))
            for line in lay_out(head, routine_cells(routine, today.day, left)):
                print(line)
    if line := check_in_line(plan.outcomes_due):
        print(line)
        print("Answer on the home screen of 'lumbar': p for the PEG, a for the PSFS.")
