"""The catalog's data model: frozen structs validated straight from TOML tables.

Field names carry their units (``hold_s``, ``duration_s``). Every struct rejects unknown
fields so that a typo in a catalog file is reported instead of silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Mode = Literal["hold", "reps", "timed"]
"""hold: a position held still, the timer matters; reps: repetitions counted, perhaps with
a short pause at the top; timed: a stretch or activity done for a duration."""

Position = Literal["supine", "prone", "side-lying", "all-fours", "kneeling", "seated", "standing"]
Purpose = Literal["strength", "activation", "stretch", "mobility", "aerobic"]
Direction = Literal["easier", "harder", "alternative"]
Period = Literal["day", "week"]

Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, msgspec.Meta(min_length=1)]
Count = Annotated[int, msgspec.Meta(ge=1, le=500)]
Seconds = Annotated[int, msgspec.Meta(ge=1, le=3600)]
RestSeconds = Annotated[int, msgspec.Meta(ge=0, le=600)]
Weeks = Annotated[int, msgspec.Meta(ge=1, le=104)]


class Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base for every catalog struct."""


class Dose(Struct, frozen=True, kw_only=True):
    """How much of an exercise: sets of reps (or holds), each hold or the whole bout timed.

    - reps mode: ``reps`` per set (per side when the exercise is done per side), and
      ``hold_s`` the pause at the top of each rep, if any.
    - hold mode: ``hold_s`` for each hold and ``reps`` holds per set.
    - timed mode: ``duration_s`` for the whole bout (per side when done per side).
    """

    sets: Count = 1
    reps: Count | None = None
    hold_s: Seconds | None = None
    duration_s: Seconds | None = None
    rest_s: RestSeconds | None = None


class DosePlan(Struct, frozen=True, kw_only=True):
    """Where to start and what to build up to, as the sources give it."""

    start: Dose
    target: Dose
    note: str = ""


class Tempo(Struct, frozen=True, kw_only=True):
    """Seconds to lift and to lower in each rep (the pause at the top is ``Dose.hold_s``)."""

    lift_s: Annotated[float, msgspec.Meta(gt=0, le=30)]
    lower_s: Annotated[float, msgspec.Meta(gt=0, le=30)]


class Frequency(Struct, frozen=True, kw_only=True):
    """How often to do an exercise or a routine, and when to step it up, as a source says.

    ``times`` (up to ``times_max`` for a range such as 2-3) each ``per``: 3 a week, 1 a day.
    A source that says less ("regularly") leaves the numbers out and says it in ``note``.
    ``progress`` is how to make it harder, ``progress_after_weeks`` when, if the source says.
    Typed rather than free text so that user files are checked and a session count can be
    compared with it.
    """

    times: Count | None = None
    times_max: Count | None = None
    per: Period | None = None
    progress_after_weeks: Weeks | None = None
    progress: str = ""
    note: str = ""


class Variant(Struct, frozen=True, kw_only=True):
    """An easier, harder or alternative way to do an exercise.

    ``exercise`` names another catalog exercise when the variant has an entry of its own.
    """

    name: Text
    direction: Direction
    how: Text
    exercise: Id | None = None


class Exercise(Struct, frozen=True, kw_only=True):
    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    summary: Text
    mode: Mode
    per_side: bool = False
    position: Position
    purpose: Purpose
    equipment: tuple[Text, ...] = ()
    """What the exercise cannot be done without."""
    optional_equipment: tuple[Text, ...] = ()
    """What may be added (a band for more resistance) but is not needed."""
    muscles: tuple[Text, ...] = ()
    """Every muscle worked; search looks here."""
    primary_muscles: tuple[Text, ...] = ()
    """The muscles the exercise is mainly for, when a source says (each also in ``muscles``);
    the rest of ``muscles`` work less. Empty: the sources do not rank them."""
    steps: Annotated[tuple[Text, ...], msgspec.Meta(min_length=1)]
    cues: tuple[Text, ...] = ()
    cautions: tuple[Text, ...] = ()
    dose: DosePlan
    tempo: Tempo | None = None
    frequency: Frequency | None = None
    variants: tuple[Variant, ...] = ()
    sources: tuple[Text, ...] = ()


class RoutineItem(Struct, frozen=True, kw_only=True):
    """One exercise in a routine; ``dose`` replaces the exercise's starting dose."""

    exercise: Id
    dose: Dose | None = None
    note: str = ""


class Routine(Struct, frozen=True, kw_only=True):
    id: Id
    name: Text
    description: Text
    items: Annotated[tuple[RoutineItem, ...], msgspec.Meta(min_length=1)]
    frequency: Frequency | None = None
    sources: tuple[Text, ...] = ()


class Source(Struct, frozen=True, kw_only=True):
    """A document the catalog's facts were taken from."""

    id: Id
    file: Text
    title: Text
    author: Text
    kind: Text
    safety: tuple[Text, ...] = ()
    """Advice the document gives for all exercise, shown beside lumbar's own safety line."""


class CatalogFile(Struct, frozen=True, kw_only=True):
    """What one TOML file may hold: any number of exercises, routines and sources."""

    exercise: tuple[Exercise, ...] = ()
    routine: tuple[Routine, ...] = ()
    source: tuple[Source, ...] = ()
