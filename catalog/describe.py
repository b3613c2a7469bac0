"""Exercises and routines as text a person reads: doses in words, details as Markdown.

The same text serves ``lumbar catalog show`` and the app's detail pane.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from catalog.models import Dose, Exercise, Frequency, Mode, Routine, Source
from catalog.plan import estimate_seconds, expand, item_dose

SAFETY = (
    "Stop if pain increases and take a break; for severe or lasting pain, "
    "see a health professional. lumbar guides exercise, it does not diagnose."
)
SAFETY_SHORT = "Stop if pain increases. Severe or lasting pain: see a professional."


def seconds_text(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def amount_text(mode: Mode, dose: Dose) -> str:
    """How much in one set on one side, e.g. "12 reps", "3 × 10 s hold", "20 min"."""
    if mode == "timed":
        return seconds_text(dose.duration_s or 0)
    if mode == "hold":
        holds = dose.reps or 1
        hold = seconds_text(dose.hold_s or 0)
        return f"{holds} × {hold} hold" if holds > 1 else f"{hold} hold"
    return f"{dose.reps} rep{'' if dose.reps == 1 else 's'}"


def set_text(exercise: Exercise, dose: Dose) -> str:
    """How much in one set on one side, the pause at the top included: "12 reps, 2 s at the
    top", "3 × 10 s hold"."""
    what = amount_text(exercise.mode, dose)
    if exercise.mode == "reps" and dose.hold_s:
        what += f", {seconds_text(dose.hold_s)} at the top"
    return what


def dose_text(exercise: Exercise, dose: Dose) -> str:
    """E.g. "2 sets of 12 reps, 2 s at the top, each side"."""
    what = set_text(exercise, dose)
    if dose.sets > 1:
        what = f"{dose.sets} sets of {what}"
    if exercise.per_side:
        what += ", each side"
    if dose.rest_s is not None and dose.sets > 1:
        what += f", {seconds_text(dose.rest_s)} rest"
    return what


def frequency_text(frequency: Frequency) -> str:
    """E.g. "3 times a week", "daily", "2-3 times a day", then the note; "" if nothing."""
    parts = []
    if frequency.times is not None and frequency.per is not None:
        parts.append(_times_text(frequency.times, frequency.times_max, frequency.per))
    if frequency.note:
        parts.append(frequency.note)
    return ". ".join(p.rstrip(".") for p in parts) + "." if parts else ""


def progress_text(frequency: Frequency) -> str:
    """E.g. "After 6 weeks, hold each position longer." or "" if the source says nothing."""
    if not frequency.progress:
        return ""
    how = frequency.progress.rstrip(".") + "."
    weeks = frequency.progress_after_weeks
    if weeks is None:
        return how[0].upper() + how[1:]
    return f"After {weeks} week{'s' if weeks != 1 else ''}, {how}"


def _times_text(times: int, times_max: int | None, per: str) -> str:
    if times_max is not None:
        return f"{times}-{times_max} times a {per}"
    if times == 1:
        return "daily" if per == "day" else "once a week"
    return f"twice a {per}" if times == 2 else f"{times} times a {per}"


def _frequency_lines(frequency: Frequency | None, sources: Mapping[str, Source]) -> list[str]:
    if frequency is None:
        return []
    lines = []
    if how_often := frequency_text(frequency):
        lines.append(f"**How often:** {cited(how_often, sources)}")
    if progress := progress_text(frequency):
        lines.append(f"**Step up:** {cited(progress, sources)}")
    return lines


def cited(text: str, sources: Mapping[str, Source]) -> str:
    """``text`` with each source id it cites ("5-6 times (seed-000)") named the way the
    sources list names it: by its title, in quotes. Ids of no known source stay."""
    if not sources:
        return text
    ids = sorted(sources, key=len, reverse=True)
    pattern = r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])"
    return re.sub(pattern, lambda match: f"“{sources[match.group(1)].title}”", text)


def safety_lines(sources: Mapping[str, Source]) -> list[str]:
    """lumbar's own safety line, then what the sources advise for all exercise."""
    return [SAFETY] + [note for source in sources.values() for note in source.safety]


def equipment_text(exercise: Exercise) -> str:
    """E.g. "mat", "none", "mat · optional: resistance band, ankle weight"."""
    needed = ", ".join(exercise.equipment) or "none"
    if exercise.optional_equipment:
        return f"{needed} · optional: {', '.join(exercise.optional_equipment)}"
    return needed


def muscles_text(exercise: Exercise) -> str:
    """E.g. "mainly gluteus maximus; also hamstrings, erector spinae" when ranked."""
    if not exercise.primary_muscles:
        return ", ".join(exercise.muscles)
    main = f"mainly {', '.join(exercise.primary_muscles)}"
    others = [m for m in exercise.muscles if m not in exercise.primary_muscles]
    return f"{main}; also {', '.join(others)}" if others else main


def routine_minutes(routine: Routine, exercises: Mapping[str, Exercise], rest_s: int) -> int:
    return max(1, round(estimate_seconds(expand(routine, exercises, rest_s)) / 60))


def exercise_markdown(exercise: Exercise, sources: Mapping[str, Source]) -> str:
    side = " · each side" if exercise.per_side else ""
    lines = [
        f"# {exercise.name}",
        "",
        exercise.summary,
        "",
        f"- **Kind:** {exercise.mode} · {exercise.purpose} · {exercise.position}{side}",
    ]
    if exercise.aliases:
        lines.append(f"- **Also called:** {', '.join(exercise.aliases)}")
    lines.append(f"- **Equipment:** {equipment_text(exercise)}")
    if exercise.muscles:
        lines.append(f"- **Muscles:** {muscles_text(exercise)}")
    lines += ["", "## Steps", ""]
    lines += [f"{n}. {step}" for n, step in enumerate(exercise.steps, start=1)]
    if exercise.cues:
        lines += ["", "## Cues", ""] + [f"- {cue}" for cue in exercise.cues]
    lines += ["", "## Cautions", ""] + [f"- {c}" for c in exercise.cautions]
    lines += [f"- {line}" for line in safety_lines(sources)]
    lines += [
        "",
        "## Dose",
        "",
        f"- Start: {dose_text(exercise, exercise.dose.start)}",
        f"- Build up to: {dose_text(exercise, exercise.dose.target)}",
    ]
    if exercise.tempo:
        lines.append(
            f"- Tempo: lift {exercise.tempo.lift_s:g} s, lower {exercise.tempo.lower_s:g} s"
        )
    if exercise.dose.note:
        lines.append(f"- {cited(exercise.dose.note, sources)}")
    lines += [f"- {line}" for line in _frequency_lines(exercise.frequency, sources)]
    if exercise.variants:
        lines += ["", "## Variants", ""]
        lines += [f"- **{v.name}** ({v.direction}): {v.how}" for v in exercise.variants]
    if exercise.sources:
        lines += ["", "## Sources", ""]
        lines += [f"- {source_text(s, sources)}" for s in exercise.sources]
    return "\n".join(lines)


def source_text(source_id: str, sources: Mapping[str, Source]) -> str:
    source = sources.get(source_id)
    if source is None:
        return source_id
    return f"{source.title} — {source.author}"


def routine_markdown(
    routine: Routine,
    exercises: Mapping[str, Exercise],
    sources: Mapping[str, Source],
    rest_s: int,
    today: Sequence[str] = (),
) -> str:
    """The routine as Markdown; ``today``: lines of today's doses, shown after its items."""
    minutes = routine_minutes(routine, exercises, rest_s)
    how_often = _frequency_lines(routine.frequency, sources)
    first = " · ".join([f"About {minutes} min", *how_often[:1]])
    # One paragraph: Markdown's hard line break (two spaces) keeps the lines together.
    facts = "  \n".join([first, *how_often[1:]])
    lines = [f"# {routine.name}", "", routine.description, "", facts, ""]
    for number, item in enumerate(routine.items, start=1):
        exercise = exercises[item.exercise]
        dose = item_dose(exercise, item.dose)
        lines.append(f"{number}. **{exercise.name}** — {dose_text(exercise, dose)}")
        if item.note:
            lines.append(f"   {item.note}")
    if today:
        lines += ["", "## Today's doses", "", *today]
    if routine.sources:
        lines += ["", "Sources: " + "; ".join(source_text(s, sources) for s in routine.sources)]
    lines += ["", "> " + " ".join(safety_lines(sources))]
    return "\n".join(lines)
