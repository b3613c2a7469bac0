"""What the coach sounds for a cue, and when a cue is too late to sound: pure rules, shared
by the live player and the WAV timeline so both decide alike.

A cue starts at its ``at_s`` or, when another sound is still playing then, as soon as that
one ends. Two sounds never overlap. A cue whose start would come after ``at_s + stale_s``
is dropped, never queued behind the others.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tui.live.cues import Cue, Tone

Mode = Literal["voice", "tones", "silent"]
"""voice: the words (a tone where a cue has no words); tones: only the tones; silent."""

MODES: tuple[Mode, ...] = ("voice", "tones", "silent")
"""The order in which the session's key cycles the modes."""

MODE_WORDS: dict[Mode, str] = {"voice": "voice", "tones": "tones only", "silent": "silent"}
"""Each mode as the line that names it once the key switched to it says it."""

NO_SOUND_LEFT = "the bell and flash remain"
"""What is left to a session when no sound device works."""

NO_VOICE_LEFT = "tones instead"
"""What the coach plays when eSpeak NG does not speak."""


def sound_now(mode: Mode, *, no_sound: str | None, no_voice: str | None) -> str:
    """The line the key shows once it switched to ``mode``: what is heard in it here, not
    only what was asked (a voice where eSpeak NG failed is tones; no device, nothing).
    ``no_sound``, ``no_voice``: why the device, or the voice, does not work (else None)."""
    if mode != "silent" and no_sound is not None:
        return f"Sound: none works here: {NO_SOUND_LEFT}"  # why: told once, in its own line
    if mode == "voice" and no_voice is not None:
        return f"Sound: tones (no voice: {no_voice})"
    return f"Sound: {MODE_WORDS[mode]}"


DropReason = Literal["stale", "silent", "no audio", "cleared"]
"""stale: too late to begin; silent: nothing to sound in the mode; no audio: no device
works; cleared: the session cleared the queue, or cut the sound before it began."""


@dataclass(frozen=True, slots=True)
class Words:
    text: str


@dataclass(frozen=True, slots=True)
class ToneOf:
    tone: Tone


Sounding = Words | ToneOf


def next_mode(mode: Mode) -> Mode:
    """The mode after ``mode`` when the key is pressed: voice, tones only, silent, voice."""
    return MODES[(MODES.index(mode) + 1) % len(MODES)]


def initial_mode(*, voice: bool, tones: bool) -> Mode:
    """The mode a session starts in from the settings ``voice`` and ``tones``."""
    if voice:
        return "voice"
    return "tones" if tones else "silent"


def sounding_of(
    cue: Cue, mode: Mode, *, tones: bool = True, speech: bool = True
) -> Sounding | None:
    """What ``cue`` sounds like in ``mode``, or None for nothing.

    In voice mode the words win; a cue with only a tone plays it when ``tones`` is on. When
    no voice works (``speech`` false) voice mode falls back to the cue's tone. Tones-only
    mode plays the tone whatever ``tones`` says: the person chose it in the session.
    """
    if mode == "silent":
        return None
    if mode == "voice":
        if cue.words and speech:
            return Words(cue.words)
        if cue.tone is not None and (tones or not speech):
            return ToneOf(cue.tone)
        return None
    return ToneOf(cue.tone) if cue.tone is not None else None


def deadline_of(cue: Cue) -> float:
    """The latest moment ``cue`` may begin."""
    return cue.at_s + cue.stale_s


def is_stale(cue: Cue, start_s: float) -> bool:
    """Whether ``cue`` would begin too late at ``start_s``."""
    return start_s > deadline_of(cue)


class CueQueue:
    """Cues waiting to be heard, earliest ``at_s`` first (in the order given at equal times)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Cue]] = []
        self._order = itertools.count()

    def __len__(self) -> int:
        return len(self._heap)

    def __iter__(self) -> Iterator[Cue]:
        """The cues queued, earliest first."""
        return iter([entry[2] for entry in sorted(self._heap)])

    def push(self, cue: Cue) -> None:
        heapq.heappush(self._heap, (cue.at_s, next(self._order), cue))

    def peek(self) -> Cue | None:
        return self._heap[0][2] if self._heap else None

    def pop(self) -> Cue | None:
        return heapq.heappop(self._heap)[2] if self._heap else None

    def clear(self) -> list[Cue]:
        """Empty the queue; the cues it held, earliest first."""
        cues = [entry[2] for entry in sorted(self._heap)]
        self._heap.clear()
        return cues


@dataclass(frozen=True, slots=True)
class CueHeard:
    """``cue`` sounded: its first sample went out at ``first_sample_s`` (the session's clock)
    and it lasts ``duration_s``. ``frame`` is where it begins in the output's stream."""

    cue: Cue
    first_sample_s: float
    duration_s: float
    frame: int
    sounding: Sounding
    rendered_s: float = 0.0
    """How long the sound took to make (0 when it came from the cache)."""

    @property
    def end_s(self) -> float:
        return self.first_sample_s + self.duration_s

    @property
    def latency_s(self) -> float:
        """From the moment the cue was due (or handed in, when later) to its first sample."""
        return self.first_sample_s - self.cue.at_s


@dataclass(frozen=True, slots=True)
class CueDropped:
    """``cue`` was not heard, and why."""

    cue: Cue
    reason: DropReason


CueOutcome = CueHeard | CueDropped
