"""The log's data layer on real SQLite files: filters, figures, trends, streaks, edits,
migration 4 and its views. Every session is written through SessionWriter."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pinned_days import in_zone
from rewind import back_to_before
from sqlite_utils import Database

from db.clock import local_zone, utc_now
from db.connection import open_database
from db.edit import delete_session, set_note
from db.export.csv_tables import write_tables
from db.export.output import atomic_folder
from db.log import (
    LogFilter,
    log_count,
    log_row,
    log_rows,
    motion_chunks,
    motion_devices,
    routines_in_log,
)
from db.read_model import heart_rate_series, heart_rate_summary, thin
from db.schema import (
    MIGRATIONS,
    _lost_contact_is_no_heart_rate,
    _no_contact_is_no_heart_rate,
    _one_heart_rate_source,
    _time_in_sets_is_every_set_worked,
)
from db.sessions import EventRow, SessionWriter, StepRow, StepSensing, mark_interrupted
from db.trends import (
    Streaks,
    active_days,
    exercise_trends,
    minutes_per_week,
    pain_trend,
    streaks,
)
from tui.commands.export import decode_acc

NEW_YORK_WINTER = timezone(timedelta(hours=-5))
TOKYO = timezone(timedelta(hours=9))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "lumbar.db"


@pytest.fixture
def db(path: Path) -> Iterator[Database]:
    database = open_database(path)
    yield database
    database.close()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def hold(index: int, holds_s: Sequence[float], **changes: object) -> StepRow:
    row = StepRow(
        step_index=index,
        exercise_id="forearm-plank",
        exercise_name="Forearm plank",
        mode="hold",
        set_number=1,
        side=None,
        planned_sets=1,
        planned_reps=len(holds_s),
        planned_hold_s=10,
        planned_duration_s=None,
        reps_done=len(holds_s),
        holds_s=tuple(holds_s),
        active_s=sum(holds_s),
        skipped=False,
        started_s=10.0 * index,
        ended_s=10.0 * index + sum(holds_s),
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def reps(index: int, count: int, **changes: object) -> StepRow:
    row = StepRow(
        step_index=index,
        exercise_id="bird-dog",
        exercise_name="Bird dog",
        mode="reps",
        set_number=1,
        side="left",
        planned_sets=1,
        planned_reps=8,
        planned_hold_s=None,
        planned_duration_s=None,
        reps_done=count,
        holds_s=(),
        active_s=30.0,
        skipped=False,
        started_s=100.0 + index,
        ended_s=130.0 + index,
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def record(
    db: Database,
    started: datetime,
    *,
    routine_id: str | None = "core-basics",
    routine_name: str | None = "Core basics",
    kind: str = "routine",
    status: str = "completed",
    seconds: float = 600.0,
    steps: Sequence[StepRow] = (),
    pain: tuple[int | None, int | None] = (None, None),
    note: str | None = None,
    bpm: Sequence[int] = (),
    motion: bool = False,
    planned_sets: int | None = None,
) -> int:
    writer = SessionWriter.start(
        db,
        kind="recording" if kind == "recording" else "routine",
        routine_id=routine_id,
        routine_name=routine_name,
        planned_sets=planned_sets,
        pain_before=pain[0],
        started_at=started,
    )
    for step in steps:
        writer.step(step)
    for second, beat in enumerate(bpm):
        writer.heart_rate("strap", float(second), beat, (60000 / beat,), True)
    if motion:
        writer.stream_chunk("h10", "acc", 20.0, 50.0, 50, "enc", b"\x01\x02")
        writer.stream_chunk("h10", "acc", 21.0, 50.0, 50, "enc", b"\x03\x04")
        writer.device("h10", "polar-h10", "Polar H10", 80)
    writer.event(EventRow(t_s=5.0, kind="pause"))
    writer.update(pain_after=pain[1], note=note)
    if status == "running":
        writer.flush()
    else:
        writer.finish(status, seconds)  # type: ignore[arg-type]
    return writer.session_id


# --- the log: filters, order, figures ------------------------------------------------


def test_rows_are_newest_first_with_ties_by_id_and_pages(db: Database) -> None:
    first = record(db, utc("2026-01-01T09:00:00"))
    second = record(db, utc("2026-01-03T09:00:00"))
    same_time = record(db, utc("2026-01-03T09:00:00"))
    assert [r.id for r in log_rows(db)] == [same_time, second, first]
    assert [r.id for r in log_rows(db, limit=2)] == [same_time, second]
    assert [r.id for r in log_rows(db, limit=2, offset=2)] == [first]
    assert log_count(db) == 3
    assert log_rows(db, LogFilter(status="interrupted")) == []
    assert log_count(db, LogFilter(status="interrupted")) == 0


def test_the_next_page_follows_the_last_row_whatever_was_added_or_deleted(
    db: Database,
) -> None:
    ids = [record(db, utc(f"2026-01-0{day}T09:00:00")) for day in range(1, 7)]
    tie = record(db, utc("2026-01-03T09:00:00"))  # the same start as ids[2]: by id
    first_page = log_rows(db, limit=3)
    assert [r.id for r in first_page] == [ids[5], ids[4], ids[3]]
    record(db, utc("2026-01-09T09:00:00"))  # recorded elsewhere meanwhile: shifts an offset
    delete_session(db, ids[0])
    second_page = log_rows(db, limit=3, after=first_page[-1])
    assert [r.id for r in second_page] == [tie, ids[2], ids[1]]
    assert log_rows(db, limit=3, after=second_page[-1]) == []
    filtered = log_rows(
        db, LogFilter(since=date(2026, 1, 2)), limit=2, after=second_page[0], tz=UTC
    )
    assert [r.id for r in filtered] == [ids[2], ids[1]]


def test_each_filter_and_all_together(db: Database) -> None:
    day = utc("2026-02-10T12:00:00")
    core = record(db, day, note="Left side STIFF")
    desk = record(db, day + timedelta(days=1), routine_id="desk-break", routine_name="Desk break")
    early = record(db, day + timedelta(days=2), status="ended-early")
    rec = record(db, day + timedelta(days=3), kind="recording", routine_id=None, routine_name=None)
    percent = record(db, day + timedelta(days=4), note="100% better_today")

    def ids(where: LogFilter) -> set[int]:
        found = {r.id for r in log_rows(db, where, tz=UTC)}
        assert log_count(db, where, tz=UTC) == len(found)
        return found

    assert ids(LogFilter(routine_id="desk-break")) == {desk}
    assert ids(LogFilter(status="ended-early")) == {early}
    assert ids(LogFilter(kind="recording")) == {rec}
    assert ids(LogFilter(kind="routine")) == {core, desk, early, percent}
    assert ids(LogFilter(since=date(2026, 2, 12))) == {early, rec, percent}
    assert ids(LogFilter(until=date(2026, 2, 11))) == {core, desk}
    assert ids(LogFilter(since=date(2026, 2, 11), until=date(2026, 2, 11))) == {desk}
    assert ids(LogFilter(text="stiff")) == {core}  # the note, any case
    assert ids(LogFilter(text="DESK")) == {desk}  # the name
    assert ids(LogFilter(text="k-br")) == {desk}  # the id
    assert ids(LogFilter(text="100%")) == {percent}  # % and _ are letters, not wildcards
    assert ids(LogFilter(text="r_t")) == {percent}
    assert ids(LogFilter(text="e%t")) == set()
    assert ids(LogFilter(text="")) == {core, desk, early, rec, percent}
    together = LogFilter(
        routine_id="core-basics",
        status="completed",
        kind="routine",
        since=date(2026, 2, 10),
        until=date(2026, 2, 14),
        text="better",
    )
    assert ids(together) == {percent}


def test_search_ignores_case_in_every_language(db: Database) -> None:
    day = utc("2026-02-10T12:00:00")
    back = record(db, day, routine_id="ruecken", routine_name="Rücken am Morgen", note="Straße")
    record(db, day + timedelta(days=1), note="plain")
    for text in ("RÜCKEN", "rücken", "STRASSE", "straße"):
        assert [r.id for r in log_rows(db, LogFilter(text=text), tz=UTC)] == [back], text


def test_a_reading_without_skin_contact_is_no_heart_rate(db: Database, path: Path) -> None:
    """0 bpm (a strap that lost contact) is kept as recorded but left out of every figure;
    a file whose figures counted it gets them worked out again by the migration."""
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    for second, bpm in enumerate((80, 0, 0, 90)):
        writer.heart_rate("strap", float(second), bpm, (), bpm > 0)
    writer.finish("completed", 60.0)
    session_id = writer.session_id
    (row,) = log_rows(db, tz=UTC)
    assert (row.avg_bpm, row.peak_bpm) == (85.0, 90)
    summary = heart_rate_summary(db, session_id)
    assert summary is not None
    assert (summary.min_bpm, summary.avg_bpm, summary.peak_bpm) == (80, 85.0, 90)
    assert [bpm for _, bpm in heart_rate_series(db, session_id)] == [80, 90]
    assert db.execute("SELECT count(*) FROM heart_rate").fetchone()[0] == 4  # all kept
    # A file from before: its figures counted the zeros; its migration works them out again
    # (run by itself: later migrations may follow it in the list).
    db.execute("UPDATE sessions SET avg_bpm = 42.5, peak_bpm = 90")
    back_to_before(db, _no_contact_is_no_heart_rate)
    db.close()
    again = open_database(path)
    assert again.execute("SELECT avg_bpm, peak_bpm FROM sessions").fetchone() == (85.0, 90)
    again.close()


def test_a_rate_repeated_without_skin_contact_is_no_heart_rate(db: Database, path: Path) -> None:
    """A strap whose contact bits say "not detected" repeats its last rate: kept as
    recorded, but in no figure; a file whose figures counted it, its sessions' and its
    sets', gets them worked out again by the migration."""
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    for second, (bpm, contact) in enumerate([(80, True), (150, False), (150, False), (90, True)]):
        writer.heart_rate("strap", float(second), bpm, (), contact)
    writer.step(hold(0, [3.0], sensing=StepSensing(sensor="strap", avg_bpm=85.0, peak_bpm=90)))
    writer.finish("completed", 60.0)
    session_id = writer.session_id
    (row,) = log_rows(db, tz=UTC)
    assert (row.avg_bpm, row.peak_bpm) == (85.0, 90)
    summary = heart_rate_summary(db, session_id)
    assert summary is not None
    assert (summary.min_bpm, summary.avg_bpm, summary.peak_bpm) == (80, 85.0, 90)
    assert [bpm for _, bpm in heart_rate_series(db, session_id)] == [80, 90]
    assert db.execute("SELECT count(*) FROM heart_rate").fetchone()[0] == 4  # all kept
    # A file from before: its figures counted the repeated rate.
    db.execute("UPDATE sessions SET avg_bpm = 117.5, peak_bpm = 150")
    db.execute("UPDATE steps SET avg_bpm = 117.5, peak_bpm = 150")
    back_to_before(db, _lost_contact_is_no_heart_rate)
    db.close()
    again = open_database(path)
    assert again.execute("SELECT avg_bpm, peak_bpm FROM sessions").fetchone() == (85.0, 90)
    assert again.execute("SELECT avg_bpm, peak_bpm FROM steps").fetchone() == (85.0, 90)
    again.close()


def test_the_lost_contact_migration_takes_a_set_from_the_device_that_was_heard_in_it(
    db: Database, path: Path
) -> None:
    """A set whose figures came from a strap while the session's source (an H10) sent
    nothing, and the strap lost contact in it: its figures are worked out again from the
    strap's readings with a heart rate; a set the lost contact did not touch keeps its own."""
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    writer.device("h10", "polar-h10", "Polar H10", None)
    writer.device("strap", "generic-hr", "Strap", None)
    for second, (bpm, contact) in enumerate([(100, True), (150, False), (100, True)]):
        writer.heart_rate("strap", float(second), bpm, (), contact)
    for second in range(10, 40):
        writer.heart_rate("h10", float(second), 80, (750.0,), None)
    # As the session counted them before: the repeated 150 in the first set.
    writer.step(hold(0, [3.0], sensing=StepSensing(sensor="strap", avg_bpm=116.7, peak_bpm=150)))
    writer.step(
        replace(
            hold(1, [3.0], sensing=StepSensing(sensor="h10", avg_bpm=81.0, peak_bpm=81)),
            started_s=20.0,
            ended_s=23.0,
        )
    )
    writer.finish("completed", 60.0)
    back_to_before(db, _lost_contact_is_no_heart_rate)
    db.close()
    again = open_database(path)
    steps = "SELECT avg_bpm, peak_bpm FROM steps ORDER BY step_index"
    assert again.execute(steps).fetchall() == [(100.0, 100), (81.0, 81)]
    assert again.execute("SELECT avg_bpm, peak_bpm FROM sessions").fetchone() == (80.0, 80)
    again.close()


def test_the_lost_contact_migration_takes_a_set_from_the_source_when_it_was_heard(
    db: Database, path: Path
) -> None:
    """Both sent in the set, the strap without contact: the set's figures are the source's,
    whichever sent more."""
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    writer.device("h10", "polar-h10", "Polar H10", None)
    writer.device("strap", "generic-hr", "Strap", None)
    for tenth in range(30):
        writer.heart_rate("strap", tenth / 10, 150, (), False)
    writer.heart_rate("strap", 3.0, 120, (), True)
    writer.heart_rate("h10", 1.0, 80, (750.0,), None)
    writer.heart_rate("h10", 2.0, 84, (720.0,), None)
    writer.step(hold(0, [3.0], sensing=StepSensing(sensor="strap", avg_bpm=149.0, peak_bpm=150)))
    writer.finish("completed", 60.0)
    back_to_before(db, _lost_contact_is_no_heart_rate)
    db.close()
    again = open_database(path)
    assert again.execute("SELECT avg_bpm, peak_bpm FROM steps").fetchone() == (82.0, 84)
    again.close()


def test_the_lost_contact_migration_empties_the_sets_of_a_strap_never_on_the_skin(
    db: Database, path: Path
) -> None:
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    writer.device("strap", "generic-hr", "Strap", None)
    for second in range(4):
        writer.heart_rate("strap", float(second), 90, (), False)
    writer.step(hold(0, [3.0], sensing=StepSensing(sensor="strap", avg_bpm=90.0, peak_bpm=90)))
    writer.finish("completed", 60.0)
    db.execute("UPDATE sessions SET avg_bpm = 90, peak_bpm = 90")
    back_to_before(db, _lost_contact_is_no_heart_rate)
    db.close()
    again = open_database(path)
    assert again.execute("SELECT avg_bpm, peak_bpm FROM sessions").fetchone() == (None, None)
    assert again.execute("SELECT avg_bpm, peak_bpm FROM steps").fetchone() == (None, None)
    again.close()


def test_a_session_heard_by_two_devices_has_the_best_ones_heart_rate(
    db: Database, path: Path
) -> None:
    """A strap and an H10 together: the session's heart rate is the H10's (ECG), whichever
    sent more; a file whose row mixed both gets it worked out again by the migration."""
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    writer.device("h10", "polar-h10", "Polar H10", None)
    writer.device("strap", "generic-hr", "Strap", None)
    for second in range(10):
        writer.heart_rate("h10", float(second), 80, (750.0,), True)
        writer.heart_rate("strap", float(second), 120, (500.0,), True)
        writer.heart_rate("strap", second + 0.5, 120, (500.0,), True)
    writer.finish("completed", 10.0)
    (row,) = log_rows(db, tz=UTC)
    assert (row.avg_bpm, row.peak_bpm) == (80.0, 80)
    summary = heart_rate_summary(db, writer.session_id)
    assert summary is not None
    assert (summary.device, summary.readings) == ("h10", 10)
    assert {bpm for _, bpm in heart_rate_series(db, writer.session_id)} == {80}
    # A file from before: its row averaged both devices.
    db.execute("UPDATE sessions SET avg_bpm = 106.7, peak_bpm = 120")
    back_to_before(db, _one_heart_rate_source)
    db.close()
    again = open_database(path)
    assert again.execute("SELECT avg_bpm, peak_bpm FROM sessions").fetchone() == (80.0, 80)
    again.close()


@pytest.mark.parametrize(
    ("tz", "late_day"),
    [(NEW_YORK_WINTER, date(2026, 1, 14)), (TOKYO, date(2026, 1, 15)), (UTC, date(2026, 1, 15))],
)
def test_days_are_local_to_the_zone_given(db: Database, tz: timezone, late_day: date) -> None:
    # 04:59 UTC is 23:59 the day before in New York (UTC-5); 05:00 UTC is its midnight.
    before_midnight = record(db, utc("2026-01-15T04:59:59.999"))
    at_midnight = record(db, utc("2026-01-15T05:00:00"))
    on_day = {r.id for r in log_rows(db, LogFilter(since=late_day, until=late_day), tz=tz)}
    if tz is NEW_YORK_WINTER:
        assert on_day == {before_midnight}
        assert {r.id for r in log_rows(db, LogFilter(since=date(2026, 1, 15)), tz=tz)} == {
            at_midnight
        }
        assert {r.id for r in log_rows(db, LogFilter(until=date(2026, 1, 14)), tz=tz)} == {
            before_midnight
        }
    else:
        assert on_day == {before_midnight, at_midnight}


BERLIN = "CET-1CEST,M3.5.0,M10.5.0/3"
"""Central European time as a POSIX TZ rule: UTC+1, and UTC+2 from the last Sunday of
March to the last Sunday of October (no zone files needed)."""


@pytest.fixture
def in_berlin() -> Iterator[None]:
    """The machine's local time is Berlin's for the test."""
    with in_zone(BERLIN):
        yield


def test_the_machines_days_follow_its_daylight_saving_changes(
    db: Database, in_berlin: None
) -> None:
    # 22:30 UTC is 23:30 in a Berlin winter and 00:30 the next day in its summer: a fixed
    # offset (today's) puts one of them on the wrong day, whichever half of the year it is.
    winter = record(db, utc("2026-01-14T22:30:00"), steps=[reps(1, 5)])
    summer = record(db, utc("2026-07-14T22:30:00"), steps=[reps(1, 5)])
    # Three evenings at 23:30 across the change to summer time (29 March, 02:00).
    evenings = [utc("2026-03-27T22:30:00"), utc("2026-03-28T22:30:00"), utc("2026-03-29T21:30")]
    for evening in evenings:
        record(db, evening, steps=[reps(1, 5)])
    assert sorted(active_days(db)) == [
        date(2026, 1, 14),
        date(2026, 3, 27),
        date(2026, 3, 28),
        date(2026, 3, 29),
        date(2026, 7, 15),
    ]
    assert streaks(active_days(db), date(2026, 3, 29)).current_days == 3
    assert [r.id for r in log_rows(db, LogFilter(since=date(2026, 7, 15)))] == [summer]
    assert [r.id for r in log_rows(db, LogFilter(until=date(2026, 1, 14)))] == [winter]
    zone = local_zone()
    assert zone.utcoffset(datetime(2026, 1, 15, 12)) == timedelta(hours=1)
    assert zone.utcoffset(datetime(2026, 7, 15, 12)) == timedelta(hours=2)
    # 02:30 on 25 October happens twice: first in summer time, then (fold 1) in winter time.
    assert zone.utcoffset(datetime(2026, 10, 25, 2, 30)) == timedelta(hours=2)
    assert zone.utcoffset(datetime(2026, 10, 25, 2, 30, fold=1)) == timedelta(hours=1)
    second = utc("2026-10-25T01:30:00").astimezone(zone)
    assert (second.hour, second.minute, second.fold) == (2, 30, 1)
    assert second.astimezone(UTC) == utc("2026-10-25T01:30:00")


def test_a_row_carries_the_figures_of_its_session(db: Database) -> None:
    session = record(
        db,
        utc("2026-03-01T08:00:00"),
        seconds=754.4,
        steps=[
            hold(0, (10.0, 12.0)),
            reps(1, 8),
            reps(2, 0, skipped=True, active_s=4.0),
            reps(3, 3, ended_s=None),
        ],
        pain=(5, 3),
        note="fine",
        bpm=[80, 90, 100, 120],
        motion=True,
        planned_sets=6,
    )
    plain = record(db, utc("2026-03-02T08:00:00"))
    (row,) = log_rows(db, LogFilter(until=date(2026, 3, 1)), tz=UTC)
    assert row.id == session
    assert row.started_at == utc("2026-03-01T08:00:00")
    assert row.started_at.tzinfo is not None
    assert row.duration_s == 754
    assert (row.sets_planned, row.sets_done, row.sets_skipped) == (6, 2, 1)
    assert (row.pain_before, row.pain_after, row.note) == (5, 3, "fine")
    assert (row.avg_bpm, row.peak_bpm, row.has_motion) == (97.5, 120, True)
    # 22 s of holds, 30 s of reps and 30 s of the set cut off after 3 reps (worked, as the
    # README says); not the one skipped before a rep.
    assert row.active_s == 82.0
    other = log_row(db, plain)
    assert other is not None
    assert (other.avg_bpm, other.peak_bpm, other.has_motion, other.sets_done) == (
        None,
        None,
        False,
        0,
    )
    assert log_row(db, 999) is None


def test_a_running_session_shows_its_figures_so_far(db: Database) -> None:
    session = record(
        db, utc("2026-03-01T08:00:00"), status="running", bpm=[70, 90], steps=[reps(1, 5)]
    )
    row = log_row(db, session)
    assert row is not None
    assert (row.status, row.avg_bpm, row.peak_bpm, row.active_s) == ("running", 80.0, 90, 30.0)
    stored = db.execute("SELECT avg_bpm FROM sessions WHERE id = ?", [session]).fetchone()
    assert stored == (None,)


def test_finish_and_mark_interrupted_fill_the_session_row(db: Database) -> None:
    finished = record(db, utc("2026-03-01T08:00:00"), bpm=[60, 61, 95], steps=[reps(1, 5)])
    stale = record(
        db, utc("2026-03-02T08:00:00"), status="running", bpm=[100, 110], steps=[hold(0, (9.5,))]
    )
    figures = "SELECT avg_bpm, peak_bpm, active_s FROM sessions WHERE id = ?"
    assert db.execute(figures, [finished]).fetchone() == (72.0, 95, 30.0)
    assert db.execute(figures, [stale]).fetchone() == (None, None, None)
    later = utc_now() + timedelta(hours=1)
    db.execute("UPDATE sessions SET pid = 0 WHERE id = ?", [stale])  # a process that is gone
    db.conn.commit()
    assert mark_interrupted(db, later) == [stale]
    assert db.execute(figures, [stale]).fetchone() == (105.0, 110, 9.5)


def test_an_ending_written_as_an_update_and_later_rows_keep_the_figures_true(
    db: Database,
) -> None:
    writer = SessionWriter.start(
        db, kind="routine", routine_id="core-basics", started_at=utc("2026-03-01T08:00:00")
    )
    writer.heart_rate("strap", 1.0, 80, (), True)
    writer.update(status="ended-early", ended_at=writer.at(60.0))  # as the runner ends one
    writer.flush()
    figures = "SELECT avg_bpm, peak_bpm FROM sessions WHERE id = ?"
    assert db.execute(figures, [writer.session_id]).fetchone() == (80.0, 80)
    writer.heart_rate("strap", 2.0, 100, (), True)  # still arriving during the last questions
    writer.flush()
    assert db.execute(figures, [writer.session_id]).fetchone() == (90.0, 100)


def test_routines_in_the_log_by_name_with_their_latest_name(db: Database) -> None:
    record(db, utc("2026-01-01T09:00:00"), routine_id="zeta", routine_name="Old name")
    record(db, utc("2026-01-05T09:00:00"), routine_id="zeta", routine_name="Alpha")
    record(db, utc("2026-01-02T09:00:00"), routine_id="desk-break", routine_name="Desk break")
    record(db, utc("2026-01-03T09:00:00"), kind="recording", routine_id=None, routine_name=None)
    assert routines_in_log(db) == [("zeta", "Alpha"), ("desk-break", "Desk break")]


def test_heart_rate_series_in_order_and_thinned_keeping_peaks(db: Database) -> None:
    beats = [70 + (second % 10) for second in range(100)]
    beats[37] = 180
    beats[62] = 40
    session = record(db, utc("2026-01-01T09:00:00"), bpm=beats)
    series = heart_rate_series(db, session)
    assert series == [(float(second), beat) for second, beat in enumerate(beats)]
    thinned = heart_rate_series(db, session, max_points=20)
    assert len(thinned) <= 20
    assert (37.0, 180) in thinned
    assert (62.0, 40) in thinned
    assert [t for t, _ in thinned] == sorted(t for t, _ in thinned)
    assert heart_rate_series(db, session, max_points=500) == series
    assert heart_rate_series(db, 999) == []


def test_thin_spreads_its_points_evenly() -> None:
    series = [(float(t), 60) for t in range(1000)]
    thinned = thin(series, 10)
    assert len(thinned) == 5  # a flat line: low and high of each stretch are one point
    assert [t for t, _ in thinned] == [0.0, 200.0, 400.0, 600.0, 800.0]
    assert thin(series, 1) == [(0.0, 60)]
    assert thin(series, 0) == []


def test_motion_chunks_overlapping_a_range(db: Database) -> None:
    session = record(db, utc("2026-01-01T09:00:00"), motion=True)
    record(db, utc("2026-01-02T09:00:00"), motion=True)
    assert [c.t0_s for c in motion_chunks(db, session, 0.0, 100.0)] == [20.0, 21.0]
    assert [c.t0_s for c in motion_chunks(db, session, 20.5, 20.9)] == [20.0]
    assert [c.data for c in motion_chunks(db, session, 21.5, 30.0)] == [b"\x03\x04"]
    assert list(motion_chunks(db, session, 22.5, 30.0)) == []
    (chunk,) = motion_chunks(db, session, 19.0, 20.2)
    assert (chunk.device, chunk.rate_hz, chunk.count, chunk.encoding) == ("h10", 50.0, 50, "enc")


def test_motion_devices_in_order_and_the_chunks_of_one(db: Database) -> None:
    writer = SessionWriter.start(db, kind="recording", started_at=utc("2026-01-01T09:00:00"))
    writer.stream_chunk("strap", "acc", 10.5, 50.0, 50, "enc", b"\x05")
    writer.stream_chunk("h10", "acc", 10.0, 50.0, 50, "enc", b"\x01")
    writer.stream_chunk("h10", "acc", 11.0, 50.0, 50, "enc", b"\x02")
    writer.stream_chunk("strap", "hr", 9.0, 1.0, 5, "enc", b"\x09")  # not motion
    writer.finish("completed", 12.0)
    session = writer.session_id
    assert motion_devices(db, session, 0.0, 12.0) == ["h10", "strap"], "by their first chunk"
    assert motion_devices(db, session, 11.6, 12.0) == ["h10"]
    assert motion_devices(db, session, 20.0, 30.0) == []
    assert [c.data for c in motion_chunks(db, session, 0.0, 12.0, "h10")] == [b"\x01", b"\x02"]
    assert [c.data for c in motion_chunks(db, session, 0.0, 12.0, "strap")] == [b"\x05"]
    assert [c.data for c in motion_chunks(db, session, 0.0, 12.0)] == [b"\x01", b"\x05", b"\x02"]


# --- trends ----------------------------------------------------------------------------


def test_exercise_trends_against_hand_worked_figures(db: Database) -> None:
    day1 = utc("2026-04-06T07:00:00")
    record(db, day1, steps=[hold(0, (10.0, 12.0, 8.0)), reps(1, 8), reps(2, 10)])
    # The same local day: its sets count with the first session's.
    record(db, day1 + timedelta(hours=15), steps=[hold(0, (15.0,)), reps(1, 6)])
    record(
        db,
        day1 + timedelta(days=2),
        steps=[
            hold(0, (20.0, 21.0), exercise_name="Plank (forearms)"),
            hold(1, (99.0,), skipped=True),  # skipped: not a hold that counts
            reps(2, 50, ended_s=None),  # unfinished: neither
        ],
    )
    record(db, day1 + timedelta(days=3), kind="recording", steps=[hold(0, (77.0,))])
    trends = exercise_trends(db, tz=UTC)
    assert [(t.exercise_id, t.name, t.mode) for t in trends] == [
        ("bird-dog", "Bird dog", "reps"),
        ("forearm-plank", "Plank (forearms)", "hold"),  # the latest name
    ]
    bird, plank = trends
    assert [(p.day, p.best_reps, p.typical_reps) for p in bird.points] == [
        (date(2026, 4, 6), 10, 8.0),  # sets 8, 10, 6: median 8
    ]
    assert [(p.day, p.best_hold_s, p.typical_hold_s) for p in plank.points] == [
        (date(2026, 4, 6), 15.0, 11.0),  # holds 10, 12, 8, 15: median 11
        (date(2026, 4, 8), 21.0, 20.5),
    ]
    assert plank.points[0].best_reps is None
    assert bird.points[0].best_hold_s is None
    since = exercise_trends(db, since=date(2026, 4, 7), tz=UTC)
    assert [t.exercise_id for t in since] == ["forearm-plank"]
    assert [p.day for p in since[0].points] == [date(2026, 4, 8)]
    # 22:00 UTC on the 6th is already the 7th in Tokyo.
    tokyo = exercise_trends(db, tz=TOKYO)
    assert [p.day for p in tokyo[1].points] == [
        date(2026, 4, 6),
        date(2026, 4, 7),
        date(2026, 4, 8),
    ]


def test_pain_trend_of_exercised_sessions(db: Database) -> None:
    done = [reps(1, 5)]
    first = record(db, utc("2026-05-01T09:00:00"), steps=done, pain=(6, 4))
    record(db, utc("2026-05-02T09:00:00"), steps=[reps(1, 0, skipped=True)], pain=(5, 5))
    record(db, utc("2026-05-03T09:00:00"), steps=done)  # no pain recorded
    record(db, utc("2026-05-04T09:00:00"), kind="recording", steps=done, pain=(3, 3))
    last = record(db, utc("2026-05-05T09:00:00"), steps=done, pain=(None, 2))
    points = pain_trend(db, tz=UTC)
    assert [(p.day, p.session_id, p.before, p.after) for p in points] == [
        (date(2026, 5, 1), first, 6, 4),
        (date(2026, 5, 5), last, None, 2),
    ]
    assert [p.session_id for p in pain_trend(db, since=date(2026, 5, 2), tz=UTC)] == [last]


def test_minutes_per_week_with_empty_weeks(db: Database) -> None:
    # Monday 2026-06-01: 30 s + 90 s; the week of the 8th: none; the 15th: 60 s.
    record(db, utc("2026-06-01T09:00:00"), steps=[reps(1, 5)])
    record(db, utc("2026-06-07T21:00:00"), steps=[reps(1, 5, active_s=90.0)], status="ended-early")
    record(db, utc("2026-06-03T09:00:00"), steps=[reps(1, 5)], status="interrupted")
    record(db, utc("2026-06-16T09:00:00"), steps=[reps(1, 5, active_s=60.0)])
    record(db, utc("2026-06-17T09:00:00"), kind="recording", steps=[reps(1, 5)])
    weeks = minutes_per_week(db, tz=UTC, today=date(2026, 6, 30))
    assert weeks == [
        (date(2026, 6, 1), 2.0),
        (date(2026, 6, 8), 0.0),
        (date(2026, 6, 15), 1.0),
        (date(2026, 6, 22), 0.0),
        (date(2026, 6, 29), 0.0),
    ]
    # In Tokyo, Sunday 21:00 UTC is already Monday: the 90 s move to the next week.
    assert minutes_per_week(db, tz=TOKYO, today=date(2026, 6, 16))[:2] == [
        (date(2026, 6, 1), 0.5),
        (date(2026, 6, 8), 1.5),
    ]
    since = minutes_per_week(db, since=date(2026, 6, 10), tz=UTC, today=date(2026, 6, 20))
    assert since == [(date(2026, 6, 8), 0.0), (date(2026, 6, 15), 1.0)]


@pytest.mark.parametrize("tz", [UTC, TOKYO, NEW_YORK_WINTER])
def test_days_at_the_ends_of_the_calendar_take_every_session(db: Database, tz: timezone) -> None:
    """--until 9999-12-31 (and, east of UTC, --since 0001-01-01) ended in OverflowError."""
    first = record(db, utc("2026-01-01T09:00:00"), steps=[reps(1, 5)], pain=(5, 3))
    last = record(db, utc("2026-01-02T09:00:00"), steps=[reps(1, 5)], pain=(4, 2))
    ends = LogFilter(since=date.min, until=date.max)
    assert [r.id for r in log_rows(db, ends, tz=tz)] == [last, first]
    assert log_count(db, LogFilter(until=date.max), tz=tz) == 2
    assert log_rows(db, LogFilter(until=date.min), tz=tz) == []
    assert log_rows(db, LogFilter(since=date.max), tz=tz) == []
    assert [p.session_id for p in pain_trend(db, since=date.min, tz=tz)] == [first, last]


def test_an_empty_log_has_no_weeks_days_or_trends(db: Database) -> None:
    assert minutes_per_week(db, tz=UTC) == []
    assert minutes_per_week(db, since=date(2026, 6, 1), tz=UTC, today=date(2026, 6, 9)) == [
        (date(2026, 6, 1), 0.0),
        (date(2026, 6, 8), 0.0),
    ]
    assert active_days(db, tz=UTC) == {}
    assert exercise_trends(db, tz=UTC) == []
    assert pain_trend(db, tz=UTC) == []
    assert log_rows(db) == []
    assert log_count(db) == 0
    assert routines_in_log(db) == []


def test_active_days_count_every_exercised_session(db: Database) -> None:
    record(db, utc("2026-06-01T09:00:00"), steps=[reps(1, 5)])
    record(db, utc("2026-06-01T18:00:00"), steps=[reps(1, 5, active_s=90.0)], status="interrupted")
    record(db, utc("2026-06-02T09:00:00"), steps=[reps(1, 0, skipped=True)])
    record(db, utc("2026-06-03T09:00:00"), kind="recording", steps=[reps(1, 5)])
    assert active_days(db, tz=UTC) == {date(2026, 6, 1): 2.0}


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], date(2026, 1, 10), Streaks(0, 0, None)),
        ([date(2026, 1, 10)], date(2026, 1, 10), Streaks(1, 1, date(2026, 1, 10))),
        # Today not done yet: the run up to yesterday still counts.
        (
            [date(2026, 1, 7), date(2026, 1, 8), date(2026, 1, 9)],
            date(2026, 1, 10),
            Streaks(3, 3, date(2026, 1, 9)),
        ),
        # Two days ago: broken.
        ([date(2026, 1, 7), date(2026, 1, 8)], date(2026, 1, 10), Streaks(0, 2, date(2026, 1, 8))),
        # A gap, the longest earlier, duplicates and any order.
        (
            [
                date(2026, 1, 9),
                date(2026, 1, 1),
                date(2026, 1, 2),
                date(2026, 1, 3),
                date(2026, 1, 2),
                date(2026, 1, 10),
            ],
            date(2026, 1, 10),
            Streaks(2, 3, date(2026, 1, 3)),
        ),
        # Two runs as long: the more recent is named.
        (
            [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 5), date(2026, 1, 6)],
            date(2026, 1, 20),
            Streaks(0, 2, date(2026, 1, 6)),
        ),
        # Across a month and a leap day.
        (
            [date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)],
            date(2028, 3, 1),
            Streaks(3, 3, date(2028, 3, 1)),
        ),
    ],
)
def test_streaks(days: list[date], today: date, expected: Streaks) -> None:
    assert streaks(days, today) == expected
    assert streaks(iter(days), today) == expected  # any iterable, read once


# --- editing ---------------------------------------------------------------------------


def table_counts(db: Database, session_id: int) -> dict[str, int]:
    tables = ("steps", "events", "session_devices", "heart_rate", "stream_chunks")
    counts = {
        table: db.execute(
            f"SELECT count(*) FROM {table} WHERE session_id = ?", [session_id]
        ).fetchone()[0]
        for table in tables
    }
    counts["sessions"] = db.execute(
        "SELECT count(*) FROM sessions WHERE id = ?", [session_id]
    ).fetchone()[0]
    return counts


def test_delete_removes_every_row_of_that_session_only(db: Database) -> None:
    full = {"steps": [hold(0, (10.0,)), reps(1, 5)], "bpm": [80, 90], "motion": True}
    before = record(db, utc("2026-01-01T09:00:00"), **full)  # type: ignore[arg-type]
    doomed = record(db, utc("2026-01-02T09:00:00"), **full)  # type: ignore[arg-type]
    after = record(db, utc("2026-01-03T09:00:00"), **full)  # type: ignore[arg-type]
    kept = table_counts(db, before)
    assert all(count > 0 for count in table_counts(db, doomed).values())
    assert delete_session(db, doomed)
    assert set(table_counts(db, doomed).values()) == {0}
    assert table_counts(db, before) == kept
    assert table_counts(db, after) == kept
    assert [r.id for r in log_rows(db)] == [after, before]
    assert not delete_session(db, doomed)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_note_is_set_changed_and_cleared(db: Database) -> None:
    session = record(db, utc("2026-01-01T09:00:00"), note="first")
    other = record(db, utc("2026-01-02T09:00:00"), note="other")
    assert set_note(db, session, "  knee twinged on the bridge ")
    assert log_rows(db, LogFilter(text="twinged"))[0].note == "knee twinged on the bridge"
    assert set_note(db, session, "")
    assert log_row(db, session).note is None  # type: ignore[union-attr]
    assert set_note(db, session, "again")
    assert set_note(db, session, None)
    assert log_row(db, session).note is None  # type: ignore[union-attr]
    assert log_row(db, other).note == "other"  # type: ignore[union-attr]
    assert not set_note(db, 999, "nobody")


# --- migration 4 and the views ---------------------------------------------------------


def migration_3_file(path: Path) -> None:
    """A database as lumbar left it before migration 4, with heart rate and sets."""
    path.parent.mkdir(mode=0o700)
    old = Database(path)
    for migration in MIGRATIONS[:3]:
        migration(old)
    old.execute("PRAGMA user_version = 3")
    for sid, status in ((1, "completed"), (2, "completed"), (3, "running")):
        old.table("sessions").insert(
            {
                "id": sid,
                "kind": "routine",
                "routine_id": "core-basics",
                "routine_name": "Core basics",
                "started_at": f"2026-01-0{sid}T10:00:00.000Z",
                "updated_at": f"2026-01-0{sid}T10:10:00.000Z",
                "ended_at": None if status == "running" else f"2026-01-0{sid}T10:10:00.000Z",
                "status": status,
                "planned_sets": 3,
            }
        )
    common = {"exercise_id": "forearm-plank", "exercise_name": "Forearm plank", "mode": "hold"}
    old.table("steps").insert_all(
        [
            {**common, "session_id": 1, "step_index": 0, "set_number": 1, "skipped": 0,
             "active_s": 40.0, "held_s": 30.0, "broken_s": 10.0, "holds_s": "[15, 15]",
             "ended_at": "2026-01-01T10:01:00.000Z"},
            {**common, "session_id": 1, "step_index": 1, "set_number": 2, "skipped": 0,
             "active_s": 20.5, "held_s": 20.0, "holds_s": "[20]",
             "ended_at": "2026-01-01T10:02:00.000Z"},
            {**common, "session_id": 1, "step_index": 2, "set_number": 3, "skipped": 1,
             "active_s": 5.0, "held_s": 0.0, "holds_s": "[]",
             "ended_at": "2026-01-01T10:03:00.000Z"},
            {**common, "session_id": 3, "step_index": 0, "set_number": 1, "skipped": 0,
             "active_s": 40.0, "held_s": 30.0, "holds_s": "[30]",
             "ended_at": "2026-01-03T10:01:00.000Z"},
        ]
    )  # fmt: skip
    old.table("heart_rate").insert_all(
        [
            {"session_id": sid, "device": "strap", "t_s": float(t), "bpm": bpm, "rr_ms": "[]"}
            for sid, t, bpm in ((1, 0, 70), (1, 1, 80), (1, 2, 101), (3, 0, 90))
        ]
    )
    old.conn.commit()
    old.close()


def test_migration_4_upgrades_a_file_and_backfills_its_figures(path: Path) -> None:
    migration_3_file(path)
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 4
    figures = db.execute(
        "SELECT id, avg_bpm, peak_bpm, active_s FROM sessions ORDER BY id"
    ).fetchall()
    assert figures == [
        (1, 83.7, 101, 60.5),  # (70+80+101)/3; the skipped set's 5 s do not count
        (2, None, None, None),  # no heart rate, no sets
        (3, None, None, None),  # still running: filled when it ends
    ]
    (row,) = log_rows(db, LogFilter(status="completed", until=date(2026, 1, 1)), tz=UTC)
    assert (row.avg_bpm, row.peak_bpm, row.sets_done, row.sets_skipped) == (83.7, 101, 2, 1)
    running = log_row(db, 3)
    assert running is not None
    assert (running.avg_bpm, running.peak_bpm) == (90.0, 90)
    db.close()


def test_a_migration_3_file_read_only_still_lists_its_figures(path: Path) -> None:
    migration_3_file(path)
    db = open_database(path, writable=False)  # reading never migrates
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    rows = {r.id: r for r in log_rows(db)}
    assert (rows[1].avg_bpm, rows[1].peak_bpm, rows[1].active_s) == (83.7, 101, 60.5)
    assert active_days(db, tz=UTC) == {
        date(2026, 1, 1): round(60.5 / 60, 2),
        date(2026, 1, 3): 0.67,
    }
    db.close()


def test_a_file_not_yet_migrated_to_every_set_worked_reads_it_from_the_steps(
    db: Database, path: Path, tmp_path: Path
) -> None:
    """A schema-14 file kept the seconds of the sets done only on its rows; opened read-only
    (the log, trends and export never migrate), every reader works its minutes out from the
    steps, a set left part done included, as it counts the session exercised."""
    left = hold(1, [40.0], skipped=True)  # skipped after a 40 s hold: worked
    session_id = record(db, utc("2026-01-01T10:00:00"), steps=[hold(0, [30.0]), left])
    db.execute("UPDATE sessions SET active_s = 30.0")  # as schema 14 kept it: done sets only
    back_to_before(db, _time_in_sets_is_every_set_worked)
    db.close()
    old = open_database(path, writable=False)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 14
    (row,) = log_rows(old, tz=UTC)
    assert row.active_s == 70.0
    assert active_days(old, tz=UTC) == {date(2026, 1, 1): round(70 / 60, 2)}
    with atomic_folder(tmp_path / "csv") as folder:
        write_tables(old, [session_id], folder, decode_acc)
    with (tmp_path / "csv" / "sessions.csv").open() as sessions:
        (exported,) = csv.DictReader(sessions)
    with (tmp_path / "csv" / "steps.csv").open() as steps:
        worked = sum(float(r["worked_s"]) for r in csv.DictReader(steps))
    assert float(exported["active_s"]) == worked == 70.0
    old.close()


def test_the_views_read_with_plain_sqlite3(path: Path) -> None:
    migration_3_file(path)
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    sessions = [dict(row) for row in conn.execute("SELECT * FROM session_summary ORDER BY id")]
    first = sessions[0]
    assert first["started_utc"] == "2026-01-01T10:00:00.000Z"
    assert first["minutes"] == 10.0
    assert first["active_minutes"] == 1.0
    assert (first["sets_done"], first["sets_planned"], first["sets_skipped"]) == (2, 3, 1)
    assert (first["avg_bpm"], first["peak_bpm"], first["has_motion"]) == (83.7, 101, 0)
    assert [s["status"] for s in sessions] == ["completed", "completed", "running"]
    steps = [dict(row) for row in conn.execute("SELECT * FROM step_summary WHERE session_id = 1")]
    assert [s["hold_quality"] for s in steps] == [0.75, None, None]  # 30 / (30 + 10)
    assert steps[0]["session_started_utc"] == "2026-01-01T10:00:00.000Z"
    assert [s["skipped"] for s in steps] == [0, 0, 1]
    conn.close()


def test_sensing_appears_in_the_step_view(db: Database, path: Path) -> None:
    sensing = StepSensing(sensor="h10", hold_breaks=1, broken_s=2.0, form_warnings=3, avg_bpm=91.0)
    record(db, utc("2026-01-01T09:00:00"), steps=[hold(0, (4.0, 4.0), sensing=sensing)])
    conn = sqlite3.connect(path)
    quality, warnings, bpm = conn.execute(
        "SELECT hold_quality, form_warnings, avg_bpm FROM step_summary"
    ).fetchone()
    conn.close()
    assert (quality, warnings, bpm) == (0.8, 3, 91.0)
