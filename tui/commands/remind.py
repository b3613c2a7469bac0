"""``lumbar remind``: a daily reminder through the system's own scheduler.

``install --at HH:MM`` writes it (replacing one installed before), ``remove`` takes every
trace away, ``status`` says what is installed, and ``run`` is what the scheduler runs: a
desktop notification when a routine is due, one printed line where there is no desktop,
and nothing at all when nothing is due.
"""

from __future__ import annotations

import argparse
import os
import re
from datetime import time
from typing import Any

from tui.commands.common import UsageError, add_json_flag, emit_json, include_demo, load
from tui.commands.today import plan_for_today
from tui.locations import locate
from tui.today_text import check_in_line, due_summary

TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def register(commands: Any) -> None:
    remind = commands.add_parser(
        "remind", help="a daily reminder through the system's scheduler: install, remove"
    )
    remind.set_defaults(handler=_status, json=False)
    actions = remind.add_subparsers(dest="remind_command", metavar="install|remove|status|run")
    install = actions.add_parser("install", help="remind every day at a time, when due")
    install.add_argument("--at", required=True, type=_time, metavar="HH:MM", help="the time")
    install.add_argument(
        "--with",
        dest="scheduler",
        choices=("systemd", "cron", "launchd", "task-scheduler"),
        help="the scheduler (default: this system's own)",
    )
    install.set_defaults(handler=_install)
    remove = actions.add_parser("remove", help="remove the reminder and everything it wrote")
    remove.set_defaults(handler=_remove)
    status = actions.add_parser("status", help="the reminder installed, if any")
    add_json_flag(status)
    status.set_defaults(handler=_status)
    run = actions.add_parser("run", help="what the scheduler runs: say what is due, if anything")
    run.set_defaults(handler=_run)


def _time(text: str) -> time:
    match = TIME.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"expected a time as HH:MM (e.g. 18:30), not '{text}'")
    return time(int(match[1]), int(match[2]))


def _schedulers() -> Any:
    from tui.reminders.schedulers import Schedulers

    return Schedulers()


def _install(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from tui.reminders.schedulers import ReminderProblem, lumbar_command

    schedulers = _schedulers()
    try:
        scheduler = args.scheduler or schedulers.default()
        job = replace(lumbar_command(locate(args.db).db_path, os.environ), at=args.at)
        done = schedulers.install(scheduler, job)
    except (ReminderProblem, OSError) as problem:
        raise UsageError(f"the reminder was not installed: {problem}") from None
    print(f"Reminder installed ({done.scheduler}): every day at {done.at}, when a routine is due.")
    print(f"It lives in {done.where}; 'lumbar remind remove' takes it away.")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from tui.reminders.schedulers import ReminderProblem

    try:
        removed = _schedulers().remove_all()
    except (ReminderProblem, OSError) as problem:
        raise UsageError(f"the reminder could not be removed: {problem}") from None
    if not removed:
        print("No reminder was installed.")
    for reminder in removed:
        print(f"Removed the reminder ({reminder.scheduler}) from {reminder.where}.")
    return 0


def _status(args: argparse.Namespace) -> int:
    from tui.reminders.schedulers import ReminderProblem

    try:
        found = _schedulers().installed()
    except (ReminderProblem, OSError) as problem:
        raise UsageError(f"the reminder could not be looked up: {problem}") from None
    if args.json:
        emit_json([{"scheduler": r.scheduler, "where": r.where, "at": r.at} for r in found])
        return 0
    if not found:
        print("No reminder installed; 'lumbar remind install --at HH:MM' adds one.")
    for reminder in found:
        at = f"every day at {reminder.at}" if reminder.at else "daily"
        print(f"Reminder ({reminder.scheduler}): {at}, in {reminder.where}.")
    return 0


def _run(args: argparse.Namespace) -> int:
    from tui.reminders.notify import notify

    loaded = load(args.db)
    plan = plan_for_today(args.db, loaded.catalog, demo=include_demo(args))
    summary = due_summary(plan.today)
    if not summary:
        return 0  # nothing due: not a word
    message = " ".join(filter(None, (summary, check_in_line(plan.outcomes_due))))
    if not notify("lumbar", message):
        print(f"lumbar: {message}")
    return 0
