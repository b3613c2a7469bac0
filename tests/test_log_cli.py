"""``lumbar log`` and ``lumbar log show`` on real database files."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db.clock import local_now, utc_now
from db.connection import open_database
from db.sessions import EventRow, SessionWriter, StepRow, StepSensing
from tui.cli import main
from tui.locations import Locations


def record_session(home: Locations, routine: str = "core-basics") -> int:
    db = open_database(home.db_path)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id=routine,
        routine_name="Core basics",
        planned_sets=4,
        pain_before=4,
    )
    writer.step(
        StepRow(
            step_index=1,
            exercise_id="bird-dog",
            exercise_name="Bird dog",
            mode="reps",
            set_number=1,
            side="left",
            planned_sets=1,
            planned_reps=5,
            planned_hold_s=2,
            planned_duration_s=None,
            reps_done=5,
            holds_s=(),
            active_s=20.0,
            skipped=False,
            started_s=10.0,
            ended_s=30.0,
        )
    )
    writer.event(EventRow(t_s=15.0, kind="pain", step_index=1, value=6))
    writer.update(pain_after=3, note="ok")
    writer.finish("completed", 95.0)
    db.close()
    return writer.session_id


def test_no_database_yet_says_how_to_start(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log"]) == 0
    out = capsys.readouterr().out
    assert "No sessions yet" in out
    assert f"no database at {lumbar_home.db_path}" in out, "a mistyped --db shows"
    assert main(["log", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert not lumbar_home.db_path.exists()


def test_log_lists_and_shows_sessions(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    first = record_session(lumbar_home)
    second = record_session(lumbar_home, "desk-break")
    assert main(["log"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "STARTED", "ROUTINE", "TIME", "SETS", "PAIN", "HR", "STATUS"]
    assert lines[1].split()[0] == str(second)
    assert "2 min" in lines[2]  # 95 s: how long, in the words the app's log uses
    assert "1/4" in lines[2]
    assert "4 → 3" in lines[2]
    assert main(["log", "--json", "--limit", "1"]) == 0
    (only,) = json.loads(capsys.readouterr().out)
    assert only["id"] == second
    assert main(["log", "show", str(first), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["steps"][0]["reps_done"] == 5
    assert shown["events"][0]["kind"] == "pain"
    assert main(["log", "show", str(first)]) == 0
    text = capsys.readouterr().out
    assert "Bird dog" in text
    assert "5 reps" in text
    assert "Note: ok" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log", "show", "99"], "no session 99"),
        (["log", "show", "abc"], "a session id is a number"),
        (["log", "--limit", "0"], "1 or more"),
    ],
)
def test_mistakes_get_one_line(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    record_session(lumbar_home)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_an_empty_database_file_has_no_sessions_as_no_file_has(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    # It was "no sessions yet in PATH" on stderr with exit 2, as if something were wrong.
    lumbar_home.db_path.parent.mkdir(parents=True)
    lumbar_home.db_path.touch()
    assert main(["log"]) == 0
    assert "No sessions yet" in capsys.readouterr().out
    assert main(["log", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert lumbar_home.db_path.stat().st_size == 0


def test_a_damaged_database_is_one_line_and_untouched(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    lumbar_home.db_path.parent.mkdir(parents=True)
    lumbar_home.db_path.write_bytes(b"garbage" * 200)
    assert main(["log"]) == 2
    err = capsys.readouterr().err
    assert "not a readable lumbar database" in err
    assert err.count("\n") == 1
    assert lumbar_home.db_path.read_bytes() == b"garbage" * 200


# --- filters, figures, notes, deleting, trends (issue 6) ---------------------------------


def session_on(
    home: Locations,
    started: str,
    *,
    routine: str = "core-basics",
    status: str = "completed",
    note: str | None = None,
    bpm: tuple[int, ...] = (),
    broken_s: float | None = None,
    pain: tuple[int | None, int | None] = (5, 3),
    off_skin: int = 0,
) -> int:
    """A session started at ``started`` (UTC), with a hold set and a reps set done; ``bpm``
    heard from a strap every 10 s, then ``off_skin`` readings without skin contact."""
    db = open_database(home.db_path)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id=routine,
        routine_name=routine.replace("-", " ").capitalize(),
        planned_sets=3,
        pain_before=pain[0],
        started_at=datetime.fromisoformat(started).replace(tzinfo=UTC),
    )
    sensing = None if broken_s is None else StepSensing(broken_s=broken_s, form_warnings=2)
    writer.step(
        StepRow(
            step_index=0,
            exercise_id="forearm-plank",
            exercise_name="Forearm plank",
            mode="hold",
            set_number=1,
            side=None,
            planned_sets=1,
            planned_reps=2,
            planned_hold_s=10,
            planned_duration_s=None,
            reps_done=2,
            holds_s=(10.0, 8.0),
            active_s=21.0,
            skipped=False,
            started_s=0.0,
            ended_s=21.0,
            sensing=sensing,
        )
    )
    writer.step(
        StepRow(
            step_index=2,
            exercise_id="bird-dog",
            exercise_name="Bird dog",
            mode="reps",
            set_number=1,
            side="left",
            planned_sets=1,
            planned_reps=5,
            planned_hold_s=None,
            planned_duration_s=None,
            reps_done=5,
            holds_s=(),
            active_s=39.0,
            skipped=False,
            started_s=30.0,
            ended_s=69.0,
        )
    )
    for second, beat in enumerate(bpm):
        writer.heart_rate("strap", second * 10.0, beat, (), True)
    for second in range(len(bpm), len(bpm) + off_skin):
        writer.heart_rate("strap", second * 10.0, 70, (), False)
    writer.update(pain_after=pain[1], note=note)
    writer.finish(status, 300.0)  # type: ignore[arg-type]
    db.close()
    return writer.session_id


def listed(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[int]:
    assert main(["log", "--json", *argv]) == 0
    return [row["id"] for row in json.loads(capsys.readouterr().out)]


def test_log_filters(lumbar_home: Locations, capsys: pytest.CaptureFixture[str]) -> None:
    # Midday UTC: the same calendar day in any zone from UTC-11 to UTC+11.
    a = session_on(lumbar_home, "2026-03-01T12:00:00", note="Stiff morning")
    b = session_on(lumbar_home, "2026-03-02T12:00:00", routine="desk-break")
    c = session_on(lumbar_home, "2026-03-03T12:00:00", status="ended-early")
    assert listed([], capsys) == [c, b, a]
    assert listed(["--routine", "desk-break"], capsys) == [b]
    assert listed(["--status", "ended-early"], capsys) == [c]
    assert listed(["--since", "2026-03-02"], capsys) == [c, b]
    assert listed(["--until", "2026-03-02"], capsys) == [b, a]
    assert listed(["--since", "2026-03-02", "--until", "2026-03-02"], capsys) == [b]
    assert listed(["--search", "STIFF"], capsys) == [a]
    assert listed(["--search", "core", "--status", "completed"], capsys) == [a]
    assert main(["log", "--routine", "nothing-like-it"]) == 2  # test_an_unknown_routine...
    capsys.readouterr()
    assert main(["log", "--status", "completed"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in text[1:3]] == [str(b), str(a)]
    assert text[-1] == "2 of 2 matching sessions"
    assert main(["log", "--search", "zzz"]) == 0
    assert "No sessions match" in capsys.readouterr().out


def test_log_json_rows_carry_the_figures(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    session_on(lumbar_home, "2026-03-01T12:00:00", bpm=(90, 100, 110), note="ok")
    assert main(["log", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert {k: row[k] for k in ("avg_bpm", "peak_bpm", "has_motion", "active_minutes")} == {
        "avg_bpm": 100.0,
        "peak_bpm": 110,
        "has_motion": False,
        "active_minutes": 1.0,
    }
    assert (row["sets_planned"], row["sets_done"], row["sets_skipped"]) == (3, 2, 0)
    assert (row["pain_before"], row["pain_after"], row["duration_s"]) == (5, 3, 300)
    assert (row["started_at"], row["ended_at"]) == (
        "2026-03-01T12:00:00.000Z",
        "2026-03-01T12:05:00.000Z",
    )
    assert row["note"] == "ok"


def test_log_show_json_has_hold_quality_and_heart_rate(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    # Readings every 10 s: 0-20 s fall in the hold, 30-60 s in the reps set.
    bpm = (80, 90, 100, 110, 120, 130, 140)
    session = session_on(lumbar_home, "2026-03-01T12:00:00", bpm=bpm, broken_s=6.0)
    assert main(["log", "show", str(session), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    hold, rep_set = shown["steps"]
    assert hold["hold_quality"] == 0.75  # 18 s held, 6 s broken
    assert hold["form_warnings"] == 2
    assert (hold["avg_bpm"], hold["peak_bpm"]) == (90.0, 100)
    assert rep_set["hold_quality"] is None
    assert rep_set["reps_sensed"] is None
    assert (rep_set["avg_bpm"], rep_set["peak_bpm"]) == (125.0, 140)
    assert shown["heart_rate_summary"] == {
        "readings": 7,
        "min_bpm": 80,
        "avg_bpm": 110.0,
        "peak_bpm": 140,
        "first_t_s": 0.0,
        "last_t_s": 60.0,
    }
    assert (shown["avg_bpm"], shown["peak_bpm"], shown["sets_planned"]) == (110.0, 140, 3)
    assert main(["log", "show", str(session)]) == 0
    text = capsys.readouterr().out
    assert "Heart rate: average 110, peak 140 bpm (7 readings, lowest 80)" in text
    assert "75%" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_log_show_counts_a_straps_readings_without_skin_contact_apart(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying it: "169 readings, 70-98 bpm (mean 88.6)", 93 of them off the skin and
    left out of the range and mean beside the count."""
    session = session_on(lumbar_home, "2026-03-01T12:00:00", bpm=(80, 90, 100), off_skin=2)
    assert main(["log", "show", str(session)]) == 0
    text = capsys.readouterr().out
    assert "5 readings (2 without skin contact), 80-100 bpm (mean 90)" in text
    assert main(["log", "show", str(session), "--json"]) == 0
    (strap,) = json.loads(capsys.readouterr().out)["heart_rate"]
    assert (strap["readings"], strap["without_contact"]) == (5, 2)


def test_log_note_sets_and_clears(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    session = session_on(lumbar_home, "2026-03-01T12:00:00", note="before")
    assert main(["log", "note", str(session), "knee fine today"]) == 0
    assert capsys.readouterr().out == f"Session {session}: note saved.\n"
    assert main(["log", "show", str(session), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["note"] == "knee fine today"
    assert main(["log", "note", str(session), ""]) == 0
    assert capsys.readouterr().out == f"Session {session}: note cleared.\n"
    assert main(["log", "show", str(session), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["note"] is None


def test_log_delete_with_yes_removes_only_that_session(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = session_on(lumbar_home, "2026-03-01T12:00:00", bpm=(80, 90))
    doomed = session_on(lumbar_home, "2026-03-02T12:00:00", bpm=(80, 90))
    assert main(["log", "delete", str(doomed), "--yes"]) == 0
    assert capsys.readouterr().out == f"Deleted session {doomed}.\n"
    assert listed([], capsys) == [kept]
    db = open_database(lumbar_home.db_path)
    assert db.execute("SELECT DISTINCT session_id FROM heart_rate").fetchall() == [(kept,)]
    db.close()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "deleted"), [("y\n", True), ("\n", False), ("no\n", False)])
def test_log_delete_asks_on_a_terminal(
    lumbar_home: Locations,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    deleted: bool,
) -> None:
    session = session_on(lumbar_home, "2026-03-01T12:00:00")
    monkeypatch.setattr(sys, "stdin", FakeTerminal(answer))
    assert main(["log", "delete", str(session)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Delete session {session} (")
    assert "Core basics)? [y/N] " in out
    assert listed([], capsys) == ([] if deleted else [session])
    assert ("Deleted session" in out) is deleted


def test_log_delete_without_a_terminal_needs_yes(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_on(lumbar_home, "2026-03-01T12:00:00")
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert main(["log", "delete", str(session)]) == 2
    err = capsys.readouterr().err
    assert "add --yes" in err
    assert err.count("\n") == 1
    assert listed([], capsys) == [session]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log", "--since", "2026-13-01"], "expected a day as YYYY-MM-DD, not '2026-13-01'"),
        (["log", "--until", "yesterday"], "expected a day as YYYY-MM-DD"),
        (["log", "--since", "2026-03-05", "--until", "2026-03-01"], "is after --until"),
        (["log", "--status", "done"], "invalid choice: 'done'"),
        (["log", "note", "99", "hello"], "no session 99"),
        (["log", "note", "x1", "hello"], "a session id is a number"),
        (["log", "delete", "99", "--yes"], "no session 99"),
        (["trends", "--since", "01/03/2026"], "expected a day as YYYY-MM-DD"),
    ],
)
def test_new_mistakes_get_one_line(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    session_on(lumbar_home, "2026-03-01T12:00:00")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_editing_without_a_database_creates_none(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "note", "1", "hello"]) == 2
    assert main(["log", "delete", "1", "--yes"]) == 2
    assert "no session 1" in capsys.readouterr().err
    assert not lumbar_home.db_path.exists()
    assert main(["trends"]) == 0
    out = capsys.readouterr().out
    assert "No sessions yet" in out
    assert f"no database at {lumbar_home.db_path}" in out
    assert main(["trends", "--json"]) == 0
    empty = json.loads(capsys.readouterr().out)
    assert (empty["days_exercised"], empty["exercises"], empty["minutes_per_week"]) == (0, [], [])
    assert not lumbar_home.db_path.exists()


def test_trends_set_pain_after_against_pain_before_of_the_same_sessions(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """One session with the check before skipped and 9 after was averaged into the after
    only: 5.0 → 4.5, pain up where no session's was (found trying it)."""
    today = utc_now().replace(hour=12, minute=0, second=0, microsecond=0)
    for days_ago in (1, 2, 3):
        session_on(lumbar_home, (today - timedelta(days=days_ago)).isoformat()[:19])
    session_on(lumbar_home, today.isoformat()[:19], pain=(None, 9))
    assert main(["trends"]) == 0
    text = capsys.readouterr().out
    assert "Pain before → after, first 3: 5.0 → 3.0; last 3: 5.0 → 3.0\n" in text
    assert "  (of sessions with both; 1 session with one only)" in text


def test_trends_pain_stays_within_80_columns_and_speaks_of_pain_after_alone(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by review: with ten sessions the line was 81 columns; with no pain before ever
    given, pain after was not shown at all."""
    today = utc_now().replace(hour=12, minute=0, second=0, microsecond=0)
    for days_ago in range(12):
        session_on(lumbar_home, (today - timedelta(days=days_ago)).isoformat()[:19], pain=(10, 10))
    assert main(["trends"]) == 0
    text = capsys.readouterr().out
    assert "Pain before → after, first 10: 10.0 → 10.0; last 10: 10.0 → 10.0" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    lumbar_home.db_path.unlink()
    for days_ago in range(3):
        session_on(lumbar_home, (today - timedelta(days=days_ago)).isoformat()[:19], pain=(None, 9))
    assert main(["trends"]) == 0
    assert "Pain after (none before): 9.0 over 3 sessions" in capsys.readouterr().out


def test_trends_text_and_json(lumbar_home: Locations, capsys: pytest.CaptureFixture[str]) -> None:
    today = utc_now().replace(hour=12, minute=0, second=0, microsecond=0)
    ids = [
        session_on(lumbar_home, (today - timedelta(days=days_ago)).isoformat()[:19])
        for days_ago in (0, 1, 2, 5)
    ]
    with sqlite3.connect(lumbar_home.db_path) as conn:  # a minute and a half in sets
        conn.execute("UPDATE sessions SET active_s = 90 WHERE id = ?", [ids[0]])
    conn.close()
    assert main(["trends", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["days_exercised"] == 4
    assert doc["streaks"]["longest_days"] == 3
    assert doc["streaks"]["current_days"] in (2, 3)  # local midnight may fall between
    assert [e["exercise_id"] for e in doc["exercises"]] == ["bird-dog", "forearm-plank"]
    plank = doc["exercises"][1]["points"][0]
    assert (plank["best_hold_s"], plank["typical_hold_s"]) == (10.0, 9.0)
    assert [p["before"] for p in doc["pain"]] == [5, 5, 5, 5]
    assert sum(week["minutes"] for week in doc["minutes_per_week"]) == 4.5
    assert main(["trends"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("4 days exercised since ")
    assert "Streak:" in text
    assert "Pain before → after, first 4: 5.0 → 3.0; last 4: 5.0 → 3.0" in text
    assert "Forearm plank" in text
    assert "9 s" in text
    # Minutes in sets, to a tenth as the report shows them (found trying it: trends said 2
    # where the report said 2.5, both "minutes").
    weeks = [f"{round(week['minutes'], 1):g}" for week in doc["minutes_per_week"]][-8:]
    assert f"Minutes in sets a week, last {len(weeks)} (oldest first): {' '.join(weeks)}" in text
    assert weeks[-1].endswith(".5"), "this week's half minute, not rounded away"
    assert max(len(line) for line in text.splitlines()) <= 80
    since = (today - timedelta(days=2)).date().isoformat()
    assert main(["trends", "--json", "--since", since]) == 0
    assert json.loads(capsys.readouterr().out)["days_exercised"] == 3


def test_trends_of_a_session_with_no_set_done_say_so(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """A session ended before its first set: there is a session, but nothing to chart."""
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    writer.finish("ended-early", 20.0)
    db.close()
    assert main(["trends"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No sets done yet: trends begin with the first set you finish")


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "note", "1", "knee \udcff"],
        ["log", "--search", "\udcff"],
        ["log", "--routine", "core\udcff"],
    ],
)
def test_text_that_is_not_utf8_is_one_line_and_changes_nothing(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    # A terminal that is not UTF-8 hands Python its bytes as lone surrogates, which SQLite
    # cannot take.
    session_on(lumbar_home, "2026-03-01T12:00:00", note="kept")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "not UTF-8" in err
    assert err.count("\n") == 1
    assert main(["log", "show", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["note"] == "kept"


def test_log_show_fits_80_columns_and_lists_events_in_time_order(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    long_name = "Seated lower back rotation stretch"  # the catalog's longest name
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(
        db, kind="routine", routine_id="a-routine-with-a-long-id-of-the-users-own", planned_sets=2
    )
    for index in range(2):
        writer.step(
            StepRow(
                step_index=index,
                exercise_id="seated-lower-back-rotation",
                exercise_name=long_name,
                mode="hold",
                set_number=1,
                side=("left", "right")[index],
                planned_sets=1,
                planned_reps=2,
                planned_hold_s=30,
                planned_duration_s=None,
                reps_done=2,
                holds_s=(28.5, 30.0),
                active_s=60.0,
                skipped=index == 1,
                started_s=60.0 * index,
                ended_s=60.0 * index + 58.5,
                sensing=StepSensing(
                    sensor="h10", reps_sensed=2, broken_s=1.5, form_warnings=10, avg_bpm=91.0
                ),
            )
        )
        writer.heart_rate("h10", 60.0 * index + 5, 91, (659.3,), True)
    writer.event(EventRow(t_s=100.0, kind="pain", step_index=1, value=4))
    writer.event(EventRow(t_s=20.0, kind="form-warning", step_index=0, value=18.0))  # later
    writer.finish("completed", 130.0)
    db.close()
    assert main(["log", "show", str(writer.session_id)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80, lines
    assert any(line.startswith("Seated lower back rot") and "…" in line for line in lines)
    assert any(line.startswith("EXERCISE") and "FORM WARNINGS" in line for line in lines)
    events = lines[lines.index(next(line for line in lines if line.startswith("AT "))) + 1 :]
    assert [line.split()[1] for line in events] == ["form-warning", "pain"]
    assert main(["log"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80, lines
    assert "a-routine-with-a-long-i" in lines[1]


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
@pytest.mark.parametrize("with_sessions", [True, False])
def test_an_unknown_routine_is_said_as_lumbar_run_says_it(
    lumbar_home: Locations,
    capsys: pytest.CaptureFixture[str],
    json_flag: list[str],
    with_sessions: bool,
) -> None:
    """'lumbar log --routine nosuch' listed nothing and exited 0, as if none were done."""
    if with_sessions:
        session_on(lumbar_home, "2026-03-01T12:00:00")
    assert main(["run", "nosuch"]) == 2
    said_by_run = capsys.readouterr().err
    assert said_by_run == "lumbar: no routine 'nosuch'; 'lumbar routines' lists them\n"
    assert main(["log", *json_flag, "--routine", "nosuch"]) == 2
    assert capsys.readouterr() == ("", said_by_run)
    assert main(["log", "--routine", "core"]) == 2
    assert capsys.readouterr().err == (
        "lumbar: no routine 'core'; did you mean 'core-basics' or 'core-stability'? "
        "'lumbar routines' lists them\n"
    )


def test_a_routine_no_longer_in_the_catalog_still_finds_its_sessions(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = session_on(lumbar_home, "2026-03-01T12:00:00", routine="my-old-routine")
    session_on(lumbar_home, "2026-03-02T12:00:00")
    assert listed(["--routine", "my-old-routine"], capsys) == [gone]
    assert main(["log", "--routine", "my-old-routin"]) == 2
    assert "did you mean 'my-old-routine'?" in capsys.readouterr().err


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "show", HUGE],
        ["log", "note", HUGE, "hello"],
        ["log", "delete", HUGE, "--yes"],
        ["export", "--format", "json", "--session", HUGE, "-o", "out.json"],
    ],
)
def test_an_id_larger_than_any_is_no_such_session_not_a_traceback(
    lumbar_home: Locations,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    session_on(lumbar_home, "2026-03-01T12:00:00")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"no session {HUGE}; 'lumbar log' lists them" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out.json").exists()


def test_days_and_counts_at_the_ends_of_the_calendar_list_every_session(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """--until 9999-12-31 ended in an OverflowError's traceback; a --limit beyond SQLite's
    integers in another."""
    a = session_on(lumbar_home, "2026-03-01T12:00:00")
    b = session_on(lumbar_home, "2026-03-02T12:00:00")
    assert listed(["--until", "9999-12-31"], capsys) == [b, a]
    assert listed(["--since", "0001-01-01", "--until", "9999-12-31"], capsys) == [b, a]
    assert listed(["--limit", HUGE], capsys) == [b, a]
    assert main(["trends", "--since", "0001-01-01"]) == 0
    assert "exercised since 2026-03-01" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "--since", "{tomorrow}"],
        ["log", "--json", "--since", "{tomorrow}"],
        ["trends", "--since", "{tomorrow}"],
        ["trends", "--json", "--since", "{tomorrow}"],
        ["report", "--since", "{tomorrow}", "-o", "report.html"],
    ],
)
def test_a_since_to_come_is_one_line_in_every_command(
    lumbar_home: Locations,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
) -> None:
    """log and trends listed nothing, exit 0, for a --since to come (a year mistyped);
    report said it in one line."""
    monkeypatch.chdir(tmp_path)
    session_on(lumbar_home, "2026-03-01T12:00:00")
    today = local_now().date()
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert main([a.format(tomorrow=tomorrow) for a in argv]) == 2
    assert capsys.readouterr() == (
        "",
        f"lumbar: --since {tomorrow} is after today; give a day up to {today}\n",
    )
    assert not (tmp_path / "report.html").exists()


@pytest.mark.parametrize("command", [["log"], ["trends"], ["report", "-o", "r.html"]])
def test_every_since_takes_a_day_as_yyyy_mm_dd_only(
    lumbar_home: Locations,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: list[str],
) -> None:
    """report took an ISO week date (2026-W01-1) that log and trends refused."""
    monkeypatch.chdir(tmp_path)
    session_on(lumbar_home, "2026-03-01T12:00:00")
    assert main([*command, "--since", "2026-W01-1"]) == 2
    err = capsys.readouterr().err
    assert "expected a day as YYYY-MM-DD, not '2026-W01-1'" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "help_of"),
    [
        (["log", "show", "1", "2"], "lumbar log show"),
        (["log", "--bogus"], "lumbar log"),
        (["export", "--format", "json", "--session", "1", "-o", "x.json", "2x"], "lumbar export"),
        (["--bogus"], "lumbar"),
    ],
)
def test_words_a_command_does_not_take_point_at_its_own_help(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str], argv: list[str], help_of: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("lumbar: unrecognized arguments: ")
    assert err.endswith(f" (see '{help_of} --help')\n")
