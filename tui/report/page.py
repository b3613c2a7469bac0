"""The report as one HTML page: inline CSS and SVG, no script, no link, no network; prints to
PDF from any browser (each section kept on one page where it fits)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from catalog.measures import MEASURES, MIC, MIC_TEXT, NAMES, Measure
from tui.report.data import ReportData
from tui.report.svg import COLOURS, Band, Series, chart
from tui.words import (
    count_text,
    outcome_change_text,
    pain_change_text,
    percent_text,
    status_text,
)

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 24px auto; max-width: 760px; }
h1 { font-size: 22px; margin-bottom: 0; }
h2 { font-size: 17px; border-bottom: 1px solid #ccc; padding-bottom: 2px; margin-top: 28px; }
h3 { font-size: 15px; margin-bottom: 4px; }
.muted { color: #666; }
.safety { border: 1px solid #d9a400; background: #fff8e1; padding: 8px 12px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 2px 10px 2px 0; text-align: left; }
td.n, th.n { text-align: right; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #e5e5e5; stroke-width: 1; }
svg .tick, svg .legend { font-size: 11px; fill: #555; }
svg .band { fill: #2ca02c; fill-opacity: 0.12; }
section { break-inside: avoid; page-break-inside: avoid; }
@page { margin: 14mm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""

MIC_NOTES: dict[Measure, str] = {
    "peg": (
        "PEG: mean of three 0-10 items (Krebs et al., J Gen Intern Med 2009); lower is better. "
        f"Shaded: within the minimal important change of the first score ({MIC_TEXT['peg']})."
    ),
    "psfs": (
        "PSFS: mean of the activities rated 0-10 (Stratford et al., Physiother Can 1995); "
        "higher is better. Shaded: within the minimal important change of the first score "
        f"({MIC_TEXT['psfs']}). The chart shows each answer's mean; a change is told on the "
        "activities rated both times, against one activity's own 3 points when only one was."
    ),
}


def _n(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(round(value))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    head = "".join(
        f'<th class="n">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>"
        for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(c)}</td>' if i in numeric else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(data: ReportData) -> str:
    period = (
        f"from {data.since.isoformat()} to {data.today.isoformat()}"
        if data.since is not None
        else f"up to {data.today.isoformat()}"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>lumbar report {escape(period)}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Exercise report for low-back pain</h1>",
        f'<p class="muted">Sessions and check-ins recorded with lumbar, {escape(period)}. '
        f"{count_text(len(data.sessions), 'session')} on {count_text(data.days_exercised, 'day')};"
        f" current streak {count_text(data.streaks.current_days, 'day')}, longest"
        f" {count_text(data.streaks.longest_days, 'day')}.</p>",
        _safety(data),
        _weeks(data),
        _pain(data),
        _pain_during(data),
        _not_exercised(data),
        _outcomes(data),
        _exercises(data),
        _heart(data),
        _notes(data),
        '<p class="muted">Made by lumbar. Figures are those of <code>lumbar trends</code> '
        "for the same period. Only what was recorded is shown.</p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _safety(data: ReportData) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in data.safety)
    return f'<section class="safety" id="safety"><strong>Safety</strong><ul>{items}</ul></section>'


def _weeks(data: ReportData) -> str:
    if not data.weeks:
        return '<section id="weeks"><h2>Sessions week by week</h2><p>No sessions.</p></section>'
    weeks = [(w.monday.isoformat(), w) for w in data.weeks]
    done = Series("sessions_done", "sessions done", [(x, w.done) for x, w in weeks])
    planned = Series(
        "sessions_planned",
        "planned",
        [(x, w.planned) for x, w in weeks],
        COLOURS[3],
    )
    minutes = Series(
        "minutes_per_week",
        "minutes in sets",
        [(x, w.minutes) for x, w in weeks],
        COLOURS[2],
    )
    rows = [
        (x, str(w.done), "–" if w.planned is None else str(w.planned), _n(w.minutes))
        for x, w in weeks
    ]
    return (
        '<section id="weeks"><h2>Sessions done against those planned, week by week</h2>'
        '<p class="muted">Planned: how often each routine followed is meant to be done (its '
        "frequency in the catalog). Weeks start on Monday.</p>"
        + chart([done, planned], title="Sessions a week", kind="bar")
        + chart([minutes], title="Minutes in sets a week", unit=" min")
        + _table(("WEEK OF", "DONE", "PLANNED", "MINUTES"), rows, {1, 2, 3})
        + "</section>"
    )


def _pain(data: ReportData) -> str:
    if not data.pain:
        return ""
    labels = [f"{p.day.isoformat()} #{p.session_id}" for p in data.pain]
    before = Series(
        "pain_before",
        "before",
        [(x, p.before) for x, p in zip(labels, data.pain, strict=True)],
        COLOURS[1],
    )
    after = Series(
        "pain_after", "after", [(x, p.after) for x, p in zip(labels, data.pain, strict=True)]
    )
    return (
        '<section id="pain"><h2>Pain before and after each session</h2>'
        '<p class="muted">0 (none) to 10 (worst), asked at the start and end of a session.</p>'
        + chart([before, after], title="Pain before and after", floor=0, ceiling=10)
        + "</section>"
    )


def _pain_during(data: ReportData) -> str:
    if not data.pain_during:
        return ""
    rows = [
        (p.day.isoformat(), p.routine_name, p.story, "yes" if p.care_advised else "")
        for p in data.pain_during
    ]
    checked = sum(p.care_advised for p in data.pain_during)
    advised = (
        f" lumbar advised having the back checked in {count_text(checked, 'session')}."
        if checked
        else ""
    )
    return (
        '<section id="pain-during"><h2>Pain reported during sessions</h2>'
        '<p class="muted">Each report with the exercise it came in, what lumbar advised and '
        f"what was chosen, in sessions ended early too.{escape(advised)}</p>"
        + _table(("DAY", "ROUTINE", "PAIN DURING THE SESSION", "CHECK ADVISED"), rows, set())
        + "</section>"
    )


def _not_exercised(data: ReportData) -> str:
    if not data.not_exercised:
        return ""
    rows = [
        (
            s.day.isoformat(),
            s.routine_name,
            status_text(s.status),
            pain_change_text(s.pain_before, s.pain_after) or "not given",
        )
        for s in data.not_exercised
    ]
    return (
        '<section id="no-set-done"><h2>Sessions begun with no exercise done</h2>'
        '<p class="muted">Left before a rep, a hold or a second of any set: not counted as '
        "sessions done above. Pain that rose in one, or was 7 or more, makes lumbar suggest "
        "easier doses next time (a pinned dose a step below the pin, once).</p>"
        + _table(("DAY", "ROUTINE", "HOW IT ENDED", "PAIN BEFORE → AFTER"), rows, set())
        + "</section>"
    )


def _outcomes(data: ReportData) -> str:
    parts = ['<section id="outcomes"><h2>Check-ins: PEG and PSFS over time</h2>']
    any_shown = False
    for measure in MEASURES:
        scored = [o for o in data.outcomes if o.measure == measure and o.score is not None]
        if not scored:
            continue
        any_shown = True
        first = scored[0].score or 0.0
        points = [(o.answered_at.date().isoformat(), o.score) for o in scored]
        band = Band(first - MIC[measure], first + MIC[measure], "minimal important change")
        parts.append(
            f"<h3>{escape(NAMES[measure])}</h3>"
            f"<p>{escape(outcome_change_text(measure, data.outcomes))}.</p>"
            + chart(
                [Series(measure, measure.upper(), points)],
                title=NAMES[measure],
                floor=0,
                ceiling=10,
                band=band,
            )
            + f'<p class="muted">{escape(MIC_NOTES[measure])}</p>'
        )
        if measure == "psfs":
            rows = [
                (
                    o.answered_at.date().isoformat(),
                    a.item,
                    _n(a.value, 0) if a.value is not None else "skipped",
                )
                for o in scored
                for a in o.answers
            ]
            parts.append(_table(("DAY", "ACTIVITY", "RATING"), rows, {2}))
    if not any_shown:
        parts.append("<p>No check-ins answered in this period.</p>")
    parts.append("</section>")
    return "".join(parts)


def _exercises(data: ReportData) -> str:
    if not data.exercises:
        return ""
    parts = [
        '<section id="exercises-intro"><h2>Each exercise over time</h2>'
        '<p class="muted">Typical: the median hold or reps per set that day; best: the longest '
        "hold or most reps in one set. Hold quality: the share of a hold spent in position and "
        "still, and form warnings, where a wearable watched.</p></section>"
    ]
    for trend in data.exercises:
        if trend.mode == "timed":
            continue
        hold = trend.mode == "hold"
        key = "hold_s" if hold else "reps"
        days = [p.day.isoformat() for p in trend.points]
        typical = [p.typical_hold_s if hold else p.typical_reps for p in trend.points]
        best = [p.best_hold_s if hold else p.best_reps for p in trend.points]
        series = [
            Series(
                f"{trend.exercise_id}:typical_{key}",
                "typical",
                list(zip(days, typical, strict=True)),
            ),
            Series(
                f"{trend.exercise_id}:best_{key}",
                "best",
                list(zip(days, best, strict=True)),
                COLOURS[4],
            ),
        ]
        extra = {d.day: d for d in data.exercise_days.get(trend.exercise_id, ())}
        rows = []
        for point, day in zip(trend.points, days, strict=True):
            more = extra.get(point.day)
            rows.append(
                (
                    day,
                    more.planned if more else "–",
                    _n(point.typical_hold_s if hold else point.typical_reps),
                    _n(point.best_hold_s if hold else point.best_reps),
                    "–"
                    if more is None or more.hold_quality is None
                    else percent_text(more.hold_quality),
                    "–" if more is None or more.form_warnings is None else str(more.form_warnings),
                )
            )
        unit = " s" if hold else " reps"
        parts.append(
            f'<section class="exercise" id="exercise-{escape(trend.exercise_id)}">'
            f"<h3>{escape(trend.name)} ({'hold, seconds' if hold else 'reps per set'})</h3>"
            + chart(series, title=trend.name, unit=unit)
            + _table(
                ("DAY", "PLANNED", "TYPICAL", "BEST", "HOLD QUALITY", "FORM WARNINGS"),
                rows,
                {2, 3, 4, 5},
            )
            + "</section>"
        )
    return "".join(parts)


def _heart(data: ReportData) -> str:
    sessions = [s for s in data.sessions if s.avg_bpm is not None]
    if not sessions:
        return ""
    labels = [f"{s.day.isoformat()} #{s.id}" for s in sessions]
    average = Series(
        "avg_bpm", "average", [(x, s.avg_bpm) for x, s in zip(labels, sessions, strict=True)]
    )
    peak = Series(
        "peak_bpm",
        "peak",
        [(x, s.peak_bpm) for x, s in zip(labels, sessions, strict=True)],
        COLOURS[1],
    )
    return (
        '<section id="heart"><h2>Heart rate per session</h2>'
        + chart([average, peak], title="Heart rate", unit=" bpm", floor=None)
        + "</section>"
    )


def _notes(data: ReportData) -> str:
    sessions = sorted((*data.sessions, *data.not_exercised), key=lambda s: (s.started_at, s.id))
    noted = [s for s in sessions if s.note]
    if not noted:
        return ""
    rows = [(s.day.isoformat(), s.routine_name, s.note or "") for s in noted]
    return (
        '<section id="notes"><h2>Notes</h2>'
        + _table(("DAY", "ROUTINE", "NOTE"), rows, set())
        + "</section>"
    )
