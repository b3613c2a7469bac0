"""What to watch in each exercise, by catalog id: where the sources warn about the trunk moving.

The ids are plain strings so that ``sensors`` need not import the catalog; a test checks that
every id here names a catalog exercise. The limits are starting points for a chest sensor,
not clinical thresholds.
"""

from __future__ import annotations

from sensors.motion.form import FormRule

TRUNK_ROCKING = FormRule(kind="trunk rocking", limit_deg=12.0)
"""Clam shells and side leg lifts: "do not let your whole body rock backward"."""
HIPS_TWISTING = FormRule(kind="trunk twisting", limit_deg=12.0)
"""Bird dog: "do not twist your hips as the leg goes back"."""
HIPS_NOT_LEVEL = FormRule(kind="hips not level", limit_deg=10.0, off_axis_only=True)
"""Bridges: the trunk tilts as the hips rise, but must not roll to one side."""

FORM_RULES: dict[str, FormRule] = {
    "clam-shell": TRUNK_ROCKING,
    "side-lying-leg-lift": TRUNK_ROCKING,
    "bird-dog": HIPS_TWISTING,
    "glute-bridge": HIPS_NOT_LEVEL,
    "glute-bridge-single-leg": HIPS_NOT_LEVEL,
    "glute-bridge-ball": HIPS_NOT_LEVEL,
}


def form_rule_for(exercise_id: str | None) -> FormRule | None:
    return FORM_RULES.get(exercise_id) if exercise_id is not None else None
