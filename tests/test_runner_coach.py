"""The session screen hands its cues to the coach's real player (eSpeak NG, miniaudio), and a
machine with no sound says so once and keeps the bell and the flash."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, cast

import pytest
from fake_clock import FakeClock
from footer_keys import footer_keys
from notices import Notices, hidden_cells
from textual import events
from textual.geometry import Region
from textual.pilot import Pilot
from waiting import until

from catalog import load_catalog
from tui.app import LumbarApp
from tui.coach.player import BELL_REMAINS, CuePlayer
from tui.coach.schedule import CueDropped, CueHeard
from tui.live.cues import LOOKAHEAD_S
from tui.live.effects import Effects
from tui.locations import Locations
from tui.screens.help import HelpScreen
from tui.screens.questions import NumberQuestion, PainAdviceScreen
from tui.screens.runner import RunnerScreen
from tui.screens.too_small import TooSmallScreen
from tui.settings import Settings
from tui.widgets.footer import Footer

NO_SOUND = f"No sound: {BELL_REMAINS}"
"""The line's title: its gist, whole where only the title shows."""
SIZE = (80, 24)
COUNT_STALE_S = 0.6
"""A countdown count's ``stale_s`` (``tui.live.cues``)."""


async def session_started(pilot: Pilot[Any], app: LumbarApp) -> RunnerScreen:
    await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "the pain check", 60)
    await pilot.press("2", "enter")
    runner = next(s for s in app.screen_stack if isinstance(s, RunnerScreen))
    await until(pilot, lambda: runner.live.ready, "the session to open", 30)
    return runner


async def test_the_coach_says_the_cues_on_a_real_player(lumbar_home: Locations) -> None:
    """On the real clock: the player sounds each cue in order, in real time. On a busy machine a
    count it could only begin too late is dropped as stale, as it should be, never silently."""
    players: list[CuePlayer] = []

    def null_device(settings: Settings, session_clock: Any) -> CuePlayer:
        player = CuePlayer(mode="voice", clock=session_clock, backends=("NULL",))
        players.append(player)
        return player

    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False),
        locations=lumbar_home,
        start_routine="core-basics",
        coach=null_device,
    )
    async with app.run_test(size=SIZE) as pilot:
        runner = await session_started(pilot, app)
        (player,) = players
        ticks: list[float] = []  # when the session's clock was read for its countdown
        tick = runner.live.tick

        def ticked(now: float) -> Effects:
            ticks.append(now)
            return tick(now)

        runner.live.tick = ticked  # type: ignore[method-assign]
        # A get-ready of 5 s, set before the start: a minus taken late (a busy machine) would
        # move the counts' moments after ticks had looked for them.
        await pilot.press("minus", "space")

        def heard() -> list[str]:
            return [o.cue.words or "" for o in player.outcomes() if isinstance(o, CueHeard)]

        # "Go." is heard, or dropped as stale: begun 0.6 s late on a busy machine (CI's, once),
        # it would mislead, so it is dropped, as the counts may be.
        await until(
            pilot,
            lambda: any(o.cue.words == "Go." for o in player.outcomes()),
            "the coach to say go, or drop it as too late",
            30,
        )
        said = heard()
        assert said[0] == "How much pain do you have right now, 0 to 10?"
        assert said[1].startswith("Bird dog, left side.")
        outcomes = player.outcomes()
        go = next(i for i, o in enumerate(outcomes) if o.cue.words == "Go.")
        countdown = [o for o in outcomes[: go + 1] if o.cue.words in ("3", "2", "1", "Go.")]
        words = [o.cue.words for o in countdown]
        assert words == [w for w in ("3", "2", "1", "Go.") if w in words], "in turn, once"
        go_heard = isinstance(countdown[-1], CueHeard)
        assert go_heard or cast(CueDropped, countdown[-1]).reason == "stale", countdown[-1]
        # A count is handed on by a tick from LOOKAHEAD_S before it is due until it is stale;
        # one no tick came for in that span (the app starved) is never handed on, as a cue
        # too late to sound. Any other count missing is a defect.
        assert all(o.cue.stale_s == COUNT_STALE_S for o in countdown[:-1])
        for count in ("3", "2", "1"):
            due_s = countdown[-1].cue.at_s - int(count)
            in_time = [t for t in ticks if due_s - LOOKAHEAD_S <= t <= due_s + COUNT_STALE_S]
            assert count in words or not in_time, f"{count} not handed on at {in_time}"
        dropped = [o for o in countdown[:-1] if not isinstance(o, CueHeard)]
        assert all(o.reason == "stale" for o in dropped), dropped
        # A busy machine may drop a count or two, not the whole countdown: counts that are
        # never in time (stamped late, a sound before them that always overruns) are a defect.
        assert len(dropped) < 3, dropped
        # The footer names what v brings, as space names what it does (found trying it: it
        # named the mode already on).
        # The footer is rebuilt as the step's keys change (a clean CI run read it empty once,
        # mid-rebuild): waited for, not read at one instant.
        await until(pilot, lambda: "Tones" in footer_keys(runner), "v named Tones", 30)
        await pilot.press("v")  # voice -> tones only
        await pilot.pause()
        assert player.mode == "tones"
        assert runner.check_action("sound", ("tones",))
        await until(pilot, lambda: "Silent" in footer_keys(runner), "v named Silent", 30)


async def test_with_no_sound_device_one_line_says_so_and_the_session_goes_on(
    lumbar_home: Locations,
) -> None:
    """This machine has no sound card: the player finds no device it can open."""
    clock = FakeClock()
    notices = Notices()
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=True),
        locations=lumbar_home,
        start_routine="core-basics",
        clock=clock,
        ticks=clock,
        coach=lambda settings, session_clock: CuePlayer(mode="voice", clock=session_clock),
    )
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        runner = await session_started(pilot, app)
        await pilot.press("space")
        for _ in range(40):
            clock.advance(0.5)
            await pilot.pause()
            if NO_SOUND in notices.gists():
                break
        await until(pilot, lambda: NO_SOUND in notices.gists(), "the line on sound", 30)
        for _ in range(10):
            clock.advance(0.5)
            await pilot.pause()
        (line,) = [n.message for n in notices.shown if n.title == NO_SOUND]
        assert line.startswith("No audio device works"), "the reason, under the gist"
        assert "No sound" not in line, "the title says it: not said twice"
        assert runner.live.engine.phase == "running"


def no_sound_device(
    home: Locations, clock: FakeClock, players: list[CuePlayer], mat_view: bool = False
) -> LumbarApp:
    """lumbar opening core-basics with a coach that finds no sound device (``players``)."""

    def no_device(settings: Settings, session_clock: Any) -> CuePlayer:
        # WebAudio exists only in a browser: miniaudio finds no device to play on, as on a
        # machine with no sound card.
        player = CuePlayer(mode="voice", clock=session_clock, backends=("WEBAUDIO",))
        players.append(player)
        return player

    app = LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=True, mat_view=mat_view),
        locations=home,
        start_routine="core-basics",
        clock=clock,
        ticks=clock,
        coach=no_device,
    )
    # A toast goes after 10 s of real time: on a busy machine a test could reach its check
    # after it went (and a check that nothing covers a question would then prove nothing).
    # The test's toasts stay up; where they are drawn is what is tested.
    notify = app.notify

    def lasting(*args: Any, **kwargs: Any) -> None:
        notify(*args, **{**kwargs, "timeout": 3600})

    app.notify = lasting  # type: ignore[method-assign]
    return app


async def whole_with_no_line_on_sound(
    pilot: Pilot[Any], clock: FakeClock, notices: Notices
) -> None:
    """The session's ticks go on under the question on screen: no line on sound comes over
    it, and its words and keys are whole."""
    for _ in range(5):
        clock.advance(0.1)
        await pilot.pause()
    assert NO_SOUND not in notices.gists()
    question = pilot.app.screen
    assert hidden_cells(question.query_one(".question")) == [], "the question is covered"
    assert hidden_cells(question.query_one(Footer)) == [], "its keys are covered"


async def told_once_on_the_session(pilot: Pilot[Any], clock: FakeClock, notices: Notices) -> None:
    """The line on no sound is told, once, on the session's own screen."""
    app = pilot.app
    runner = next(s for s in app.screen_stack if isinstance(s, RunnerScreen))
    await until(pilot, lambda: NO_SOUND in notices.gists(), "the line on sound", 30)
    await until(pilot, lambda: bool(runner.query("Toast")), "its toast on the session", 30)
    for _ in range(5):
        clock.advance(0.1)
        await pilot.pause()
    (told,) = [n for n in notices.shown if NO_SOUND in (n.title, n.message)]
    line = told.message
    if runner.mat:  # QA: the title, then the same words again, cut: the gist, in one row
        assert (told.title, line) == ("", NO_SOUND), "untitled: a title draws a row of its own"
    else:  # the gist in the title, the reason under it (not the gist again)
        assert line.startswith("No audio device works (")
        assert line.endswith(").")
    assert app.screen is runner


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
@pytest.mark.parametrize("mat_view", [False, True], ids=["full", "mat"])
async def test_the_line_on_no_sound_waits_for_the_pain_check_to_be_answered(
    lumbar_home: Locations, size: tuple[int, int], mat_view: bool
) -> None:
    """Found at 60x20: the coach found no sound device as the pain check was asked, and the
    toast saying so hid the check's answer box for its ten seconds. Nothing is drawn over a
    question's words or its keys; the line is told once the check is answered."""
    clock, notices = FakeClock(), Notices()
    players: list[CuePlayer] = []
    app = no_sound_device(lumbar_home, clock, players, mat_view)
    # Toasts drawn, as they are for the person (run_test leaves them out by default).
    async with app.run_test(size=size, message_hook=notices, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "the pain check", 60)
        (player,) = players
        # The check's spoken prompt opens the device: no device, one line on why.
        await until(pilot, lambda: player.problem is not None, "the coach to find no device", 30)
        await whole_with_no_line_on_sound(pilot, clock, notices)
        await pilot.press("2", "enter")
        await told_once_on_the_session(pilot, clock, notices)


async def test_the_line_on_no_sound_waits_for_the_advice_on_a_strong_pain_check(
    lumbar_home: Locations,
) -> None:
    """Found trying the first fix: pain 9 at the check, and the line came as the check made
    way, in the moment before the advice on it opened, and stayed over the advice's words."""
    clock, notices = FakeClock(), Notices()
    players: list[CuePlayer] = []
    app = no_sound_device(lumbar_home, clock, players)
    async with app.run_test(size=(60, 20), message_hook=notices, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "the pain check", 60)
        (player,) = players
        await until(pilot, lambda: player.problem is not None, "the coach to find no device", 30)
        await pilot.press("9", "enter")
        await until(pilot, lambda: isinstance(app.screen, PainAdviceScreen), "the advice", 30)
        await whole_with_no_line_on_sound(pilot, clock, notices)
        await pilot.press("c")  # go on gently
        await told_once_on_the_session(pilot, clock, notices)


@pytest.mark.parametrize(
    ("key", "opens", "box"),
    [("p", NumberQuestion, ".question"), ("question_mark", HelpScreen, "#help-box")],
    ids=["pain", "help"],
)
@pytest.mark.parametrize("mat_view", [False, True], ids=["full", "mat"])
async def test_a_question_opened_while_the_line_on_no_sound_is_up_is_not_covered(
    lumbar_home: Locations, mat_view: bool, key: str, opens: type, box: str
) -> None:
    """p pressed in the ten seconds the line on no sound is up: the pain question opens over
    it, and the toast, still there, is not drawn over the question's words or keys. Help
    (?) too: tried at 80x24, the toast covered its lines on remapping keys."""
    clock = FakeClock()
    notices = Notices()
    players: list[CuePlayer] = []
    app = no_sound_device(lumbar_home, clock, players, mat_view)
    async with app.run_test(size=(60, 20), message_hook=notices, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NumberQuestion), "the pain check", 60)
        (player,) = players
        await until(pilot, lambda: player.problem is not None, "the coach to find no device", 30)
        await pilot.press("2", "enter")
        await told_once_on_the_session(pilot, clock, notices)
        await pilot.press(key)
        await until(pilot, lambda: isinstance(app.screen, opens), "the question", 30)
        question = app.screen
        await until(pilot, lambda: bool(question.query("Toast")), "the toast over it", 30)
        await pilot.pause()
        assert hidden_cells(question.query_one(box)) == [], "the question is covered"
        assert hidden_cells(question.query_one(Footer)) == [], "its keys are covered"
        assert notices.gists() == [NO_SOUND]


@pytest.mark.parametrize(
    ("size", "rows"),
    [((40, 12), 1), ((60, 20), 2), ((80, 24), 2)],
    ids=["40x12", "60x20", "80x24"],
)
async def test_the_line_on_no_sound_leaves_the_mat_clock_and_the_exercise_clear(
    lumbar_home: Locations, size: tuple[int, int], rows: int
) -> None:
    """Found at 40x12: in the mat view the toast on no sound covered half the clock for its
    ten seconds, and the count is what a person on a mat looks up to see. Then QA at 80x24:
    over the header and the exercise's row it hid the exercise and its state for its ten
    seconds, its words cut before "the bell and flash remain". A line for the person takes
    the header and the row the mat view keeps under it (a short one keeps none: the header
    alone), its title whole: what does not work and what remains."""
    clock, notices = FakeClock(), Notices()
    players: list[CuePlayer] = []
    app = no_sound_device(lumbar_home, clock, players, mat_view=True)
    async with app.run_test(size=size, message_hook=notices, notifications=True) as pilot:
        runner = await session_started(pilot, app)
        await pilot.press("space")
        await until(pilot, lambda: bool(runner.query("Toast")), "the line on no sound", 30)
        (toast,) = runner.query("Toast")
        assert notices.gists() == [NO_SOUND]
        # QA: its words said the title again, cut: one problem, one line; review: a title
        # over no words drew an empty second row. The gist alone, one row high. (Its holder
        # is shown from the layout after the one that placed it: waited for, not paused.)
        await until(
            pilot,
            lambda: toast.region == Region(0, 0, size[0], 1),
            "the row above the exercise's, one row high",
            30,
        )
        top, _ = runner.get_widget_at(toast.region.x + 2, toast.region.y)
        assert top is toast, "the line is drawn where the person can read it"
        first = toast.render_line(0).text.strip()
        assert first.endswith(NO_SOUND), f"its gist is whole: {first!r}"
        for part in ("#mat-top", "#mat-clock", "#mat-label"):
            assert hidden_cells(runner.query_one(part)) == [], f"{part} is covered"
        # Review: a second line while the first is up went under it, unseen till it went.
        # Two lines share the rows, a row each (a short mat view: the newest alone).
        app.notify("Holds are timed by the clock.", title="Sensor lost", severity="warning")
        await until(pilot, lambda: len(runner.query("Toast")) == 2, "the second line", 30)
        newest = runner.query("Toast").last()
        # CI: between two frames the newest stood on its row at two rows high, the rack
        # clipping it, before the class for two lines reached it: wait for the row it keeps.
        await until(
            pilot,
            lambda: newest.region == Region(0, rows - 1, size[0], 1),
            "the newest on its own row, one row high",
            30,
        )
        assert runner.get_widget_at(2, rows - 1)[0] is newest, "the newest is drawn on top"
        if rows == 2:
            top, _ = runner.get_widget_at(2, 0)
            assert top is runner.query("Toast").first(), "the line before it shows too"
        for part in ("#mat-top", "#mat-clock", "#mat-label"):
            assert hidden_cells(runner.query_one(part)) == [], f"{part} is covered"


async def test_the_line_on_no_sound_is_not_drawn_over_the_too_small_notice(
    lumbar_home: Locations,
) -> None:
    """Seen in tmux: the terminal made smaller (39x12) in the ten seconds the line on no
    sound was up, and the toast covered half the notice's words, what is needed and what to
    do. Nothing but an error is drawn over the notice, as over a question."""
    clock, notices = FakeClock(), Notices()
    players: list[CuePlayer] = []
    app = no_sound_device(lumbar_home, clock, players, mat_view=True)
    async with app.run_test(size=(40, 12), message_hook=notices, notifications=True) as pilot:
        runner = await session_started(pilot, app)
        await until(pilot, lambda: bool(runner.query("Toast")), "the line on no sound", 30)
        await pilot.resize_terminal(39, 12)
        await until(pilot, lambda: isinstance(app.screen, TooSmallScreen), "the notice", 30)
        notice = app.screen
        await until(pilot, lambda: bool(notice.query("Toast")), "the toast over it", 30)
        await pilot.pause()
        words = notice.query_one(TooSmallScreen.Message)
        assert hidden_cells(words) == [], "its words"


async def test_a_pause_hushes_the_coach_and_starting_does_not(lumbar_home: Locations) -> None:
    """The live session's ``hush`` reaches the player: a pause cuts what it was saying."""
    clears: list[float] = []

    class Watched(CuePlayer):
        def clear(self) -> None:
            clears.append(time.monotonic())
            super().clear()

    def watched(settings: Settings, session_clock: Any) -> CuePlayer:
        return Watched(mode="voice", clock=session_clock, backends=("NULL",))

    clock = FakeClock()  # the keys are the story, not the time: it stands still
    app = LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False),
        locations=lumbar_home,
        start_routine="core-basics",
        clock=clock,
        ticks=clock,
        coach=watched,
    )
    async with app.run_test(size=SIZE) as pilot:
        runner = await session_started(pilot, app)
        before = len(clears)  # the pain question's answer cut its prompt
        await pilot.press("space")
        await until(pilot, lambda: runner.live.engine.phase == "running", "the start", 30)
        assert len(clears) == before, "starting speaks, it does not hush"
        await pilot.press("space")
        await until(pilot, lambda: runner.live.engine.phase == "paused", "the pause", 30)
        assert len(clears) == before + 1


def null_device_app(home: Locations, clock: FakeClock, players: list[CuePlayer]) -> LumbarApp:
    """lumbar opening core-basics with a coach on miniaudio's null device (``players``)."""

    def null_device(settings: Settings, session_clock: Any) -> CuePlayer:
        player = CuePlayer(mode="voice", clock=session_clock, backends=("NULL",))
        players.append(player)
        return player

    return LumbarApp(
        catalog=load_catalog(home.catalog_dir),
        settings=Settings(sound=False),
        locations=home,
        start_routine="core-basics",
        clock=clock,
        ticks=clock,
        coach=null_device,
    )


def told(notices: Notices, line: str) -> Callable[[], bool]:
    return lambda: line in notices.texts()


async def test_v_says_which_sound_is_now_on(lumbar_home: Locations) -> None:
    """The footer names the mode v brings next (found in a trial: after v, nothing said
    which mode was now on): a short line names the one it brought."""
    clock = FakeClock()
    notices = Notices()
    players: list[CuePlayer] = []
    app = null_device_app(lumbar_home, clock, players)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await session_started(pilot, app)
        (player,) = players
        said: list[str] = []
        for mode, line in (
            ("tones", "Sound: tones only"),
            ("silent", "Sound: silent"),
            ("voice", "Sound: voice"),
        ):
            await pilot.press("v")
            await until(pilot, told(notices, line), line, 30)
            assert player.mode == mode
            said.append(line)
        assert [t for t in notices.texts() if t.startswith("Sound:")] == said


async def test_v_pressed_again_replaces_its_line(lumbar_home: Locations) -> None:
    """Found in a review: four quick presses of v stacked four lines, which covered Next at
    80x24. Each replaces the one before: one shows, the sound now on. Typed ahead, as a
    person's quick presses come (a trial: each came before the line before it was up)."""
    clock = FakeClock()
    notices = Notices()
    app = null_device_app(lumbar_home, clock, [])
    async with app.run_test(size=SIZE, message_hook=notices, notifications=True) as pilot:
        runner = await session_started(pilot, app)
        for _ in range(4):
            app.post_message(events.Key("v", "v"))
        await until(pilot, lambda: len(notices.texts()) >= 4, "four lines told", 30)
        assert notices.texts()[-1] == "Sound: tones only"

        def drawn() -> list[str]:
            return [str(t.render()) for t in runner.query("Toast")]

        await until(pilot, lambda: any("tones only" in t for t in drawn()), "the last line", 30)
        await pilot.pause()
        (line,) = [t for t in drawn() if "Sound:" in t]
        assert "Sound: tones only" in line


async def test_v_says_no_sound_works_where_no_device_does(lumbar_home: Locations) -> None:
    """Found in a review: with no sound device v still said 'Sound: tones only'. It says
    what is heard: nothing, the bell and the flash remaining; silent is silent."""
    clock, notices = FakeClock(), Notices()
    players: list[CuePlayer] = []
    app = no_sound_device(lumbar_home, clock, players)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await session_started(pilot, app)
        (player,) = players
        await until(pilot, lambda: player.no_sound is not None, "the coach to find no device", 30)
        await pilot.press("v")

        def lines() -> list[str]:
            return [t for t in notices.texts() if t.startswith("Sound:")]

        await until(pilot, lambda: bool(lines()), "the line on v", 30)
        assert lines() == ["Sound: none works here: the bell and flash remain"]
        await pilot.press("v")
        await until(pilot, told(notices, "Sound: silent"), "silent", 30)


async def test_v_says_tones_where_the_voice_does_not_work(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a review: where eSpeak NG failed ('No voice: ...; tones instead') v back to
    the voice said 'Sound: voice', and tones are what is heard. As where eSpeak NG cannot
    be installed: its package cannot be imported, and none was loaded before."""
    from tui.coach import speech

    monkeypatch.setitem(sys.modules, "espeakng_loader", None)
    monkeypatch.setattr(speech, "_engine", None)
    monkeypatch.setattr(speech, "_failure", None)
    clock, notices = FakeClock(), Notices()
    players: list[CuePlayer] = []
    app = null_device_app(lumbar_home, clock, players)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await session_started(pilot, app)
        (player,) = players
        await until(pilot, lambda: player.no_voice is not None, "the coach to find no voice", 30)
        await pilot.press("v")
        await until(pilot, told(notices, "Sound: tones only"), "tones", 30)
        await pilot.press("v", "v")
        line = f"Sound: tones (no voice: {player.no_voice})"
        await until(pilot, told(notices, line), "the voice asked for", 30)
        assert "the speech engine is not installed" in line
        assert "Sound: voice" not in notices.texts()
