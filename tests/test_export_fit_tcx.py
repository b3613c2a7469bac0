"""``lumbar export`` to FIT and TCX, read back by Garmin's FIT SDK and tcxreader, and its laps."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from export_sessions import (
    H10,
    TCX,
    Sessions,
    core_basics,
    duration_of,
    export,
    private,
    read_fit,
    set_row,
    stored,
    stored_heart_rate,
    write_sessions,
)
from garmin_fit_sdk import Profile
from stored import stored_set
from tcxreader.tcxreader import TCXReader

from catalog.loader import load_catalog
from db.connection import open_database
from db.export.activity import laps
from db.export.fit_exercises import GARMIN_EXERCISES, garmin_exercise
from db.export.reading import HeartRateReading
from db.read_model import StoredSet
from db.sessions import EventRow, SessionWriter, parse_iso, utc_now
from db.timestamps import iso
from tui.locations import Locations

# The sequences of the TCX v2 schema (TrainingCenterDatabasev2.xsd) our elements belong to.
ACTIVITY_ORDER = ["Id", "Lap", "Notes", "Training", "Creator", "Extensions"]
LAP_ORDER = [
    "TotalTimeSeconds",
    "DistanceMeters",
    "MaximumSpeed",
    "Calories",
    "AverageHeartRateBpm",
    "MaximumHeartRateBpm",
    "Intensity",
    "Cadence",
    "TriggerMethod",
    "Track",
    "Notes",
    "Extensions",
]
LAP_REQUIRED = {"TotalTimeSeconds", "DistanceMeters", "Calories", "Intensity", "TriggerMethod"}
TRACKPOINT_ORDER = [
    "Time",
    "Position",
    "AltitudeMeters",
    "DistanceMeters",
    "HeartRateBpm",
    "Cadence",
    "SensorState",
    "Extensions",
]


@pytest.fixture
def sessions(lumbar_home: Locations) -> Sessions:
    return write_sessions(lumbar_home)


# --- FIT -------------------------------------------------------------------------------


def test_fit_decodes_with_garmins_sdk_holding_the_duration_and_heart_rate(
    lumbar_home: Locations, sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "core.fit"
    assert export("--format", "fit", "--session", str(sessions.routine), "-o", str(out)) == 0
    assert private(out)
    fit = read_fit(out)
    shown = stored(lumbar_home, sessions.routine)
    started = parse_iso(shown["started_at"])
    readings = stored_heart_rate(lumbar_home, sessions.routine)

    (file_id,) = fit["file_id_mesgs"]
    assert file_id["type"] == "activity"
    (session,) = fit["session_mesgs"]
    assert session["total_elapsed_time"] == pytest.approx(duration_of(shown), abs=0.001)
    assert round(session["total_elapsed_time"]) == shown["duration_s"] == 150
    assert (session["sport"], session["sub_sport"]) == ("training", "strength_training")
    bpms = [bpm for _, bpm, _ in readings]
    assert session["max_heart_rate"] == max(bpms)
    assert session["avg_heart_rate"] == round(sum(bpms) / len(bpms))

    # FIT keeps whole seconds: each reading at its second, every one of them.
    records = [(m["timestamp"], m["heart_rate"]) for m in fit["record_mesgs"]]
    assert records == [
        (datetime.fromtimestamp(round((started + timedelta(seconds=t)).timestamp()), UTC), bpm)
        for t, bpm, _ in readings
    ]
    # The SDK gives a one-value array as the value itself.
    rr_s = [
        t
        for m in fit["hrv_mesgs"]
        for t in (m["time"] if isinstance(m["time"], list) else [m["time"]])
    ]
    rr_ms = [rr for _, _, intervals in readings for rr in intervals]
    assert len(rr_s) == len(rr_ms)
    assert all(abs(s * 1000 - ms) <= 0.5 + 1e-6 for s, ms in zip(rr_s, rr_ms, strict=True))

    # A lap per exercise (bird dog, plank, cat-cow, bridge) covering the whole session.
    fit_laps = fit["lap_mesgs"]
    assert len(fit_laps) == session["num_laps"] == 4
    assert sum(lap["total_elapsed_time"] for lap in fit_laps) == pytest.approx(150.0, abs=0.01)
    assert fit_laps[0]["start_time"] == session["start_time"]
    # The pause from 80 s to 85 s stops the timer (found trying it: timer time was the elapsed
    # time, pauses in it).
    assert [(e["event_type"], e["timestamp"]) for e in fit["event_mesgs"]] == [
        ("start", session["start_time"]),
        ("stop_all", session["start_time"] + timedelta(seconds=80)),
        ("start", session["start_time"] + timedelta(seconds=85)),
        ("stop_all", session["timestamp"]),
    ]
    assert session["total_timer_time"] == pytest.approx(145.0, abs=0.01)
    assert sum(lap["total_timer_time"] for lap in fit_laps) == pytest.approx(145.0, abs=0.01)
    assert [round(lap["total_elapsed_time"] - lap["total_timer_time"]) for lap in fit_laps] == [
        0,
        5,  # the plank's lap
        0,
        0,
    ]
    (activity,) = fit["activity_mesgs"]
    assert activity["num_sessions"] == 1
    assert activity["total_timer_time"] == pytest.approx(145.0, abs=0.01)


def test_fit_tells_flexibility_from_strength_and_recordings(
    sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "stretch.fit"
    assert export("--format", "fit", "--session", str(sessions.stretches), "-o", str(out)) == 0
    (session,) = read_fit(out)["session_mesgs"]
    assert session["sub_sport"] == "flexibility_training"
    out = tmp_path / "recording.fit"
    assert export("--format", "fit", "--session", str(sessions.recording), "-o", str(out)) == 0
    fit = read_fit(out)
    (session,) = fit["session_mesgs"]
    assert session["sub_sport"] == "generic"
    assert session["total_elapsed_time"] == pytest.approx(20.5)
    assert len(fit["lap_mesgs"]) == 1
    assert len(fit["record_mesgs"]) == 21


# --- TCX -------------------------------------------------------------------------------


def follows(children: list[ET.Element], order: list[str]) -> bool:
    positions = [order.index(child.tag.removeprefix(TCX)) for child in children]
    return positions == sorted(positions)


def test_tcx_parses_with_tcxreader_holding_the_duration_and_heart_rate(
    lumbar_home: Locations, sessions: Sessions, tmp_path: Path
) -> None:
    out = tmp_path / "core.tcx"
    assert export("--format", "tcx", "--session", str(sessions.routine), "-o", str(out)) == 0
    assert private(out)
    shown = stored(lumbar_home, sessions.routine)
    started = parse_iso(shown["started_at"]).replace(tzinfo=None)
    readings = stored_heart_rate(lumbar_home, sessions.routine)

    exercise = TCXReader().read(str(out), only_gps=False)
    assert exercise.activity_type == "Other"
    assert exercise.duration == pytest.approx(duration_of(shown), abs=0.001)
    samples = [(p.time, p.hr_value) for p in exercise.trackpoints if p.hr_value is not None]
    assert samples == [(started + timedelta(seconds=t), bpm) for t, bpm, _ in readings]
    assert exercise.hr_max == max(bpm for _, bpm, _ in readings)
    assert len(exercise.laps) == 4

    root = ET.parse(out).getroot()
    (activity,) = root.iter(f"{TCX}Activity")
    assert follows(list(activity), ACTIVITY_ORDER)
    tcx_laps = activity.findall(f"{TCX}Lap")
    assert sum(float(lap.findtext(f"{TCX}TotalTimeSeconds") or 0) for lap in tcx_laps) == 150.0
    assert [lap.findtext(f"{TCX}Notes") for lap in tcx_laps] == [
        "Bird dog",
        "Forearm plank",
        "Cat-cow stretch",
        "Ball bridge",
    ]
    for lap in tcx_laps:
        assert follows(list(lap), LAP_ORDER)
        assert {child.tag.removeprefix(TCX) for child in lap} >= LAP_REQUIRED
        for point in lap.iter(f"{TCX}Trackpoint"):
            assert follows(list(point), TRACKPOINT_ORDER)
    assert "felt fine" not in out.read_text(encoding="utf-8")  # the note stays home


# --- without a strap ----------------------------------------------------------------------

STRAP = "C0:4F:2A:00:00:20"


def strapless_session(home: Locations, *, strap_off_the_skin: bool) -> int:
    """Core basics done without heart rate: three exercises, a pause from 60 s to 66 s, 135 s
    in all. ``strap_off_the_skin``: a strap was on, but every reading says no skin contact
    (no heart rate either)."""
    db = open_database(home.db_path)
    writer = core_basics(db, planned_sets=4)
    writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 5.0, 25.0, reps=5, side="left"))
    writer.step(set_row(2, "bird-dog", "Bird dog", "reps", 27.0, 47.0, reps=5, side="right"))
    plank = set_row(3, "forearm-plank", "Forearm plank", "hold", 55.0, 95.0, holds_s=(20.0, 14.0))
    writer.step(plank)
    writer.step(set_row(4, "cat-cow", "Cat-cow stretch", "reps", 100.0, 130.0, reps=8))
    writer.event(EventRow(t_s=60.0, kind="pause", step_index=3))
    writer.event(EventRow(t_s=66.0, kind="resume", step_index=3))
    if strap_off_the_skin:
        writer.device(STRAP, "generic-hr", "HR Strap 4F2A", 70)
        for second in range(0, 136, 5):
            writer.heart_rate(STRAP, float(second), 150, (), False)
    writer.update(note="no strap today")
    writer.finish("completed", 135.0)
    db.close()
    return writer.session_id


STRAPLESS_LAPS = [  # (start s, seconds, name): a lap per exercise, covering the session
    (0.0, 55.0, "Bird dog"),
    (55.0, 45.0, "Forearm plank"),
    (100.0, 35.0, "Cat-cow stretch"),
]


@pytest.mark.parametrize("strap_off_the_skin", [False, True])
def test_a_session_without_heart_rate_is_a_tcx_activity_of_laps_and_times(
    lumbar_home: Locations, tmp_path: Path, strap_off_the_skin: bool
) -> None:
    """Most people exercise without a strap: the TCX is the activity all the same (Garmin
    Connect and Strava take one without heart rate), its laps and times, no heart rate."""
    session_id = strapless_session(lumbar_home, strap_off_the_skin=strap_off_the_skin)
    out = tmp_path / "strapless.tcx"
    assert export("--format", "tcx", "--session", str(session_id), "-o", str(out)) == 0
    assert private(out)
    started = parse_iso(stored(lumbar_home, session_id)["started_at"])

    exercise = TCXReader().read(str(out), only_gps=False)
    assert exercise.activity_type == "Other"
    assert exercise.duration == pytest.approx(135.0, abs=0.001)
    assert len(exercise.laps) == 3
    assert all(p.hr_value is None for p in exercise.trackpoints)

    text = out.read_text(encoding="utf-8")
    assert "HeartRate" not in text
    assert "no strap today" not in text
    root = ET.parse(out).getroot()
    (activity,) = root.iter(f"{TCX}Activity")
    assert activity.get("Sport") == "Other"
    assert follows(list(activity), ACTIVITY_ORDER)
    assert activity.findtext(f"{TCX}Id") == iso(started)
    found = [
        (
            lap.get("StartTime"),
            float(lap.findtext(f"{TCX}TotalTimeSeconds") or "nan"),
            lap.findtext(f"{TCX}Notes"),
        )
        for lap in activity.findall(f"{TCX}Lap")
    ]
    assert found == [
        (iso(started + timedelta(seconds=start)), seconds, name)
        for start, seconds, name in STRAPLESS_LAPS
    ]
    for lap in activity.findall(f"{TCX}Lap"):
        assert follows(list(lap), LAP_ORDER)
        assert {child.tag.removeprefix(TCX) for child in lap} >= LAP_REQUIRED
        assert lap.findtext(f"{TCX}Calories") == "0"
    # A time-only Trackpoint at each lap's start and at the end: the times for tools that
    # read them from the Trackpoints (tcxreader's duration above).
    times = [
        [point.findtext(f"{TCX}Time") for point in lap.iter(f"{TCX}Trackpoint")]
        for lap in activity.findall(f"{TCX}Lap")
    ]
    at = [iso(started + timedelta(seconds=t)) for t in (0, 55, 100, 135)]
    assert times == [at[:1], at[1:2], at[2:]]
    for point in root.iter(f"{TCX}Trackpoint"):
        assert [child.tag.removeprefix(TCX) for child in point] == ["Time"]


@pytest.mark.parametrize("strap_off_the_skin", [False, True])
def test_a_session_without_heart_rate_is_a_fit_activity_of_laps_and_times(
    lumbar_home: Locations, tmp_path: Path, strap_off_the_skin: bool
) -> None:
    """The FIT activity of a session without heart rate: file_id, timer events with the
    pause, its laps named through the workout steps, the session and the activity; a record
    at each lap's start and at the end with its time and distance 0, no heart rate anywhere."""
    session_id = strapless_session(lumbar_home, strap_off_the_skin=strap_off_the_skin)
    out = tmp_path / "strapless.fit"
    assert export("--format", "fit", "--session", str(session_id), "-o", str(out)) == 0
    assert private(out)
    fit = read_fit(out)
    started = parse_iso(stored(lumbar_home, session_id)["started_at"])
    start = datetime.fromtimestamp(round(started.timestamp()), UTC)

    (file_id,) = fit["file_id_mesgs"]
    assert file_id["type"] == "activity"
    (session,) = fit["session_mesgs"]
    assert session["start_time"] == start
    assert session["total_elapsed_time"] == pytest.approx(135.0, abs=0.001)
    assert session["total_timer_time"] == pytest.approx(129.0, abs=0.001)
    assert (session["sport"], session["sub_sport"]) == ("training", "strength_training")
    assert session["num_laps"] == 3
    assert [(e["event_type"], e["timestamp"]) for e in fit["event_mesgs"]] == [
        ("start", start),
        ("stop_all", start + timedelta(seconds=60)),
        ("start", start + timedelta(seconds=66)),
        ("stop_all", start + timedelta(seconds=135)),
    ]
    steps = {step["message_index"]: step["wkt_step_name"] for step in fit["workout_step_mesgs"]}
    assert [
        (
            (lap["start_time"] - start).total_seconds(),
            lap["total_elapsed_time"],
            steps[lap["wkt_step_index"]],
        )
        for lap in fit["lap_mesgs"]
    ] == STRAPLESS_LAPS
    assert [lap["total_timer_time"] for lap in fit["lap_mesgs"]] == pytest.approx([55, 39, 35])
    assert fit["record_mesgs"] == [
        {"timestamp": start + timedelta(seconds=t), "distance": 0.0} for t in (0, 55, 100, 135)
    ]
    assert "hrv_mesgs" not in fit
    for messages in fit.values():
        for message in messages:
            assert not {"heart_rate", "avg_heart_rate", "max_heart_rate"} & set(message)
    (activity,) = fit["activity_mesgs"]
    assert activity["num_sessions"] == 1
    assert activity["total_timer_time"] == pytest.approx(129.0, abs=0.001)


# --- laps --------------------------------------------------------------------------------


def set_starting(start_s: float, exercise_id: str) -> StoredSet:
    name = exercise_id.title()
    return stored_set(exercise_id=exercise_id, exercise_name=name, start_t_s=start_s)


def beats(*at_s: float) -> tuple[HeartRateReading, ...]:
    return tuple(HeartRateReading(H10, t, 80, (), True) for t in at_s)


def test_laps_follow_the_exercises_in_time_order_and_cover_the_session() -> None:
    # Sets written out of time order (a set redone after going back), one after the end.
    sets = [
        set_starting(start, name)
        for start, name in [(30.0, "a"), (10.0, "a"), (80.0, "a"), (50.0, "b"), (130.0, "c")]
    ]
    found = laps(sets, 120.0, beats(-1.0, 49.9, 50.0, 125.0))
    assert [(lap.start_s, lap.end_s, lap.exercise_name) for lap in found] == [
        (0.0, 50.0, "A"),
        (50.0, 80.0, "B"),
        (80.0, 120.0, "A"),
    ]
    assert [[r.t_s for r in lap.heart_rate] for lap in found] == [[-1.0, 49.9], [50.0], [125.0]]
    (only,) = laps([], 30.0, ())
    assert (only.start_s, only.end_s, only.exercise_name, only.heart_rate) == (0.0, 30.0, None, ())


def test_fit_laps_carry_the_exercise_names(sessions: Sessions, tmp_path: Path) -> None:
    """FIT has no lap name: each lap points (wkt_step_index) at a workout step named after
    its exercise (wkt_step_name), as a device that followed a workout writes it."""
    out = tmp_path / "core.fit"
    assert export("--format", "fit", "--session", str(sessions.routine), "-o", str(out)) == 0
    fit = read_fit(out)
    (workout,) = fit["workout_mesgs"]
    assert workout["wkt_name"] == "Core basics"
    steps = {step["message_index"]: step["wkt_step_name"] for step in fit["workout_step_mesgs"]}
    names = [steps[lap["wkt_step_index"]] for lap in fit["lap_mesgs"]]
    assert names == ["Bird dog", "Forearm plank", "Cat-cow stretch", "Ball bridge"]
    out = tmp_path / "recording.fit"
    assert export("--format", "fit", "--session", str(sessions.recording), "-o", str(out)) == 0
    recording = read_fit(out)
    assert "workout_mesgs" not in recording
    assert "wkt_step_index" not in recording["lap_mesgs"][0]


def test_a_rate_sent_without_skin_contact_stays_out_of_the_tcx(
    lumbar_home: Locations, tmp_path: Path
) -> None:
    """A strap whose contact bits say "not detected" repeats its last rate: that is no
    heart rate for Garmin Connect or Strava either."""
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    writer.device(H10, "generic-hr", "Strap", None)
    for second, (bpm, contact) in enumerate([(80, True), (150, False), (150, False), (90, True)]):
        writer.heart_rate(H10, float(second), bpm, (), contact)
    writer.step(set_row(0, "bird-dog", "Bird dog", "reps", 0.0, 4.0, reps=5))
    writer.finish("completed", 4.0)
    db.close()
    out = tmp_path / "one.tcx"
    assert export("--format", "tcx", "--session", str(writer.session_id), "-o", str(out)) == 0
    exercise = TCXReader().read(str(out), only_gps=False)
    assert [p.hr_value for p in exercise.trackpoints if p.hr_value is not None] == [80, 90]
    assert exercise.hr_max == 90


def test_rr_sent_without_skin_contact_stays_out_of_the_rr_export(
    lumbar_home: Locations, tmp_path: Path
) -> None:
    db = open_database(lumbar_home.db_path)
    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", routine_name="C")
    writer.device(H10, "generic-hr", "Strap", None)
    for second, (rr, contact) in enumerate([(750.0, True), (999.0, False), (760.0, True)]):
        writer.heart_rate(H10, float(second), 80, (rr,), contact)
    writer.step(set_row(0, "bird-dog", "Bird dog", "reps", 0.0, 3.0, reps=5))
    writer.finish("completed", 3.0)
    db.close()
    out = tmp_path / "one.txt"
    assert export("--format", "rr", "--session", str(writer.session_id), "-o", str(out)) == 0
    assert out.read_text(encoding="utf-8").split() == ["750", "760"]


def test_a_pause_ends_at_a_resume_or_where_the_session_was_cut_off() -> None:
    """Every reader takes a session's pauses alike (``db/pause_spans.py``): the FIT timer and
    ``lumbar analyze``. Closed while paused and taken up again, the session ran again."""
    from db.pause_spans import pause_spans

    events = [("pause", 10.0), ("resume", 12.0), ("pause", 20.0), ("interrupted", 21.0)]
    events += [("resumed", 30.0), ("pause", 40.0), ("resumed", 50.0), ("pause", 60.0)]
    assert pause_spans(events, 70.0) == [(10.0, 12.0), (20.0, 21.0), (40.0, 50.0), (60.0, 70.0)]


def test_the_fit_timer_leaves_out_the_time_lumbar_was_closed(
    lumbar_home: Locations, tmp_path: Path
) -> None:
    """Paused at 10 s, lumbar closed at 20 s, taken up again ten minutes later (620 s), done
    at 700 s. The log's duration leaves the time away out (100 s). ``pause_spans`` now ends
    the pause at "interrupted", so the FIT timer runs through the ten minutes lumbar was
    closed: 690 s of timer time in a 100 s session. The timer should stop from the pause
    to the session taken up again: 90 s (a pause, or lumbar closing, lasts to "resume" or
    "resumed"; for ``lumbar analyze`` the two are the same, no sample lies between)."""
    db = open_database(lumbar_home.db_path)
    started = utc_now() - timedelta(seconds=800)
    writer = core_basics(db, planned_sets=2, started_at=started)
    writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 2.0, 9.0, reps=5))
    writer.event(EventRow(t_s=10.0, kind="pause", step_index=2))
    writer.event(EventRow(t_s=20.0, kind="interrupted", step_index=2))
    for t in (*range(21), *range(620, 701)):
        writer.heart_rate(H10, float(t), 80, (750.0,), True)
    writer.update(status="interrupted", ended_at=writer.at(20.0))
    writer.flush()
    again = SessionWriter.resume(db, writer.session_id, 2, now=started + timedelta(seconds=620))
    again.step(set_row(2, "cat-cow", "Cat-cow stretch", "reps", 630.0, 690.0, reps=8))
    again.finish("completed", 700.0)
    db.close()
    assert stored(lumbar_home, writer.session_id)["duration_s"] == 100
    out = tmp_path / "one.fit"
    assert export("--format", "fit", "--session", str(writer.session_id), "-o", str(out)) == 0
    (session,) = read_fit(out)["session_mesgs"]
    assert session["total_timer_time"] == pytest.approx(90.0, abs=0.01)


def test_fit_sets_are_the_sets_worked_with_rests_between_in_garmins_names(
    sessions: Sessions, tmp_path: Path
) -> None:
    """Garmin Connect lists a strength activity's sets from its set messages: each set worked
    with its reps (a hold set: its holds) and Garmin's name for the exercise where it has
    one, a rest set in each gap, the skipped bridge left out; a set's duration leaves out
    its pause, as the lap's timer time does."""
    out = tmp_path / "core.fit"
    assert export("--format", "fit", "--session", str(sessions.routine), "-o", str(out)) == 0
    fit = read_fit(out)
    (session,) = fit["session_mesgs"]
    start = session["start_time"]
    steps = {step["message_index"]: step["wkt_step_name"] for step in fit["workout_step_mesgs"]}
    found = [
        (
            s["set_type"],
            (s["start_time"] - start).total_seconds(),
            s["duration"],
            s.get("repetitions"),
            s.get("category"),
            s.get("category_subtype"),
            steps.get(s.get("wkt_step_index", -1)),
        )
        for s in fit["set_mesgs"]
    ]
    assert found == [
        ("active", 10.0, 20.0, 5, "core", None, "Bird dog"),
        ("rest", 30.0, 2.0, None, None, None, None),
        ("active", 32.0, 20.0, 4, "core", None, "Bird dog"),
        ("rest", 52.0, 8.0, None, None, None, None),
        # 60-105 s with the pause from 80 to 85 s; plank_exercise_name "plank"
        ("active", 60.0, 40.0, 2, "plank", 43, "Forearm plank"),
        ("rest", 105.0, 5.0, None, None, None, None),
        ("active", 110.0, 30.0, 8, "core", 51, "Cat-cow stretch"),  # core_exercise_name cat_cow
    ]
    assert [s["message_index"] for s in fit["set_mesgs"]] == list(range(7))
    ends = [(s["timestamp"] - start).total_seconds() for s in fit["set_mesgs"]]
    assert ends == [30.0, 32.0, 52.0, 60.0, 105.0, 110.0, 140.0]


def test_fit_sets_keep_a_set_left_part_done_and_leave_out_one_skipped_untouched(
    lumbar_home: Locations, tmp_path: Path
) -> None:
    """Found by a new user: a bird dog's right side left with `n` after 2 of 5 reps (the
    summary: "2 reps, then skipped") was missing from the FIT's sets, and its time was
    listed as rest; CSV, JSON and TCX kept it. A set left part done is a set worked: its
    reps, or its holds. One skipped before a rep, a hold, or a timed set's first second is
    no set."""
    db = open_database(lumbar_home.db_path)
    writer = core_basics(db, planned_sets=5, started_at=utc_now() - timedelta(seconds=300))
    rows = [
        set_row(1, "bird-dog", "Bird dog", "reps", 10.0, 40.0, reps=5, side="left"),
        set_row(2, "bird-dog", "Bird dog", "reps", 45.0, 60.0, reps=2, side="right", skipped=True),
        set_row(3, "glute-bridge", "Glute bridge", "reps", 70.0, 71.0, skipped=True),
        set_row(
            4, "forearm-plank", "Forearm plank", "hold", 80.0, 110.0, holds_s=(20.0,), skipped=True
        ),
        set_row(5, "cat-cow", "Cat-cow stretch", "timed", 120.0, 120.5, skipped=True),
    ]
    for row in rows:
        writer.step(row)
    writer.finish("completed", 130.0)
    db.close()
    out = tmp_path / "left.fit"
    assert export("--format", "fit", "--session", str(writer.session_id), "-o", str(out)) == 0
    fit = read_fit(out)
    (session,) = fit["session_mesgs"]
    found = [
        (
            s["set_type"],
            (s["start_time"] - session["start_time"]).total_seconds(),
            s.get("repetitions"),
        )
        for s in fit["set_mesgs"]
    ]
    assert found == [
        ("active", 10.0, 5),
        ("rest", 40.0, None),
        ("active", 45.0, 2),
        ("rest", 60.0, None),
        ("active", 80.0, 1),
    ]


def test_every_built_in_exercise_has_a_garmin_category_and_a_real_name() -> None:
    catalog = load_catalog()
    assert set(GARMIN_EXERCISES) == set(catalog.exercises)
    categories = set(Profile["types"]["exercise_category"].values())
    for exercise_id, (category, name) in GARMIN_EXERCISES.items():
        assert category in categories, exercise_id
        fields = garmin_exercise(exercise_id)
        if name is not None:
            names = Profile["types"][f"{category}_exercise_name"]
            named = [number for number, known in names.items() if known == name]
            assert len(named) == 1, (exercise_id, name)
            assert fields["category_subtype"] == named
        else:
            assert "category_subtype" not in fields
    assert garmin_exercise("my-own-exercise") == {"category": ["unknown"]}
