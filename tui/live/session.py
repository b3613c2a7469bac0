"""A live session: the functional core of the guided session, free of Textual.

Keys, the wearables' hub events and the time go in; a view and effects come out. It owns the
engine (the steps and the clock), the coach (what is said, ``tui.live.coaching``), the
sensing (the motion detectors and each set's figures), the recording pipeline (every reading
and raw sample into rows) and the recorder (what the engine reports, as rows); what it shows
is ``tui.live.presenting``'s. The runner screen forwards keys and events, draws ``view`` and
carries out the ``Effects``: rows to the writer, a signal, a notice, the demo person's move.

Every method takes ``now`` (seconds on a monotonic clock), so a fake clock drives it whole.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from catalog import Routine
from catalog.describe import SAFETY_SHORT
from catalog.models import Exercise
from catalog.plan import PlannedStep
from db.sessions import CollectedRows, SessionUpdate, StepSensing
from db.stored_plan import plan_json
from tui.doses import CHANGED_TITLE, DoseChanged, doses_changed_text
from tui.live.changes import (
    Change,
    HoldClockStarted,
    HoldClockStopped,
    HoldCompleted,
    Paused,
    Phase,
    RedoLeft,
    RepsTakenBack,
    Resumed,
    SessionFinished,
    StepFinished,
    StepResult,
    StepStarted,
    WentBack,
)
from tui.live.coaching import Coach
from tui.live.cues import dose_changed_words
from tui.live.effects import Ask, DemoMove, Effects, Finished, Notice
from tui.live.engine import SessionEngine
from tui.live.hold_breaks import hold_event, left_the_hold
from tui.live.hold_face import HoldFace
from tui.live.pain import Choice, PainAdvice, advise, advise_before, red_flag_advice
from tui.live.presenting import live_view
from tui.live.recorder import SessionRecorder
from tui.live.view import LiveView, SensorsNow

if TYPE_CHECKING:
    from sensors.hub import HubEvent
    from sensors.recording import Recording
    from tui.live.resuming import Resumption
    from tui.live.sensing import Heard, SessionSensing
    from tui.sensor_board import DeviceView

SAVE_EVERY_S = 1.0
CHANGED_SHOWN_S = 20.0
"""The line that doses changed since shown stays this long: it names them and says why."""


class LiveSession:
    """One guided session of ``routine`` over its planned ``steps``.

    ``sensors``: whether wearables may take part (the app has a sensor link). ``demo``: the
    demo's person follows the session (``Effects.demo``). ``max_hr``: for heart-rate zones.
    ``pace``: with no sensor counting, the coach counts reps at the exercise's tempo.
    ``doses_changed``: the exercises that start at another dose than the routine screen
    showed; the session says so as it begins, and the coach at each one's get-ready.
    """

    def __init__(
        self,
        routine: Routine,
        steps: Sequence[PlannedStep],
        exercises: Mapping[str, Exercise],
        *,
        sensors: bool = False,
        demo: bool = False,
        max_hr: int | None = None,
        pace: bool = True,
        resumption: Resumption | None = None,
        doses_changed: Sequence[DoseChanged] = (),
    ) -> None:
        self.routine = routine
        self.exercises = exercises
        self.resumption = resumption
        self.doses_changed = () if resumption is not None else tuple(doses_changed)
        if resumption is None:
            self.engine = SessionEngine(steps, exercises, pace=pace)
        else:
            self.engine = SessionEngine(
                resumption.steps,
                exercises,
                pace=pace,
                start_index=resumption.start_index,
                done=resumption.done,
                targets=resumption.targets,
            )
        said = {
            c.exercise_id: dose_changed_words(exercises[c.exercise_id], c.dose, c.shown)
            for c in self.doses_changed
        }
        self.coach = Coach(self.engine, exercises, said)
        self.sensors = sensors
        self.demo = demo
        self.max_hr = max_hr
        self.pain_before: int | None = resumption.pain_before if resumption else None
        self.pain_after: int | None = None
        self.note: str | None = None
        self.sensing: SessionSensing | None = None
        self.recorder: SessionRecorder | None = None
        self._recording: Recording | None = None
        self._rows = CollectedRows()
        self._last_save_s: float | None = None
        self.hold_broken = False
        """The detector stopped the hold's clock: the person left the position or rocks."""
        self.broken_by = ""
        """Why the detector last stopped a hold's clock (``HoldBroken.reason``)."""
        self.form_warning: tuple[float, str, str] | None = None
        """When the detector last warned of the form in the step under way, the warning
        ("trunk twisting past 12°") and its kind ("trunk twisting"); None once that step
        ends."""
        self.hold_face = HoldFace()
        """What the hold's clock has shown: it never runs back (``tui.live.hold_face``)."""
        self._demo_move: DemoMove | None = None
        self._last_pain: int | None = None
        self._advice: PainAdvice | None = None
        self._ended_for_pain = False
        self._skipping_for_pain = False
        self._interrupted = False
        self._running_before_end = False
        self.question: Ask | None = None
        """The question asked and not answered yet: on screen, the session waits for it."""

    # --- questions -----------------------------------------------------------------------

    PAIN_BEFORE = "How much pain do you have right now, 0 to 10?"
    PAIN_NOW = "Pain now, 0 to 10?"
    PAIN_AFTER = "And your pain now, 0 to 10?"
    END = "End this session now?"

    def first_question(self, now: float) -> Effects:
        """The pain check before anything starts (a resumed session has its own already)."""
        if self.resumption is not None:
            return Effects()
        return self._ask(now, Ask("pain-before", self.PAIN_BEFORE, SAFETY_SHORT))

    def ask_pain(self, now: float) -> Effects:
        """P: the session pauses and asks how much pain there is now."""
        effects = self.pause(now)
        return effects.add(self._ask(now, Ask("pain-now", self.PAIN_NOW, "The session is paused.")))

    def answer_pain_now(self, level: int | None, now: float) -> Effects:
        """Pain reported mid-session, compared with the start: the advice comes next. No
        answer (escape) reports nothing: the session stays paused, space resumes it."""
        if level is None:
            return Effects()
        effects = self._do(self.engine.report_pain(level, now), now)
        name = self.exercises[self.engine.exercise_now].name
        advice = advise(level, self.pain_before, name)
        self._advice = advice
        self._last_pain = level
        if self.recorder is not None:
            effects.rows.append(
                self.recorder.event(now, "pain-advice", self.engine.index, level, advice.advice)
            )
        return effects.add(self._ask(now, Ask("pain-advice", advice.headline, advice.text, advice)))

    def answer_pain_advice(self, choice: Choice | None, now: float) -> Effects:
        """What the person chose after the advice; none: what it advises (its first choice),
        never going on against it (it carried on after the advice to stop)."""
        choices = self._advice.choices if self._advice is not None else ("carry-on",)
        if choice is not None and choice not in choices:
            raise ValueError(f"{choice} was not offered: {', '.join(choices)}")
        ask_choice: Choice = choice or choices[0]
        effects = Effects()
        if self.recorder is not None and not self.over:
            effects.rows.append(
                self.recorder.event(now, "pain-choice", self.engine.index, detail=ask_choice)
            )
        name = self.exercises[self.engine.exercise_now].name
        if ask_choice == "red-flag":
            advice = self._advice = red_flag_advice(self._last_pain, self.pain_before, name)
            if self.recorder is not None:
                effects.rows.append(
                    self.recorder.event(now, "red-flag", self.engine.index, self._last_pain)
                )
            return self._effects(
                effects.add(
                    self._ask(now, Ask("pain-advice", advice.headline, advice.text, advice))
                )
            )
        if ask_choice == "skip":  # still paused: a moment before the next exercise
            self._skipping_for_pain = True  # the last exercise's ends it: ``_closing``
            try:
                return effects.add(self.skip_exercise(now, for_pain=True))
            finally:
                self._skipping_for_pain = False
        if ask_choice == "end":  # before the first set too: left before it, as q leaves it
            self._ended_for_pain = True
            return effects.add(self.end(now, for_pain=True))
        return effects.add(self._resume(now))  # before the first set: space starts it

    def answer(self, ask: Ask, value: Any, now: float) -> Effects:
        """The person's answer to ``ask``: pain now, the choice after the advice, pain after,
        whether to end (the pain before opens the record first: ``record_fields``, then
        ``begin``)."""
        self.question = None
        if ask.kind == "end":
            return self.answer_end(value, now)
        if ask.kind == "pain-now":
            return self.answer_pain_now(value, now)
        if ask.kind == "pain-advice":
            return self.answer_pain_advice(value, now)
        if ask.kind == "pain-after":
            return self.answer_pain_after(value, now)
        raise ValueError(f"a {ask.kind} answer is not the live session's")

    def _resume(self, now: float) -> Effects:
        if self.engine.phase == "paused":
            return self._do(self.engine.toggle(now), now)
        return Effects()

    def answer_pain_after(self, level: int | None, now: float) -> Effects:
        self.pain_after = level
        effects = Effects(rows=[SessionUpdate(pain_after=level)], save=True)
        return self._effects(effects.add(self._ask_note(now)))

    def _ask_note(self, now: float) -> Effects:
        return self._ask(now, Ask("note", "A note about this session? (optional)"), spoken=False)

    def answer_note(self, note: str | None) -> Effects:
        self.question = None
        self.note = note
        return self._effects(Effects(rows=[SessionUpdate(note=note)], save=True))

    def _ask(self, now: float, ask: Ask, *, spoken: bool = True) -> Effects:
        self.question = ask
        cues = self.coach.cues.question(now, ask.prompt) if spoken else []
        return Effects(ask=ask, cues=cues)

    def _closing(self, now: float) -> Effects:
        """After the end: the last pain check; not when it ended for pain, just reported
        (or given at the pain check): that pain is kept where it was said, and pain after
        stays what the person said, nothing. Ended by skipping the last exercise for pain
        just reported, that pain is offered as the answer (``Ask.given``)."""
        if self._ended_for_pain:
            return self._effects(self._ask_note(now))
        given = self._last_pain if self._skipping_for_pain else None
        return self._ask(now, Ask("pain-after", self.PAIN_AFTER, SAFETY_SHORT, given=given))

    # --- before --------------------------------------------------------------------------

    def record_fields(self, pain_before: int | None) -> dict[str, Any]:
        """The session's row, for ``SessionWriter.start`` (the pain check comes first)."""
        self.pain_before = pain_before
        steps = self.engine.steps
        return {
            "kind": "routine",
            "routine_id": self.routine.id,
            "routine_name": self.routine.name,
            "planned_sets": sum(1 for s in steps if s.kind == "work"),
            "planned_s": round(sum(s.estimate_s for s in steps)),
            "pain_before": pain_before,
            "plan": plan_json(steps),
        }

    def begin(
        self, now: float, connected: Iterable[DeviceView] = (), *, elapsed_s: float = 0.0
    ) -> Effects:
        """The session's row exists: from now on everything is recorded. ``connected``: the
        devices already connected (they take part from their first reading). ``elapsed_s``:
        the seconds since the session started (a resumed one started earlier)."""
        self.question = None  # the pain before is answered (or skipped)
        resumption = self.resumption
        # Every time in a row is on the session's own timeline: a resumed session's began
        # ``elapsed_s`` ago (its sets, and its wearables' readings and reps alike).
        origin_s = now - elapsed_s
        self.recorder = SessionRecorder(
            self.exercises,
            origin_s,
            sensing=self._sensed,
            finished=[result.index for result in resumption.done] if resumption else (),
            cut_off=resumption.cut_off if resumption else (),
            stopped_s=resumption.stopped_s if resumption else 0.0,
            left=resumption.left if resumption else (),
        )
        if self.sensors:
            from sensors.recording import Recording
            from tui.live.sensing import SessionSensing

            self.sensing = SessionSensing(self.exercises, origin_s)
            self.sensing.announce(self.engine.step.exercise_id)
            self._recording = Recording(origin_s, sink=self._rows)
            for device in connected:
                if device.state == "connected":
                    self._recording.know(
                        device.address, device.kind, device.name, device.battery_percent
                    )
                    self.sensing.know_device(device.address, device.title, device.kind)
        self._last_save_s = now
        effects = self._demo_effects(now)
        if resumption is None:
            if self.doses_changed:  # the plan on the routine screen was not this one
                effects.notices.append(
                    Notice(
                        doses_changed_text(self.doses_changed, self.exercises),
                        CHANGED_TITLE,
                        timeout_s=CHANGED_SHOWN_S,
                    )
                )
            effects.add(self._advise_before(now))
        else:
            effects.notices.append(
                Notice(
                    f"From set {resumption.set_number} of {resumption.sets_planned}; the sets "
                    "done before are kept.",
                    f"{self.routine.name} resumed",
                    "information",
                )
            )
        return self._effects(effects)

    def _advise_before(self, now: float) -> Effects:
        """Pain this strong at the pain check is advised on as it is during the session,
        through the same question: whether to exercise today at all."""
        name = self.exercises[self.engine.exercise_now].name
        advice = advise_before(self.pain_before, name)
        if advice is None or self.recorder is None:
            return Effects()
        self._advice = advice
        self._last_pain = advice.level
        level, index = advice.level, self.engine.index
        row = self.recorder.event(now, "pain-advice", index, level, advice.advice)
        ask = Ask("pain-advice", advice.headline, advice.text, advice)
        return Effects(rows=[row]).add(self._ask(now, ask))

    def interrupt(self, now: float) -> Effects:
        """Lumbar is closing under a session that is not over (its window or browser went):
        what was done is kept, and it is saved as interrupted, to be resumed."""
        recorder = self.recorder
        if recorder is None or self.over:
            return Effects()
        if self._recording is not None:
            with contextlib.suppress(Exception):  # what was packed so far is kept
                self._recording.flush()
        rows = recorder.checkpoint(self.engine, now)
        rows.append(recorder.event(now, "interrupted", self.engine.index))
        rows.append(SessionUpdate(status="interrupted", ended_t_s=recorder.t(now)))
        self._interrupted = True
        return self._effects(Effects(rows=rows, save=True))

    @property
    def ready(self) -> bool:
        """The session is being recorded (the pain check is answered and its row exists)."""
        return self.recorder is not None

    @property
    def over(self) -> bool:
        """It ended, or was interrupted (nothing more is recorded)."""
        return self.engine.phase == "finished" or self._interrupted

    # --- the clock -----------------------------------------------------------------------

    def tick(self, now: float) -> Effects:
        effects = self._handle(self.engine.tick(now), now)
        effects.cues += self.coach.marks(now)
        recorder = self.recorder
        last_save_s = now if self._last_save_s is None else self._last_save_s
        if recorder is not None and now - last_save_s >= SAVE_EVERY_S:
            self._last_save_s = now
            if not self.over:
                effects.rows += recorder.checkpoint(self.engine, now)
            effects.save = True
        return self._effects(effects.add(self._demo_effects(now)))

    # --- keys ----------------------------------------------------------------------------

    @property
    def takes_keys(self) -> bool:
        """The session's keys do something: it is recorded and not over."""
        return self.ready and not self.over

    @property
    def goes_on(self) -> bool:
        """N (next) and b (back) do something: the session is recorded and under way
        (running or paused; not before its start)."""
        return self.takes_keys and self.engine.phase in ("running", "paused")

    @property
    def takes_a_rep_back(self) -> bool:
        """X (one rep fewer) does something: a set of reps under way has a rep to take off."""
        return self.takes_keys and self.engine.takes_a_rep_back

    @property
    def space_phase(self) -> Phase:
        """The phase space answers to (start, pause or resume): the engine's, or waiting
        until the session is recorded."""
        return self.engine.phase if self.ready else "waiting"

    def toggle(self, now: float) -> Effects:
        """Space: start, pause, resume."""
        return self._do(self.engine.toggle(now), now)

    def pause(self, now: float) -> Effects:
        return self._do(self.engine.pause(now), now)

    def count_rep(
        self, now: float, pressed_s: float | None = None, seen_s: float | None = None
    ) -> Effects:
        """Enter or r (``pressed_s``: when it was pressed, ``seen_s``: when the screen it was
        pressed on was drawn, if known; see the engine's)."""
        return self._do(self.engine.count_rep(now, pressed_s=pressed_s, seen_s=seen_s), now)

    def uncount_rep(self, now: float) -> Effects:
        return self._do(self.engine.uncount_rep(now), now)

    def next(self, now: float) -> Effects:
        """Go on: what was due in the step left behind is not said."""
        return Effects(hush=True).add(self._do(self.engine.next(now), now))

    def back(self, now: float) -> Effects:
        return self._do(self.engine.back(now), now)

    def adjust(self, seconds: int, now: float) -> Effects:
        return self._do(self.engine.adjust(seconds, now), now)

    def skip_exercise(self, now: float, *, for_pain: bool = False) -> Effects:
        """S: the rest of this exercise skipped; ``for_pain``: on the pain advice, so a
        session that ends with it ended early, not complete."""
        effects = Effects()
        if self.recorder is not None and not self.over:
            effects.rows.append(self.recorder.event(now, "skip-exercise", self.engine.index))
        return effects.add(self._do(self.engine.skip_exercise(now, for_pain=for_pain), now))

    def ask_end(self, now: float) -> Effects:
        """Q: whether to end the session here. Time stands still while the person decides,
        so nothing can end under the question."""
        self._running_before_end = self.engine.phase == "running"
        return self.pause(now).add(self._ask(now, Ask("end", self.END), spoken=False))

    def answer_end(self, end: bool | None, now: float) -> Effects:
        """Yes ends it (``end``); no goes back to the session as it was when asked: running
        again if it ran, still paused if it was."""
        if end:
            return self.end(now)
        if self._running_before_end:
            return self.toggle(now)
        return Effects()

    def end(self, now: float, *, for_pain: bool = False) -> Effects:
        """End here (the person said yes; ``for_pain``: chose to, after the pain advice):
        work in progress is kept, marked skipped."""
        return self._do(self.engine.end(now, for_pain=for_pain), now)

    # --- after ---------------------------------------------------------------------------

    @property
    def results(self) -> list[StepResult]:
        return self.engine.result_list()

    @property
    def sensed(self) -> dict[int, StepSensing]:
        """What was sensed in each set, as recorded with it."""
        return dict(self.recorder.sensed) if self.recorder is not None else {}

    # --- the wearables -------------------------------------------------------------------

    def hear(self, event: HubEvent, now: float) -> Effects:
        """Every hub event, as it comes. A failure hands the rest of the session to the
        keys; what was recorded so far is kept, and what the event had already done (a go
        it passed, with its cue) stands."""
        if self.recorder is None or self.over:
            return Effects()
        effects = Effects()
        try:
            if self._recording is not None:
                self._recording.add(event)
            self._hear(event, now, effects)
        except Exception as error:
            effects.add(self._sensors_failed(error, now))
        return self._effects(effects)

    def _hear(self, event: HubEvent, now: float, effects: Effects) -> None:
        """Hears ``event`` into ``effects`` (kept as far as it got should a part fail)."""
        from sensors.readings import AccelerationBatch

        due = self.engine.timer_due_s()
        if isinstance(event, AccelerationBatch) and due is not None and event.t_s[-1] > due:
            # The step's timer ran out within this notification (a set's go, say): the
            # detector hears the samples up to it, the session moves on, then the rest, so a
            # set opens at its go's sample, as ``lumbar analyze`` opens it from the export.
            k = bisect.bisect_right(event.t_s, due)
            if k:  # none may be: the go falls between two notifications
                effects.add(
                    self._hear_one(replace(event, t_s=event.t_s[:k], acc_mg=event.acc_mg[:k]), now)
                )
            effects.add(self.tick(due))
            if self.over or self.sensing is None:
                return
            event = replace(event, t_s=event.t_s[k:], acc_mg=event.acc_mg[k:])
        effects.add(self._hear_one(event, now))

    def _hear_one(self, event: HubEvent, now: float) -> Effects:
        sensing, recorder = self.sensing, self.recorder
        if sensing is None or recorder is None:
            return Effects()
        from sensors.hub import DeviceStateChanged

        if isinstance(event, DeviceStateChanged) and event.state == "connected":
            sensing.know_device(event.device, event.name, event.kind)
        heard = sensing.hear(event)
        effects = Effects()
        # Noted before the engine hears of it: its clock may end the session meanwhile.
        if heard.motion_started:
            effects.rows.append(
                recorder.event(now, "sensor-on", self.engine.index, detail=sensing.motion_name)
            )
            watched = sensing.watches(self.engine.index)
            effects.add(self._handle(self.engine.set_gated(True, now, this_step=watched), now))
        if heard.motion_lost is not None:
            effects.rows.append(
                recorder.event(
                    now,
                    "sensor-lost",
                    self.engine.index,
                    detail=f"{heard.motion_lost}: {heard.why}" if heard.why else heard.motion_lost,
                )
            )
            effects.add(self._handle(self.engine.set_gated(False, now), now))
            if not heard.told:
                what = f"{heard.motion_lost} is not sending"
                if heard.why:  # it sends, but what it sends is no measurement
                    what = f"{heard.motion_lost}: {heard.why}"
                counter = "the coach" if self.engine.pace else "the keys"
                effects.notices.append(
                    Notice(
                        f"{what}. Holds are timed by the clock and reps counted by {counter} "
                        "until it is back.",
                        "Sensor lost",
                    )
                )
        if heard.motion:
            effects.add(self._motion(heard, now))
        return effects

    def _sensors_failed(self, error: Exception, now: float) -> Effects:
        self.sensing = None
        recording, self._recording = self._recording, None
        if recording is not None:
            with contextlib.suppress(Exception):  # what was packed so far is kept
                recording.flush()
        effects = self._handle(self.engine.set_gated(False, now), now)
        effects.notices.append(
            Notice(
                f"The sensors could not be read ({error or type(error).__name__}); "
                "the rest of this session is timed and counted by the keys.",
                "Sensors",
            )
        )
        return effects

    def _motion(self, heard: Heard, now: float) -> Effects:
        from sensors import motion

        engine, sensing, recorder = self.engine, self.sensing, self.recorder
        assert sensing is not None
        assert recorder is not None
        effects = Effects()
        for event in heard.motion:
            if engine.phase == "finished":
                break
            # A hold follows the detector while paused too: a person who lets go during a
            # pause has to settle in again before the clock runs.
            holding_step = (
                engine.phase in ("running", "paused")
                and engine.step.kind == "work"
                and engine.mode == "hold"
                and sensing.watches(engine.index)
            )
            if isinstance(event, motion.FormWarning) and self._in_set(event.t_s):
                # Said as the angle passes the limit: the angle is the limit's, near enough.
                text = f"{event.kind} past {event.limit_deg:.0f}°"
                self.form_warning = (now, text, event.kind)
                effects.cues += self.coach.cues.form_warning(now, event.kind)
                effects.rows.append(
                    recorder.event(
                        now, "form-warning", engine.index, round(event.angle_deg, 1), event.kind
                    )
                )
            elif isinstance(event, motion.RepCounted) and self._credits(event.t_s):
                effects.add(self._handle(engine.rep_counted(now, done_s=event.t_s), now))
            elif isinstance(event, motion.RepWithdrawn):
                effects.add(self._handle(engine.rep_withdrawn(now, event.t_s), now))
            # The still spells of rests and reps are not holds: only a hold step's count
            # (the replay of a recorded set times them alike: ``tui.live.hold_replay``).
            elif holding_step and (changes := hold_event(engine, event, now)) is not None:
                effects.add(self._handle(changes, now))  # the set's breaks follow them
                left = left_the_hold(changes)
                if left is not None:
                    self.broken_by = left.reason
                    effects.cues += self.coach.cues.hold_broken(now, left.reason)
        return effects

    # --- what the engine reports ---------------------------------------------------------

    def _do(self, changes: list[Change], now: float) -> Effects:
        return self._effects(self._handle(changes, now).add(self._demo_effects(now)))

    def _handle(self, changes: list[Change], now: float) -> Effects:
        effects = Effects()
        if not changes:
            return effects
        changes = self._follow_sets(changes)
        # A pause stops the coach mid-word: what it was saying belonged to the moving clock.
        effects.hush = any(isinstance(c, Paused | WentBack) for c in changes)
        effects.cues += self.coach.said(changes, now)
        if self.recorder is not None:
            effects.rows += self.recorder.rows(changes)
        if any(isinstance(c, StepStarted | HoldCompleted | SessionFinished) for c in changes):
            effects.signal = True
        finished = next((c for c in changes if isinstance(c, SessionFinished)), None)
        if finished is not None:
            if self._recording is not None:
                self._recording.flush()
            effects.save = True
            effects.finished = Finished(finished.status)
            effects.add(self._closing(finished.t_s))
        elif any(isinstance(c, StepStarted) for c in changes):
            effects.add(self._time_unwatched_hold(now))
        return effects

    def _time_unwatched_hold(self, now: float) -> Effects:
        """A hold set the motion detector did not see begin goes by the clock (it would take
        the position it first sees for the rest, and wait forever); later sets are gated."""
        engine, sensing = self.engine, self.sensing
        if sensing is None or not engine.gated or engine.step.kind != "work":
            return Effects()
        if engine.mode == "hold" and not sensing.watches(engine.index):
            return self._handle(engine.hold_started(now), now)
        return Effects()

    def _credits(self, done_s: float) -> bool:
        """Whether a rep the detector counts now is the set's: in a set of reps under way
        (running or paused), done at a moment the session ran (``_in_set``)."""
        return self.engine.mode == "reps" and self._in_set(done_s)

    def _in_set(self, t_s: float) -> bool:
        """Whether what the detector tells now, of ``t_s``, is the set's: in a set under way
        (running, or paused after ``t_s``: it tells some reps, and a form fault under way at
        the go, late), and ``t_s`` not in any pause (``sensors/pauses.py``)."""
        engine = self.engine
        if engine.step.kind != "work" or engine.phase not in ("running", "paused"):
            return False
        return engine.ran_at(t_s)

    def _follow_sets(self, changes: list[Change]) -> list[Change]:
        """Sets open and close in the motion detector as they do on screen (before the
        recorder writes a finished set, so its row carries what was sensed). Reps the
        detector confirms only as a set closes are that set's, and those it takes back then
        are not. Returns the changes as they were, but a set's finished change counts so,
        and is followed by what was taken back (``RepsTakenBack``)."""
        followed: list[Change] = []
        for change in changes:
            followed.append(change)
            if isinstance(change, StepStarted | HoldClockStarted | HoldCompleted):
                self.hold_broken = False
            if isinstance(change, StepStarted | WentBack | RedoLeft | SessionFinished):
                self.form_warning = None  # it was the step's that ended
            if isinstance(change, HoldClockStopped):
                self.hold_broken = change.why == "left"
            sensing = self.sensing
            if sensing is None:
                continue
            if isinstance(change, StepFinished):
                closing = sensing.step_ended(change.result.index, change.t_s)
                late = self.engine.credit_late_reps(
                    change.result.index, closing.late_s, closing.withdrawn_s
                )
                if late.result is not None:
                    followed[-1] = StepFinished(change.t_s, late.result)
                if late.taken_back:
                    index = change.result.index
                    followed.append(RepsTakenBack(change.t_s, index, late.taken_back))
            elif isinstance(change, HoldClockStarted | HoldClockStopped | HoldCompleted):
                sensing.hold_changed(change)
            elif isinstance(change, Paused):
                sensing.paused(change.t_s)
            elif isinstance(change, Resumed):
                sensing.resumed(change.t_s)
            elif isinstance(change, WentBack):
                sensing.step_ended(change.from_index, change.t_s)
            elif isinstance(change, RedoLeft):
                sensing.step_ended(change.index, change.t_s)  # the reps it holds are no set's
            elif isinstance(change, StepStarted):
                sensing.step_started(change.index, change.step, change.t_s)
                sensing.announce(self.engine.exercise_now)
            elif isinstance(change, SessionFinished):
                sensing.step_ended(self.engine.index, change.t_s)
        return followed

    def _sensed(self, index: int) -> StepSensing | None:
        return self.sensing.sensing(index) if self.sensing is not None else None

    def _effects(self, effects: Effects) -> Effects:
        """With the rows the recording pipeline made meanwhile, before the engine's."""
        recorded = self._rows.take()
        if recorded:
            effects.rows[:0] = recorded
        return effects

    # --- the demo's person ---------------------------------------------------------------

    def _demo_effects(self, now: float) -> Effects:
        if not self.demo:
            return Effects()
        view = self.engine.view(now)
        step = view.step
        exercise = self.exercises[step.exercise_id]
        activity: Any = "rest"
        if view.phase == "running" and step.kind == "work":
            if exercise.mode == "reps":
                activity = "reps"
            elif exercise.mode == "timed":
                activity = "walk"
            elif view.hold_state in ("holding", "settling"):
                activity = "hold"
        shown = step.exercise_id if step.kind == "work" else self.engine.exercise_now
        set_index = self.engine.index if step.kind == "work" else None
        move = DemoMove(activity, shown, step.dose, set_index)
        if move == self._demo_move:
            return Effects()
        self._demo_move = move
        return Effects(demo=move)

    # --- what is shown -------------------------------------------------------------------

    def shown(self, now: float) -> None:
        """The screen showed the view as of ``now`` (``SessionEngine.shown``)."""
        self.engine.shown(now)

    def view(self, now: float, sensors: SensorsNow | None = None) -> LiveView:
        """What to show, as of the last call that took the time (it never moves the clock,
        so no transition can happen unseen)."""
        return live_view(self, now, sensors)
