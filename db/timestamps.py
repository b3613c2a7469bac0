"""Wall time as the database keeps it: UTC, ISO 8601 to the millisecond, with a Z (the time
now comes from ``db.clock``)."""

from __future__ import annotations

from datetime import datetime


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
