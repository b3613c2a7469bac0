"""The cue player for real: its own thread, eSpeak NG, and miniaudio's null device, which
takes samples in real time as a sound card would (this machine has none). What the device
was given is recorded and read back. Tests wait for what they expect, never for a time."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tui.coach import CueDropped, CueHeard, CuePlayer
from tui.coach.output import PERIOD_MS
from tui.coach.player import SoundProblem
from tui.coach.schedule import ToneOf, Words
from tui.coach.sound import RATE_HZ, read_wav, write_wav
from tui.coach.tones import tone
from tui.live.cues import Cue

WAIT_S = 30.0  # a generous bound for a busy machine, not a wait
NULL = ("NULL",)
ANNOUNCE = "Bird dog, left side. Keep your back flat."


def until(holds: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not holds():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout_s} s for {what}")
        time.sleep(0.01)


def heard(player: CuePlayer) -> list[CueHeard]:
    return [o for o in player.outcomes() if isinstance(o, CueHeard)]


def dropped(player: CuePlayer) -> list[CueDropped]:
    return [o for o in player.outcomes() if isinstance(o, CueDropped)]


def close_after_the_last_sound(player: CuePlayer) -> None:
    """Let the device play the last sound to its end, then close the player."""
    last = heard(player)[-1]
    end = last.frame + round(last.duration_s * RATE_HZ)
    until(lambda: player.recorded().frames > end, "the device to play the last sound out")
    player.close()


def loud(samples: np.ndarray) -> bool:
    return bool(np.abs(samples.astype(np.int32)).max(initial=0) > 64)


def test_cues_are_heard_in_turn_never_early_never_overlapping(tmp_path: Path) -> None:
    player = CuePlayer(backends=NULL, record=True, volume=0.5)
    t = time.monotonic() + 0.3
    cues = [
        Cue(t, "announce", "Rest, 10 seconds. Next: bridge.", None, 5.0),
        Cue(t + 0.2, "countdown", "3", "pip", 5.0),  # due while the announcement plays
        Cue(t + 0.4, "rep", None, "tick", 5.0),
        Cue(t + 0.1, "form", "keep your hips level", None, 5.0),  # handed late, due earlier
    ]
    for cue in cues:
        player.play(cue)
    until(lambda: len(player.outcomes()) == len(cues), "every cue's outcome")
    close_after_the_last_sound(player)

    got = heard(player)
    assert [h.cue for h in got] == sorted(cues, key=lambda c: c.at_s)
    assert [h.sounding for h in got] == [
        Words("Rest, 10 seconds. Next: bridge."),
        Words("keep your hips level"),
        Words("3"),
        ToneOf("tick"),
    ]
    for h in got:
        assert h.first_sample_s >= h.cue.at_s, "a cue handed early waits for its moment"
    for before, after in itertools.pairwise(got):
        assert after.frame >= before.frame + round(before.duration_s * RATE_HZ), "no overlap"
        # The device takes a period at a time: the clock agrees with the stream to a period.
        assert after.first_sample_s >= before.end_s - PERIOD_MS / 1000

    # What the device was given: each sound where the player says, silence elsewhere.
    write_wav(tmp_path / "device.wav", player.recorded())
    stream = read_wav(tmp_path / "device.wav")
    assert stream.duration_s >= got[-1].frame / RATE_HZ + got[-1].duration_s
    spans = [(h.frame, h.frame + round(h.duration_s * RATE_HZ)) for h in got]
    for start, stop in spans:
        assert loud(stream.samples[start:stop])
    quiet = np.ones(stream.frames, dtype=bool)
    for start, stop in spans:
        quiet[start:stop] = False
    assert not loud(stream.samples[quiet]), "nothing but the cues was played"
    tick = got[-1]
    np.testing.assert_array_equal(
        stream.samples[tick.frame : tick.frame + tone("tick").frames],
        tone("tick").scaled(0.5).samples,
    )


def test_a_cue_that_would_begin_too_late_is_dropped_not_queued() -> None:
    player = CuePlayer(backends=NULL)
    t = time.monotonic() + 0.2
    long = Cue(t, "announce", ANNOUNCE, None, 5.0)  # about 3 s of speech
    stale = Cue(t + 0.1, "form", "keep your hips level", None, 0.2)  # (a countdown cuts in)
    fresh = Cue(t + 0.1, "halfway", "halfway", None, 30.0)
    for cue in (long, stale, fresh):
        player.play(cue)
    until(lambda: len(player.outcomes()) == 3, "three outcomes")
    player.close()
    assert [(d.cue, d.reason) for d in dropped(player)] == [(stale, "stale")]
    first, second = heard(player)
    assert (first.cue, second.cue) == (long, fresh)
    assert second.frame >= first.frame + round(first.duration_s * RATE_HZ), "not over it"


def test_play_returns_at_once_and_clear_forgets_what_is_queued() -> None:
    player = CuePlayer(backends=NULL)
    later = Cue(time.monotonic() + 60.0, "rest", "Rest, 60 seconds.", None)
    player.play(later)
    assert player.outcomes() == [], "play only queued it: it is due in a minute"
    player.clear()
    assert [(d.cue, d.reason) for d in dropped(player)] == [(later, "cleared")]
    player.close()
    player.play(Cue(time.monotonic(), "end", "session complete", "chime"))
    assert len(player.outcomes()) == 1, "a closed player takes no more cues"


def test_clear_also_forgets_the_cue_waiting_for_the_sound_before_it() -> None:
    player = CuePlayer(backends=NULL)
    t = time.monotonic()
    playing = Cue(t, "announce", ANNOUNCE, None, 5.0)
    waiting = Cue(t + 0.1, "halfway", "halfway", None, 30.0)  # waits for the announcement
    player.play(playing)
    player.play(waiting)
    until(lambda: len(heard(player)) == 1, "the announcement to begin")
    player.clear()
    until(lambda: len(player.outcomes()) == 2, "the waiting cue's outcome")
    player.close()
    assert player.outcomes()[1] == CueDropped(waiting, "cleared")


def test_the_session_clock_decides_when_a_cue_is_due() -> None:
    """A clock that jumps, as a test's fake one does, is followed."""
    now = [1000.0]
    player = CuePlayer(backends=NULL, clock=lambda: now[0])
    cue = Cue(1010.0, "countdown", "go", "go", 1.0)
    player.play(cue)
    until(lambda: player.backend != "", "the device to open")
    assert player.outcomes() == []
    now[0] = 1010.0
    until(lambda: len(player.outcomes()) == 1, "the cue once the clock reached it")
    player.close()
    (h,) = heard(player)
    assert h.first_sample_s == 1010.0
    assert h.latency_s == 0.0


def test_tones_mode_plays_the_tones_and_silent_mode_nothing() -> None:
    player = CuePlayer(backends=NULL, mode="tones")
    t = time.monotonic()
    player.play(Cue(t, "countdown", "3", "pip", 5.0))
    player.play(Cue(t, "form", "keep your back flat", None, 5.0))
    until(lambda: len(player.outcomes()) == 2, "two outcomes")
    (pip,) = heard(player)
    assert pip.sounding == ToneOf("pip")
    assert pip.duration_s == pytest.approx(tone("pip").duration_s)
    assert [d.reason for d in dropped(player)] == ["silent"]

    player.set_mode("silent")
    assert player.mode == "silent"
    player.play(Cue(time.monotonic(), "end", "session complete", "chime", 5.0))
    until(lambda: len(player.outcomes()) == 3, "the third outcome")
    player.close()
    assert player.outcomes()[-1] == CueDropped(
        Cue(player.outcomes()[-1].cue.at_s, "end", "session complete", "chime", 5.0), "silent"
    )


def test_a_silent_player_opens_no_device_and_loads_no_voice() -> None:
    player = CuePlayer(mode="silent")
    player.play(Cue(time.monotonic(), "countdown", "go", "go"))
    until(lambda: len(player.outcomes()) == 1, "the outcome")
    player.close()
    assert dropped(player)[0].reason == "silent"
    assert player.backend == ""
    assert player.problem is None


def test_going_silent_cuts_the_sound_being_played() -> None:
    player = CuePlayer(backends=NULL, record=True)
    player.play(Cue(time.monotonic(), "announce", ANNOUNCE, None, 5.0))
    until(lambda: len(heard(player)) == 1, "the announcement to begin")
    player.set_mode("silent")
    (announce,) = heard(player)
    end_frame = announce.frame + round(announce.duration_s * RATE_HZ)
    until(lambda: player.recorded().frames > end_frame, "the device to go past its end")
    player.close()
    stream = player.recorded().samples
    said = stream[announce.frame : end_frame]
    assert loud(said[: RATE_HZ // 100]), "it began"
    assert not loud(said[-RATE_HZ:]), "its last second was never played"


def test_the_volume_scales_what_is_played() -> None:
    player = CuePlayer(backends=NULL, record=True, mode="tones", volume=1.0)
    player.set_volume(0.25)
    assert player.volume == 0.25
    player.play(Cue(time.monotonic(), "countdown", None, "pip", 5.0))
    until(lambda: len(heard(player)) == 1, "the pip")
    close_after_the_last_sound(player)
    (pip,) = heard(player)
    played = player.recorded().samples[pip.frame : pip.frame + tone("pip").frames]
    np.testing.assert_array_equal(played, tone("pip").scaled(0.25).samples)
    player.set_volume(3.0)
    assert player.volume == 1.0


def test_no_audio_device_is_one_line_said_once_and_the_cues_are_let_go() -> None:
    lines: list[str] = []
    # WebAudio exists only in a browser: on this machine, as on a person's with no working
    # device, miniaudio finds nothing to play on.
    player = CuePlayer(backends=("WEBAUDIO",), on_problem=lines.append)
    t = time.monotonic()
    for n in range(3):
        player.play(Cue(t + n * 0.01, "countdown", str(3 - n), "pip", 5.0))
    until(lambda: len(player.outcomes()) == 3, "three outcomes")
    player.close()
    assert [d.reason for d in dropped(player)] == ["no audio"] * 3
    assert len(lines) == 1
    assert lines[0].startswith("No sound: no audio device works (")
    assert lines[0].endswith("); the bell and flash remain.")
    assert "\n" not in lines[0]
    assert player.problem == lines[0]
    # The line and its two parts, for a title and the words under it, neither saying the
    # other, in one read.
    problem = player.last_problem
    assert problem is not None
    assert problem == SoundProblem(lines[0], "No sound: the bell and flash remain", problem.reason)
    assert problem.reason.startswith("No audio device works (")
    assert problem.reason.endswith(").")


def test_the_player_is_ready_only_once_the_device_has_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """wait_ready said ready while the device was still opening (the thread marked it tried
    first), so a caller read no backend and no problem: the ALSA test printed 'None' under
    load. Here the opening is held until the test lets it go."""
    from tui.coach.output import DeviceOutput

    entered, release = threading.Event(), threading.Event()
    real_open = DeviceOutput.open

    def held_open(self: DeviceOutput) -> None:
        entered.set()
        release.wait(WAIT_S)
        real_open(self)

    monkeypatch.setattr(DeviceOutput, "open", held_open)
    player = CuePlayer(backends=NULL, mode="tones")
    try:
        assert entered.wait(WAIT_S), "the device was being opened"
        assert not player.wait_ready(0.2), "ready while the device is still opening"
        release.set()
        assert player.wait_ready(WAIT_S)
        assert player.backend or player.problem
    finally:
        release.set()
        player.close()


def test_alsa_prints_nothing_on_the_terminal_the_app_draws_on() -> None:
    """Textual draws on the terminal through stderr: ALSA's own complaints (no card here)
    must not land there."""
    code = textwrap.dedent(
        """
        import time
        from tui.coach import CuePlayer
        player = CuePlayer(backends=("ALSA",), mode="tones")
        ready = player.wait_ready(60)  # a bound: the device is tried at once
        player.close()
        print(ready, player.backend or player.problem)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stderr == ""
    ready, line = result.stdout.strip().split(" ", 1)
    assert ready == "True", "the device was tried"
    assert line == "ALSA" or line.startswith("No sound: no audio device works (ALSA: ")


def test_an_unknown_voice_is_named_and_the_default_voice_speaks() -> None:
    lines: list[str] = []
    player = CuePlayer(backends=NULL, voice_name="no-such-voice", on_problem=lines.append)
    player.play(Cue(time.monotonic(), "switch", "switch sides", None, 5.0))
    until(lambda: len(player.outcomes()) == 1, "the outcome")
    player.close()
    assert lines == [
        "Voice: 'no-such-voice' is not an eSpeak NG voice (e.g. en-us, en-gb); "
        'the coach speaks en-us until you set a known one or "".'
    ]
    problem = player.last_problem
    assert problem is not None
    assert problem.reason == "'no-such-voice' is not an eSpeak NG voice (e.g. en-us, en-gb)."
    assert heard(player)[0].sounding == Words("switch sides")


def test_without_the_speech_engine_the_coach_says_so_and_plays_tones() -> None:
    """As where eSpeak NG cannot be installed: a child process where it cannot be imported."""
    code = textwrap.dedent(
        """
        import sys, time
        sys.modules["espeakng_loader"] = None  # import fails, as when it is not installed
        from tui.coach import CuePlayer, CueHeard
        from tui.live.cues import Cue
        lines = []
        player = CuePlayer(backends=("NULL",), on_problem=lines.append)
        player.play(Cue(time.monotonic(), "countdown", "3", "pip", 5.0))
        player.play(Cue(time.monotonic(), "form", "keep your back flat", None, 5.0))
        deadline = time.monotonic() + 60
        while len(player.outcomes()) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        player.close()
        print(lines)
        print([(type(o).__name__, getattr(o, "sounding", getattr(o, "reason", None)))
               for o in player.outcomes()])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    problems, outcomes = result.stdout.splitlines()
    assert problems.startswith("['No voice: the speech engine is not installed")
    assert problems.endswith("pip install espeakng-loader; tones instead.']")
    assert outcomes == "[('CueHeard', ToneOf(tone='pip')), ('CueDropped', 'silent')]"
    assert result.stderr == ""


def test_phrases_are_made_before_they_are_needed() -> None:
    player = CuePlayer(backends=NULL)
    player.prepare(["Bird dog, left side."])
    assert player.wait_ready(WAIT_S)
    assert player.backend == "Null"
    # Words never seen are made when their cue comes ...
    player.play(Cue(time.monotonic(), "form", "Squeeze your glutes.", None, 5.0))
    until(lambda: len(player.outcomes()) == 1, "the first cue")
    # ... the common phrases and those asked for were made while nothing was due, and the
    # words of a cue queued behind others are made while those play.
    t = time.monotonic()
    player.play(Cue(t, "countdown", "go", "go", 5.0))
    player.play(Cue(t, "announce", "Bird dog, left side.", None, 5.0))
    player.play(Cue(t, "form", "Keep your hips level.", None, 5.0))
    until(lambda: len(player.outcomes()) == 4, "four cues")
    player.close()
    assert [(h.cue.words, h.rendered_s > 0) for h in heard(player)] == [
        ("Squeeze your glutes.", True),
        ("go", False),
        ("Bird dog, left side.", False),
        ("Keep your hips level.", False),
    ]


def test_play_is_safe_from_many_threads() -> None:
    player = CuePlayer(backends=NULL, mode="tones")
    t = time.monotonic()

    def hand(n: int) -> None:
        for i in range(10):
            player.play(Cue(t + 0.001 * (n * 10 + i), "rep", None, "tick", 30.0))

    threads = [threading.Thread(target=hand, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    until(lambda: len(player.outcomes()) == 40, "forty ticks")
    player.close()
    got = heard(player)
    assert len(got) == 40
    assert [h.frame for h in got] == sorted(h.frame for h in got)
    for before, after in itertools.pairwise(got):
        assert after.frame >= before.frame + tone("tick").frames


def test_the_player_loads_nothing_heavy_until_its_thread_needs_it() -> None:
    code = textwrap.dedent(
        """
        import sys, time
        from tui.coach import CuePlayer
        from tui.live.cues import Cue
        player = CuePlayer(mode="silent")  # a session with the coach silenced
        player.play(Cue(time.monotonic(), "countdown", "go", "go"))
        assert player.wait_ready(60)
        player.close()
        print(" ".join(sorted(sys.modules)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = {m.split(".")[0] for m in result.stdout.split()}
    assert "tui" in modules
    assert not modules & {"numpy", "miniaudio", "espeakng_loader", "cffi", "_cffi_backend"}


@pytest.mark.parametrize(
    ("platform", "machine", "installed"),
    [
        ("linux", "x86_64", True),
        ("linux", "aarch64", False),
        ("darwin", "arm64", True),
        ("darwin", "x86_64", True),
        ("win32", "AMD64", True),
        ("win32", "ARM64", False),
    ],
)
def test_the_player_is_installed_where_it_has_a_wheel(
    platform: str, machine: str, installed: bool
) -> None:
    import tomllib

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    (miniaudio,) = [
        Requirement(r)
        for r in pyproject["project"]["dependencies"]
        if Requirement(r).name == "miniaudio"
    ]
    assert miniaudio.marker is not None
    env = {"sys_platform": platform, "platform_machine": machine}
    assert miniaudio.marker.evaluate(env) is installed


def test_a_countdown_cuts_long_words_still_being_said() -> None:
    """An announcement that runs into the countdown is cut, so "3" lands on its second; a
    countdown never cuts another countdown, and long words are cut only by the clock's cues."""
    player = CuePlayer(backends=NULL)
    t = time.monotonic() + 0.3
    announce = Cue(t, "announce", ANNOUNCE, None, 5.0)
    three = Cue(t + 0.6, "countdown", "3", "pip", 0.6)  # the announcement takes ~3 s
    two = Cue(t + 0.7, "countdown", "2", "pip", 5.0)  # due while "3" is said: waits its turn
    for cue in (announce, three, two):
        player.play(cue)
    until(lambda: len(player.outcomes()) == 3, "every cue's outcome")
    player.close()
    got = {h.cue.words: h for h in heard(player)}
    assert set(got) == {ANNOUNCE, "3", "2"}
    # On time, not after the whole sentence (2.4 s late); the margin is for a busy machine,
    # whose player thread may wait a few hundred ms for a core.
    assert got["3"].first_sample_s - three.at_s < 1.0
    assert got["3"].first_sample_s < got[ANNOUNCE].first_sample_s + got[ANNOUNCE].duration_s
    assert got["2"].first_sample_s >= got["3"].first_sample_s + got["3"].duration_s - 0.05
