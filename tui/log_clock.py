"""What the log, a session's detail and the trends share: the zone days are counted in with
today's date, and how a screen gets the database. Textual-free."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import TYPE_CHECKING

from db.clock import local_zone, today

if TYPE_CHECKING:
    from sqlite_utils import Database

Opener = Callable[[], Awaitable["Database"]]
"""Opens (once) and hands over the session database; raises ``DatabaseProblem``."""


@dataclass(frozen=True, slots=True)
class LogClock:
    """The zone that days are counted in and today's date: the machine's unless given."""

    tz: tzinfo | None = None
    today_fn: Callable[[], date] | None = field(default=None, compare=False)

    def zone(self) -> tzinfo:
        return self.tz or local_zone()

    def today(self) -> date:
        return self.today_fn() if self.today_fn is not None else today(self.zone())
