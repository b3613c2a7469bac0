"""A session's clock for screen tests: time moves only when the test moves it, and every
tick a screen asked for (``every``) runs each time it does, so no test waits for real time."""

from __future__ import annotations

from collections.abc import Callable


class FakeClock:
    def __init__(self, now: float = 500.0) -> None:
        self.now = now
        self._callbacks: list[Callable[[], None]] = []

    def __call__(self) -> float:
        return self.now

    def every(self, interval_s: float, callback: Callable[[], None]) -> Callable[[], None]:
        self._callbacks.append(callback)

        def stop() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return stop

    def advance(self, seconds: float) -> None:
        """Move the time on, then tick once (a long tick carries the leftover time on)."""
        self.now += seconds
        for callback in list(self._callbacks):
            callback()
