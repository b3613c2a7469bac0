"""Charts drawn in the terminal (plotext through textual-plotext) in the app theme's colours.

A chart keeps plain lists and draws them each time it renders, so a change of theme or
size redraws it, and a test can hand it numbers and read the text back. The title goes in
the border's title and the legend in the border's subtitle, never over the plot. Only the
log screens import this module (plotext costs ~20 ms to import).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, Literal, TypeVar

from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual.content import Content
from textual_plotext import PlotextPlot

Role = Literal["primary", "secondary", "accent", "success", "warning", "error", "muted"]

Y_AXIS_COLUMNS = 7
"""About what plotext's y tick labels and frame take from a chart's width."""

NICE_STEPS = (1.0, 2.0, 5.0, 10.0)
"""Steps between axis ticks, times a power of ten: 0.5, 1, 2, 5, 10, 20, 50..."""
ROWS_PER_Y_TICK = 2
Y_AXIS_FRAME_ROWS = 4
"""The rows of a chart that are not plot: its border, plotext's frame and the x labels."""
COLUMNS_PER_X_TICK = 8
LEAST_BAR_SLOTS = 8
"""A bar chart is as wide as this many bars at least: one bar is an eighth of it."""

Row = TypeVar("Row")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Line:
    """One series of a line chart; ``role`` names the theme colour it is drawn in."""

    label: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    role: Role = "primary"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the x axis to mark, e.g. the seconds an exercise took."""

    start: float
    end: float
    label: str


@dataclass(frozen=True, slots=True)
class Tick:
    """A label under the x axis, centred on ``x``."""

    x: float
    label: str


def theme_colour(variables: dict[str, str], role: Role) -> tuple[int, int, int]:
    """A theme colour as plotext takes it (RGB), made opaque over the chart's surface."""
    surface = Color.parse(variables.get("surface", "#000000"))
    name = "foreground-muted" if role == "muted" else role
    colour = Color.parse(variables.get(name, variables.get("foreground", "#ffffff")))
    return (surface + colour).rgb


def thinned(
    xs: Sequence[float], ys: Sequence[float], max_points: int
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """At most about ``max_points`` points, in order, keeping each stretch's lowest and
    highest value so peaks survive (a screen column cannot show more anyway)."""
    kept = thinned_indices([ys], max_points)
    return tuple(xs[i] for i in kept), tuple(ys[i] for i in kept)


def thinned_indices(series: Sequence[Sequence[float]], max_points: int) -> list[int]:
    """Indices of at most ``max_points`` samples shared by several series of one length:
    in each even stretch, where any series has its lowest and highest value."""
    count = len(series[0]) if series else 0
    per_stretch = 2 * max(1, len(series))
    if count <= max_points or max_points < per_stretch:
        return list(range(count))
    stretches = max_points // per_stretch
    kept: list[int] = []
    for stretch in range(stretches):
        lo = stretch * count // stretches
        hi = max(lo + 1, (stretch + 1) * count // stretches)
        found: set[int] = set()
        for values in series:
            found.add(min(range(lo, hi), key=values.__getitem__))
            found.add(max(range(lo, hi), key=values.__getitem__))
        kept.extend(sorted(found))
    return kept


class ThinnedStream(Generic[Row]):
    """``thinned_indices`` over series read a block at a time: the rows at the same indices,
    found holding about ``max_points`` rows however long the series are. Their length
    (``count``) must be known first: the stretches are even shares of it.

    ``add`` takes the next block (one column per series, of one length) and ``row``, which
    makes the row kept for a sample of the block (called only for the few kept); ``rows``
    gives the kept rows in order. Samples past ``count`` are left out."""

    def __init__(self, count: int, series: int, max_points: int) -> None:
        self.count = count
        per_stretch = 2 * max(1, series)
        self._every = count <= max_points or max_points < per_stretch
        self._stretches = 0 if self._every else max_points // per_stretch
        self._taken = 0
        self._stretch = 0
        self._rows: dict[int, Row] = {}
        self._lowest: list[tuple[float, int] | None] = []  # per series: (value, index)
        self._highest: list[tuple[float, int] | None] = []
        self._candidates: set[int] = set()

    def add(self, columns: Sequence[Sequence[float]], row: Callable[[int], Row]) -> None:
        first = self._taken
        size = min(len(columns[0]) if columns else 0, self.count - first)
        if size <= 0:
            return
        self._taken += size
        if self._every:
            self._rows.update((first + i, row(i)) for i in range(size))
            return
        at = 0
        while at < size:
            hi = self._end_of(self._stretch)
            if first + at >= hi:
                self._close_stretch()
                continue
            if not self._lowest:
                self._lowest = [None] * len(columns)
                self._highest = [None] * len(columns)
            end = min(size, hi - first)
            for series, values in enumerate(columns):
                part = values[at:end]
                low, high = min(part), max(part)
                known = self._lowest[series]
                if known is None or low < known[0]:  # the first lowest, as min() finds it
                    self._lowest[series] = (low, self._keep(first, at + part.index(low), row))
                known = self._highest[series]
                if known is None or high > known[0]:
                    self._highest[series] = (high, self._keep(first, at + part.index(high), row))
            self._drop_overtaken()
            at = end

    def rows(self) -> list[Row]:
        """The rows kept, in the order of their samples."""
        self._close_stretch()
        return [self._rows[index] for index in sorted(self._rows)]

    def _end_of(self, stretch: int) -> int:
        """Where the stretch ends (the next begins), as ``thinned_indices`` shares them."""
        lo = stretch * self.count // self._stretches
        return max(lo + 1, (stretch + 1) * self.count // self._stretches)

    def _keep(self, first: int, at: int, row: Callable[[int], Row]) -> int:
        """Sample ``at`` of the block that starts at sample ``first`` is its stretch's lowest
        or highest so far: its row is made (once) and kept while it stays so."""
        index = first + at
        if index not in self._rows:
            self._rows[index] = row(at)
        return index

    def _drop_overtaken(self) -> None:
        """Leave out the rows of the stretch no longer its lowest or highest of any series."""
        found = {kept[1] for kept in (*self._lowest, *self._highest) if kept is not None}
        for index in self._candidates - found:
            del self._rows[index]
        self._candidates = found

    def _close_stretch(self) -> None:
        """The stretch is over: its lowest and highest rows stay, the next one begins."""
        self._lowest, self._highest = [], []
        self._candidates = set()
        self._stretch += 1


def fitted_ticks(
    ticks: Sequence[Tick], x_min: float, x_max: float, columns: int, *, shorten: bool = True
) -> list[Tick]:
    """The ticks whose labels fit between their neighbours on ``columns`` columns.

    With ``shorten`` a label is cut short where needed (and left out with no room at all);
    without, every second (third, ...) tick is left out until the rest fit whole.
    """
    placed = sorted((t for t in ticks if x_min <= t.x <= x_max), key=lambda t: t.x)
    if not placed or columns <= 0:
        return []
    if shorten:
        return _shortened_to_fit(placed, x_min, x_max, columns)
    for stride in range(1, len(placed) + 1):
        kept = placed[::stride]
        fitted = _shortened_to_fit(kept, x_min, x_max, columns)
        if [t.label for t in fitted] == [t.label for t in kept]:
            return fitted
    return []


def _shortened_to_fit(
    placed: Sequence[Tick], x_min: float, x_max: float, columns: int
) -> list[Tick]:
    width = (x_max - x_min) or 1.0
    columns_at = [(t.x - x_min) / width * columns for t in placed]
    fitted: list[Tick] = []
    for index, tick in enumerate(placed):
        here = columns_at[index]
        # A centred label may reach halfway to each neighbour; past the first one lie the
        # y axis's labels, past the last one the frame.
        left = (here - columns_at[index - 1]) / 2 if index else here + Y_AXIS_COLUMNS - 3
        last = index + 1 == len(placed)
        right = columns - here + 1 if last else (columns_at[index + 1] - here) / 2
        label = shortened(tick.label, int(2 * min(left, right)) - 1)
        if label:
            fitted.append(Tick(tick.x, label))
    return fitted


def shortened(label: str, room: int) -> str:
    if len(label) <= room:
        return label
    return label[: room - 1].rstrip() + "…" if room >= 4 else ""


def nice_ticks(low: float, high: float, most: int = 5, *, integers: bool = False) -> list[float]:
    """Evenly spaced ticks on round numbers (steps of 1, 2 or 5 times a power of ten) from at
    or below ``low`` to at or above ``high``, at most about ``most`` of them. With
    ``integers`` (counts: reps, pain, bpm, minutes) no step is below 1."""
    low, high = min(low, high), max(low, high)
    if high == low:
        pad = 1.0 if integers or low == 0 else abs(low) / 10
        low, high = low - pad, high + pad
    raw = (high - low) / max(1, most - 1)
    base = 10.0 ** math.floor(math.log10(raw))
    step = next(m * base for m in NICE_STEPS if m * base >= raw * (1 - 1e-9))
    if integers:
        step = max(1.0, float(round(step)))
    first = math.floor(low / step + 1e-9) * step
    count = math.ceil((high - first) / step - 1e-9)
    digits = max(0, -math.floor(math.log10(step) + 1e-9)) + 1
    return [round(first + i * step, digits) for i in range(count + 1)]


def tick_label(value: float) -> str:
    """A tick's number as a person writes it: "5", "0.25", "-0.5"."""
    return f"{value:g}"


def date_ticks(first: date, last: date) -> list[Tick]:
    """Ticks at the first day of each month (or year, over a long time) between two days;
    x is the day's ordinal, as the trend charts plot it. Over less time than takes in two
    months' first days (one day, a fortnight), a tick on every day ("6 Dec"), which the
    chart thins to fit: a month's name alone would say nothing of where the days lie."""
    ticks: list[Tick] = []
    long = (last - first).days > 800
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        if day >= first and (not long or month == 1):
            label = str(year) if long or month == 1 else MONTHS[month - 1]
            ticks.append(Tick(float(day.toordinal()), label))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(ticks) >= 2 or long:
        return ticks
    return [
        Tick(float(ordinal), day_label(date.fromordinal(ordinal)))
        for ordinal in range(first.toordinal(), last.toordinal() + 1)
    ]


def day_label(day: date) -> str:
    """A day on a time axis: "6 Dec"."""
    return f"{day.day} {MONTHS[day.month - 1]}"


class Chart(PlotextPlot):
    """What every chart shares: a border with title and legend, a line when empty."""

    DEFAULT_CSS = """
    Chart {
        height: 1fr;
        background: $surface;
        border: round $secondary 50%;
        border-subtitle-align: right;
    }
    Chart .chart--empty {
        color: $text-muted;
    }
    """

    def __init__(
        self, title: str = "", *, empty: str = "Nothing to show", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.border_title = Content(title)  # plain text: a name may hold "[...]"
        self.empty = empty
        self.integers = False

    @property
    def has_data(self) -> bool:
        raise NotImplementedError

    def draw(self) -> None:
        """Put the data into ``self.plt`` (cleared before)."""
        raise NotImplementedError

    def colour(self, role: Role) -> tuple[int, int, int]:
        return theme_colour(self.app.theme_variables, role)

    def render(self) -> RenderResult:
        if not self.has_data:
            return Text(self.empty, style="dim")
        self.plt.clear_figure()
        self.draw()
        return super().render()

    def legend(self, items: Sequence[tuple[str, Role]]) -> Content:
        parts: list[str | tuple[str, str]] = []
        for label, role in items:
            rgb = self.colour(role)
            parts += [" ", ("━", f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"), f" {label}"]
        return Content.assemble(*parts, " ")

    def plot_columns(self) -> int:
        return max(1, self.size.width - Y_AXIS_COLUMNS)

    def y_axis(self, values: Sequence[float], *, integers: bool | None = None) -> None:
        """The y axis from round-number ticks around ``values`` (at most one every other row)."""
        if not values:
            return
        rows = max(3, (self.size.height - Y_AXIS_FRAME_ROWS) // ROWS_PER_Y_TICK + 1)
        whole = self.integers if integers is None else integers
        ticks = nice_ticks(min(values), max(values), rows, integers=whole)
        self.plt.ylim(ticks[0], ticks[-1])
        self.plt.yticks(ticks, [tick_label(t) for t in ticks])


class LineChart(Chart):
    """Lines over a shared x axis, with optional marked spans (named under the axis)."""

    def __init__(
        self, title: str = "", *, empty: str = "Nothing to show", id: str | None = None
    ) -> None:
        super().__init__(title, empty=empty, id=id)
        self.lines: tuple[Line, ...] = ()
        self.spans: tuple[Span, ...] = ()
        self.ticks: tuple[Tick, ...] = ()
        self.y_range: tuple[float, float] | None = None
        self.integers = False
        self.least_x_span = 0.0

    def show(
        self,
        lines: Sequence[Line],
        *,
        spans: Sequence[Span] = (),
        ticks: Sequence[Tick] = (),
        y_range: tuple[float, float] | None = None,
        integers: bool = False,
        title: str | None = None,
        least_x_span: float = 0.0,
    ) -> None:
        """Draw these lines (empty ones are left out); ``ticks`` label the x axis, or the
        spans' names do when no ticks are given, or round numbers when no span is named.
        ``integers``: the values count something (reps, pain, bpm): whole-number y ticks.
        ``least_x_span``: the x axis spans at least this much, around the points (one day
        of a trend is drawn in the middle of two, not on the y axis)."""
        self.lines = tuple(line for line in lines if line.xs)
        self.spans = tuple(spans)
        self.ticks = tuple(ticks)
        self.y_range = y_range
        self.integers = integers
        self.least_x_span = least_x_span
        if title is not None:
            self.border_title = Content(title)
        named = [(line.label, line.role) for line in self.lines if line.label]
        self.border_subtitle = self.legend(named) if named else ""
        self.refresh()

    @property
    def has_data(self) -> bool:
        return bool(self.lines)

    def x_limits(self) -> tuple[float, float]:
        xs = [x for line in self.lines for x in (line.xs[0], line.xs[-1])]
        xs += [x for span in self.spans for x in (span.start, span.end)]
        low, high = min(xs), max(xs)
        # One x alone (one day, one reading) is drawn in the middle, not against the axis.
        least = self.least_x_span or (0.0 if high > low else 1.0)
        if high - low < least:
            middle = (low + high) / 2
            low, high = middle - least / 2, middle + least / 2
        return low, high

    def draw(self) -> None:
        plt = self.plt
        x_min, x_max = self.x_limits()
        for span in self.spans:
            plt.vline(span.start, color=self.colour("muted"))
        for line in self.lines:
            marker = "braille" if len(line.xs) > 1 else "dot"
            plt.plot(list(line.xs), list(line.ys), color=self.colour(line.role), marker=marker)
        self.y_axis(self.y_values())
        plt.xlim(x_min, x_max)
        columns = self.plot_columns()
        if self.ticks:
            shown = fitted_ticks(self.ticks, x_min, x_max, columns, shorten=False)
        else:  # the spans' names, cut short to fit
            named = [Tick((s.start + s.end) / 2, s.label) for s in self.spans if s.label]
            shown = fitted_ticks(named, x_min, x_max, columns)
        if not self.ticks and not shown and x_max > x_min:  # round numbers along the axis
            most = max(2, columns // COLUMNS_PER_X_TICK)
            at = [x for x in nice_ticks(x_min, x_max, most) if x_min <= x <= x_max]
            shown = [Tick(x, tick_label(x)) for x in at]
        if self.ticks or shown:
            plt.xticks([t.x for t in shown], [t.label for t in shown])

    def y_values(self) -> list[float]:
        values = [y for line in self.lines for y in line.ys]
        return values + list(self.y_range or ())


class BarChart(Chart):
    """Bars at 0, 1, 2 ... with labels under some of them."""

    def __init__(
        self, title: str = "", *, empty: str = "Nothing to show", id: str | None = None
    ) -> None:
        super().__init__(title, empty=empty, id=id)
        self.values: tuple[float, ...] = ()
        self.ticks: tuple[Tick, ...] = ()
        self.role: Role = "primary"

    def show(
        self,
        values: Sequence[float],
        *,
        ticks: Sequence[Tick] = (),
        role: Role = "primary",
        title: str | None = None,
    ) -> None:
        self.values = tuple(values)
        self.ticks = tuple(ticks)
        self.role = role
        if title is not None:
            self.border_title = Content(title)
        self.refresh()

    @property
    def has_data(self) -> bool:
        return any(self.values)

    def draw(self) -> None:
        plt = self.plt
        count = len(self.values)
        plt.bar(list(range(count)), list(self.values), color=self.colour(self.role), width=0.8)
        self.y_axis([0.0, *self.values], integers=True)
        # A few bars (one week) keep a bar's width and stand in the middle: not one bar
        # across the whole chart.
        pad = max(0.0, (LEAST_BAR_SLOTS - count) / 2)
        low, high = -0.6 - pad, count - 0.4 + pad
        plt.xlim(low, high)
        shown = fitted_ticks(self.ticks, low, high, self.plot_columns(), shorten=False)
        plt.xticks([t.x for t in shown], [t.label for t in shown])
