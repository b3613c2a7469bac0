"""The database's tables, created and changed only by numbered migrations.

``PRAGMA user_version`` holds the number of migrations applied. A database from an older
lumbar is brought up to date in place; one from a newer lumbar is refused, untouched.
Tables are meant to be read by people with ``sqlite3`` or Datasette: plain columns, ISO
times in UTC, seconds and counts in columns named for their unit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from db.figures import (
    active_seconds,
    has_motion,
    heart_rate_source,
    is_heart_rate,
    set_done,
    set_skipped,
    set_state,
    set_worked,
    source_figure,
    source_rank,
    time_away,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

Migration = Callable[["Database"], None]


def _sessions_steps_events(db: Database) -> None:
    db.table("sessions").create(
        {
            "id": int,
            "kind": str,  # routine | recording
            "routine_id": str,
            "routine_name": str,
            "started_at": str,
            "ended_at": str,
            "updated_at": str,  # the last write while it ran: how far an interrupted one got
            "status": str,  # running | completed | ended-early | interrupted
            "pain_before": int,
            "pain_after": int,
            "note": str,
            "planned_sets": int,
            "planned_s": int,
            "pid": int,
            "host": str,
            "app_version": str,
        },
        pk="id",
        not_null=["kind", "started_at", "status"],
    )
    db.table("steps").create(
        {
            "session_id": int,
            "step_index": int,
            "exercise_id": str,
            "exercise_name": str,
            "mode": str,  # hold | reps | timed
            "set_number": int,
            "side": str,
            "planned_sets": int,
            "planned_reps": int,
            "planned_hold_s": int,
            "planned_duration_s": int,
            "reps_done": int,
            "held_s": float,
            "holds_s": str,  # JSON list: seconds truly held in each hold
            "active_s": float,
            "skipped": int,
            "started_at": str,
            "ended_at": str,
        },
        pk=("session_id", "step_index"),
        foreign_keys=[("session_id", "sessions", "id")],
        not_null=["exercise_id", "set_number", "skipped"],
    )
    db.table("events").create(
        {
            "id": int,
            "session_id": int,
            "at": str,
            "t_s": float,  # seconds since the session started
            "kind": str,  # pause, resume, pain, back, skip-exercise, hold-changed, ...
            "step_index": int,
            "value": float,
            "detail": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null=["session_id", "at", "kind"],
    )
    db.table("steps").create_index(["exercise_id"])
    db.table("events").create_index(["session_id"])
    db.table("sessions").create_index(["routine_id", "started_at"])
    db.table("sessions").create_index(["started_at"])


def _sensor_streams(db: Database) -> None:
    """Room for what wearables record: devices per session, heart rate, raw streams."""
    db.table("session_devices").create(
        {
            "session_id": int,
            "address": str,
            "kind": str,
            "name": str,
            "battery_percent": int,
        },
        pk=("session_id", "address"),
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("heart_rate").create(
        {
            "session_id": int,
            "device": str,
            "t_s": float,  # seconds since the session started
            "bpm": int,
            "rr_ms": str,  # JSON list of RR intervals in milliseconds
            "contact": int,
        },
        foreign_keys=[("session_id", "sessions", "id")],
        not_null=["session_id", "t_s", "bpm"],
    )
    db.table("heart_rate").create_index(["session_id", "t_s"])
    db.table("stream_chunks").create(
        {
            "id": int,
            "session_id": int,
            "device": str,
            "stream": str,  # acc, ...
            "t0_s": float,  # first sample, seconds since the session started
            "rate_hz": float,
            "count": int,
            "encoding": str,
            "data": bytes,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null=["session_id", "stream", "t0_s", "count", "encoding", "data"],
    )
    db.table("stream_chunks").create_index(["session_id", "stream", "t0_s"])


def _step_timing_and_sensing(db: Database) -> None:
    """Per set: when it ran in session seconds, and what a wearable saw during it."""
    steps = db.table("steps")
    steps.add_column("start_t_s", float)  # seconds since the session started
    steps.add_column("end_t_s", float)
    steps.add_column("sensor", str)  # address of the wearable that timed or counted it
    steps.add_column("reps_sensed", int)  # reps the wearable counted (keys may correct)
    steps.add_column("rep_times_s", str)  # JSON list: session seconds of each sensed rep
    steps.add_column("hold_breaks", int)  # times a hold was left before its time was up
    steps.add_column("broken_s", float)  # seconds out of position while holding
    steps.add_column("form_warnings", int)
    steps.add_column("max_rock_deg", float)  # largest trunk rocking/rotation in the set
    steps.add_column("avg_bpm", float)
    steps.add_column("peak_bpm", int)
    db.execute(
        """UPDATE steps SET
             start_t_s = (julianday(started_at) - julianday(
                 (SELECT started_at FROM sessions WHERE id = steps.session_id))) * 86400.0,
             end_t_s = (julianday(ended_at) - julianday(
                 (SELECT started_at FROM sessions WHERE id = steps.session_id))) * 86400.0"""
    )


def _session_figures_and_views(db: Database) -> None:
    """What the log lists without scanning heart rate: each session's heart rate and active
    seconds on its row; indexes for the log's filters; readable views for sqlite3/Datasette."""
    sessions = db.table("sessions")
    sessions.add_column("avg_bpm", float)
    sessions.add_column("peak_bpm", int)
    sessions.add_column("active_s", float)  # seconds in the sets done (steps.active_s)
    db.execute(
        """UPDATE sessions SET
             avg_bpm = (SELECT round(avg(bpm), 1) FROM heart_rate
                        WHERE heart_rate.session_id = sessions.id),
             peak_bpm = (SELECT max(bpm) FROM heart_rate
                         WHERE heart_rate.session_id = sessions.id),
             active_s = (SELECT round(sum(active_s), 3) FROM steps
                         WHERE steps.session_id = sessions.id
                           AND steps.skipped = 0 AND steps.ended_at IS NOT NULL)
           WHERE status != 'running'"""
    )
    sessions.create_index(["status", "started_at"])
    sessions.create_index(["kind", "started_at"])
    db.execute(
        """CREATE VIEW session_summary AS
           SELECT s.id, s.kind, s.routine_id, s.routine_name,
                  s.started_at AS started_utc, coalesce(s.ended_at, s.updated_at) AS ended_utc,
                  round((julianday(coalesce(s.ended_at, s.updated_at))
                         - julianday(s.started_at)) * 1440.0, 1) AS minutes,
                  round(s.active_s / 60.0, 1) AS active_minutes,
                  s.status,
                  (SELECT count(*) FROM steps st WHERE st.session_id = s.id
                     AND st.skipped = 0 AND st.ended_at IS NOT NULL) AS sets_done,
                  s.planned_sets AS sets_planned,
                  (SELECT count(*) FROM steps st WHERE st.session_id = s.id
                     AND st.skipped = 1) AS sets_skipped,
                  s.pain_before, s.pain_after, s.avg_bpm, s.peak_bpm,
                  EXISTS (SELECT 1 FROM stream_chunks c WHERE c.session_id = s.id
                            AND c.stream = 'acc') AS has_motion,
                  s.note
           FROM sessions s"""
    )
    db.execute(
        """CREATE VIEW step_summary AS
           SELECT st.session_id, st.step_index, s.started_at AS session_started_utc,
                  st.exercise_id, st.exercise_name, st.mode, st.set_number, st.side,
                  st.planned_reps, st.planned_hold_s, st.planned_duration_s,
                  st.reps_done, st.reps_sensed, round(st.held_s, 1) AS held_s,
                  round(st.broken_s, 1) AS broken_s,
                  CASE WHEN st.broken_s IS NOT NULL AND coalesce(st.held_s, 0) + st.broken_s > 0
                       THEN round(coalesce(st.held_s, 0)
                                  / (coalesce(st.held_s, 0) + st.broken_s), 3)
                  END AS hold_quality,  -- NULL: no wearable watched the hold
                  st.hold_breaks, st.form_warnings, st.max_rock_deg,
                  st.avg_bpm, st.peak_bpm, round(st.active_s, 1) AS active_s,
                  st.skipped, st.ended_at IS NULL AS unfinished,
                  round(st.start_t_s, 1) AS start_t_s, round(st.end_t_s, 1) AS end_t_s
           FROM steps st JOIN sessions s ON s.id = st.session_id"""
    )


def _no_contact_is_no_heart_rate(db: Database) -> None:
    """A 0 bpm reading (a strap without skin contact) stays as recorded but no longer pulls
    a session's average down: the figures of sessions with such readings are worked out
    again without them."""
    db.execute(
        """UPDATE sessions SET
             avg_bpm = (SELECT round(avg(NULLIF(bpm, 0)), 1) FROM heart_rate
                        WHERE heart_rate.session_id = sessions.id),
             peak_bpm = (SELECT max(NULLIF(bpm, 0)) FROM heart_rate
                         WHERE heart_rate.session_id = sessions.id)
           WHERE status != 'running'
             AND id IN (SELECT session_id FROM heart_rate WHERE bpm = 0)"""
    )


def _one_heart_rate_source(db: Database) -> None:
    """A session whose heart rate two devices recorded (a strap and an H10, say) had the
    average of both on its row, while its FIT and TCX files had one device's: its average
    and peak become those of its heart-rate source (``db.figures``), as everywhere else."""
    db.execute(
        f"""UPDATE sessions SET
             avg_bpm = {source_figure("round(avg(h.bpm), 1)", "sessions.id")},
             peak_bpm = {source_figure("max(h.bpm)", "sessions.id")}
           WHERE status != 'running'
             AND id IN (SELECT session_id FROM heart_rate WHERE bpm > 0
                        GROUP BY session_id HAVING count(DISTINCT device) > 1)"""
    )


def _outcomes(db: Database) -> None:
    """Questionnaires answered between sessions (PEG, PSFS): one row per time asked, one per
    answer. ``after_session_id`` is the session it was asked after, if any; it is not named
    ``session_id`` because the answers are the person's and stay when that session is
    deleted."""
    db.table("outcomes").create(
        {
            "id": int,
            "measure": str,  # peg | psfs
            "answered_at": str,
            "after_session_id": int,
            "score": float,  # the published score; NULL when it cannot be scored
            "skipped": int,  # 1: skipped as a whole, nothing answered
        },
        pk="id",
        not_null=["measure", "answered_at", "skipped"],
    )
    db.table("outcome_answers").create(
        {
            "outcome_id": int,
            "position": int,
            "item": str,  # peg: pain | enjoyment | activity; psfs: the activity, as named
            "value": int,  # 0-10; NULL: this question was skipped
        },
        pk=("outcome_id", "position"),
        foreign_keys=[("outcome_id", "outcomes", "id")],
        not_null=["item"],
    )
    db.table("outcomes").create_index(["measure", "answered_at"])


def _demo_sessions(db: Database) -> None:
    """A session the demo recorded says so (``demo`` 1), so that demo work never counts as a
    person's history. Those recorded before this version are known by the emulated
    wearables' addresses (lumbar's emulator gives its H10s and straps these)."""
    db.table("sessions").add_column("demo", int, not_null_default=0)
    db.execute(
        """UPDATE sessions SET demo = 1 WHERE id IN (
             SELECT session_id FROM session_devices
             WHERE address LIKE 'C0:1A:2B:3C:4D:%' OR address LIKE 'C0:4F:2A:00:00:%')"""
    )


def _dose_pins(db: Database) -> None:
    """Doses a person pinned: kept for that exercise of that routine until unpinned."""
    db.table("dose_pins").create(
        {
            "routine_id": str,
            "exercise_id": str,
            "sets": int,
            "reps": int,
            "hold_s": int,
            "duration_s": int,
            "pinned_at": str,
        },
        pk=("routine_id", "exercise_id"),
        not_null=["routine_id", "exercise_id", "sets", "pinned_at"],
    )


def _resumable_sessions(db: Database) -> None:
    """A session can be taken up again after an interruption: it keeps the steps it planned
    (``plan``, JSON, so a resumed session walks the same steps with the same indexes) and
    how often it was resumed."""
    sessions = db.table("sessions")
    sessions.add_column("plan", str)  # JSON list of the planned steps (catalog.plan)
    sessions.add_column("resumes", int, not_null_default=0)  # times taken up again


def _a_set_ended_in_is_not_skipped(db: Database) -> None:
    """A set the session was ended in (q) is kept as done so far: ``session_summary`` counts
    it neither done nor skipped, as the log does (``db.figures.set_skipped``)."""
    minutes = """round((julianday(coalesce(s.ended_at, s.updated_at))
                         - julianday(s.started_at)) * 1440.0, 1)"""
    _session_summary(db, minutes)


def _session_summary(db: Database, minutes: str) -> None:
    """The ``session_summary`` view (again), with the session's ``minutes`` as SQL on
    ``sessions s``: the log's figures, for a person's own queries."""
    db.execute("DROP VIEW IF EXISTS session_summary")
    db.execute(
        f"""CREATE VIEW session_summary AS
           SELECT s.id, s.kind, s.routine_id, s.routine_name,
                  s.started_at AS started_utc, coalesce(s.ended_at, s.updated_at) AS ended_utc,
                  {minutes} AS minutes,
                  round(s.active_s / 60.0, 1) AS active_minutes,
                  s.status,
                  (SELECT count(*) FROM steps st WHERE st.session_id = s.id
                     AND {set_done("st")}) AS sets_done,
                  s.planned_sets AS sets_planned,
                  (SELECT count(*) FROM steps st WHERE st.session_id = s.id
                     AND {set_skipped("st")}) AS sets_skipped,
                  s.pain_before, s.pain_after, s.avg_bpm, s.peak_bpm,
                  {has_motion("s.id")} AS has_motion,
                  s.note
           FROM sessions s"""
    )


def _lost_contact_is_no_heart_rate(db: Database) -> None:
    """A strap whose contact bits say "not detected" repeats its last rate: such a reading
    stays as recorded but is no heart rate (``db.figures.is_heart_rate``). The heart-rate
    figures of the ended sessions that have any are worked out again, and those of each set
    in which any device sent one: a session took a set's figures from its source, or from
    another device while the source was away, so a set's come from the source's readings in
    it when there are any, else from the best device heard in it (``source_rank``); a set
    with none has none."""
    lost = "SELECT session_id FROM heart_rate WHERE contact = 0 AND bpm > 0"
    db.execute(
        f"""UPDATE sessions SET
             avg_bpm = {source_figure("round(avg(h.bpm), 1)", "sessions.id")},
             peak_bpm = {source_figure("max(h.bpm)", "sessions.id")}
           WHERE status != 'running' AND id IN ({lost})"""
    )
    in_set = "r.session_id = st.session_id AND r.t_s >= st.start_t_s AND r.t_s <= st.end_t_s"
    # Each session's source and each set's device chosen once, not again for every reading.
    db.execute("DROP TABLE IF EXISTS temp.heart_source")
    db.execute(
        "CREATE TEMP TABLE heart_source AS SELECT s.id AS session_id, "
        f"{heart_rate_source('s.id')} AS device FROM sessions s WHERE s.id IN ({lost})"
    )
    db.execute("DROP TABLE IF EXISTS temp.set_heart")
    db.execute(
        f"""CREATE TEMP TABLE set_heart AS
           SELECT st.session_id, st.step_index, (
               SELECT r.device FROM heart_rate r
                 JOIN temp.heart_source hs ON hs.session_id = r.session_id
                 LEFT JOIN session_devices d
                   ON d.session_id = r.session_id AND d.address = r.device
               WHERE {in_set} AND {is_heart_rate("r")}
               GROUP BY r.device
               ORDER BY r.device IS hs.device DESC, {source_rank("d.kind")}, count(*) DESC,
                        r.device
               LIMIT 1) AS device
           FROM steps st
           WHERE st.end_t_s IS NOT NULL AND st.session_id IN ({lost})
             AND EXISTS (SELECT 1 FROM heart_rate r
                         WHERE {in_set} AND r.contact = 0 AND r.bpm > 0)"""
    )
    readings = (
        "FROM heart_rate r JOIN temp.set_heart sh ON r.device IS sh.device "
        "WHERE sh.session_id = steps.session_id AND sh.step_index = steps.step_index "
        f"AND r.session_id = steps.session_id AND r.t_s >= steps.start_t_s "
        f"AND r.t_s <= steps.end_t_s AND {is_heart_rate('r')}"
    )
    db.execute(
        f"""UPDATE steps SET
             avg_bpm = (SELECT round(avg(r.bpm), 1) {readings}),
             peak_bpm = (SELECT max(r.bpm) {readings})
           WHERE (session_id, step_index) IN
             (SELECT session_id, step_index FROM temp.set_heart)"""
    )
    db.execute("DROP TABLE temp.set_heart")
    db.execute("DROP TABLE temp.heart_source")


def _a_resumed_session_lasts_its_time_in_lumbar(db: Database) -> None:
    """``session_summary``'s minutes of a resumed session leave out its time away, as the log
    counts them (``db.figures.time_away``): five minutes in the morning and one in the
    evening are six minutes, not the hours between."""
    minutes = f"""round(max(0, (julianday(coalesce(s.ended_at, s.updated_at))
                         - julianday(s.started_at)) * 86400.0 - {time_away("s")}) / 60.0, 1)"""
    _session_summary(db, minutes)


def _session_ids_are_never_reused(db: Database) -> None:
    """A session's id is never given to another: SQLite hands a plain ``INTEGER PRIMARY KEY``
    the highest id plus one, so deleting the newest session gave its id to the next, and an
    export, note or report naming "session 12" then meant another session. ``sessions`` is
    built again with ``AUTOINCREMENT`` (rows, indexes and views kept as they are), and its
    sequence starts at the highest session id the file still knows of: its sessions', any
    row's ``session_id`` and the questionnaires' ``after_session_id`` (kept when a session
    is deleted). A deleted newest session that nothing names any more cannot be known."""
    _rebuilt_with_autoincrement(db, "sessions")
    named = [f'SELECT max(session_id) FROM "{t}"' for t in tables_with_column(db, "session_id")]
    if "outcomes" in db.table_names():
        named.append("SELECT max(after_session_id) FROM outcomes")
    highest = max(
        (found for sql in named if (found := db.execute(sql).fetchone()[0]) is not None),
        default=None,
    )
    if highest is None:
        return
    db.execute("DELETE FROM sqlite_sequence WHERE name = 'sessions'")
    db.execute(
        "INSERT INTO sqlite_sequence (name, seq) "
        "VALUES ('sessions', max(?, coalesce((SELECT max(id) FROM sessions), 0)))",
        [highest],
    )


def _rebuilt_with_autoincrement(db: Database, table: str) -> None:
    """``table`` made again with its integer ``id`` as ``INTEGER PRIMARY KEY AUTOINCREMENT``
    (SQLite cannot alter a primary key): its columns, rows, indexes and the views, all kept.
    Run with foreign keys off (``db.connection``), as SQLite's own procedure asks, so that
    the rows that refer to it stay. A later migration that makes ``sessions`` again must
    keep its ``AUTOINCREMENT`` too."""
    columns = db.execute(f'PRAGMA table_info("{table}")').fetchall()
    kept = db.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        "(type IN ('index', 'trigger') AND tbl_name = ?) OR type = 'view') ORDER BY rowid",
        [table],
    ).fetchall()
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall():
        db.execute(f'DROP VIEW "{name}"')  # a view of a table gone stops the renaming
    definitions = []
    for _, name, kind, not_null, default, pk in columns:
        if pk:
            definitions.append(f'"{name}" INTEGER PRIMARY KEY AUTOINCREMENT')
            continue
        definition = f'"{name}" {kind}'.rstrip()
        if not_null:
            definition += " NOT NULL"
        if default is not None:
            definition += f" DEFAULT {default}"
        definitions.append(definition)
    names = ", ".join(f'"{column[1]}"' for column in columns)
    building = f"{table}_rebuilt"
    db.execute(f'CREATE TABLE "{building}" (\n   ' + ",\n   ".join(definitions) + "\n)")
    db.execute(f'INSERT INTO "{building}" ({names}) SELECT {names} FROM "{table}"')
    db.execute(f'DROP TABLE "{table}"')
    # The renaming checks every trigger and view against the schema, and one that names the
    # table (a person's own, on another table) would stop it while the table is gone:
    # legacy renaming leaves them be, as SQLite's own procedure for such a change does.
    db.execute("PRAGMA legacy_alter_table = ON")
    try:
        db.execute(f'ALTER TABLE "{building}" RENAME TO "{table}"')
    finally:
        db.execute("PRAGMA legacy_alter_table = OFF")
    for (sql,) in kept:
        db.execute(sql)


def _time_in_sets_is_every_set_worked(db: Database) -> None:
    """A set left part done (skipped, or the session ended in it, after some reps, a hold or
    a second of it) is time in sets, as the FIT export has long listed it: the ended
    sessions with such a set have their ``active_s`` worked out again from every set worked
    (``db.figures.active_seconds``), and ``step_summary`` reads each set's one ``state``
    (done | skipped | ended | unfinished) and whether it was ``worked``."""
    db.execute(
        f"""UPDATE sessions SET active_s = {active_seconds("sessions.id")}
           WHERE status != 'running' AND id IN (SELECT st.session_id FROM steps st
             WHERE st.skipped = 1 AND {set_worked("st")})"""
    )
    _step_summary(db, "")


def _targets_in_force(db: Database) -> None:
    """A set keeps the hold and the timer in force when it ended (``target_hold_s``,
    ``target_duration_s``): + and - change them for the set, and the log compared what was
    held with the plan (``planned_hold_s``, kept as planned, as the session's ``plan``).
    A set recorded before has the last change the session noted in it while the set as
    stored ran (its ``hold-changed`` or ``timer-changed`` event from its start to its end),
    else the planned one: a set begun again (``b``) starts at the plan, so a change made in
    an earlier go at it, before ``b``, was not in force in the one stored (nor a change in
    a redo that did not replace the set stored)."""
    steps = db.table("steps")
    steps.add_column("target_hold_s", int)
    steps.add_column("target_duration_s", int)
    for column, planned, kind in (
        ("target_hold_s", "planned_hold_s", "hold-changed"),
        ("target_duration_s", "planned_duration_s", "timer-changed"),
    ):
        db.execute(
            f"""UPDATE steps SET {column} = coalesce((SELECT CAST(round(e.value) AS INTEGER)
                 FROM events e WHERE e.session_id = steps.session_id AND e.kind = '{kind}'
                   AND e.step_index = steps.step_index AND e.value IS NOT NULL
                   AND (e.t_s IS NULL OR steps.start_t_s IS NULL
                        OR e.t_s BETWEEN steps.start_t_s - 0.001
                                     AND coalesce(steps.end_t_s, e.t_s) + 0.001)
                 ORDER BY e.id DESC LIMIT 1), {planned})"""
        )
    _step_summary(db, "st.target_hold_s, st.target_duration_s,")


def _dose_reads_indexed(db: Database) -> None:
    """What the dose rules read is found by index, not by reading every session
    (``db.dose_history``): whether a session recorded a set of an exercise (when it was
    last done in a routine), and a session's pain reports and advice among its events."""
    db.table("steps").create_index(["session_id", "exercise_id"], if_not_exists=True)
    db.table("events").create_index(["session_id", "kind"], if_not_exists=True)


def _a_set_cut_off_after_some_is_worked(db: Database) -> None:
    """A set cut off by an interruption (unfinished) after a rep, a hold or a second of it is
    worked, as one left with n or q is (``db.figures.set_worked``): the sessions not running
    with such a set have their ``active_s`` worked out again, and ``step_summary`` reads
    it as worked."""
    db.execute(
        f"""UPDATE sessions SET active_s = {active_seconds("sessions.id")}
           WHERE status != 'running' AND id IN (SELECT st.session_id FROM steps st
             WHERE st.ended_at IS NULL AND {set_worked("st")})"""
    )
    _step_summary(db, "st.target_hold_s, st.target_duration_s,")


def _step_summary(db: Database, targets: str) -> None:
    """The ``step_summary`` view (again): each set as planned and done, with its ``state``
    (``db.figures.set_state``) and ``worked`` (``db.figures.set_worked``); ``targets``: SQL
    of more columns after the planned ones (on ``steps st``), "" or ending in a comma."""
    db.execute("DROP VIEW IF EXISTS step_summary")
    db.execute(
        f"""CREATE VIEW step_summary AS
           SELECT st.session_id, st.step_index, s.started_at AS session_started_utc,
                  st.exercise_id, st.exercise_name, st.mode, st.set_number, st.side,
                  st.planned_reps, st.planned_hold_s, st.planned_duration_s, {targets}
                  st.reps_done, st.reps_sensed, round(st.held_s, 1) AS held_s,
                  round(st.broken_s, 1) AS broken_s,
                  CASE WHEN st.broken_s IS NOT NULL AND coalesce(st.held_s, 0) + st.broken_s > 0
                       THEN round(coalesce(st.held_s, 0)
                                  / (coalesce(st.held_s, 0) + st.broken_s), 3)
                  END AS hold_quality,  -- NULL: no wearable watched the hold
                  st.hold_breaks, st.form_warnings, st.max_rock_deg,
                  st.avg_bpm, st.peak_bpm, round(st.active_s, 1) AS active_s,
                  {set_state("st")} AS state, {set_worked("st")} AS worked,
                  st.skipped, st.ended_at IS NULL AS unfinished,
                  round(st.start_t_s, 1) AS start_t_s, round(st.end_t_s, 1) AS end_t_s
           FROM steps st JOIN sessions s ON s.id = st.session_id"""
    )


def tables_with_column(db: Database, column: str) -> list[str]:
    """The tables (SQLite's own aside) that have ``column``."""
    return [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        if any(row[1] == column for row in db.execute(f'PRAGMA table_info("{name}")'))
    ]


MIGRATIONS: tuple[Migration, ...] = (
    _sessions_steps_events,
    _sensor_streams,
    _step_timing_and_sensing,
    _session_figures_and_views,
    _no_contact_is_no_heart_rate,
    _one_heart_rate_source,
    _outcomes,
    _demo_sessions,
    _dose_pins,
    _resumable_sessions,
    _a_set_ended_in_is_not_skipped,
    _lost_contact_is_no_heart_rate,
    _a_resumed_session_lasts_its_time_in_lumbar,
    _session_ids_are_never_reused,
    _time_in_sets_is_every_set_worked,
    _targets_in_force,
    _dose_reads_indexed,
    _a_set_cut_off_after_some_is_worked,
)
"""Append only: a released migration is never edited, a new one is added."""

TIME_IN_SETS_SCHEMA = MIGRATIONS.index(_a_set_cut_off_after_some_is_worked) + 1
"""The schema from which ``sessions.active_s`` holds every set worked (``active_seconds``);
a file below it (opened read-only, not migrated) keeps the seconds of the sets done only."""
