"""When a press of the rep key is the person's word for what the session just did by itself.

The session moves on by itself: the coach counts a rep at the tempo, a sensor counts one, a
countdown begins a set, the clock ends a hold. A person on the mat presses as they finish,
and hears or sees the session move first: a press just after it is their word for that (a
rep confirmed, a late "go now", a late "done"), not one more rep, not the next hold, not the
end of the countdown after. ``PressWindows`` keeps those windows, the last press (a bounce of
it is the same press) and the sensor rep a press confirmed, and says what a press in them is
and what the key does meanwhile. It is pure and knows nothing of steps: the engine tells it
when the session moved on and carries out what a press taken so does to the set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from tui.live.changes import Counter, EnterAction

DOUBLE_PRESS_S = 0.35
"""A second press of the rep key this soon after one is the same press (a bounce or an
impatient double tap): in a hold it neither ends a hold just begun nor starts the next, and
after the press that started the set (in its get-ready, say) it is no rep either."""
CONFIRM_SHARE = 0.5
"""A press of the rep key less than this share of a rep's time at the exercise's tempo (lift,
the pause at the top, lower) after the session moved on by itself is the person's word for
what it did, not one more rep: after the coach or a sensor counted a rep it confirms that rep
(a person on the mat presses as they finish, and hears the count first). No rep at the tempo
can be done that soon after the last one ended; a press later is a rep of its own. After a
countdown began a set or the clock ended a hold, the window is shorter (``LATE_PRESS_S``);
after the coach's first count in a set, longer (``FIRST_REP_SHARE``)."""
FIRST_REP_SHARE = 1.0
"""The coach counts rep 1 a rep after the go, but the person starts it as they react to the
go, and finishes it that much later: their press for it may come more than half a rep after
the coach's count (``CONFIRM_SHARE``; the reps after it are timed from each press that
confirms the one before, so no such lag builds up). A press this share of a rep after the
coach's first count, with none pressed for it yet, confirms it: someone who presses once a
rep is followed. It eats no press of its own: a rep counted by key before the coach's count
makes the coach's next count rep 2, and once a press confirmed rep 1 the window lasts half a
rep after that press at most, as after any count."""
LATE_PRESS_S = 1.0
"""A press of the rep key this soon after the clock moved the session on is the person's word
for that, pressed a moment late, as they react to a go or a count: after a countdown (a
get-ready, a switch of sides, a rest) began a set of reps, the "go now" it was meant as, not
a rep (``CONFIRM_SHARE`` of a rep, if less); after the clock ended a hold, that hold's "done",
not the start of the next hold (nor the end of the countdown after the set's last); after a
rest ran out into a get-ready, the rest's, not the end of the get-ready (the key does nothing
meanwhile: its "go now" would leave no time to get into position). Later it is what the key
does then: someone who does their own fast reps, with no coach pacing them, loses none. A
hold is kept from a late go alike (``HOLD_ENDED_BY_KEY_S``).

These windows are the person's time to react to what they see and hear: one the clock
opened (a go, a done, the coach's count) runs from when the screen showed the change, if
later than the change (``PressWindows.shown``: a busy machine shows it late, by
``MAX_SHOWN_LATE_S`` at most), and a press on a screen drawn before the change is its. A
sensor's runs from when its rep was done, seen or not: no rep is done sooner after it."""

MAX_SHOWN_LATE_S = 3.0
"""A change the clock made counts as shown this late at most (``PressWindows.shown``, and a
press made on a screen drawn before it): a busy machine shows one a second or two late, but
one that slept for minutes shows a change from long ago, and the first press after it is
for what the person sees then, not a late "go now" or "done"."""

EARLY_PRESS_S = 0.5
"""A press of the rep key this soon before the moment a sensor dates a rep (where the
movement came back) is for that rep: the person pressed as they finished, and the sensor's
count came a moment later. Sooner, it was for a rep before (one the sensor missed): reps are
seconds apart. The two cannot always be told apart: a press for a rep the sensor never
counted, made 2.5 s late or more so that it falls just before the next rep's moment, is
taken as that next rep (1 stored for 2 done). Pressing as one finishes is the common case."""


def press_for(pressed_s: float, done_s: float) -> bool:
    """Whether a press at ``pressed_s`` may be for a sensor's rep done at ``done_s``: after
    it, or just before (``EARLY_PRESS_S``)."""
    return pressed_s >= done_s - EARLY_PRESS_S


def first_press_for(presses_s: Sequence[float], done_s: float) -> float | None:
    """The first of the presses no sensor rep matched yet that is for a sensor's rep done
    at ``done_s`` (``press_for``), if any."""
    return next((pressed for pressed in presses_s if press_for(pressed, done_s)), None)


@dataclass
class SensedReps:
    """The reps a sensor added to a set's count, so that taking one back lowers the count
    only if it raised it: not one the person had counted by key (the sensor's rep matched
    the press), nor one the person already took back with x."""

    done_s: list[float] = field(default_factory=list)
    """When each rep the sensor counted was done."""
    pairs: list[tuple[float, float]] = field(default_factory=list)
    """Two sensor reps (when each was done) a press was for one of: one taken back, the
    count loses it, and the press is the other's (``SessionEngine._press_was_for``)."""
    undone: int = 0
    """How many of them the person took back by key (x when no key press was left to undo)."""

    @property
    def own(self) -> int:
        """How many reps in the count the sensor alone may still take back."""
        return len(self.done_s) + len(self.pairs)

    def take_back(self, withdrawn_s: Sequence[float]) -> int:
        """The sensor takes these reps back: how many the set's count loses."""
        lost = 0
        for done in withdrawn_s:
            pair = next((pair for pair in self.pairs if done in pair), None)
            if pair is not None:
                self.pairs.remove(pair)  # the press is the other's
                lost += 1
            elif done in self.done_s:
                self.done_s.remove(done)
                lost += 1
        already = min(self.undone, lost)
        self.undone -= already
        return lost - already


@dataclass(frozen=True, slots=True)
class MovedOn:
    """The session moved on by itself: the coach or a sensor (``by``) counted rep ``rep`` of
    set ``index``, or the clock did (``by`` None: a countdown began that set, ``rep`` 0, or
    ended its hold ``rep``). A press of the rep key before ``until_s`` is the person's word for
    it (``CONFIRM_SHARE``, ``LATE_PRESS_S``), and the key says so meanwhile (``does``); once a
    press was taken so, another before ``until_s`` does nothing more (the key says
    ``confirmed``: a second press to be sure added a rep, or cut a switch of sides short)."""

    until_s: float
    index: int
    rep: int
    by: Counter | None
    does: EnterAction | None
    sensed: SensedReps | None = None
    """The set's sensor reps, when a sensor counted it: confirmed by key, it is the
    person's too, and the sensor alone can no longer take it back."""
    done_s: float | None = None
    """When that rep was done (as the sensor saw it)."""
    pressed_s: float | None = None
    """When a press confirmed it (None: none yet)."""
    after_press_s: float = float("inf")
    """Once a press confirmed it, the window lasts this long after that press at most."""
    opened_s: float | None = None
    """When the session moved on (the window opened); None once the screen showed it."""


Press = Literal["again", "own"] | MovedOn
"""What a press of the rep key is (``PressWindows.press``): the last press again (a bounce,
or one more in a window a press was already taken in: nothing), a press of its own (what the
key does in the step), or the person's word for what the session did by itself (taken)."""


@dataclass
class PressWindows:
    """The rep key's last press and the window a press is the person's word in."""

    last_press: tuple[float, bool] | None = None
    """When the rep key was last pressed, and whether it moved the session on (began or ended
    a step) or confirmed what the session did by itself: a bounce of it is no press of its
    own."""
    moved: MovedOn | None = None
    """What the session last did by itself that a press may confirm (``CONFIRM_SHARE``)."""
    confirmed: MovedOn | None = None
    """A sensor's rep the last press confirmed: a sensor rep it reports later, done before
    that press, is the one the press was for (``pressed_for``)."""

    # --- the session moved on by itself ----------------------------------------------

    def rep_counted(
        self,
        index: int,
        rep: int,
        by: Counter,
        done_s: float,
        confirm_s: float,
        sensed: SensedReps | None,
    ) -> None:
        """The coach or a sensor counted rep ``rep`` done at ``done_s``: from then, the next
        cannot be done sooner than ``confirm_s`` (``CONFIRM_SHARE`` of a rep); the coach's
        rep 1 is pressed later (``FIRST_REP_SHARE``)."""
        share = FIRST_REP_SHARE if by == "pacer" and rep == 1 else CONFIRM_SHARE
        until = done_s + confirm_s * share / CONFIRM_SHARE
        self.moved = MovedOn(
            until, index, rep, by, "confirm", sensed, done_s, None, confirm_s, done_s
        )

    def set_began(self, index: int, at_s: float, confirm_s: float) -> None:
        """A countdown ran out at ``at_s`` and began set ``index`` (of reps)."""
        until = at_s + min(LATE_PRESS_S, confirm_s)
        self.moved = MovedOn(until, index, 0, None, "go", opened_s=at_s)

    def countdown_ended(self, index: int, at_s: float) -> None:
        """A countdown (step ``index``) ran out at ``at_s`` into another (a rest into a
        get-ready, a timed set into the get-ready after it): a press just after is the
        first's, a moment late, and does nothing (it ends no countdown)."""
        self.moved = MovedOn(at_s + LATE_PRESS_S, index, 0, None, None, opened_s=at_s)

    def hold_ended(self, index: int, hold: int, at_s: float) -> None:
        """The clock ended hold ``hold`` of set ``index`` at ``at_s``."""
        self.moved = MovedOn(at_s + LATE_PRESS_S, index, hold, None, "hold-done", opened_s=at_s)

    def shown(self, now: float) -> None:
        """The screen showed the session as it is at ``now``: a window the clock opened that
        no press was taken in yet runs as long from now, if the change was shown late (the
        person reacts to what they see)."""
        moved = self.moved
        if moved is None or moved.opened_s is None:
            return
        late_s = now - moved.opened_s if moved.by != "sensor" and moved.pressed_s is None else 0
        until = moved.until_s + min(max(0.0, late_s), MAX_SHOWN_LATE_S)
        self.moved = replace(moved, until_s=until, opened_s=None)

    def paused(self) -> None:
        """The session paused: a window runs on only while it runs (``resumed``), and the
        next press is no bounce of the last."""
        self.last_press = None

    def resumed(self, paused_s: float) -> None:
        """The session ran again after ``paused_s`` seconds paused: the window open at the
        pause has as long left as it had then (and, not shown yet, was opened as long
        before), so a press just after resuming is judged as if there had been no pause."""
        moved = self.moved
        if moved is not None:
            opened = None if moved.opened_s is None else moved.opened_s + paused_s
            self.moved = replace(moved, until_s=moved.until_s + paused_s, opened_s=opened)

    def rep_withdrawn(self, sensed: SensedReps, done_s: float) -> None:
        """A sensor took back the rep done at ``done_s``: not a rep after all, so a press now
        is a rep of its own."""
        moved = self.moved
        if moved is not None and moved.sensed is sensed and moved.done_s == done_s:
            self.moved = None

    def forget(self) -> None:
        """A key other than the rep key: the next press of it is no bounce of the last one,
        nor the person's word for what the session did by itself before."""
        self.last_press = None
        self.moved = None
        self.confirmed = None

    # --- a press -----------------------------------------------------------------------

    def press(self, pressed_s: float, *, in_hold: bool, seen_s: float | None = None) -> Press:
        """The rep key pressed at ``pressed_s``: what that press is. A press taken as the
        person's word (returned) is recorded: a sensor rep it confirmed is the person's too,
        and the sensor alone can no longer take it back. ``in_hold``: a set of holds is under
        way (a press right after another there is always that press again). ``seen_s``: when
        the screen the press was made on was drawn, if known: drawn before the clock moved
        the session on (a busy machine handled the press before it drew the change), the
        press answers the step before, and is that change's (its late go, its late done, the
        rest's press), ``MAX_SHOWN_LATE_S`` after its window at most."""
        prior = self.last_press
        bounce = prior is not None and pressed_s - prior[0] < DOUBLE_PRESS_S
        if prior is not None and bounce and (prior[1] or in_hold):
            self.last_press = (pressed_s, prior[1])
            return "again"
        moved = self.moved
        unseen = (
            moved is not None
            and seen_s is not None
            and moved.opened_s is not None
            and moved.by != "sensor"
            and seen_s < moved.opened_s
            and pressed_s < moved.until_s + MAX_SHOWN_LATE_S
        )
        if moved is not None and (pressed_s < moved.until_s or unseen):
            self.last_press = (pressed_s, True)
            if moved.pressed_s is not None or moved.does is None:
                return "again"  # a press confirmed it, or the key does nothing: nor this one
            until = min(moved.until_s, pressed_s + moved.after_press_s)
            self.moved = replace(moved, until_s=until, pressed_s=pressed_s, does="confirmed")
            if moved.sensed is not None and moved.done_s in moved.sensed.done_s:
                moved.sensed.done_s.remove(moved.done_s)
                self.confirmed = self.moved
            return self.moved
        self.moved = None
        self.confirmed = None
        return "own"

    def pressed(self, pressed_s: float, *, moved_on: bool) -> None:
        """The press of its own at ``pressed_s`` was done; ``moved_on``: it began or ended a
        step (a bounce of it must not cut the next countdown short)."""
        self.last_press = (pressed_s, moved_on)

    def window(self, now: float) -> MovedOn | None:
        """What the session did by itself that a press now would be the person's word for
        (its ``does``: what the key does meanwhile), if a press would be so taken."""
        moved = self.moved
        return moved if moved is not None and now < moved.until_s else None

    # --- a sensor's rep after a press ------------------------------------------------------

    def pressed_for(self, index: int, sensed: SensedReps, done_s: float | None) -> MovedOn | None:
        """The earlier sensor rep the last press confirmed (``confirmed``), if a sensor's rep
        of set ``index`` done at ``done_s`` is the one that press was for: done after it and
        not after the press (``press_for``), so "a press before the sensor's rep is that rep"
        holds. It is the sensor's alone again: the press is no longer its."""
        confirmed = self.confirmed
        for_it = (
            confirmed is not None
            and done_s is not None
            and confirmed.index == index
            and confirmed.sensed is sensed
            and confirmed.done_s is not None
            and confirmed.pressed_s is not None
            and confirmed.done_s < done_s
            and press_for(confirmed.pressed_s, done_s)
        )
        if not for_it:
            return None
        self.confirmed = None
        return confirmed

    def press_made_for(self, done_s: float | None, pressed_s: float | None) -> None:
        """The sensor's rep just counted, done at ``done_s``, had its press (at
        ``pressed_s``) before it came: a press in its window now does nothing more."""
        moved = self.moved
        if moved is not None and moved.done_s == done_s:
            self.moved = replace(moved, pressed_s=pressed_s, does="confirmed")
