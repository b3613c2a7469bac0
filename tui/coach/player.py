"""The coach's player: it sounds the session's cues as they come due, one at a time.

``play(cue)`` only queues the cue and returns: it never blocks the session's clock. One
thread of the player's own does everything else: it loads the voice and opens the device
(never at start-up: the first cue, or the player's creation outside silent mode, does), makes
each cue's sound (phrases heard before come from the phrasebook, and common ones are made
ahead), waits for the cue's ``at_s`` and for the sound before it to end, drops a cue that
would begin after ``at_s + stale_s``, and hands the sound to the device.

When no device works, or no voice, the player says so in one line (``problem``, and
``on_problem`` once per line) and carries on as well as it can: tones where no voice works,
nothing where no device does. It never raises into the session.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from tui.coach.schedule import (
    NO_SOUND_LEFT,
    NO_VOICE_LEFT,
    CueDropped,
    CueHeard,
    CueOutcome,
    CueQueue,
    DropReason,
    Mode,
    Sounding,
    ToneOf,
    Words,
    initial_mode,
    is_stale,
    sounding_of,
)
from tui.live.cues import Cue

if TYPE_CHECKING:
    from tui.coach.output import DeviceOutput
    from tui.coach.phrasebook import Phrasebook
    from tui.coach.sound import Sound
    from tui.settings import Settings

Clock = Callable[[], float]
_T = TypeVar("_T")

MAX_WAIT_S = 0.25
"""The longest the player sleeps without looking at the clock again (a clock that jumps,
as a test's does, is followed within this)."""
START_TIMEOUT_S = 5.0
"""A device that has not taken a sound's first sample by then has stopped working (a sound
server may take a second or two after the stream opens before it asks for sound)."""
AHEAD_MARGIN_S = 0.02
"""Sounds are made ahead only when the next cue is at least this far off (a phrase takes a
few milliseconds to make)."""
KEPT_OUTCOMES = 2000
URGENT_KINDS = frozenset({"countdown", "rep"})
"""Cues tied to a moment of the clock: when one is due while long words are still being
said (``TALK_KINDS``), those words are cut, so "3, 2, 1, go" lands on its seconds."""
TALK_KINDS = frozenset({"announce", "rest", "pain"})

COMMON_PHRASES: tuple[str, ...] = (
    *(str(n) for n in range(1, 31)),
    "go",
    "halfway",
    "switch sides",
    "session complete",
)
"""Said in every session: made ahead, before the first cue needs them (``prepare``)."""


@dataclass(frozen=True, slots=True)
class SoundProblem:
    """What does not work, as the coach last said it: its ``line`` ("No sound: why; the bell
    and flash remain."), its gist, short enough for a line's title (``headline``: "No
    sound: the bell and flash remain"), and its reason alone, for the words under that title
    (``reason``: "No audio device works (PulseAudio: ...).", not the gist again)."""

    line: str
    headline: str
    reason: str


class CuePlayer:
    """Sounds ``Cue``s on the session's ``clock`` through the sound device.

    ``mode``: voice, tones or silent (``set_mode`` changes it). ``tones``: in voice mode, play
    the tone of a cue that has no words. ``volume``: 0-1. ``voice_name`` and ``speech_rate``
    (words per minute): eSpeak NG's voice. ``backends``: miniaudio's, e.g. ``("NULL",)`` for
    its null device (tests, benchmark); the system's sound service when not given.
    ``record``: keep what the device was given (``recorded``). ``on_problem``: called on the
    player's thread, once per line, when sound or voice does not work.
    """

    def __init__(
        self,
        *,
        mode: Mode = "voice",
        tones: bool = True,
        volume: float = 0.8,
        voice_name: str = "",
        speech_rate: int = 160,
        clock: Clock = time.monotonic,
        backends: Sequence[str] | None = None,
        record: bool = False,
        on_problem: Callable[[str], None] | None = None,
        prepare: Iterable[str] | None = None,
    ) -> None:
        self._clock = clock
        self._mode: Mode = mode
        self._tones = tones
        self._volume = _clamped(volume)
        self._voice_name = voice_name
        self._speech_rate = speech_rate
        self._backends = backends
        self._record = record
        self._on_problem = on_problem

        self._cond = threading.Condition()
        self._queue = CueQueue()
        self._to_learn: deque[str] = deque()
        self._learning = False
        self._device_known = False
        """The device is open, or known missing: set once its opening is over."""
        self._closed = False
        self._clears = 0  # how many times the session cleared the queue
        self._clears_seen = 0  # ... when the cue in hand was taken
        self._outcomes: deque[CueOutcome] = deque(maxlen=KEPT_OUTCOMES)
        self._problems: list[SoundProblem] = []
        self._no_sound: str | None = None
        self._no_voice: str | None = None

        # The thread's own (only it touches them):
        self._output: DeviceOutput | None = None
        self._output_tried = False
        self._book: Phrasebook | None = None
        self._speech_ok = True
        self._saying: Cue | None = None
        """The cue whose sound was last given to the device."""

        self._to_learn.extend(COMMON_PHRASES if prepare is None else prepare)
        self._thread = threading.Thread(target=self._run, name="lumbar-coach", daemon=True)
        self._thread.start()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        clock: Clock = time.monotonic,
        on_problem: Callable[[str], None] | None = None,
    ) -> CuePlayer:
        """A player as the person's settings ask (voice, tones, volume, voice_name,
        speech_rate)."""
        return cls(
            mode=initial_mode(voice=settings.voice, tones=settings.tones),
            tones=settings.tones,
            volume=settings.volume,
            voice_name=settings.voice_name,
            speech_rate=settings.speech_rate,
            clock=clock,
            on_problem=on_problem,
        )

    # --- the session's side: none of these blocks --------------------------------------

    def play(self, cue: Cue) -> None:
        """Sound ``cue`` at its ``at_s`` (now, if that has passed and it is not stale)."""
        with self._cond:
            if self._closed:
                return
            self._queue.push(cue)
            self._cond.notify_all()

    def prepare(self, phrases: Iterable[str]) -> None:
        """Make these phrases' sounds ahead, while nothing is due (e.g. the routine's names)."""
        with self._cond:
            self._to_learn.extend(phrases)
            self._cond.notify_all()

    def wait_ready(self, timeout_s: float) -> bool:
        """Block until the device is open (or known missing) and the phrases asked for are
        made; False after ``timeout_s``. For benchmarks and tests: a session never waits."""
        with self._cond:
            return self._cond.wait_for(self._is_ready, timeout_s)

    def _is_ready(self) -> bool:
        if self._closed:
            return True
        device = self._mode == "silent" or self._device_known
        phrases = not self._to_learn or self._mode != "voice" or not self._speech_ok
        return device and phrases and not self._learning

    @property
    def mode(self) -> Mode:
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        """Voice, tones or silent from now on; silent also cuts a sound being played."""
        with self._cond:
            self._mode = mode
            self._cond.notify_all()
        if mode == "silent":
            self._cut()

    @property
    def volume(self) -> float:
        return self._volume

    def set_volume(self, volume: float) -> None:
        """0-1, from the next sound on."""
        self._volume = _clamped(volume)

    def clear(self) -> None:
        """Forget the cues not yet heard and cut the sound being played (e.g. the step was
        skipped)."""
        with self._cond:
            self._clears += 1
            cleared = self._queue.clear()
            self._outcomes.extend(CueDropped(cue, "cleared") for cue in cleared)
            self._cond.notify_all()
        self._cut()

    @property
    def problem(self) -> str | None:
        """The last line saying what does not work, or None."""
        with self._cond:
            return self._problems[-1].line if self._problems else None

    @property
    def no_sound(self) -> str | None:
        """Why no sound device works (found when the player tried one), or None."""
        with self._cond:
            return self._no_sound

    @property
    def no_voice(self) -> str | None:
        """Why eSpeak NG does not speak (found when the coach first needed it), or None."""
        with self._cond:
            return self._no_voice

    @property
    def last_problem(self) -> SoundProblem | None:
        """The last line saying what does not work, its gist and its reason, read together
        (one read: a problem reported between two reads gave one problem's line the other's
        title or words); None with no problem."""
        with self._cond:
            return self._problems[-1] if self._problems else None

    def outcomes(self) -> list[CueOutcome]:
        """What became of the cues so far (the last couple of thousand), in order."""
        with self._cond:
            return list(self._outcomes)

    def recorded(self) -> Sound:
        """What the device was given (with ``record``; after ``close``, all of it)."""
        from tui.coach.sound import Sound

        output = self._output
        if output is None:
            import numpy as np

            return Sound(np.zeros(0, dtype=np.int16))
        return output.recorded()

    @property
    def backend(self) -> str:
        """The device's backend (e.g. PulseAudio) once it is open, else ""."""
        output = self._output
        return output.backend if output is not None else ""

    def close(self, timeout_s: float = 2.0) -> None:
        """Stop: cut any sound, close the device, end the thread (waits up to ``timeout_s``)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._cut()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout_s)

    def __enter__(self) -> CuePlayer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _cut(self) -> None:
        output = self._output
        if output is not None:
            output.cut()

    # --- the player's thread ----------------------------------------------------------

    def _run(self) -> None:
        try:
            while (job := self._next_job()) is not None:
                if isinstance(job, Cue):
                    self._sound(job)
                else:
                    job()
        except Exception as error:  # the coach must never take the session down
            stopped = f"the coach stopped ({error!r})"
            self._no_sound_because(stopped, f"The coach stopped ({error!r})", "Coach stopped")
        finally:
            output, self._output = self._output, None
            if output is not None:
                output.close()
                self._output = output  # its recording stays readable

    def _next_job(self) -> Cue | Callable[[], None] | None:
        """The next cue due, or work to do ahead while none is, or None once closed."""
        with self._cond:
            while True:
                if self._closed:
                    return None
                cue = self._queue.pop()
                if cue is not None:
                    self._clears_seen = self._clears
                    return cue
                if self._mode != "silent" and not self._output_tried:
                    return self._open_ahead
                if self._to_learn and self._mode == "voice" and self._speech_ok:
                    return self._learn_next
                self._cond.wait()

    def _open_ahead(self) -> None:
        self._open_output()

    def _learn_next(self) -> None:
        with self._cond:
            if not self._to_learn:
                return
            text = self._to_learn.popleft()
            self._learning = True
        self._learn(text)

    def _learn(self, text: str) -> None:
        """Make ``text``'s sound (``_learning`` was set when it was taken)."""
        try:
            book = self._phrasebook()
            if book is not None:
                self._speaking(lambda: book.learn(text))
        finally:
            with self._cond:
                self._learning = False
                self._cond.notify_all()

    def _sound(self, cue: Cue) -> None:
        mode = self._mode
        sounding = sounding_of(cue, mode, tones=self._tones, speech=self._speech_ok)
        if sounding is None:
            self._drop(cue, "silent")
            return
        output = self._open_output()
        if output is None:
            self._drop(cue, "no audio")
            return
        if is_stale(cue, self._clock()):
            self._drop(cue, "stale")
            return
        made = self._make(cue, sounding)
        if made is None:
            self._drop(cue, "silent")
            return
        sounding, sound, rendered_s = made
        if not self._wait_for(cue, mode, output):
            return
        if is_stale(cue, self._clock()):
            self._drop(cue, "stale")
            return
        playing = output.play(sound.scaled(self._volume))
        self._saying = cue
        if not playing.started.wait(START_TIMEOUT_S):
            self._lose_output(output, "the audio device stopped taking sound")
            self._drop(cue, "no audio")
            return
        if playing.first_sample_s is None:  # cut before it began: silent mode, clear, close
            self._drop(cue, "cleared")
            return
        self._record_outcome(
            CueHeard(
                cue,
                playing.first_sample_s,
                playing.duration_s,
                playing.frame or 0,
                sounding,
                rendered_s,
            )
        )

    def _make(self, cue: Cue, sounding: Sounding) -> tuple[Sounding, Sound, float] | None:
        """The cue's sound: its words spoken or its tone; its tone when the voice fails."""
        book = self._phrasebook()
        if book is not None:
            made = self._speaking(lambda: book.sound_of(sounding))
            if made is not None:
                return sounding, made[0], made[1]
        if cue.tone is None:
            return None
        from tui.coach.tones import tone

        fallback = ToneOf(cue.tone)
        return fallback, tone(cue.tone), 0.0

    def _wait_for(self, cue: Cue, mode: Mode, output: DeviceOutput) -> bool:
        """Wait until ``cue`` is due and the sound before it has ended, making the sounds of
        the cues after it meanwhile. False when it must not be sounded now: an earlier cue
        came in (it goes first; this one is queued again), the mode changed (queued again, to
        be sounded as the new mode says) or the player closed."""
        while True:
            with self._cond:
                if self._closed:
                    return False
                if self._clears != self._clears_seen:
                    self._outcomes.append(CueDropped(cue, "cleared"))
                    return False
                first = self._queue.peek()
                if self._mode != mode or (first is not None and first.at_s < cue.at_s):
                    self._queue.push(cue)
                    return False
                now = self._clock()
                if is_stale(cue, now) or (now >= cue.at_s and output.idle):
                    return True
                if now >= cue.at_s and self._cuts_in(cue):
                    output.cut()
                    return True
                wait_s = max(cue.at_s - now, output.remaining_s)
                ahead = self._phrase_ahead() if wait_s > AHEAD_MARGIN_S else None
                if ahead is None:
                    # Until it is due; once due, until the device says the sound before ended.
                    until_due_s = cue.at_s - now
                    self._cond.wait(min(until_due_s, MAX_WAIT_S) if until_due_s > 0 else MAX_WAIT_S)
                    continue
            self._learn(ahead)

    def _cuts_in(self, cue: Cue) -> bool:
        """Whether ``cue``, due now, cuts the words being said (called under the lock)."""
        saying = self._saying
        return saying is not None and cue.kind in URGENT_KINDS and saying.kind in TALK_KINDS

    def _phrase_ahead(self) -> str | None:
        """Words to make now, while the next cue is not due: those of the cues queued, then
        those asked for with ``prepare``. Called under the lock."""
        book = self._book
        if self._mode != "voice" or not self._speech_ok or book is None:
            return None
        for queued in self._queue:
            if queued.words and not book.knows(Words(queued.words)):
                self._learning = True
                return queued.words
        while self._to_learn:
            text = self._to_learn.popleft()
            if not book.knows(Words(text)):
                self._learning = True
                return text
        return None

    def _on_idle(self) -> None:
        """The device has written a sound's last sample (called on the audio thread)."""
        with self._cond:
            self._cond.notify_all()

    def _open_output(self) -> DeviceOutput | None:
        if self._output is not None or self._output_tried:
            return self._output
        self._output_tried = True
        from tui.coach.output import AudioUnavailable, DeviceOutput

        output = DeviceOutput(
            self._clock, backends=self._backends, record=self._record, on_idle=self._on_idle
        )
        try:
            output.open()
        except AudioUnavailable as error:
            self._no_sound_because(str(error))
            return None
        else:
            self._output = output
            return output
        finally:
            with self._cond:
                self._device_known = True  # not before: the device and its problem are set
                self._cond.notify_all()

    def _lose_output(self, output: DeviceOutput, why: str) -> None:
        self._output = None
        output.close()
        self._no_sound_because(why)

    def _phrasebook(self) -> Phrasebook | None:
        if not self._speech_ok:
            return None
        if self._book is None:
            from tui.coach.phrasebook import Phrasebook
            from tui.coach.speech import (
                UNKNOWN_VOICE_THEN,
                EspeakVoice,
                SpeechUnavailable,
                VoiceNotFound,
            )

            voice = EspeakVoice(self._voice_name, self._speech_rate)
            try:
                voice.check()
            except VoiceNotFound as error:
                voice = EspeakVoice("", self._speech_rate)
                self._report(f"Voice: {error}", UNKNOWN_VOICE_THEN)
            except SpeechUnavailable as error:
                self._speech_ok = False
                self._no_voice_because(str(error))
                return None
            self._book = Phrasebook(voice)
        return self._book

    def _speaking(self, make: Callable[[], _T]) -> _T | None:
        """``make()``, or None (and tones from now on) when the voice fails."""
        from tui.coach.speech import SpeechUnavailable

        try:
            return make()
        except SpeechUnavailable as error:
            self._speech_ok = False
            self._no_voice_because(str(error))
            return None

    def _drop(self, cue: Cue, reason: DropReason) -> None:
        self._record_outcome(CueDropped(cue, reason))

    def _record_outcome(self, outcome: CueOutcome) -> None:
        with self._cond:
            self._outcomes.append(outcome)
            self._cond.notify_all()

    def _no_sound_because(self, why: str, line: str = "", head: str | None = None) -> None:
        """No sound from now on (``why``), said in a line (``line``: its start; else "No
        sound: why"; ``head``: its headline's head)."""
        with self._cond:
            self._no_sound = why
        self._report(line or f"No sound: {why}", NO_SOUND_LEFT, head=head)

    def _no_voice_because(self, why: str) -> None:
        with self._cond:
            self._no_voice = why
        self._report(f"No voice: {why}", NO_VOICE_LEFT)

    def _report(self, what: str, then: str, *, head: str | None = None) -> None:
        """One line: ``what`` does not work ("No sound: why"), and ``then`` what remains; the
        headline (``last_problem``) is its head (``head``, or what goes before the first
        colon) and what remains; its reason is what comes after that colon (all of
        ``what`` where ``head`` is given)."""
        line = f"{what}; {then}."
        gist, _, why = what.partition(": ")
        reason = what if head is not None or not why else why
        problem = SoundProblem(
            line, headline=f"{head or gist}: {then}", reason=f"{reason[:1].upper()}{reason[1:]}."
        )
        with self._cond:
            if any(told.line == line for told in self._problems):
                return
            self._problems.append(problem)
        if self._on_problem is not None:
            # The listener's failure (e.g. the app is closing) is its own.
            with contextlib.suppress(Exception):
                self._on_problem(line)


BELL_REMAINS = NO_SOUND_LEFT
TONES_INSTEAD = NO_VOICE_LEFT


def _clamped(volume: float) -> float:
    return min(max(volume, 0.0), 1.0)
