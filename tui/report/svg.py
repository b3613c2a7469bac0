"""Charts as inline SVG: no script, no network, printable. Each point carries its figure in
``data-`` attributes (series, x, y) and a ``<title>`` for a tooltip, so that what a chart
shows can be read back and checked."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 720
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 24, 34
LEAST_SLOTS = 8
"""A chart is as wide as this many points (or bars) at least: one stands in the middle."""
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


@dataclass(frozen=True, slots=True)
class Series:
    name: str  # the figure's key, e.g. "minutes_per_week"
    label: str  # what the legend says
    points: Sequence[tuple[str, float | None]]  # (x label, value); None: no value that day
    colour: str = COLOURS[0]


@dataclass(frozen=True, slots=True)
class Band:
    """A horizontal band, e.g. the minimal important change around the first score."""

    low: float
    high: float
    label: str


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _scale(
    series: Sequence[Series], floor: float | None, ceiling: float | None
) -> tuple[float, float, int]:
    """The axis: its low and high, and how many even steps between them."""
    values = [v for s in series for _, v in s.points if v is not None]
    low = floor if floor is not None else min(values, default=0.0)
    high = ceiling if ceiling is not None else max(values, default=1.0)
    if high <= low:
        high = low + 1.0
    if ceiling is not None:
        return low, high, 4
    # Four to six even steps of 1, 2, 2.5 or 5 times a power of ten; a floor the values chose
    # starts on a whole step (80, 90, not 80.5, 90.5).
    top = high
    power = 10 ** math.floor(math.log10((high - low) / 6))
    for step in (m * power * 10**k for k in range(3) for m in (1, 2, 2.5, 5)):
        start = low if floor is not None else math.floor(low / step) * step
        steps = max(4, math.ceil((top - start) / step - 1e-9))
        if steps <= 6:
            return start, start + steps * step, steps
    return low, high, 4


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short(label: str) -> str:
    """An axis label: "2025-03-13" or "2025-03-13 #5" reads "13 Mar"."""
    day = label[:10]
    if len(day) == 10 and day[4] == "-" and day[7] == "-" and day[5:7].isdigit():
        return f"{int(day[8:10])} {MONTHS[int(day[5:7]) - 1]}"
    return label


def chart(
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "",
    kind: str = "line",
    floor: float | None = 0.0,
    ceiling: float | None = None,
    band: Band | None = None,
) -> str:
    """A line (or bar) chart of ``series`` over the same x labels, in order."""
    xs: list[str] = []
    for s in series:
        for x, _ in s.points:
            if x not in xs:
                xs.append(x)
    low, high, steps = _scale(series, floor, ceiling)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    # Each x in the middle of a slot of its own, lines as bars: a first and last point stand
    # clear of the axis and the edge; a few (one day, one week) stand in the middle, a slot
    # as wide as one of ``LEAST_SLOTS``, not spread over the whole width. So every line chart,
    # however many days, is inset half a slot at each end (on purpose: its x is a day's
    # label, as a bar's is, and its first label no longer sits on the y axis).
    slots = max(len(xs), LEAST_SLOTS)
    step = plot_w / slots
    first_slot = (slots - len(xs)) / 2

    def x_of(index: int) -> float:
        return LEFT + (first_slot + index + 0.5) * step

    def y_of(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(steps + 1):
        level = low + (high - low) * tick / steps
        y = y_of(level)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">'
            f"{_fmt(level)}</text>"
        )
    if band is not None:
        top, bottom = y_of(min(band.high, high)), y_of(max(band.low, low))
        parts.append(
            f'<rect class="band" x="{LEFT}" y="{top:.1f}" width="{plot_w}" '
            f'height="{max(0.0, bottom - top):.1f}" data-low="{_fmt(band.low)}" '
            f'data-high="{_fmt(band.high)}"><title>{escape(band.label)}</title></rect>'
        )
    # A label under each day (thinned to about seven), in the middle of its sessions: two
    # sessions of one day share one.
    days: list[tuple[str, list[int]]] = []
    for index, x in enumerate(xs):
        if days and days[-1][0] == _short(x):
            days[-1][1].append(index)
        else:
            days.append((_short(x), [index]))
    every = max(1, math.ceil(len(days) / 7))
    for number, (label, indices) in enumerate(days):
        if number % every == 0 or number == len(days) - 1:
            centre = (x_of(indices[0]) + x_of(indices[-1])) / 2
            parts.append(
                f'<text x="{centre:.1f}" y="{HEIGHT - 12}" class="tick" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    bar_w = step / (len(series) + 1)
    for number, s in enumerate(series):
        at = dict(s.points)
        coordinates = []
        for index, x in enumerate(xs):
            value = at.get(x)
            if value is None:
                continue
            cx, cy = x_of(index), y_of(value)
            tip = f"{s.label}, {x}: {_fmt(value)}{unit}"
            data = f'data-series="{escape(s.name)}" data-x="{escape(x)}" data-y="{_fmt(value)}"'
            if kind == "bar":
                left = cx - step / 2 + bar_w * (number + 0.5)
                parts.append(
                    f'<rect x="{left:.1f}" y="{cy:.1f}" width="{bar_w:.1f}" '
                    f'height="{y_of(low) - cy:.1f}" fill="{s.colour}" {data}>'
                    f"<title>{escape(tip)}</title></rect>"
                )
            else:
                coordinates.append(f"{cx:.1f},{cy:.1f}")
                parts.append(
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{s.colour}" {data}>'
                    f"<title>{escape(tip)}</title></circle>"
                )
        if len(coordinates) > 1:
            parts.append(
                f'<polyline points="{" ".join(coordinates)}" fill="none" '
                f'stroke="{s.colour}" stroke-width="2"/>'
            )
    for number, s in enumerate(series):
        left_at = LEFT + 8 + number * 170
        parts.append(
            f'<rect x="{left_at}" y="2" width="10" height="10" fill="{s.colour}"/>'
            f'<text x="{left_at + 14}" y="11" class="legend">{escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
