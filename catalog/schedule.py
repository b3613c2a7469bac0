"""What is due today: each routine a person follows, against how often it is meant to be done.

A routine is *followed* when it was done in the last ``FOLLOWED_DAYS`` days. Its frequency
(``Frequency.times`` each ``per`` day or week, from the catalog) says what is due:

- ``per = "day"``: due until it has been done ``times`` times today.
- ``per = "week"`` (a calendar week, Monday to Sunday): done for the week at ``times``
  sessions. Otherwise due today unless it was done today, or done so recently that the
  sessions left fit the days left at an even spacing: 7 // times days apart (every 2 days
  for 3 a week, every 3 for twice a week). When the sessions still needed fill every day
  left in the week, it is due whatever the spacing.
- no numbers (a note such as "now and then"): never due; shown with when it was last done.

A session counts when it started on that local day and at least one set was done, as the
trends count days exercised. Pure: sessions and today in, a plan out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from catalog.models import Frequency, Routine

FOLLOWED_DAYS = 56
"""A routine done within the last eight weeks is one the person follows."""

State = Literal["due", "done", "rest", "open"]
"""due: do it today; done: done for today (or the week's target is met); rest: not today,
for an even spacing; open: the routine gives no numbers, so nothing is ever due."""


@dataclass(frozen=True, slots=True)
class Done:
    """One session of a routine: the routine and the local day it started on."""

    routine_id: str
    day: date


@dataclass(frozen=True, slots=True)
class RoutineToday:
    routine_id: str
    name: str
    state: State
    frequency: Frequency | None
    last_done: date | None
    done_today: int
    done_this_week: int
    target: int | None
    """Sessions meant in the period (today for ``per = "day"``, the week otherwise)."""
    week: tuple[int, ...]
    """Sessions on each day of this week, Monday first."""
    next_due: date | None
    """The next day it is due when it is not due today (None when due, or open)."""

    @property
    def per(self) -> str | None:
        return None if self.frequency is None else self.frequency.per


@dataclass(frozen=True, slots=True)
class Today:
    day: date
    routines: tuple[RoutineToday, ...]
    """The routines followed: due ones first, then by name."""

    @property
    def due(self) -> tuple[RoutineToday, ...]:
        return tuple(routine for routine in self.routines if routine.state == "due")


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def spacing_days(times: int) -> int:
    """Days between sessions meant ``times`` a week, evenly spread."""
    return max(1, 7 // times)


def plan_today(routines: Mapping[str, Routine], done: Iterable[Done], today: date) -> Today:
    """What is due ``today`` for every routine followed (done in the last ``FOLLOWED_DAYS``),
    from its sessions ``done``. Routines no longer in the catalog are left out."""
    by_routine: dict[str, list[date]] = {}
    for session in done:
        if session.day <= today:
            by_routine.setdefault(session.routine_id, []).append(session.day)
    followed = [
        routine_id
        for routine_id, days in by_routine.items()
        if routine_id in routines and today - max(days) < timedelta(days=FOLLOWED_DAYS)
    ]
    planned = [_routine_today(routines[r], sorted(by_routine[r]), today) for r in followed]
    order = {"due": 0, "rest": 1, "done": 2, "open": 3}
    planned.sort(key=lambda r: (order[r.state], r.name.casefold(), r.routine_id))
    return Today(day=today, routines=tuple(planned))


def _routine_today(routine: Routine, days: list[date], today: date) -> RoutineToday:
    start = monday(today)
    week = tuple(days.count(start + timedelta(days=offset)) for offset in range(7))
    done_today = days.count(today)
    done_this_week = sum(week)
    last_done = days[-1] if days else None
    frequency = routine.frequency
    times = frequency.times if frequency is not None else None
    per = frequency.per if frequency is not None else None
    state: State
    next_due: date | None = None
    if times is None or per is None:
        state, target = "open", None
    elif per == "day":
        target = times
        state = "due" if done_today < times else "done"
        next_due = None if state == "due" else today + timedelta(days=1)
    else:
        target = times
        state, next_due = _weekly(times, done_this_week, done_today, last_done, today)
    return RoutineToday(
        routine_id=routine.id,
        name=routine.name,
        state=state,
        frequency=frequency,
        last_done=last_done,
        done_today=done_today,
        done_this_week=done_this_week,
        target=target,
        week=week,
        next_due=next_due,
    )


def _weekly(
    times: int, done: int, done_today: int, last: date | None, today: date
) -> tuple[State, date | None]:
    next_monday = monday(today) + timedelta(days=7)
    if done >= times:
        return "done", next_monday
    needed = times - done
    sunday = next_monday - timedelta(days=1)
    # The last day on which starting again still leaves a day for each session needed.
    catch_up = sunday - timedelta(days=needed - 1)
    if done_today:
        spaced = today + timedelta(days=spacing_days(times))
        return "done", max(today + timedelta(days=1), min(spaced, catch_up, next_monday))
    if last is None or today >= catch_up:
        return "due", None
    spaced = last + timedelta(days=spacing_days(times))
    if today >= spaced:
        return "due", None
    return "rest", min(spaced, catch_up)
