"""A session's RR intervals as text: milliseconds, one per line, nothing else.

What Kubios HRV and GoldenCheetah import (and ``lumbar hrv`` reads). The intervals are those
of the device that sent the most, in the order they came, at the 0.1 ms they were stored with.
"""

from __future__ import annotations

from collections import Counter

from db.export.reading import ExportError, SessionRecord


def rr_intervals_ms(record: SessionRecord) -> tuple[float, ...]:
    """The RR intervals of the session's main RR device, in order."""
    counts = Counter(r.device for r in record.heart_rate for _ in r.rr_intervals_ms)
    if not counts:
        return ()
    device = min(counts, key=lambda name: (-counts[name], name or ""))
    return tuple(rr for r in record.heart_rate if r.device == device for rr in r.rr_intervals_ms)


def rr_text(record: SessionRecord) -> str:
    """The text file; an ``ExportError`` when the session has no RR intervals."""
    intervals = rr_intervals_ms(record)
    if not intervals:
        raise ExportError(
            f"session {record.session_id} has no RR intervals (no strap sent any); "
            "export it as csv or json"
        )
    return "".join(f"{round(rr, 1):g}\n" for rr in intervals)
