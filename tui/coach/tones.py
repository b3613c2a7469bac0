"""The coach's tones, made here: a countdown pip, a "go", an end-of-hold chime and a rep tick.

Each is a few sine partials under an envelope that rises and falls over a few milliseconds,
so no tone starts or stops on a click.
"""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt

from tui.coach.sound import RATE_HZ, Sound, from_floats
from tui.live.cues import Tone

FADE_S = 0.006

Floats = npt.NDArray[np.float64]


def _time(seconds: float) -> Floats:
    return np.arange(round(seconds * RATE_HZ), dtype=np.float64) / RATE_HZ


def _faded(values: Floats, fade_s: float = FADE_S) -> Floats:
    """``values`` with a raised-cosine rise and fall of ``fade_s`` at each end."""
    n = min(round(fade_s * RATE_HZ), len(values) // 2)
    if n == 0:
        return values
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))
    out = values.copy()
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return out


def _note(
    freq_hz: float,
    seconds: float,
    *,
    level: float,
    decay_per_s: float = 0.0,
    fade_s: float = FADE_S,
) -> Floats:
    """A note with its octave faintly above, decaying exponentially when ``decay_per_s``."""
    t = _time(seconds)
    wave = np.sin(2 * np.pi * freq_hz * t) + 0.25 * np.sin(2 * np.pi * 2 * freq_hz * t)
    return _faded(level / 1.25 * wave * np.exp(-decay_per_s * t), fade_s)


def _pip() -> Floats:
    return _note(1000.0, 0.12, level=0.5)


def _go() -> Floats:
    # Two rising notes, the second held: it reads as "now", apart from the pips before it.
    return np.concatenate([_note(1000.0, 0.09, level=0.55), _note(1500.0, 0.33, level=0.6)])


def _chime() -> Floats:
    # A falling pair of bell-like notes that ring out: the hold (or set) is done.
    first = _note(1319.0, 0.35, decay_per_s=5.0, level=0.55)
    second = _note(1047.0, 0.7, decay_per_s=4.0, level=0.55)
    out = np.zeros(round(0.2 * RATE_HZ) + len(second))
    out[: len(first)] += first
    out[-len(second) :] += second
    return _faded(out)


def _tick() -> Floats:
    return _note(2400.0, 0.035, decay_per_s=60.0, level=0.6, fade_s=0.002)


_MAKERS = {"pip": _pip, "go": _go, "chime": _chime, "tick": _tick}


@functools.cache
def tone(kind: Tone) -> Sound:
    """The tone ``kind`` at full level (the player scales it by the volume)."""
    return from_floats(_MAKERS[kind]())
