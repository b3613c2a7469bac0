"""How the dose rules (``catalog.progression``) say a day, a count and how one dose stands
against another.

The rules decide (which parts of a dose differ and by how much, whether one dose is a step
below another); this module only says it. It imports nothing of the rules, so the rules
can say their reasons through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from catalog.describe import seconds_text
from catalog.models import Exercise


@dataclass(frozen=True, slots=True)
class PartChange:
    """One part of a dose (``progression.FIELDS``) that differs from another dose's."""

    field: str
    by: int
    """How much it differs, in the part's own unit (sets, reps or holds, seconds)."""
    less: bool
    """Less than the other dose's, else more."""


def against_text(
    exercise: Exercise,
    what: str,
    changes: Sequence[PartChange],
    *,
    one_step: bool,
    each: bool = False,
) -> str:
    """How a dose stands against another (called ``what``), in words true field by field:
    "one step below what ..." where it is one step below it (``one_step``), else each change
    ("2 holds fewer and holds 5 s shorter than what ...", "1 rep more and 1 s less at the
    top than what ..."). ``each``: said of several exercises at once ("each one step below
    what ...", "each with holds 5 s longer than what ...")."""
    if one_step:
        return f"{'each ' if each else ''}one step below {what}"
    said = [change_text(exercise, change, each=each) for change in changes]
    if not said:
        return f"{'each ' if each else ''}the same as {what}"
    joined = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    return f"{'each with ' if each else ''}{joined} than {what}"


def change_text(exercise: Exercise, change: PartChange, *, each: bool = False) -> str:
    """One part that differs, in words ("2 holds fewer", "holds 5 s shorter"; ``each``: of
    several exercises, "bouts 5 s longer", not "each bout 5 s longer")."""
    field, count, less = change.field, change.by, change.less
    if field in ("sets", "reps"):
        noun = "hold" if field == "reps" and exercise.mode == "hold" else field[:-1]
        return f"{count} {noun}{'s' if count > 1 else ''} {'fewer' if less else 'more'}"
    if field == "hold_s" and exercise.mode != "hold":
        return f"{seconds_text(count)} {'less' if less else 'more'} at the top"
    what = "holds" if field == "hold_s" else "bouts" if each else "each bout"
    return f"{what} {seconds_text(count)} {'shorter' if less else 'longer'}"


def day_text(day: date) -> str:
    """E.g. "Mon 3 Mar" (English whatever the machine's locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def days_text(days: Sequence[date]) -> str:
    """E.g. "Mon 3 Mar and Wed 5 Mar"; many days: "Mon 3 Mar to Fri 14 Mar"."""
    shown = [day_text(d) for d in days]
    if len(shown) > 3:
        return f"{shown[0]} to {shown[-1]}"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def ago_text(days: int) -> str:
    """How long ago a day ``days`` back (1 or more) was: "1 day ago", "10 days ago" within
    two weeks, else in whole weeks ("3 weeks ago")."""
    weeks = days // 7
    if weeks > 1:
        return f"{weeks} weeks ago"
    return "1 day ago" if days == 1 else f"{days} days ago"


def times_text(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
