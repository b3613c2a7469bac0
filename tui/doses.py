"""Today's doses for a routine: the routine's own, or suggested from its past sessions."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from msgspec.structs import replace

from catalog import Catalog, Routine
from catalog.describe import dose_text, source_text
from catalog.models import Dose, Exercise, Frequency
from catalog.plan import PlannedStep, expand, item_dose
from catalog.progression import (
    FIELDS,
    Pace,
    Performance,
    Suggestion,
    pace_of,
    relation_text,
    suggest,
)


def suggestions(
    routine: Routine,
    catalog: Catalog,
    history: Mapping[str, Sequence[Performance]],
    today: date,
    pins: Mapping[str, Dose] | None = None,
) -> dict[str, Suggestion]:
    """A suggestion per exercise of the routine (an exercise listed twice gets one);
    ``history`` newest first per exercise, ``pins`` the doses the person pinned."""
    found: dict[str, Suggestion] = {}
    for item in routine.items:
        if item.exercise in found:
            continue
        exercise = catalog.exercises[item.exercise]
        planned = item_dose(exercise, item.dose)
        # Rest is the routine's; only what is done changes.
        past = [
            dataclasses.replace(p, dose=replace(p.dose, rest_s=planned.rest_s))
            for p in history.get(item.exercise, ())
        ]
        pinned = (pins or {}).get(item.exercise)
        found[item.exercise] = suggest(
            exercise,
            planned,
            past,
            today,
            pace(routine, item.exercise, catalog),
            None if pinned is None else replace(pinned, rest_s=planned.rest_s),
        )
    return found


def pace(routine: Routine, exercise_id: str, catalog: Catalog) -> Pace:
    """How fast the exercise may step up in this routine: the slowest the routine or the
    exercise gives, named by its source."""
    exercise = catalog.exercises[exercise_id]
    said: list[tuple[Frequency | None, str]] = [
        (routine.frequency, _source_name(routine.sources, catalog)),
        (exercise.frequency, _source_name(exercise.sources, catalog)),
    ]
    return pace_of(said)


def _source_name(sources: Sequence[str], catalog: Catalog) -> str:
    if not sources:
        return ""
    source = catalog.sources.get(sources[0])
    return f"“{source.title}”" if source is not None else source_text(sources[0], catalog.sources)


def with_doses(routine: Routine, doses: Mapping[str, Dose]) -> Routine:
    """The routine with each exercise's dose replaced by ``doses`` where given."""
    items = tuple(
        replace(item, dose=doses[item.exercise]) if item.exercise in doses else item
        for item in routine.items
    )
    return replace(routine, items=items)


def plan(
    routine: Routine, catalog: Catalog, rest_s: int, doses: Mapping[str, Dose] | None = None
) -> list[PlannedStep]:
    return expand(with_doses(routine, doses or {}), catalog.exercises, rest_s)


@dataclass(frozen=True, slots=True)
class DoseChanged:
    """An exercise that starts at another dose than the routine screen showed: the doses
    are worked out again as the session starts (a session ended meanwhile counts)."""

    exercise_id: str
    shown: Dose
    dose: Dose
    """The dose it starts at."""
    reason: str
    """Why it is this dose (``Suggestion.reason``: no full stop at the end)."""


UNREAD = "the routine's own: the past sessions cannot be read"
"""The reason for a routine's own dose when the past sessions could not be read."""


def changed_since_shown(
    routine: Routine,
    catalog: Catalog,
    shown: Mapping[str, Dose],
    doses: Mapping[str, Dose],
    found: Mapping[str, Suggestion] | None,
) -> list[DoseChanged]:
    """The exercises of ``routine`` whose dose at start (``doses``, over the routine's own)
    is not the dose ``shown`` (any part that makes a dose: the rest is the routine's), in
    the routine's order, each with its reason: the suggestion's (``found``; None: the past
    sessions could not be read, so the routine's own)."""
    changed: dict[str, DoseChanged] = {}
    for item in routine.items:
        exercise = catalog.exercises.get(item.exercise)
        was = shown.get(item.exercise)
        if exercise is None or was is None or item.exercise in changed:
            continue
        dose = doses.get(item.exercise) or item_dose(exercise, item.dose)
        if all(getattr(dose, f) == getattr(was, f) for f in FIELDS):
            continue
        suggestion = (found or {}).get(item.exercise)
        reason = "the routine's own" if found is not None else UNREAD
        if suggestion is not None:
            reason = suggestion.reason
        changed[item.exercise] = DoseChanged(item.exercise, was, dose, reason)
    return list(changed.values())


CHANGED_TITLE = "Dose changed since shown"
SHOWN = "the dose shown"


def doses_changed_text(changed: Sequence[DoseChanged], exercises: Mapping[str, Exercise]) -> str:
    """The line the session starts with: each exercise changed, how its dose stands against
    the dose shown, and why; exercises changed alike for the same reason said together
    (pain elsewhere holds every one it stepped up), without their doses, which the coach
    says as each comes: "Knee-to-chest stretch today: 2 × 10 s hold, each side, one step
    below the dose shown: pain was 8/10 at the start of Back ten on Sun 6 Dec: the same
    again."; "Pelvic tilt and Cat-cow stretch today: each one step below the dose shown:
    …"."""
    alike: dict[tuple[str, str], list[DoseChanged]] = {}
    for one in changed:
        exercise = exercises[one.exercise_id]
        against = relation_text(exercise, one.dose, one.shown, SHOWN)
        alike.setdefault((against, one.reason), []).append(one)
    said = []
    for (against, reason), these in alike.items():
        if len(these) == 1:
            exercise = exercises[these[0].exercise_id]
            what = f"{exercise.name} today: {dose_text(exercise, these[0].dose)}, {against}"
        else:
            first = these[0]  # alike: their words against the dose shown are the same
            each = relation_text(
                exercises[first.exercise_id], first.dose, first.shown, SHOWN, each=True
            )
            what = f"{names_text([exercises[c.exercise_id].name for c in these])} today: {each}"
        said.append(f"{what}: {reason}.")
    return " ".join(said)


def names_text(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


PAIN_ROSE_CARE = "If the pain stays or is severe, see a health professional."


def pain_rose_text(next_doses: Mapping[str, Suggestion] | None, catalog: Catalog | None) -> str:
    """What the routine's next session does after pain that went up, true of each of its
    exercises: which are eased (a pinned one at its dose for that session and what that is
    below: its pin, or the dose done where capped by it, ``Suggestion.eased_below``), which
    stay as pinned, and for those whether unpinning would ease them
    (``Suggestion.unpin_eases``, progression's own fact). Without ``next_doses`` (they could
    not be read) or the ``catalog`` that names them, no promise."""
    if next_doses is None or catalog is None:
        return f"Pain went up. {PAIN_ROSE_CARE}"
    exercises = catalog.exercises

    def names(found: list[str]) -> str:
        return names_text([exercises[e].name for e in found])

    eased = [e for e, s in next_doses.items() if s.change == "down"]
    below_pin = [e for e in eased if next_doses[e].pinned]
    kept = [e for e, s in next_doses.items() if s.pinned and s.change != "down"]
    said = []
    if eased:
        which = "" if len(eased) == len(next_doses) else f" of {names(eased)}"
        said.append(f"next time lumbar suggests easier doses{which}")
    for pinned in below_pin:  # the dose itself, and what it is below (the pin, or capped)
        below = next_doses[pinned]
        dose = dose_text(exercises[pinned], replace(below.dose, rest_s=None))
        said.append(f"{exercises[pinned].name} at {dose} for that session, {below.eased_below}")
    for unpin in (False, True):
        these = [e for e in kept if next_doses[e].unpin_eases == unpin]
        if these:
            one = len(these) == 1
            them = "it" if one else "them"
            easier = f" (unpin {them} for an easier dose)" if unpin else ""
            said.append(f"{names(these)} stay{'s' if one else ''} as you pinned {them}{easier}")
    told = ": " + "; ".join(said) + "." if said else "."
    return f"Pain went up{told} {PAIN_ROSE_CARE}"
