"""What lumbar records of a session agrees with itself: the minutes in sets, the sets an
export lists and the state a set is read in are one reading of the stored rows, whichever
face shows them (the log, its JSON, the trends, the FIT export, sqlite3's views).

Driven with Pilot on a fake clock, stored in a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from export_sessions import read_fit, set_row
from fake_clock import FakeClock
from rewind import back_to_before
from session_apps import quiet_app
from textual.widgets import Static
from waiting import settle, until

from db import schema
from db.connection import open_database
from db.figures import set_worked
from db.read_model import read_session
from db.sessions import EndStatus, EventRow, SessionWriter
from db.trends import active_days, minutes_per_week, pain_trend
from tui.cli import main
from tui.locations import Locations
from tui.screens.home import HomeScreen
from tui.screens.resume import ResumeQuestion
from tui.screens.summary import SummaryScreen

SIZE = (80, 24)


async def ended_in_bird_dog_right(home: Locations) -> None:
    """Core basics: Bird dog left done (5 reps, 3 s each), then q y at 3 reps of the right."""
    clock = FakeClock()
    app = quiet_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        await pilot.press("space", "n")
        for _ in range(5):
            clock.advance(3.0)
            await pilot.press("r")
        await pilot.press("n")  # on past the switch of sides
        for _ in range(3):
            clock.advance(3.0)
            await pilot.press("r")
        clock.advance(2.0)
        await pilot.press("q", "y")
        await settle(pilot)
        await pilot.press("3", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.rows()[1][3] == "3 reps, then ended"


def log_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(["log", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


async def test_a_set_the_session_was_ended_in_is_time_in_sets_in_the_log_trends_and_fit(
    lumbar_home: Locations, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await ended_in_bird_dog_right(lumbar_home)
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        session = read_session(db, 1)
        assert session is not None
        left, right = session.sets
        assert right.reps_done == 3
        assert (right.active_s or 0.0) > 9.0
        in_sets = round((left.active_s or 0.0) + (right.active_s or 0.0), 3)
        # One figure: the session's row, its log row, the trends' minutes of the day.
        assert db.execute("SELECT active_s FROM sessions").fetchone()[0] == in_sets
        assert session.row.active_s == in_sets
        assert list(active_days(db).values()) == [round(in_sets / 60, 2)]
        assert (left.state, right.state) == ("done", "ended")
        assert (left.worked, right.worked) == (True, True)
        view = db.execute("SELECT state, worked, skipped FROM step_summary ORDER BY step_index")
        assert view.fetchall() == [("done", 1, 0), ("ended", 1, 1)]
    finally:
        db.close()
    (listed,) = log_json(capsys)
    assert listed["active_minutes"] == round(in_sets / 60, 2)
    assert (listed["sets_done"], listed["sets_skipped"]) == (1, 0)
    shown = log_json(capsys, "show", "1")
    assert [s["state"] for s in shown["steps"]] == ["done", "ended"]
    # The FIT export lists the same sets as active, with what was done of them.
    out = tmp_path / "ended.fit"
    assert main(["export", "--format", "fit", "--session", "1", "-o", str(out)]) == 0
    active = [m for m in read_fit(out)["set_mesgs"] if m["set_type"] == "active"]
    assert [m["repetitions"] for m in active] == [5, 3]


async def test_a_session_whose_only_work_was_a_hold_ended_early_counts_everywhere_alike(
    lumbar_home: Locations, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hip flexor balance at pain 3, its first hold ended with q after 12 s of 30: no set
    done, one set worked. The person exercised: the log, the trends (days, streak, minutes,
    pain), the report and ``lumbar today`` all count the session and its minutes (the trends
    and the report left it out: they read "a set done")."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, "hip-flexor-balance")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        await pilot.press("space", "n")  # start; on past the get-ready: the hold's clock runs
        for _ in range(12):
            clock.advance(1.0)
        await pilot.pause()
        await pilot.press("q", "y")
        await settle(pilot)
        await pilot.press("3", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        session = read_session(db, 1)
        assert session is not None
        (held,) = [s for s in session.sets if s.worked]
        assert (held.state, held.done) == ("ended", False)
        minutes = round((held.active_s or 0.0) / 60, 2)
        assert minutes > 0.15
        assert (session.row.sets_done, session.row.sets_worked) == (0, 1)
        assert session.row.exercised
        assert list(active_days(db).values()) == [minutes]
        assert minutes_per_week(db)[-1][1] == minutes
        assert [p.session_id for p in pain_trend(db)] == [1]
    finally:
        db.close()
    capsys.readouterr()
    assert main(["trends", "--json"]) == 0
    trends = json.loads(capsys.readouterr().out)
    assert (trends["days_exercised"], trends["streaks"]["current_days"]) == (1, 1)
    assert trends["days"][0]["minutes"] == minutes
    page = tmp_path / "report.html"
    assert main(["report", "-o", str(page)]) == 0
    text = page.read_text()
    assert "1 session on 1 day;" in text
    assert '<section id="no-set-done">' not in text
    weeks = text.split('<section id="weeks">')[1].split("</section>")[0]
    shown = f"{minutes:.1f}".rstrip("0").rstrip(".")  # as the report writes minutes
    assert f'<td class="n">1</td><td class="n">–</td><td class="n">{shown}</td>' in weeks
    capsys.readouterr()
    main(["today", "--json"])
    (routine,) = json.loads(capsys.readouterr().out)["routines"]
    assert routine["routine_id"] == "hip-flexor-balance", "followed: it was exercised in"
    assert routine["today"]["sets_done"] == 0
    assert routine["today"]["sets_part_done"] == 1


async def cut_off_in_bird_dog_left(home: Locations) -> None:
    """Core basics at pain 3: 3 reps of Bird dog left (3 s each), then lumbar closes under
    the session (its window went): the set is cut off, unfinished, with its 3 reps."""
    clock = FakeClock()
    app = quiet_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        await pilot.press("space", "n")
        for _ in range(3):
            clock.advance(3.0)
            await pilot.press("r")
        clock.advance(1.0)
        await pilot.pause()


async def test_a_set_cut_off_after_some_reps_is_a_day_exercised_everywhere_alike(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in a trial: a session killed after some reps counted as no day exercised (the
    README: a set left after a rep is worked, and a session with a set worked counts), as
    an unfinished set was never worked. It is, as one left with n or q is."""
    await cut_off_in_bird_dog_left(lumbar_home)
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        session = read_session(db, 1)
        assert session is not None
        assert session.row.status == "interrupted"
        (cut,) = session.sets
        assert (cut.state, cut.reps_done, cut.worked) == ("unfinished", 3, True)
        assert (session.row.sets_worked, session.row.exercised) == (1, True)
        in_sets = round(cut.active_s or 0.0, 3)
        assert in_sets > 8.0
        assert db.execute("SELECT active_s FROM sessions").fetchone()[0] == in_sets
        assert session.row.active_s == in_sets
        assert list(active_days(db).values()) == [round(in_sets / 60, 2)]
        view = db.execute("SELECT state, worked FROM step_summary").fetchall()
        assert view == [("unfinished", 1)]
    finally:
        db.close()
    capsys.readouterr()
    assert main(["trends", "--json"]) == 0
    trends = json.loads(capsys.readouterr().out)
    assert (trends["days_exercised"], trends["streaks"]["current_days"]) == (1, 1)
    main(["today", "--json"])
    (routine,) = json.loads(capsys.readouterr().out)["routines"]
    assert routine["routine_id"] == "core-basics", "followed: it was exercised in"


async def test_an_older_file_counts_a_set_cut_off_after_some_reps_once_migrated(
    lumbar_home: Locations,
) -> None:
    await cut_off_in_bird_dog_left(lumbar_home)
    db = open_database(lumbar_home.db_path)
    back_to_before(db, schema._a_set_cut_off_after_some_is_worked)
    # The view as the older lumbar made it, in its own words: rewound, it is made by the
    # earlier migrations with today's rule (db.figures.set_worked), which would hide a
    # migration that did not make it again.
    view = "SELECT sql FROM sqlite_master WHERE name = 'step_summary'"
    (today,) = db.execute(view).fetchone()
    assert set_worked("st") in today
    db.execute("DROP VIEW step_summary")
    db.execute(today.replace(set_worked("st"), OLDER_SET_WORKED))
    db.execute("UPDATE sessions SET active_s = NULL")  # as the older lumbar wrote
    db.conn.commit()
    assert db.execute("SELECT worked FROM step_summary").fetchall() == [(0,)]
    db.close()
    db = open_database(lumbar_home.db_path)
    try:
        cut = db.execute("SELECT round(active_s, 3) FROM steps").fetchone()[0]
        assert cut > 8.0
        assert db.execute("SELECT active_s FROM sessions").fetchone()[0] == cut
        assert db.execute("SELECT worked FROM step_summary").fetchall() == [(1,)]
    finally:
        db.close()


OLDER_SET_WORKED = (
    "(st.ended_at IS NOT NULL AND (st.skipped = 0 OR "
    "CASE st.mode WHEN 'hold' THEN coalesce(st.holds_s, '[]') != '[]' "
    "WHEN 'timed' THEN coalesce(st.active_s, 0) >= 1.0 "
    "ELSE coalesce(st.reps_done, 0) > 0 END))"
)
"""``step_summary``'s ``worked`` before a set cut off after some of it was worked: it had
to have ended."""


async def test_an_older_file_counts_a_set_ended_in_as_time_in_sets_once_migrated(
    lumbar_home: Locations,
) -> None:
    await ended_in_bird_dog_right(lumbar_home)
    db = open_database(lumbar_home.db_path)
    done_only = db.execute("SELECT active_s FROM steps WHERE skipped = 0").fetchone()[0]
    back_to_before(db, schema._time_in_sets_is_every_set_worked)
    db.execute("UPDATE sessions SET active_s = ?", [done_only])  # as the older lumbar wrote
    db.conn.commit()
    db.close()
    db = open_database(lumbar_home.db_path)
    try:
        worked = db.execute("SELECT round(sum(active_s), 3) FROM steps").fetchone()[0]
        assert worked > done_only
        assert db.execute("SELECT active_s FROM sessions").fetchone()[0] == worked
    finally:
        db.close()


async def test_a_hold_shortened_with_minus_is_recorded_with_the_target_in_force(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hip flexor balance's 30 s hold, + once and - twice: the set held 25 s against 25 s,
    and its record says so (the plan, 30 s, is kept beside it)."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, "hip-flexor-balance")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        await pilot.press("space", "n")  # start; on past the get-ready: the hold's clock runs
        clock.advance(2.0)
        await pilot.press("plus", "minus", "minus")
        for _ in range(24):
            clock.advance(1.0)
        await pilot.pause()
        await pilot.press("q", "y")
        await settle(pilot)
        await pilot.press("3", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        first = app.screen.rows()[0]
    db = open_database(lumbar_home.db_path, writable=False)
    try:
        found = db.execute(
            "SELECT planned_hold_s, target_hold_s, holds_s FROM steps ORDER BY step_index"
        ).fetchone()
    finally:
        db.close()
    assert found[:2] == (30, 25)
    assert json.loads(found[2])[0] == pytest.approx(25.0)
    assert first[2] == "30 s, shortened to 25 s"
    shown = log_json(capsys, "show", "1")
    step = shown["steps"][0]
    assert (step["planned_hold_s"], step["target_hold_s"]) == (30, 25)
    # A file from before targets were kept takes the last change the session noted.
    db = open_database(lumbar_home.db_path)
    back_to_before(db, schema._targets_in_force)
    db.close()
    # Read before it is migrated (the log never migrates), the target is not known: the set
    # reads as planned, not as a target it was never given.
    step = log_json(capsys, "show", "1")["steps"][0]
    assert (step["planned_hold_s"], step["target_hold_s"]) == (30, None)
    db = open_database(lumbar_home.db_path)
    try:
        migrated = db.execute("SELECT planned_hold_s, target_hold_s FROM step_summary").fetchone()
    finally:
        db.close()
    assert migrated == (30, 25)


async def test_a_set_begun_again_with_b_is_migrated_with_the_target_of_the_go_stored(
    lumbar_home: Locations,
) -> None:
    """Hip flexor balance's 30 s hold: - (25 s), then b to begin the set again, which starts
    at the plan; held 12 s of it, then q. The set stored is the second go, at 30 s: so the
    record says, and a file from before targets were kept, migrated, says so too (it took
    the - of the first go, before b: 25 s)."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, "hip-flexor-balance")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        await pilot.press("space", "n")  # start; on past the get-ready: the hold's clock runs
        clock.advance(2.0)
        await pilot.press("minus")
        clock.advance(2.0)
        await pilot.press("b")  # back into its get-ready, to begin the set again
        for _ in range(12 + 12):  # the get-ready (10 s at most), then 12 s or more held
            clock.advance(1.0)
        await pilot.pause()
        await pilot.press("q", "y")
        await settle(pilot)
        await pilot.press("3", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        first = app.screen.rows()[0]
    assert first[2] == "30 s", "begun again at the plan"

    def stored() -> tuple[object, ...]:
        db = open_database(lumbar_home.db_path)
        try:
            return tuple(
                db.execute(
                    "SELECT st.planned_hold_s, st.target_hold_s, "
                    "(SELECT e.value FROM events e WHERE e.session_id = st.session_id "
                    "AND e.kind = 'hold-changed' AND e.step_index = st.step_index) "
                    "FROM steps st WHERE st.skipped = 1"
                ).fetchone()
            )
        finally:
            db.close()

    assert stored() == (30, 30, 25.0), "the first go's - is noted, the set stored is at 30 s"
    db = open_database(lumbar_home.db_path)
    back_to_before(db, schema._targets_in_force)
    db.close()
    assert stored() == (30, 30, 25.0)


async def test_home_says_a_session_stopped_today_was_started_not_done_while_offering_it(
    lumbar_home: Locations,
) -> None:
    """Bird dog left done, then lumbar closed under the session: the next start offers to
    resume it, and the home screen above says it was started today, not done for today."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        await pilot.press("space", "n", *"rrrrr")
    app = quiet_app(lumbar_home, clock, routine=None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ResumeQuestion), "the offer", 30)
        (home,) = [s for s in app.screen_stack if isinstance(s, HomeScreen)]
        await until(pilot, lambda: home.plan is not None, "what is due", 30)
        text = str(home.query_one("#today", Static).render())
    assert "Core basics: started today, 1 of 4 sets done · this week 1 of 3" in text
    assert "done for today" not in text


def test_today_says_a_session_ended_for_pain_ended_early_not_done(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """A session ended on the pain advice after 1 of 4 sets counts for the week (the person
    exercised), and ``lumbar today`` says how it ended, not "done for today"."""
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(
        db, kind="routine", routine_id="core-basics", routine_name="Core basics", planned_sets=4
    )
    writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 10.0, 40.0, reps=5, side="left"))
    writer.event(EventRow(t_s=45.0, kind="pain", step_index=3, value=8))
    writer.event(EventRow(t_s=46.0, kind="pain-advice", step_index=3, value=8, detail="rest-today"))
    writer.event(EventRow(t_s=50.0, kind="pain-choice", step_index=3, detail="end"))
    writer.finish("ended-early", 50.0)
    db.close()
    capsys.readouterr()
    main(["today"])
    out = capsys.readouterr().out
    assert out.splitlines()[1:3] == [
        "  Core basics · ended early today (pain), 1 of 4 sets done",
        "                this week 1 of 3 (" + out.splitlines()[2].split("(")[-1],
    ]  # 81 columns on one line: the week's count under the first fact
    assert "done for today" not in out
    main(["today", "--json"])
    (routine,) = json.loads(capsys.readouterr().out)["routines"]
    assert routine["done_this_week"] == 1
    assert routine["today"]["status"] == "ended-early"
    assert routine["today"]["ended_for_pain"] is True


def test_today_never_says_last_done_today_of_a_session_with_no_set_done(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """Strength foundation (no set frequency) ended with q at its first set after 1 rep: no
    set done, one part done. It counts for the week, but ``lumbar today`` said "last done
    today" while its JSON said how it ended; both now say the same words."""
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(
        db,
        kind="routine",
        routine_id="strength-foundation",
        routine_name="Strength foundation",
        planned_sets=5,
    )
    one_rep = set_row(0, "bird-dog", "Bird dog", "reps", 10.0, 14.0, reps=1, skipped=True)
    writer.step(one_rep)
    writer.event(EventRow(t_s=14.0, kind="ended-early", step_index=0))
    writer.finish("ended-early", 14.0)
    db.close()
    capsys.readouterr()
    main(["today", "--json"])
    (routine,) = json.loads(capsys.readouterr().out)["routines"]
    assert (routine["state"], routine["today"]["sets_done"]) == ("open", 0)
    words = routine["today"]["words"]
    assert words == "ended early today, 0 of 5 sets done, 1 part done"
    main(["today"])
    lines = capsys.readouterr().out.splitlines()
    (at,) = [n for n, line in enumerate(lines) if "Strength" in line]
    assert "last done" not in " ".join(lines), lines
    # Too long for one line of 80 columns: the facts after the first, under it.
    assert lines[at : at + 3] == [
        "  Strength foundation · no set frequency",
        f"                        {words}",
        "                        this week 1 (" + lines[at + 2].split("(")[-1],
    ]


def test_today_says_done_for_today_when_a_session_today_was_completed_and_another_ended_early(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """Core basics completed this morning, then begun again and ended early after a set:
    it was done for today; the later session ended early does not take that back."""
    db = open_database(lumbar_home.db_path)
    ends: tuple[tuple[EndStatus, int], ...] = (("completed", 4), ("ended-early", 1))
    for status, sets in ends:
        writer = SessionWriter.start(
            db, kind="routine", routine_id="core-basics", routine_name="Core basics", planned_sets=4
        )
        for index in range(sets):
            start = 10.0 + 40 * index
            writer.step(set_row(index, "bird-dog", "Bird dog", "reps", start, start + 30, reps=5))
        writer.finish(status, 10.0 + 40 * sets)
    db.close()
    capsys.readouterr()
    main(["today", "--json"])
    (routine,) = json.loads(capsys.readouterr().out)["routines"]
    assert (routine["done_today"], routine["today"]) == (2, None)
    main(["today"])
    out = capsys.readouterr().out
    assert "Core basics · done for today · last done today" in out, out
    assert "ended early" not in out
