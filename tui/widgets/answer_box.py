"""A box on a card of answers: enter moves on at once, and keys typed ahead follow it.

Textual hands each key to the widget focused when the app reads it, and runs a key's binding
(``Input``'s enter, backspace, the screen's tab) later, once the key has come back up to the
app. A person who typed "6 enter 7 enter" at speed had "67" in the first box. Here the box
acts on every key in its own turn: enter or tab moves the focus on before the next key is
read, and a key still queued in a box after its enter or tab moved the focus on goes on to
the box it moved to. After the card's last answer is given, nothing more changes it.
"""

from __future__ import annotations

from textual import events
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Input

MOVES = {"tab": "focus_next", "shift+tab": "focus_previous"}


class AnswerBox(Input):
    """An answer on a card: enter moves to the card's next box (``moves_on``), then submits."""

    def __init__(self, value: str = "", *, moves_on: bool = True, **kwargs: object) -> None:
        super().__init__(value, **kwargs)  # type: ignore[arg-type]
        self.moves_on = moves_on
        self._handed_to: Widget | None = None
        """The box this one's enter or tab moved the focus to: keys still queued here were
        typed for it."""
        self._answered_last = False
        """Enter was accepted in the card's last box: later keys are not this card's."""

    def accepts(self, value: str) -> bool:
        """Whether enter on ``value`` moves on; when not, the box is emptied and the card's
        error line says why."""
        return True

    def on_focus(self) -> None:
        self._handed_to = None  # back in this box: its keys are its own again
        self._answered_last = False

    async def _on_key(self, event: events.Key) -> None:
        if not self._card_is_open():  # the key was typed for the card, which is gone
            event.stop()
            event.prevent_default()
            return
        handed_to = self._handed_to
        if handed_to is not None or self._answered_last:
            event.stop()
            event.prevent_default()
            if handed_to is not None:
                handed_to._forward_event(events.Key(event.key, event.character))
            return
        if event.key in MOVES:
            event.stop()
            event.prevent_default()
            self._hand_to(getattr(self.screen, MOVES[event.key])())
            return
        if event.key == "enter" and self.moves_on:
            event.stop()
            event.prevent_default()
            await self._enter()
            return
        if not event.is_printable and await self._run_binding(event):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    async def _run_binding(self, event: events.Key) -> bool:
        """The box's own binding of the key (backspace, the arrows), or its card's (escape),
        as the settings' keymap binds them, now; whether one took it (a copy with nothing
        selected does not). Priority bindings ran when the app first read the key."""
        for owner in self.ancestors_with_self:
            bindings = owner._bindings.copy()
            bindings.apply_keymap(self.app._keymap)
            for key in event.aliases:
                for binding in bindings.key_to_bindings.get(key, ()):
                    if not binding.priority and await self.app.run_action(binding.action, owner):
                        return True
            if owner is self.screen:
                break
        return False

    def _on_paste(self, event: events.Paste) -> None:
        # Textual runs each class's own _on_paste in turn (Input's after this one) unless the
        # default is prevented: a paste handed on here and pasted by Input again made "77".
        event.prevent_default()
        if not self._card_is_open():
            event.stop()
            return
        handed_to = self._handed_to
        if handed_to is not None or self._answered_last:
            event.stop()
            if handed_to is not None:
                handed_to._forward_event(events.Paste(event.text))
            return
        super()._on_paste(event)

    def _card_is_open(self) -> bool:
        try:
            return self.screen.is_active
        except NoScreen:  # already taken off the card
            return False

    async def _enter(self) -> None:
        accepted = self.accepts(self.value)
        following = self._following()
        if accepted and following is not None:
            self.screen.set_focus(following)
            self._hand_to(following)
        elif accepted:
            self._answered_last = True
        await self.action_submit()
        if not accepted:  # emptied now, so that what is typed next is asked again
            self.clear()

    def _hand_to(self, moved: Widget | None) -> None:
        if moved is not None and moved is not self:
            self._handed_to = moved

    def _following(self) -> Input | None:
        boxes = card_boxes(self)
        index = boxes.index(self)
        return boxes[index + 1] if index + 1 < len(boxes) else None


def card_boxes(box: Input) -> list[Input]:
    """The boxes of ``box``'s card that can take the focus, in order."""
    return [each for each in box.screen.query(Input) if each.focusable or each is box]


def is_last_box(answered: Input) -> bool:
    """Whether ``answered`` is its card's last box: its enter finishes the card."""
    return card_boxes(answered)[-1] is answered
