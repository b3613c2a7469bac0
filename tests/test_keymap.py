"""The settings' [keys] checked before Textual takes them: a remapping onto a key another
binding answers to where both work is named and left out, so no key goes dead unseen."""

from __future__ import annotations

from typing import Any

import pytest
from fake_clock import FakeClock
from notices import Notices
from session_apps import runner_of
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from catalog import load_catalog
from tui.app import LumbarApp
from tui.keymap import checked_keymap
from tui.locations import Locations
from tui.screens.help import HelpScreen
from tui.screens.questions import NumberQuestion
from tui.settings import Settings

OWNERS = LumbarApp.binding_owners()


def check(keys: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    return checked_keymap(keys, OWNERS, lambda keymap: keymap.get("app.help", "?"))


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
    ],
)
def test_remaps_that_leave_every_key_one_binding_are_all_kept(keys: dict[str, str]) -> None:
    assert check(keys) == (keys, [])


def test_an_app_key_clashes_with_a_screens_and_a_table_with_its_screen() -> None:
    """The app's keys work on every screen (help moved to n would not open in a session);
    a table's enter works on its own screen."""
    usable, problems = check({"app.help": "n", "log.trends": "enter", "home.peg": "enter"})
    assert usable == {}
    said = {p.split(":")[2].strip(): p for p in problems}
    assert sorted(said) == ["app.help = 'n'", "home.peg = 'enter'", "log.trends = 'enter'"]
    assert "(runner.next)" in said["app.help = 'n'"] or "(end.no)" in said["app.help = 'n'"]
    assert "(log.open)" in said["log.trends = 'enter'"]
    assert "(home.open)" in said["home.peg = 'enter'"]


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


async def test_a_session_still_starts_with_space_when_next_was_remapped_onto_it(
    lumbar_home: Locations,
) -> None:
    """The trial: "runner.next" = "space" made space do nothing at the session's start,
    with nothing said anywhere."""
    clock = FakeClock()
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False, keys={"runner.next": "space"}),
        locations=lumbar_home,
        start_routine="core-basics",
        clock=clock,
        ticks=clock,
    )
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        pilot_: Pilot[Any] = pilot
        await app.workers.wait_for_complete()
        await pilot_.pause()
        assert isinstance(current(app), NumberQuestion)
        await pilot_.press("3", "enter")
        await app.workers.wait_for_complete()
        await pilot_.pause()
        runner = runner_of(app)
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
