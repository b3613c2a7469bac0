"""A session as a Training Center XML (TCX v2) activity: what Strava, Garmin Connect and
GoldenCheetah import.

Sport "Other", a lap per exercise (its name in the lap's Notes), and a Trackpoint per
heart-rate reading with its time to the millisecond. Elements follow the order of the TCX v2
schema's sequences. A Trackpoint with only a time marks the start and the end of the
session when no reading falls there, so tools that take the duration from the first and last
Trackpoint get the session's. A session without heart rate (no strap) is the same activity
without it: its laps with no heart-rate figures, each with a time-only Trackpoint at its
start, and one at the end. The person's note and pain reports stay out: these files are
meant for uploading to other services.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from db.export.activity import Lap, heart_rate_channel, laps
from db.export.reading import SessionRecord
from db.timestamps import iso

NAMESPACE = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
SCHEMA_LOCATION = f"{NAMESPACE} http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def tcx_document(record: SessionRecord) -> bytes:
    """The activity as UTF-8 XML."""
    channel = heart_rate_channel(record)
    ET.register_namespace("", NAMESPACE)
    ET.register_namespace("xsi", _XSI)
    root = ET.Element(
        _tag("TrainingCenterDatabase"), {f"{{{_XSI}}}schemaLocation": SCHEMA_LOCATION}
    )
    activity = ET.SubElement(ET.SubElement(root, _tag("Activities")), _tag("Activity"))
    activity.set("Sport", "Other")
    _text(activity, "Id", _time(record, 0.0))
    session_laps = laps(record.session.sets, record.duration_s, channel)
    for index, lap in enumerate(session_laps):
        marks_start = index == 0 or not channel  # without heart rate, every lap's start
        last = index == len(session_laps) - 1
        _lap(activity, record, lap, marks_start=marks_start, last=last)
    _text(activity, "Notes", activity_title(record))
    ET.indent(root, space="  ")
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def activity_title(record: SessionRecord) -> str:
    row = record.session.row
    what = "Recording" if row.kind == "recording" else row.routine_name
    return f"{what or row.routine_id or 'Session'} (lumbar session {record.session_id})"


def _lap(
    parent: ET.Element, record: SessionRecord, lap: Lap, *, marks_start: bool, last: bool
) -> None:
    element = ET.SubElement(parent, _tag("Lap"), {"StartTime": _time(record, lap.start_s)})
    _text(element, "TotalTimeSeconds", _seconds(lap.duration_s))
    _text(element, "DistanceMeters", "0")
    _text(element, "Calories", "0")
    if lap.avg_bpm is not None and lap.max_bpm is not None:
        _text(ET.SubElement(element, _tag("AverageHeartRateBpm")), "Value", str(lap.avg_bpm))
        _text(ET.SubElement(element, _tag("MaximumHeartRateBpm")), "Value", str(lap.max_bpm))
    _text(element, "Intensity", "Active")
    _text(element, "TriggerMethod", "Manual")
    points: list[tuple[float, int | None]] = [(r.t_s, r.bpm) for r in lap.heart_rate]
    if marks_start and (not points or points[0][0] > lap.start_s):
        points.insert(0, (lap.start_s, None))
    if last and (not points or points[-1][0] < record.duration_s):
        points.append((record.duration_s, None))
    if points:
        track = ET.SubElement(element, _tag("Track"))
        for t_s, bpm in points:
            point = ET.SubElement(track, _tag("Trackpoint"))
            _text(point, "Time", _time(record, t_s))
            if bpm is not None:
                _text(ET.SubElement(point, _tag("HeartRateBpm")), "Value", str(min(bpm, 255)))
    if lap.exercise_name:
        _text(element, "Notes", lap.exercise_name)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, _tag(name)).text = value


def _time(record: SessionRecord, t_s: float) -> str:
    return iso(record.started_at + timedelta(seconds=t_s))


def _seconds(value: float) -> str:
    return f"{value:.3f}"
