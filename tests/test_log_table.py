"""The log's table of sessions, driven with Pilot on real SQLite files.

Sessions are written through SessionWriter (see ``log_history``). The cells' pure part is
tested on a row.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from footer_keys import footer_keys
from log_history import Story, daily, months, one_set_session, routine_session
from log_screens import (
    SIZE,
    column,
    current,
    focused,
    make_app,
    open_log,
    settle,
    shown_lines,
    shows,
    text_of,
)
from notices import Notices
from textual import events
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Select, Static
from waiting import until

from db.connection import open_database
from db.log import LogRow
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
from tui.screens.trends import TrendsScreen
from tui.widgets.charts import LineChart


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


async def test_a_search_typed_fast_after_the_slash_goes_into_the_search_box(
    lumbar_home: Locations, history: Story
) -> None:
    """'/core' typed in one go: the c is the search's, not the app's key for the catalog
    (found by review helper-102: the slash was still on its way to the log when the c came,
    and the catalog opened with "ore" in its search)."""
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        for key, character in (("slash", "/"), *((c, c) for c in "core")):
            app.post_message(events.Key(key, character))
        search = log.query_one("#log-search", Input)
        await until(pilot, lambda: search.value == "core" or app.screen is not log, "core", 30)
        assert app.screen is log
        assert search.value == "core"
        await pilot.press("slash")  # in the box, a slash is typed like any other character
        assert search.value == "core/"


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
        await until(pilot, lambda: "palette" in footer_keys(app.screen), "the palette's key", 30)


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


async def test_pain_of_ten_and_a_long_routine_name_show_whole_or_marked_at_80_columns(
    lumbar_home: Locations, now: datetime
) -> None:
    """Pain "- → 10" was cut to "- → 1" (as if pain had fallen) by a column 5 wide, and a
    long routine name cut mid-word without a mark (found trying it)."""
    one_set_session(
        lumbar_home.db_path,
        now - timedelta(hours=1),
        None,
        routine=("hip-flexor-balance", "Hip flexor balance"),
        status="ended-early",
        pain_after=10,
    )
    app = make_app(lumbar_home)
    async with app.run_test(size=(80, 24)) as pilot:
        log = await open_log(pilot)
        table = log.query_one(SessionTable)
        # The widths are fitted again once the table is laid out (its scrollbar known):
        # wait for the cells as they end, not the first rows drawn.
        await until(
            pilot,
            lambda: shows(table, "- → 10 ") and shows(table, "Hip flexor b…"),
            "the pain and the name as fitted",
            30,
        )


async def log_with_the_long_name_whole(pilot: Pilot[Any]) -> SessionTable:
    """The log opened at a width that shows ``days_and_a_long_name``'s long name whole."""
    table = (await open_log(pilot)).query_one(SessionTable)
    await until(pilot, lambda: shows(table, "Evening back care "), "the name whole", 30)
    return table


def days_and_a_long_name(lumbar_home: Locations, now: datetime, days: int) -> None:
    """``days`` days of sessions, and today's with a routine name the log cuts at 80 columns."""
    daily(lumbar_home.db_path, days, now)
    db = open_database(lumbar_home.db_path)
    try:
        routine_session(db, now - timedelta(hours=2), routine=("evening", "Evening back care"))
    finally:
        db.close()


async def test_a_long_routine_name_widens_its_column_where_the_terminal_has_room(
    lumbar_home: Locations, now: datetime
) -> None:
    """The routine's column was 13 wide at any width: "Evening back…" even at 160 columns,
    beside eighty empty ones. It widens to the longest name where there is room, and back."""
    days_and_a_long_name(lumbar_home, now, 3)
    app = make_app(lumbar_home)
    async with app.run_test(size=(160, 40)) as pilot:
        table = await log_with_the_long_name_whole(pilot)
        assert column(table, 1)[0] == "Evening back care"
        assert table.ordered_columns[1].width == len("Evening back care")
        await pilot.resize_terminal(80, 24)
        # The rows are drawn in the new widths before the table's size is updated (at its
        # next idle): wait for both.
        await until(
            pilot,
            lambda: shows(table, "Evening back… ") and table.max_scroll_x == 0,
            "the name cut, every column within 80",
            30,
        )
        assert not shows(table, "Evening back care")
        await pilot.resize_terminal(160, 40)
        await until(pilot, lambda: shows(table, "Evening back care "), "whole again", 30)
        assert column(table, 0) == sorted(column(table, 0), reverse=True), "the same rows"
        assert len(column(table, 0)) == 4


async def test_at_80_columns_a_long_log_fits_beside_its_scrollbar(
    lumbar_home: Locations, now: datetime
) -> None:
    """With more sessions than the table shows at once, its vertical scrollbar took the
    last two columns of the 80: the table scrolled sideways and "ended early ↻2" lost its
    end under the scrollbar. The routine's column gives up those two columns instead."""
    daily(lumbar_home.db_path, 40, now)
    db = open_database(lumbar_home.db_path)
    try:
        resumed = routine_session(db, now - timedelta(hours=2), status="ended-early")
        db.execute("UPDATE sessions SET resumes = 2 WHERE id = ?", [resumed])
        db.conn.commit()
    finally:
        db.close()
    app = make_app(lumbar_home)
    async with app.run_test(size=(80, 24)) as pilot:
        log = await open_log(pilot)
        table = log.query_one(SessionTable)
        await until(pilot, lambda: table.row_count == 41, "the sessions listed", 30)
        await until(pilot, lambda: table.show_vertical_scrollbar, "the scrollbar", 30)
        await until(pilot, lambda: table.max_scroll_x == 0, "nothing to scroll sideways", 30)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert shows(table, "ended early ↻2 "), "\n".join(shown_lines(table))
        assert shows(table, " Core basics "), "the built-in names still whole"


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


async def test_a_resize_that_changes_the_logs_widths_keeps_the_rows_in_view(
    lumbar_home: Locations, now: datetime
) -> None:
    """Narrowing the terminal refits the columns (a long routine name cut), which put every
    row in again and scrolled the table back to its cursor, away from the rows in view."""
    days_and_a_long_name(lumbar_home, now, 60)
    app = make_app(lumbar_home)
    async with app.run_test(size=(160, 40)) as pilot:
        table = await log_with_the_long_name_whole(pilot)
        table.move_cursor(row=3)
        table.scroll_to(y=20, animate=False)
        await until(pilot, lambda: table.scroll_y == 20, "scrolled down the log", 30)
        assert table.cursor_row == 3, "the cursor on the fourth newest, out of view"
        await pilot.resize_terminal(80, 24)
        # Refitting clears the table (scrolled to the top); the scroll back comes after the
        # table's next refresh: wait for it, not one pause.
        await until(
            pilot,
            lambda: table.ordered_columns[1].width < 17 and table.scroll_y == 20,
            "the widths refitted, the rows in view still in view",
            30,
        )


async def test_a_resize_that_changes_the_logs_widths_keeps_the_cursor_in_view(
    lumbar_home: Locations, now: datetime
) -> None:
    # The other side of it: a cursor in view before a narrower, shorter terminal refits the
    # columns is in view after it.
    days_and_a_long_name(lumbar_home, now, 60)
    app = make_app(lumbar_home)
    async with app.run_test(size=(160, 40)) as pilot:
        table = await log_with_the_long_name_whole(pilot)
        table.focus()
        for _ in range(20):
            await pilot.press("down")
        await until(pilot, lambda: table.cursor_row == 20, "the cursor on row 20", 30)
        assert table.scroll_y == 0
        await pilot.resize_terminal(80, 24)

        def cursor_seen() -> bool:
            seen = table.size.height - table.header_height
            return table.scroll_y <= 20 < table.scroll_y + seen

        # As above: the scroll to the cursor comes after the table's next refresh.
        await until(
            pilot,
            lambda: table.ordered_columns[1].width < 17 and cursor_seen(),
            "the widths refitted, the cursor in view",
            30,
        )
