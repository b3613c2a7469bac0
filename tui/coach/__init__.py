"""The coach's sound: the session's cues spoken (eSpeak NG) or as tones, on the sound device
(miniaudio) or into a WAV file. Free of Textual; the voice, numpy and the device are loaded
on the player's own thread when first needed, never at start-up."""

from tui.coach.player import CuePlayer
from tui.coach.schedule import (
    MODES,
    CueDropped,
    CueHeard,
    CueOutcome,
    Mode,
    initial_mode,
    next_mode,
)

__all__ = [
    "MODES",
    "CueDropped",
    "CueHeard",
    "CueOutcome",
    "CuePlayer",
    "Mode",
    "initial_mode",
    "next_mode",
]
