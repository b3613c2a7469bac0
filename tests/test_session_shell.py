"""The session shell with no Textual: what a live session's effects do beyond the screen
(rows to a real SQLite record, cues to a fake coach, lines to a fake notify)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from catalog import Catalog
from catalog.models import Dose, Routine, RoutineItem
from catalog.plan import expand
from db.connection import open_database
from db.queries import get_session
from tui.coach.player import SoundProblem
from tui.live import Effects, LiveSession
from tui.live.cues import Cue
from tui.sensor_board import SensorBoard
from tui.session_shell import SessionShell
from tui.settings import Settings


class Coach:
    """What the shell does to the coach, in order."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.sound_problem: SoundProblem | None = None
        self.problem_reads = 0

    @property
    def last_problem(self) -> SoundProblem | None:
        self.problem_reads += 1
        return self.sound_problem

    def play(self, cue: Cue) -> None:
        self.done.append(f"play {cue.words}")

    def clear(self) -> None:
        self.done.append("clear")

    def close(self) -> None:
        self.done.append("close")


class Link:
    demo = False
    emulator = None

    def __init__(self) -> None:
        self.board = SensorBoard()


def shell_of(live: LiveSession, told: list[tuple[str, dict[str, Any]]]) -> SessionShell:
    coach = Coach()
    return SessionShell(
        live,
        Settings(),
        clock=lambda: 100.0,
        notify=lambda message, **how: told.append((message, how)),
        keep_saving=lambda writer: told.append(("kept", {"id": writer.session_id})),
        coach=lambda settings, clock: coach,  # type: ignore[arg-type,return-value]
        wearables=Link(),
    )


def bridges(builtin: Catalog) -> LiveSession:
    chosen = Routine(
        id="test",
        name="Test",
        description="A routine for a test.",
        items=(RoutineItem(exercise="glute-bridge", dose=Dose(sets=1, reps=3, hold_s=1)),),
    )
    steps = list(expand(chosen, builtin.exercises, rest_s=0))
    return LiveSession(chosen, steps, builtin.exercises, sensors=True)


def cue(words: str) -> Cue:
    return Cue(at_s=100.0, kind="announce", words=words, tone=None)


def test_a_hush_cuts_what_the_coach_says_before_the_cues_that_follow(builtin: Catalog) -> None:
    shell = shell_of(bridges(builtin), [])
    shell.carry_out(Effects(cues=[cue("one")]))
    shell.carry_out(Effects(hush=True, cues=[cue("two")]))
    assert shell.coach.done == ["play one", "clear", "play two"]  # type: ignore[attr-defined]


def test_the_coach_s_problem_is_told_once(builtin: Catalog) -> None:
    told: list[tuple[str, dict[str, Any]]] = []
    shell = shell_of(bridges(builtin), told)
    shell.tell_sound_problem()
    assert told == []
    coach: Coach = shell.coach  # type: ignore[assignment]
    coach.sound_problem = SoundProblem("No sound device.", "", "")  # no gist: the line whole
    shell.tell_sound_problem()
    shell.tell_sound_problem()
    assert told == [("No sound device.", {"title": "Sound", "severity": "warning", "timeout": 10})]


@pytest.mark.parametrize("gist_only", [False, True], ids=["full-view", "mat-view"])
def test_the_coach_s_problem_and_its_title_are_read_together(
    builtin: Catalog, gist_only: bool
) -> None:
    """Review: the line and its title (the gist a short mat view shows) were two reads of the
    coach's, each under its lock, and a problem reported between them gave one line the
    other's title. One read gives the title and the words under it (the reason), in either
    view."""
    told: list[tuple[str, dict[str, Any]]] = []
    shell = shell_of(bridges(builtin), told)
    coach: Coach = shell.coach  # type: ignore[assignment]
    line = "No sound: no audio device works (none); the bell and flash remain."
    reason = "No audio device works (none)."
    coach.sound_problem = SoundProblem(line, "No sound: the bell and flash remain", reason)
    shell.tell_sound_problem(gist_only=gist_only)
    gist = "No sound: the bell and flash remain"
    words, title = (gist, "") if gist_only else (reason, gist)
    assert told == [(words, {"title": title, "severity": "warning", "timeout": 10})]
    assert coach.problem_reads == 1


def test_closing_before_the_record_opens_only_closes_the_coach(builtin: Catalog) -> None:
    told: list[tuple[str, dict[str, Any]]] = []
    shell = shell_of(bridges(builtin), told)
    shell.carry_out(Effects(cues=[cue("one")]))
    assert shell.session_id is None
    assert shell.finish() is None
    shell.close()
    assert shell.coach.done == ["play one", "close"]  # type: ignore[attr-defined]
    assert told == []


async def test_a_session_begun_on_its_record_is_written_as_interrupted_when_lumbar_closes(
    builtin: Catalog, tmp_path: Path
) -> None:
    db_path = tmp_path / "lumbar.db"
    live = bridges(builtin)
    shell = shell_of(live, [])
    shell.carry_out(live.first_question(100.0))

    async def database() -> Database:
        return open_database(db_path)

    shell.carry_out(await shell.begin(database, 2))
    assert shell.session_id is not None
    shell.carry_out(live.toggle(100.0))
    shell.close()
    session = get_session(open_database(db_path, writable=False), shell.session_id)
    assert session is not None
    assert session["status"] == "interrupted"
    assert shell.coach.done[-1] == "close"  # type: ignore[attr-defined]


async def test_the_finished_writer_goes_to_the_app_to_keep_saving(
    builtin: Catalog, tmp_path: Path
) -> None:
    told: list[tuple[str, dict[str, Any]]] = []
    live = bridges(builtin)
    shell = shell_of(live, told)

    async def database() -> Database:
        return open_database(tmp_path / "lumbar.db")

    shell.carry_out(await shell.begin(database, None))
    writer = shell.finish()
    assert writer is not None
    assert told == [("kept", {"id": writer.session_id})]


class SoundlessCoach(Coach):
    """A coach that found no sound device, as the player words it."""

    def __init__(self) -> None:
        super().__init__()
        self.sound_problem = SoundProblem(
            "No sound: no audio device works (ALSA: -401); the bell and flash remain.",
            "No sound: the bell and flash remain",
            "No audio device works (ALSA: -401).",
        )


def soundless_shell(builtin: Catalog, told: list[tuple[str, dict[str, Any]]]) -> SessionShell:
    return SessionShell(
        bridges(builtin),
        Settings(),
        clock=lambda: 100.0,
        notify=lambda message, **how: told.append((message, how)),
        keep_saving=lambda writer: None,
        coach=lambda settings, clock: SoundlessCoach(),  # type: ignore[arg-type,return-value]
    )


def test_the_line_on_no_sound_says_its_gist_once_then_the_reason(builtin: Catalog) -> None:
    """QA: the title "No sound: the bell and flash remain" over "No sound: no audio device
    works (...); the bell and flash remain.": the same said twice, and in the mat view the
    second row cut. The title is the gist, the words under it the reason; in the mat view
    (``gist_only``) the gist alone, one line."""
    told: list[tuple[str, dict[str, Any]]] = []
    soundless_shell(builtin, told).tell_sound_problem()
    ((words, how),) = told
    assert how["title"] == "No sound: the bell and flash remain"
    assert words == "No audio device works (ALSA: -401)."
    told.clear()
    soundless_shell(builtin, told).tell_sound_problem(gist_only=True)
    ((words, how),) = told
    assert (words, how["title"]) == ("No sound: the bell and flash remain", ""), "one row"
