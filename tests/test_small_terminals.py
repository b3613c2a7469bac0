"""A live session in a small terminal (a large font, read from the floor): the full view works
from 60x20, the mat view from 40x12, the other screens from 80x24; smaller, a notice names
what the screen on top needs, and a session waits paused under it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dialogs import displayed, fits_whole, placed, shown_parts, shown_words
from fake_clock import FakeClock
from footer_keys import footer_keys
from notices import Notices
from rich.cells import cell_len
from session_apps import quiet_app, runner_of
from textual.geometry import Region
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static
from waiting import until

import tui.app
from tui.app import LumbarApp
from tui.live.pain import advise, advise_before, red_flag_advice
from tui.locations import Locations
from tui.screens.catalog import CatalogScreen
from tui.screens.help import HelpScreen, KeyHelp
from tui.screens.questions import ConfirmEnd, NoteQuestion, NumberQuestion, PainAdviceScreen
from tui.screens.runner import RunnerScreen
from tui.screens.too_small import TooSmallScreen
from tui.sizes import FULL_VIEW
from tui.widgets.big_clock import BigClock


def screen(app: LumbarApp) -> Screen[Any]:
    return app.screen


def phase(runner: RunnerScreen) -> str:
    """Read afresh (keeps mypy from narrowing it across key presses)."""
    return runner.live.engine.phase


def notice(app: LumbarApp) -> str:
    """What the too-small notice on top says ("" until it is there and drawn)."""
    shown = screen(app)
    if not isinstance(shown, TooSmallScreen):
        return ""
    return "".join(str(m.render()) for m in shown.query(TooSmallScreen.Message))


async def answered(pilot: Pilot[Any], app: LumbarApp, pain: str) -> RunnerScreen:
    """The pain check (on screen) answered with ``pain``: the session's screen on top."""
    assert isinstance(screen(app), NumberQuestion)
    await pilot.press(*pain, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    runner = runner_of(app)
    assert screen(app) is runner
    return runner


async def asked(pilot: Pilot[Any], app: LumbarApp) -> None:
    await app.workers.wait_for_complete()
    await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain check", 30)
    await pilot.pause()


async def test_a_session_goes_on_in_60x20_and_a_smaller_terminal_names_what_it_needs(
    lumbar_home: Locations,
) -> None:
    """Found by a new user's trial: resizing to 60x20 mid-session paused it and hid the clock
    behind "lumbar needs a terminal of at least 80×24", though a session started at 60x20
    ran. The full view works from 60x20; below, the notice names 60x20, and m shows the mat
    view, which works from 40x12; below that, the notice names 40x12."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert screen(app) is runner
        assert phase(runner) == "running"
        # The safety line under it wraps rather than losing "see a professional".
        status = runner.query_one("#run-status", Static)
        needed = status.get_content_height(status.size, status.size, status.content_size.width)
        assert status.content_size.height >= needed, "the status line's last words are cut"
        await pilot.resize_terminal(59, 20)
        await until(pilot, lambda: bool(notice(app)), "the notice", 30)
        said = notice(app)
        assert said.startswith("The session needs a terminal of at least 60×20; this one is 59×20.")
        assert "The session waits, paused" in said
        assert "press m for the mat view (from 40×12)" in said
        assert phase(runner) == "paused"
        await pilot.press("m")
        await until(pilot, lambda: screen(app) is runner, "the mat view", 30)
        assert runner.mat
        assert phase(runner) == "paused"  # space resumes it, as after any pause
        await pilot.resize_terminal(39, 12)
        await until(pilot, lambda: bool(notice(app)), "the notice", 30)
        said = notice(app)
        assert said.startswith("The mat view needs a terminal of at least 40×12; this one is")
        assert "press m" not in said
        await pilot.press("m")  # not offered: nothing changes
        assert isinstance(screen(app), TooSmallScreen)
        await pilot.resize_terminal(40, 12)
        await until(pilot, lambda: screen(app) is runner, "the session again", 30)
        await pilot.press("space")
        assert phase(runner) == "running"


async def test_a_session_started_too_small_for_its_full_view_offers_the_mat_view(
    lumbar_home: Locations,
) -> None:
    """'lumbar run ROUTINE' at 50x18 asked its pain check over a notice that named 80x24 (a
    resize named it for the whole app): the notice names what the session needs, and m
    shows the mat view, where the pain check is answered."""
    app = quiet_app(lumbar_home, FakeClock())
    async with app.run_test(size=(50, 18)) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(screen(app), TooSmallScreen), "the notice", 30)
        await until(pilot, lambda: "60×20" in notice(app), "what the session needs", 30)
        assert "this one is 50×18" in notice(app)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain check", 30)
        await pilot.pause()
        await fits_whole(pilot, screen(app))
        runner = await answered(pilot, app, "2")
        assert runner.mat
        await pilot.press("m")  # the full view does not fit: it says so, and stays
        await pilot.pause()
        assert runner.mat
        assert screen(app) is runner


async def test_the_notice_says_what_the_session_beneath_is_doing(lumbar_home: Locations) -> None:
    """Found at 40x12: before its pain check was answered the notice said "The session
    waits, paused", though it had not started (and nothing was paused). The notice says
    what is true: the pain check waits, then the start (space), and once it runs, that it
    waits paused."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(50, 18)) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: "60×20" in notice(app), "the notice", 30)
        await until(pilot, lambda: "The session" in notice(app).partition(". ")[2], "words", 30)
        said = notice(app)
        assert "paused" not in said
        assert "The session has not started; its pain check waits" in said
        await pilot.press("m")
        runner = await answered(pilot, app, "3")
        await pilot.resize_terminal(39, 12)
        await until(pilot, lambda: bool(notice(app)), "the notice", 30)
        said = notice(app)
        assert "paused" not in said
        assert "The session waits for space to start it" in said
        await pilot.resize_terminal(40, 12)
        await until(pilot, lambda: screen(app) is runner, "the session again", 30)
        await pilot.press("space")
        await pilot.resize_terminal(39, 12)
        await until(pilot, lambda: bool(notice(app)), "the notice", 30)
        assert "The session waits, paused" in notice(app)


async def test_the_mat_view_and_its_short_dialogs_work_in_40x12(lumbar_home: Locations) -> None:
    """From the floor, a person makes the font larger: the mat view keeps its block clock,
    its words and the corner word in 40x12 (Next and the touch targets give way), and the
    pain check and the end question fit whole, and so does the advice after pain, in its
    compact form."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await asked(pilot, app)
        await fits_whole(pilot, screen(app))
        runner = await answered(pilot, app, "3")
        await pilot.press("space")
        await pilot.pause()
        big = runner.query_one("#mat-clock", BigClock)
        assert big.rows_tall() == 7
        label = runner.query_one("#mat-label", Static)
        assert label.region.height >= 1
        assert "get into the start position" in str(label.render())
        state = runner.query_one("#mat-state", Static)
        assert str(state.render()) == "GET READY"
        assert state.region.right <= 40
        await pilot.press("q")
        assert isinstance(screen(app), ConfirmEnd)
        await fits_whole(pilot, screen(app))
        await pilot.press("n")
        await pilot.press("p")
        assert isinstance(screen(app), NumberQuestion)
        await fits_whole(pilot, screen(app))
        await pilot.press("7", "enter")
        await until(pilot, lambda: isinstance(screen(app), PainAdviceScreen), "the advice", 30)
        await pilot.pause()
        assert not notice(app)
        await fits_whole(pilot, screen(app))
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await fits_whole(pilot, screen(app))


def advice_words(question: Screen[Any]) -> str:
    """What the advice dialog shows, its parts that are displayed, in order."""
    return " ".join(shown_words(question))


async def test_pain_in_the_mat_view_at_40x12_gets_the_advice_and_its_keys(
    lumbar_home: Locations,
) -> None:
    """Found by a new user's trial: at 40x12, in the mat view, pain 9 (p) covered the advice
    with a notice asking for 60x20, which named no key, and e, pressed blind, ended the
    session. The advice fits the mat view, in a compact form: the same choices and keys,
    "stop if pain increases" kept, every red flag named (tingling and an accident were left
    out), and s skips the exercise."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space", "p", "9", "enter")
        await until(pilot, lambda: isinstance(screen(app), PainAdviceScreen), "the advice", 30)
        await pilot.pause()
        assert not notice(app), notice(app)
        advice = screen(app)
        await fits_whole(pilot, advice)
        said = advice_words(advice)
        assert said.startswith("Pain 9/10, up 6 from 3 at the start.")
        assert "stop if pain increases" in said.lower()
        engine = runner.live.engine
        exercise = engine.step.exercise_id
        for key, words in (("s", "skip "), ("e", "end the session"), ("c", "carry on")):
            assert f"{key}  {words}" in said, (key, said)
        assert "f  red flag: " in said
        flags = said.split("f  red flag: ")[1]
        for sign in ("numb", "tingling", "weak", "incontinence", "fall", "accident"):
            assert sign in flags, (sign, flags)  # each of the full form's, in few words
        await pilot.press("s")
        await until(pilot, lambda: screen(app) is runner, "the session again", 30)
        skipped = [r for r in engine.results.values() if r.skipped]
        assert skipped, "no set skipped"
        assert {r.exercise_id for r in skipped} == {exercise}
        assert phase(runner) == "paused"


@pytest.mark.parametrize("size", [(40, 12), (59, 19), (60, 20), (80, 24)])
async def test_every_advice_after_pain_fits_whole_from_40x12(
    lumbar_home: Locations, size: tuple[int, int]
) -> None:
    """Each advice (carry on or not, stop the exercise, not today, see a doctor, a red flag)
    on the longest exercise name fits whole over the mat view from its 40x12: compact below
    the full view's 60x20, in full from there, each choice on a line of its own (at 80x24
    one was split, "c: carry" / "on")."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    name = max((e.name for e in app.catalog.exercises.values()), key=len)
    kinds = [
        advise(4, 3, name),
        advise(9, 3, name),
        advise(10, 3, name),
        red_flag_advice(None, 3, name),
        advise_before(8, name),
        advise_before(10, name),
    ]
    full = FULL_VIEW.fits(*size)
    async with app.run_test(size=size) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        for advice in kinds:
            assert advice is not None
            app.push_screen(PainAdviceScreen(advice))
            await until(pilot, lambda: isinstance(screen(app), PainAdviceScreen), "advice", 30)
            await pilot.pause()
            assert not notice(app), notice(app)
            await fits_whole(pilot, screen(app))
            said = advice_words(screen(app))
            assert said.startswith(advice.headline)
            assert ("doctor or physiotherapist" in said) == (advice.advice == "seek-care")
            assert (advice.text if full else advice.short_text) in said
            if advice.advice != "seek-care" and not full:
                assert "stop if pain increases" in said.lower()
            for choice in advice.choices:
                words = "press f if" if full else "f  red flag: "
                if choice != "red-flag":
                    words = advice.choice_text(choice)
                assert words in said, (choice, said)
            if full and advice.advice != "seek-care":
                choices = shown_parts(screen(app), ".question-hint")[-1]
                letters = {"skip": "s", "end": "e", "carry-on": "c", "red-flag": "f"}
                keys = [letters[choice] + "  " for choice in advice.choices]
                lines = str(choices.render()).splitlines()
                assert [line[:3] for line in lines] == keys, lines
                if size == (80, 24):  # none wraps (at 60x20 the longest name may)
                    assert choices.region.height == len(lines), choices.region
            await pilot.press("escape" if advice.advice != "rest-today" else "e")
            await until(pilot, lambda: screen(app) is runner, "the session again", 30)


async def test_the_advice_open_across_a_resize_changes_form_to_fit(
    lumbar_home: Locations,
) -> None:
    """Found in review: nothing checked a dialog open while the terminal crosses 60x20. The
    advice after pain opened at 80x24 takes its compact form when the font is made larger
    (40x12), fitting whole, and its full form again back at 80x24."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot, app)
        await answered(pilot, app, "3")
        await pilot.press("space", "p", "8", "enter")
        await until(pilot, lambda: isinstance(screen(app), PainAdviceScreen), "the advice", 30)
        await pilot.pause()
        advice = screen(app)
        assert isinstance(advice, PainAdviceScreen)
        full, short = advice.advice.text, advice.advice.short_text
        assert full in advice_words(advice)
        assert short not in advice_words(advice)
        await pilot.resize_terminal(40, 12)
        await until(pilot, lambda: short in advice_words(advice), "the compact form", 30)
        await pilot.pause()
        assert screen(app) is advice
        await fits_whole(pilot, advice)
        assert full not in advice_words(advice)
        choices = shown_words(advice, ".question-hint")[-1].splitlines()
        assert [line[:3] for line in choices] == ["s  ", "e  ", "c  ", "f  "], choices
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: full in advice_words(advice), "the full form", 30)
        assert short not in advice_words(advice)
        await fits_whole(pilot, advice)


async def test_the_pain_check_open_across_a_resize_fits_both_ways(
    lumbar_home: Locations,
) -> None:
    """Found in review: the pain check open in the mat view at 80x24, the font made larger
    (40x12): it drops the blank row under its question and fits whole with an error; back at
    80x24 the blank row is there again."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot, app)
        question = screen(app)
        words = question.query_one(".question-text")
        assert words.styles.margin.bottom == 1
        await pilot.resize_terminal(40, 12)
        await until(pilot, lambda: words.styles.margin.bottom == 0, "no blank row", 30)
        question = await no_number(pilot, "enter")
        await fits_whole(pilot, question)
        hint_whole(question)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: words.styles.margin.bottom == 1, "the blank row", 30)
        await fits_whole(pilot, question)


def hint_whole(question: Screen[Any]) -> None:
    """The answer box's hint (its placeholder) whole within the box (the cursor is drawn on
    its first cell)."""
    box = question.query_one("#answer", Input)
    assert cell_len(box.placeholder) <= box.content_size.width, (box.placeholder, box.size)


async def test_the_answer_boxes_say_their_hint_whole_in_40x12(lumbar_home: Locations) -> None:
    """Found at 40x12: the pain check's box said "0-10, then enter (escape skips", its end
    cut off; the note's after the session, "type, then enter (enter alone skips)", lost more.
    Each box's hint is whole at the mat view's size."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await asked(pilot, app)
        hint_whole(screen(app))
        await answered(pilot, app, "3")
        await pilot.press("space", "q", "y")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain after", 30)
        await pilot.pause()
        hint_whole(screen(app))
        await pilot.press("2", "enter")
        await until(pilot, lambda: isinstance(screen(app), NoteQuestion), "the note", 30)
        await pilot.pause()
        hint_whole(screen(app))


def said_wrong(question: Screen[Any]) -> str:
    """The question's error line ("" while there is none)."""
    return str(question.query_one(".question-error", Static).render())


async def no_number(pilot: Pilot[Any], key: str) -> Screen[Any]:
    """``key`` pressed on the 0-10 question on top (enter with nothing typed, or a letter):
    the question, its error drawn."""
    question = pilot.app.screen
    assert isinstance(question, NumberQuestion)
    before = said_wrong(question)
    await pilot.press(key)
    await until(pilot, lambda: said_wrong(question) not in ("", before), "the error", 30)
    await pilot.pause()
    return question


async def test_each_pain_question_fits_40x12_with_its_error_and_its_hint_whole(
    lumbar_home: Locations,
) -> None:
    """Found at 40x12: enter with no number at the pain check put the box's last row out of
    sight, with a scrollbar, and the answer box's hint lost its last letter ("escape skip").
    Below the full view's room a question drops the blank row under its words, and each pain
    question (before, now, after) fits whole with its error, its hint whole, no scrollbar."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await asked(pilot, app)
        for key in ("enter", "x"):  # no number, then not a number: both errors, each 2 rows
            question = await no_number(pilot, key)
            await fits_whole(pilot, question)
            hint_whole(question)
        runner = await answered(pilot, app, "3")
        await pilot.press("space", "p")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain now", 30)
        question = await no_number(pilot, "enter")
        await fits_whole(pilot, question)
        hint_whole(question)
        await pilot.press("escape")
        await until(pilot, lambda: screen(app) is runner, "the session again", 30)
        await pilot.press("q", "y")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain after", 30)
        question = await no_number(pilot, "enter")
        await fits_whole(pilot, question)
        hint_whole(question)


async def test_every_dialog_of_a_session_in_40x12_fits_and_names_its_keys(
    lumbar_home: Locations,
) -> None:
    """Each dialog a person meets in a session in the mat view's 40x12, beyond the pain
    questions: help (its box in the terminal, its keys in the footer), the question to end,
    the advice after pain and the red flag's, and the note after: each fits whole, its keys
    named in it or in its footer."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space", "question_mark")
        await until(pilot, lambda: isinstance(screen(app), HelpScreen), "help", 30)
        await pilot.pause()
        # Help's box is waited for laid out (as fits_whole waits for each dialog's), not
        # looked at after a pause: before its first layout a box's region is empty, and any
        # region contains an empty one.
        box = screen(app).query_one("#help-box")
        await until(pilot, lambda: placed(box), "help laid out", 30)
        assert Region(0, 0, 40, 11).contains_region(box.region), box.region
        # A dialog's footer is built a few refreshes after it opens: waited for, not read.
        await until(
            pilot, lambda: footer_keys(screen(app)) == ["Close", "End session"], "its keys", 30
        )
        await pilot.press("escape", "q")
        assert isinstance(screen(app), ConfirmEnd)
        await fits_whole(pilot, screen(app))
        await until(pilot, lambda: footer_keys(screen(app)) == ["End it", "Go back"], "keys", 30)
        await pilot.press("n", "p", "8", "enter")
        await until(pilot, lambda: isinstance(screen(app), PainAdviceScreen), "the advice", 30)
        await pilot.pause()
        await fits_whole(pilot, screen(app))
        choices = shown_words(screen(app), ".question-hint")[-1].splitlines()
        assert [line[:3] for line in choices] == ["s  ", "e  ", "c  ", "f  "], choices
        await pilot.press("f")
        await until(pilot, lambda: red_flag_advised(app), "the red flag's advice", 30)
        await pilot.pause()
        await fits_whole(pilot, screen(app))
        assert "enter or escape: end the session" in advice_words(screen(app))
        await until(pilot, lambda: footer_keys(screen(app)) == ["End session"], "its keys", 30)
        await pilot.press("escape")  # takes the advice: the session ends
        await until(pilot, lambda: isinstance(screen(app), NoteQuestion), "the note", 30)
        await pilot.pause()
        assert runner.live.over
        await fits_whole(pilot, screen(app))
        hint_whole(screen(app))


def red_flag_advised(app: LumbarApp) -> bool:
    """The advice after a red flag is on top."""
    shown = screen(app)
    return isinstance(shown, PainAdviceScreen) and shown.advice.red_flag


async def test_screens_other_than_the_sessions_keep_their_80x24_over_a_session(
    lumbar_home: Locations,
) -> None:
    """The catalog over a session in 60x20 is told too small for the app (80x24), the session
    waiting paused beneath; help over the session is the session's, and fits."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space", "question_mark")
        assert isinstance(screen(app), HelpScreen)
        box = screen(app).query_one("#help-box")
        assert Region(0, 0, 60, 19).contains_region(box.region), box.region
        await pilot.press("escape")
        assert screen(app) is runner
        app.action_catalog()
        await until(pilot, lambda: "80×24" in notice(app), "the notice", 30)
        assert notice(app).startswith("lumbar needs a terminal of at least 80×24")
        assert "press m" not in notice(app)
        assert phase(runner) == "paused"
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: isinstance(screen(app), CatalogScreen), "the catalog", 30)


def help_on(app: LumbarApp, binding_id: str) -> KeyHelp:
    """What help, on screen, lists for ``binding_id``."""
    shown = screen(app)
    assert isinstance(shown, HelpScreen)
    (found,) = [k for k in shown.keys if k.binding_id == binding_id]
    return found


async def test_m_offers_the_full_view_only_where_it_fits_and_help_says_so(
    lumbar_home: Locations,
) -> None:
    """Found in review: m pressed on the too-small notice showed the mat view, and then help
    (and the footer) still listed m, "Full view", as a key that works, though at 50x18 it
    only said the full view does not fit. Where it does not fit, m is listed as not now, as
    n is before the first space, and shows nothing; from 60x20 it is offered again."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(50, 18)) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: "60×20" in notice(app), "the notice", 30)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain check", 30)
        runner = await answered(pilot, app, "3")
        await pilot.press("space")
        await pilot.pause()
        assert runner.mat
        assert "Full view" not in footer_keys(runner)
        await pilot.press("question_mark")
        mat_key = help_on(app, "runner.mat")
        assert mat_key.key == "m"
        assert not mat_key.now, "help lists m as a key that works"
        await pilot.press("escape", "m")
        await pilot.pause()
        clock.advance(2)  # no resize came in the moment m waits for one
        await pilot.pause()
        assert runner.mat
        assert screen(app) is runner
        await pilot.resize_terminal(60, 20)
        await until(pilot, lambda: "Full view" in footer_keys(runner), "m offered again", 30)
        await pilot.press("question_mark")
        mat_key = help_on(app, "runner.mat")
        assert mat_key.now
        assert mat_key.description == "Full view"
        await pilot.press("escape", "m")
        await pilot.pause()
        assert not runner.mat


async def test_m_pressed_as_the_terminal_grows_shows_the_full_view_once_the_resize_comes(
    lumbar_home: Locations,
) -> None:
    """Found in tmux under load: in the mat view at 40x12, a person made the window larger and
    pressed m, and the key came before the resize did; m, refused at 40x12, was lost, and the
    mat view stayed. m where the full view does not fit yet is kept for a moment: the resize
    that comes within it shows the full view, where it fits (not one too small for it)."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space")
        await pilot.pause()
        assert "Full view" not in footer_keys(runner), "m is not offered at 40x12"
        await pilot.press("m")
        await pilot.pause()
        assert runner.mat
        await pilot.resize_terminal(50, 18)  # larger, still too small for the full view
        await pilot.pause()
        assert runner.mat
        assert "Full view" not in footer_keys(runner)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: not runner.mat, "the full view", 30)
        assert screen(app) is runner
        assert phase(runner) == "running", "the session went on as the view changed"


async def test_m_with_no_room_for_the_full_view_says_what_it_needs_and_is_not_kept(
    lumbar_home: Locations,
) -> None:
    """m in the mat view where the full view does not fit did nothing, and said nothing. Once
    no resize has come for a moment it says what the full view needs and what to do, in a
    line whose title and first words the mat view shows at 40 columns (one sentence was cut
    at "needs a terminal of at…"); help still lists m as not now, and a resize long after
    it leaves the mat view be."""
    clock = FakeClock()
    notices = Notices()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12), message_hook=notices) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space", "m")
        await pilot.pause()
        assert not [t for t in notices.titles() if "full view" in t], "not before the moment"
        clock.advance(1.5)
        await until(pilot, lambda: "The full view needs 60×20" in notices.titles(), "it", 30)
        (said,) = [n for n in notices.shown if n.title == "The full view needs 60×20"]
        assert said.message == "Make the window larger (or the font smaller): this one is 40×12."
        await pilot.press("question_mark")
        assert not help_on(app, "runner.mat").now, "help lists m as a key that works"
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: "Full view" in footer_keys(runner), "m offered", 30)
        assert runner.mat, "a resize long after m leaves the view as it is"
        await pilot.press("m")
        await pilot.pause()
        assert not runner.mat


async def test_the_line_that_the_full_view_needs_room_goes_once_it_shows(
    lumbar_home: Locations,
) -> None:
    """Found in review: after m at 40x12, the line "The full view needs 60×20 … this one is
    40×12." stayed over the full view once the window was made larger and m pressed. It goes
    as the full view shows."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True, app_class=PatientApp)
    async with app.run_test(size=(40, 12), notifications=True) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space", "m")
        await pilot.pause()
        clock.advance(1.5)
        await until(pilot, lambda: "The full view needs" in toasts(app), "the line", 30)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: "Full view" in footer_keys(runner), "m offered", 30)
        await pilot.press("m")
        await until(pilot, lambda: not runner.mat, "the full view", 30)
        await until(pilot, lambda: "The full view needs" not in toasts(app), "it gone", 30)


async def test_both_lines_that_the_full_view_needs_room_go_once_it_shows(
    lumbar_home: Locations,
) -> None:
    """Found in review: m pressed twice at 40x12 said "The full view needs 60×20" twice,
    and only the last line went once the full view showed. The line said again takes the
    place of the one before: one is up, and none once the full view shows."""
    clock = FakeClock()
    notices = Notices()
    app = quiet_app(lumbar_home, clock, mat_view=True, app_class=PatientApp)
    async with app.run_test(size=(40, 12), notifications=True, message_hook=notices) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space")
        for said in (1, 2):
            await pilot.press("m")
            await pilot.pause()
            clock.advance(1.5)
            await until(pilot, lambda: len(needing_room(notices)) == said, f"line {said}", 30)  # noqa: B023
            last = needing_room(notices)[-1]
            await until(pilot, lambda: last in app._notifications, f"line {said} up", 30)  # noqa: B023
            assert lines_needing_room(app) == 1, f"{lines_needing_room(app)} lines up"
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: "Full view" in footer_keys(runner), "m offered", 30)
        await pilot.press("m")
        await until(pilot, lambda: not runner.mat, "the full view", 30)
        await pilot.pause()
        await pilot.pause()
        assert "The full view needs" not in toasts(app), toasts(app)


def needing_room(notices: Notices) -> list[Notification]:
    """The lines told that the full view needs room, in the order told."""
    return [n for n in notices.shown if n.title.startswith("The full view needs")]


def lines_needing_room(app: LumbarApp) -> int:
    """How many lines that the full view needs room are up."""
    return sum(n.title.startswith("The full view needs") for n in app._notifications)


class PatientApp(LumbarApp):
    NOTIFICATION_TIMEOUT = 600  # its lines stay up for as long as a test runs, however slow
    CSS_PATH = str(Path(tui.app.__file__).with_name(LumbarApp.CSS_PATH))  # not beside the test


def toasts(app: LumbarApp) -> str:
    """The lines shown over the screen on top, their words joined."""
    return " ".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def test_escape_on_the_notice_goes_back_to_the_session_and_q_quits_where_none_is_live(
    lumbar_home: Locations,
) -> None:
    """Found in review: the catalog opened over a session in 60x20 put up the 80x24 notice,
    and nothing on it worked (escape, q) but growing the terminal. Escape closes the screen
    that needs the room, back to the session (still paused); on home, with no session live,
    q quits."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        await pilot.press("space")
        app.action_catalog()
        await until(pilot, lambda: "80×24" in notice(app), "the notice", 30)
        assert "escape to go back" in notice(app)
        assert "q to quit" not in notice(app)  # the session's own question ends it
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(screen(app), TooSmallScreen), "q does not end a live session here"
        await pilot.press("escape")
        await until(pilot, lambda: screen(app) is runner, "the session again", 30)
        assert phase(runner) == "paused"
        assert not any(isinstance(s, CatalogScreen) for s in app.screen_stack)
        await pilot.press("q", "y")  # end it; its pain after skipped
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "pain after", 30)
        await pilot.press("escape")
        await until(pilot, lambda: not app._runners() or app._live_runner() is None, "over", 30)
        await pilot.pause()
        while not isinstance(screen(app), TooSmallScreen):  # the summary, then home: 80x24
            await pilot.press("escape")
            await until(
                pilot,
                lambda: isinstance(screen(app), TooSmallScreen) or not app._runners(),
                "the summary closed",
                30,
            )
            await pilot.pause()
        assert "escape to go back" not in notice(app)
        assert notice(app).endswith("or q to quit.")
        await pilot.press("q")
        await until(pilot, lambda: app.return_code is not None, "lumbar quit", 30)


async def test_the_notice_over_the_pain_advice_offers_no_mat_view_and_keeps_the_safety_line(
    lumbar_home: Locations,
) -> None:
    """Found in review: over the advice after pain, the notice offered m for the mat view,
    and m left it there unchanged. It is offered only where the mat view is the way to fit,
    and the notice keeps the advice's first words meanwhile. Over the full view the advice
    fits where the mat view would (compact), and below, the advice's keys do nothing to it
    unseen (found in a trial: e, pressed blind, ended the session)."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "2")
        await pilot.press("space", "p", "8", "enter")
        await until(pilot, lambda: isinstance(screen(app), PainAdviceScreen), "the advice", 30)
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert isinstance(screen(app), PainAdviceScreen)
        await fits_whole(pilot, screen(app))
        await pilot.resize_terminal(39, 12)
        await until(pilot, lambda: "40×12" in notice(app), "the notice", 30)
        assert notice(app).startswith("The advice after pain needs")
        assert "press m" not in notice(app)
        assert "stop the exercise if your pain is increasing" in notice(app)
        await pilot.press("m", "e", "s", "c", "enter", "escape")
        await pilot.resize_terminal(60, 20)
        await until(pilot, lambda: isinstance(screen(app), PainAdviceScreen), "the advice", 30)
        assert not runner.live.over
        assert phase(runner) == "paused"


def built(shown: Screen[Any]) -> bool:
    """Read afresh (keeps mypy from narrowing it across awaits)."""
    return shown.is_mounted


async def test_a_session_screen_still_being_built_when_the_terminal_shrinks(
    lumbar_home: Locations,
) -> None:
    """Found under load: the terminal was too small as a session's screen opened, and the
    guard paused it before it was built (``NoMatches: SessionFaces``), which ended lumbar.
    A screen still being built has no session running to pause: the notice covers it (and
    says the size, resized again before it was built itself), and once the terminal grows
    the session asks its pain check."""
    from catalog.plan import expand
    from tui.live import LiveSession

    app = quiet_app(lumbar_home, FakeClock(), routine=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        routine = app.catalog.routines["core-basics"]
        steps = list(expand(routine, app.catalog.exercises, rest_s=10))
        runner = app._runner(LiveSession(routine, steps, app.catalog.exercises, sensors=True))
        app.push_screen(runner)  # not awaited: the guard comes before it is built
        assert not built(runner)
        app.size_guard.guard(39, 12)
        await pilot.resize_terminal(39, 12)
        await until(pilot, lambda: "60×20" in notice(app), "the notice", 30)
        assert "39×12" in notice(app)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: isinstance(screen(app), NumberQuestion), "the pain check", 30)
        assert built(runner)
        assert not runner.live.over


@pytest.mark.parametrize(
    ("size", "stop", "today"),
    [
        (
            (40, 12),
            ["Skip", "End", "Carry on", "Red flag"],
            ["Not today", "Go gently", "Red flag"],
        ),
        (
            (60, 20),
            ["Skip exercise", "End session", "Carry on", "Red flag"],
            ["Not today", "Go on gently", "Red flag"],
        ),
    ],
    ids=["40x12", "60x20"],
)
async def test_the_advice_s_footer_names_every_choice_s_key(
    lumbar_home: Locations, size: tuple[int, int], stop: list[str], today: list[str]
) -> None:
    """QA: at 40x12 the compact advice after pain had s and e alone in its footer (Skip
    exercise, End session): c (carry on) and f (a red flag) did not fit, and a person who
    reads the footer for the keys did not see them. Below the room for its own words, the
    footer says each choice in fewer, and every choice's key is there; from 60 columns, as
    before."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=size) as pilot:
        await asked(pilot, app)
        await answered(pilot, app, "3")
        for advice, keys in (
            (advise(9, 3, "Bird dog"), stop),
            (advise_before(8, "Bird dog"), today),
        ):
            assert advice is not None
            app.push_screen(PainAdviceScreen(advice))
            await until(pilot, lambda: isinstance(screen(app), PainAdviceScreen), "advice", 30)
            shown, wanted = screen(app), keys
            await until(
                pilot,
                lambda shown=shown, wanted=wanted: footer_keys(shown) == wanted,  # type: ignore[misc]
                f"{keys} in the footer",
                30,
            )
            await fits_whole(pilot, shown)
            shown.dismiss("carry-on")
            await until(pilot, lambda: not isinstance(screen(app), PainAdviceScreen), "", 30)


def next_line(runner: RunnerScreen) -> str | None:
    """The mat view's "Next" line as drawn, on a row of its own above the footer and clear
    of the clock and its words; None while it is not shown."""
    line = runner.query_one("#mat-next", Static)
    if not displayed(line) or not line.region.height:
        return None
    width, height = runner.app.size
    assert Region(0, 0, width, height - 1).contains_region(line.region), line.region
    assert line.region.height == 1, line.region
    for other in ("#mat-top", "#mat-clock", "#mat-label"):
        assert not line.region.overlaps(runner.query_one(other).region), other
    return line.render_line(0).text.strip()


async def test_the_mat_view_at_40x12_shows_next_where_its_words_leave_a_row(
    lumbar_home: Locations,
) -> None:
    """QA: at 40x12 the mat view showed no "Next" at all, though in a get-ready, a rest or a
    hold the words under the clock take one row and the clock's smallest digits (7 rows)
    leave one more. There it shows, one row, the clock as large as before; where the words
    take two (a set of reps, with the sensor's words), it gives way to them."""
    clock = FakeClock()
    app = quiet_app(lumbar_home, clock, mat_view=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await asked(pilot, app)
        runner = await answered(pilot, app, "3")
        assert runner.mat
        figure = runner.query_one("#mat-clock", BigClock)
        await until(pilot, lambda: next_line(runner) is not None, "Next, waiting", 30)
        assert next_line(runner) == "Next: Bird dog, left side: 5 reps"
        assert figure.rows_tall() == 7
        await pilot.press("space", "enter")  # started; go now: the set of reps
        await until(pilot, lambda: runner.live.engine.step.kind == "work", "the reps", 30)
        label = runner.query_one("#mat-label", Static)
        await until(pilot, lambda: label.region.height == 2, "two rows of words", 30)
        assert next_line(runner) is None
        assert figure.rows_tall() == 7
