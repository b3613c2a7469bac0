"""``lumbar log`` (filtered, with figures), ``log show``, ``log note``, ``log delete``, and
``lumbar trends``."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.commands.common import (
    NoSuchSession,
    UsageError,
    add_demo_flag,
    add_include_demo_flag,
    add_json_flag,
    check_since,
    emit_json,
    include_demo,
    load,
    parse_count,
    parse_day,
    parse_session_id,
    print_table,
)
from tui.locations import locate
from tui.words import (
    STATUS_WORDS,
    advised_care,
    clock_text,
    count_text,
    done_text,
    duration_text,
    during_text,
    event_value_text,
    hold_quality_text,
    local_time_text,
    number_text,
    pain_phrase,
    pain_story,
    planned_text,
    routine_text,
    seconds_text,
    session_cells,
    session_status_text,
    set_text,
    sets_done_text,
    whole,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.log import LogRow
    from db.read_model import StoredSession, StoredSet
    from db.trends import ExerciseTrend

NO_SESSIONS = "No sessions yet: 'lumbar run ROUTINE' starts one ('lumbar routines' lists them)."
NO_SETS = (
    "No sets done yet: trends begin with the first set you finish "
    "('lumbar run ROUTINE' starts a session)."
)


def no_database(path: Path) -> str:
    """No database file at ``path``: where lumbar looked (a mistyped --db or LUMBAR_DB shows)."""
    return f"No sessions yet (no database at {path}): " + NO_SESSIONS.split(": ", 1)[1]


NO_MATCH = "No sessions match; 'lumbar log' without filters lists them all."


def register(commands: Any) -> None:
    log = commands.add_parser("log", help="sessions done, newest first, or one in full")
    add_json_flag(log)
    log.add_argument("--limit", type=parse_count, metavar="N", help="at most N sessions")
    log.add_argument(
        "--routine",
        type=_utf8,
        metavar="ID",
        help="only sessions of this routine ('lumbar routines' lists them)",
    )
    log.add_argument("--status", choices=tuple(STATUS_WORDS), help="only sessions that ended so")
    log.add_argument("--since", type=parse_day, metavar="YYYY-MM-DD", help="from this day on")
    log.add_argument("--until", type=parse_day, metavar="YYYY-MM-DD", help="up to this day")
    log.add_argument(
        "--search", type=_utf8, metavar="TEXT", help="routine name or id, or note, contains"
    )
    add_demo_flag(log)
    log.set_defaults(handler=_log, session_id=None)
    actions = log.add_subparsers(dest="log_command", metavar="show|note|delete")
    show = actions.add_parser("show", help="one session with its steps and events")
    show.add_argument("session_id", type=parse_session_id, metavar="ID", help="a session id")
    add_json_flag(show)
    add_demo_flag(show)
    note = actions.add_parser("note", help="set a session's note ('' clears it)")
    note.add_argument("session_id", type=parse_session_id, metavar="ID", help="a session id")
    note.add_argument("text", type=_utf8, metavar="TEXT", help="the note; an empty TEXT clears it")
    add_demo_flag(note)
    note.set_defaults(handler=_note)
    delete = actions.add_parser("delete", help="delete a session and everything recorded in it")
    delete.add_argument("session_id", type=parse_session_id, metavar="ID", help="a session id")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_demo_flag(delete)
    delete.set_defaults(handler=_delete)

    trends = commands.add_parser(
        "trends", help="holds and reps over time, pain, minutes a week, streaks"
    )
    trends.add_argument("--since", type=parse_day, metavar="YYYY-MM-DD", help="from this day on")
    add_include_demo_flag(trends)
    add_json_flag(trends)
    trends.set_defaults(handler=_trends)


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
    if args.routine is not None:
        _check_routine(args.db, args.routine, path)
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}; swap them")
    check_since(args.since)
    if args.session_id is None and (not path.exists() or path.stat().st_size == 0):
        # An empty file (made by hand, or by another tool) holds no sessions either.
        if args.json:
            emit_json([])
        else:
            print(NO_SESSIONS if path.exists() else no_database(path))
        return 0
    if args.session_id is not None:
        return _show_session(args)
    from db.log import LogFilter, log_count, log_rows

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
        from db.session_json import row_json

        emit_json([row_json(row) for row in rows])
        return 0
    if not rows:
        print(NO_MATCH if where != LogFilter() else NO_SESSIONS)
        return 0
    print_fitted(
        ("ID", "STARTED", "ROUTINE", "TIME", "SETS", "PAIN", "HR", "STATUS"),
        [(str(row.id), *session_cells(row)) for row in rows],
        clip=2,
    )
    if total > len(rows) or where != LogFilter():
        print(f"\n{len(rows)} of {total} {'matching ' if where != LogFilter() else ''}sessions")
    return 0


def _check_routine(db_arg: str | None, routine_id: str, path: Path) -> None:
    """``--routine`` names a routine of the catalog or of a session in the log; else one
    line, as 'lumbar run' says it."""
    from tui.commands.browse import check_routine_id

    catalog = load(db_arg).catalog
    if routine_id in catalog.routines:
        return
    logged: dict[str, str] = {}
    if path.exists() and path.stat().st_size > 0:
        from db.log import routines_in_log

        with _session_db(db_arg) as db:
            logged = dict(routines_in_log(db))
    check_routine_id(catalog, routine_id, logged)


def _show_session(args: argparse.Namespace) -> int:
    from db.read_model import read_session

    with _session_db(args.db) as db:
        session = read_session(db, args.session_id)
    if session is None:
        raise NoSuchSession(args.session_id)
    if args.json:
        from db.session_json import session_json

        emit_json(session_json(session))
    else:
        _show(session)
    return 0


def _show(session: StoredSession) -> None:
    row = session.row
    recording = row.kind == "recording"
    if recording:
        print(f"Recording {row.id}")
    else:
        print(f"Session {row.id}: {routine_text(row)}")
    facts = [
        local_time_text(row.started_at),
        duration_text(row.duration_s),
        session_status_text(row),
    ]
    story = pain_story(session)
    if not recording:
        facts.append(sets_done_text(row.sets_done, row.sets_planned, row.sets_skipped))
        if story is None:
            facts.append(pain_phrase(row.pain_before, row.pain_after).lower())
    print(", ".join(facts))
    if story is not None:
        print(story + ".")
        if advised_care(session.events):
            from tui.live.pain import SEEK_CARE

            print(SEEK_CARE)
    heart = session.heart_rate_summary
    if heart is not None:
        source = f" from {session.device_name(heart.device)}" if len(session.heart_rate) > 1 else ""
        print(
            f"Heart rate: average {whole(heart.avg_bpm)}, peak {heart.peak_bpm} bpm "
            f"({count_text(heart.readings, 'reading')}, lowest {heart.min_bpm}){source}"
        )
    if row.note:
        print(f"Note: {row.note}")
    rows = [_set_cells(stored) for stored in session.sets]
    if rows:
        print()
        print_fitted(("EXERCISE", "SET", "PLANNED", "DONE"), rows, clip=0)
    _show_sensed(session.sets)
    _show_wearables(session)
    events = [e for e in session.timeline if e.kind not in ("completed", "ended-early")]
    if events:
        print()
        print_fitted(
            ("AT", "EVENT", "VALUE", "DURING"),
            [
                (
                    clock_text(e.t_s or 0.0),
                    e.kind,
                    event_value_text(e),
                    during_text(e.step_index, session),
                )
                for e in events
            ],
            clip=3,
        )


def _set_cells(stored: StoredSet) -> tuple[str, ...]:
    what = (stored.name, set_text(stored.set_number, stored.side), planned_text(stored))
    return (*what, done_text(stored))


def _show_sensed(sets: tuple[StoredSet, ...]) -> None:
    """What wearables saw, per set: only the sets and columns something was measured for."""
    columns: list[tuple[str, Callable[[StoredSet], str]]] = [
        ("HELD", hold_quality_text),
        ("REPS SENSED", lambda s: "" if s.reps_sensed is None else str(s.reps_sensed)),
        ("FORM WARNINGS", lambda s: "" if s.form_warnings is None else str(s.form_warnings)),
        ("HR AVG/PEAK", _bpm),
    ]
    cells = [[show(stored) for _, show in columns] for stored in sets]
    used = [i for i in range(len(columns)) if any(row[i] for row in cells)]
    sensed = [(stored, row) for stored, row in zip(sets, cells, strict=True) if any(row)]
    if not sensed:
        return
    print()
    print_fitted(
        ("EXERCISE", "SET", *(columns[i][0] for i in used)),
        [
            (stored.name, set_text(stored.set_number, stored.side), *(row[i] for i in used))
            for stored, row in sensed
        ],
        clip=0,
    )


def _bpm(stored: StoredSet) -> str:
    if stored.avg_bpm is None:
        return ""
    return f"{whole(stored.avg_bpm)}/{stored.peak_bpm}"


def _show_wearables(session: StoredSession) -> None:
    rows = [
        (
            session.device_name(hr.device),
            "heart rate",
            f"{count_text(hr.readings, 'reading')}"
            + (f" ({hr.without_contact} without skin contact)" if hr.without_contact else "")
            + (
                ""
                if hr.mean_bpm is None
                else f", {hr.min_bpm}-{hr.max_bpm} bpm (mean {number_text(hr.mean_bpm)})"
            ),
        )
        for hr in session.heart_rate
    ]
    rows += [
        (
            session.device_name(st.device),
            st.stream,
            f"{count_text(st.samples, 'sample')} at {number_text(st.rate_hz or 0)} Hz, "
            f"{count_text(st.bytes, 'byte')} stored",
        )
        for st in session.streams
    ]
    if rows:
        print()
        print_table(("DEVICE", "STREAM", "RECORDED"), rows)


def _existing(args: argparse.Namespace) -> Path:
    path = locate(args.db).db_path
    if not path.exists():
        raise NoSuchSession(args.session_id)
    return path


def _note(args: argparse.Namespace) -> int:
    from db.edit import set_note

    _existing(args)
    text = args.text.strip()
    with _session_db(args.db, writable=True) as db:
        found = set_note(db, args.session_id, text or None)
    if not found:
        raise NoSuchSession(args.session_id)
    print(f"Session {args.session_id}: note {'saved' if text else 'cleared'}.")
    return 0


def _delete(args: argparse.Namespace) -> int:
    from db.edit import delete_session
    from db.log import log_row

    _existing(args)
    with _session_db(args.db, writable=True) as db:
        row = log_row(db, args.session_id)
        if row is None:
            raise NoSuchSession(args.session_id)
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
    what = f"{local_time_text(row.started_at)}, {routine_text(row)}"
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
    check_since(args.since)
    if not path.exists():
        if args.json:
            emit_json(_trends_json(args.since, [], [], [], {}, None))
        else:
            print(no_database(path))
        return 0
    from db.clock import today as clock_today
    from db.trends import active_days, exercise_trends, minutes_per_week, pain_trend, streaks

    demo = include_demo(args)
    with _session_db(args.db) as db:
        exercises = exercise_trends(db, since=args.since, include_demo=demo)
        pain = pain_trend(db, since=args.since, include_demo=demo)
        weeks = minutes_per_week(db, since=args.since, include_demo=demo)
        days = active_days(db, include_demo=demo)
    today = clock_today()
    runs = streaks(days, today)
    if args.since is not None:
        days = {day: minutes for day, minutes in days.items() if day >= args.since}
    if args.json:
        emit_json(_trends_json(args.since, exercises, pain, weeks, days, runs))
    elif not days:
        print(NO_SETS if args.since is None else f"No sets done since {args.since}.")
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
        figures = " ".join(number_text(round(minutes, 1)) for _, minutes in recent)
        print(f"Minutes in sets a week, last {len(recent)} (oldest first): {figures}")
    # Before and after of the same sessions: a session with one of them only would set an
    # average over some sessions against one over others.
    paired = [(p.before, p.after) for p in pain if p.before is not None and p.after is not None]
    one_only = sum((p.before is None) != (p.after is None) for p in pain)
    if paired:
        early, late = paired[:10], paired[-10:]
        print(
            f"Pain before → after, first {len(early)}: "
            f"{_mean([b for b, _ in early])} → {_mean([a for _, a in early])}; "
            f"last {len(late)}: {_mean([b for b, _ in late])} → {_mean([a for _, a in late])}"
        )
        if one_only:
            print(f"  (of sessions with both; {count_text(one_only, 'session')} with one only)")
    else:
        after = [p.after for p in pain if p.after is not None]
        if after:
            print(
                f"Pain after (none before): {_mean(after)} over {count_text(len(after), 'session')}"
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
    return "-" if value is None else seconds_text(whole(value))


def _reps(value: float | None) -> str:
    return "-" if value is None else count_text(value, "rep")


def _days(count: int) -> str:
    return count_text(count, "day")


def _mean(values: list[int]) -> str:
    return "-" if not values else f"{sum(values) / len(values):.1f}"
