"""Outcomes stored in a real SQLite file; today read from a history written by SessionWriter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from log_history import routine_session, story
from rewind import back_to_before

from catalog import Catalog
from catalog.measures import MIC_TEXT, PSFS_ACTIVITY_MIC_TEXT, LastAsked
from db.clock import SYSTEM_TIME
from db.connection import open_database
from db.edit import delete_session
from db.outcomes import (
    Compared,
    compared,
    last_asked,
    outcomes,
    outcomes_latest,
    psfs_activities,
    record_peg,
    record_psfs,
    record_skipped,
)
from db.past_sessions import exercised_sessions, session_sets
from db.schema import _outcomes
from db.timestamps import iso
from db.today import today_plan
from db.trends import active_days
from tui.report.data import gather
from tui.words import outcome_change_text

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def test_a_peg_is_stored_with_its_score_and_each_answer(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    saved = record_peg(db, 6, 7, 5, at=NOW, after_session_id=12)
    assert saved.score == pytest.approx(6.0)
    rows = db.execute("SELECT measure, score, skipped, after_session_id FROM outcomes").fetchall()
    assert rows == [("peg", 6.0, 0, 12)]
    answers = db.execute("SELECT item, value FROM outcome_answers ORDER BY position").fetchall()
    assert answers == [("pain", 6), ("enjoyment", 7), ("activity", 5)]
    assert outcomes(db) == [saved]


def test_a_partly_skipped_peg_keeps_its_answers_without_a_score(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    saved = record_peg(db, 6, None, 5, at=NOW)
    assert saved.score is None
    assert not saved.skipped
    assert [a.value for a in outcomes(db)[0].answers] == [6, None, 5]


def test_psfs_keeps_the_activities_named_for_next_time(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    record_psfs(db, [("Sitting through a meeting", 3), ("Lifting my child", 5), ("", None)], at=NOW)
    later = record_psfs(
        db,
        [("Sitting through a meeting", 6), ("Lifting my child", None)],
        at=NOW + timedelta(days=14),
    )
    assert later.score == pytest.approx(6.0)
    assert psfs_activities(db) == ("Sitting through a meeting", "Lifting my child")
    assert outcomes_latest(db, "psfs") == later
    assert [o.score for o in outcomes(db, "psfs")] == [pytest.approx(4.0), pytest.approx(6.0)]
    with pytest.raises(ValueError, match="up to 3"):
        record_psfs(db, [("a", 1), ("b", 1), ("c", 1), ("d", 1)])


def test_a_psfs_change_is_told_on_the_activities_rated_both_times(tmp_path: Path) -> None:
    """An activity added (or left unrated) is no change in the others: one rated 3 and then 6,
    with a new one at 0, read "+0.0" overall; it is +3 on the one rated both times."""
    db = open_database(tmp_path / "l.db")
    first = record_psfs(db, [("Sitting through a meeting", 3)], at=NOW)
    later = record_psfs(
        db,
        [("sitting through  a meeting", 6), ("Lifting my child", 0)],
        at=NOW + timedelta(days=14),
    )
    assert (first.score, later.score) == (3.0, 3.0)
    assert compared(first, later) == Compared(3.0, 6.0, ("sitting through  a meeting",), 1)
    assert outcome_change_text("psfs", outcomes(db)) == (
        "3.0 → 6.0 since the first (2 answers) on the 1 activity rated both times (sitting "
        "through  a meeting): better by at least the minimal important change "
        f"({PSFS_ACTIVITY_MIC_TEXT})"
    )
    # On one activity, its own minimal change (3 points, not the average's 2: helper-82).
    same = record_psfs(db, [("Sitting through a meeting", 5)], at=NOW + timedelta(days=28))
    assert compared(first, same) == Compared(3.0, 5.0, rated=1), "the same: their scores"
    assert outcome_change_text("psfs", outcomes(db)).endswith(
        f": within the minimal important change ({PSFS_ACTIVITY_MIC_TEXT})"
    )
    at = NOW + timedelta(days=30)
    three = record_psfs(db, [("Walking", 3), ("Lifting my child", 0), ("Gardening", 5)], at=at)
    two = record_psfs(db, [("Walking", 6), ("Lifting my child", 2)], at=at + timedelta(days=1))
    assert outcome_change_text("psfs", [three, two]).endswith(
        "on the 2 activities rated both times (Walking, Lifting my child): "
        f"better by at least the minimal important change ({MIC_TEXT['psfs']})"
    )
    none_shared = record_psfs(db, [("Gardening", 9)], at=NOW + timedelta(days=42))
    assert compared(first, none_shared) is None
    assert outcome_change_text("psfs", outcomes(db)) == (
        "9.0 (6 answers); no activity rated the first time was rated the last: the change "
        "cannot be told"
    )
    assert outcome_change_text("peg", outcomes(db)) == "not answered yet"
    record_peg(db, 5, 5, 5, at=NOW)
    assert outcome_change_text("peg", outcomes(db)) == (
        "5.0 (the first; a change of 1 point or more is important)"
    )


def test_skipping_as_a_whole_is_noted_and_waits_before_asking_again(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    record_peg(db, 5, 5, 5, at=NOW - timedelta(days=10))
    record_skipped(db, "peg", at=NOW)
    record_peg(db, None, None, None, at=NOW)  # nothing answered: skipped too
    assert len(outcomes(db, "peg")) == 1
    assert len(outcomes(db, "peg", include_skipped=True)) == 3
    asked = last_asked(db, tz=UTC)
    assert asked["peg"] == LastAsked(answered=date(2025, 3, 4), skipped=date(2025, 3, 14))
    assert asked["psfs"] == LastAsked()


def test_outcomes_stay_when_the_session_they_followed_is_deleted(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    session = routine_session(db, NOW - timedelta(hours=1))
    record_peg(db, 4, 4, 4, at=NOW, after_session_id=session)
    assert delete_session(db, session)
    assert [o.after_session_id for o in outcomes(db)] == [session]


def test_a_database_from_before_outcomes_reads_as_none_asked(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_database(path)
    back_to_before(db, _outcomes)
    db.close()
    read_only = open_database(path, writable=False)
    assert outcomes(read_only) == []
    assert psfs_activities(read_only) == ()
    assert last_asked(read_only)["peg"] == LastAsked()
    read_only.close()
    assert "outcomes" in open_database(path).table_names()  # migrated when opened to write


def test_exercised_sessions_are_routine_sessions_with_a_set_worked(tmp_path: Path) -> None:
    ids = story(tmp_path / "l.db", NOW)
    db = open_database(tmp_path / "l.db")
    done = exercised_sessions(db, tz=UTC)
    assert [s.id for s in done] == [ids.older, ids.ended_early, ids.plain, ids.with_sensors]
    assert done[-1].day == date(2025, 3, 13)
    assert done[-1].pain_before == 4
    assert done[1].note == "stiff morning"
    assert done[1].status == "ended-early"
    assert [s.id for s in exercised_sessions(db, since=date(2025, 3, 12), tz=UTC)] == [
        ids.plain,
        ids.with_sensors,
    ]
    sets = session_sets(db, ids.with_sensors)
    assert [s.exercise_id for s in sets] == ["bird-dog", "bird-dog", "forearm-plank"]
    assert sets[0].form_warnings == 1
    assert sets[1].form_warnings is None
    assert sets[2].hold_quality == pytest.approx(27 / 30)
    assert sets[2].holds_s == (10.0, 9.0, 8.0)
    assert session_sets(db, 999) == []
    # A demo's session is not the person's (found by review: the report counted it).
    db.execute("UPDATE sessions SET demo = 1 WHERE id = ?", [ids.plain])
    assert ids.plain not in [s.id for s in exercised_sessions(db, tz=UTC)]
    assert ids.plain in [s.id for s in exercised_sessions(db, tz=UTC, include_demo=True)]


def test_today_reads_the_history_and_the_questionnaires(tmp_path: Path, builtin: Catalog) -> None:
    db = open_database(tmp_path / "l.db")
    # Core basics (3 a week) on Monday; Back ten (no frequency) on Wednesday.
    routine_session(db, datetime(2025, 3, 10, 9, tzinfo=UTC))
    routine_session(db, datetime(2025, 3, 12, 9, tzinfo=UTC), routine=("back-ten", "Back ten"))
    record_peg(db, 5, 5, 5, at=datetime(2025, 3, 12, 10, tzinfo=UTC))
    plan = today_plan(db, builtin.routines, today=date(2025, 3, 14), tz=UTC)
    core, back = plan.today.routines
    assert (core.routine_id, core.state, core.done_this_week) == ("core-basics", "due", 1)
    assert (back.routine_id, back.state) == ("back-ten", "open")
    assert plan.outcomes_due == ("psfs",)
    empty = today_plan(None, builtin.routines, today=date(2025, 3, 14), tz=SYSTEM_TIME)
    assert empty.today.routines == ()
    assert empty.outcomes_due == ("peg", "psfs")


def test_a_session_started_afresh_is_not_one_of_its_own_for_the_week(
    tmp_path: Path, builtin: Catalog
) -> None:
    """Found in a review: a crash early in a session, then n (start afresh) and the session
    done, made "this week 2 of 3". The one cut off is that day's work begun again: its
    minutes and its day count, not a session of its own. Started afresh only while it was
    offered (12 h after it stopped): later, it is a session of its own."""
    db = open_database(tmp_path / "l.db")
    thursday = datetime(2025, 3, 13, 9, tzinfo=UTC)
    crashed = routine_session(db, thursday, status="interrupted")
    stopped = iso(thursday + timedelta(minutes=2))  # as the crash left it
    db.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", [stopped, crashed])
    (alone,) = active_days(db, tz=UTC).values()
    routine_session(db, thursday + timedelta(minutes=5))
    plan = today_plan(db, builtin.routines, today=date(2025, 3, 14), tz=UTC)
    (core,) = plan.today.routines
    assert (core.done_this_week, core.week[3]) == (1, 1)
    assert active_days(db, tz=UTC) == {date(2025, 3, 13): pytest.approx(2 * alone, abs=0.01)}
    report = gather(db, builtin, since=None, today=date(2025, 3, 14), tz=UTC)
    assert [week.done for week in report.weeks] == [1]
    # Stopped on Monday and not taken up before Tuesday's session: no longer offered then.
    monday = datetime(2025, 3, 10, 9, tzinfo=UTC)
    left = routine_session(db, monday, status="interrupted")
    db.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", [iso(monday), left])
    routine_session(db, monday + timedelta(days=1))
    plan = today_plan(db, builtin.routines, today=date(2025, 3, 14), tz=UTC)
    (core,) = plan.today.routines
    assert (core.done_this_week, core.week[:4]) == (3, (1, 1, 0, 1))


def test_activities_named_but_not_rated_are_asked_about_next_time(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    record_psfs(db, [("Sitting", 3)], at=NOW - timedelta(days=20))
    unrated = record_psfs(db, [("Gardening", None), ("Sitting", None)], at=NOW)
    assert unrated.skipped
    assert unrated.score is None
    assert psfs_activities(db) == ("Gardening", "Sitting")
    assert len(outcomes(db, "psfs")) == 1  # a skipped one is not a score
