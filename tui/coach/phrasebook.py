"""The sounds of cues, made once: phrases as a voice speaks them (numbers, "go", "halfway"
and "switch sides" recur all session), and the tones."""

from __future__ import annotations

import time
from collections import OrderedDict

from tui.coach.schedule import Sounding, ToneOf
from tui.coach.sound import Sound
from tui.coach.speech import EspeakVoice
from tui.coach.tones import tone


class Phrasebook:
    """Sounds for cues: words spoken by ``voice`` (kept, up to ``capacity`` phrases, the
    least recently heard forgotten first) and tones."""

    def __init__(self, voice: EspeakVoice, capacity: int = 512) -> None:
        self.voice = voice
        self._capacity = capacity
        self._phrases: OrderedDict[str, Sound] = OrderedDict()

    def knows(self, sounding: Sounding) -> bool:
        return isinstance(sounding, ToneOf) or sounding.text in self._phrases

    def learn(self, text: str) -> float:
        """Speak ``text`` into the book now unless it is there; the seconds that took."""
        if text in self._phrases:
            return 0.0
        began = time.perf_counter()
        self._keep(text, self.voice.render(text))
        return time.perf_counter() - began

    def sound_of(self, sounding: Sounding) -> tuple[Sound, float]:
        """The sound, and the seconds it took to make (0 when it was already made)."""
        if isinstance(sounding, ToneOf):
            return tone(sounding.tone), 0.0
        spent = self.learn(sounding.text)
        self._phrases.move_to_end(sounding.text)
        return self._phrases[sounding.text], spent

    def _keep(self, text: str, sound: Sound) -> None:
        self._phrases[text] = sound
        while len(self._phrases) > self._capacity:
            self._phrases.popitem(last=False)
