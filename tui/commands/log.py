"""``lumbar log``: sessions newest first, and one session with its steps and events."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.commands.common import UsageError, add_json_flag, emit_json, print_table
from tui.locations import locate

if TYPE_CHECKING:
    from sqlite_utils import Database

NO_SESSIONS = "No sessions yet: 'lumbar run ROUTINE' starts one ('lumbar routines' lists them)."
STATUS = {
    "completed": "completed",
    "ended-early": "ended early",
    "interrupted": "interrupted",
    "running": "running",
}


def register(commands: Any) -> None:
    log = commands.add_parser("log", help="sessions done, newest first, or one in full")
    add_json_flag(log)
    log.add_argument("--limit", type=_positive, metavar="N", help="at most N sessions")
    log.set_defaults(handler=_log, session_id=None)
    shows = log.add_subparsers(dest="log_command", metavar="show")
    show = shows.add_parser("show", help="one session with its steps and events")
    show.add_argument("session_id", type=_session_id, metavar="ID", help="a session id")
    add_json_flag(show)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not '{text}'")
    return int(text)


def _session_id(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a session id is a number, not '{text}'")
    return int(text)


def _open(db_arg: str | None) -> Database:
    from db.connection import open_database
    from db.errors import DatabaseProblem
    from db.sessions import mark_interrupted

    path = locate(db_arg).db_path
    try:
        db = open_database(path, writable=False)
    except DatabaseProblem as problem:
        raise UsageError(str(problem)) from None
    if path.exists() and _writable(path):
        with contextlib.suppress(DatabaseProblem):  # reading works; the app marks it later
            mark_interrupted(db)
    return db


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK)


def _log(args: argparse.Namespace) -> int:
    from db.connection import problem
    from db.queries import get_session, list_sessions

    path = locate(args.db).db_path
    if args.session_id is None and not path.exists():
        if args.json:
            emit_json([])
        else:
            print(NO_SESSIONS)
        return 0
    db = _open(args.db)
    try:
        if args.session_id is not None:
            session = get_session(db, args.session_id)
            if session is None:
                raise UsageError(f"no session {args.session_id}; 'lumbar log' lists them")
            _show(session, args.json)
            return 0
        sessions = list_sessions(db, args.limit)
    except sqlite3.Error as error:
        raise UsageError(str(problem(path, error))) from None
    finally:
        db.close()
    if args.json:
        emit_json(sessions)
    elif not sessions:
        print(NO_SESSIONS)
    else:
        print_table(
            ("ID", "STARTED", "ROUTINE", "TIME", "SETS", "PAIN", "STATUS"),
            [_row(s) for s in sessions],
        )
    return 0


def _row(session: dict[str, Any]) -> tuple[str, ...]:
    planned = session["planned_sets"]
    sets = f"{session['sets_done']}/{planned}" if planned else str(session["sets_done"])
    return (
        str(session["id"]),
        local_time(session["started_at"]),
        session["routine_id"] or session["kind"],
        duration_text(session["duration_s"]),
        sets,
        f"{_pain(session['pain_before'])} → {_pain(session['pain_after'])}",
        STATUS.get(session["status"], session["status"]),
    )


def _show(session: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(session)
        return
    recording = session["kind"] == "recording"
    if recording:
        print(f"Recording {session['id']}")
    else:
        print(f"Session {session['id']}: {session['routine_name'] or session['routine_id']}")
    pain = f"; pain {_pain(session['pain_before'])} → {_pain(session['pain_after'])}"
    print(
        f"{local_time(session['started_at'])}, {duration_text(session['duration_s'])}, "
        f"{STATUS.get(session['status'], session['status'])}{'' if recording else pain}"
    )
    if session["note"]:
        print(f"Note: {session['note']}")
    rows = []
    for step in session["steps"]:
        side = f" {step['side']}" if step["side"] else ""
        rows.append(
            (
                step["exercise_name"] or step["exercise_id"],
                f"{step['set_number']}{side}",
                _planned(step),
                _done(step),
            )
        )
    if rows:
        print()
        print_table(("EXERCISE", "SET", "PLANNED", "DONE"), rows)
    _show_wearables(session)
    names = {s["step_index"]: s["exercise_name"] for s in session["steps"]}
    events = [e for e in session["events"] if e["kind"] not in ("completed", "ended-early")]
    if events:
        print()
        print_table(
            ("AT", "EVENT", "VALUE", "DURING"),
            [
                (
                    duration_text(round(e["t_s"] or 0)),
                    e["kind"],
                    "" if e["value"] is None else f"{e['value']:g}",
                    names.get(e["step_index"]) or "",
                )
                for e in events
            ],
        )


def _show_wearables(session: dict[str, Any]) -> None:
    names = {d["address"]: d["name"] or d["kind"] for d in session["devices"]}
    rows = [
        (
            names.get(hr["device"], hr["device"]),
            "heart rate",
            f"{hr['readings']} readings, {hr['min_bpm']}-{hr['max_bpm']} bpm "
            f"(mean {hr['mean_bpm']:g})",
        )
        for hr in session["heart_rate"]
    ]
    rows += [
        (
            names.get(st["device"], st["device"]),
            st["stream"],
            f"{st['samples']} samples at {st['rate_hz']:g} Hz, {st['bytes']} bytes stored",
        )
        for st in session["streams"]
    ]
    if rows:
        print()
        print_table(("DEVICE", "STREAM", "RECORDED"), rows)


def _planned(step: dict[str, Any]) -> str:
    if step["mode"] == "hold":
        return f"{step['planned_reps'] or 1} × {step['planned_hold_s']} s"
    if step["mode"] == "timed":
        return f"{step['planned_duration_s']} s"
    return f"{step['planned_reps']} reps"


def _done(step: dict[str, Any]) -> str:
    if step["skipped"] and step["finished"] and not step["reps_done"] and not step["holds_s"]:
        return "skipped"
    if step["mode"] == "hold":
        text = ", ".join(f"{round(h, 1):g}" for h in step["holds_s"])
        done = f"{len(step['holds_s'])} held ({text} s)" if step["holds_s"] else "no hold"
    elif step["mode"] == "timed":
        done = f"{round(step['active_s'] or 0)} s"
    else:
        done = f"{step['reps_done']} reps"
    if not step["finished"]:
        return f"{done} (interrupted)"
    return f"{done}, skipped" if step["skipped"] else done


def _pain(level: int | None) -> str:
    return "-" if level is None else str(level)


def duration_text(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}:{secs:02d}"


def local_time(iso_text: str) -> str:
    from datetime import datetime

    moment = datetime.fromisoformat(iso_text.replace("Z", "+00:00")).astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")
