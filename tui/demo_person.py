"""The person of ``--demo``: wears the emulated H10 and does what the live session says
(``DemoMove``), so every sensor feature can be seen without a strap.

Each exercise becomes a ``Movement`` (where a chest strap points at rest and at work) from its
position in the catalog; a few exercises move the trunk more or less than the rest. The
motion itself, with its breathing, tremor, sags and rocks, is ``sensors.emulation.performer``.
The person's heart (the one every emulated strap senses) follows the effort: it settles
near a resting rate before the start and in rests, and climbs in holds and more in reps.
This module is where ``--demo`` plugs the emulation into a session: nothing else in the
session imports ``sensors.emulation``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from catalog.models import Dose, Exercise
from sensors.emulation.performer import Movement, Performer, rotated
from sensors.motion.profiles import FORM_RULES
from tui.live.effects import DemoMove

if TYPE_CHECKING:
    from sensors.emulation.heart import HeartModel
    from sensors.emulation.world import Emulator

Vec3 = tuple[float, float, float]

REST_G: dict[str, Vec3] = {
    # Chest strap axes: x toward the head, y to the left, z out of the chest.
    "supine": (0.0, 0.0, 1.0),
    "prone": (0.0, 0.0, -1.0),
    "all-fours": (0.12, 0.0, -0.99),
    "side-lying": (0.0, -1.0, 0.0),
    "kneeling": (1.0, 0.0, 0.0),
    "seated": (0.99, 0.0, 0.1),
    "standing": (1.0, 0.0, 0.0),
}
PITCH = (0.0, 1.0, 0.0)
"""Turning about the left-right axis: sitting up, bridging, leaning forward."""
ROLL = (1.0, 0.0, 0.0)
"""Turning about the body's long axis: opening a clam, rolling to a side."""

TRUNK_DEG: dict[str, tuple[Vec3, float]] = {
    "glute-bridge": (PITCH, 24.0),
    "glute-bridge-single-leg": (PITCH, 20.0),
    "glute-bridge-ball": (PITCH, 22.0),
    "bird-dog": (PITCH, 11.0),  # under the 12° its form rule allows: only a rocked rep warns
    "cat-cow": (PITCH, 16.0),
    "partial-curl": (PITCH, -25.0),
    "pelvic-tilt": (PITCH, 8.0),
    "dead-bug": (PITCH, -10.0),
    "clam-shell": (ROLL, 10.0),
    "side-lying-leg-lift": (ROLL, 11.0),
    "side-plank": (ROLL, 20.0),
    "forearm-plank": (PITCH, 12.0),
    "superman": (PITCH, 14.0),
    "chest-raise": (PITCH, 18.0),
    "spanish-squat": (PITCH, 25.0),
    "split-squat": (PITCH, 15.0),
}
"""How far the trunk turns at work, for the exercises whose trunk moves a known way; the
others turn 10 degrees forward (enough for a sensor to see a hold or a rep)."""

EFFORT_BPM: dict[str, float] = {"rest": 72.0, "hold": 88.0, "reps": 100.0, "walk": 96.0}
"""The rate the demo person's heart heads for in each activity (it gets there over half a
minute or so): back exercises at an easy to moderate effort."""


def movement_for(exercise: Exercise, dose: Dose | None = None) -> Movement:
    rest = REST_G[exercise.position]
    axis, degrees = TRUNK_DEG.get(exercise.id, (PITCH, 10.0))
    tempo = exercise.tempo
    return Movement(
        rest_g=rest,
        work_g=rotated(rest, axis, degrees),
        lift_s=tempo.lift_s if tempo else 1.5,
        top_s=float(dose.hold_s) if dose is not None and dose.hold_s else 0.5,
        lower_s=tempo.lower_s if tempo else 1.5,
        pause_s=1.0,
        rocks=exercise.id in FORM_RULES,
    )


class DemoPerson:
    """Starts in the position of ``first``; puts on the emulated H10 once it exists."""

    def __init__(self, exercises: Mapping[str, Exercise], first: str) -> None:
        self.exercises = exercises
        self.performer = Performer(movement_for(exercises[first]))
        self._wearing: object = None
        self._heart: HeartModel | None = None

    def wear(self, emulator: Emulator | None) -> None:
        """Put on the H10 of ``emulator`` (the demo's devices, once the link has opened); every
        strap of it senses this person's heart."""
        if emulator is None or emulator is self._wearing:
            return
        self._heart = emulator.heart
        self._heart.hold_target(EFFORT_BPM[self.performer.activity])
        if emulator.wear(self.performer):
            self._wearing = emulator

    def do(self, move: DemoMove) -> None:
        exercise = self.exercises[move.exercise_id]
        self.performer.do(move.activity, movement_for(exercise, move.dose), set_id=move.set_index)
        if self._heart is not None:
            self._heart.hold_target(EFFORT_BPM[move.activity])
