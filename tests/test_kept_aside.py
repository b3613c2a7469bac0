"""Answers given for a session whose file was found damaged while it ran: written as its rows
are, or, where that write meets the damage, kept aside beside the file (``db.kept_aside``),
said where in one line, and taken in once the database reads whole again. The damaged file
is never written for them."""

from __future__ import annotations

import errno
import json
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from damaged_database import UNREADABLE, _overwritten, damaged_history, found_damaged
from fake_clock import FakeClock
from notices import Notices
from session_apps import quiet_app, runner_of
from waiting import until

from db.connection import open_database
from db.errors import DatabaseProblem
from db.kept_aside import SessionKey, aside_path, take_in
from db.outcomes import outcomes, peg_answered, store_outcome
from db.sessions import SessionWriter, StepRow
from db.unsaved import Unsaved
from tui.locations import Locations
from tui.screens.outcomes import PegQuestions, PsfsQuestions
from tui.screens.questions import NoteQuestion, NumberQuestion
from tui.screens.summary import SummaryScreen


def _files(path: Path) -> dict[str, bytes]:
    """The database's bytes, its write-ahead log's too: all that a write would change."""
    files = path.parent.glob(path.name + "*")
    return {p.name: p.read_bytes() for p in files if p.is_file() and p.suffix != ".json"}


async def test_a_check_in_after_a_session_on_a_file_found_damaged_is_kept(
    lumbar_home: Locations,
) -> None:
    """The check-in offered on the summary was refused once a read had found the file damaged
    ("Answers cannot be kept"), after asking its questions all the same: the answers were
    lost. They follow the session just run, and are written as its rows were."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, routine="desk-break")
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain before", 30)
        await pilot.press("3", "enter")
        await until(pilot, lambda: runner_of(app).shell.session_id is not None, "record", 30)
        await app.workers.wait_for_complete()
        runner_id = runner_of(app).shell.session_id
        db = await app.database()
        # Damaged while the session runs, where it never writes (the pinned doses).
        lumbar_home.db_path.write_bytes(_overwritten(lumbar_home.db_path, ("dose_pins",)))
        found_damaged(db)
        await pilot.press("q", "y")
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain after", 30)
        await pilot.press("4", "enter")
        await until(pilot, lambda: isinstance(app.screen, NoteQuestion), "the note", 30)
        await pilot.press(*"stiff", "enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "summary", 30)
        await _peg_answered(pilot, app)
        await pilot.press("escape")
        await until(pilot, lambda: "Check-in" in notices.titles(), "the check-in's line", 30)
        await app.workers.wait_for_complete()
        assert not any("cannot be kept" in m or "Not kept" in m for m in notices.texts())
    check = open_database(lumbar_home.db_path, writable=False)
    (session_id,) = check.execute("SELECT max(id) FROM sessions").fetchone()
    assert runner_id == session_id  # the session run is the one the answers went to
    (peg,) = outcomes(check, "peg")
    assert peg.after_session_id == session_id
    assert [a.value for a in peg.answers] == [5, 6, 7]
    row = check.execute("SELECT pain_after, note FROM sessions WHERE id = ?", [session_id])
    assert row.fetchone() == (4, "stiff")
    check.close()
    assert not aside_path(lumbar_home.db_path).exists()


def _damaged_session(lumbar_home: Locations) -> tuple[Any, SessionWriter]:
    """A session begun on a file whose sets' pages are damaged: its first flush meets them."""
    lumbar_home.db_path.parent.mkdir(parents=True)
    lumbar_home.db_path.write_bytes(damaged_history(lumbar_home.db_path))
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    return db, writer


def _a_set(index: int) -> StepRow:
    return StepRow(
        step_index=index,
        exercise_id="dead-bug",
        exercise_name="Dead bug",
        mode="reps",
        set_number=1,
        side=None,
        planned_sets=1,
        planned_reps=8,
        planned_hold_s=None,
        planned_duration_s=None,
        reps_done=8,
        holds_s=(),
        active_s=19.0,
        skipped=False,
        started_s=1.0,
        ended_s=20.0,
    )


def test_pain_after_and_note_that_meet_the_damage_are_kept_aside_and_said_where(
    lumbar_home: Locations,
) -> None:
    """A session whose own writes met the damage lost its pain after and note as lumbar
    closed (the writer held them, and the last try failed). Now they are kept beside the
    file, private, and one line says where; the file is not written for them."""
    db, writer = _damaged_session(lumbar_home)
    writer.step(_a_set(0))
    writer.update(pain_after=4, note="stiff")
    with pytest.raises(DatabaseProblem, match=UNREADABLE):
        writer.finish("completed", 30.0)
    before = _files(lumbar_home.db_path)
    unsaved = Unsaved()
    unsaved.add(writer)
    (line,) = unsaved.save()
    aside = aside_path(lumbar_home.db_path)
    assert line.startswith(f"{lumbar_home.db_path} is damaged, so your answers are kept in {aside}")
    assert "\n" not in line
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert unsaved.save() == []  # said once
    unsaved.last_try()
    db.close()
    assert _files(lumbar_home.db_path) == before

    # Still damaged at the next start: not taken in, the file left as it is.
    again = open_database(lumbar_home.db_path)
    with pytest.raises(DatabaseProblem, match=UNREADABLE):
        take_in(again, lumbar_home.db_path)
    again.close()
    assert aside.exists()

    # Recovered into a whole file at the same path (the session's row kept): taken in.
    _recovered(lumbar_home.db_path, writer)
    whole = open_database(lumbar_home.db_path)
    taken = take_in(whole, lumbar_home.db_path)
    assert taken is not None
    assert (taken.taken, taken.left) == (1, 0)
    row = whole.execute("SELECT pain_after, note FROM sessions WHERE id = ?", [writer.session_id])
    assert row.fetchone() == (4, "stiff")
    whole.close()
    assert not aside.exists()


def _recovered(path: Path, writer: SessionWriter) -> None:
    """What ``sqlite3 lumbar.db .recover`` gives back, as far as this test needs: a whole
    file with the session's row (same id, same start)."""
    for found in path.parent.glob(path.name + "*"):
        if found.name != aside_path(path).name:
            found.unlink()
    db = open_database(path)
    again = SessionWriter.start(
        db, kind="routine", routine_id="core-basics", started_at=writer.started_at
    )
    with db.conn:
        db.execute("UPDATE sessions SET id = ? WHERE id = ?", [writer.session_id, again.session_id])
    db.close()


def test_a_check_in_that_meets_the_damage_is_kept_aside_and_taken_in_without_its_session(
    lumbar_home: Locations,
) -> None:
    """Kept aside beside a file that cannot take it; taken into a whole file that does not
    have its session as a check-in of its own (its session's pain after stays aside)."""
    from db.kept_aside import keep_aside, outcome_answers, session_answers

    lumbar_home.db_path.parent.mkdir(parents=True)
    open_database(lumbar_home.db_path).close()
    lumbar_home.db_path.write_bytes(_overwritten(lumbar_home.db_path, ("outcomes",)))
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    answered = peg_answered(2, 3, 4, after=writer.session_id)
    with pytest.raises(DatabaseProblem, match=UNREADABLE):
        store_outcome(db, answered, session_open=True)
    keep_aside(lumbar_home.db_path, [outcome_answers(writer.key, answered)])
    keep_aside(lumbar_home.db_path, [session_answers(writer.key, {"pain_after": 1})])
    db.close()
    for found in lumbar_home.db_path.parent.glob(lumbar_home.db_path.name + "*"):
        if found.suffix != ".json":
            found.unlink()  # moved aside: a new, empty database in its place
    fresh = open_database(lumbar_home.db_path)
    taken = take_in(fresh, lumbar_home.db_path)
    assert taken is not None
    assert (taken.taken, taken.left) == (1, 1)
    (peg,) = outcomes(fresh)
    assert (peg.after_session_id, [a.value for a in peg.answers]) == (None, [2, 3, 4])
    assert take_in(fresh, lumbar_home.db_path) == taken.__class__(taken.path, 0, 1)
    assert len(outcomes(fresh)) == 1  # taken once
    fresh.close()
    with sqlite3.connect(lumbar_home.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    conn.close()


async def test_answers_kept_aside_are_taken_in_as_lumbar_opens_a_whole_file_and_said(
    lumbar_home: Locations,
) -> None:
    """The app takes in what was kept aside once the file reads whole, and says so."""
    from db.kept_aside import keep_aside, session_answers

    lumbar_home.db_path.parent.mkdir(parents=True)
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    writer.finish("completed", 30.0)
    db.close()
    keep_aside(lumbar_home.db_path, [session_answers(writer.key, {"pain_after": 2})])
    app = quiet_app(lumbar_home, FakeClock(), routine=None)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await until(pilot, lambda: "Answers taken in" in notices.titles(), "the line", 30)
        await app.workers.wait_for_complete()
    (line,) = [n.message for n in notices.shown if n.title == "Answers taken in"]
    assert (
        line == f"The answers kept aside in {aside_path(lumbar_home.db_path)} are now in the log."
    )
    assert not aside_path(lumbar_home.db_path).exists()
    check = open_database(lumbar_home.db_path, writable=False)
    row = check.execute("SELECT pain_after FROM sessions WHERE id = ?", [writer.session_id])
    assert row.fetchone() == (2,)
    check.close()


async def test_an_unreadable_file_of_answers_kept_aside_is_one_line_and_sessions_still_start(
    lumbar_home: Locations,
) -> None:
    """Its line names it; the database is used as ever (not told unusable), the file kept."""
    lumbar_home.db_path.parent.mkdir(parents=True)
    open_database(lumbar_home.db_path).close()
    aside = aside_path(lumbar_home.db_path)
    aside.write_text("{not json", encoding="utf-8")
    app = quiet_app(lumbar_home, FakeClock(), routine=None)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await until(pilot, lambda: "Answers kept aside" in notices.titles(), "the line", 30)
        await app.workers.wait_for_complete()
        assert (await app.database()) is not None
    (line,) = [n.message for n in notices.shown if n.title == "Answers kept aside"]
    assert line.startswith(f"The answers kept aside in {aside} cannot be read")
    assert "\n" not in line
    assert "Session database" not in notices.titles()
    assert aside.read_text(encoding="utf-8") == "{not json"


async def _to_the_summary(pilot: Any, app: Any, lumbar_home: Locations, damage: bool) -> None:
    """A short session run to its summary; ``damage``: the file found damaged meanwhile,
    where the check-ins' answers go (``outcome_answers``) and where no session writes."""
    await app.workers.wait_for_complete()
    await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain before", 30)
    await pilot.press("3", "enter")
    await until(pilot, lambda: runner_of(app).shell.session_id is not None, "record", 30)
    await app.workers.wait_for_complete()
    if damage:
        db = await app.database()
        damaged = _overwritten(lumbar_home.db_path, ("dose_pins", "outcome_answers"))
        lumbar_home.db_path.write_bytes(damaged)
        found_damaged(db)
    await pilot.press("q", "y")
    await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "pain after", 30)
    await pilot.press("4", "enter")
    await until(pilot, lambda: isinstance(app.screen, NoteQuestion), "the note", 30)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "summary", 30)
    await app.workers.wait_for_complete()


async def _peg_answered(pilot: Any, app: Any) -> None:
    """From the summary: k, the PEG answered 5, 6, 7, and the PSFS asked next."""
    await pilot.press("k")
    await until(pilot, lambda: isinstance(app.screen, PegQuestions), "the PEG", 30)
    await pilot.press("5", "enter", "6", "enter", "7", "enter")
    await until(pilot, lambda: isinstance(app.screen, PsfsQuestions), "the PSFS", 30)


PSFS_ONE = (*"walking", "enter", "5", "enter", "enter", "enter", "enter", "enter")
"""One activity named and rated on the PSFS; the two other boxes of each left empty."""


async def test_a_check_in_refused_by_a_briefly_locked_file_does_not_call_it_damaged(
    lumbar_home: Locations,
) -> None:
    """Found in review: a check-in on the summary refused because another program held the
    (healthy) file for a moment was kept aside with "is damaged ... restore or recover it":
    advice that could put an old backup over a good file. Now it says what is true (locked:
    not kept, asked again while due), once, and nothing is kept aside."""
    app = quiet_app(lumbar_home, FakeClock(), routine="desk-break")
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await _to_the_summary(pilot, app, lumbar_home, damage=False)
        holder = sqlite3.connect(lumbar_home.db_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # a database browser with unsaved edits
        try:
            await _peg_answered(pilot, app)
            await pilot.press("escape")
            await until(pilot, lambda: "Check-in" in notices.titles(), "the check-in's line", 60)
            await app.workers.wait_for_complete()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    lines = [n.message for n in notices.shown if n.title == "Check-in"]
    assert len(lines) == 1  # the PSFS met the same lock: said once
    assert "is locked by another program" in lines[0]
    assert "Not kept; answer it again from the home screen" in lines[0]
    assert not any("damaged" in text for text in notices.texts())
    assert "Answers kept aside" not in notices.titles()
    assert not aside_path(lumbar_home.db_path).exists()


async def test_check_ins_that_meet_the_damage_on_the_summary_are_kept_aside_and_said_once(
    lumbar_home: Locations,
) -> None:
    """The summary's check-in, its answers' pages damaged: both questionnaires kept aside
    beside the file (not written to it), and one line says where."""
    app = quiet_app(lumbar_home, FakeClock(), routine="desk-break")
    notices = Notices()
    aside = aside_path(lumbar_home.db_path)
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await _to_the_summary(pilot, app, lumbar_home, damage=True)
        await _peg_answered(pilot, app)
        await pilot.press(*PSFS_ONE)
        await until(pilot, lambda: not isinstance(app.screen, PsfsQuestions), "PSFS done", 30)
        await app.workers.wait_for_complete()
    kept = [n.message for n in notices.shown if n.title == "Answers kept aside"]
    assert kept == [
        f"{lumbar_home.db_path} is damaged, so your answers are kept in {aside}; they go into "
        "the log when lumbar next finds the database whole (restore or recover it to the same path)"
    ]
    assert "Thank you: your answers are kept." not in notices.texts()
    entries = json.loads(aside.read_text(encoding="utf-8"))["answers"]
    assert [(e["kind"], e["measure"]) for e in entries] == [("outcome", "peg"), ("outcome", "psfs")]
    assert entries[0]["answers"] == [["pain", 5], ["enjoyment", 6], ["activity", 7]]
    assert entries[1]["answers"] == [["walking", 5]]
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600


async def test_a_check_in_not_kept_aside_after_one_that_was_is_told_too(
    lumbar_home: Locations,
) -> None:
    """Found in review: once a line had said the PEG was kept aside, the PSFS that could not
    be kept there (its file unreadable now) was not told at all."""
    app = quiet_app(lumbar_home, FakeClock(), routine="desk-break")
    notices = Notices()
    aside = aside_path(lumbar_home.db_path)
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await _to_the_summary(pilot, app, lumbar_home, damage=True)
        await _peg_answered(pilot, app)
        await until(pilot, aside.exists, "the PEG kept aside", 30)
        aside.write_text("{not json", encoding="utf-8")  # spoiled meanwhile
        await pilot.press(*PSFS_ONE)
        told = notices.titles
        await until(pilot, lambda: told().count("Answers kept aside") >= 2, "the PSFS's line", 30)
        await app.workers.wait_for_complete()
    kept = [n.message for n in notices.shown if n.title == "Answers kept aside"]
    assert len(kept) == 2
    assert kept[0].startswith(f"{lumbar_home.db_path} is damaged, so your answers are kept in")
    assert kept[1].startswith(f"The answers kept aside in {aside} cannot be read")
    assert kept[1].endswith("lumbar tries again each second until it closes")


def _a_finished_session(lumbar_home: Locations) -> SessionWriter:
    lumbar_home.db_path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
    writer.finish("completed", 30.0)
    db.close()
    return writer


AT = "2026-03-01T10:00:00.000Z"
WRONG_SHAPES = {
    "answered_at a number": {"kind": "outcome", "measure": "peg", "answered_at": 5},
    "answered_at no time": {"kind": "outcome", "measure": "peg", "answered_at": "yesterday"},
    "answered_at no zone": {"kind": "outcome", "measure": "peg", "answered_at": "2026-03-01"},
    "no measure": {"kind": "outcome", "answered_at": AT},
    "a measure unknown": {"kind": "outcome", "measure": "odi", "answered_at": AT},
    "answers not pairs": {"kind": "outcome", "measure": "peg", "answered_at": AT, "answers": [[1]]},
    "an answer a word": {
        "kind": "outcome",
        "measure": "peg",
        "answered_at": AT,
        "answers": [["pain", "high"]],
    },
    "a score a word": {"kind": "outcome", "measure": "peg", "answered_at": AT, "score": "5"},
    "fields a list": {"kind": "session", "session_id": 1, "session_started_at": AT, "fields": [1]},
    "pain after a word": {
        "kind": "session",
        "session_id": 1,
        "session_started_at": AT,
        "fields": {"pain_after": "4"},
    },
    "a session id a list": {
        "kind": "session",
        "session_id": [1],
        "session_started_at": AT,
        "fields": {},
    },
    "a kind unknown": {"kind": "dose", "session_id": None},
    # Beyond lumbar's own bounds: 2**70 raised OverflowError out of ``take_in`` (no session
    # saved after), and pain after 99 or an answer of 11 went into the log.
    "a session id beyond SQLite's": {
        "kind": "session",
        "session_id": 2**70,
        "session_started_at": AT,
        "fields": {"note": "x"},
    },
    "a session id 0": {"kind": "session", "session_id": 0, "session_started_at": AT, "fields": {}},
    "an answer beyond SQLite's": {
        "kind": "outcome",
        "measure": "peg",
        "answered_at": AT,
        "answers": [["pain", 2**70]],
    },
    "an answer of 11": {
        "kind": "outcome",
        "measure": "peg",
        "answered_at": AT,
        "answers": [["pain", 11]],
    },
    "an answer below 0": {
        "kind": "outcome",
        "measure": "psfs",
        "answered_at": AT,
        "answers": [["walking", -1]],
    },
    "a score of 11": {"kind": "outcome", "measure": "peg", "answered_at": AT, "score": 11},
    "pain after 99": {
        "kind": "session",
        "session_id": 1,
        "session_started_at": AT,
        "fields": {"pain_after": 99},
    },
    "a time before UTC's first": {
        "kind": "outcome",
        "measure": "peg",
        "answered_at": "0001-01-01T00:00:00+05:00",
    },
}


@pytest.mark.parametrize("entry", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_answers_kept_aside_of_a_wrong_shape_are_left_there_as_they_are(
    lumbar_home: Locations, entry: dict[str, Any]
) -> None:
    """Found in review: an entry of the wrong types raised AttributeError, ValueError or
    KeyError out of ``take_in``, and the database was then never opened: no session could
    be saved. Now it is counted, left in its file untouched, and the others taken in."""
    writer = _a_finished_session(lumbar_home)
    good = {
        "kind": "session",
        "session_id": writer.session_id,
        "session_started_at": writer.key.started_at,
        "fields": {"note": "kept"},
    }
    aside = aside_path(lumbar_home.db_path)
    aside.write_text(json.dumps({"answers": [entry, good]}), encoding="utf-8")
    db = open_database(lumbar_home.db_path)
    taken = take_in(db, lumbar_home.db_path)
    assert taken is not None
    assert (taken.taken, taken.left, taken.unreadable, taken.problem) == (1, 0, 1, None)
    assert json.loads(aside.read_text(encoding="utf-8")) == {"answers": [entry]}
    row = db.execute("SELECT note FROM sessions WHERE id = ?", [writer.session_id]).fetchone()
    assert row == ("kept",)
    db.close()


async def test_an_answer_of_a_wrong_shape_kept_aside_is_one_line_and_sessions_still_save(
    lumbar_home: Locations,
) -> None:
    """As the reviewer met it: "Cannot save sessions — the database was not opened: Worker
    raised exception: ValueError(...)" on every start. Now one line names the file."""
    _a_finished_session(lumbar_home)
    aside = aside_path(lumbar_home.db_path)
    text = json.dumps({"answers": [WRONG_SHAPES["answered_at no time"]]})
    aside.write_text(text, encoding="utf-8")
    app = quiet_app(lumbar_home, FakeClock(), routine=None)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await until(pilot, lambda: "Answers kept aside" in notices.titles(), "the line", 30)
        await app.workers.wait_for_complete()
        assert (await app.database()) is not None
    (line,) = [n.message for n in notices.shown if n.title == "Answers kept aside"]
    assert line == (
        f"1 of the answers kept aside in {aside} cannot be read by this lumbar; they are left "
        "there as they are: take them in with a newer lumbar, or move that file away."
    )
    assert "Session database" not in notices.titles()
    assert aside.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("left", [False, True], ids=["removed", "rewritten"])
def test_a_file_of_answers_that_cannot_be_updated_after_taking_them_in_is_one_line(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch, left: bool
) -> None:
    """Found in review: an OSError removing (or rewriting) the file once its answers were in
    the log came out of ``take_in`` raw, and the database was not opened. Now it is a line;
    a second start does not take them in twice."""
    from db.kept_aside import keep_aside, outcome_answers, session_answers

    writer = _a_finished_session(lumbar_home)
    answered = peg_answered(1, 2, 3, after=writer.session_id)
    entries = [outcome_answers(writer.key, answered)]
    if left:  # a session not in this file: the file is rewritten with it alone
        entries.append(session_answers(SessionKey(99, AT), {"note": "elsewhere"}))
    keep_aside(lumbar_home.db_path, entries)

    def refused(*args: object, **kwargs: object) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "unlink", refused)
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    db = open_database(lumbar_home.db_path)
    taken = take_in(db, lumbar_home.db_path)
    assert taken is not None
    aside = aside_path(lumbar_home.db_path)
    assert taken.problem is not None
    assert taken.problem.startswith(f"The answers kept aside in {aside} are in the log, but")
    assert "(read-only file system);" in taken.problem
    assert "cannot keep the answers" not in taken.problem  # one reason, not a line in a line
    assert taken.problem.endswith("make that folder writable, or remove that file")
    assert "\n" not in taken.problem
    again = take_in(db, lumbar_home.db_path)
    assert again is not None
    assert len(outcomes(db, "peg")) == 1
    db.close()


def test_answers_whose_session_is_not_in_the_file_are_left_without_reading_it_whole(
    lumbar_home: Locations,
) -> None:
    """Found in review: ``PRAGMA quick_check`` (which reads every page) ran at every start
    while a session's answers stayed aside for a file that does not have it. It runs only
    when something would be written; the file of answers is not rewritten either."""
    from db.kept_aside import keep_aside, session_answers

    _a_finished_session(lumbar_home)
    keep_aside(lumbar_home.db_path, [session_answers(SessionKey(99, AT), {"pain_after": 2})])
    aside = aside_path(lumbar_home.db_path)
    before = aside.stat().st_mtime_ns, aside.read_bytes()
    db = open_database(lumbar_home.db_path)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    taken = take_in(db, lumbar_home.db_path)
    db.conn.set_trace_callback(None)
    assert taken is not None
    assert (taken.taken, taken.left) == (0, 1)
    assert statements  # the session looked for
    assert not any("quick_check" in statement for statement in statements)
    assert (aside.stat().st_mtime_ns, aside.read_bytes()) == before
    db.close()


def test_answers_for_a_database_reached_by_a_link_are_kept_beside_the_file_itself(
    lumbar_home: Locations,
) -> None:
    """The file restored where the link leads finds them; the link's folder may not be its."""
    real = lumbar_home.db_path.parent / "elsewhere" / "sessions.db"
    real.parent.mkdir(parents=True)
    real.touch()
    lumbar_home.db_path.symlink_to(real)
    assert aside_path(lumbar_home.db_path) == real.with_name("sessions.db.answers.json")


def _damaged_with_answers(lumbar_home: Locations) -> tuple[Any, SessionWriter]:
    db, writer = _damaged_session(lumbar_home)
    writer.step(_a_set(0))
    writer.update(pain_after=4, note="stiff")
    with pytest.raises(DatabaseProblem, match=UNREADABLE):
        writer.finish("completed", 30.0)
    return db, writer


def _no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)


def test_answers_that_could_not_be_kept_aside_are_kept_once_there_is_room(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: the line said "free space", but the answers were marked tried before
    they were written, and never tried again. Now each save tries them (the line once)."""
    db, writer = _damaged_with_answers(lumbar_home)
    unsaved = Unsaved()
    unsaved.add(writer)
    _no_space(monkeypatch)
    (line,) = unsaved.save()
    aside = aside_path(lumbar_home.db_path)
    assert line == (
        f"cannot keep the answers in {aside}: no space left on device; free space or make "
        "that folder writable; lumbar tries again each second until it closes"
    )
    assert unsaved.save() == []  # said once
    assert not aside.exists()
    monkeypatch.undo()  # room made
    (kept,) = unsaved.save()
    assert kept.startswith(f"{lumbar_home.db_path} is damaged, so your answers are kept in {aside}")
    entries = json.loads(aside.read_text(encoding="utf-8"))["answers"]
    assert [e["fields"] for e in entries] == [{"pain_after": 4, "note": "stiff"}]
    assert unsaved.save() == []
    db.close()


def test_answers_that_could_not_be_kept_aside_are_tried_again_as_lumbar_closes(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pain after and note, and a check-in (``Unsaved.keep_aside``, as the summary's)."""
    from db.kept_aside import outcome_answers

    db, writer = _damaged_with_answers(lumbar_home)
    unsaved = Unsaved()
    unsaved.add(writer)
    _no_space(monkeypatch)
    assert len(unsaved.save()) == 1
    answered = peg_answered(1, 2, 3, after=writer.session_id)
    assert unsaved.keep_aside(lumbar_home.db_path, [outcome_answers(writer.key, answered)]) == []
    assert unsaved  # what waits keeps the saves coming
    monkeypatch.undo()
    unsaved.last_try()
    entries = json.loads(aside_path(lumbar_home.db_path).read_text(encoding="utf-8"))["answers"]
    assert [e["kind"] for e in entries] == ["session", "outcome"]
    db.close()


def test_a_check_in_taken_in_meanwhile_by_another_lumbar_is_stored_once(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: two lumbars started at once each stored a check-in kept aside (4
    outcomes for 2): it was looked for before the write, not in it. Here the other lumbar
    stores it while this one reads the file whole, between the two."""
    import db.kept_aside
    from db.kept_aside import keep_aside, outcome_answers

    writer = _a_finished_session(lumbar_home)
    answered = peg_answered(1, 2, 3, after=writer.session_id)
    keep_aside(lumbar_home.db_path, [outcome_answers(writer.key, answered)])
    whole = db.kept_aside._check_whole

    def the_other_lumbar_first(db: Any, path: Path) -> None:
        other = open_database(path)
        store_outcome(other, answered)
        other.close()
        whole(db, path)

    monkeypatch.setattr(db.kept_aside, "_check_whole", the_other_lumbar_first)
    opened = open_database(lumbar_home.db_path)
    taken = take_in(opened, lumbar_home.db_path)
    assert taken is not None
    assert taken.taken == 1
    assert len(outcomes(opened, "peg")) == 1
    assert not aside_path(lumbar_home.db_path).exists()
    opened.close()


async def test_answers_that_take_in_fails_on_unforeseen_are_one_line_and_sessions_still_save(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: OverflowError out of ``take_in`` stopped the database opening ("Cannot
    save sessions"). Whatever a file of answers makes it raise is now one line."""
    import db.kept_aside

    _a_finished_session(lumbar_home)

    def unforeseen(*args: object) -> Any:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(db.kept_aside, "take_in", unforeseen)
    app = quiet_app(lumbar_home, FakeClock(), routine=None)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await until(pilot, lambda: "Answers kept aside" in notices.titles(), "the line", 30)
        await app.workers.wait_for_complete()
        assert (await app.database()) is not None
    (line,) = [n.message for n in notices.shown if n.title == "Answers kept aside"]
    aside = aside_path(lumbar_home.db_path)
    assert line == (
        f"The answers kept aside in {aside} were not taken in (OverflowError); they stay "
        "there: take them in with a newer lumbar, or move that file away"
    )
    assert "Session database" not in notices.titles()


def test_answers_not_kept_aside_again_after_some_were_are_said_again(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: the line on answers not kept was told once per lumbar, so a disk
    full again after it had room left a later check-in unkept and unsaid."""
    from db.kept_aside import outcome_answers

    db, writer = _damaged_with_answers(lumbar_home)
    unsaved = Unsaved()
    unsaved.add(writer)
    _no_space(monkeypatch)
    (full,) = unsaved.save()
    monkeypatch.undo()
    (kept,) = unsaved.save()
    assert "is damaged, so your answers are kept in" in kept
    _no_space(monkeypatch)
    answered = peg_answered(1, 2, 3, after=writer.session_id)
    again = unsaved.keep_aside(lumbar_home.db_path, [outcome_answers(writer.key, answered)])
    assert again == [full]
    assert unsaved.save() == []  # once while it lasts
    db.close()


def test_a_check_in_kept_aside_with_its_own_zone_is_stored_in_utc(lumbar_home: Locations) -> None:
    """Every time in the database is UTC with a Z; one kept as ``+05:30`` was stored so."""
    _a_finished_session(lumbar_home)
    entry = {
        "kind": "outcome",
        "session_id": None,
        "session_started_at": None,
        "measure": "peg",
        "answered_at": "2026-03-01T10:00:00.000+05:30",
        "answers": [["pain", 1], ["enjoyment", 2], ["activity", 3]],
    }
    aside = aside_path(lumbar_home.db_path)
    aside.write_text(json.dumps({"answers": [entry]}), encoding="utf-8")
    db = open_database(lumbar_home.db_path)
    taken = take_in(db, lumbar_home.db_path)
    assert taken is not None
    assert taken.taken == 1
    assert db.execute("SELECT answered_at FROM outcomes").fetchall() == [
        ("2026-03-01T04:30:00.000Z",)
    ]
    aside.write_text(json.dumps({"answers": [entry]}), encoding="utf-8")  # not updated
    assert take_in(db, lumbar_home.db_path) is not None
    assert db.execute("SELECT count(*) FROM outcomes").fetchone() == (1,)
    db.close()


def test_a_pain_after_and_note_taken_in_are_not_put_back_over_a_later_edit(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While their file cannot be updated, each start found them there again, and wrote them
    over what was edited since. They only fill a session that has none."""
    from db.kept_aside import keep_aside, session_answers

    writer = _a_finished_session(lumbar_home)
    answers = session_answers(writer.key, {"pain_after": 4, "note": "stiff"})
    keep_aside(lumbar_home.db_path, [answers])

    def refused(*args: object, **kwargs: object) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "unlink", refused)
    db = open_database(lumbar_home.db_path)
    taken = take_in(db, lumbar_home.db_path)
    assert taken is not None
    assert taken.problem is not None
    query = "SELECT pain_after, note FROM sessions WHERE id = ?"
    assert db.execute(query, [writer.session_id]).fetchone() == (4, "stiff")
    db.execute(
        "UPDATE sessions SET pain_after = 2, note = 'better' WHERE id = ?", [writer.session_id]
    )
    db.conn.commit()
    assert take_in(db, lumbar_home.db_path) is not None  # the next start
    assert db.execute(query, [writer.session_id]).fetchone() == (2, "better")
    db.close()


def test_a_check_in_found_stored_stays_aside_until_the_file_is_found_whole(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: one stored already was taken off its file without the check, which
    an older copy of a file in its place, itself damaged, may not pass."""
    import db.kept_aside
    from db.kept_aside import keep_aside, outcome_answers

    writer = _a_finished_session(lumbar_home)
    answered = peg_answered(1, 2, 3, after=writer.session_id)
    opened = open_database(lumbar_home.db_path)
    store_outcome(opened, answered)
    keep_aside(lumbar_home.db_path, [outcome_answers(writer.key, answered)])
    aside = aside_path(lumbar_home.db_path)
    before = aside.read_bytes()

    def damaged(*args: object) -> None:
        raise DatabaseProblem("found damaged")

    monkeypatch.setattr(db.kept_aside, "_check_whole", damaged)
    with pytest.raises(DatabaseProblem, match="found damaged"):
        take_in(opened, lumbar_home.db_path)
    assert aside.read_bytes() == before
    opened.close()


def test_a_file_of_answers_that_is_a_list_is_said_in_words(lumbar_home: Locations) -> None:
    """It said "(list indices must be integers or slices, not str)"."""
    _a_finished_session(lumbar_home)
    aside = aside_path(lumbar_home.db_path)
    aside.write_text("[]", encoding="utf-8")
    db = open_database(lumbar_home.db_path)
    with pytest.raises(DatabaseProblem) as raised:
        take_in(db, lumbar_home.db_path)
    assert str(raised.value) == (
        f"The answers kept aside in {aside} cannot be read (not a list of answers); "
        "move that file away to keep answers anew"
    )
    db.close()
