"""The session database on real SQLite files: privacy, migrations, failures, the writer."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_database, said
from db.edit import delete_session
from db.errors import DatabaseProblem
from db.queries import get_session, last_performances, list_sessions
from db.schema import MIGRATIONS, _session_ids_are_never_reused
from db.sessions import (
    EventRow,
    SessionWriter,
    StepRow,
    StepSensing,
    mark_interrupted,
    utc_now,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "private" / "lumbar.db"


@pytest.fixture
def db(path: Path) -> Iterator[Database]:
    database = open_database(path)
    yield database
    database.close()


def step_row(index: int, **changes: object) -> StepRow:
    row = StepRow(
        step_index=index,
        exercise_id="forearm-plank",
        exercise_name="Forearm plank",
        mode="hold",
        set_number=1,
        side=None,
        planned_sets=1,
        planned_reps=3,
        planned_hold_s=10,
        planned_duration_s=None,
        reps_done=3,
        holds_s=(10.0, 10.0, 9.5),
        active_s=36.0,
        skipped=False,
        started_s=20.0,
        ended_s=56.0,
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def test_a_new_database_is_private_and_in_wal_mode(db: Database, path: Path) -> None:
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert {"sessions", "steps", "events", "heart_rate", "stream_chunks"} <= set(db.table_names())
    SessionWriter.start(db, kind="routine", routine_id="core-basics")
    wal = path.with_name(path.name + "-wal")
    assert stat.S_IMODE(wal.stat().st_mode) == 0o600


def test_an_older_database_is_upgraded_in_place(path: Path) -> None:
    path.parent.mkdir(mode=0o700)
    old = Database(path)
    MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    old.table("sessions").insert(
        {
            "kind": "routine",
            "routine_id": "core-basics",
            "started_at": "2026-01-01T10:00:00Z",
            "updated_at": "2026-01-01T10:05:00Z",
            "status": "completed",
        }
    )
    old.table("steps").insert(
        {
            "session_id": 1,
            "step_index": 2,
            "exercise_id": "glute-bridge",
            "set_number": 1,
            "skipped": 0,
            "started_at": "2026-01-01T10:00:30Z",
            "ended_at": "2026-01-01T10:01:15.500Z",
        }
    )
    old.conn.commit()
    old.close()
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [s["routine_id"] for s in list_sessions(db)] == ["core-basics"]
    assert "heart_rate" in db.table_names()
    start, end = db.execute("SELECT start_t_s, end_t_s FROM steps").fetchone()
    assert (round(start, 3), round(end, 3)) == (30.0, 75.5)


def test_a_newer_database_is_refused_and_untouched(path: Path) -> None:
    path.parent.mkdir(mode=0o700)
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    newer.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="newer lumbar") as caught:
        open_database(path)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == before


def test_a_corrupt_file_is_refused_and_never_overwritten(path: Path) -> None:
    path.parent.mkdir(mode=0o700)
    path.write_bytes(b"these are not the droids" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="not a readable lumbar database"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_read_failing_on_a_damaged_page_is_said_as_a_damaged_file(
    db: Database, path: Path
) -> None:
    # A file damaged past its first page opens; SQLite's words at the first read name no file
    # and no way out.
    damaged = said(db, sqlite3.DatabaseError("database disk image is malformed"))
    assert damaged.startswith(f"{path} is not a readable lumbar database")
    assert "move it aside" in damaged
    assert said(db, DatabaseProblem("no sessions yet")) == "no sessions yet"


def test_a_read_only_file_is_refused(db: Database, path: Path) -> None:
    db.close()
    path.chmod(0o400)
    try:
        with pytest.raises(DatabaseProblem, match="read-only"):
            open_database(path)
        # Reading the log still works.
        assert list_sessions(open_database(path, writable=False)) == []
    finally:
        path.chmod(0o600)


def test_a_locked_database_gets_one_line(db: Database, path: Path) -> None:
    db.close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseProblem, match="locked by another program"):
            open_database(path, timeout_s=0.1)
    finally:
        holder.rollback()
        holder.close()


def test_reading_a_missing_database_creates_nothing(path: Path) -> None:
    with pytest.raises(DatabaseProblem, match="no sessions yet"):
        open_database(path, writable=False)
    assert not path.exists()


def test_the_writer_keeps_steps_events_and_fields(db: Database) -> None:
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id="core-basics",
        routine_name="Core basics",
        planned_sets=4,
        pain_before=3,
    )
    writer.step(step_row(7))
    writer.event(EventRow(t_s=12.5, kind="pause"))
    writer.event(EventRow(t_s=30.0, kind="pain", step_index=7, value=5))
    writer.update(pain_after=2, note="felt fine")
    writer.finish("completed", 60.0)
    session = get_session(db, writer.session_id)
    assert session is not None
    assert (session["status"], session["pain_before"], session["pain_after"]) == (
        "completed",
        3,
        2,
    )
    assert session["duration_s"] == 60
    (step,) = session["steps"]
    assert step["holds_s"] == [10.0, 10.0, 9.5]
    assert step["held_s"] == 29.5
    assert step["finished"]
    assert not step["skipped"]
    assert [(e["kind"], e["t_s"], e["value"]) for e in session["events"]] == [
        ("pause", 12.5, None),
        ("pain", 30.0, 5.0),
    ]
    assert (step["start_t_s"], step["end_t_s"], step["reps_sensed"]) == (20.0, 56.0, None)


def test_what_a_wearable_saw_is_kept_per_set(db: Database) -> None:
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    sensing = StepSensing(
        sensor="C0:FF:EE:00:00:01",
        reps_sensed=3,
        rep_times_s=(21.0, 24.5, 28.0),
        hold_breaks=1,
        broken_s=2.5,
        form_warnings=2,
        max_rock_deg=14.5,
        avg_bpm=92.4,
        peak_bpm=101,
    )
    writer.step(step_row(3, sensing=sensing))
    writer.flush()
    session = get_session(db, writer.session_id)
    assert session is not None
    (step,) = session["steps"]
    assert step["rep_times_s"] == [21.0, 24.5, 28.0]
    assert (step["sensor"], step["reps_sensed"], step["hold_breaks"], step["broken_s"]) == (
        "C0:FF:EE:00:00:01",
        3,
        1,
        2.5,
    )
    assert (step["form_warnings"], step["max_rock_deg"], step["avg_bpm"], step["peak_bpm"]) == (
        2,
        14.5,
        92.4,
        101,
    )


def test_a_failed_flush_loses_nothing(db: Database, path: Path) -> None:
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    db.conn.execute("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    writer.step(step_row(3))
    writer.event(EventRow(t_s=1.0, kind="pause"))
    with pytest.raises(DatabaseProblem, match="locked"):
        writer.flush()
    holder.rollback()
    holder.close()
    writer.event(EventRow(t_s=2.0, kind="resume"))
    writer.flush()
    session = get_session(db, writer.session_id)
    assert session is not None
    assert [s["step_index"] for s in session["steps"]] == [3]
    assert [e["kind"] for e in session["events"]] == ["pause", "resume"]


@pytest.mark.parametrize("then", ["discarded", "written again"])
def test_a_step_changed_while_a_flush_fails_is_as_it_was_left_last(
    db: Database, path: Path, then: str
) -> None:
    """A set's checkpoint is being written (in a thread, as the runner does) when the person
    presses b, which discards it; the write fails (another program holds the file). Found by
    review: the failed write's rows were put back over the discard, and the next write
    stored the abandoned set for good. A checkpoint made since still wins."""
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    db.conn.execute("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    writer.step(step_row(6, ended_s=None, holds_s=(4.0,)))
    newer = step_row(6, ended_s=None, holds_s=(2.0,))

    def meanwhile(statement: str) -> None:  # as the write begins, before it fails
        if statement == "BEGIN IMMEDIATE":
            db.conn.set_trace_callback(None)
            writer.discard_step(6)
            if then == "written again":
                writer.step(newer)

    db.conn.set_trace_callback(meanwhile)
    with pytest.raises(DatabaseProblem, match="locked"):
        writer.flush()
    holder.rollback()
    holder.close()
    writer.flush()
    session = get_session(db, writer.session_id)
    assert session is not None
    held = [s["holds_s"] for s in session["steps"]]
    assert held == ([] if then == "discarded" else [[2.0]])


def test_a_step_in_progress_is_replaced_or_discarded(db: Database) -> None:
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    writer.step(step_row(3, ended_s=None, holds_s=(4.0,)))
    writer.flush()
    session = get_session(db, writer.session_id)
    assert session is not None
    assert not session["steps"][0]["finished"]
    writer.discard_step(3)
    writer.flush()
    session = get_session(db, writer.session_id)
    assert session is not None
    assert session["steps"] == []


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_sessions_of_a_gone_process_become_interrupted(db: Database) -> None:
    gone = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    db.table("sessions").update(gone.session_id, {"pid": dead_pid()})
    alive = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    assert mark_interrupted(db) == [gone.session_id]
    statuses = {s["id"]: s["status"] for s in list_sessions(db)}
    assert statuses == {gone.session_id: "interrupted", alive.session_id: "running"}
    # Quiet for minutes while its process runs (not stopped): that process is not writing
    # it (a stopped one keeps it: test_processes).
    later = utc_now() + timedelta(minutes=10)
    assert mark_interrupted(db, later) == [alive.session_id]


def test_the_log_lists_newest_first_with_a_limit(db: Database) -> None:
    ids = [SessionWriter.start(db, kind="routine", routine_id=f"r{i}").session_id for i in range(3)]
    assert [s["id"] for s in list_sessions(db)] == ids[::-1]
    assert [s["id"] for s in list_sessions(db, limit=2)] == ids[:0:-1]
    assert get_session(db, 999) is None


def test_last_performances_say_whether_every_set_was_done(db: Database) -> None:
    first = SessionWriter.start(db, kind="routine", routine_id="core-basics", pain_before=4)
    first.step(step_row(3))
    first.update(pain_after=3)
    first.finish("completed", 60)
    second = SessionWriter.start(db, kind="routine", routine_id="core-basics", pain_before=2)
    second.step(step_row(3, holds_s=(10.0, 4.0), reps_done=2, skipped=True))
    second.update(pain_after=5)
    second.finish("ended-early", 30)
    last = last_performances(db, "core-basics")["forearm-plank"]
    assert last.session_id == second.session_id
    assert not last.completed
    assert (last.pain_before, last.pain_after) == (2, 5)
    assert (last.planned_reps, last.planned_hold_s, last.sets) == (3, 10, 1)
    assert last_performances(db, "another-routine") == {}


def test_recording_rows_are_written_and_survive_a_failed_flush(db: Database, path: Path) -> None:
    writer = SessionWriter.start(db, kind="recording")
    writer.device("C0:1A:2B:3C:4D:10", "polar-h10", "Polar H10 1A2B3C4D", None)
    writer.heart_rate("C0:1A:2B:3C:4D:10", 1.25, 72, (830.1, 845.9), True)
    writer.stream_chunk("C0:1A:2B:3C:4D:10", "acc", 0.5, 200.0, 3, "test", b"\x00\x01\x02")
    db.conn.execute("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(DatabaseProblem):
        writer.flush()
    holder.rollback()
    holder.close()
    writer.device("C0:1A:2B:3C:4D:10", "polar-h10", "Polar H10 1A2B3C4D", 91)
    writer.finish("completed", 10.0)
    session = get_session(db, writer.session_id)
    assert session is not None
    assert session["devices"] == [
        {
            "address": "C0:1A:2B:3C:4D:10",
            "kind": "polar-h10",
            "name": "Polar H10 1A2B3C4D",
            "battery_percent": 91,
        }
    ]
    assert session["heart_rate"][0]["readings"] == 1
    assert session["streams"][0]["samples"] == 3
    row = db.execute("SELECT rr_ms, contact FROM heart_rate").fetchone()
    assert row == ("[830.1, 845.9]", 1)
    assert db.execute("SELECT data FROM stream_chunks").fetchone()[0] == b"\x00\x01\x02"


def test_a_brief_write_by_another_program_is_waited_for(db: Database, path: Path) -> None:
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    writer.step(step_row(3))
    holder = sqlite3.connect(path, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, holder.commit)
    release.start()
    writer.flush()  # waits for the other writer (busy timeout) instead of failing
    release.join()
    holder.close()
    session = get_session(db, writer.session_id)
    assert session is not None
    assert [s["step_index"] for s in session["steps"]] == [3]


def test_a_session_that_stopped_before_the_last_side_is_not_done(db: Database) -> None:
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    left = step_row(1, exercise_id="bird-dog", mode="reps", side="left", planned_reps=5)
    writer.step(replace(left, reps_done=5, holds_s=()))
    writer.finish("ended-early", 30)
    assert not last_performances(db, "core-basics")["bird-dog"].completed
    both = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    both.step(replace(left, reps_done=5, holds_s=()))
    both.step(replace(left, step_index=3, side="right", reps_done=5, holds_s=()))
    both.finish("completed", 60)
    assert last_performances(db, "core-basics")["bird-dog"].completed


def test_a_first_schema_database_can_be_read(path: Path) -> None:
    path.parent.mkdir(mode=0o700)
    old = Database(path)
    MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    old.table("sessions").insert(
        {
            "kind": "routine",
            "started_at": "2026-01-01T10:00:00Z",
            "status": "completed",
            "updated_at": "2026-01-01T10:01:00Z",
        }
    )
    old.conn.commit()
    old.close()
    session = get_session(open_database(path, writable=False), 1)
    assert session is not None
    assert (session["devices"], session["streams"]) == ([], [])


# --- session ids are never given twice ---------------------------------------------------


def test_a_deleted_sessions_id_is_never_given_again(db: Database) -> None:
    first = SessionWriter.start(db, kind="routine", routine_id="core-basics").session_id
    newest = SessionWriter.start(db, kind="routine", routine_id="core-basics").session_id
    assert delete_session(db, newest)
    later = SessionWriter.start(db, kind="recording").session_id
    assert later > newest > first
    assert delete_session(db, later)
    assert delete_session(db, first)  # none left: still no id given twice
    assert SessionWriter.start(db, kind="recording").session_id > later


def before_ids_were_kept(path: Path, deleted: tuple[int, ...], asked_after: int | None) -> None:
    """A file as lumbar left it before session ids were kept (SQLite's own ``sqlite3``, the
    tables of the migrations before), with sessions 1-3 and every kind of row of each, then
    ``deleted`` sessions removed as lumbar removed them, and a questionnaire answered after
    session ``asked_after``."""
    path.parent.mkdir(mode=0o700)
    old = Database(path)
    index = MIGRATIONS.index(_session_ids_are_never_reused)
    for migration in MIGRATIONS[:index]:
        migration(old)
    old.execute(f"PRAGMA user_version = {index}")
    for sid in (1, 2, 3):
        at = f"2026-01-0{sid}T10:00:00.000Z"
        old.table("sessions").insert(
            {"id": sid, "kind": "routine", "routine_id": "core-basics", "started_at": at,
             "updated_at": at, "ended_at": at, "status": "completed", "note": f"note {sid}",
             "planned_sets": 1, "avg_bpm": 80.0, "peak_bpm": 90, "active_s": 30.0}
        )  # fmt: skip
        old.table("steps").insert(
            {"session_id": sid, "step_index": 0, "exercise_id": "glute-bridge", "set_number": 1,
             "skipped": 0, "started_at": at, "ended_at": at, "start_t_s": 0.0, "end_t_s": 30.0}
        )  # fmt: skip
        old.table("events").insert({"session_id": sid, "at": at, "t_s": 5.0, "kind": "pause"})
        old.table("session_devices").insert({"session_id": sid, "address": "AA", "kind": "h10"})
        old.table("heart_rate").insert(
            {"session_id": sid, "device": "AA", "t_s": 1.0, "bpm": 80, "contact": 1}
        )
        old.table("stream_chunks").insert(
            {"session_id": sid, "device": "AA", "stream": "acc", "t0_s": 0.0, "rate_hz": 50.0,
             "count": 1, "encoding": "raw", "data": b"\x01"}
        )  # fmt: skip
    if asked_after is not None:
        old.table("outcomes").insert(
            {"measure": "peg", "answered_at": "2026-01-03T11:00:00.000Z", "score": 4.0,
             "after_session_id": asked_after, "skipped": 0}
        )  # fmt: skip
    for sid in deleted:  # as lumbar deleted them: every row with its session_id, then it
        for table in ("steps", "events", "session_devices", "heart_rate", "stream_chunks"):
            old.execute(f"DELETE FROM {table} WHERE session_id = ?", [sid])
        old.execute("DELETE FROM sessions WHERE id = ?", [sid])
    old.conn.commit()
    old.close()


def everything_in(
    path: Path, like: dict[str, list[dict[str, object]]] | None = None
) -> dict[str, list[dict[str, object]]]:
    """Every row of every table and view (SQLite's own aside), in a stable order; not
    ``step_summary``, to which later migrations add columns (its rows come from ``steps``).
    With ``like``, only its tables' columns: what a later migration adds is left out."""
    with sqlite3.connect(path) as conn:
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%' AND name != 'step_summary'"
        ).fetchall()
        found: dict[str, list[dict[str, object]]] = {}
        for (name,) in names:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            columns = [d[0] for d in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor]
            if like is not None and like.get(name):
                rows = [{k: row[k] for k in like[name][0]} for row in rows]
            found[name] = sorted(rows, key=repr)
    conn.close()
    return found


@pytest.mark.parametrize(
    ("deleted", "asked_after", "next_id"),
    [
        ((2,), None, 4),  # a gap: the highest still there
        ((3,), 3, 4),  # the newest deleted, but a questionnaire names it
        ((1, 2, 3), 3, 4),  # none left
        ((), None, 4),
    ],
)
def test_a_file_from_before_keeps_everything_and_never_gives_an_id_again(
    path: Path, deleted: tuple[int, ...], asked_after: int | None, next_id: int
) -> None:
    before_ids_were_kept(path, deleted, asked_after)
    kept = everything_in(path)
    assert len(kept["session_summary"]) == len(kept["steps"]) == 3 - len(deleted)
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'sessions'").fetchone()[0]
    assert "AUTOINCREMENT" in sql
    indexes = {row[1] for row in db.execute("PRAGMA index_list(sessions)")}
    assert indexes >= {"idx_sessions_started_at", "idx_sessions_status_started_at"}
    db.close()
    assert everything_in(path, kept) == kept
    db = open_database(path)
    new = SessionWriter.start(db, kind="routine", routine_id="core-basics").session_id
    assert new == next_id
    assert delete_session(db, new)
    assert SessionWriter.start(db, kind="recording").session_id == next_id + 1
    db.close()


def test_a_file_with_a_trigger_of_its_own_on_sessions_still_opens_and_keeps_it(
    path: Path,
) -> None:
    """A trigger someone added to their file, on another table and naming ``sessions``: the
    table made again under it (dropped, then renamed) stopped SQLite's renaming ("error in
    trigger ...: no such table: main.sessions") and lumbar could not open the file at all."""
    before_ids_were_kept(path, (), None)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TRIGGER touch_session AFTER INSERT ON steps BEGIN "
            "UPDATE sessions SET note = note WHERE id = NEW.session_id; END"
        )
    conn.close()
    kept = everything_in(path)
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    triggers = {
        name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    assert "touch_session" in triggers
    db.close()
    assert everything_in(path, kept) == kept
    db = open_database(path)
    assert SessionWriter.start(db, kind="recording").session_id == 4
    db.close()
