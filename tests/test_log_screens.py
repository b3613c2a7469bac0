"""The log, a session's detail and the trends, driven with Pilot on real SQLite files.

Sessions are written through SessionWriter (see ``log_history``); what the screens change
is checked in the database. The charts' and calendar's pure parts are tested on lists.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from footer_keys import footer_keys
from log_history import (
    ACC_HZ,
    BIRD_DOG,
    BIRD_DOG_S,
    H10,
    PLANK,
    Story,
    daily,
    months,
    routine_session,
    story,
)
from log_history import step as log_step
from notices import Notices
from rich.style import Style
from rich.text import Text
from stored import stored_session, stored_set
from textual import events
from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Input,
    OptionList,
    Select,
    Static,
    TabbedContent,
)
from waiting import until

from catalog import load_catalog
from db.connection import open_database
from db.log import LogRow
from db.sessions import EventRow, SessionWriter
from db.trends import PainPoint, Streaks
from sensors.packing import pack_acc
from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.log import (
    NO_MATCH,
    NO_SESSIONS,
    PAGE_ROWS,
    LogScreen,
    SessionTable,
    log_cells,
    since_for,
)
from tui.screens.session_detail import (
    ConfirmDelete,
    EditNote,
    SessionDetailScreen,
    StepTable,
    exercise_spans,
)
from tui.screens.trends import (
    TrendsScreen,
    averaged,
    minute_bars,
    pain_lines,
    pain_shown,
    smoothed,
    streak_text,
)
from tui.settings import Settings
from tui.widgets.calendar import (
    NARROW_CELL,
    ExerciseCalendar,
    calendar_text,
    cell_that_fits,
    first_monday,
    level,
    level_steps,
    weeks_that_fit,
)
from tui.widgets.charts import (
    MONTHS,
    BarChart,
    Line,
    LineChart,
    Span,
    Tick,
    date_ticks,
    fitted_ticks,
    thinned,
)

SIZE = (80, 24)
TABLES = ("sessions", "steps", "events", "session_devices", "heart_rate", "stream_chunks")


def make_app(home: Locations) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=home,
    )


def current(app: LumbarApp) -> Screen[Any]:
    """The active screen, read afresh (keeps mypy from narrowing it across key presses)."""
    return app.screen


def focused(app: LumbarApp) -> Widget | None:
    """The focused widget, read afresh (keeps mypy from narrowing it across key presses)."""
    return app.focused


def since_of(trends: TrendsScreen) -> date | None:
    """The first day the trends on screen cover, read afresh."""
    assert trends.view is not None
    return trends.view.since


async def settle(pilot: Pilot[Any]) -> None:
    """Until no worker runs (a worker may start another: the database, then a thread)."""
    idle = 0
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        idle = 0 if any(w.is_running for w in pilot.app.workers) else idle + 1
        if idle == 3:  # a screen pushed a moment ago may not have started its worker yet
            return
    raise AssertionError("workers kept running")


def text_of(widget: Static) -> str:
    return str(widget.content)


def column(table: DataTable[Any], index: int) -> list[str]:
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


def counts(path: Path, session_id: int) -> dict[str, int]:
    """How many rows of this session each table holds."""
    found = {}
    with sqlite3.connect(path) as conn:
        for table in TABLES:
            key = "id" if table == "sessions" else "session_id"
            sql = f"SELECT count(*) FROM {table} WHERE {key} = ?"
            found[table] = conn.execute(sql, [session_id]).fetchone()[0]
    conn.close()
    return found


@pytest.fixture
def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def history(lumbar_home: Locations, now: datetime) -> Story:
    return story(lumbar_home.db_path, now)


async def open_log(pilot: Pilot[Any]) -> LogScreen:
    await pilot.press("l")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LogScreen)
    return screen


# The log.


async def test_l_opens_the_log_newest_first_with_each_sessions_figures(
    lumbar_home: Locations, history: Story, now: datetime
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        table = log.query_one(SessionTable)
        assert table.row_count == 5
        assert [row.id for row in log.rows] == [
            history.with_sensors,
            history.plain,
            history.ended_early,
            history.recording,
            history.older,
        ]
        local = (now - timedelta(days=1)).astimezone()
        assert table.get_row_at(0) == [
            local.strftime("%Y-%m-%d %H:%M"),
            "Core basics",
            "2 min",
            "3/3",
            "4 → 2",
            "81",
            "completed",
        ]
        assert column(table, 1) == [
            "Core basics",
            "Core basics",
            "Core basics",
            "recording",
            "Back ten",
        ]
        assert column(table, 4)[1] == "3 → -"
        assert column(table, 6)[2] == "ended early"
        assert column(table, 3)[2] == "2/3", "the plank was skipped"
        assert table.border_title == "Sessions: 5"
        info = text_of(log.query_one("#log-info", Static))
        assert f"#{history.with_sensors}" in info
        assert "motion recorded" in info
        await pilot.press("down", "down")
        assert "stiff morning" in text_of(log.query_one("#log-info", Static))
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_filters_by_routine_status_period_and_text_then_x_clears(
    lumbar_home: Locations, history: Story
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)

        async def shown() -> list[int]:
            await settle(pilot)
            return [row.id for row in log.rows]

        routines = log.query_one("#log-routine", Select)
        routines.value = "back-ten"
        assert await shown() == [history.older]
        routines.value = "\x00recordings"
        assert await shown() == [history.recording]
        routines.clear()
        log.query_one("#log-status", Select).value = "ended-early"
        assert await shown() == [history.ended_early]
        await pilot.press("x")
        # By keys: back from the table past the search to the period, its first choice.
        await pilot.press("shift+tab", "shift+tab")
        assert focused(app) is log.query_one("#log-period", Select)
        await pilot.press("enter", "down", "enter")
        assert log.query_one("#log-period", Select).value == 7
        assert await shown() == [
            history.with_sensors,
            history.plain,
            history.ended_early,
            history.recording,
        ]
        await pilot.press("x")
        assert len(await shown()) == 5

        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"STIFF")
        assert await shown() == [history.ended_early]
        await pilot.press("enter")
        assert focused(app) is log.query_one(SessionTable)

        await pilot.press("slash", *"zzz")
        assert await shown() == []
        assert text_of(log.query_one("#log-empty", Static)) == NO_MATCH
        assert not log.query_one(SessionTable).display
        await pilot.press("escape")  # leaves the search box
        await pilot.press("x")
        assert len(await shown()) == 5
        assert log.query_one(SessionTable).display


async def test_two_fast_escapes_from_the_search_leave_the_log(
    lumbar_home: Locations, history: Story
) -> None:
    """The first Escape leaves the search box, the second the log, however close together."""
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot)
        await pilot.press("slash", *"stiff")
        await until(pilot, lambda: isinstance(app.focused, Input), "the search box's focus", 30)
        for _ in range(2):
            app.post_message(events.Key("escape", "\x1b"))
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen", 30)


async def test_older_rows_load_a_page_at_a_time_as_the_cursor_nears_the_end(
    lumbar_home: Locations, now: datetime
) -> None:
    daily(lumbar_home.db_path, PAGE_ROWS + 50, now)
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        table = log.query_one(SessionTable)
        assert table.row_count == PAGE_ROWS
        assert table.border_title == f"Sessions: {PAGE_ROWS + 50}, {PAGE_ROWS} loaded"
        while table.cursor_row < PAGE_ROWS - 45:
            await pilot.press("pagedown")
        await settle(pilot)
        assert table.row_count == PAGE_ROWS + 50
        assert table.border_title == f"Sessions: {PAGE_ROWS + 50}"
        dates = column(table, 0)
        assert dates == sorted(dates, reverse=True), "still newest first"
        assert len({row.id for row in log.rows}) == PAGE_ROWS + 50, "no row twice"


async def test_a_session_recorded_elsewhere_while_paging_repeats_or_skips_no_row(
    lumbar_home: Locations, now: datetime
) -> None:
    daily(lumbar_home.db_path, PAGE_ROWS + 50, now)
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        table = log.query_one(SessionTable)
        expected = [row.id for row in log.rows[:PAGE_ROWS]]
        elsewhere = open_database(lumbar_home.db_path)  # another lumbar, meanwhile
        try:
            routine_session(elsewhere, now)  # newest: would shift the next page by one
        finally:
            elsewhere.close()
        while table.cursor_row < PAGE_ROWS - 45:
            await pilot.press("pagedown")
        await settle(pilot)
        ids = [row.id for row in log.rows]
        assert len(ids) == len(set(ids)) == PAGE_ROWS + 50, "each session once"
        assert ids[:PAGE_ROWS] == expected
        assert table.row_count == PAGE_ROWS + 50


async def test_an_empty_database_says_how_to_record_a_session(lumbar_home: Locations) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert text_of(log.query_one("#log-empty", Static)) == NO_SESSIONS
        assert not log.query_one(SessionTable).display
        await pilot.press("enter")  # nothing to open
        assert current(app) is log
        await pilot.press("t")
        await settle(pilot)
        trends = current(app)
        assert isinstance(trends, TrendsScreen)
        assert "No current streak" in text_of(trends.query_one("#streaks", Static))
        await pilot.press("3")
        pain = trends.query_one("#pain-chart", LineChart)
        assert not pain.has_data
        assert str(pain.render()) == "No pain was reported in this period."


async def test_a_damaged_database_is_one_line_and_nothing_is_written(
    lumbar_home: Locations,
) -> None:
    path = lumbar_home.db_path
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all" * 100)
    notices = Notices()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        log = await open_log(pilot)
        problems = notices.errors()
        assert any(str(path) in p and "\n" not in p for p in problems), problems
        assert "cannot be read" in text_of(log.query_one("#log-empty", Static))
    assert path.read_bytes() == b"not a database at all" * 100


async def test_a_read_only_database_can_still_be_browsed(
    lumbar_home: Locations, history: Story
) -> None:
    """Sessions cannot be saved to it, but the log and the trends read it as it is."""
    path = lumbar_home.db_path
    path.chmod(0o400)
    before = path.read_bytes()
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert log.query_one(SessionTable).row_count == 5
        await pilot.press("t")
        await settle(pilot)
        trends = current(app)
        assert isinstance(trends, TrendsScreen)
        assert "Current streak: 3 days" in text_of(trends.query_one("#streaks", Static))
    assert path.read_bytes() == before


async def test_a_resumed_sessions_status_is_shown_whole(
    lumbar_home: Locations, history: Story
) -> None:
    """ "completed, resumed 2×" was cut to "completed," by a column 11 wide, and then to
    "completed, res" at 80 columns (helper-78): in the table it is "completed ↻2", the
    whole table fits 80 columns, and the line under it says "resumed 2×" in words."""
    with sqlite3.connect(lumbar_home.db_path) as conn:
        conn.execute("UPDATE sessions SET resumes = 2 WHERE id = ?", [history.plain])
    conn.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=(80, 24)) as pilot:
        log = await open_log(pilot)
        table = log.query_one(SessionTable)
        status = column(table, 6)[[row.id for row in log.rows].index(history.plain)]
        assert status == "completed ↻2"
        shown = table.ordered_columns[6]
        assert shown.get_render_width(table) >= len("ended early ↻2") + 2 * table.cell_padding
        assert table.virtual_size.width <= table.scrollable_content_region.width, "no scroll"
        for _ in range(len(log.rows)):
            highlighted = log.highlighted_session()
            if highlighted is not None and highlighted.id == history.plain:
                break
            await pilot.press("down")
        await pilot.pause()
        assert text_of(log.query_one("#log-info", Static)).startswith(
            f"#{history.plain} · ↻ resumed 2×"
        )


async def test_the_screens_own_keys_and_help_fit_the_footer_at_80_columns(
    lumbar_home: Locations, history: Story
) -> None:
    """The command palette's key took the footer's last 12 columns at 80, and cut the keys
    before it: "? He" on the log, "esc Bac" on a session (helper-78). Below 100 columns it
    is left out (help lists ctrl+p); from 100 it is back."""
    from textual.widgets._footer import FooterKey

    def whole_keys() -> list[str]:
        """The keys shown; each must be whole (review, helper-82: "c Catalo" was left)."""
        keys = [k for k in app.screen.query_one(Footer).query(FooterKey) if k.region.width]
        width = app.screen.size.width
        cut = [k.description for k in keys if k.region.right > width]
        assert not cut, cut
        return [k.description for k in keys]

    app = make_app(lumbar_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        await pilot.pause()
        assert {"Open session", "Trends", "Back", "Help"} <= set(whole_keys())
        await pilot.press("enter")
        await settle(pilot)
        assert {"Motion trace", "Events", "Note", "Delete", "Back", "Help"} <= set(whole_keys())
        await pilot.press("escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, TrendsScreen)
        assert {"Period", "Back", "Help"} <= set(whole_keys())
        assert "palette" not in footer_keys(app.screen)
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        await until(pilot, lambda: "palette" in footer_keys(app.screen), "the palette's key", 10)


async def test_l_is_not_taken_in_the_catalog_search_and_help_lists_the_log_keys(
    lumbar_home: Locations, history: Story
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "l")
        assert not isinstance(app.screen, LogScreen)
        await pilot.press("escape", "escape")
        log = await open_log(pilot)
        await pilot.press("question_mark")
        help_screen = current(app)
        assert isinstance(help_screen, HelpScreen)
        ids = {key.binding_id for key in help_screen.keys}
        assert {"log.search", "log.clear", "log.trends", "log.back", "log.open"} <= ids
        await pilot.press("escape")
        assert current(app) is log


# A session's detail.


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
        assert x.xs[0] < 0.2
        assert x.xs[-1] > 0.7, "about the second recorded"


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


def y_labels(chart: LineChart) -> list[str]:
    """The chart's y-axis labels as drawn, bottom to top."""
    drawn = chart.render()
    assert isinstance(drawn, Text)
    found = [re.match(r"\s*(-?[\d.]+)┤", line) for line in drawn.plain.splitlines()]
    return [match.group(1) for match in reversed(found) if match]


def shown_lines(widget: Widget) -> list[str]:
    """What the widget puts on screen, line by line (its border included)."""
    return ["".join(s.text for s in widget.render_line(y)) for y in range(widget.size.height)]


def shows(widget: Widget, text: str) -> bool:
    return any(text in line for line in shown_lines(widget))


async def test_pain_of_ten_and_a_long_routine_name_show_whole_or_marked_at_80_columns(
    lumbar_home: Locations, now: datetime
) -> None:
    """Pain "- → 10" was cut to "- → 1" (as if pain had fallen) by a column 5 wide, and a
    long routine name cut mid-word without a mark (found trying it)."""
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db,
            kind="routine",
            routine_id="hip-flexor-balance",
            routine_name="Hip flexor balance",
            started_at=now - timedelta(hours=1),
        )
        writer.update(pain_after=10)
        writer.finish("ended-early", 20.0)
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=(80, 24)) as pilot:
        log = await open_log(pilot)
        table = log.query_one(SessionTable)
        await until(pilot, lambda: shows(table, "Hip flexor"), "the session listed", 5)
        assert shows(table, "- → 10 "), "\n".join(shown_lines(table))
        assert shows(table, "Hip flexor b…"), "\n".join(shown_lines(table))


@pytest.mark.parametrize("size", [(200, 50), (120, 40)])
async def test_a_wide_terminal_shows_long_names_and_outcomes_whole(
    lumbar_home: Locations, now: datetime, size: tuple[int, int]
) -> None:
    """The sets' and events' columns were as wide at 200 columns as at 80: "Lower back rotat",
    "1 rep, then skippe" beside a hundred empty columns. They widen where there is room."""
    rotation = ("seated-lower-back-rotation", "Seated lower back rotation stretch", "hold")
    db = open_database(lumbar_home.db_path)
    try:
        writer = SessionWriter.start(
            db,
            kind="routine",
            routine_id="desk-break",
            routine_name="Desk break",
            planned_sets=1,
            started_at=now - timedelta(hours=1),
        )
        writer.step(
            log_step(
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
        )
        writer.event(EventRow(t_s=12.0, kind="pain", step_index=0, value=3))
        writer.finish("ended-early", 20.0)
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=size) as pilot:
        await open_log(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = current(app)
        assert isinstance(detail, SessionDetailScreen)
        steps = detail.query_one("#steps", DataTable)
        await until(pilot, lambda: shows(steps, "10, 1 s, then skipped"), "the done whole", 5)
        assert shows(steps, "Seated lower back rotation stretch")
        assert shows(steps, "Form")  # every column still in sight
        await pilot.press("v")
        events = detail.query_one("#events", DataTable)
        await until(pilot, lambda: shows(events, "Seated lower back rotation stretch"), "it", 5)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: not shows(steps, "10, 1 s, then skipped"), "80 columns", 5)
        assert shows(steps, "Form"), "at 80 columns every column still fits"
        # What does not fit goes on to the next line of its row, whole, not cut.
        shown = " ".join(shown_lines(steps)[1:4])
        for word in ("Seated", "lower", "back", "rotation", "stretch", "then", "skipped"):
            assert word in shown.split(), f"{word!r} cut at 80 columns: {shown_lines(steps)}"


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
        # Its own keys at the foot, not the session's beneath it (found by review).
        assert footer_keys(app.screen) == ["Delete it", "Keep it"]
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


# Trends.


async def test_t_opens_the_trends_with_calendar_streak_exercises_pain_and_minutes(
    lumbar_home: Locations, history: Story
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot)
        await pilot.press("t")
        await settle(pilot)
        trends = current(app)
        assert isinstance(trends, TrendsScreen)
        assert trends.view is not None
        assert len(trends.view.days) == 4, "1, 2, 3 and 10 days ago; not the recording"
        streak = text_of(trends.query_one("#streaks", Static))
        assert (
            streak == "Current streak: 3 days (a session today keeps it going), your longest yet."
        )
        summary = text_of(trends.query_one("#trend-summary", Static))
        assert summary.startswith("last year: 4 days exercised")

        tabs = trends.query_one(TabbedContent)
        assert tabs.active == "trend-calendar"
        await pilot.press("2")
        assert tabs.active == "trend-exercise"
        exercises = trends.query_one("#trend-exercises", OptionList)
        names = [exercises.get_option_at_index(i).prompt for i in range(exercises.option_count)]
        assert names == ["Bird dog", "Forearm plank"]
        chart = trends.query_one("#exercise-chart", LineChart)
        assert [line.label for line in chart.lines] == ["most reps", "typical"]
        assert chart.lines[0].ys == (5.0, 5.0, 5.0, 5.0)
        assert y_labels(chart) == ["4", "5"], "reps are counted in whole numbers"
        exercises.focus()
        await pilot.press("down")
        assert [line.label for line in chart.lines] == ["best hold", "typical"]
        assert chart.lines[0].ys[-1] == 10.0
        assert chart.lines[1].ys[-1] == 9.0
        assert str(chart.border_title) == "Forearm plank, s"

        await pilot.press("3")
        assert tabs.active == "trend-pain"
        pain = trends.query_one("#pain-chart", LineChart)
        before, after = pain.lines
        assert before.ys == (6.0, 5.0, 3.0, 4.0)
        assert all(label.isdigit() for label in y_labels(pain)), y_labels(pain)
        assert after.ys == (5.0, 4.0, 2.0), "one session gave no pain after"

        await pilot.press("4")
        assert tabs.active == "trend-minutes"
        minutes = trends.query_one("#minutes-chart", BarChart)
        assert round(sum(minutes.values), 2) == round((3 * 100 + 60) / 60, 2), "sets done only"
        assert len(minutes.values) in (52, 53, 54)

        await pilot.press("1")
        assert tabs.active == "trend-calendar"
        # The period says "last year": the calendar shows a year at 80 columns, not Apr-Nov.
        calendar = trends.query_one(ExerciseCalendar).render()
        assert isinstance(calendar, Text)
        monday = calendar.plain.splitlines()[1]
        assert monday.startswith("Mon ")
        assert monday.count("■") == 52
        await pilot.press("escape")
        assert isinstance(app.screen, LogScreen)


async def test_the_period_chooses_what_the_trends_cover(
    lumbar_home: Locations, history: Story
) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Trends", "enter")
        await settle(pilot)
        trends = current(app)
        assert isinstance(trends, TrendsScreen)
        today = datetime.now().astimezone().date()
        assert since_of(trends) == today - timedelta(days=365)
        summary = trends.query_one("#trend-summary", Static)
        assert text_of(summary).startswith("last year: 4 days exercised")
        await pilot.press("p", "p", "p")  # 3 years, all time, 3 months
        await settle(pilot)
        assert since_of(trends) == today - timedelta(days=91)
        await pilot.press("p")
        await settle(pilot)
        assert since_of(trends) == today - timedelta(days=365)
        await pilot.press("p", "p")
        await settle(pilot)
        assert since_of(trends) is None
        assert text_of(summary).startswith("all time: 4 days exercised")
        await pilot.press("4")
        assert len(trends.query_one("#minutes-chart", BarChart).values) in (2, 3)


# The pure parts.


def test_log_cells_say_what_a_person_reads() -> None:
    row = LogRow(
        id=7,
        kind="routine",
        routine_id="back-ten",
        routine_name="Back ten",
        started_at=datetime(2025, 3, 14, 8, 5, tzinfo=UTC),
        duration_s=754,
        status="ended-early",
        sets_planned=10,
        sets_done=7,
        sets_skipped=1,
        pain_before=None,
        pain_after=3,
        avg_bpm=91.6,
        peak_bpm=120,
        has_motion=False,
        note=None,
    )
    assert log_cells(row, UTC) == (
        "2025-03-14 08:05",
        "Back ten",
        "13 min",
        "7/10",
        "- → 3",
        "92",
        "ended early",
    )
    assert since_for(7, date(2025, 3, 14)) == date(2025, 3, 8)


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


def test_tick_labels_are_shortened_or_thinned_to_fit() -> None:
    ticks = [Tick(5.0, "Bird dog"), Tick(20.0, "Forearm plank"), Tick(80.0, "Side plank")]
    fitted = fitted_ticks(ticks, 0.0, 100.0, 70)
    assert [t.label for t in fitted] == ["Bird dog", "Forearm…", "Side plank"]
    assert fitted_ticks(ticks, 0.0, 100.0, 12) == [Tick(80.0, "Side…")], "no room, no label"
    months = date_ticks(date(2024, 3, 14), date(2025, 3, 14))
    assert [t.label for t in months][:3] == ["Apr", "May", "Jun"]
    assert "2025" in [t.label for t in months]
    narrow = fitted_ticks(months, months[0].x, months[-1].x, 30, shorten=False)
    assert 1 < len(narrow) < len(months)
    assert {t.label for t in narrow} <= {t.label for t in months}, "whole labels, none cut"
    years = date_ticks(date(2015, 6, 1), date(2025, 3, 14))
    assert next(t.label for t in years) == "2016"
    assert len(years) == 10


def test_calendar_text_shades_days_by_minutes_and_leaves_the_future_blank() -> None:
    today = date(2025, 3, 14)  # a Friday
    days = {today: 30.0, today - timedelta(days=1): 5.0, today - timedelta(days=8): 12.0}
    styles = [Style(color=f"color({i})") for i in range(5)]
    text = calendar_text(days, today, 4, styles)
    lines = text.plain.splitlines()
    assert lines[1].startswith("Mon ")
    assert lines[7].startswith("Sun ")
    assert len(lines[5]) == 4 + 4 * 2 - 1, "Friday: four weeks, today the last"
    assert len(lines[6]) <= 4 + 3 * 2, "Saturday has not come yet"
    assert "Mar" in lines[0]
    assert first_monday(today, 4) == date(2025, 2, 17)
    steps = level_steps(days.values())
    assert [level(m, steps) for m in (0.0, 5.0, 12.0, 30.0)] == [0, 1, 2, 4]
    shaded = {str(span.style) for span in text.spans}
    assert {"color(0)", "color(1)", "color(4)"} <= shaded


def test_every_month_of_the_year_is_named_at_80_columns() -> None:
    """With a column per week, the year's "2026" crowded out February, and December (the week
    of today) had no room at the end: each was left unnamed (helper-78)."""
    styles = [Style(color=f"color({i})") for i in range(5)]
    for today in (date(2026, 12, 4), date(2026, 2, 14), date(2025, 8, 1)):
        weeks = weeks_that_fit(80 - 4, NARROW_CELL)
        top = calendar_text({}, today, weeks, styles, NARROW_CELL).plain.splitlines()[0]
        named = top.split()
        assert named.count("'26" if today.year == 2026 else "'25") == 1, top
        assert len(named) == len(set(named)) == 12, top
        assert set(named) - {"'26", "'25"} <= set(MONTHS), top
    # Where a year of weeks with gaps just fits (108 columns), a name in the last week ran
    # past the edge and the row wrapped, pushing the legend out (helper-82).
    for width in range(80, 131):
        for today in (date(2026, 12, 4), date(2027, 1, 3), date(2026, 3, 1)):
            cell = cell_that_fits(width)
            drawn = calendar_text({}, today, weeks_that_fit(width, cell), styles, cell, width)
            assert max(len(line) for line in drawn.plain.splitlines()[:8]) <= width, width
    wide = calendar_text({}, date(2026, 12, 4), 52, styles).plain.splitlines()[0]
    assert "2026" in wide.split()
    assert wide.split()[-1] == "Dec"


def test_streaks_in_words() -> None:
    assert streak_text(Streaks(0, 0, None), False) == (
        "No current streak: a session today starts one."
    )
    assert streak_text(Streaks(3, 3, date(2025, 3, 14)), True) == (
        "Current streak: 3 days, your longest yet."
    )
    assert streak_text(Streaks(1, 12, date(2024, 5, 1)), False) == (
        "Current streak: 1 day (a session today keeps it going). "
        "Longest: 12 days, ended 2024-05-01."
    )


def test_averaged_pain_before_and_after_are_of_the_same_sessions() -> None:
    """70 daily sessions at 5 → 3, then three with the check before skipped and 9 after:
    the last week read before 5.0, after 4.8, pain up where no session's went up (found by
    review). Averaged, both lines are of the sessions with both."""
    start = date(2024, 1, 1)
    points = [PainPoint(start + timedelta(days=d), d, 5, 3) for d in range(70)]
    points += [PainPoint(start + timedelta(days=70 + d), 70 + d, None, 9) for d in range(3)]
    before, after = pain_lines(points)
    assert (before.ys[-1], after.ys[-1]) == (5.0, 3.0)
    assert len(before.xs) == len(after.xs)
    # The title says averaged only when the lines drawn are (found by review: 70 sessions,
    # 40 with both, drawn as they are under "weekly average").
    few = [
        PainPoint(p.day, p.session_id, p.before if p.session_id % 7 < 4 else None, p.after)
        for p in points
    ]
    shown = pain_shown(few)
    before, after = pain_lines(few)
    assert len(before.xs) == len(shown) < 61
    assert averaged([(p.day, p) for p in shown]) == ""


def test_long_series_are_averaged_and_many_weeks_become_months() -> None:
    daily_points = [(date(2024, 1, 1) + timedelta(days=d), float(d % 7)) for d in range(100)]
    weekly, how = smoothed(daily_points)
    assert how == "weekly"
    assert len(weekly) == 15
    assert weekly[1] == (date(2024, 1, 8), 3.0)
    weeks = [(date(2020, 1, 6) + timedelta(weeks=w), 10.0) for w in range(104)]
    values, ticks, bar = minute_bars(weeks)
    assert bar == "month"
    assert len(values) == 24
    assert sum(values) == 1040.0
    assert [t.label for t in ticks] == ["2020", "2021"]
    values, ticks, bar = minute_bars(weeks[:10])
    assert bar == "week"
    assert values == [10.0] * 10
    assert [t.label for t in ticks] == ["Jan", "Feb", "Mar"]


def colours_of(drawn: object) -> set[str]:
    """The colours a chart's text is drawn in, as #rrggbb."""
    assert isinstance(drawn, Text)
    found = set()
    for span in drawn.spans:
        style = span.style
        if isinstance(style, Style) and style.color and style.color.triplet:
            found.add(style.color.triplet.hex)
    return found


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LineChart("Heart rate", id="line")
        yield BarChart("Minutes", id="bars")


async def test_charts_draw_plain_lists_in_theme_colours() -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 24)) as pilot:
        line = app.query_one(LineChart)
        assert str(line.render()) == "Nothing to show"
        line.show(
            [Line("bpm", (0.0, 60.0, 120.0), (80.0, 120.0, 90.0), "accent")],
            spans=[Span(0.0, 60.0, "Bird dog"), Span(60.0, 120.0, "Plank")],
        )
        await pilot.pause()
        drawn = line.render()
        assert "Bird dog" in str(drawn)
        assert "Plank" in str(drawn)
        accent = app.theme_variables["accent"].lower()
        assert accent in colours_of(drawn)
        assert "bpm" in str(line.border_subtitle)
        app.theme = "textual-light"
        await pilot.pause()
        light_accent = app.theme_variables["accent"].lower()
        relit = line.render()
        assert light_accent in colours_of(relit)

        bars = app.query_one(BarChart)
        bars.show([0.0, 10.0, 25.0], ticks=[Tick(0.0, "Mar")])
        await pilot.pause()
        assert "█" in str(bars.render())
        assert "Mar" in str(bars.render())


def test_the_log_benchmark_runs_and_prints_its_figures(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    months(path, datetime.now(UTC), days=20)
    script = Path(__file__).parent / "benchmarks" / "log_browser.py"
    result = subprocess.run(
        [sys.executable, str(script), "--runs", "1", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("open the log", "open a session", "open the trends"):
        figure = re.search(rf"^{label}.* (\d+\.\d) ms \(min", result.stdout, re.M)
        assert figure, result.stdout
        assert float(figure.group(1)) > 0
