"""Sound as plain samples: mono, 16-bit, at one rate for the voice, the tones, the device and
WAV files alike (eSpeak NG speaks at 22050 Hz; the device converts to its own rate)."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

RATE_HZ = 22050
FULL_SCALE = 32767

Samples = npt.NDArray[np.int16]


@dataclass(frozen=True, slots=True, eq=False)
class Sound:
    samples: Samples

    @property
    def frames(self) -> int:
        return len(self.samples)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / RATE_HZ

    def scaled(self, volume: float) -> Sound:
        """This sound at ``volume`` (0 silent, 1 as made)."""
        if volume >= 1.0:
            return self
        scaled = np.round(self.samples.astype(np.float32) * max(volume, 0.0))
        return Sound(scaled.astype(np.int16))

    def trimmed(self, floor: int = 64, keep_s: float = 0.004) -> Sound:
        """Without the near-silence before and after it (a few ms are kept so the sound does
        not start or stop on a click). A silent sound stays as it is."""
        loud = np.flatnonzero(np.abs(self.samples.astype(np.int32)) > floor)
        if len(loud) == 0:
            return self
        keep = round(keep_s * RATE_HZ)
        start = max(int(loud[0]) - keep, 0)
        stop = min(int(loud[-1]) + 1 + keep, len(self.samples))
        return Sound(self.samples[start:stop])

    def to_bytes(self) -> bytes:
        return self.samples.astype("<i2").tobytes()


def silence(seconds: float) -> Sound:
    return Sound(np.zeros(max(round(seconds * RATE_HZ), 0), dtype=np.int16))


def from_floats(values: npt.NDArray[np.floating]) -> Sound:
    """A sound from samples in -1..1 (clipped)."""
    return Sound(np.round(np.clip(values, -1.0, 1.0) * FULL_SCALE).astype(np.int16))


def write_wav(path: Path, sound: Sound) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE_HZ)
        out.writeframes(sound.to_bytes())


def read_wav(path: Path) -> Sound:
    """A mono 16-bit WAV at ``RATE_HZ`` (as ``write_wav`` makes them)."""
    with wave.open(str(path), "rb") as source:
        shape = (source.getnchannels(), source.getsampwidth(), source.getframerate())
        if shape != (1, 2, RATE_HZ):
            raise ValueError(f"{path}: not mono 16-bit at {RATE_HZ} Hz: {shape}")
        data = source.readframes(source.getnframes())
    return Sound(np.frombuffer(data, dtype="<i2").astype(np.int16))
