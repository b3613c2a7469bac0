"""What a live session shows: its state, the big clock or count and its words, how to do
the exercise, what comes next, and the wearables' panel (``LiveSession.view``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from catalog.describe import SAFETY_SHORT
from tui.live.cues import ROCKING, form_words, hold_broken_words
from tui.live.view import (
    DONE_SHOWN_S,
    HOLD_BROKEN,
    NO_SENSOR,
    NO_SENSOR_PACED,
    Alert,
    LiveView,
    Now,
    SensorPanel,
    SensorsNow,
    SetDone,
    big_of,
    device_lines,
    heading_of,
    how_of,
    motion_words,
    next_hold_of,
    next_of,
    now_of,
    set_done_of,
    status_of,
)
from tui.words import minutes_left_text

if TYPE_CHECKING:
    from catalog.models import Dose
    from catalog.plan import PlannedStep
    from tui.live.changes import SessionView
    from tui.live.session import LiveSession

FORM_SHOWN_S = 8.0
"""A form warning shows this long (the panel's line, the alert)."""
WARNED_DOING = frozenset({"work", "hold"})
"""What the person does while a form warning shows: the set's reps or hold under way."""
OVER_HEADING = "Session over"
"""The title once the session is over, whatever step it ended in."""


def live_view(session: LiveSession, now: float, sensors: SensorsNow | None) -> LiveView:
    """What ``session`` shows at ``now`` (``LiveSession.view``)."""
    engine_view = session.engine.view(now)
    step = engine_view.step
    exercise = session.exercises[step.exercise_id]
    now_doing = now_of(
        engine_view,
        exercise.mode,
        session.ready,
        hold_broken=session.hold_broken,
        rocking=session.broken_by == "rocking",
    )
    state = now_doing.state
    heading, subheading = heading_of(step, exercise.name)
    # The hold's clock as shown never runs back (``tui.live.hold_face``).
    shown_left = session.hold_face.seconds_left(engine_view, _unsure_since(session, step), now)
    big, label = big_of(
        replace(engine_view, seconds_left=shown_left),
        exercise.mode,
        now_doing,
        sensor_counts=session.engine.gated,
        coach_counts=session.engine.pace,
    )
    next_text = next_hold_of(engine_view, exercise.mode) or next_of(
        engine_view.next_step, session.exercises, _shown(session, engine_view)
    )
    side = step.side
    if state == "over":  # not the last step's title, side, figure or words: nothing runs now
        heading, subheading, side = OVER_HEADING, "", None
        big, label = "", now_doing.under
        next_text = next_of(None, session.exercises)  # the pain check and the summary
    next_up, cue, caution, steps = how_of(engine_view, session.exercises)
    left_s = (1 - engine_view.progress) * sum(s.estimate_s for s in session.engine.steps)
    return LiveView(
        state=state,
        index=engine_view.index,
        step=step,
        exercise=exercise,
        heading=heading,
        subheading=subheading,
        big=big,
        label=label,
        tempo=engine_view.tempo,
        cue=cue,
        caution=caution,
        steps=steps,
        next_up=next_up,
        next_text=next_text,
        status=status_of(state, SAFETY_SHORT, question_open=session.question is not None),
        side=side,
        progress=engine_view.progress,
        position=(
            f"step {engine_view.index + 1} of {engine_view.step_count}"
            f" · {minutes_left_text(left_s)}"
        ),
        sensors=_panel(session, engine_view, exercise.mode, sensors, now),
        word=now_doing.word,
        enter_does=engine_view.enter_does if state not in ("asking", "over") else None,
        goes_on=session.goes_on,
        alert=_alert(session, now_doing, now),
        big_word=_big_word(now_doing, engine_view),
        done=_done(session, engine_view, state),
    )


def _done(session: LiveSession, view: SessionView, state: str) -> SetDone | None:
    """What the set before the step under way did, in that step's first seconds (not once
    the session is over: the summary says it; nor before it starts)."""
    last = view.last_set
    if last is None or state in ("asking", "waiting", "over") or view.elapsed_s >= DONE_SHOWN_S:
        return None
    return set_done_of(last, session.exercises[last.exercise_id])


def _alert(session: LiveSession, now_doing: Now, now: float) -> Alert | None:
    """What the person must put right: the hold broken while its clock waits for them (by
    rocking: a form fault), else the last form warning while it is fresh; in the words the
    coach says them."""
    if now_doing.doing in ("left", "rocking"):
        rocking = now_doing.doing == "rocking"
        why = f"{HOLD_BROKEN}: {ROCKING}" if rocking else HOLD_BROKEN
        return Alert(hold_broken_words(session.broken_by), why)
    warning = session.form_warning
    # Only while the person does the set it was raised in (the session forgets it as the
    # step changes): not paused, at a rest or a switch of sides, nor once over.
    if now_doing.doing not in WARNED_DOING or warning is None or now - warning[0] >= FORM_SHOWN_S:
        return None
    _, fact, kind = warning
    return Alert(form_words(kind), fact)


def _big_word(now_doing: Now, view: SessionView) -> str:
    """The word for block letters beside the figure: paused, the corner word; else the
    tempo's."""
    if now_doing.doing == "paused":
        return now_doing.word
    return view.tempo.label.upper() if view.tempo is not None else ""


def _shown(session: LiveSession, view: SessionView) -> Dose | None:
    """At the get-ready of an exercise that starts at another dose than the routine screen
    showed, the dose shown (the set next says its own, then this one)."""
    coming = view.next_step
    if view.step.kind != "ready" or coming is None or coming.kind != "work":
        return None
    changed = (c for c in session.doses_changed if c.exercise_id == coming.exercise_id)
    return next((c.shown for c in changed), None)


def _panel(
    session: LiveSession, view: SessionView, mode: str, sensors: SensorsNow | None, now: float
) -> SensorPanel:
    no_sensor = SensorPanel(placeholder=NO_SENSOR_PACED if session.engine.pace else NO_SENSOR)
    if sensors is None:
        return no_sensor
    lines = device_lines(sensors, session.max_hr)
    if not lines:
        if sensors.connecting:
            return SensorPanel(placeholder="Connecting to the sensors…")
        return no_sensor
    sensing = session.sensing
    motion = None
    if sensing is not None and sensing.streaming:
        motion = motion_words(
            view,
            mode,
            watched=sensing.watches(view.index),
            hold_broken=session.hold_broken,
        )
    elif sensing is not None and sensing.motion_off is not None:
        motion = f"off ({sensing.motion_off}); {_counting_now(session, mode)}"
    elif any(d.has_acc for d in sensors.devices if d.active):
        motion = f"waiting for data; {_counting_now(session, mode)}"
    warning = session.form_warning
    fresh = warning[1] if warning is not None and now - warning[0] < FORM_SHOWN_S else None
    if session.hold_broken and session.broken_by == "rocking":
        # Shown as a form fault is, for as long as the clock is stopped for it.
        fresh = ROCKING
    return SensorPanel(devices=lines, placeholder=None, motion=motion, warning=fresh)


def _unsure_since(session: LiveSession, step: PlannedStep) -> float | None:
    """Since when the motion detector timing the hold under way has been unsure the person
    is in position; None when it is sure, or no detector times it."""
    sensing = session.sensing
    index = session.engine.index
    if sensing is None or step.kind != "work" or not session.engine.gated:
        return None
    return sensing.hold_unsure_since() if sensing.watches(index) else None


def _counting_now(session: LiveSession, mode: str) -> str:
    """What counts the exercise at hand while the sensor does not: the clock (holds, timed
    exercises), the coach at the tempo, or the keys."""
    if mode != "reps":
        return "the clock times it for now"
    return "the coach counts for now" if session.engine.pace else "keys count for now"
