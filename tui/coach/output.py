"""The sound device, through miniaudio (its wheels carry the player; on Linux it talks to
PulseAudio or PipeWire, or ALSA, through the system's own libraries, loaded when needed).

One stream stays open while the coach is in use. Its callback, on miniaudio's audio thread,
copies the sound being played (or silence) into the device: one sound at a time, so two
sounds never overlap. It notes when a sound's first sample is written and when its last is.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.coach.sound import RATE_HZ, Sound

PERIOD_MS = 20
"""How much sound the device asks for at a time: a sound starts within about one period."""

Clock = Callable[[], float]

# Backends lumbar uses where no list is given: the OS's own sound service. Not JACK or OSS,
# whose libraries print to the terminal when no server is there.
_SYSTEM_BACKENDS: dict[str, tuple[str, ...]] = {
    "linux": ("PULSEAUDIO", "ALSA"),
    "darwin": ("COREAUDIO",),
    "win32": ("WASAPI", "DSOUND", "WINMM"),
}
_BACKEND_NAMES = {
    "PULSEAUDIO": "PulseAudio",
    "COREAUDIO": "Core Audio",
    "DSOUND": "DirectSound",
    "WINMM": "WinMM",
    "WEBAUDIO": "Web Audio",
    "NULL": "null device",
}


class AudioUnavailable(Exception):
    """No sound can be played; the message is one line for the person."""


@dataclass(eq=False)
class Playing:
    """A sound handed to the device: when its first sample was written (the session's clock)
    and where in the stream, and whether its last sample has been written."""

    data: bytes
    first_sample_s: float | None = None
    frame: int | None = None
    started: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    position: int = 0

    @property
    def duration_s(self) -> float:
        return len(self.data) / 2 / RATE_HZ


class DeviceOutput:
    """The default sound device (or the ``backends`` named, e.g. ``("NULL",)``: miniaudio's
    null device, which takes samples in real time with no hardware, for tests and the
    benchmark). ``record``: keep every sample written (silence included) for ``recorded``.
    """

    def __init__(
        self,
        clock: Clock,
        *,
        backends: Sequence[str] | None = None,
        record: bool = False,
        period_ms: int = PERIOD_MS,
        on_idle: Callable[[], None] | None = None,
    ) -> None:
        self._clock = clock
        self._on_idle = on_idle
        self._backends = tuple(backends) if backends else None
        self._period_ms = period_ms
        self._lock = threading.Lock()
        self._playing: Playing | None = None
        self._frames_written = 0
        self._record: list[bytes] | None = [] if record else None
        self._device: Any = None
        self.backend = ""

    def open(self) -> None:
        """Open the device and start its stream (silence until a sound comes)."""
        try:
            import miniaudio
        except ImportError:
            raise AudioUnavailable(
                "the audio player is not installed for this platform (pip install miniaudio, "
                "which needs a C compiler here)"
            ) from None
        names = self._backends or _SYSTEM_BACKENDS.get(sys.platform, ())
        backends = [miniaudio.Backend[name.upper()] for name in names] or None
        if sys.platform == "linux":
            _quiet_alsa()
        try:
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=RATE_HZ,
                buffersize_msec=self._period_ms,
                backends=backends,
                app_name="lumbar",
            )
        except miniaudio.MiniaudioError as error:
            tried = ", ".join(_BACKEND_NAMES.get(name.upper(), name) for name in names)
            raise AudioUnavailable(f"no audio device works ({tried}: {_why(error)})") from None
        if device.backend.lower() == "null" and "NULL" not in {n.upper() for n in names}:
            device.close()
            raise AudioUnavailable("no audio device works (only miniaudio's null device)")
        feed = self._feed()
        next(feed)
        try:
            device.start(feed)
        except miniaudio.MiniaudioError as error:
            device.close()
            raise AudioUnavailable(f"the audio device would not start ({_why(error)})") from None
        self._device = device
        self.backend = device.backend

    def play(self, sound: Sound) -> Playing:
        """Start ``sound`` at the next period; the device must be idle (``idle``)."""
        playing = Playing(sound.to_bytes())
        with self._lock:
            if self._playing is not None:
                raise RuntimeError("a sound is already playing: two never overlap")
            if not playing.data:
                playing.first_sample_s = self._clock()
                playing.frame = self._frames_written
                playing.started.set()
                playing.done.set()
                return playing
            self._playing = playing
        return playing

    @property
    def idle(self) -> bool:
        with self._lock:
            return self._playing is None

    @property
    def remaining_s(self) -> float:
        """How long the sound being played has still to go (0 when idle)."""
        with self._lock:
            playing = self._playing
            left = 0 if playing is None else len(playing.data) - playing.position
        return left / 2 / RATE_HZ

    def cut(self) -> None:
        """Stop the sound being played now (the rest of it is not heard)."""
        with self._lock:
            playing, self._playing = self._playing, None
        if playing is not None:
            playing.started.set()
            playing.done.set()
            if self._on_idle is not None:
                self._on_idle()

    def close(self) -> None:
        self.cut()
        device, self._device = self._device, None
        if device is not None:
            device.close()

    def recorded(self) -> Sound:
        """Everything written to the device so far (with ``record``)."""
        import numpy as np

        with self._lock:
            data = b"".join(self._record or [])
        return Sound(np.frombuffer(data, dtype="<i2").astype(np.int16))

    def _feed(self) -> Generator[bytes, int, None]:
        """miniaudio's callback: sent how many frames it wants, gives exactly that many."""
        frames = yield b""
        while True:
            frames = yield self._fill(frames)

    def _fill(self, frames: int) -> bytes:
        wanted = frames * 2
        finished = False
        with self._lock:
            playing = self._playing
            if playing is None:
                chunk = bytes(wanted)
            else:
                if playing.first_sample_s is None:
                    playing.first_sample_s = self._clock()
                    playing.frame = self._frames_written
                    playing.started.set()
                chunk = playing.data[playing.position : playing.position + wanted]
                playing.position += len(chunk)
                if playing.position >= len(playing.data):
                    self._playing = None
                    playing.done.set()
                    finished = True
                if len(chunk) < wanted:
                    chunk += bytes(wanted - len(chunk))
            self._frames_written += frames
            if self._record is not None:
                self._record.append(chunk)
        if finished and self._on_idle is not None:
            self._on_idle()  # outside the lock: the listener takes its own
        return chunk


def _why(error: Exception) -> str:
    return " ".join(str(part) for part in error.args) or type(error).__name__


_ALSA_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
_alsa_silencer: Any = None


def _quiet_alsa() -> None:
    """ALSA prints its errors (no card, an underrun) to the terminal the app draws on: give
    them to a handler that drops them. The library is the one miniaudio loads."""
    global _alsa_silencer
    if _alsa_silencer is not None:
        return
    try:
        alsa = ctypes.CDLL("libasound.so.2")
    except OSError:
        return
    _alsa_silencer = _ALSA_HANDLER(lambda *_: None)
    alsa.snd_lib_error_set_handler(_alsa_silencer)
