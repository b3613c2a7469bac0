"""A live session's view as styled text: what the runner screen and the mat view draw."""

from __future__ import annotations

import math

from textual.content import Content

from tui.live import LiveView, SensorPanel


def title_text(view: LiveView) -> Content:
    kind = view.step.kind
    if kind == "ready":
        return Content.assemble(("Get ready: ", "bold"), (view.subheading, "bold $accent"))
    if kind == "rest":
        return Content.styled(view.heading, "bold")
    if kind == "switch":
        return Content.assemble((f"{view.heading}: ", "bold"), view.subheading)
    return Content.assemble(
        (view.heading, "bold"), f"  {view.subheading}" if view.subheading else ""
    )


def how_text(view: LiveView) -> Content:
    parts: list[str | tuple[str, str]] = []
    if view.next_up:
        parts.append((f"Next up: {view.next_up}\n", "bold"))
    if view.cue:
        parts += [("Cue: ", "bold $success"), f"{view.cue}\n"]
    if view.caution:
        parts += [("Caution: ", "bold $warning"), f"{view.caution}\n"]
    for number, line in enumerate(view.steps, start=1):
        parts += [(f"{number}. ", "bold"), f"{line}\n"]
    return Content.assemble(*parts)


def status_text(view: LiveView) -> Content:
    if view.state in ("asking", "over"):
        return Content.styled(view.status, "bold")
    if view.state == "waiting":
        first, _, rest = view.status.partition(". ")
        return Content.assemble((f"{first}. ", "bold"), rest)
    if view.state == "paused":
        return Content.styled(view.status, "bold $warning")
    return Content.styled(view.status, "dim")


def sensors_text(panel: SensorPanel) -> Content:
    if panel.placeholder is not None:
        return Content(panel.placeholder)
    parts: list[str | tuple[str, str]] = []
    for device in panel.devices:
        if device.state != "connected":
            parts += [(device.title, "bold"), f": {device.state}…\n"]
        elif device.heart_rate_bpm is not None:
            parts += [("♥ ", "bold $error"), (f"{device.heart_rate_bpm} bpm", "bold")]
            parts.append(f" zone {device.zone}" if device.zone else "")
            parts.append(f" · {device.title}\n")
        else:
            parts += [(device.title, "bold"), ": connected\n"]
    if panel.motion is not None:
        parts += [("Motion: ", "bold"), panel.motion + "\n"]
    if panel.warning is not None:
        parts += [("⚠ ", "bold $warning"), (panel.warning, "$warning")]
    return Content.assemble(*parts)


def tempo_text(view: LiveView) -> Content | str:
    tempo = view.tempo
    if tempo is None:
        return ""
    return Content.styled(f"{tempo.label.upper()}  {math.ceil(tempo.seconds_left)}", "bold")
