"""A session's detail, driven with Pilot on real SQLite files.

Sessions are written through SessionWriter (see ``log_history``); what the screen changes
is checked in the database. The spans' and the charts' thinning are tested on lists.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from footer_keys import footer_keys
from log_history import ACC_HZ, BIRD_DOG, BIRD_DOG_S, H10, PLANK, Story, one_set_session
from log_history import step as log_step
from log_screens import (
    SIZE,
    counts,
    current,
    make_app,
    open_log,
    settle,
    shown_lines,
    shows,
    text_of,
    y_labels,
)
from notices import Notices
from rich.cells import cell_len
from stored import stored_session, stored_set
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, DataTable, Input, OptionList, Static
from waiting import until

from db.connection import open_database
from db.log import motion_chunks
from db.read_model import StoredSession, StoredSet, read_session
from db.sessions import EventRow, SessionWriter, StepRow
from sensors.packing import PackedChunk, pack_acc, unpack_acc
from tui.locations import Locations
from tui.screens.log import LogScreen, SessionTable
from tui.screens.session_detail import (
    ConfirmDelete,
    EditNote,
    MotionTrace,
    SessionDetailScreen,
    StepTable,
    exercise_spans,
    motion_trace,
)
from tui.screens.trends import TrendsScreen
from tui.widgets.charts import LineChart, Span, thinned, thinned_indices

if TYPE_CHECKING:
    from sqlite_utils import Database


async def open_detail(pilot: Pilot[Any], row: int = 0) -> SessionDetailScreen:
    await open_log(pilot)
    for _ in range(row):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionDetailScreen)
    return screen


async def test_enter_opens_the_session_with_its_sets_events_and_heart_rate(
    lumbar_home: Locations, history: Story
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot)
        assert detail.session_id == history.with_sensors
        head = text_of(detail.query_one("#detail-head", Static))
        assert "Core basics · 2 min · completed" in head
        assert "3 of 3 sets done" in head
        assert "Pain 4 before → 5 in Forearm plank → 2 after" in head  # its pain story
        assert "heart rate 81 avg, 100 peak" in head
        steps = detail.query_one("#steps", DataTable)
        assert steps.get_row_at(0) == ["Bird dog", "1 L", "5 reps", "5 reps", "", "5", "1"]
        assert steps.get_row_at(2) == [
            "Forearm plank",
            "1",
            "3 × 10 s",
            "10, 9, 8 s",
            "90%",
            "",
            "",
        ]
        chart = detail.query_one("#heart-chart", LineChart)
        assert detail.query_one(ContentSwitcher).current == "heart-chart"
        (line,) = chart.lines
        assert len(line.xs) == 140
        assert max(line.ys) == 100
        assert [s.label for s in chart.spans] == ["Bird dog", "Forearm plank"]
        assert (chart.spans[0].start, chart.spans[0].end) == (10.0, 75.0)

        await pilot.press("v")
        assert detail.query_one(ContentSwitcher).current == "events"
        events = detail.query_one("#events", DataTable)
        assert events.get_row_at(0) == ["0:22", "form-warning", "17.5° trunk rotating", "Bird dog"]
        assert events.get_row_at(3) == ["1:40", "pain", "5/10", "Forearm plank"]
        await pilot.press("h")
        assert detail.query_one(ContentSwitcher).current == "heart-chart"
        await pilot.press("escape")
        assert isinstance(app.screen, LogScreen)


async def test_enter_or_a_on_a_set_shows_its_accelerometer_trace(
    lumbar_home: Locations, history: Story
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert detail.query_one(ContentSwitcher).current == "motion-chart"
        motion = detail.query_one("#motion-chart", LineChart)
        assert [line.label for line in motion.lines] == ["x", "y", "z"]
        x, _y, z = motion.lines
        assert 0 <= x.xs[0] < 0.1
        assert BIRD_DOG_S[1] - BIRD_DOG_S[0] - 0.1 < x.xs[-1]
        assert set(z.ys) == {0.98}, "in g, as the recording CSV and 'lumbar analyze' have it"
        assert max(x.ys) > 0.29
        assert min(x.ys) < -0.29
        assert [s.start for s in motion.spans] == [5.0, 11.0, 17.0, 23.0, 29.0], "the reps"
        assert str(motion.border_title) == "Motion · Bird dog 1 L: g over s"
        assert y_labels(motion) == ["-1", "0", "1"], "round numbers, evenly spaced"

        await pilot.press("down", "a")  # the right side: no wearable watched it
        await settle(pilot)
        assert not motion.has_data
        assert motion.empty == "No motion was recorded during this set."


def motion_span_s(home: Locations) -> tuple[float, float]:
    """When the recording's first and last motion samples came, in seconds from its start."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(home.db_path)) as db:
        first_s, last_s = db.execute(
            "SELECT min(t0_s), max(t0_s + (count - 1) / rate_hz) FROM stream_chunks"
            " WHERE stream = 'acc'"
        ).fetchone()
    assert first_s is not None
    return float(first_s), float(last_s)


async def test_a_recordings_motion_is_seen_whole_from_its_one_row(
    lumbar_home: Locations,
) -> None:
    """A recording (lumbar record) has no sets, so no row to press enter on: its motion could
    not be seen in the app (helper-78). Its one row is the whole recording."""
    import asyncio

    from tui.cli import main

    recorded = ["--db", str(lumbar_home.db_path), "record", "--demo", "--seconds", "1"]
    assert await asyncio.to_thread(main, recorded) == 0
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot)
        steps = detail.query_one(StepTable)
        assert str(steps.border_title) == "Recording"
        assert steps.row_count == 1
        assert steps.get_row_at(0)[0] == "Whole recording"
        await pilot.press("enter")
        await settle(pilot)
        assert detail.query_one(ContentSwitcher).current == "motion-chart"
        motion = detail.query_one("#motion-chart", LineChart)
        assert str(motion.border_title) == "Motion · the whole recording: g over s"
        assert [line.label for line in motion.lines] == ["x", "y", "z"]
        x = motion.lines[0]
        # From the first sample recorded to the last (when they came depends on the
        # machine's load: the recording lasts a second of its clock).
        first_s, last_s = motion_span_s(lumbar_home)
        assert last_s > first_s
        assert x.xs[0] == pytest.approx(first_s, abs=0.05)
        assert x.xs[-1] == pytest.approx(last_s, abs=0.05)


async def test_a_recordings_motion_seen_whole_keeps_samples_dated_before_its_clock_began(
    lumbar_home: Locations,
) -> None:
    """On a loaded machine the first packet came late, and its samples, dated back from when
    it came, began 0.07 s before the recording's clock: the whole recording's chart began at
    0 and left them out (CI failure). They are shown: the whole is every sample recorded."""
    import asyncio
    from contextlib import closing

    from tui.cli import main

    recorded = ["--db", str(lumbar_home.db_path), "record", "--demo", "--seconds", "1"]
    assert await asyncio.to_thread(main, recorded) == 0
    with closing(sqlite3.connect(lumbar_home.db_path)) as db, db:
        db.execute(
            "UPDATE stream_chunks SET t0_s = -0.3 WHERE id ="
            " (SELECT min(id) FROM stream_chunks WHERE stream = 'acc')"
        )
    first_s, _ = motion_span_s(lumbar_home)
    assert first_s == -0.3
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot)
        await pilot.press("enter")
        await settle(pilot)
        motion = detail.query_one("#motion-chart", LineChart)
        assert motion.lines[0].xs[0] == pytest.approx(first_s, abs=0.01)


@pytest.mark.parametrize("left", ["none", "skipped", "ended"])
async def test_a_routine_sessions_motion_with_no_set_done_is_seen_whole_from_its_row(
    lumbar_home: Locations, now: datetime, left: str
) -> None:
    """Motion recorded, then the session ended before a set was done: it had no row to
    press enter on (or only a skipped set's, with a second of it), so its motion could not
    be seen. A row after the sets is the whole session, as a recording's one row is.

    QA: a session ended mid-set read "Sets: none done" above "Bird dog 1 L ... 4 reps, then
    ended", a set worked (as the history counts it). How many sets were done is said once,
    in the headline, in the summary's words ("0 of 3 sets done"); the table is titled as
    ever, but over no set at all, "Sets: none done"."""
    skipped = left != "none"
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db,
            kind="routine",
            routine_id="core-basics",
            routine_name="Core basics",
            planned_sets=3,
            started_at=now - timedelta(hours=1),
        )
        if left == "skipped":  # the first set skipped a second in: its row shows that second
            writer.step(log_step(0, BIRD_DOG, (4.0, 5.0), reps_done=0, skipped=True))
        elif left == "ended":  # the session ended in the first set, 4 reps in (q)
            writer.step(log_step(0, BIRD_DOG, (4.0, 19.0), reps_done=4, skipped=True))
            writer.event(EventRow(19.0, "ended-early", 0))
        for second in range(2, 20):
            times = [second + i / ACC_HZ for i in range(int(ACC_HZ))]
            chunk = pack_acc(H10, times, [(0, 10 * second, 1000)] * len(times), ACC_HZ)
            fields = (chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data)
            writer.stream_chunk(H10, "acc", *fields)
        writer.finish("ended-early", 20.0)
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot)
        steps = detail.query_one(StepTable)
        await until(pilot, lambda: detail.view is not None, "the session read", 30)
        assert "0 of 3 sets done" in text_of(detail.query_one("#detail-head", Static))
        title = "Sets: none done" if left == "none" else "Sets: planned and done"
        assert str(steps.border_title) == title, "none done: over no set at all (review)"
        assert steps.row_count == 1 + skipped
        if left == "ended":
            assert steps.get_row_at(0)[3].replace("\n", " ") == "4 reps, then ended"
        assert steps.get_row_at(steps.row_count - 1)[:4] == ["Whole session", "", "", "20 s"]
        if skipped:
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert detail.query_one(ContentSwitcher).current == "motion-chart"
        motion = detail.query_one("#motion-chart", LineChart)
        await until(pilot, lambda: motion.has_data, "the whole session's motion", 30)
        assert str(motion.border_title) == "Motion · the whole session: g over s"
        x, y, _z = motion.lines
        assert x.xs[0] == 2.0, "on session seconds"
        assert x.xs[-1] > 19.5, "to its end"
        assert max(y.ys) == 0.19


async def test_a_session_without_motion_or_heart_rate_says_so(
    lumbar_home: Locations, history: Story
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, row=1)
        assert detail.session_id == history.plain
        assert detail.query_one(ContentSwitcher).current == "events", "no heart rate to show"
        await pilot.press("h")
        assert not detail.query_one("#heart-chart", LineChart).has_data
        await pilot.press("a")
        await settle(pilot)
        motion = detail.query_one("#motion-chart", LineChart)
        assert motion.empty == "No motion was recorded in this session."


@pytest.mark.parametrize("size", [(200, 50), (120, 40)])
async def test_a_wide_terminal_shows_long_names_and_outcomes_whole(
    lumbar_home: Locations, now: datetime, size: tuple[int, int]
) -> None:
    """The sets' and events' columns were as wide at 200 columns as at 80: "Lower back rotat",
    "1 rep, then skippe" beside a hundred empty columns. They widen where there is room."""
    rotation = ("seated-lower-back-rotation", "Seated lower back rotation stretch", "hold")
    one_set = log_step(
        0,
        rotation,
        (5.0, 20.0),
        side="right",
        planned_reps=3,
        planned_hold_s=5,
        reps_done=2,
        holds_s=(10.0, 1.302),
        skipped=True,
    )
    pain = EventRow(t_s=12.0, kind="pain", step_index=0, value=3)
    started = now - timedelta(hours=1)
    one_set_session(lumbar_home.db_path, started, one_set, status="ended-early", events=(pain,))
    app = make_app(lumbar_home)
    async with app.run_test(size=size) as pilot:
        await open_log(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = current(app)
        assert isinstance(detail, SessionDetailScreen)
        steps = detail.query_one("#steps", DataTable)
        await until(pilot, lambda: shows(steps, "10, 1 s, then skipped"), "the done whole", 30)
        assert shows(steps, "Seated lower back rotation stretch")
        assert shows(steps, "Form")  # every column still in sight
        await pilot.press("v")
        events = detail.query_one("#events", DataTable)
        await until(pilot, lambda: shows(events, "Seated lower back rotation stretch"), "it", 30)
        await pilot.resize_terminal(80, 24)
        # Until the columns are fitted again (after the resize's refresh) the wide ones stand
        # cut at the table's new edge, "Form" out of sight: wait for the table refitted.
        await until(
            pilot,
            lambda: not shows(steps, "10, 1 s, then skipped") and shows(steps, "Form"),
            "at 80 columns every column still fits",
            30,
        )
        # What does not fit goes on to the next line of its row, whole, not cut.
        shown = " ".join(shown_lines(steps)[1:4])
        for word in ("Seated", "lower", "back", "rotation", "stretch", "then", "skipped"):
            assert word in shown.split(), f"{word!r} cut at 80 columns: {shown_lines(steps)}"


WALK = ("walking", "Walking", "timed")


@pytest.mark.parametrize(
    ("changed", "said"),
    [
        (
            replace(
                log_step(0, PLANK, (5.0, 110.0), planned_reps=3, planned_hold_s=30, reps_done=3),
                holds_s=(30.0, 35.0, 35.0),
                target_hold_s=35,
            ),
            "3 × 30 s, lengthened to 35 s",
        ),
        (
            replace(
                log_step(0, WALK, (5.0, 300.0), planned_reps=1, reps_done=1),
                planned_duration_s=300,
                target_duration_s=295,
            ),
            "5 min, shortened to 4 min 55 s",
        ),
    ],
)
async def test_a_changed_hold_reads_whole_at_80_columns(
    lumbar_home: Locations, now: datetime, changed: StepRow, said: str
) -> None:
    """The plan then the change ("3 × 30 s, lengthened to 35 s") was cut at every width:
    the Planned column neither grew nor wrapped. At 80 columns it wraps, words whole; a
    timer's change in minutes and seconds too (it was cut after "to 4 min")."""
    one_set_session(lumbar_home.db_path, now - timedelta(hours=1), changed)
    app = make_app(lumbar_home)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_detail(pilot)
        steps = detail.query_one(StepTable)
        await until(pilot, lambda: shows(steps, "ened"), "the change", 30)
        planned = str(steps.get_row_at(0)[2]).split("\n")
        assert " ".join(planned) == said, planned
        width = steps.ordered_columns[2].width
        assert all(cell_len(line) <= width for line in planned), (planned, width)
        assert shows(steps, "Form"), "every column still in sight"


async def test_a_name_too_long_for_its_lines_ends_with_an_ellipsis_in_the_whole_width(
    lumbar_home: Locations, now: datetime
) -> None:
    """A cell wraps onto at most three lines; the third held all the rest of a long name,
    which the table cut without a sign ("stretch with a t"). It ends with "…" instead."""
    towel = ("towel-rotation", "Seated lower back rotation stretch with a rolled towel", "hold")
    one_set = log_step(0, towel, (5.0, 20.0), planned_reps=3, planned_hold_s=5)
    one_set_session(lumbar_home.db_path, now - timedelta(hours=1), one_set)
    app = make_app(lumbar_home)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_detail(pilot)
        steps = detail.query_one(StepTable)
        await until(pilot, lambda: shows(steps, "Seated lower"), "the set listed", 30)
        assert shows(steps, " with a rolled to… "), "\n".join(shown_lines(steps))
        name = str(steps.get_row_at(0)[0]).split("\n")
        assert name == ["Seated lower back", "rotation stretch", "with a rolled to…"]
        width = steps.ordered_columns[0].width
        assert all(cell_len(line) <= width for line in name), (name, width)
        # The table's room was its width less its border, but that width is already inside
        # the border: two columns stood empty at the right while the name wrapped beside them.
        columns = steps.ordered_columns
        used = sum(c.width for c in columns) + 2 * steps.cell_padding * len(columns)
        assert used == steps.size.width - steps.styles.scrollbar_size_vertical


async def test_names_with_square_brackets_show_as_written(
    lumbar_home: Locations, now: datetime
) -> None:
    # Routines and exercises from the person's own catalog files may hold any text; the
    # tables, the question and the option list read text as markup.
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db,
            kind="routine",
            routine_id="rehab",
            routine_name="Rehab [home]",
            planned_sets=1,
            started_at=now - timedelta(hours=1),
        )
        writer.step(log_step(0, ("bridge-band", "Bridge [/] band", "reps"), (5.0, 35.0)))
        writer.event(EventRow(t_s=20.0, kind="pain", step_index=0, value=3, detail="[b]"))
        writer.finish("completed", 40.0)
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert shows(log.query_one(SessionTable), "Rehab [home]")
        await pilot.press("enter")
        await settle(pilot)
        detail = current(app)
        assert isinstance(detail, SessionDetailScreen)
        assert shows(detail.query_one("#steps", DataTable), "Bridge [/] band")
        await pilot.press("v")
        events = detail.query_one("#events", DataTable)
        assert shows(events, "3/10 [b]")
        assert shows(events, "Bridge [/] band")
        await pilot.press("D")
        question = current(app)
        assert isinstance(question, ConfirmDelete)
        assert shows(question.query_one(".question-text"), "(Rehab [home])?")
        await pilot.press("n", "escape", "t")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        trends = current(app)
        assert isinstance(trends, TrendsScreen)
        assert shows(trends.query_one("#trend-exercises", OptionList), "Bridge [/] band")
        title = str(trends.query_one("#exercise-chart", LineChart).border_title)
        assert Content.from_markup(title).plain == "Bridge [/] band, reps"


async def test_a_damaged_motion_chunk_is_one_line_and_the_chart_says_so(
    lumbar_home: Locations, history: Story
) -> None:
    with sqlite3.connect(lumbar_home.db_path) as conn:
        conn.execute("UPDATE stream_chunks SET data = x'00ff00ff'")
    conn.close()
    notices = Notices()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        detail = await open_detail(pilot)
        await pilot.press("enter")
        await settle(pilot)
        errors = notices.errors()
        assert len(errors) == 1, errors
        assert errors[0].startswith("the motion cannot be read: ")
        assert "\n" not in errors[0]
        motion = detail.query_one("#motion-chart", LineChart)
        assert motion.empty == "The motion of this set cannot be read."
        assert current(app) is detail


async def test_the_set_cut_off_by_an_interruption_shows_its_motion_and_span(
    lumbar_home: Locations, now: datetime
) -> None:
    # The process died 12 s into the plank: its set has a start but no end.
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db, kind="routine", routine_id="core-basics", started_at=now - timedelta(hours=1)
        )
        writer.step(log_step(0, BIRD_DOG, (5.0, 35.0)))
        cut_off = replace(log_step(1, PLANK, (40.0, 52.0), holds_s=(12.0,)), ended_s=None)
        writer.step(cut_off)
        for second in range(40, 52):
            times = [second + i / ACC_HZ for i in range(int(ACC_HZ))]
            chunk = pack_acc(H10, times, [(0, 10 * (second - 40), 1000)] * len(times), ACC_HZ)
            writer.stream_chunk(
                H10, "acc", chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
            )
        for second in range(52):
            writer.heart_rate(H10, float(second), 90, (), True)
        writer.finish("interrupted", 52.0)
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot)
        spans = detail.query_one("#heart-chart", LineChart).spans
        assert [(s.label, s.start, s.end) for s in spans] == [
            ("Bird dog", 5.0, 35.0),
            ("Forearm plank", 40.0, 52.0),
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
        motion = detail.query_one("#motion-chart", LineChart)
        assert motion.has_data, motion.empty
        x, y, _z = motion.lines
        assert 11.9 < x.xs[-1] <= 12.0
        assert max(y.ys) == 0.11


async def test_e_edits_the_note_in_the_database_and_escape_keeps_it(
    lumbar_home: Locations, history: Story
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, row=2)
        assert detail.session_id == history.ended_early
        await pilot.press("e")
        note = current(app)
        assert isinstance(note, EditNote)
        assert note.query_one(Input).value == "stiff morning"
        await pilot.press("escape")
        assert current(app) is detail

        await pilot.press("e", *" and a sore hip", "enter")
        await settle(pilot)
        assert note_of(lumbar_home.db_path, history.ended_early) == "stiff morning and a sore hip"
        assert "Note: stiff morning and a sore hip" in text_of(
            detail.query_one("#detail-head", Static)
        )
        await pilot.press("escape")
        log = current(app)
        assert isinstance(log, LogScreen)
        assert "a sore hip" in text_of(log.query_one("#log-info", Static))

        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await pilot.press("ctrl+u", "enter")  # an empty note clears it
        await settle(pilot)
        assert note_of(lumbar_home.db_path, history.ended_early) is None


def note_of(path: Path, session_id: int) -> str | None:
    with sqlite3.connect(path) as conn:
        note: str | None = conn.execute(
            "SELECT note FROM sessions WHERE id = ?", [session_id]
        ).fetchone()[0]
    conn.close()
    return note


async def test_delete_asks_first_and_takes_only_that_sessions_rows(
    lumbar_home: Locations, history: Story
) -> None:
    path = lumbar_home.db_path
    others = {sid: counts(path, sid) for sid in (history.plain, history.recording)}
    mine = counts(path, history.with_sensors)
    assert all(mine.values()), "the session has rows in every table"
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmDelete)
        # Its own keys at the foot, not the session's beneath it (found by review); the
        # footer is built a few refreshes after the dialog opens: waited for.
        await until(
            pilot, lambda: footer_keys(app.screen) == ["Delete it", "Keep it"], "its keys", 30
        )
        await pilot.press("n")
        await settle(pilot)
        assert current(app) is detail
        assert counts(path, history.with_sensors) == mine

        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("escape")
        assert current(app) is detail

        await pilot.press("delete", "y")
        await settle(pilot)
        log = current(app)
        assert isinstance(log, LogScreen)
        assert [row.id for row in log.rows] == [
            history.plain,
            history.ended_early,
            history.recording,
            history.older,
        ]
        assert log.query_one(SessionTable).row_count == 4
        assert log.query_one(SessionTable).border_title == "Sessions: 4"
    assert set(counts(path, history.with_sensors).values()) == {0}
    assert {sid: counts(path, sid) for sid in others} == others


async def test_a_write_that_fails_is_one_line_and_the_session_stays(
    lumbar_home: Locations, history: Story
) -> None:
    notices = Notices()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        detail = await open_detail(pilot)
        blocker = sqlite3.connect(lumbar_home.db_path, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")  # another program holds the file
        try:
            await pilot.press("D", "y")
            # Held until the delete has failed: on a busy machine its line comes a while after.
            await until(pilot, lambda: bool(notices.errors()), "the line saying it failed", 30)
            await settle(pilot)
        finally:
            blocker.rollback()
            blocker.close()
        errors = notices.errors()
        assert len(errors) == 1, errors
        assert "locked" in errors[0]
        assert current(app) is detail
    assert counts(lumbar_home.db_path, history.with_sensors)["sessions"] == 1


def test_exercise_spans_join_an_exercises_sets_and_reach_the_last_write() -> None:
    session = stored_session(
        stored_set(step_index=0, start_t_s=0.0, end_t_s=30.0),
        stored_set(step_index=1, start_t_s=40.0, end_t_s=70.0, side="right"),
        stored_set(step_index=2, exercise_name="Plank", start_t_s=80.0, end_t_s=90.0),
        stored_set(step_index=3, start_t_s=None, end_t_s=None),
        stored_set(step_index=4, start_t_s=100.0, end_t_s=None, finished=False),
        elapsed_s=112.0,
    )
    assert exercise_spans(session) == [
        Span(0.0, 70.0, "Bird dog"),
        Span(80.0, 90.0, "Plank"),
        Span(100.0, 112.0, "Bird dog"),  # cut off: it ran until the last write
    ]


def test_thinning_keeps_order_and_peaks() -> None:
    xs = [float(i) for i in range(1000)]
    ys = [0.0] * 1000
    ys[500] = 9.0
    ys[730] = -4.0
    tx, ty = thinned(xs, ys, 100)
    assert len(tx) <= 100
    assert list(tx) == sorted(tx)
    assert 9.0 in ty
    assert -4.0 in ty
    assert thinned(xs[:10], ys[:10], 100) == (tuple(xs[:10]), tuple(ys[:10]))


STRAP = "C0:1A:2B:3C:4D:20"


def whole_decode_trace(
    db: Database, session: StoredSession, stored: StoredSet | None
) -> MotionTrace | None:
    """``motion_trace`` as it was before it read the chunks one at a time: every sample of
    the span decoded, then thinned (kept here as what the chart must still be given; the
    whole session is every sample)."""
    ran = (-math.inf, math.inf) if stored is None else session.span_of(stored)
    if ran is None:
        return None
    start, end = ran
    chunks = list(motion_chunks(db, session.id, start, end))
    if not chunks:
        return None
    devices = [c.device for c in chunks]
    sensor = None if stored is None else stored.sensor
    device = sensor if sensor in devices else devices[0]
    times: list[float] = []
    axes: tuple[list[float], list[float], list[float]] = ([], [], [])
    for chunk in chunks:
        if chunk.device != device:
            continue
        packed = PackedChunk(
            chunk.device, chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
        )
        chunk_times, samples = unpack_acc(packed)
        for t_s, sample in zip(chunk_times, samples, strict=True):
            if start <= t_s <= end:
                times.append(t_s)
                for axis in range(3):
                    axes[axis].append(sample[axis] / 1000.0)
    if not times:
        return None
    kept = thinned_indices(axes, 600)
    return MotionTrace(
        device,
        tuple(times[i] for i in kept),
        tuple(axes[0][i] for i in kept),
        tuple(axes[1][i] for i in kept),
        tuple(axes[2][i] for i in kept),
    )


def test_a_long_trace_read_chunk_by_chunk_is_the_one_decoded_whole(
    lumbar_home: Locations, now: datetime
) -> None:
    """The trace is thinned as the chunks are read, one at a time (an hour at 200 Hz took
    115 MB decoded whole). It must be what decoding the whole span gave: every chunk's first
    and last samples are peaks, chunks are of uneven lengths (so the chart's stretches end
    inside some and at the edge of others), times step back a little inside a chunk, the
    sets start and end mid-chunk, and a second wearable's chunks lie in between."""
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db, kind="routine", routine_id="core-basics", started_at=now - timedelta(hours=1)
        )
        writer.step(log_step(0, BIRD_DOG, (3.013, 31.7)))
        writer.step(log_step(1, PLANK, (31.7, 58.4)))
        lengths = [1, 37, 200, 2, 99, 150, 13, 64]
        t_s, index, block = 0.0, 0, 0
        while t_s < 60.0:
            size = lengths[block % len(lengths)]
            times, samples = [], []
            for i in range(size):
                jitter = -0.004 if i % 17 == 5 else 0.0  # one sample a little behind
                times.append(round(t_s + i / ACC_HZ + jitter, 6))
                value = (index * 37) % 11 - 5  # small values with many ties
                edge = 900 if i in (0, size - 1) else 0
                samples.append((value + edge, -value - edge, 980 + value * (block % 3)))
                index += 1
            for device, shift in ((H10, 0), (STRAP, 500)):
                chunk = pack_acc(device, times, [(x + shift, y, z) for x, y, z in samples], ACC_HZ)
                writer.stream_chunk(
                    device,
                    "acc",
                    chunk.t0_s,
                    chunk.rate_hz,
                    chunk.count,
                    chunk.encoding,
                    chunk.data,
                )
            t_s += size / ACC_HZ
            block += 1
        writer.finish("completed", 60.0)
        session = read_session(db, writer.session_id)
        assert session is not None
        bird_dog, plank = session.sets
        cases = [None, bird_dog, plank, replace(plank, sensor=STRAP)]
        for stored in cases:
            start, end = (0.0, 60.0) if stored is None else session.span_of(stored) or (0, 0)
            assert (end - start) * ACC_HZ > 1000, "more samples than the chart takes"
            whole = whole_decode_trace(db, session, stored)
            assert whole is not None
            assert len(whole.t_s) <= 600
            assert motion_trace(db, session, stored) == whole, stored
            assert whole.device == (STRAP if stored is cases[-1] else H10)
    finally:
        db.close()


def recording_of(
    db: Any, devices_and_values: list[tuple[str | None, int]], first_s: int = 0
) -> StoredSession:
    """Ten seconds at 50 Hz, from ``first_s`` on from each (device, x in mg), a chunk a
    second, stored as another tool may store them (the schema allows a chunk with no device)."""
    writer = SessionWriter.start(db, kind="recording", started_at=datetime(2026, 12, 1))
    for second in range(first_s, 10):
        for device, value in devices_and_values:
            times = [round(second + i / 50, 6) for i in range(50)]
            chunk = pack_acc("any", times, [(value, 0, 1000)] * 50, 50.0)
            add_chunk(db, writer.session_id, device, chunk)
    writer.finish("completed", 10.0)
    session = read_session(db, writer.session_id)
    assert session is not None
    return session


def add_chunk(db: Any, session_id: int, device: str | None, chunk: PackedChunk) -> None:
    db.execute(
        "INSERT INTO stream_chunks (session_id, device, stream, t0_s, rate_hz, count, encoding,"
        " data) VALUES (?, ?, 'acc', ?, ?, ?, ?, ?)",
        [session_id, device, chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data],
    )
    db.conn.commit()


def test_a_trace_is_one_wearables_and_a_named_one_before_chunks_with_no_device(
    tmp_path: Path,
) -> None:
    """Review (helper-88): the trace asked for the chunks of device None, which had come to
    mean every device's, and mixed two wearables. Review (helper-90): a recording (no set's
    sensor) then took a chunk with no device for its own device, and one stray such chunk
    became the whole trace. A named wearable comes first; chunks with none, only alone."""
    db = open_database(tmp_path / "lumbar.db")
    mixed = recording_of(db, [(None, 0), (STRAP, 2000)])
    trace = motion_trace(db, mixed, None)
    assert trace is not None
    assert (trace.device, set(trace.x_g)) == (STRAP, {2.0})
    alone = recording_of(db, [(None, 0)])
    trace = motion_trace(db, alone, None)
    assert trace is not None
    assert (trace.device, set(trace.x_g)) == (None, {0.0})


@pytest.mark.parametrize("t0_s", [0.5, 9.9])
def test_a_chunk_written_while_a_trace_is_read_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, t0_s: float
) -> None:
    """Another lumbar writes the session as its trace is read: a chunk stored between the
    two reads of the chunks (a reconnect's backlog, early in the recording) made a trace of
    neither state of the file, two seconds short (review, helper-88). Both reads take the
    chunks there were when the first began."""
    import tui.screens.session_detail as detail

    db = open_database(tmp_path / "lumbar.db")
    session = recording_of(db, [(H10, 0)])
    before = motion_trace(db, session, None)
    reads: list[int] = []

    def racing(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        if len(reads) == 2:
            times = [round(t0_s + i / 50, 6) for i in range(100)]
            add_chunk(db, session.id, H10, pack_acc(H10, times, [(30000, 0, 1000)] * 100, 50.0))
        return motion_chunks(*args, **kwargs)

    monkeypatch.setattr(detail, "motion_chunks", racing)
    assert motion_trace(db, session, None) == before
    assert len(reads) == 2


def test_a_wearable_first_written_while_a_trace_is_read_is_not_the_one_traced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review (helper-90): the wearables were listed outside the reads' snapshot, so a second
    one's backlog, timed before the H10's first chunk and written as the trace was read, was
    taken for the recording's and had no chunk in the snapshot: no trace at all."""
    import tui.screens.session_detail as detail
    from db.log import motion_devices

    db = open_database(tmp_path / "lumbar.db")
    session = recording_of(db, [(H10, 0)], first_s=1)

    def racing(*args: Any, **kwargs: Any) -> Any:
        add_chunk(db, session.id, STRAP, pack_acc(STRAP, [0.0, 0.02], [(2000, 0, 1000)] * 2, 50.0))
        return motion_devices(*args, **kwargs)

    monkeypatch.setattr(detail, "motion_devices", racing)
    trace = motion_trace(db, session, None)
    assert trace is not None
    assert (trace.device, set(trace.x_g)) == (H10, {0.0})
