"""A box for a whole number that says why a key did nothing.

Textual's ``Input(restrict=...)`` drops a key that would not make a number, with only the
terminal's bell: a person who typed "abc" saw an empty box, and enter then skipped the
question. This one also posts ``Refused`` with what it takes, for the question's error line.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input


class NumberInput(Input):
    """Digits only, up to ``digits`` of them; ``takes`` says what it takes, in words."""

    class Refused(Message):
        """A key was refused: ``takes`` says what the box takes."""

        def __init__(self, number_input: NumberInput, takes: str) -> None:
            super().__init__()
            self.number_input = number_input
            self.takes = takes

        @property
        def control(self) -> NumberInput:
            return self.number_input

    def __init__(self, value: str = "", *, digits: int, takes: str, **kwargs: object) -> None:
        super().__init__(
            value,
            restrict=rf"[0-9]{{0,{digits}}}",
            max_length=digits,
            **kwargs,  # type: ignore[arg-type]
        )
        self.takes = takes

    def restricted(self) -> None:
        super().restricted()
        self.post_message(self.Refused(self, self.takes))
