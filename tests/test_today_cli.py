"""``lumbar today``: what is due, in words and JSON, and the exit code scripts rely on."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from log_history import routine_session

from db.clock import local_now, utc_now
from db.connection import open_database
from db.outcomes import record_peg
from tui.cli import main
from tui.commands.today import EXIT_DUE
from tui.locations import Locations


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def history(path: Path, *days_ago: float) -> None:
    """Core basics (3 a week) sessions that many days before now."""
    db = open_database(path)
    now = utc_now()
    for days in days_ago:
        routine_session(db, now - timedelta(days=days))
    db.close()


def test_nothing_is_due_without_a_history(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations
) -> None:
    code, out, err = run(capsys, "today")
    assert (code, err) == (0, "")
    assert "Nothing planned yet" in out
    assert "Check-ins due: PEG, how this week went · PSFS, your activities" in out
    assert not lumbar_home.db_path.exists()  # reading never creates the database
    code, out, _ = run(capsys, "today", "--json")
    document = json.loads(out)
    assert document["routines"] == []
    assert document["check_ins_due"] == ["peg", "psfs"]
    assert (document["due"], document["exit_code"], code) == (False, 0, 0)


def test_a_routine_due_today_exits_with_the_due_code(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations
) -> None:
    # Two days after a session of a routine meant 3 times a week, it is due whatever the day.
    history(lumbar_home.db_path, 2)
    code, out, err = run(capsys, "today")
    assert (code, err) == (EXIT_DUE, "")
    assert "Core basics · due today · last done" in out
    code, out, _ = run(capsys, "today", "--json")
    assert code == EXIT_DUE
    (routine,) = json.loads(out)["routines"]
    assert routine["routine_id"] == "core-basics"
    assert routine["state"] == "due"
    assert routine["times"] == 3
    assert routine["per"] == "week"
    assert routine["how_often"].startswith("3 times a week")
    assert routine["next_due"] is None


def test_done_today_exits_zero_and_says_when_next(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations
) -> None:
    history(lumbar_home.db_path, 0)
    db = open_database(lumbar_home.db_path)
    record_peg(db, 4, 3, 3)
    db.close()
    code, out, _ = run(capsys, "today", "--json")
    document = json.loads(out)
    assert code == 0
    assert document["routines"][0]["state"] == "done"
    assert document["routines"][0]["done_today"] == 1
    assert document["check_ins_due"] == ["psfs"]
    assert document["check_ins_last_answered"]["peg"] == local_now().date().isoformat()
    code, out, _ = run(capsys, "today")
    assert "done for" in out


def test_a_damaged_database_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    code, out, err = run(capsys, "--db", str(bad), "today")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "not a readable lumbar database" in err
