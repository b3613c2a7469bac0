"""What a session's dialog shows a person: the parts of it that are displayed (the advice
after pain has a full and a compact form, and shows one), and whether it fits the terminal
whole, above the footer, nothing in it scrolled out of sight."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from waiting import until


def displayed(part: Widget) -> bool:
    """Drawn: neither ``part`` nor anything it lies in is hidden (``display: none``)."""
    return all(node.display for node in part.ancestors_with_self if isinstance(node, Widget))


def shown_parts(question: Screen[Any], selector: str = "Static") -> list[Widget]:
    """The parts of the dialog's box matching ``selector`` that are displayed, in order."""
    box = question.query_one(".question")
    return [part for part in box.query(selector) if displayed(part)]


def shown_words(question: Screen[Any], selector: str = "Static") -> list[str]:
    """What the displayed parts matching ``selector`` say, in order."""
    return [str(part.render()) for part in shown_parts(question, selector)]


def placed(box: Widget) -> bool:
    """``box`` has been laid out: a region of some area (before its first layout a widget's
    region is empty, at 0,0, and any region contains an empty one)."""
    return box.region.area > 0


async def fits_whole(pilot: Pilot[Any], question: Screen[Any]) -> None:
    """The dialog's box and every part of it that is displayed lie within the terminal,
    above the footer, with no scrollbar and none of it scrolled out of sight: once the box
    is laid out (before its first layout its region is empty, which would fit anywhere; a
    pause on a busy machine may end before that layout), waited for."""
    width, height = question.app.size
    box = question.query_one(".question")
    await until(pilot, lambda: placed(box), "the dialog laid out", 30)
    assert placed(box), f"not laid out: {box.region}"
    above_footer = Region(0, 0, width, height - 1)
    assert above_footer.contains_region(box.region), (box.region, question.app.size)
    assert box.max_scroll_y == 0, f"{box.max_scroll_y} rows scroll out of sight"
    assert not box.show_vertical_scrollbar
    parts = shown_parts(question, "Static")
    assert parts, "nothing shown"
    for part in parts:
        assert box.content_region.contains_region(part.region), (part, part.region)
