"""The coach's sound, made for real: eSpeak NG speaking, the generated tones, and whole cue
sequences rendered to WAV files that are read back and measured (this machine has no sound
card: what would be heard is checked as samples)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from tui.coach.schedule import (
    CueQueue,
    ToneOf,
    Words,
    initial_mode,
    is_stale,
    next_mode,
    sounding_of,
)
from tui.coach.sound import RATE_HZ, Sound, read_wav, silence, write_wav
from tui.coach.speech import EspeakVoice, VoiceNotFound, usable_data_path
from tui.coach.timeline import render_timeline
from tui.coach.tones import tone
from tui.live.cues import Cue, Tone

QUIET = 64  # a sample this small is silence (eSpeak NG's own floor noise is below it)


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if len(samples) else 0.0


def loud_spans(sound: Sound, gap_s: float = 0.05) -> list[tuple[int, int]]:
    """Where the sound is audible: [start, stop) frames, spans closer than ``gap_s`` joined."""
    loud = np.flatnonzero(np.abs(sound.samples.astype(np.int32)) > QUIET)
    spans: list[tuple[int, int]] = []
    gap = round(gap_s * RATE_HZ)
    for frame in loud.tolist():
        if spans and frame - spans[-1][1] <= gap:
            spans[-1] = (spans[-1][0], frame + 1)
        else:
            spans.append((frame, frame + 1))
    return spans


def envelope_match(a: np.ndarray, b: np.ndarray) -> float:
    """How alike two sounds' loudness is over time (correlation of 20 ms RMS frames)."""

    def envelope(x: np.ndarray) -> np.ndarray:
        n = round(0.02 * RATE_HZ)
        k = len(x) // n
        frames: np.ndarray = x[: k * n].astype(np.float64).reshape(k, n)
        return np.asarray(np.sqrt((frames**2).mean(axis=1)))

    ea, eb = envelope(a), envelope(b)
    m = min(len(ea), len(eb))
    return float(np.corrcoef(ea[:m], eb[:m])[0, 1])


# --- the rules -------------------------------------------------------------------------


def test_what_a_cue_sounds_like_in_each_mode() -> None:
    both = Cue(10.0, "countdown", "3", "pip")
    words = Cue(10.0, "form", "keep your hips level", None)
    tick = Cue(10.0, "rep", None, "tick")
    assert sounding_of(both, "voice") == Words("3")
    assert sounding_of(both, "tones") == ToneOf("pip")
    assert sounding_of(both, "silent") is None
    assert sounding_of(words, "voice") == Words("keep your hips level")
    assert sounding_of(words, "tones") is None
    assert sounding_of(tick, "voice") == ToneOf("tick")
    assert sounding_of(tick, "voice", tones=False) is None, "tones off: voice mode has no tick"
    assert sounding_of(tick, "tones", tones=False) == ToneOf("tick"), "chosen in the session"
    assert sounding_of(both, "voice", speech=False) == ToneOf("pip"), "no voice: its tone"
    assert sounding_of(words, "voice", speech=False) is None


def test_modes_cycle_and_start_from_the_settings() -> None:
    assert [next_mode("voice"), next_mode("tones"), next_mode("silent")] == [
        "tones",
        "silent",
        "voice",
    ]
    assert initial_mode(voice=True, tones=False) == "voice"
    assert initial_mode(voice=False, tones=True) == "tones"
    assert initial_mode(voice=False, tones=False) == "silent"


def test_a_cue_is_stale_only_after_its_grace() -> None:
    cue = Cue(10.0, "halfway", "halfway", None, stale_s=1.5)
    assert not is_stale(cue, 9.0)
    assert not is_stale(cue, 11.5)
    assert is_stale(cue, 11.51)


def test_the_queue_gives_the_earliest_cue_first_and_keeps_order_at_equal_times() -> None:
    queue = CueQueue()
    later, first, second = (
        Cue(5.0, "rest", "Rest", None),
        Cue(1.0, "countdown", "3", "pip"),
        Cue(1.0, "form", "keep your back flat", None),
    )
    for cue in (later, first, second):
        queue.push(cue)
    assert list(queue) == [first, second, later]
    assert [queue.pop(), queue.pop(), queue.pop(), queue.pop()] == [first, second, later, None]


# --- tones -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "low_s", "high_s"),
    [("pip", 0.1, 0.15), ("go", 0.35, 0.5), ("chime", 0.8, 1.0), ("tick", 0.02, 0.05)],
)
def test_each_tone_is_short_audible_and_fades_in_and_out(
    kind: Tone, low_s: float, high_s: float
) -> None:
    sound = tone(kind)
    assert low_s <= sound.duration_s <= high_s
    peak = int(np.abs(sound.samples.astype(np.int32)).max())
    assert 0.4 * 32767 < peak <= 32767
    # A raised-cosine fade: the first and last samples are near zero, so no click.
    assert abs(int(sound.samples[0])) < 0.01 * 32767
    assert abs(int(sound.samples[-1])) < 0.01 * 32767
    assert abs(int(sound.samples[1])) < abs(int(sound.samples[40])) or kind == "tick"


def test_the_tones_differ_from_one_another() -> None:
    pitches = {}
    kinds: tuple[Tone, ...] = ("pip", "go", "tick")
    for kind in kinds:
        samples = tone(kind).samples.astype(np.float64)
        spectrum = np.abs(np.fft.rfft(samples))
        pitches[kind] = float(np.fft.rfftfreq(len(samples), 1 / RATE_HZ)[spectrum.argmax()])
    assert pitches["pip"] == pytest.approx(1000, abs=60)
    assert pitches["go"] == pytest.approx(1500, abs=40)
    assert pitches["tick"] == pytest.approx(2400, abs=150)


# --- speech ----------------------------------------------------------------------------


def test_words_are_spoken_offline_into_samples() -> None:
    sound = EspeakVoice().render("halfway")
    assert 0.3 < sound.duration_s < 1.2
    assert rms(sound.samples) > 1000, "speech, not silence"
    # Trimmed: it starts and ends on sound, not on eSpeak NG's silence.
    assert abs(sound.samples[:200].astype(np.int32)).max() > QUIET
    assert abs(sound.samples[-200:].astype(np.int32)).max() > QUIET


def test_more_words_take_longer_and_a_faster_rate_is_shorter() -> None:
    sentence = "Bird dog, left side. Keep your back flat."
    slow = EspeakVoice(words_per_minute=120).render(sentence)
    usual = EspeakVoice(words_per_minute=160).render(sentence)
    fast = EspeakVoice(words_per_minute=260).render(sentence)
    assert 2.0 < usual.duration_s < 5.0
    assert slow.duration_s > usual.duration_s > fast.duration_s
    assert EspeakVoice().render("go").duration_s < usual.duration_s / 4


def test_other_voices_speak_differently_and_an_unknown_one_is_named() -> None:
    us = EspeakVoice("en-us").render("switch sides")
    scottish = EspeakVoice("en-gb-scotland").render("switch sides")
    assert rms(scottish.samples) > 1000
    # The same words take the same time in one voice (to a few ms: eSpeak NG's
    # oscillators carry on from the phrase before), not in another accent.
    again = EspeakVoice("en-us").render("switch sides")
    assert abs(again.frames - us.frames) < 0.03 * us.frames
    assert abs(scottish.frames - us.frames) > 0.05 * us.frames
    with pytest.raises(VoiceNotFound, match="'no-such-voice' is not an eSpeak NG voice"):
        EspeakVoice("no-such-voice").check()


def test_a_language_with_its_region_is_a_voice_as_the_readme_says() -> None:
    # No voice file is named en-gb (British English is "en"): it was refused, naming itself as
    # an example; the espeak-ng command takes it as a language, and so does lumbar.
    words = "switch sides"
    british = EspeakVoice("en-gb")
    british.check()
    frames = british.render(words).frames
    assert abs(EspeakVoice("en").render(words).frames - frames) < 0.01 * frames
    assert abs(EspeakVoice("en-us").render(words).frames - frames) > 0.02 * frames
    # eSpeak NG answers any code with its nearest voice ("no-..." is Norwegian): only one
    # that speaks the language asked for is taken.
    for unknown in ("xx-yy", "de-xx"):
        with pytest.raises(VoiceNotFound):
            EspeakVoice(unknown).check()


def test_a_data_path_too_long_for_espeak_is_copied_somewhere_short(tmp_path: Path) -> None:
    import espeakng_loader

    bundled = Path(espeakng_loader.get_data_path())
    assert usable_data_path(bundled, tmp_path) == bytes(bundled), "short enough: used as is"

    deep = tmp_path / ("very-long-folder-name-" * 4) / ("and-deeper-still-" * 4) / "espeak-ng-data"
    deep.parent.mkdir(parents=True)
    deep.symlink_to(bundled, target_is_directory=True)
    assert len(bytes(deep)) > 160
    cache = tmp_path / "cache"
    short = usable_data_path(deep, cache)
    assert short == bytes(cache / "espeak-ng-data")
    assert (cache / "espeak-ng-data" / "phontab").read_bytes() == (bundled / "phontab").read_bytes()
    assert usable_data_path(deep, cache) == short, "made once, then reused"


# --- whole cue sequences into WAV files --------------------------------------------------


def a_set_of_bird_dog(t: float) -> list[Cue]:
    """About what the coach says over a short hold of bird dog, each cue at its moment."""
    return [
        Cue(t, "announce", "Bird dog, left side. Keep your back flat.", None, 1.0),
        Cue(t + 5.0, "countdown", "3", "pip", 0.5),
        Cue(t + 6.0, "countdown", "2", "pip", 0.5),
        Cue(t + 7.0, "countdown", "1", "pip", 0.5),
        Cue(t + 8.0, "countdown", "go", "go", 0.5),
        Cue(t + 13.0, "halfway", "halfway", None, 1.0),
        Cue(t + 15.0, "countdown", "3", "pip", 0.5),
        Cue(t + 16.0, "countdown", "2", "pip", 0.5),
        Cue(t + 17.0, "countdown", "1", "pip", 0.5),
        Cue(t + 18.0, "end", None, "chime", 1.0),
        Cue(t + 19.5, "switch", "switch sides", None, 1.0),
        Cue(t + 22.0, "rest", "Rest, 30 seconds. Next: forearm plank.", None, 1.0),
    ]


def test_a_set_rendered_to_wav_has_each_cue_at_its_moment_and_silence_between(
    tmp_path: Path,
) -> None:
    cues = a_set_of_bird_dog(100.0)
    timeline = render_timeline(cues, volume=0.8)
    path = tmp_path / "bird-dog.wav"
    write_wav(path, timeline.sound)
    sound = read_wav(path)

    assert timeline.dropped == []
    heard = timeline.heard
    assert [h.cue for h in heard] == cues
    last = heard[-1]
    assert sound.duration_s == pytest.approx(last.end_s - 100.0 + 0.5, abs=1 / RATE_HZ)
    for h in heard:
        assert h.first_sample_s == pytest.approx(h.cue.at_s, abs=1 / RATE_HZ), "on time"
        part = sound.samples[h.frame : h.frame + round(h.duration_s * RATE_HZ)]
        assert rms(part) > 500, f"{h.cue.words or h.cue.tone} is heard"
    for before, after in itertools.pairwise(heard):
        assert after.frame >= before.frame + round(before.duration_s * RATE_HZ), "no overlap"
        gap = sound.samples[before.frame + round(before.duration_s * RATE_HZ) : after.frame]
        assert rms(gap) == 0.0, "silence between cues"
    # What the file holds is the voice saying the cue's words (eSpeak NG's samples differ a
    # little from one rendering to the next; their loudness over time does not).
    halfway = next(h for h in heard if h.cue.kind == "halfway")
    in_file = sound.samples[halfway.frame : halfway.frame + round(halfway.duration_s * RATE_HZ)]
    assert envelope_match(in_file, EspeakVoice().render("halfway").samples) > 0.95
    assert envelope_match(in_file, EspeakVoice().render("switch sides").samples) < 0.8
    chime = next(h for h in heard if h.cue.kind == "end")
    np.testing.assert_array_equal(
        sound.samples[chime.frame : chime.frame + tone("chime").frames],
        tone("chime").scaled(0.8).samples,
    )
    # Read as a person would hear it: every sound in the file is one of the cues'.
    windows = [(h.frame, h.frame + round(h.duration_s * RATE_HZ)) for h in heard]
    for start, stop in loud_spans(sound, gap_s=0.0):
        assert any(a <= start and stop <= b for a, b in windows), (start, stop)


def test_a_cue_that_would_start_too_late_is_dropped_and_the_next_starts_after_the_sound_before(
    tmp_path: Path,
) -> None:
    long = Cue(0.0, "announce", "Bird dog, left side. Keep your back flat.", None, 1.0)
    too_late = Cue(1.0, "countdown", "3", "pip", 0.5)  # the announcement is still going
    patient = Cue(1.5, "form", "keep your hips level", None, 5.0)
    timeline = render_timeline([long, too_late, patient])

    assert [d.cue for d in timeline.dropped] == [too_late]
    assert timeline.dropped[0].reason == "stale"
    first, second = timeline.heard
    assert second.cue is patient
    assert second.frame == first.frame + round(first.duration_s * RATE_HZ), "right after"
    assert second.first_sample_s > patient.at_s
    write_wav(tmp_path / "late.wav", timeline.sound)
    assert len(loud_spans(read_wav(tmp_path / "late.wav"), gap_s=0.0)) >= 2


def test_tones_only_and_silent_sequences(tmp_path: Path) -> None:
    cues = a_set_of_bird_dog(0.0)
    tones = render_timeline(cues, mode="tones", tail_s=0.0)
    assert [type(h.sounding) for h in tones.heard] == [ToneOf] * 8
    assert {d.cue.kind for d in tones.dropped} == {"announce", "halfway", "switch", "rest"}
    assert tones.sound.duration_s == pytest.approx(18.0 + tone("chime").duration_s, abs=0.001)
    write_wav(tmp_path / "tones.wav", tones.sound)
    spans = loud_spans(read_wav(tmp_path / "tones.wav"))
    assert len(spans) == 8
    assert [round(start / RATE_HZ, 2) for start, _ in spans] == [
        pytest.approx(at, abs=0.01) for at in (5, 6, 7, 8, 15, 16, 17, 18)
    ]

    silent = render_timeline(cues, mode="silent", tail_s=0.0)
    assert silent.heard == []
    assert silent.sound.frames == 0
    assert rms(silence(1.0).samples) == 0.0
