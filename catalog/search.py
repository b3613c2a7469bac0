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
    """An item of equipment, or ``NO_EQUIPMENT`` for exercises that need nothing."""
    mode: str | None = None
    text: str = ""

    def matches(self, exercise: Exercise) -> bool:
        if self.position is not None and exercise.position != self.position:
            return False
        if self.mode is not None and exercise.mode != self.mode:
            return False
        if self.equipment == NO_EQUIPMENT:
            if exercise.equipment and exercise.equipment != ("mat",):
                return False
        elif self.equipment is not None and self.equipment not in exercise.equipment:
            return False
        return all(word in _haystack(exercise) for word in self.text.lower().split())

    def apply(self, exercises: Iterable[Exercise]) -> list[Exercise]:
        return [e for e in exercises if self.matches(e)]


def _haystack(exercise: Exercise) -> str:
    return " ".join((exercise.id, exercise.name, *exercise.aliases, *exercise.muscles)).lower()


def equipment_choices(exercises: Iterable[Exercise]) -> list[str]:
    """Every item of equipment used, most common first (the mat left out: nearly all use one)."""
    counts: dict[str, int] = {}
    for exercise in exercises:
        for item in exercise.equipment:
            if item != "mat":
                counts[item] = counts.get(item, 0) + 1
    return sorted(counts, key=lambda item: (-counts[item], item))
