"""The person of ``--demo``: reads the session screen and does what it says, wearing the
emulated H10, so every sensor feature can be seen without a strap.

Each exercise becomes a ``Movement`` (where a chest strap points at rest and at work) from its
position in the catalog; a few exercises move the trunk more or less than the rest. The
motion itself, with its breathing, tremor, sags and rocks, is ``sensors.emulation.performer``.
Only the demo imports this module.
"""

from __future__ import annotations

from catalog.models import Dose, Exercise
from sensors.emulation.performer import Activity, Movement, Performer, rotated
from sensors.motion.profiles import FORM_RULES
from tui.engine import SessionView

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
    """Looks at the session screen each tick and moves accordingly."""

    def __init__(self, first: Exercise) -> None:
        self.performer = Performer(movement_for(first))

    def look(self, view: SessionView, exercise: Exercise, upcoming: Exercise) -> None:
        """``exercise`` is the current step's, ``upcoming`` the one a rest leads to."""
        step = view.step
        activity: Activity = "rest"
        if view.phase == "running" and step.kind == "work":
            if exercise.mode == "reps":
                activity = "reps"
            elif exercise.mode == "timed":
                activity = "walk"
            elif view.hold_state in ("holding", "settling"):
                activity = "hold"
        shown = upcoming if step.kind != "work" else exercise
        self.performer.do(activity, movement_for(shown, step.dose))
