"""The days exercised, like a contributions graph: a column per week (oldest on the left),
a row per weekday, each day shaded by the minutes exercised, in the theme's colours.

It always shows the whole last year (the trends' default period): where a square and a gap
per day do not fit 52 weeks (an 80-column terminal), the squares go without gaps."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual.widget import Widget

from db.clock import today as clock_today
from tui.widgets.charts import MONTHS

LEVEL_SHARE = (0.12, 0.35, 0.55, 0.78, 1.0)
"""How much of the theme's colour each level takes over the surface (level 0: not exercised)."""

DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LABEL_COLUMNS = 4
CELL = "■ "
NARROW_CELL = "■"
MAX_WEEKS = 52


def cell_that_fits(width: int) -> str:
    """A square and a gap per day when a year of weeks fits so, else a square alone."""
    return CELL if LABEL_COLUMNS + MAX_WEEKS * len(CELL) <= width else NARROW_CELL


def level_steps(minutes: Iterable[float]) -> tuple[float, float, float]:
    """The minutes above which a day goes up to level 2, 3 and 4: the quartiles of the
    days exercised, so the shades spread over this person's own range."""
    done = sorted(m for m in minutes if m > 0)
    if len(done) < 2:
        return (math.inf, math.inf, math.inf)
    low, middle, high = statistics.quantiles(done, n=4, method="inclusive")
    return (low, middle, high)


def level(minutes: float, steps: Sequence[float]) -> int:
    """0 for a day without exercise, then 1-4 by minutes (above each step, one more)."""
    if minutes <= 0:
        return 0
    return 1 + sum(1 for step in steps if minutes > step)


def weeks_that_fit(width: int, cell: str = CELL) -> int:
    return max(1, min(MAX_WEEKS, (width - LABEL_COLUMNS) // len(cell)))


def first_monday(today: date, weeks: int) -> date:
    """The Monday that starts the oldest of ``weeks`` columns ending with today's week."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def month_row(mondays: Sequence[date], cell_width: int, room: int | None = None) -> str:
    """Each month's name above the week holding its 1st, January as its year: "2026", or
    "'26" where the four figures would leave no room for February (a column per week). The
    last month's name may run past the last week, within ``room`` columns (no more: the row
    would wrap)."""
    starts = [
        (column * cell_width, monday + timedelta(days=6))
        for column, monday in enumerate(mondays)
        if (monday + timedelta(days=6)).day <= 7  # the week holding the 1st of a month
    ]
    row: list[str] = []
    for index, (at, sunday) in enumerate(starts):
        name = MONTHS[sunday.month - 1]
        if sunday.month == 1:
            up_to = starts[index + 1][0] - 1 if index + 1 < len(starts) else room
            fits = up_to is None or at + 4 <= up_to
            name = str(sunday.year) if fits else f"'{sunday.year % 100:02d}"
        if at > 0 and at - 1 < len(row) and row[at - 1] != " ":
            continue  # no room: the name before it runs on
        if room is not None and at + len(name) > room:
            continue  # past the widget's edge
        row += [" "] * (at + len(name) - len(row))
        row[at : at + len(name)] = list(name)
    return "".join(row).rstrip()


def calendar_text(
    days: Mapping[date, float],
    today: date,
    weeks: int,
    colours: Sequence[Style],
    cell: str = CELL,
    width: int | None = None,
) -> Text:
    """The calendar as text: month names, seven weekday rows and a legend.

    ``colours`` are the five styles for levels 0-4; days after today are left blank;
    ``width``: the columns there are, which the month names keep within.
    """
    steps = level_steps(days.values())
    start = first_monday(today, weeks)
    mondays = [start + timedelta(weeks=w) for w in range(weeks)]
    text = Text(" " * LABEL_COLUMNS)
    room = None if width is None else width - LABEL_COLUMNS
    text.append(month_row(mondays, len(cell), room) + "\n")
    for weekday in range(7):
        text.append(f"{DAY_LABELS[weekday]:<{LABEL_COLUMNS}}", style="dim")
        for monday in mondays:
            day = monday + timedelta(days=weekday)
            if day > today:
                text.append(" " * len(cell))
            else:
                text.append(cell, style=colours[level(days.get(day, 0.0), steps)])
        text.rstrip()
        text.append("\n")
    text.append(" " * LABEL_COLUMNS + "less ", style="dim")
    for style in colours:
        text.append(CELL, style=style)
    text.append("more", style="dim")
    if math.isfinite(steps[0]):
        cuts = ", ".join(f"{step:.0f}" for step in steps)
        text.append(f"  (minutes in sets: over {cuts})", style="dim")
    return text


class ExerciseCalendar(Widget):
    """The calendar of exercised days, as many weeks as fit (up to a year)."""

    DEFAULT_CSS = """
    ExerciseCalendar {
        height: 9;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: dict[date, float] = {}
        self.today = clock_today()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def show(self, days: Mapping[date, float], today: date) -> None:
        self.days = dict(days)
        self.today = today
        self.refresh()

    def level_styles(self) -> list[Style]:
        variables = self.app.theme_variables
        surface = Color.parse(variables.get("surface", "#000000"))
        base = Color.parse(variables.get("foreground", "#ffffff"))
        shade = Color.parse(variables.get("success", "#00aa00"))
        shades = [surface.blend(base, LEVEL_SHARE[0])]
        shades += [surface.blend(shade, share) for share in LEVEL_SHARE[1:]]
        return [Style(color=colour.rich_color) for colour in shades]

    def render(self) -> RenderResult:
        cell = cell_that_fits(self.size.width)
        weeks = weeks_that_fit(self.size.width, cell)
        return calendar_text(
            self.days, self.today, weeks, self.level_styles(), cell, self.size.width
        )
