"""The settings' [keys] checked before Textual takes them: a remapping onto a key another
binding answers to where both work is named and left out, so no key goes dead unseen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fake_clock import FakeClock
from footer_keys import footer_keys
from log_history import one_set_session
from log_screens import settle
from notices import Notices
from session_apps import runner_of
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Select, Static
from waiting import until

from catalog import load_catalog
from tui.app import LumbarApp
from tui.keymap import checked_keymap, ids_working_on, key_takers
from tui.locations import Locations
from tui.screens.catalog import CatalogScreen
from tui.screens.dose_editor import DoseEditor
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.log import LogScreen
from tui.screens.outcomes import OutcomesScreen, PegQuestions, PsfsQuestions
from tui.screens.questions import ConfirmEnd, NoteQuestion, NumberQuestion, PainAdviceScreen
from tui.screens.routine import RoutineScreen
from tui.screens.runner import RunnerScreen
from tui.screens.sensors import SensorsScreen
from tui.screens.session_detail import EditNote, SessionDetailScreen
from tui.screens.summary import SummaryScreen
from tui.screens.trends import TrendsScreen
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
    session ? and q, in a session's dialog ? (its own, under the app's id)."""
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
        "NumberQuestion": ({"app.help"}, {"app.help"}),
        "ConfirmEnd": ({"app.help"}, {"app.help"}),
        # The session's own q answers before the app's, as designed: it works there, unseen.
        "RunnerScreen": ({"app.help"}, {"app.help", "app.quit"}),
    }


@pytest.mark.parametrize(
    ("keys", "said"),
    [
        # A table's or a list's enter is answered before the screen's keys.
        ({"routine.start": "enter"}, "routine.start = 'enter': enter is Select"),
        ({"routine.edit_dose": "enter"}, "routine.edit_dose = 'enter': enter is Select"),
        ({"catalog.clear": "enter"}, "catalog.clear = 'enter': enter is Select"),
        ({"outcomes.peg": "enter"}, "outcomes.peg = 'enter': enter is Select"),
        ({"trends.period": "enter"}, "trends.period = 'enter': enter is Select"),
        ({"summary.check_in": "up"}, "summary.check_in = 'up': up is Cursor up"),
        # A dialog's text box takes every typed character, and enter.
        ({"question.skip": "s"}, "question.skip = 's': s is typed into its text box where"),
        ({"note.skip": "space"}, "note.skip = 'space': space is typed into its text box"),
        ({"peg.skip": "question_mark"}, "peg.skip = 'question_mark': question_mark is typed"),
        ({"psfs.skip": "x"}, "psfs.skip = 'x': x is typed into its text box"),
        ({"note-edit.cancel": "enter"}, "note-edit.cancel = 'enter': enter is Submit"),
        ({"dose.leave": "enter"}, "dose.leave = 'enter': enter is Submit"),
        ({"dose.leave": "d"}, "dose.leave = 'd': d is typed into its text box"),
        # The command palette, bound on the running app.
        ({"runner.pain": "ctrl+p"}, "runner.pain = 'ctrl+p': ctrl+p is Command palette"),
        ({"end.yes": "ctrl+p"}, "end.yes = 'ctrl+p': ctrl+p is Command palette"),
    ],
)
def test_a_remap_onto_a_key_a_widget_or_the_palette_takes_first_is_refused(
    keys: dict[str, str], said: str
) -> None:
    usable, problems = check(keys)
    assert usable == {}
    assert len(problems) == 1
    assert said in problems[0]


@pytest.mark.parametrize(
    "keys",
    [
        {"app.help": "ctrl+p"},  # the app's own: it replaces the palette's key
        {"question.skip": "f5", "dose.leave": "ctrl+z"},  # no text box types these
        # The catalog's and the log's search boxes have the focus only after /, where the
        # screen's letters are typed too.
        {"catalog.clear": "y", "log.trends": "r"},
        {"runner.pain": "ctrl+y"},
    ],
)
def test_remaps_no_widget_or_palette_takes_first_are_kept(keys: dict[str, str]) -> None:
    assert check(keys) == (keys, [])


def key_takers_held(screen: Screen[Any]) -> set[type[Widget]]:
    """The tables, lists and text boxes ``screen`` holds now (a Select's own list aside:
    it has the keys only while the Select is open)."""
    return {
        type(widget)
        for widget in screen.query("*")
        if isinstance(widget, DataTable | OptionList | Input)
        and not any(isinstance(up, Select) for up in widget.ancestors)
    }


async def test_each_screen_declares_the_widgets_that_take_keys_it_holds(
    lumbar_home: Locations,
) -> None:
    """The check's model of each screen (``KEY_TAKERS``) against the widgets Textual really
    has there, for every screen with keys of its own that a person can open."""
    lumbar_home.db_path.parent.mkdir(parents=True, exist_ok=True)
    one_set_session(lumbar_home.db_path, datetime(2026, 3, 2, 9, 0, tzinfo=UTC), None)
    seen: dict[str, tuple[set[type[Widget]], set[type[Widget]]]] = {}

    async def note(pilot: Pilot[Any], kind: type[Screen[Any]]) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__, 30)
        screen = pilot.app.screen
        if isinstance(screen, ModalScreen):  # a worker waits for its answer
            await pilot.pause()
        else:
            await settle(pilot)
        seen[type(screen).__name__] = (set(key_takers(type(screen))), key_takers_held(screen))

    async def visit(pilot: Pilot[Any], keys: tuple[str, ...], kind: type[Screen[Any]]) -> None:
        await pilot.press(*keys)
        await note(pilot, kind)

    app = session_app(lumbar_home, {}, routine=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await note(pilot, HomeScreen)
        await visit(pilot, ("enter",), RoutineScreen)
        await visit(pilot, ("e",), DoseEditor)
        await visit(pilot, ("escape", "escape"), HomeScreen)
        await visit(pilot, ("c",), CatalogScreen)
        await visit(pilot, ("escape", "w"), SensorsScreen)
        await visit(pilot, ("escape", "o"), OutcomesScreen)
        await visit(pilot, ("escape", "p"), PegQuestions)
        await visit(pilot, ("escape", "a"), PsfsQuestions)
        await visit(pilot, ("escape", "l"), LogScreen)
        await visit(pilot, ("enter",), SessionDetailScreen)
        await visit(pilot, ("e",), EditNote)
        await visit(pilot, ("escape", "escape", "t", "2"), TrendsScreen)
    app = session_app(lumbar_home, {})
    async with app.run_test(size=(100, 30)) as pilot:
        await note(pilot, NumberQuestion)
        await pilot.press("3", "enter")
        await note(pilot, RunnerScreen)
        await visit(pilot, ("space", "q"), ConfirmEnd)
        await visit(pilot, ("y",), NumberQuestion)
        await visit(pilot, ("3", "enter"), NoteQuestion)
        await visit(pilot, ("enter",), SummaryScreen)
    assert seen["TrendsScreen"][1] == {OptionList}, "the exercises' tab was not shown"
    assert {name: pair for name, pair in seen.items() if pair[0] != pair[1]} == {}
    assert set(seen) == {
        kind.__name__
        for kind in (
            HomeScreen, RoutineScreen, DoseEditor, CatalogScreen, SensorsScreen, OutcomesScreen,
            PegQuestions, PsfsQuestions, LogScreen, SessionDetailScreen, EditNote, TrendsScreen,
            NumberQuestion, RunnerScreen, ConfirmEnd, NoteQuestion, SummaryScreen,
        )
    }  # fmt: skip


def said_once(notices: Notices, said: str) -> bool:
    """Whether the settings' notice names ``said`` in exactly one line."""
    lines = [line for text in notices.texts() for line in text.splitlines()]
    return len([line for line in lines if said in line]) == 1


async def test_start_remapped_onto_a_tables_enter_is_refused_and_s_still_starts(
    lumbar_home: Locations,
) -> None:
    """The review: "routine.start" = "enter" was taken, then the routine's table answered
    enter, s no longer started, and help said the session's start was not there."""
    app = session_app(lumbar_home, {"routine.start": "enter"}, routine=None)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(current(app), RoutineScreen), "the routine", 30)
        await settle(pilot)
        assert said_once(notices, "routine.start = 'enter': enter is Select")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(current(app), NumberQuestion), "the pain check", 30)


async def test_skip_remapped_onto_a_letter_is_refused_and_escape_still_skips(
    lumbar_home: Locations,
) -> None:
    """The review: "question.skip" = "s" was taken, and s went into the pain check's box."""
    app = session_app(lumbar_home, {"question.skip": "s"})
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(current(app), NumberQuestion), "the pain check", 30)
        assert said_once(notices, "question.skip = 's': s is typed into its text box")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(current(app), RunnerScreen), "the session", 30)


async def test_pain_remapped_onto_the_palettes_key_is_refused_and_p_still_asks(
    lumbar_home: Locations,
) -> None:
    """The review: "runner.pain" = "ctrl+p" was taken, and ctrl+p opened the palette."""
    app = session_app(lumbar_home, {"runner.pain": "ctrl+p"})
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        runner = await past_the_pain_check(pilot, app)
        assert said_once(notices, "runner.pain = 'ctrl+p': ctrl+p is Command palette")
        await pilot.press("p")
        await until(pilot, lambda: isinstance(current(app), NumberQuestion), "pain asked", 30)
        assert current(app) is not runner


MOVED = {
    "end.yes": "j",
    "end.no": "b",
    "end.back": "f3",
    "question.skip": "f2",
    "pain.skip": "k",
    "pain.end": "x",
    "pain.continue": "g",
    "pain.red_flag": "v",
    "pain.recommended": "f4",
    "pain.back": "f6",
}
"""Every key a session's dialogs name in their words, moved."""


def dialog_words(screen: Screen[object]) -> str:
    """What a dialog's box says: its words, its answer box's hint and its error line."""
    box = screen.query_one(".question")
    said = [str(part.render()) for part in box.query(Static) if part.display]
    said += [str(box_.placeholder) for box_ in box.query(Input)]
    return "\n".join(said)


async def test_the_question_to_end_a_session_names_the_keys_the_settings_bind(
    lumbar_home: Locations,
) -> None:
    """The review: the question to end a session said "y  end it" when the settings had
    moved end.yes (its footer was right)."""
    app = session_app(lumbar_home, MOVED)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        assert not [text for text in notices.texts() if "settings: keys" in text]
        runner = await past_the_pain_check(pilot, app)
        await pilot.press("space", "q")
        await until(pilot, lambda: isinstance(current(app), ConfirmEnd), "the question", 30)
        said = dialog_words(current(app))
        assert "j  end it: what you did is saved, marked ended early" in said
        assert "b  go back to the session (f3 too)" in said
        assert "y  end it" not in said
        await pilot.press("j")
        await until(pilot, lambda: runner.live.over, "the session over", 30)


async def test_the_pain_check_and_its_advice_name_the_keys_the_settings_bind(
    lumbar_home: Locations,
) -> None:
    """The pain check's skip and the advice's choices moved: their words follow."""
    app = session_app(lumbar_home, MOVED)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(current(app), NumberQuestion), "the check", 30)
        check_ = current(app)
        await pilot.press("enter")  # no number yet: the error names the skip key
        await pilot.pause()
        said = dialog_words(check_)
        assert "0-10 then enter; f2 skips" in said  # the box's hint
        assert "No number yet: type 0 (none) to 10 (worst), then enter; f2 skips." in said
        assert "escape" not in said
        await pilot.press("8", "enter")  # pain 8 before the start: the advice
        await until(pilot, lambda: isinstance(current(app), PainAdviceScreen), "advice", 30)
        said = dialog_words(current(app))
        assert "x  not today (f4 or f6)" in said
        assert "g  go on gently" in said
        assert "press v if you have" in said
        assert "enter or escape" not in said
        await pilot.press("g")  # go on gently
        await until(pilot, lambda: isinstance(current(app), RunnerScreen), "the session", 30)


async def help_over(pilot: Pilot[Any], app: LumbarApp, key: str = "question_mark") -> HelpScreen:
    """``key`` pressed over a dialog: the help on top of it."""
    under = current(app)
    await pilot.press(key)
    await until(pilot, lambda: isinstance(current(app), HelpScreen), f"help over {under}", 30)
    help_screen = current(app)
    assert isinstance(help_screen, HelpScreen)
    assert app.screen_stack[-2] is under
    return help_screen


async def test_help_opens_over_a_sessions_dialogs_and_closes_back_to_them(
    lumbar_home: Locations,
) -> None:
    """README: ? anywhere. Over the pain check, the advice and the question to end a session
    it did nothing (the app's ? never reaches a dialog). Help opens on top, lists the dialog's
    keys, and escape closes it back to the dialog as it was (a number typed in the box kept)."""
    app = session_app(lumbar_home, {})
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(current(app), NumberQuestion), "the check", 30)
        check_ = current(app)
        await pilot.press("8")
        shown = await help_over(pilot, app)
        assert ("esc", "question.skip") in [(k.key, k.binding_id) for k in shown.keys]
        await pilot.press("escape")
        await until(pilot, lambda: current(app) is check_, "the check again", 30)
        assert check_.query_one(Input).value == "8"
        await pilot.press("enter")  # pain 8 before the start: the advice
        await until(pilot, lambda: isinstance(current(app), PainAdviceScreen), "advice", 30)
        advice = current(app)
        shown = await help_over(pilot, app)
        assert "pain.continue" in [k.binding_id for k in shown.keys]
        await pilot.press("escape")
        await until(pilot, lambda: current(app) is advice, "the advice again", 30)
        await pilot.press("c")  # go on gently
        await until(pilot, lambda: isinstance(current(app), RunnerScreen), "the session", 30)
        runner = runner_of(app)
        await pilot.press("space", "q")
        await until(pilot, lambda: isinstance(current(app), ConfirmEnd), "the question", 30)
        question = current(app)
        shown = await help_over(pilot, app)
        assert ("y", "End it") in [(k.key, k.description) for k in shown.keys]
        await pilot.press("escape")
        await until(pilot, lambda: current(app) is question, "the question again", 30)
        await pilot.press("y")
        await until(pilot, lambda: runner.live.over, "the session over", 30)


async def test_help_moved_in_the_settings_opens_over_a_dialog_and_the_note_takes_a_typed_mark(
    lumbar_home: Locations,
) -> None:
    """help moved to f1 opens over the question to end a session; the note's box, which
    takes any character, still has ? typed into it."""
    app = session_app(lumbar_home, {"app.help": "f1"})
    async with app.run_test(size=(80, 24)) as pilot:
        await past_the_pain_check(pilot, app)
        await pilot.press("space", "q")
        await until(pilot, lambda: isinstance(current(app), ConfirmEnd), "the question", 30)
        question = current(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert current(app) is question  # ? is not help's key any more
        await help_over(pilot, app, "f1")
        await pilot.press("escape")
        await until(pilot, lambda: current(app) is question, "the question again", 30)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(current(app), NumberQuestion), "pain after", 30)
        await pilot.press("2", "enter")
        await until(pilot, lambda: isinstance(current(app), NoteQuestion), "the note", 30)
        await pilot.press("o", "k", "question_mark")
        await pilot.pause()
        assert current(app).query_one(Input).value == "ok?"


def test_a_help_key_moved_onto_a_digit_is_refused_for_the_pain_checks_box() -> None:
    """The dialogs' help key has priority over the pain check's box, which takes digits
    only: moved onto z it is free there, onto 5 it would take the box's 5."""
    assert check({"app.help": "z"}) == ({"app.help": "z"}, [])
    usable, problems = check({"app.help": "5"})
    assert usable == {}
    assert "app.help = '5': 5 is typed into its text box" in problems[0]


async def test_help_over_a_dialog_offers_only_going_back_and_q_leaves_it_up(
    lumbar_home: Locations,
) -> None:
    """The review: help over the question to end a session offered "q End session", but q
    only closed the help (its message never showed); over the pain check before the start,
    q quit lumbar. Over a dialog help offers escape back to the question, and q does nothing."""
    app = session_app(lumbar_home, {})
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(current(app), NumberQuestion), "the check", 30)
        check_ = current(app)
        shown = await help_over(pilot, app)
        await until(pilot, lambda: footer_keys(shown) != [], "help's footer", 30)
        assert footer_keys(shown) == ["Back to the question"]
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert current(app) is shown
        await pilot.press("escape")
        await until(pilot, lambda: current(app) is check_, "the check again", 30)
        await pilot.press("3", "enter")
        await until(pilot, lambda: isinstance(current(app), RunnerScreen), "the session", 30)
        runner = runner_of(app)
        await pilot.press("space", "p", "8", "enter")
        await until(pilot, lambda: isinstance(current(app), PainAdviceScreen), "advice", 30)
        advice = current(app)
        shown = await help_over(pilot, app)
        await until(pilot, lambda: footer_keys(shown) != [], "help's footer", 30)
        assert footer_keys(shown) == ["Back to the question"]
        await pilot.press("q")
        await pilot.pause()
        assert current(app) is shown
        assert not runner.live.over
        await pilot.press("escape")
        await until(pilot, lambda: current(app) is advice, "the advice again", 30)
        await pilot.press("e")  # end the session, as advised
        await until(pilot, lambda: runner.live.over, "the session over", 30)


async def test_help_over_a_session_offers_q_to_end_it(lumbar_home: Locations) -> None:
    """Not over a dialog, help's q does what q does beneath: over a session, asks to end it."""
    app = session_app(lumbar_home, {})
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await past_the_pain_check(pilot, app)
        await pilot.press("space", "question_mark")
        await until(pilot, lambda: isinstance(current(app), HelpScreen), "help", 30)
        shown = current(app)
        await until(pilot, lambda: footer_keys(shown) != [], "help's footer", 30)
        assert footer_keys(shown) == ["Close", "End session"]
        await pilot.press("q")
        await until(pilot, lambda: isinstance(current(app), ConfirmEnd), "the question", 30)
        await pilot.press("y")
        await until(pilot, lambda: runner.live.over or not runner.is_attached, "over", 30)
