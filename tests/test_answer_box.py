"""A paste into an answer box: what was pasted, once."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from waiting import until

from tui.widgets.answer_box import AnswerBox
from tui.widgets.number_input import NumberInput


class Card(App[None]):
    def compose(self) -> ComposeResult:
        yield NumberInput(digits=2, most=10, takes="0 to 10", id="number")
        yield AnswerBox(id="words")


async def test_a_paste_goes_into_the_box_once() -> None:
    """The review: pasting 7 into the pain check's box gave 77 (Textual ran Input's paste
    after the box's own, which had already run it)."""
    app = Card()
    async with app.run_test() as pilot:
        number = app.query_one("#number", NumberInput)
        number.focus()
        await pilot.pause()
        number.post_message(events.Paste("7"))
        await until(pilot, lambda: number.value != "", "the paste", 30)
        await pilot.pause()
        assert number.value == "7"
        words = app.query_one("#words", AnswerBox)
        words.focus()
        await pilot.pause()
        words.post_message(events.Paste("stiff"))
        await until(pilot, lambda: words.value != "", "the paste", 30)
        await pilot.pause()
        assert words.value == "stiff"
