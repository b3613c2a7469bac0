"""``lumbar log`` (filtered, with figures), ``log show``, ``log note``, ``log delete``, and
``lumbar trends``."""

from __future__ import annotations

import argparse
import contextlib
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.commands.common import (
    UsageError,
    add_include_demo_flag,
    add_json_flag,
    emit_json,
    include_demo,
    print_table,
)
from tui.locations import locate
from tui.step_text import planned_text

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.log import LogRow
    from db.trends import ExerciseTrend

NO_SESSIONS = "No sessions yet: 'lumbar run ROUTINE' starts one ('lumbar routines' lists them)."
NO_MATCH = "No sessions match; 'lumbar log' without filters lists them all."
STATUS = {
    "completed": "completed",
    "ended-early": "ended early",
    "interrupted": "interrupted",
    "running": "running",
}
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def register(commands: Any) -> None:
    log = commands.add_parser("log", help="sessions done, newest first, or one in full")
    add_json_flag(log)
    log.add_argument("--limit", type=_positive, metavar="N", help="at most N sessions")
    log.add_argument("--routine", type=_utf8, metavar="ID", help="only sessions of this routine")
    log.add_argument("--status", choices=tuple(STATUS), help="only sessions that ended so")
    log.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="from this day on")
    log.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="up to this day")
    log.add_argument(
        "--search", type=_utf8, metavar="TEXT", help="routine name or id, or note, contains"
    )
    log.set_defaults(handler=_log, session_id=None)
    actions = log.add_subparsers(dest="log_command", metavar="show|note|delete")
    show = actions.add_parser("show", help="one session with its steps and events")
    show.add_argument("session_id", type=_session_id, metavar="ID", help="a session id")
    add_json_flag(show)
    note = actions.add_parser("note", help="set a session's note ('' clears it)")
    note.add_argument("session_id", type=_session_id, metavar="ID", help="a session id")
    note.add_argument("text", type=_utf8, metavar="TEXT", help="the note; an empty TEXT clears it")
    note.set_defaults(handler=_note)
    delete = actions.add_parser("delete", help="delete a session and everything recorded in it")
    delete.add_argument("session_id", type=_session_id, metavar="ID", help="a session id")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=_delete)

    trends = commands.add_parser(
        "trends", help="holds and reps over time, pain, minutes a week, streaks"
    )
    trends.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="from this day on")
    add_include_demo_flag(trends)
    add_json_flag(trends)
    trends.set_defaults(handler=_trends)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not '{text}'")
    return int(text)


def _utf8(text: str) -> str:
    """Text as typed; bytes that are not UTF-8 (which Python keeps as lone surrogates) cannot
    be stored or searched for."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            "the text holds bytes that are not UTF-8; type it again in a UTF-8 terminal"
        ) from None
    return text


def _session_id(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a session id is a number, not '{text}'")
    return int(text)


def _day(text: str) -> date:
    try:
        if DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, not '{text}'")


def _open(db_arg: str | None, *, writable: bool = False) -> Database:
    from db.connection import open_database
    from db.errors import DatabaseProblem
    from db.sessions import mark_interrupted

    path = locate(db_arg).db_path
    try:
        db = open_database(path, writable=writable)
    except DatabaseProblem as problem:
        raise UsageError(str(problem)) from None
    if path.exists() and _writable(path):
        with contextlib.suppress(DatabaseProblem):  # reading works; the app marks it later
            mark_interrupted(db)
    return db


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK)


@contextlib.contextmanager
def _session_db(db_arg: str | None, *, writable: bool = False) -> Iterator[Database]:
    """The database, with SQLite's failures turned into one line."""
    from db.connection import problem
    from db.errors import DatabaseProblem

    path = locate(db_arg).db_path
    db = _open(db_arg, writable=writable)
    try:
        yield db
    except sqlite3.Error as error:
        raise UsageError(str(problem(path, error))) from None
    except DatabaseProblem as error:
        raise UsageError(str(error)) from None
    finally:
        db.close()


def _log(args: argparse.Namespace) -> int:
    path = locate(args.db).db_path
    if args.session_id is None and not path.exists():
        if args.json:
            emit_json([])
        else:
            print(NO_SESSIONS)
        return 0
    if args.session_id is not None:
        return _show_session(args)
    from db.log import LogFilter, log_count, log_rows

    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}; swap them")
    where = LogFilter(
        routine_id=args.routine,
        status=args.status,
        since=args.since,
        until=args.until,
        text=args.search,
    )
    with _session_db(args.db) as db:
        rows = log_rows(db, where, limit=args.limit)
        total = log_count(db, where) if not args.json else 0
    if args.json:
        emit_json([log_row_json(row) for row in rows])
        return 0
    if not rows:
        print(NO_MATCH if where != LogFilter() else NO_SESSIONS)
        return 0
    print_fitted(
        ("ID", "STARTED", "ROUTINE", "TIME", "SETS", "PAIN", "STATUS"),
        [_row(row) for row in rows],
        clip=2,
    )
    if total > len(rows) or where != LogFilter():
        print(f"\n{len(rows)} of {total} {'matching ' if where != LogFilter() else ''}sessions")
    return 0


def log_row_json(row: LogRow) -> dict[str, Any]:
    """One session as ``lumbar log --json`` lists it."""
    from db.sessions import iso

    return {
        "id": row.id,
        "kind": row.kind,
        "routine_id": row.routine_id,
        "routine_name": row.routine_name,
        "started_at": iso(row.started_at),
        "ended_at": None if row.ended_at is None else iso(row.ended_at),
        "duration_s": row.duration_s,
        "status": row.status,
        "planned_sets": row.sets_planned,
        "sets_planned": row.sets_planned,
        "sets_done": row.sets_done,
        "sets_skipped": row.sets_skipped,
        "planned_s": row.planned_s,
        "pain_before": row.pain_before,
        "pain_after": row.pain_after,
        "avg_bpm": row.avg_bpm,
        "peak_bpm": row.peak_bpm,
        "has_motion": row.has_motion,
        "active_minutes": None if row.active_s is None else round(row.active_s / 60, 2),
        "note": row.note,
    }


def _row(row: LogRow) -> tuple[str, ...]:
    planned = row.sets_planned
    sets = f"{row.sets_done}/{planned}" if planned else str(row.sets_done)
    return (
        str(row.id),
        row.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        row.routine_id or row.kind,
        duration_text(row.duration_s),
        sets,
        f"{_pain(row.pain_before)} → {_pain(row.pain_after)}",
        STATUS.get(row.status, row.status),
    )


def _show_session(args: argparse.Namespace) -> int:
    from db.log import heart_rate_summary, log_row, step_heart_rates
    from db.queries import get_session

    with _session_db(args.db) as db:
        session = get_session(db, args.session_id)
        row = log_row(db, args.session_id)
        if session is None or row is None:
            raise UsageError(f"no session {args.session_id}; 'lumbar log' lists them")
        summary = heart_rate_summary(db, args.session_id)
        by_step = step_heart_rates(db, args.session_id)
    figures = log_row_json(row)
    for key in ("sets_planned", "avg_bpm", "peak_bpm", "has_motion", "active_minutes"):
        session[key] = figures[key]
    session["heart_rate_summary"] = (
        None
        if summary is None
        else {
            "readings": summary.readings,
            "min_bpm": summary.min_bpm,
            "avg_bpm": summary.avg_bpm,
            "peak_bpm": summary.peak_bpm,
            "first_t_s": summary.first_t_s,
            "last_t_s": summary.last_t_s,
        }
    )
    for step in session["steps"]:
        _step_figures(step, by_step.get(step["step_index"]))
    _show(session, args.json)
    return 0


def _step_figures(step: dict[str, Any], heart: tuple[float, int] | None) -> None:
    """Hold quality, and heart rate from the readings when the set has none of its own."""
    for key in ("reps_sensed", "form_warnings", "broken_s", "avg_bpm", "peak_bpm"):
        step.setdefault(key, None)
    from db.log import hold_quality

    quality = hold_quality(step["held_s"], step["broken_s"])
    step["hold_quality"] = None if quality is None else round(quality, 3)
    if heart is not None and step["avg_bpm"] is None:
        step["avg_bpm"], step["peak_bpm"] = heart


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
    heart = session["heart_rate_summary"]
    if heart:
        print(
            f"Heart rate: average {heart['avg_bpm']:g}, peak {heart['peak_bpm']} bpm "
            f"({heart['readings']} readings, lowest {heart['min_bpm']})"
        )
    if session["note"]:
        print(f"Note: {session['note']}")
    rows = []
    for step in session["steps"]:
        rows.append((_exercise(step), _set(step), planned_text(step), _done(step)))
    if rows:
        print()
        print_fitted(("EXERCISE", "SET", "PLANNED", "DONE"), rows, clip=0)
    _show_sensed(session["steps"])
    _show_wearables(session)
    names = {s["step_index"]: s["exercise_name"] for s in session["steps"]}
    events = [e for e in session["events"] if e["kind"] not in ("completed", "ended-early")]
    events.sort(key=lambda e: e["t_s"] or 0.0)  # stored as written, not always in time order
    if events:
        print()
        print_fitted(
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
            clip=3,
        )


def _exercise(step: dict[str, Any]) -> str:
    return str(step["exercise_name"] or step["exercise_id"])


def _set(step: dict[str, Any]) -> str:
    return f"{step['set_number']}{' ' + step['side'] if step['side'] else ''}"


def _show_sensed(steps: list[dict[str, Any]]) -> None:
    """What wearables saw, per set: only the sets and columns something was measured for."""
    columns: list[tuple[str, Callable[[dict[str, Any]], str | None]]] = [
        ("HELD", lambda s: _percent(s["hold_quality"])),
        ("REPS SENSED", lambda s: _text(s["reps_sensed"])),
        ("FORM WARNINGS", lambda s: _text(s["form_warnings"])),
        ("HR AVG/PEAK", lambda s: _bpm(s["avg_bpm"], s["peak_bpm"])),
    ]
    cells = [[show(step) for _, show in columns] for step in steps]
    used = [i for i in range(len(columns)) if any(row[i] is not None for row in cells)]
    sensed = [
        (step, row) for step, row in zip(steps, cells, strict=True) if any(row[i] for i in used)
    ]
    if not sensed:
        return
    print()
    print_fitted(
        ("EXERCISE", "SET", *(columns[i][0] for i in used)),
        [(_exercise(step), _set(step), *(row[i] or "" for i in used)) for step, row in sensed],
        clip=0,
    )


def _percent(share: float | None) -> str | None:
    return None if share is None else f"{round(share * 100)}%"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _bpm(avg: float | None, peak: int | None) -> str | None:
    return None if avg is None else f"{round(avg)}/{peak}"


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


def _existing(args: argparse.Namespace) -> Path:
    path = locate(args.db).db_path
    if not path.exists():
        raise UsageError(f"no session {args.session_id}; 'lumbar log' lists them")
    return path


def _note(args: argparse.Namespace) -> int:
    from db.edit import set_note

    _existing(args)
    text = args.text.strip()
    with _session_db(args.db, writable=True) as db:
        found = set_note(db, args.session_id, text or None)
    if not found:
        raise UsageError(f"no session {args.session_id}; 'lumbar log' lists them")
    print(f"Session {args.session_id}: note {'saved' if text else 'cleared'}.")
    return 0


def _delete(args: argparse.Namespace) -> int:
    from db.edit import delete_session
    from db.log import log_row

    _existing(args)
    with _session_db(args.db, writable=True) as db:
        row = log_row(db, args.session_id)
        if row is None:
            raise UsageError(f"no session {args.session_id}; 'lumbar log' lists them")
        if row.status == "running":
            raise UsageError(
                f"session {row.id} is still running in another lumbar; end it there first"
            )
        if not args.yes and not _confirmed(row):
            print("Nothing deleted.")
            return 0
        delete_session(db, row.id)
    print(f"Deleted session {row.id}.")
    return 0


def _confirmed(row: LogRow) -> bool:
    what = f"{row.started_at.astimezone().strftime('%Y-%m-%d %H:%M')}, " + (
        row.routine_name or row.routine_id or row.kind
    )
    if not sys.stdin.isatty():
        raise UsageError(
            f"not deleting session {row.id} ({what}) without a yes; add --yes to delete it"
        )
    try:
        answer = input(f"Delete session {row.id} ({what})? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _trends(args: argparse.Namespace) -> int:
    path = locate(args.db).db_path
    if not path.exists():
        if args.json:
            emit_json(_trends_json(args.since, [], [], [], {}, None))
        else:
            print(NO_SESSIONS)
        return 0
    from db.log import local_zone
    from db.trends import active_days, exercise_trends, minutes_per_week, pain_trend, streaks

    demo = include_demo(args)
    with _session_db(args.db) as db:
        exercises = exercise_trends(db, since=args.since, include_demo=demo)
        pain = pain_trend(db, since=args.since, include_demo=demo)
        weeks = minutes_per_week(db, since=args.since, include_demo=demo)
        days = active_days(db, include_demo=demo)
    today = datetime.now(local_zone()).date()
    runs = streaks(days, today)
    if args.since is not None:
        days = {day: minutes for day, minutes in days.items() if day >= args.since}
    if args.json:
        emit_json(_trends_json(args.since, exercises, pain, weeks, days, runs))
    elif not days:
        print(NO_SESSIONS if args.since is None else f"No sessions since {args.since}.")
    else:
        _print_trends(exercises, pain, weeks, days, runs)
    return 0


def _trends_json(
    since: date | None,
    exercises: list[ExerciseTrend],
    pain: list[Any],
    weeks: list[tuple[date, float]],
    days: dict[date, float],
    runs: Any,
) -> dict[str, Any]:
    return {
        "since": None if since is None else since.isoformat(),
        "days_exercised": len(days),
        "streaks": {
            "current_days": runs.current_days if runs else 0,
            "longest_days": runs.longest_days if runs else 0,
            "longest_ended": (
                runs.longest_ended.isoformat() if runs and runs.longest_ended else None
            ),
        },
        "minutes_per_week": [
            {"week": monday.isoformat(), "minutes": minutes} for monday, minutes in weeks
        ],
        "days": [{"day": day.isoformat(), "minutes": minutes} for day, minutes in days.items()],
        "pain": [
            {
                "day": p.day.isoformat(),
                "session_id": p.session_id,
                "before": p.before,
                "after": p.after,
            }
            for p in pain
        ],
        "exercises": [
            {
                "exercise_id": trend.exercise_id,
                "name": trend.name,
                "mode": trend.mode,
                "points": [
                    {
                        "day": point.day.isoformat(),
                        "best_hold_s": point.best_hold_s,
                        "typical_hold_s": point.typical_hold_s,
                        "best_reps": point.best_reps,
                        "typical_reps": point.typical_reps,
                    }
                    for point in trend.points
                ],
            }
            for trend in exercises
        ],
    }


def _print_trends(
    exercises: list[ExerciseTrend],
    pain: list[Any],
    weeks: list[tuple[date, float]],
    days: dict[date, float],
    runs: Any,
) -> None:
    first = min(days)
    longest = (
        f", longest {_days(runs.longest_days)} (to {runs.longest_ended})"
        if runs.longest_ended
        else ""
    )
    print(f"{_days(len(days))} exercised since {first}")
    print(f"Streak: {_days(runs.current_days)} now{longest}")
    recent = weeks[-8:]
    if recent:
        figures = " ".join(f"{round(minutes)}" for _, minutes in recent)
        print(f"Minutes a week, last {len(recent)} (oldest first): {figures}")
    before = [p.before for p in pain if p.before is not None]
    after = [p.after for p in pain if p.after is not None]
    if before or after:
        print(
            f"Pain before → after, first 10: {_mean(before[:10])} → {_mean(after[:10])}; "
            f"last 10: {_mean(before[-10:])} → {_mean(after[-10:])}"
        )
    rows = [_trend_row(trend) for trend in exercises if trend.mode != "timed"]
    if rows:
        print()
        print_table(("EXERCISE", "DAYS", "FIRST", "LATEST", "BEST"), rows)
        print("\nFIRST and LATEST: the typical (median) hold or reps on that day.")


def _trend_row(trend: ExerciseTrend) -> tuple[str, ...]:
    first, last = trend.points[0], trend.points[-1]
    if trend.mode == "hold":
        best_hold = _best([p.best_hold_s for p in trend.points])
        return (
            _clipped(trend.name),
            str(len(trend.points)),
            _seconds(first.typical_hold_s),
            _seconds(last.typical_hold_s),
            _seconds(best_hold),
        )
    best_reps = _best([p.best_reps for p in trend.points])
    return (
        _clipped(trend.name),
        str(len(trend.points)),
        _reps(first.typical_reps),
        _reps(last.typical_reps),
        _reps(best_reps),
    )


def _best(values: list[float | None] | list[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def print_fitted(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], *, clip: int, width: int = 80
) -> None:
    """``print_table``, with column ``clip`` (a name) cut short so the lines fit ``width``."""
    others = sum(
        max(len(row[i]) for row in [header, *rows]) + 2 for i in range(len(header)) if i != clip
    )
    room = max(len(header[clip]), width - others)
    print_table(header, [(*r[:clip], _clipped(r[clip], room), *r[clip + 1 :]) for r in rows])


def _clipped(name: str, width: int = 34) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{round(value)} s"


def _reps(value: float | None) -> str:
    return "-" if value is None else f"{value:g} reps"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _mean(values: list[int]) -> str:
    return "-" if not values else f"{sum(values) / len(values):.1f}"


def _done(step: dict[str, Any]) -> str:
    if step["skipped"] and step["finished"] and not step["reps_done"] and not step["holds_s"]:
        return "skipped"
    if step["mode"] == "hold":
        holds = [round(h, 1) for h in step["holds_s"]]
        text = ", ".join(f"{h:g}" for h in holds)
        if len(holds) > 2:  # the range, so that a long set stays on an 80-column line
            text = f"{min(holds):g}-{max(holds):g}"
        done = f"{len(holds)} held ({text} s)" if holds else "no hold"
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
    moment = datetime.fromisoformat(iso_text.replace("Z", "+00:00")).astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")
