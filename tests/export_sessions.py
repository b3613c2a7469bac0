"""Sessions written by ``SessionWriter`` for the ``lumbar export`` tests, and reading them back."""

from __future__ import annotations

import json
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from garmin_fit_sdk import Decoder, Stream
from sqlite_utils import Database

from db.connection import open_database
from db.queries import get_session
from db.sessions import EventRow, SessionWriter, StepRow, parse_iso
from sensors.packing import pack_acc
from tui.cli import main
from tui.locations import Locations

H10 = "C0:1A:2B:3C:4D:10"
ACC_RATE_HZ = 50
TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


@dataclass(frozen=True)
class Sessions:
    routine: int  # strength work with heart rate, RR, motion, pain, a note
    stretches: int  # stretching with heart rate
    recording: int  # 'lumbar record': heart rate and motion, no sets
    no_strap: int  # a routine done without a strap


def set_row(
    index: int,
    exercise_id: str,
    name: str,
    mode: str,
    start_s: float,
    end_s: float,
    *,
    reps: int = 0,
    holds_s: tuple[float, ...] = (),
    skipped: bool = False,
    side: str | None = None,
) -> StepRow:
    return StepRow(
        step_index=index,
        exercise_id=exercise_id,
        exercise_name=name,
        mode=mode,
        set_number=1,
        side=side,
        planned_sets=1,
        planned_reps=5 if mode == "reps" else 2 if mode == "hold" else None,
        planned_hold_s=20 if mode == "hold" else None,
        planned_duration_s=None,
        reps_done=reps,
        holds_s=holds_s,
        active_s=end_s - start_s,
        skipped=skipped,
        started_s=start_s,
        ended_s=end_s,
    )


def add_heart_rate(writer: SessionWriter, seconds: int, base_bpm: int) -> None:
    """A reading a second, each with one RR interval (two every third second)."""
    for t in range(seconds + 1):
        bpm = base_bpm + t % 17
        rr = round(60000 / bpm, 1)
        intervals = (rr, round(rr + 7.3, 1)) if t % 3 == 0 else (rr,)
        writer.heart_rate(H10, float(t), bpm, intervals, True)


def add_motion(writer: SessionWriter, start_s: float, seconds: int) -> None:
    for second in range(seconds):
        times = [start_s + second + i / ACC_RATE_HZ for i in range(ACC_RATE_HZ)]
        values = [(i * 3 - 40 + second, -990 + i % 7, 120 - i) for i in range(ACC_RATE_HZ)]
        chunk = pack_acc(H10, times, values, ACC_RATE_HZ)
        writer.stream_chunk(
            chunk.device, "acc", chunk.t0_s, chunk.rate_hz, chunk.count, chunk.encoding, chunk.data
        )


def core_basics(db: Database, **fields: Any) -> SessionWriter:
    """A Core basics session begun in ``db``; ``fields``: more of ``SessionWriter.start``'s."""
    return SessionWriter.start(
        db, kind="routine", routine_id="core-basics", routine_name="Core basics", **fields
    )


def write_sessions(home: Locations) -> Sessions:
    db = open_database(home.db_path)
    writer = core_basics(db, planned_sets=5, pain_before=4)
    writer.device(H10, "polar-h10", "Polar H10 1A2B3C", 90)
    writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 10.0, 30.0, reps=5, side="left"))
    writer.step(set_row(2, "bird-dog", "Bird dog", "reps", 32.0, 52.0, reps=4, side="right"))
    plank = set_row(3, "forearm-plank", "Forearm plank", "hold", 60.0, 105.0, holds_s=(20.0, 18.4))
    writer.step(plank)
    writer.step(set_row(4, "cat-cow", "Cat-cow stretch", "reps", 110.0, 140.0, reps=8))
    writer.step(set_row(5, "glute-bridge-ball", "Ball bridge", "reps", 141.0, 142.0, skipped=True))
    writer.event(EventRow(t_s=70.0, kind="pain", step_index=3, value=6))
    writer.event(EventRow(t_s=80.0, kind="pause", step_index=3))
    writer.event(EventRow(t_s=85.0, kind="resume", step_index=3))
    writer.event(EventRow(t_s=95.0, kind="form-warning", step_index=3, value=12.5, detail="hips"))
    writer.update(pain_after=3, note="felt fine")
    add_heart_rate(writer, 150, 70)
    add_motion(writer, 60.0, 3)
    writer.finish("completed", 150.0)
    routine = writer.session_id

    writer = SessionWriter.start(db, kind="routine", routine_id="stretch", routine_name="Stretch")
    writer.step(set_row(1, "cat-cow", "Cat-cow stretch", "reps", 5.0, 30.0, reps=10))
    writer.step(set_row(2, "knee-to-chest", "Knee-to-chest", "hold", 31.0, 60.0, holds_s=(25.0,)))
    add_heart_rate(writer, 60, 62)
    writer.finish("completed", 61.5)
    stretches = writer.session_id

    writer = SessionWriter.start(db, kind="recording")
    writer.device(H10, "polar-h10", "Polar H10 1A2B3C", 88)
    add_heart_rate(writer, 20, 80)
    add_motion(writer, 0.0, 3)
    writer.finish("completed", 20.5)
    recording = writer.session_id

    writer = SessionWriter.start(db, kind="routine", routine_id="core-basics", pain_before=2)
    writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 10.0, 30.0, reps=5, side="left"))
    writer.finish("ended-early", 40.0)
    no_strap = writer.session_id
    db.close()
    return Sessions(routine, stretches, recording, no_strap)


def stored(home: Locations, session_id: int) -> dict[str, Any]:
    db = open_database(home.db_path, writable=False)
    try:
        shown = get_session(db, session_id)
    finally:
        db.close()
    assert shown is not None
    return shown


def stored_heart_rate(home: Locations, session_id: int) -> list[tuple[float, int, list[float]]]:
    with sqlite3.connect(home.db_path) as conn:
        rows = conn.execute(
            "SELECT t_s, bpm, rr_ms FROM heart_rate WHERE session_id = ? ORDER BY t_s",
            [session_id],
        ).fetchall()
    return [(t_s, bpm, json.loads(rr)) for t_s, bpm, rr in rows]


def duration_of(shown: dict[str, Any]) -> float:
    return (parse_iso(shown["ended_at"]) - parse_iso(shown["started_at"])).total_seconds()


def export(*argv: str) -> int:
    return main(["export", *argv])


def private(path: Path) -> bool:
    mode = stat.S_IMODE(path.stat().st_mode)
    return mode == (0o700 if path.is_dir() else 0o600)


def read_fit(path: Path) -> dict[str, Any]:
    assert Decoder(Stream.from_file(str(path))).check_integrity()
    messages, errors = Decoder(Stream.from_file(str(path))).read()
    assert errors == []
    return dict(messages)
