"""What is due today, in words: one wording for the home screen, ``lumbar today`` and the
reminder, so that they never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from catalog.describe import frequency_text
from catalog.measures import Measure
from catalog.schedule import RoutineToday, Today

if TYPE_CHECKING:
    from db.today import LeftToday

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHECK_INS: dict[Measure, str] = {
    "peg": "PEG, how this week went",
    "psfs": "PSFS, your activities",
}
CHECK_IN_KEYS: dict[Measure, str] = {"peg": "p", "psfs": "a"}
NOTHING_FOLLOWED = "Nothing planned yet: the routines you do show here, with what is due and when."
WIDTH = 80
"""The lines of what is due fit a terminal this wide (``lay_out``)."""
INDENT = 4
"""A routine's further lines start this far in when its name is too long to have them under
its first fact."""


def day_text(day: date, today: date) -> str:
    """ "today", "yesterday", or e.g. "Mon 10 Mar" (with the year when not this year's)."""
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    if (day - today).days == 1:
        return "tomorrow"
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def state_text(routine: RoutineToday, today: date) -> str:
    """E.g. "due today", "done for today", "rest day; next Mon 10 Mar"."""
    if routine.state == "due":
        more = (routine.target or 0) - routine.done_today
        return f"due today ({more} more)" if routine.per == "day" and more > 1 else "due today"
    if routine.state == "rest":
        return f"rest day; next {day_text(routine.next_due or today, today)}"
    if routine.state == "done":
        if routine.per == "week" and routine.target and routine.done_this_week >= routine.target:
            return "done for this week"
        return "done for today"
    return "no set frequency"


def left_text(left: LeftToday) -> str:
    """Today's session that was not completed: "started today, 1 of 4 sets done" (it was
    interrupted, and a resume is offered, or it is still going), "ended early today (pain),
    1 of 4 sets done", "ended early today, 0 of 4 sets done, 1 part done" (a set left
    after some of it was done)."""
    sets = f"{left.sets_done} of {left.sets_planned}" if left.sets_planned else str(left.sets_done)
    done = f"{sets} set{'s' if (left.sets_planned or left.sets_done) != 1 else ''} done"
    if left.sets_part_done:
        done += f", {left.sets_part_done} part done"
    if left.status == "ended-early":
        return f"ended early today{' (pain)' if left.for_pain else ''}, {done}"
    return f"started today, {done}"


def week_text(routine: RoutineToday, today: date) -> str:
    """E.g. "this week 1 of 3 (Mon)", "today 1 of 2", or "this week 2 (Mon, Wed)"."""
    if routine.per == "day":
        return f"today {routine.done_today} of {routine.target}"
    days = [WEEKDAYS[i] for i, count in enumerate(routine.week) if count]
    done = routine.done_this_week
    amount = f"{done} of {_target(routine)}" if routine.target else str(done)
    return f"this week {amount}" + (f" ({', '.join(days)})" if days else "")


def _target(routine: RoutineToday) -> str:
    frequency = routine.frequency
    if frequency is not None and frequency.times_max is not None:
        return f"{frequency.times}-{frequency.times_max}"
    return str(routine.target)


def last_text(routine: RoutineToday, today: date) -> str:
    if routine.last_done is None:
        return "not done yet"
    return f"last done {day_text(routine.last_done, today)}"


def routine_lines(
    routine: RoutineToday,
    today: date,
    left: LeftToday | None = None,
    *,
    width: int = WIDTH,
) -> list[str]:
    """A routine's line, on lines no wider than ``width`` (the home screen's Today panel):
    e.g. "Core basics: due today · last done Mon 10 Mar · this week 1 of 3 (Mon)"; with
    today's session not completed (``left``), "Core basics: started today, 1 of 4 sets done ·
    this week 1 of 3 (Sat)"."""
    return lay_out(f"{routine.name}: ", routine_cells(routine, today, left), width)


def lay_out(head: str, cells: Sequence[str], width: int = WIDTH) -> list[str]:
    """``head`` (a routine's name, as each face sets it) then ``cells`` joined by " · ", on
    lines no wider than ``width``: a cell that would reach past it starts the next line,
    under the first cell where the head is short (a third of the width at most) and leaves
    room there for the widest cell, else ``INDENT`` in (a long name); a name too long for
    its first cell beside it has a line of its own. A cell is never split, so one wider
    than a whole line is the only overflow.

    E.g. "Core basics: ended early today, 0 of 4 sets done, 1 part done" and, under its
    first cell, "this week 1 of 3 (Sun)"."""
    margin = len(head) - len(head.lstrip(" "))
    widest = max((len(cell) for cell in cells), default=0)
    short = len(head) <= head_room(width) and len(head) + widest <= width
    return _lines(head, cells, width, len(head) if short else margin + INDENT)


def head_room(width: int = WIDTH) -> int:
    """The longest head (name and all) whose cells' further lines ``lay_out`` starts under
    its first cell: a third of ``width``."""
    return width // 3


def _lines(head: str, cells: Sequence[str], width: int, indent: int) -> list[str]:
    lines: list[str] = []
    line, first = head, True
    for cell in cells:
        joined = line + cell if first else f"{line} · {cell}"
        if len(joined) > width:
            lines.append(line.rstrip(" ·") if first else line)
            joined = " " * indent + cell
        line, first = joined, False
    lines.append(line.rstrip(" ·") if first else line)
    return lines


def routine_cells(routine: RoutineToday, today: date, left: LeftToday | None = None) -> list[str]:
    """The state, when last done and the week's count: a routine's line in its parts. What
    became of today's session not completed (``left_text``, the words of ``lumbar today
    --json``) says when it was, in place of "last done today" (it may have no set done), and
    of "done" where the routine is done for now: it counts for the week, but it was not
    done."""
    if left is None:
        return [state_text(routine, today), last_text(routine, today), week_text(routine, today)]
    if routine.state == "done":
        return [left_text(left), week_text(routine, today)]
    return [state_text(routine, today), left_text(left), week_text(routine, today)]


def how_often(routine: RoutineToday) -> str:
    return frequency_text(routine.frequency) if routine.frequency is not None else ""


def due_summary(today: Today) -> str:
    """One line for a reminder: e.g. "Due today: Core basics." ("" when nothing is due)."""
    names = [routine.name for routine in today.due]
    if not names:
        return ""
    return "Due today: " + ", ".join(names) + "."


def check_in_line(due: tuple[Measure, ...], *, keys: bool = False) -> str:
    """E.g. "Check-ins due: PEG, how this week went · PSFS, your activities"; with ``keys``
    the home screen's key for each."""
    if not due:
        return ""
    words = [
        CHECK_INS[measure] + (f" ({CHECK_IN_KEYS[measure]})" if keys else "") for measure in due
    ]
    return f"Check-in{'s' if len(due) > 1 else ''} due: " + " · ".join(words)
