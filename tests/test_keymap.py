"""The settings' [keys] checked before Textual takes them: a remapping onto a key another
binding answers to where both work is named and left out, so no key goes dead unseen."""

from __future__ import annotations

from typing import Any

import pytest
from fake_clock import FakeClock
from notices import Notices
from session_apps import runner_of
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from waiting import until

from catalog import load_catalog
from tui.app import LumbarApp
from tui.keymap import checked_keymap, ids_working_on
from tui.locations import Locations
from tui.screens.help import HelpScreen
from tui.screens.log import LogScreen
from tui.screens.questions import ConfirmEnd, NumberQuestion
from tui.screens.runner import RunnerScreen
from tui.settings import Settings

OWNERS = LumbarApp.binding_owners()


def check(keys: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    return checked_keymap(
        keys, OWNERS, lambda keymap: keymap.get("app.help", "?"), LumbarApp.works_on
    )


def test_a_remap_onto_a_key_of_the_same_screen_is_named_and_left_out() -> None:
    usable, problems = check({"runner.next": "space", "runner.back": "f5"})
    assert usable == {"runner.back": "f5"}
    assert problems == [
        "settings: keys: runner.next = 'space': space is Start / Pause / Resume "
        "(runner.toggle) where both work; runner.next keeps n (choose another key)"
    ]


@pytest.mark.parametrize(
    "keys",
    [
        {"runner.next": "p", "runner.pain": "n"},  # swapped: each key still does one thing
        {"runner.next": "s"},  # s is the routine screen's: never where the session's n works
        {"app.help": "f1"},
        {"runner.toggle": "space,f5"},  # its own key kept, one added
        # The app's c, w and l are off in a session, and no app key reaches a dialog:
        {"runner.next": "l"},
        {"runner.back": "c", "runner.longer": "w"},
        {"app.log": "n"},  # the session's n; l, its default, leaves the session alone
        {"end.yes": "q"},  # the app's q never reaches the question to end a session
        {"delete.yes": "question_mark"},  # nor help a dialog
        {"too-small.mat": "l"},
    ],
)
def test_remaps_that_leave_every_key_one_binding_are_all_kept(keys: dict[str, str]) -> None:
    assert check(keys) == (keys, [])


def test_an_app_key_clashes_with_a_screens_and_a_table_with_its_screen() -> None:
    """The app's help works on the session's screen (help moved to n would not open in a
    session); a table's enter works on its own screen."""
    usable, problems = check({"app.help": "n", "log.trends": "enter", "home.peg": "enter"})
    assert usable == {}
    said = {p.split(":")[2].strip(): p for p in problems}
    assert sorted(said) == ["app.help = 'n'", "home.peg = 'enter'", "log.trends = 'enter'"]
    assert "(runner.next)" in said["app.help = 'n'"] or "(end.no)" in said["app.help = 'n'"]
    assert "(log.open)" in said["log.trends = 'enter'"]
    assert "(home.open)" in said["home.peg = 'enter'"]


@pytest.mark.parametrize(
    ("keys", "said"),
    [
        # On the summary the app's c works, as the summary's k does.
        ({"app.catalog": "k"}, "app.catalog = 'k': k is Check-in (summary.check_in)"),
        # The app's l works on the home screen, as its routines' list's keys do.
        ({"home.peg": "l"}, "home.peg = 'l': l is Log (app.log)"),
        # A key of a session moved onto the app's q where q does reach the app.
        ({"runner.next": "question_mark"}, "question_mark is Help (app.help)"),
        # A key no id names: a table's arrows, a screen's tab, the app's ctrl+q.
        ({"log.trends": "down"}, "log.trends = 'down': down is Cursor down (cursor_down)"),
        ({"runner.next": "tab"}, "runner.next = 'tab': tab is Focus Next (app.focus_next)"),
        ({"end.yes": "ctrl+q"}, "end.yes = 'ctrl+q': ctrl+q is Quit (quit)"),
    ],
)
def test_a_remap_onto_a_key_that_works_in_the_same_place_is_refused(
    keys: dict[str, str], said: str
) -> None:
    usable, problems = check(keys)
    assert usable == {}
    assert len(problems) == 1
    assert said in problems[0]


def test_two_remaps_onto_one_key_are_both_left_out_and_what_they_free_is_checked() -> None:
    """runner.pain keeps p once its remap is left out, so the remap of runner.next onto p
    no longer fits either."""
    usable, problems = check({"runner.next": "p", "runner.pain": "f6", "runner.back": "f6"})
    assert usable == {}
    assert len(problems) == 3
    assert "runner.next = 'p': p is Pain (runner.pain)" in problems[-1]


def test_keys_shared_by_default_stay_as_they_are() -> None:
    """A session's q ends it where the app's q quits: the design, not a clash."""
    assert check({"runner.end": "q"}) == ({"runner.end": "q"}, [])


def current(app: LumbarApp) -> Screen[object]:
    return app.screen


def session_app(
    home: Locations, keys: dict[str, str], routine: str | None = "core-basics"
) -> LumbarApp:
    """lumbar with no sound and the settings' ``keys``, opening ``routine`` (None: home)."""
    clock = FakeClock()
    return LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False, keys=keys),
        locations=home,
        start_routine=routine,
        clock=clock,
        ticks=clock,
    )


async def past_the_pain_check(pilot: Pilot[Any], app: LumbarApp) -> RunnerScreen:
    """The session's screen once its pain check is answered (3)."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(current(app), NumberQuestion)
    await pilot.press("3", "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return runner_of(app)


async def test_next_remapped_onto_l_goes_on_in_a_session(lumbar_home: Locations) -> None:
    """The review: the app's l (the log) is off in a session, so a session's n can be l; it
    was refused as taken by the log, and l then did nothing in the session."""
    app = session_app(lumbar_home, {"runner.next": "l"})
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        runner = await past_the_pain_check(pilot, app)
        await pilot.press("space")
        engine = runner.live.engine
        assert engine.phase == "running"
        first = engine.index
        await pilot.press("l")
        await pilot.pause()
        assert engine.index == first + 1
        assert current(app) is runner, "l opened something over the session"
        assert not [text for text in notices.texts() if "runner.next" in text]
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = current(app)
        assert isinstance(help_screen, HelpScreen)
        assert [k.key for k in help_screen.keys if k.binding_id == "runner.next"] == ["l"]


async def test_end_yes_remapped_onto_q_ends_a_session_with_q_q(lumbar_home: Locations) -> None:
    """The app's q never reaches the question to end a session, so its y can be q."""
    app = session_app(lumbar_home, {"end.yes": "q"})
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        runner = await past_the_pain_check(pilot, app)
        await pilot.press("space", "q")
        await pilot.pause()
        assert isinstance(current(app), ConfirmEnd)
        await pilot.press("q")
        await pilot.pause()
        assert runner.live.over
        assert not [text for text in notices.texts() if "end.yes" in text]


async def test_a_session_still_starts_with_space_when_next_was_remapped_onto_it(
    lumbar_home: Locations,
) -> None:
    """The trial: "runner.next" = "space" made space do nothing at the session's start,
    with nothing said anywhere."""
    app = session_app(lumbar_home, {"runner.next": "space"})
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        pilot_: Pilot[Any] = pilot
        runner = await past_the_pain_check(pilot_, app)
        await pilot_.press("space")
        assert runner.live.engine.phase == "running"
        said = "runner.next = 'space': space is Start / Pause / Resume (runner.toggle)"
        assert any(said in text for text in notices.texts())
        await pilot_.press("question_mark")
        await pilot_.pause()
        help_screen = current(app)
        assert isinstance(help_screen, HelpScreen)
        assert said in str(help_screen.query_one("#help-problems", Static).render())
        assert [k.key for k in help_screen.keys if k.binding_id == "runner.next"] == ["n"]


APP_IDS = {b.id for b in Binding.make_bindings(LumbarApp.BINDINGS) if b.id}


def app_ids_live(app: LumbarApp) -> set[str]:
    """The app's binding ids Textual has working on the screen on top, now."""
    active = app.screen.active_bindings.values()
    return {a.binding.id for a in active if a.binding.id in APP_IDS and a.enabled}


def app_ids_checked(app: LumbarApp) -> set[str]:
    """The app's binding ids the check of remapped keys takes as working there."""
    return APP_IDS & ids_working_on(type(app.screen), OWNERS, LumbarApp.works_on)


async def test_the_check_sees_the_app_keys_that_work_where_textual_does(
    lumbar_home: Locations,
) -> None:
    """What the check takes as working on each screen (the second of each pair) is what
    Textual has working there: outside a session c, w, l, ? and q (l not on the log), in a
    session ? and q, in a dialog none."""
    app = session_app(lumbar_home, {}, routine=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen = {"HomeScreen": (app_ids_live(app), app_ids_checked(app))}
        await pilot.press("l")
        await until(pilot, lambda: isinstance(current(app), LogScreen), "the log", 30)
        seen["LogScreen"] = (app_ids_live(app), app_ids_checked(app))
    # Then a session (after the home screen: one left unfinished is offered to resume).
    app = session_app(lumbar_home, {})
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(current(app), NumberQuestion)
        seen["NumberQuestion"] = (app_ids_live(app), app_ids_checked(app))
        await past_the_pain_check(pilot, app)
        await pilot.press("space", "q")
        await pilot.pause()
        assert isinstance(current(app), ConfirmEnd)
        seen["ConfirmEnd"] = (app_ids_live(app), app_ids_checked(app))
        await pilot.press("n")
        await pilot.pause()
        seen["RunnerScreen"] = (app_ids_live(app), app_ids_checked(app))
    assert seen == {
        "HomeScreen": (APP_IDS, APP_IDS),
        "LogScreen": (APP_IDS - {"app.log"}, APP_IDS - {"app.log"}),
        "NumberQuestion": (set(), set()),
        "ConfirmEnd": (set(), set()),
        # The session's own q answers before the app's, as designed: it works there, unseen.
        "RunnerScreen": ({"app.help"}, {"app.help", "app.quit"}),
    }
