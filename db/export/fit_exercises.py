"""Garmin's name for each built-in exercise, as a FIT set message holds it.

A set names its exercise by a category (``exercise_category``) and, within it, an exercise
(``<category>_exercise_name``); Garmin Connect shows that name for the set. Where Garmin's
list has the exercise itself, the set names it; where it only has the kind (a McGill curl-up
is not quite our partial curl), the set gives the category alone; an exercise not here (one a
person added) is ``unknown``, which Connect lets them name.
"""

from __future__ import annotations

from garmin_fit_sdk import Profile

UNKNOWN = "unknown"

GARMIN_EXERCISES: dict[str, tuple[str, str | None]] = {
    "banded-monster-walk": ("hip_stability", None),
    "banded-side-walk": ("hip_stability", "lateral_walks_with_band_at_ankles"),
    "bird-dog": ("core", None),
    "cat-cow": ("core", "cat_cow"),
    "chest-raise": ("hyperextension", None),
    "clam-shell": ("hip_raise", "clams"),
    "dead-bug": ("hip_stability", "dead_bug"),
    "forearm-plank": ("plank", "plank"),
    "glute-bridge": ("hip_raise", "hip_raise"),
    "glute-bridge-ball": ("hip_raise", None),
    "glute-bridge-single-leg": ("hip_raise", "single_leg_hip_raise"),
    "knee-to-chest": ("warm_up", "stretch_lying_knee_to_chest"),
    "kneeling-hip-flexor-stretch": ("warm_up", "stretch_lunging_hip_flexor"),
    "lower-back-rotation": ("warm_up", None),
    "overhead-back-stretch": ("warm_up", None),
    "partial-curl": ("crunch", None),
    "pelvic-tilt": ("core", None),
    "prone-leg-raise": ("hyperextension", None),
    "seated-lower-back-rotation": ("warm_up", None),
    "side-lying-leg-lift": ("hip_stability", "side_lying_leg_raise"),
    "side-plank": ("plank", "side_plank"),
    "spanish-squat": ("squat", None),
    "split-squat": ("lunge", None),
    "superman": ("hyperextension", "superman_from_floor"),
    "walking": ("run", "walk"),
}


def garmin_exercise(exercise_id: str) -> dict[str, object]:
    """The set message's ``category`` and, where Garmin has the exercise, its
    ``category_subtype`` (the number of its name within the category)."""
    category, name = GARMIN_EXERCISES.get(exercise_id, (UNKNOWN, None))
    fields: dict[str, object] = {"category": [category]}
    if name is not None:
        names = Profile["types"][f"{category}_exercise_name"]
        fields["category_subtype"] = [next(k for k, v in names.items() if v == name)]
    return fields
