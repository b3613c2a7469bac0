"""The home screen driven with Pilot: what is due today, and the check-ins it offers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from damaged_database import damaged_inside
from log_history import routine_session
from pinned_days import on_day
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Static
from waiting import until

from catalog import load_catalog
from catalog.measures import Measure
from db.clock import pinned, utc_now
from db.connection import open_database
from db.outcomes import Outcome, outcomes, record_psfs
from tui.app import LumbarApp
from tui.locations import Locations
from tui.screens import home as home_screen
from tui.screens.home import HomeScreen
from tui.screens.outcomes import OutcomesScreen, PegQuestions, PsfsQuestions
from tui.settings import Settings

SIZE = (80, 24)


def app(lumbar_home: Locations) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=lumbar_home,
    )


def showing(running: App[int]) -> Screen[object]:
    """The screen on top now (a function, so that a type narrowed before does not stick)."""
    return running.screen


async def today_shown(pilot: object, home: HomeScreen) -> str:
    """Wait until the home screen has read what is due; its panel's text."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    # A bound of 30 s, as every wait here (200 looks of 50 ms were 10 s, read in a thread
    # after a timer: short for a busy machine).
    await until(pilot, lambda: home.plan is not None, "what is due, read", 30)
    await pilot.pause()
    return str(home.query_one("#today", Static).render())


async def test_home_shows_what_is_due_for_the_history(lumbar_home: Locations) -> None:
    db = open_database(lumbar_home.db_path)
    now = utc_now()
    routine_session(db, now - timedelta(days=2))  # Core basics, 3 a week: due today
    routine_session(db, now - timedelta(days=1), routine=("back-ten", "Back ten"))
    db.close()
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        text = await today_shown(pilot, home)
        assert "Core basics: due today · last done" in text
        assert "this week" in text
        assert "Back ten: no set frequency · last done yesterday" in text
        assert "Check-ins due: PEG, how this week went (p) · PSFS, your activities (a)" in text
        assert home.plan is not None
        assert [r.routine_id for r in home.plan.today.due] == ["core-basics"]
        routines = home.query_one("#routines", OptionList)
        assert "due today" in str(routines.get_option("core-basics").prompt)
        assert "due today" not in str(routines.get_option("back-ten").prompt)


async def test_nothing_followed_yet_says_so(lumbar_home: Locations) -> None:
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        text = await today_shown(pilot, home)
        assert "Nothing planned yet" in text


async def test_p_asks_the_peg_and_keeps_the_answers(lumbar_home: Locations) -> None:
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await today_shown(pilot, home)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PegQuestions)
        error = pilot.app.screen.query_one(".question-error")
        await pilot.press("x")  # a letter is refused in words, not dropped without one
        assert "A number from 0 to 10" in str(error.render())
        await pilot.press("1", "2", "enter")  # 12 is refused, asked again
        assert "A number from 0 to 10" in str(error.render())
        await pilot.press("6", "enter", "7", "enter", "5", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(showing(pilot.app), HomeScreen)
        text = await today_shown(pilot, home)
        assert "PSFS, your activities (a)" in text
        assert "PEG" not in text.split("due:")[-1]
    db = open_database(lumbar_home.db_path)
    (peg,) = outcomes(db, "peg")
    assert peg.score == 6.0
    assert [a.value for a in peg.answers] == [6, 7, 5]


async def test_every_question_can_be_skipped(lumbar_home: Locations) -> None:
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await today_shown(pilot, home)
        await pilot.press("p", "enter", "4", "escape")  # pain skipped, enjoyment 4, rest skipped
        await pilot.app.workers.wait_for_complete()
        await pilot.press("a", "escape")  # the PSFS skipped as a whole
        await pilot.app.workers.wait_for_complete()
        assert pilot.app.screen is home
        # The PEG answered in part is not "not answered yet" (found trying it).
        screen = await outcomes_opened(pilot)
        summary = str(screen.query_one("#outcomes-summary", Static).render())
        assert (
            "PEG (0-10, lower is better, every 7 days): no score yet: 1 check-in answered in "
            "part (a score needs every question answered)"
        ) in summary
        assert "PSFS (0-10, higher is better, every 14 days): not answered yet" in summary
    db = open_database(lumbar_home.db_path)
    (peg,) = outcomes(db, "peg")
    assert peg.score is None
    assert [a.value for a in peg.answers] == [None, 4, None]
    (psfs,) = outcomes(db, "psfs", include_skipped=True)
    assert psfs.skipped


async def outcomes_opened(pilot: Pilot[Any]) -> OutcomesScreen:
    """o: the outcomes screen, its answers read."""
    await pilot.press("o")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, OutcomesScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_psfs_asks_about_the_same_activities_again(lumbar_home: Locations) -> None:
    db = open_database(lumbar_home.db_path)
    record_psfs(db, [("Sitting through a meeting", 3), ("Lifting my child", 4)])
    db.close()
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await today_shown(pilot, home)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PsfsQuestions)
        assert form.activities == ("Sitting through a meeting", "Lifting my child")
        # The name is kept: enter moves on to its rating.
        await pilot.press("enter", "6", "enter", "enter", "8", "enter", "enter", "enter")
        await pilot.app.workers.wait_for_complete()
        screen = await outcomes_opened(pilot)
        summary = str(screen.query_one("#outcomes-summary", Static).render())
        expected = (
            "PSFS (0-10, higher is better, every 14 days): 3.5 → 7.0 since the first "
            "(2 answers): better"
        )
        assert expected in summary
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        # Newest first, each against the first answered (which said "+0.0", as if unchanged).
        assert [table.get_row_at(row)[3] for row in range(2)] == ["+3.5", "first"]
    db = open_database(lumbar_home.db_path)
    latest = outcomes(db, "psfs")[-1]
    assert [(a.item, a.value) for a in latest.answers] == [
        ("Sitting through a meeting", 6),
        ("Lifting my child", 8),
    ]


async def test_a_psfs_change_on_some_activities_says_on_how_many(lumbar_home: Locations) -> None:
    """The table's SCORE is each answer's mean, its CHANGE on the activities rated both times:
    "+3.0" beside 3.0 → 3.0 read as a mistake (helper-82); it says "on 1"."""
    db = open_database(lumbar_home.db_path)
    first = utc_now() - timedelta(days=14)
    record_psfs(db, [("Sitting through a meeting", 3)], at=first)
    record_psfs(db, [("Sitting through a meeting", 6), ("Lifting my child", 0)])
    db.close()
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await today_shown(pilot, home)
        screen = await outcomes_opened(pilot)
        table = screen.query_one(DataTable)
        rows = [table.get_row_at(row) for row in range(2)]
        assert [(r[2], r[3]) for r in rows] == [("3.0", "+3.0 on 1"), ("3.0", "first")]


def stored(home: Locations, measure: Measure) -> list[Outcome]:
    """The answers kept so far, read as another program would."""
    db = open_database(home.db_path, writable=False)
    try:
        return outcomes(db, measure)
    finally:
        db.close()


@pytest.mark.parametrize(
    ("keys", "answers"),
    [
        (["1", "2", "enter", "6", "enter", "7", "enter", "5", "enter"], [6, 7, 5]),  # 12 refused
        (["6", "tab", "7", "tab", "5", "enter"], [6, 7, 5]),
        (["1", "backspace", "0", "enter", "7", "enter", "5", "enter"], [0, 7, 5]),
        (["5", "enter", "6", "enter", "1", "enter", "0"], [5, 6, 1]),  # the 0 is not PEG's
        # Tab goes round the boxes (the card takes no focus); a box entered again is
        # typed over.
        (["5", "tab", "3", "tab", "2", "tab", "4", "tab", "tab", "enter"], [4, 3, 2]),
        (["5", "enter", "3", "shift+tab", "9", "enter", "enter", "enter"], [9, 3, None]),
        (["5", "enter", "escape", "7"], [5, None, None]),  # escape: the rest skipped
        # Escapes after the card is gone were typed for it: home stays where it is.
        (["5", "escape", "escape"], [5, None, None]),
        (["5", "escape", "escape", "escape"], [5, None, None]),
    ],
)
async def test_peg_answers_typed_in_one_burst_each_land_in_their_own_box(
    lumbar_home: Locations, keys: list[str], answers: list[int]
) -> None:
    """A person who types "6 enter 7 enter 5 enter" at speed: Textual hands the whole burst
    to the box that had the focus, before its enter, tab or backspace has acted. Every key
    still acts on the box it was typed for, and once the last answer is given nothing
    typed after it changes the answers."""
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await today_shown(pilot, home)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(showing(pilot.app), PegQuestions), "the PEG", 30)
        await until(pilot, lambda: isinstance(pilot.app.focused, Input), "the first box", 30)
        for key in keys:
            pilot.app.post_message(events.Key(key, key if key.isdigit() else None))
        await until(pilot, lambda: showing(pilot.app) is home, "the card answered and gone", 30)
        await until(pilot, lambda: bool(stored(lumbar_home, "peg")), "the answers kept", 30)
        await pilot.pause()
        assert showing(pilot.app) is home, "a key typed for the card acted after it"
    (peg,) = stored(lumbar_home, "peg")
    assert [a.value for a in peg.answers] == answers


async def test_a_card_key_moved_in_the_settings_acts_in_its_turn(
    lumbar_home: Locations,
) -> None:
    """The settings moved the PEG's skip to f2: typed ahead, f2 skips the rest in its turn
    (the 7 after it is not the PEG's), and escape no longer skips."""
    keyed = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False, keys={"peg.skip": "f2"}),
        locations=lumbar_home,
    )
    async with keyed.run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await today_shown(pilot, home)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(showing(pilot.app), PegQuestions), "the PEG", 30)
        card = showing(pilot.app)
        first = card.query(Input).first()
        await until(pilot, lambda: pilot.app.focused is first, "the first box", 30)
        for key in ["3", "escape", "enter", "5", "f2", "7"]:
            pilot.app.post_message(events.Key(key, key if key.isdigit() else None))
        await until(pilot, lambda: showing(pilot.app) is home, "the card skipped", 30)
        await until(pilot, lambda: bool(stored(lumbar_home, "peg")), "the answers kept", 30)
    (peg,) = stored(lumbar_home, "peg")
    assert [a.value for a in peg.answers] == [3, 5, None]


async def test_psfs_typed_in_one_burst_keeps_names_and_ratings_apart(
    lumbar_home: Locations,
) -> None:
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await today_shown(pilot, home)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(showing(pilot.app), PsfsQuestions), "the PSFS", 30)
        await until(pilot, lambda: isinstance(pilot.app.focused, Input), "the first box", 30)
        for key in [*"walk", "enter", "4", "enter", *"sit", "enter", "7", "enter", "enter"]:
            pilot.app.post_message(events.Key(key, "\r" if key == "enter" else key))
        pilot.app.post_message(events.Key("enter", "\r"))
        await until(pilot, lambda: showing(pilot.app) is home, "the card answered and gone", 30)
        await until(pilot, lambda: bool(stored(lumbar_home, "psfs")), "the answers kept", 30)
    (psfs,) = stored(lumbar_home, "psfs")
    assert [(a.item, a.value) for a in psfs.answers] == [("walk", 4), ("sit", 7)]


async def test_a_digit_typed_before_a_click_on_another_box_stays_in_its_own(
    lumbar_home: Locations,
) -> None:
    """A click moves the focus in the app's own turn, while the box it left may still hold
    a key typed before the click: that key is the left box's, not the clicked one's."""
    async with app(lumbar_home).run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await today_shown(pilot, home)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(showing(pilot.app), PegQuestions), "the PEG", 30)
        card = showing(pilot.app)
        first, _, third = card.query(Input)
        await until(pilot, lambda: pilot.app.focused is first, "the first box", 30)
        first._forward_event(events.Key("5", "5"))  # handed to it, not yet read
        card.set_focus(third)  # the click, in the app's turn
        pilot.app.post_message(events.Key("7", "7"))
        await until(pilot, lambda: third.value == "7", "the 7 in the clicked box", 30)
        assert first.value == "5"


async def test_a_database_damaged_inside_says_what_is_due_cannot_be_read(
    lumbar_home: Locations,
) -> None:
    """The file opens, and reading its sessions fails: the panel says so in one line (it
    stayed empty, its worker failed with SQLite's "malformed", which a runner test waiting
    for the app's workers met on a busy machine)."""
    lumbar_home.db_path.parent.mkdir(parents=True)
    data = damaged_inside(lumbar_home.db_path)
    lumbar_home.db_path.write_bytes(data)
    running = app(lumbar_home)
    async with running.run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        panel = home.query_one("#today", Static)
        await until(pilot, lambda: "cannot be read" in str(panel.render()), "the panel's line", 30)
        said = str(panel.render())
        assert "not a readable lumbar database" in said
        assert "malformed" not in said
    assert lumbar_home.db_path.read_bytes() == data


async def test_left_open_overnight_it_says_what_is_due_on_the_new_day(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found trying awkward days: open at 23:59:50 after the day's session, the home screen
    still said "done for today" the next morning (it read what is due only when opened or
    come back to). It looks for a new day every minute (here every 0.05 s)."""
    monkeypatch.setattr(home_screen, "NEW_DAY_EVERY_S", 0.05)
    with on_day("2026-12-31T23:59:50", "Pacific/Auckland") as eve:
        db = open_database(lumbar_home.db_path)
        routine_session(db, utc_now() - timedelta(minutes=30))  # Core basics, 3 a week
        db.close()
        async with app(lumbar_home).run_test(size=SIZE) as pilot:
            home = pilot.app.screen
            assert isinstance(home, HomeScreen)
            assert "Core basics: done for today" in await today_shown(pilot, home)
            with pinned(eve + timedelta(seconds=20)):
                await until(
                    pilot,
                    lambda: home.plan is not None and home.plan.today.day == date(2027, 1, 1),
                    "the new day's plan",
                    30,
                )
                text = await today_shown(pilot, home)
    assert "Core basics: done for today" not in text
    assert "last done yesterday" in text


async def test_covered_at_midnight_it_reads_the_new_day_on_coming_back(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under another screen the home screen does not read what is due each time it looks
    for a new day: it reads it once, on coming back."""
    monkeypatch.setattr(home_screen, "NEW_DAY_EVERY_S", 0.05)
    looked: list[HomeScreen] = []
    new_day = HomeScreen._new_day

    def counted(screen: HomeScreen) -> None:
        looked.append(screen)
        new_day(screen)

    monkeypatch.setattr(HomeScreen, "_new_day", counted)
    with on_day("2026-12-31T23:59:50", "Pacific/Auckland") as eve:
        async with app(lumbar_home).run_test(size=SIZE) as pilot:
            home = pilot.app.screen
            assert isinstance(home, HomeScreen)
            await today_shown(pilot, home)
            await outcomes_opened(pilot)
            with pinned(eve + timedelta(seconds=20)):
                covered = len(looked)
                await until(pilot, lambda: len(looked) >= covered + 3, "three looks", 30)
                await pilot.app.workers.wait_for_complete()
                assert home.plan is not None
                assert home.plan.today.day == date(2026, 12, 31)
                await pilot.press("escape")
                await until(
                    pilot,
                    lambda: home.plan is not None and home.plan.today.day == date(2027, 1, 1),
                    "the new day's plan",
                    30,
                )
