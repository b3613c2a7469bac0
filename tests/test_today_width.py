"""What is due today fits an 80-column terminal: ``lumbar today`` and the home screen's
Today panel lay a routine's facts onto a second line, under its first, rather than letting
the terminal wrap them (a session ended early today made an 88-column line, a long name
with no set frequency one of 114)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from export_sessions import set_row
from textual.widgets import Static
from waiting import until

from catalog import load_catalog
from db.connection import open_database
from db.sessions import EventRow, SessionWriter
from tui.app import LumbarApp
from tui.cli import main
from tui.locations import Locations
from tui.screens.home import HomeScreen
from tui.settings import Settings

LONG_NAME = "My physiotherapist's evening routine for the lower back"
MINE = f"""
[[routine]]
id = "evening"
name = "{LONG_NAME}"
description = "A bridge and a bird dog."
items = [{{ exercise = "glute-bridge" }}, {{ exercise = "bird-dog" }}]
"""
FACTS = {
    "Core basics": ["ended early today, 0 of 4 sets done, 1 part done", "this week 1 of 3"],
    "Strength foundation": [
        "no set frequency",
        "ended early today (pain), 1 of 5 sets done, 1 part done",
        "this week 1 (",
    ],
    LONG_NAME: [
        "no set frequency",
        "ended early today, 0 of 2 sets done, 1 part done",
        "this week 1 (",
    ],
}
"""Each routine's facts today, as one line said them before."""


def ended_early_today(catalog_dir: Path, db_path: Path) -> None:
    """Three sessions today, each ended early in a set left part done: Core basics, Strength
    foundation (for pain, after a set) and a routine of the person's own with a long name."""
    catalog_dir.mkdir(parents=True, exist_ok=True)
    (catalog_dir / "mine.toml").write_text(MINE)
    db = open_database(db_path)
    for routine_id, name, planned, done in [
        ("core-basics", "Core basics", 4, 0),
        ("strength-foundation", "Strength foundation", 5, 1),
        ("evening", LONG_NAME, 2, 0),
    ]:
        writer = SessionWriter.start(
            db, kind="routine", routine_id=routine_id, routine_name=name, planned_sets=planned
        )
        if done:
            writer.step(set_row(0, "bird-dog", "Bird dog", "reps", 10.0, 40.0, reps=5))
            writer.event(EventRow(t_s=45.0, kind="pain", step_index=1, value=8))
            writer.event(EventRow(t_s=46.0, kind="pain-advice", step_index=1, value=8))
            writer.event(EventRow(t_s=50.0, kind="pain-choice", step_index=1, detail="end"))
        part = set_row(done, "bird-dog", "Bird dog", "reps", 50.0, 54.0, reps=1, skipped=True)
        writer.step(part)
        writer.event(EventRow(t_s=54.0, kind="ended-early", step_index=done))
        writer.finish("ended-early", 54.0)
    db.close()


def visible(panel: Static) -> list[str]:
    """The lines of ``panel`` a person sees: those its rows on the screen hold."""
    assert panel.region.bottom <= panel.screen.size.height
    return str(panel.render()).splitlines()[: panel.content_size.height]


def said(lines: list[str]) -> str:
    """The lines read as one text, as a person reads a line and the one under it."""
    return re.sub(r"\s+", " ", " ".join(line.strip() for line in lines))


def test_lumbar_today_fits_80_columns_and_says_every_fact(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    ended_early_today(lumbar_home.catalog_dir, lumbar_home.db_path)
    capsys.readouterr()
    main(["today"])
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    for name, facts in FACTS.items():
        (first,) = [i for i, line in enumerate(lines) if line.startswith(f"  {name}")]
        following = 1 + next(
            (n for n, line in enumerate(lines[first + 1 :]) if not line.startswith("    ")),
            len(lines) - first - 1,
        )
        text = said(lines[first : first + following])
        for fact in facts:
            assert fact in text, (fact, text)
    # A routine's second line starts under its first fact, in the column after the names.
    column = len("  Strength foundation · ")
    assert lines[1] == "  Core basics         · ended early today, 0 of 4 sets done, 1 part done"
    assert lines[2].startswith(" " * column + "this week 1 of 3 (")
    # A name too long for a column: its facts from 4 columns in, under the name.
    (long,) = [i for i, line in enumerate(lines) if line.startswith(f"  {LONG_NAME}")]
    assert lines[long + 1].startswith("      ended early today, 0 of 2 sets done")


async def test_the_home_screen_today_panel_fits_80_columns(lumbar_home: Locations) -> None:
    ended_early_today(lumbar_home.catalog_dir, lumbar_home.db_path)
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=lumbar_home,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await until(pilot, lambda: home.plan is not None, "what is due", 30)
        await pilot.pause()
        panel = home.query_one("#today", Static)
        lines = visible(panel)
        # The panel's room at 80 columns: its border and padding take 4 of them.
        assert panel.content_size.width == 76
        # The review: capped at 6 rows, Strength foundation's week and the check-ins were cut.
        assert lines[-1].startswith("Check-ins due: PEG"), "\n".join(lines)
        assert all(len(line) <= 76 for line in lines), "\n".join(lines)
        text = said(lines)
        for name, facts in FACTS.items():
            assert f"{name}: {facts[0]}" in text, text
            for fact in facts:
                assert fact in text, (fact, text)
        core = lines.index("  Core basics: ended early today, 0 of 4 sets done, 1 part done")
        assert lines[core + 1].startswith(" " * len("  Core basics: ") + "this week 1 of 3 (")


async def test_a_wider_panel_takes_the_room_and_a_long_name_the_fewest_lines(
    lumbar_home: Locations,
) -> None:
    """At 120 columns Core basics is one line; the long name's facts go 4 in on one line,
    not under its first fact on two (found in tmux: they sat 58 columns in)."""
    ended_early_today(lumbar_home.catalog_dir, lumbar_home.db_path)
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=lumbar_home,
    )
    async with app.run_test(size=(120, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await until(pilot, lambda: home.plan is not None, "what is due", 30)
        await pilot.pause()
        lines = str(home.query_one("#today", Static).render()).splitlines()
        assert all(len(line) <= 116 for line in lines), "\n".join(lines)
        (core,) = [line for line in lines if "Core basics" in line]
        assert "ended early today, 0 of 4 sets done, 1 part done · this week 1 of 3" in core
        at = next(n for n, line in enumerate(lines) if LONG_NAME in line)
        assert lines[at] == f"  {LONG_NAME}: no set frequency"
        assert lines[at + 1].startswith("      ended early today, 0 of 2 sets done, 1 part done · ")


async def test_the_today_panel_is_laid_out_again_when_the_terminal_widens(
    lumbar_home: Locations,
) -> None:
    """The panel's lines follow its width: Core basics on two lines at 80 columns, on one
    once the terminal is 120 wide."""
    ended_early_today(lumbar_home.catalog_dir, lumbar_home.db_path)
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=lumbar_home,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await until(pilot, lambda: home.plan is not None, "what is due", 30)
        await pilot.pause()
        panel = home.query_one("#today", Static)
        narrow = visible(panel)
        core = next(n for n, line in enumerate(narrow) if "Core basics" in line)
        assert "this week" not in narrow[core]
        await pilot.resize_terminal(120, 24)

        def core_on_one_line() -> bool:
            return any("1 part done · this week 1 of 3" in line for line in visible(panel))

        await until(pilot, core_on_one_line, "Core basics on one line at 120 columns", 30)
        assert panel.content_size.width == 116
        assert all(len(line) <= 116 for line in visible(panel))
        assert len(visible(panel)) == 6  # Strength foundation on two lines too, not three


async def test_lines_beyond_the_today_panels_room_are_counted_where_it_shows(
    lumbar_home: Locations,
) -> None:
    """More lines than the panel's rows at 80×24: its last row says how many more, and
    where to read them, rather than cutting them out of sight."""
    ended_early_today(lumbar_home.catalog_dir, lumbar_home.db_path)
    more = "".join(  # two more due three times a week: a line each
        MINE.replace('"evening"', f'"evening-{n}"').replace(LONG_NAME, f"Evening {n}")
        + 'frequency = { times = 3, per = "week" }\n'
        for n in range(2)
    )
    (lumbar_home.catalog_dir / "more.toml").write_text(more)
    db = open_database(lumbar_home.db_path)
    for n in range(2):  # followed: a session today, ended early
        writer = SessionWriter.start(
            db, kind="routine", routine_id=f"evening-{n}", routine_name=f"Evening {n}"
        )
        writer.step(set_row(0, "bird-dog", "Bird dog", "reps", 50.0, 54.0, reps=1, skipped=True))
        writer.event(EventRow(t_s=54.0, kind="ended-early", step_index=0))
        writer.finish("ended-early", 54.0)
    db.close()
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=lumbar_home,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await until(pilot, lambda: home.plan is not None, "what is due", 30)
        await pilot.pause()
        lines = visible(home.query_one("#today", Static))
        assert len(lines) == 8, "\n".join(lines)
        assert re.fullmatch(r"… \d+ more lines: lumbar today", lines[-1]), lines[-1]


def test_a_name_too_long_for_the_column_leaves_the_others_their_column(
    lumbar_home: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """The review: a 22-letter name ("Morning back stretches") went into the names' column,
    whose heads were then too long for ``lay_out`` to put further lines under the first fact:
    every routine's second line started 6 in, under nothing. The column is the longest head
    ``lay_out`` lines up; a longer name has its facts 4 in under it, the others their column."""
    ended_early_today(lumbar_home.catalog_dir, lumbar_home.db_path)
    morning = MINE.replace('"evening"', '"morning"').replace(LONG_NAME, "Morning back stretches")
    (lumbar_home.catalog_dir / "morning.toml").write_text(morning)
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(
        db, kind="routine", routine_id="morning", routine_name="Morning back stretches"
    )
    writer.step(set_row(0, "bird-dog", "Bird dog", "reps", 50.0, 54.0, reps=1, skipped=True))
    writer.event(EventRow(t_s=54.0, kind="ended-early", step_index=0))
    writer.finish("ended-early", 54.0)
    db.close()
    capsys.readouterr()
    main(["today"])
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    core = lines.index("  Core basics         · ended early today, 0 of 4 sets done, 1 part done")
    assert lines[core + 1].startswith(" " * len("  Strength foundation · ") + "this week 1 of 3")
    (morning_at,) = [n for n, line in enumerate(lines) if "Morning back stretches" in line]
    assert lines[morning_at + 1].startswith("      ")
