"""Trends: the calendar of days exercised with streaks, each exercise's holds or reps over
time, pain before and after, and minutes per week. ``1``-``4`` switch between them, ``p``
chooses the period the charts cover (the calendar and streaks always reach back)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from db.connection import said
from db.errors import DatabaseProblem
from db.trends import (
    ExerciseTrend,
    PainPoint,
    Streaks,
    active_days,
    exercise_trends,
    minutes_per_week,
    pain_trend,
    streaks,
)
from tui.log_clock import LogClock, Opener
from tui.widgets.calendar import ExerciseCalendar
from tui.widgets.charts import (
    MONTHS,
    BarChart,
    Line,
    LineChart,
    Role,
    Tick,
    date_ticks,
    day_label,
)
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.words import count_text

if TYPE_CHECKING:
    from sqlite_utils import Database

PERIODS: tuple[tuple[str, int | None], ...] = (
    ("last 3 months", 91),
    ("last year", 365),
    ("last 3 years", 1096),
    ("all time", None),
)
"""What ``p`` goes through, in turn: (name, days back from today)."""
FIRST_PERIOD = 1
MOST_POINTS = 60
"""More points than this on a trend chart are averaged by week, more weeks than
``MOST_WEEKS`` by month: a chart 70 columns wide shows no more without a blur."""
MOST_WEEKS = 160
MOST_BARS = 54
"""More weeks than this are shown as months. A year's period touches 54 weeks when it begins
on a Sunday and ends on a Monday (53 did, and its bars turned to months on such days)."""


@dataclass(frozen=True, slots=True)
class DaysView:
    """The days exercised (all of them: streaks reach back) and the streaks."""

    today: date
    days: dict[date, float]
    streaks: Streaks


@dataclass(frozen=True, slots=True)
class TrendsView:
    """Everything the trends screen shows for one period."""

    today: date
    since: date | None
    exercises: tuple[ExerciseTrend, ...]
    pain: tuple[PainPoint, ...]
    weeks: tuple[tuple[date, float], ...]
    days: dict[date, float]
    streaks: Streaks


def load_days(db: Database, clock: LogClock, include_demo: bool = False) -> DaysView:
    today = clock.today()
    days = active_days(db, tz=clock.zone(), include_demo=include_demo)
    return DaysView(today, days, streaks(days, today))


def load_trends(
    db: Database, clock: LogClock, since: date | None, days: DaysView, include_demo: bool = False
) -> TrendsView:
    tz = clock.zone()
    demo = include_demo
    return TrendsView(
        today=days.today,
        since=since,
        exercises=tuple(exercise_trends(db, since=since, tz=tz, include_demo=demo)),
        pain=tuple(pain_trend(db, since=since, tz=tz, include_demo=demo)),
        weeks=tuple(minutes_per_week(db, since=since, tz=tz, today=days.today, include_demo=demo)),
        days=days.days,
        streaks=days.streaks,
    )


def days_text(count: int) -> str:
    return count_text(count, "day")


def streak_text(found: Streaks, exercised_today: bool) -> str:
    """The current and longest streak in words."""
    if found.current_days:
        current = f"Current streak: {days_text(found.current_days)}"
        if not exercised_today:
            current += " (a session today keeps it going)"
    else:
        current = "No current streak: a session today starts one"
    if not found.longest_days:
        return current + "."
    if found.longest_days == found.current_days:
        return f"{current}, your longest yet."
    ended = found.longest_ended.isoformat() if found.longest_ended else "?"
    return f"{current}. Longest: {days_text(found.longest_days)}, ended {ended}."


def by_period(
    points: Sequence[tuple[date, float]], start_of: Callable[[date], date]
) -> list[tuple[date, float]]:
    """The mean of the values in each period (a week, a month), on its first day."""
    periods: dict[date, list[float]] = {}
    for day, value in points:
        periods.setdefault(start_of(day), []).append(value)
    return [(first, mean(values)) for first, values in sorted(periods.items())]


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_of(day: date) -> date:
    return day.replace(day=1)


def smoothed(points: Sequence[tuple[date, float]]) -> tuple[list[tuple[date, float]], str]:
    """Few enough points to read on a chart 70 columns wide: as they are, or averaged by
    week, or by month over years; and which ("", "weekly", "monthly")."""
    if len(points) <= MOST_POINTS:
        return list(points), ""
    weekly = by_period(points, week_of)
    if len(weekly) <= MOST_WEEKS:
        return weekly, "weekly"
    return by_period(points, month_of), "monthly"


def trend_line(label: str, points: Sequence[tuple[date, float | None]], role: Role) -> Line:
    known, _ = smoothed([(day, value) for day, value in points if value is not None])
    return Line(
        label,
        tuple(float(day.toordinal()) for day, _ in known),
        tuple(value for _, value in known),
        role,
    )


def averaged(points: Sequence[tuple[date, object]]) -> str:
    """What a trend chart of these points says about averaging, for its title."""
    _, how = smoothed([(day, 0.0) for day, _ in points])
    return f", {how} average" if how else ""


def exercise_lines(trend: ExerciseTrend) -> list[Line]:
    if trend.mode == "hold":
        return [
            trend_line("best hold", [(p.day, p.best_hold_s) for p in trend.points], "primary"),
            trend_line("typical", [(p.day, p.typical_hold_s) for p in trend.points], "accent"),
        ]
    best = [(p.day, None if p.best_reps is None else float(p.best_reps)) for p in trend.points]
    return [
        trend_line("most reps", best, "primary"),
        trend_line("typical", [(p.day, p.typical_reps) for p in trend.points], "accent"),
    ]


def pain_shown(points: Sequence[PainPoint]) -> Sequence[PainPoint]:
    """The sessions the pain chart draws: each as it is, or, where there are so many that
    they are averaged, those with both pain before and after, so that one line's average
    is not of other sessions than the other's."""
    paired = [p for p in points if p.before is not None and p.after is not None]
    return paired if len(points) > MOST_POINTS and paired else points


def pain_lines(points: Sequence[PainPoint]) -> list[Line]:
    """Pain before and after each session (``pain_shown``); sessions of one day each at a
    place of their own across it (``within_days``), so that two on one day are two points."""
    points = pain_shown(points)
    before = [(p.day, None if p.before is None else float(p.before)) for p in points]
    after = [(p.day, None if p.after is None else float(p.after)) for p in points]
    if len(points) > MOST_POINTS:  # averaged by week or month: by day
        return [trend_line("before", before, "warning"), trend_line("after", after, "success")]
    xs = within_days([p.day for p in points])

    def line(label: str, values: list[tuple[date, float | None]], role: Role) -> Line:
        kept = [(x, value) for x, (_, value) in zip(xs, values, strict=True) if value is not None]
        return Line(label, tuple(x for x, _ in kept), tuple(v for _, v in kept), role)

    return [line("before", before, "warning"), line("after", after, "success")]


def within_days(days: Sequence[date]) -> list[float]:
    """Where each of these (in order) goes on a time axis of day ordinals: one day's alone on
    it, several of one day evenly across it (two: a sixth of a day either side)."""
    count: dict[date, int] = {}
    for day in days:
        count[day] = count.get(day, 0) + 1
    seen: dict[date, int] = {}
    xs: list[float] = []
    for day in days:
        seen[day] = seen.get(day, 0) + 1
        xs.append(day.toordinal() + seen[day] / (count[day] + 1) - 0.5)
    return xs


def days_ticks(days: Sequence[date]) -> list[Tick]:
    """The time axis's labels for points on these days (``date_ticks`` over their span)."""
    return date_ticks(min(days), max(days)) if days else []


DAYS_SHOWN_LEAST = 2.0
"""A trend chart's time axis spans at least two days: one day's points in its middle."""


def minute_bars(weeks: Sequence[tuple[date, float]]) -> tuple[list[float], list[Tick], str]:
    """Bars of minutes per week (per month over a long time), labels, and what a bar is."""
    if len(weeks) <= MOST_BARS:
        ticks = [
            Tick(float(index), MONTHS[monday.month - 1])
            for index, (monday, _) in enumerate(weeks)
            if monday.day <= 7
        ]
        if len(ticks) < 2:  # a few weeks: each by its Monday, as a month's name says little
            ticks = [
                Tick(float(index), day_label(monday)) for index, (monday, _) in enumerate(weeks)
            ]
        return [minutes for _, minutes in weeks], ticks, "week"
    months: dict[tuple[int, int], float] = {}
    for monday, minutes in weeks:
        months[(monday.year, monday.month)] = months.get((monday.year, monday.month), 0) + minutes
    keys = sorted(months)
    ticks = [Tick(float(i), str(year)) for i, (year, month) in enumerate(keys) if month == 1]
    return [months[key] for key in keys], ticks, "month"


class TrendsScreen(Screen[None]):
    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (OptionList,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""
    TITLE = "Trends"
    AUTO_FOCUS = "#trend-tabs Tabs"
    BINDINGS = [
        Binding("1", "tab('trend-calendar')", "Calendar", id="trends.calendar"),
        Binding("2", "tab('trend-exercise')", "Exercises", id="trends.exercises"),
        Binding("3", "tab('trend-pain')", "Pain", id="trends.pain"),
        Binding("4", "tab('trend-minutes')", "Minutes", id="trends.minutes"),
        Binding("p", "period", "Period", id="trends.period"),
        Binding("escape", "app.pop_screen", "Back", id="trends.back"),
    ]

    DEFAULT_CSS = """
    TrendsScreen #trend-summary {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    TrendsScreen #trend-tabs, TrendsScreen #trend-tabs ContentSwitcher {
        height: 1fr;
    }
    TrendsScreen TabPane {
        height: 1fr;
        padding: 0;
    }
    TrendsScreen TabPane > Horizontal {
        height: 1fr;
    }
    TrendsScreen #calendar-pane {
        padding: 1 1 0 1;
    }
    TrendsScreen #streaks {
        height: auto;
        margin: 1 0 0 0;
        text-style: bold;
    }
    TrendsScreen #trend-exercises {
        width: 24;
        height: 1fr;
        border: round $primary 50%;
    }
    TrendsScreen #trend-exercises:focus {
        border: round $primary;
    }
    """

    @dataclass
    class DaysLoaded(Message):
        """The calendar's part, read first: it is the tab shown first."""

        days: DaysView

    @dataclass
    class TrendsLoaded(Message):
        view: TrendsView

    @dataclass
    class TrendsUnreadable(Message):
        problem: str

    def __init__(self, database: Opener, clock: LogClock | None = None) -> None:
        super().__init__()
        self._database = database
        self.clock = clock or LogClock()
        self.view: TrendsView | None = None
        self.days: DaysView | None = None
        self.period = FIRST_PERIOD

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the log…", id="trend-summary")
        with TabbedContent(id="trend-tabs"):
            with TabPane("Calendar", id="trend-calendar"), Vertical(id="calendar-pane"):
                yield ExerciseCalendar(id="calendar-days")
                yield Static(id="streaks")
            # The other tabs are filled when first shown: the screen opens sooner.
            yield TabPane("Exercises", id="trend-exercise")
            yield TabPane("Pain", id="trend-pain")
            yield TabPane("Minutes", id="trend-minutes")
        yield Footer()

    @staticmethod
    def pane_widgets(pane_id: str) -> list[Widget]:
        """What a tab other than the calendar holds."""
        if pane_id == "trend-exercise":
            options = OptionList(id="trend-exercises")
            options.border_title = "Exercise"
            chart = LineChart("Exercise", empty="No sets done in this period.", id="exercise-chart")
            return [Horizontal(options, chart)]
        if pane_id == "trend-pain":
            return [
                LineChart(
                    "Pain, 0-10", empty="No pain was reported in this period.", id="pain-chart"
                )
            ]
        return [
            BarChart("Minutes in sets", empty="No exercise in this period.", id="minutes-chart")
        ]

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        if pane.id in (None, "trend-calendar"):
            return
        if not pane.children:
            await pane.mount_all(self.pane_widgets(pane.id))
        self._draw(pane.id)

    def on_mount(self) -> None:
        self._load()

    def since(self) -> date | None:
        """The first day of the period chosen (None: all time)."""
        days = PERIODS[self.period][1]
        return None if days is None else self.clock.today() - timedelta(days=days)

    def action_period(self) -> None:
        self.period = (self.period + 1) % len(PERIODS)
        self.query_one("#trend-summary", Static).update(f"{PERIODS[self.period][0]}: reading…")
        self._load()

    @property
    def include_demo(self) -> bool:
        """The demo's own run (``lumbar --demo``) shows its sessions; no one else's does."""
        return bool(getattr(self.app, "demo", False))

    @work(exclusive=True, group="trends-open")
    async def _load(self) -> None:
        """The calendar's days first (the tab shown first), then the period's trends."""
        try:
            db = await self._database()
        except DatabaseProblem as problem:
            self.post_message(self.TrendsUnreadable(str(problem)))
            return
        if self.days is None:
            self._read_days(db)
        else:
            self._read_trends(db, self.days, self.since())

    @work(thread=True, exclusive=True, group="trends-read", exit_on_error=False)
    def _read_days(self, db: Database) -> None:
        try:
            days = load_days(db, self.clock, self.include_demo)
        except (DatabaseProblem, sqlite3.Error) as problem:
            self.post_message(self.TrendsUnreadable(said(db, problem)))
            return
        self.post_message(self.DaysLoaded(days))

    @work(thread=True, exclusive=True, group="trends-read", exit_on_error=False)
    def _read_trends(self, db: Database, days: DaysView, since: date | None) -> None:
        try:
            view = load_trends(db, self.clock, since, days, self.include_demo)
        except (DatabaseProblem, sqlite3.Error) as problem:
            self.post_message(self.TrendsUnreadable(said(db, problem)))
            return
        self.post_message(self.TrendsLoaded(view))

    def on_trends_screen_trends_unreadable(self, message: TrendsUnreadable) -> None:
        self.notify(message.problem, title="Session database", severity="error", timeout=15)
        self.query_one("#trend-summary", Static).update("The log cannot be read.")

    def on_trends_screen_days_loaded(self, message: DaysLoaded) -> None:
        days = self.days = message.days
        self.query_one(ExerciseCalendar).show(days.days, days.today)
        self.query_one("#streaks", Static).update(
            streak_text(days.streaks, days.today in days.days)
        )
        # The rest once the calendar is on screen: reading it in a thread meanwhile
        # would hold the interpreter while the calendar is drawn.
        self.call_after_refresh(self._load)

    def on_trends_screen_trends_loaded(self, message: TrendsLoaded) -> None:
        if message.view.since != self.since():
            return  # of a period left since; the one chosen now is coming
        view = self.view = message.view
        in_period = {d: m for d, m in view.days.items() if view.since is None or d >= view.since}
        minutes = round(sum(in_period.values()))
        self.query_one("#trend-summary", Static).update(
            f"{PERIODS[self.period][0]}: {days_text(len(in_period))} exercised, "
            f"{minutes} min in sets (p: another period)"
        )
        self._draw(self.query_one(TabbedContent).active)

    def _draw(self, pane_id: str) -> None:
        """Fill the tab shown with this period's figures (once it has its widgets)."""
        view = self.view
        pane = self.query_one(f"#{pane_id}", TabPane)
        if view is None or not pane.children:
            return
        if pane_id == "trend-exercise":
            self._show_exercises(view)
            return
        if pane_id == "trend-pain":
            self.query_one("#pain-chart", LineChart).show(
                pain_lines(view.pain),
                ticks=days_ticks([p.day for p in view.pain]),
                least_x_span=DAYS_SHOWN_LEAST,
                y_range=(0, 10),
                integers=True,
                title=f"Pain, 0-10{averaged([(p.day, p) for p in pain_shown(view.pain)])}",
            )
        elif pane_id == "trend-minutes":
            values, ticks, bar = minute_bars(view.weeks)
            self.query_one("#minutes-chart", BarChart).show(
                values, ticks=ticks, title=f"Minutes exercised per {bar}"
            )

    def _show_exercises(self, view: TrendsView) -> None:
        options = self.query_one("#trend-exercises", OptionList)
        chosen = options.highlighted_option.id if options.highlighted_option else None
        options.set_options(Option(Content(t.name), id=t.exercise_id) for t in view.exercises)
        ids = [t.exercise_id for t in view.exercises]
        if ids:
            options.highlighted = ids.index(chosen) if chosen in ids else 0
        self._draw_exercise()

    @on(OptionList.OptionHighlighted, "#trend-exercises")
    def _draw_exercise(self) -> None:
        chart = self.query_one("#exercise-chart", LineChart)
        options = self.query_one("#trend-exercises", OptionList)
        option = options.highlighted_option
        if self.view is None or option is None:
            chart.show([], title="Exercise")
            return
        trend = next(t for t in self.view.exercises if t.exercise_id == option.id)
        unit = "s" if trend.mode == "hold" else "reps"
        if trend.mode == "timed":
            chart.empty = f"{trend.name} is timed: no holds or reps to chart."
        chart.show(
            exercise_lines(trend) if trend.mode != "timed" else [],
            ticks=days_ticks([p.day for p in trend.points]),
            least_x_span=DAYS_SHOWN_LEAST,
            integers=True,
            title=f"{trend.name}, {unit}{averaged([(p.day, p) for p in trend.points])}",
        )

    def action_tab(self, pane: str) -> None:
        self.query_one(TabbedContent).active = pane
