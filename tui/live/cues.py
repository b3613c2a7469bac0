"""What the coach says and sounds, and when: cues are plain data from the live session.

A ``Cue`` is heard at ``at_s`` (the session's monotonic clock). Its words are for the voice;
its tone is what "tones only" plays instead (or alongside a countdown). A cue not begun by
``at_s + stale_s`` is dropped by the player, never queued behind the others, and two cues
never overlap: the player speaks one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tone = Literal["pip", "go", "chime", "tick"]
"""pip: a countdown second; go: the start of work; chime: a hold or set done; tick: a rep."""

CueKind = Literal[
    "announce", "countdown", "halfway", "switch", "rest", "rep", "tempo", "form", "pain", "end"
]


@dataclass(frozen=True, slots=True)
class Cue:
    at_s: float
    kind: CueKind
    words: str | None
    tone: Tone | None
    stale_s: float = 1.0
