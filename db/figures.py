"""Each figure of a stored session, defined once: a set done, hold quality, "has motion",
and whose heart rate the session's is.

Queries (the log, the trends, the read model, the exports, the writer's figures on the
session row) put these SQL fragments in; nothing else spells them out. The views in
``db/schema.py`` mirror them for people reading the file with sqlite3 (a view belongs to
its migration: it keeps the definition of its day).
"""

from __future__ import annotations

import math

HOLD_QUALITY_DIGITS = 3
"""Hold quality is kept and shown to three decimals (0.915); a percentage is made from that."""

HEART_RATE_SOURCES = ("polar-h10", "generic-hr", "polar-verity-sense")
"""Device kinds from the best heart-rate source to the least good.

A session's heart rate (its average and peak, a set's, the chart, the TCX and FIT activities,
the RR export) is that of one device: the Polar H10 first (ECG electrodes on the chest: RR to
the millisecond), then any strap or watch with the standard heart-rate service, then optical
sensors (the Verity Sense: no RR), then devices of an unknown kind. Among devices of the same
rank, the one with the most readings (for RR: the most readings carrying RR intervals); then
by address, so the choice never changes between two reads.
"""


def whole(value: float) -> int:
    """``value`` rounded to a whole number, halves up (91.5 -> 92, 82.5 -> 83), as every
    figure a person reads in whole units (bpm, percent, seconds): Python's ``round`` takes
    halves to the even number, so 82.5 bpm would read 82 in one place and 83 in another."""
    return math.floor(value + 0.5)


def mean_bpm(bpms: list[int]) -> float:
    """The average heart rate of readings as every face shows it: to one decimal, as SQLite's
    ``round(avg(bpm), 1)`` keeps it on the session's row (then ``whole`` for whole bpm)."""
    return round(sum(bpms) / len(bpms), 1)


def set_done(step: str = "st") -> str:
    """SQL, true when the set (a row of ``steps`` named ``step``) was done: it ended and was
    not skipped. A set cut off by an interruption is not done; nor is one skipped."""
    return f"({step}.skipped = 0 AND {step}.ended_at IS NOT NULL)"


def set_ended_with_session(step: str = "st") -> str:
    """SQL, true when the set was left unfinished because the session was ended there (q):
    the session's "ended-early" event names it. Kept as done so far, stored as skipped."""
    return (
        f"({step}.skipped = 1 AND EXISTS (SELECT 1 FROM events e "
        f"WHERE e.session_id = {step}.session_id AND e.kind = 'ended-early' "
        f"AND e.step_index = {step}.step_index))"
    )


def set_skipped(step: str = "st") -> str:
    """SQL, true when the set was skipped (n, s, pain advice): not one the session was ended
    in, which is counted neither done nor skipped."""
    return f"({step}.skipped = 1 AND NOT {set_ended_with_session(step)})"


def set_state(step: str = "st") -> str:
    """SQL, the one state a set is read in: 'done' (it ended and was not skipped),
    'skipped' (n, s, the pain advice), 'ended' (the session was ended in it: q, or the pain
    advice to end it) or 'unfinished' (cut off by an interruption, or still going). A set
    left part done is 'skipped' or 'ended', with what was done of it in ``reps_done``,
    ``holds_s`` and ``active_s``: see ``set_worked``."""
    return (
        f"(CASE WHEN {step}.ended_at IS NULL THEN 'unfinished' "
        f"WHEN {step}.skipped = 0 THEN 'done' "
        f"WHEN {set_ended_with_session(step)} THEN 'ended' ELSE 'skipped' END)"
    )


WORKED_TIMED_S = 1.0
"""A timed set left this far in (pauses left out) was worked: its first second."""


def set_worked(step: str = "st") -> str:
    """SQL, true when the set was worked: done, or left (skipped, the session ended in it,
    or cut off by an interruption: unfinished) after some of it was done: a rep, a hold, or
    a timed set's first second (``WORKED_TIMED_S``). Its seconds (``active_s``) are time in
    sets (``active_seconds``) and, once it ended (not cut off), it is a set of the FIT
    export; a set left before any of it is none. (A set cut off after some reps counted as
    none once: a session killed after them was no day exercised.)"""
    some = (
        f"CASE {step}.mode WHEN 'hold' THEN coalesce({step}.holds_s, '[]') != '[]' "
        f"WHEN 'timed' THEN coalesce({step}.active_s, 0) >= {WORKED_TIMED_S} "
        f"ELSE coalesce({step}.reps_done, 0) > 0 END"
    )
    return f"(({step}.ended_at IS NOT NULL AND {step}.skipped = 0) OR {some})"


def active_seconds(session_id: str = "s.id") -> str:
    """SQL, a session's time in sets ("minutes in sets", ``sessions.active_s``): the
    seconds of every set worked (``set_worked``), pauses left out, rests not counted."""
    return (
        "(SELECT round(sum(st.active_s), 3) FROM steps st "
        f"WHERE st.session_id = {session_id} AND {set_worked('st')})"
    )


def sets_worked(session_id: str = "s.id") -> str:
    """SQL, how many of a session's sets were worked (``set_worked``)."""
    return (
        f"(SELECT count(*) FROM steps st WHERE st.session_id = {session_id} AND {set_worked('st')})"
    )


def session_exercised(session: str = "s") -> str:
    """SQL, true when the session (a row of ``sessions`` named ``session``) is one the
    person exercised in: a routine session with a set worked (``set_worked``: done, or left
    part done). The one definition every reader of the history uses: the log's rows
    (``SessionRow.exercised``), what counts for the week (``lumbar today``), the trends'
    days, streaks, minutes and pain, and the report's sessions; a session begun and left
    before any of a set is none of these (the report lists it apart)."""
    return (
        f"({session}.kind = 'routine' AND EXISTS (SELECT 1 FROM steps st "
        f"WHERE st.session_id = {session}.id AND {set_worked('st')}))"
    )


PAIN_ENDING = "pain"
"""The ``detail`` of a session's "ended-early" event when it ended on the pain advice: the
person chose to end it, or to skip the exercise it ended with."""


def ended_for_pain(session_id: str = "s.id") -> str:
    """SQL, true when the session ended on the pain advice (``PAIN_ENDING``). One recorded
    before endings said why counts when the person chose to end it (a "pain-choice" event
    "end"): its events do not tell the last exercise skipped for pain from an exercise
    skipped for pain and then q."""
    return (
        f"EXISTS (SELECT 1 FROM events e WHERE e.session_id = {session_id} AND "
        f"((e.kind = 'ended-early' AND e.detail = '{PAIN_ENDING}') "
        "OR (e.kind = 'pain-choice' AND e.detail = 'end')))"
    )


def has_motion(session_id: str = "s.id") -> str:
    """SQL, true when the session recorded raw accelerometer (``stream_chunks``)."""
    return (
        "EXISTS (SELECT 1 FROM stream_chunks c "
        f"WHERE c.session_id = {session_id} AND c.stream = 'acc')"
    )


def hold_quality(held_s: float | None, broken_s: float | None) -> float | None:
    """Held / (held + broken), 0 to 1 to three decimals, when a wearable watched the hold
    (``broken_s`` recorded); None otherwise, or when nothing was held nor broken."""
    if broken_s is None:
        return None
    held = held_s or 0.0
    total = held + broken_s
    return round(held / total, HOLD_QUALITY_DIGITS) if total > 0 else None


def is_heart_rate(alias: str = "h") -> str:
    """SQL, whether the ``heart_rate`` row named ``alias`` is a heart rate at all. A strap
    without skin contact sends 0 bpm, or repeats its last rate with contact "not detected"
    (``contact`` 0): such a reading is kept as recorded but is no heart rate (in Python,
    ``sensors.readings.HeartRateReading.has_heart_rate``)."""
    row = f"{alias}." if alias else ""
    return f"({row}bpm > 0 AND {row}contact IS NOT 0)"


def heart_rate_source(session_id: str = "s.id", *, rr: bool = False) -> str:
    """SQL, the address of the session's heart-rate source (see ``HEART_RATE_SOURCES``);
    NULL when no reading has a heart rate. With ``rr``: the source of RR intervals, among
    the readings that carry some."""
    return source_figure("h.device", session_id, rr=rr)


def source_rank(kind: str) -> str:
    """SQL, the rank of the device kind ``kind`` in ``HEART_RATE_SOURCES`` (0 the best);
    an unknown kind ranks last."""
    ranks = " ".join(f"WHEN '{each}' THEN {rank}" for rank, each in enumerate(HEART_RATE_SOURCES))
    return f"CASE {kind} {ranks} ELSE {len(HEART_RATE_SOURCES)} END"


def source_figure(figure: str, session_id: str = "s.id", *, rr: bool = False) -> str:
    """SQL, ``figure`` (an aggregate over ``heart_rate`` rows named ``h``, e.g.
    ``round(avg(h.bpm), 1)``) of the readings of the session's heart-rate source that have a
    heart rate (``is_heart_rate``: a strap without skin contact gives none). NULL without one.

    The device is chosen and its figure taken in one pass over the session's readings: a
    condition such as ``h.device IS (the source)`` would choose it again for every reading.
    """
    which = (
        "h.rr_ms IS NOT NULL AND h.rr_ms != '[]' AND h.contact IS NOT 0"
        if rr
        else is_heart_rate("h")
    )
    return (
        f"(SELECT value FROM (SELECT h.device AS device, count(*) AS n, {figure} AS value, "
        f"{source_rank('d.kind')} AS rank "
        "FROM heart_rate h LEFT JOIN session_devices d "
        "ON d.session_id = h.session_id AND d.address = h.device "
        f"WHERE h.session_id = {session_id} AND {which} GROUP BY h.device) "
        "ORDER BY rank, n DESC, device LIMIT 1)"
    )


def time_away(sessions: str = "s") -> str:
    """SQL, the seconds a session (a row of ``sessions`` named ``sessions``) spent stopped
    before it was resumed: from each interruption to its resume; 0 when never resumed. How
    long a resumed session took leaves them out ("as if it never stopped"); its timeline
    keeps them."""
    return f"""(SELECT coalesce(sum(max(0, r.t_s - coalesce(
        (SELECT max(i.t_s) FROM events i WHERE i.session_id = {sessions}.id
           AND i.kind = 'interrupted' AND i.t_s <= r.t_s), r.t_s))), 0)
    FROM events r WHERE r.session_id = {sessions}.id AND r.kind = 'resumed')"""
