"""Sessions as one JSON document: everything about each, as ``lumbar log show ID --json``
shows it (``db.session_json``), plus every heart-rate reading with its RR intervals.

Raw accelerometer samples are left out (an hour at 200 Hz is 720,000 samples); each
session's ``streams`` says what was recorded, and the CSV export writes the samples. The
document is written a session at a time, so a long history never sits in memory whole.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from db.export.reading import SessionRecord, read_record
from db.session_json import session_json
from db.timestamps import iso

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMAT = "lumbar-export"
FORMAT_VERSION = 1


def write_json(
    db: Database, session_ids: Sequence[int], out: TextIO, *, exported_at: datetime
) -> None:
    head = {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": iso(exported_at)}
    out.write(json.dumps(head)[:-1] + ', "sessions": [\n')
    for index, session_id in enumerate(session_ids):
        if index:
            out.write(",\n")
        out.write(json.dumps(session_document(read_record(db, session_id)), ensure_ascii=False))
    out.write("\n]}\n")


def session_document(record: SessionRecord) -> dict[str, Any]:
    return {
        **session_json(record.session),
        "heart_rate_readings": [
            {
                "device": r.device,
                "t_s": r.t_s,
                "bpm": r.bpm,
                "rr_ms": list(r.rr_intervals_ms),
                "contact": r.contact,
            }
            for r in record.heart_rate
        ],
    }
