"""A cue sequence rendered to one sound, as the player would sound it with no time lost in
making the sounds: each cue lands at its ``at_s`` (or right after the sound before it), a
stale one is dropped. For WAV files a person can listen to, tests and the benchmark."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from tui.coach.phrasebook import Phrasebook
from tui.coach.schedule import (
    CueDropped,
    CueHeard,
    CueOutcome,
    CueQueue,
    Mode,
    is_stale,
    sounding_of,
)
from tui.coach.sound import RATE_HZ, Sound
from tui.coach.speech import EspeakVoice
from tui.live.cues import Cue


@dataclass(frozen=True, slots=True)
class Timeline:
    """``sound`` begins at ``start_s`` on the session's clock; ``outcomes`` in the order the
    cues were taken (earliest ``at_s`` first)."""

    sound: Sound
    start_s: float
    outcomes: tuple[CueOutcome, ...]

    @property
    def heard(self) -> list[CueHeard]:
        return [o for o in self.outcomes if isinstance(o, CueHeard)]

    @property
    def dropped(self) -> list[CueDropped]:
        return [o for o in self.outcomes if isinstance(o, CueDropped)]


def render_timeline(
    cues: Iterable[Cue],
    *,
    voice: EspeakVoice | None = None,
    mode: Mode = "voice",
    tones: bool = True,
    volume: float = 1.0,
    start_s: float | None = None,
    tail_s: float = 0.5,
) -> Timeline:
    """The cues as one sound from ``start_s`` (the first cue's ``at_s`` by default) to the
    end of the last sound plus ``tail_s``. ``voice``: eSpeak NG's default when not given."""
    queue = CueQueue()
    for given in cues:
        queue.push(given)
    first = queue.peek()
    origin = start_s if start_s is not None else (first.at_s if first else 0.0)
    book = Phrasebook(voice or EspeakVoice())
    placed: list[tuple[int, Sound]] = []
    outcomes: list[CueOutcome] = []
    free_frame = 0
    while (cue := queue.pop()) is not None:
        sounding = sounding_of(cue, mode, tones=tones)
        if sounding is None:
            outcomes.append(CueDropped(cue, "silent"))
            continue
        frame = max(round((cue.at_s - origin) * RATE_HZ), free_frame)
        begins_s = origin + frame / RATE_HZ
        if is_stale(cue, begins_s):
            outcomes.append(CueDropped(cue, "stale"))
            continue
        sound, _ = book.sound_of(sounding)
        sound = sound.scaled(volume)
        placed.append((frame, sound))
        free_frame = frame + sound.frames
        outcomes.append(CueHeard(cue, begins_s, sound.duration_s, frame, sounding))
    samples = np.zeros(free_frame + round(tail_s * RATE_HZ), dtype=np.int16)
    for frame, sound in placed:
        samples[frame : frame + sound.frames] = sound.samples
    return Timeline(Sound(samples), origin, tuple(outcomes))
