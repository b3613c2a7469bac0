"""``lumbar log`` and ``lumbar log show`` on real database files."""

from __future__ import annotations

import json

import pytest

from db.connection import open_database
from db.sessions import EventRow, SessionWriter, StepRow
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
    assert "No sessions yet" in capsys.readouterr().out
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
    assert lines[0].split() == ["ID", "STARTED", "ROUTINE", "TIME", "SETS", "PAIN", "STATUS"]
    assert lines[1].split()[0] == str(second)
    assert "1:35" in lines[2]
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
