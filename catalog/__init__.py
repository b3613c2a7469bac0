"""What to do: exercises, routines and doses, loaded from TOML files and validated.

Knows nothing of screens, sensors or storage.
"""

from catalog.loader import BUILTIN_DIR, Catalog, Problem, load_catalog
from catalog.models import (
    Dose,
    DosePlan,
    Exercise,
    Frequency,
    Routine,
    RoutineItem,
    Source,
    Variant,
)

__all__ = [
    "BUILTIN_DIR",
    "Catalog",
    "Dose",
    "DosePlan",
    "Exercise",
    "Frequency",
    "Problem",
    "Routine",
    "RoutineItem",
    "Source",
    "Variant",
    "load_catalog",
]
