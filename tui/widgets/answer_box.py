"""A box on a card of answers: enter moves on at once, and keys typed ahead follow it.

Textual hands each key to the widget focused when the app reads it, and ``Input`` runs its
enter binding later, once the key has come back up to the app. A person who typed
"6 enter 7 enter" at speed had "67" in the first box. Here the box takes enter in its own
turn and moves the focus on before it reads the next key, and a key that reaches a box that
no longer has the focus goes on to the box that has it now.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class AnswerBox(Input):
    """An answer on a card: enter moves to the card's next box (``moves_on``), then submits."""

    def __init__(self, value: str = "", *, moves_on: bool = True, **kwargs: object) -> None:
        super().__init__(value, **kwargs)  # type: ignore[arg-type]
        self.moves_on = moves_on

    def accepts(self, value: str) -> bool:
        """Whether enter on ``value`` moves on; when not, the box is emptied and the card's
        error line says why."""
        return True

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self and isinstance(focused, Input):
            # Typed ahead, before this box's enter (or tab) moved the focus on.
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        if event.key == "enter" and self.moves_on:
            event.stop()
            event.prevent_default()
            accepted = self.accepts(self.value)
            following = self._following()
            if following is not None and accepted:
                self.screen.set_focus(following)
            await self.action_submit()
            if not accepted:  # emptied now, so that what is typed next is asked again
                self.clear()
            return
        await super()._on_key(event)

    def _following(self) -> Input | None:
        boxes = list(self.screen.query(Input))
        index = boxes.index(self)
        return boxes[index + 1] if index + 1 < len(boxes) else None


def is_last_box(answered: Input) -> bool:
    """Whether ``answered`` is its card's last box: its enter finishes the card."""
    return list(answered.screen.query(Input))[-1] is answered
