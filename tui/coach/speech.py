"""Words into sound, offline: eSpeak NG, which the espeakng-loader wheels ship with its data
for Linux, macOS and Windows, so no system package is needed. Called through ctypes, it
synthesises into memory through its callback; nothing here plays anything.

The library keeps one global state, so every call into it goes through one lock: a voice may
be used from any thread. It is loaded on the first word spoken, never at start-up.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import threading
from pathlib import Path

import numpy as np

from tui.coach.sound import RATE_HZ, Sound

DEFAULT_VOICE = "en-us"
"""eSpeak NG's American English; ``voice_name = ""`` speaks with it."""
UNKNOWN_VOICE_THEN = f'the coach speaks {DEFAULT_VOICE} until you set a known one or ""'
"""What follows a ``voice_name`` eSpeak NG does not know, as lumbar starts and in a session."""
RATE_WPM = (80, 450)
"""The speaking rates eSpeak NG accepts, in words per minute."""

# From eSpeak NG's speak_lib.h (API revision 12).
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAMETER_RATE = 1
_EE_OK = 0
_EE_NOT_FOUND = 2

# eSpeak NG 1.52 copies its data path into a fixed buffer and, when the path is longer,
# silently falls back to the builder's path and fails: a longer path is copied somewhere short.
_PATH_LIMIT = 230 if sys.platform == "win32" else 160

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class SpeechUnavailable(Exception):
    """No words can be spoken; the message is one line for the person."""


class VoiceNotFound(SpeechUnavailable):
    """The voice asked for is not one of eSpeak NG's."""


class _VoiceSpec(ctypes.Structure):
    """eSpeak NG's ``espeak_VOICE``: what a voice is looked up by."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),  # not c_char_p: a list of names, each after a byte
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


def _languages(voice: _VoiceSpec) -> list[str]:
    """The languages a voice speaks: a priority byte and a name, again and again, up to a
    priority of 0."""
    found: list[str] = []
    raw = voice.languages
    if raw is None:
        return found
    at = 0
    while len(found) < 16:
        if ctypes.string_at(raw + at, 1) == b"\0":
            break
        name = ctypes.string_at(raw + at + 1)
        found.append(name.decode("ascii", "replace").lower())
        at += len(name) + 2
    return found


class _Espeak:
    """The loaded library: initialised once per process, used under ``_LOCK``."""

    def __init__(self, library: Path, data: bytes) -> None:
        self._lib = ctypes.CDLL(str(library))
        lib = self._lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetVoiceByProperties.argtypes = [ctypes.POINTER(_VoiceSpec)]
        lib.espeak_SetVoiceByProperties.restype = ctypes.c_int
        lib.espeak_GetCurrentVoice.argtypes = []
        lib.espeak_GetCurrentVoice.restype = ctypes.POINTER(_VoiceSpec)
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        lib.espeak_Info.restype = ctypes.c_char_p

        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, _INITIALIZE_DONT_EXIT)
        if rate != RATE_HZ:
            raise SpeechUnavailable(f"eSpeak NG did not start (it answered {rate})")
        self.version = (lib.espeak_Info(None) or b"?").decode()
        self._chunks: list[bytes] = []
        self._callback = _SynthCallback(self._take)  # kept: the library holds only a pointer
        lib.espeak_SetSynthCallback(self._callback)
        self._voice: str | None = None
        self._rate: int | None = None

    def _take(self, samples: ctypes._Pointer[ctypes.c_short], count: int, events: int) -> int:
        if samples and count > 0:
            self._chunks.append(ctypes.string_at(samples, count * 2))
        return 0

    def use(self, voice: str, rate_wpm: int) -> None:
        if voice != self._voice:
            status = self._lib.espeak_SetVoiceByName(voice.encode())
            if status == _EE_NOT_FOUND:
                status = self._use_language(voice)
            if status == _EE_NOT_FOUND:
                self._voice = None  # whatever voice the look-up left is not one asked for
                raise VoiceNotFound(f"'{voice}' is not an eSpeak NG voice (e.g. en-us, en-gb)")
            if status != _EE_OK:
                raise SpeechUnavailable(f"eSpeak NG could not take the voice '{voice}'")
            self._voice = voice
            self._rate = None  # a new voice comes with its own rate
        if rate_wpm != self._rate:
            self._lib.espeak_SetParameter(_PARAMETER_RATE, rate_wpm, 0)
            self._rate = rate_wpm

    def _use_language(self, language: str) -> int:
        """A language code with its region (en-gb), as the espeak-ng command takes it: no
        voice file has that name (British English is "en"). eSpeak NG picks its nearest voice
        for any code (Norwegian for "no-such-voice"): only one that speaks it is taken."""
        wanted = language.lower()
        name = ctypes.create_string_buffer(wanted.encode())
        spec = _VoiceSpec(languages=ctypes.addressof(name))
        status = int(self._lib.espeak_SetVoiceByProperties(ctypes.byref(spec)))
        if status != _EE_OK:
            return status
        current = self._lib.espeak_GetCurrentVoice()
        if not current or wanted not in _languages(current.contents):
            return _EE_NOT_FOUND
        return status

    def synthesise(self, text: str) -> bytes:
        self._chunks = []
        data = text.encode("utf-8") + b"\0"
        status = self._lib.espeak_Synth(
            data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        if status != _EE_OK:
            raise SpeechUnavailable(f"eSpeak NG could not speak ({status})")
        return b"".join(self._chunks)


_LOCK = threading.Lock()
_engine: _Espeak | None = None
_failure: str | None = None


def _load() -> _Espeak:
    """The library, loaded on first use (a failure is remembered: it is not tried again)."""
    global _engine, _failure
    if _engine is not None:
        return _engine
    if _failure is not None:
        raise SpeechUnavailable(_failure)
    try:
        try:
            import espeakng_loader
        except ImportError as error:
            raise SpeechUnavailable(
                f"the speech engine is not installed ({error}): pip install espeakng-loader"
            ) from None
        bundled = Path(espeakng_loader.get_data_path())
        _engine = _Espeak(Path(espeakng_loader.get_library_path()), usable_data_path(bundled))
    except SpeechUnavailable as error:
        _failure = str(error)
        raise
    except (OSError, RuntimeError) as error:
        _failure = f"eSpeak NG could not be loaded ({error})"
        raise SpeechUnavailable(_failure) from None
    return _engine


def usable_data_path(bundled: Path, cache: Path | None = None) -> bytes:
    """eSpeak NG's data folder as the library takes it: ``bundled``, or when that path is too
    long for it (or not in the system's code page on Windows), a copy in ``cache`` (lumbar's
    cache folder by default), made once."""
    if not (bundled / "phontab").is_file():
        raise SpeechUnavailable(f"eSpeak NG's data is missing from {bundled}")
    encoded = _encoded(bundled)
    if encoded is not None and len(encoded) < _PATH_LIMIT:
        return encoded
    if cache is None:
        import platformdirs

        cache = Path(platformdirs.user_cache_dir("lumbar"))
    copy = cache / "espeak-ng-data"
    encoded = _encoded(copy)
    if encoded is None or len(encoded) >= _PATH_LIMIT:
        raise SpeechUnavailable(
            f"eSpeak NG cannot read its data at {bundled} (a path of at most "
            f"{_PATH_LIMIT - 1} plain characters is needed)"
        )
    if not _same_data(bundled, copy):
        partial = cache / "espeak-ng-data.partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(bundled, partial)
        shutil.rmtree(copy, ignore_errors=True)
        partial.rename(copy)
    return encoded


def _same_data(bundled: Path, copy: Path) -> bool:
    try:
        return (copy / "phondata").stat().st_size == (bundled / "phondata").stat().st_size and (
            copy / "phontab"
        ).read_bytes() == (bundled / "phontab").read_bytes()
    except OSError:
        return False


def _encoded(path: Path) -> bytes | None:
    try:
        if sys.platform == "win32":
            return str(path).encode("mbcs", errors="strict")
        return os.fsencode(path)
    except UnicodeError:
        return None


class EspeakVoice:
    """A voice of eSpeak NG: ``name`` (e.g. "en-us", "en-gb", "en-us+f3"; "" for the
    default) at ``words_per_minute``. Renders words to a ``Sound``; plays nothing."""

    def __init__(self, name: str = "", words_per_minute: int = 160) -> None:
        self.name = name.strip() or DEFAULT_VOICE
        low, high = RATE_WPM
        self.words_per_minute = min(max(words_per_minute, low), high)

    def check(self) -> None:
        """Load the engine and take this voice now; ``SpeechUnavailable`` says why not."""
        with _LOCK:
            _load().use(self.name, self.words_per_minute)

    def render(self, words: str) -> Sound:
        """``words`` spoken, without the silence eSpeak NG leaves around them."""
        with _LOCK:
            engine = _load()
            engine.use(self.name, self.words_per_minute)
            data = engine.synthesise(words)
        return Sound(np.frombuffer(data, dtype="<i2").astype(np.int16)).trimmed()

    @property
    def engine_version(self) -> str:
        with _LOCK:
            return _load().version
