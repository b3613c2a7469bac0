"""A box for a whole number that says why a key did nothing.

Textual's ``Input(restrict=...)`` drops a key that would not make a number, with only the
terminal's bell: a person who typed "abc" saw an empty box, and enter then skipped the
question. This one also posts ``Refused`` with what it takes, for the question's error line.
It is an ``AnswerBox``: enter moves on to the card's next box at once, when the number is
within ``most``.
"""

from __future__ import annotations

from textual.message import Message

from tui.widgets.answer_box import AnswerBox


class NumberInput(AnswerBox):
    """Digits only, up to ``digits`` of them and at most ``most``; ``takes`` says what it
    takes, in words. ``required``: enter on an empty box does not move on (the question is
    skipped another way, so a stray enter cannot skip it)."""

    TAKES_ONLY = "0123456789"
    """The characters it takes: a key bound with priority is its dialog's on any other (the
    help key over the pain check; ``tui.keymap`` checks a remapping by the same rule)."""

    class Refused(Message):
        """A key was refused: ``takes`` says what the box takes."""

        def __init__(self, number_input: NumberInput, takes: str) -> None:
            super().__init__()
            self.number_input = number_input
            self.takes = takes

        @property
        def control(self) -> NumberInput:
            return self.number_input

    def __init__(
        self,
        value: str = "",
        *,
        digits: int,
        takes: str,
        most: int | None = None,
        required: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(
            value,
            restrict=rf"[0-9]{{0,{digits}}}",
            max_length=digits,
            **kwargs,  # type: ignore[arg-type]
        )
        self.takes = takes
        self.most = most
        self.required = required

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Only a digit is its own: Textual leaves other keys to the dialog's bindings with
        priority (a key without one still comes to the box first, which refuses it)."""
        return character is not None and character in self.TAKES_ONLY

    def accepts(self, value: str) -> bool:
        """A number no larger than ``most``, or empty (skipped) unless ``required``."""
        text = value.strip()
        if not text:
            return not self.required
        return text.isdigit() and (self.most is None or int(text) <= self.most)

    def restricted(self) -> None:
        super().restricted()
        self.post_message(self.Refused(self, self.takes))
