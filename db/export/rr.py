"""A session's RR intervals as text: milliseconds, one per line, nothing else.

What Kubios HRV and GoldenCheetah import (and ``lumbar hrv`` reads). The intervals are those
of one device, the record's RR device: the session's best RR source (``db.figures``: a Polar
H10's ECG before any other strap or watch; among equals the one that sent the most), or the
one asked for with ``--device``; in the order they came, at the 0.1 ms they were stored with.
"""

from __future__ import annotations

from db.export.reading import ExportError, SessionRecord


def rr_intervals_ms(record: SessionRecord) -> tuple[float, ...]:
    """The RR intervals of the record's RR device, in order (none a strap sent while its
    contact bits said it was off the skin)."""
    return tuple(
        rr
        for r in record.heart_rate
        if r.device == record.rr_device and r.contact is not False
        for rr in r.rr_intervals_ms
    )


def rr_text(record: SessionRecord) -> str:
    """The text file; an ``ExportError`` when the session has no RR intervals."""
    intervals = rr_intervals_ms(record)
    if not intervals:
        raise ExportError(
            f"session {record.session_id} has no RR intervals (no strap sent any); "
            "export it as csv or json"
        )
    return "".join(f"{round(rr, 1):g}\n" for rr in intervals)
