"""Filtering the exercise list: by position, equipment, kind and free text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.models import Exercise

NO_EQUIPMENT = "none"


@dataclass(frozen=True)
class ExerciseFilter:
    position: str | None = None
    equipment: str | None = None
    """An item of equipment (needed or optional), or ``NO_EQUIPMENT`` for exercises that
    need nothing but perhaps a mat."""
    mode: str | None = None
    text: str = ""

    def matches(self, exercise: Exercise) -> bool:
        if self.position is not None and exercise.position != self.position:
            return False
        if self.mode is not None and exercise.mode != self.mode:
            return False
        if self.equipment == NO_EQUIPMENT:
            # Optional equipment does not count: a clam shell works without its band.
            if exercise.equipment and exercise.equipment != ("mat",):
                return False
        elif self.equipment is not None and self.equipment not in _all_equipment(exercise):
            return False
        return all(word in _haystack(exercise) for word in self.text.lower().split())

    def apply(self, exercises: Iterable[Exercise]) -> list[Exercise]:
        return [e for e in exercises if self.matches(e)]


def _haystack(exercise: Exercise) -> str:
    return " ".join((exercise.id, exercise.name, *exercise.aliases, *exercise.muscles)).lower()


def _all_equipment(exercise: Exercise) -> tuple[str, ...]:
    return exercise.equipment + exercise.optional_equipment


def equipment_choices(exercises: Iterable[Exercise]) -> list[str]:
    """Every item of equipment used, needed or optional, most common first (the mat left
    out: nearly all use one)."""
    counts: dict[str, int] = {}
    for exercise in exercises:
        for item in _all_equipment(exercise):
            if item != "mat":
                counts[item] = counts.get(item, 0) + 1
    return sorted(counts, key=lambda item: (-counts[item], item))
