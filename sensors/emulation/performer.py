"""A demo person wearing the emulated H10: a motion script that does what it is told.

The app (in ``--demo``) tells the performer what the session screen asks for, the way a
person reads the screen: rest, get into a hold and keep it, or do reps at a tempo. The
performer turns that into what a chest strap feels: the direction of gravity in the
sensor's frame moving between positions, breathing, a faint tremor, and now and then the
slips real people make: a hold that sags for a few seconds, a rep that rocks the trunk, and
(when asked) a hold that rocks the trunk.
Everything is a pure function of the stream's time, so runs are repeatable.

Orientations are unit vectors in g on the sensor's axes (x toward the head, y to the
wearer's left, z out of the chest): lying on the back is (0, 0, 1), standing (1, 0, 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from sensors.emulation.motion import GRAVITY_MG

__all__ = ["Activity", "Movement", "Performer", "rotated", "tilted_away"]

Vec3 = tuple[float, float, float]
Activity = Literal["rest", "hold", "reps", "walk"]

MOVE_S = 1.4
"""How long getting from one position to another takes."""
SAG_EVERY = 3
"""The first hold, and every third after it, sags once."""
SAG_AFTER_S = 4.0
SAG_FOR_S = 2.5
SAG_DEG = 14.0
ROCK_EVERY = 4
"""The third rep of a set where form is watched, and every fourth after it, rocks the trunk."""
ROCK_DEG = 14.0
HOLD_ROCK_DEG = 6.0
"""Asked to (:meth:`Performer.rock`), a hold rocks the trunk this far either way..."""
HOLD_ROCK_HZ = 1.0
"""...this many times a second: within the sag limit, and small enough that stillness misses it
(the rock watch sees it)."""


@dataclass(frozen=True, slots=True)
class Movement:
    """One exercise as a chest strap sees it."""

    rest_g: Vec3
    """Where the person is between holds and reps (the start position)."""
    work_g: Vec3
    """The hold position, or the top of a rep."""
    lift_s: float = 2.0
    top_s: float = 0.5
    lower_s: float = 2.0
    pause_s: float = 1.0
    rocks: bool = False
    """Whether this person sometimes rocks the trunk in this exercise (form is watched)."""


@dataclass(frozen=True, slots=True)
class _Doing:
    activity: Activity
    movement: Movement
    since_s: float
    start_g: Vec3
    """Where the person was when told: every change of position is a smooth move."""
    count: int
    """How many times this activity was started before (holds sag by this count)."""


class Performer:
    """A motion script (``performer(t_s) -> (x, y, z)`` in milli-g) that can be directed."""

    def __init__(self, start: Movement) -> None:
        self._t_s = 0.0
        self._offset_s = 0.0
        self._last_raw_s = 0.0
        self._holds = 0
        self._reps_before = 0
        self._reps_of: Movement | None = None
        self._reps_set: object = None
        self._doing = _Doing("rest", start, 0.0, start.rest_g, 0)
        self._rocking: tuple[float, float] | None = None
        """From when until when a hold rocks (:meth:`rock`)."""

    @property
    def activity(self) -> Activity:
        return self._doing.activity

    def do(self, activity: Activity, movement: Movement, *, set_id: object = None) -> None:
        """From now on, do this (nothing changes when it is what is being done already).

        Reps are numbered on from a pause; those of another exercise, or of another set
        (``set_id``: a side is a set of its own), from 1 again."""
        doing = self._doing
        same_set = activity != "reps" or set_id == self._reps_set
        if doing.activity == activity and doing.movement == movement and same_set:
            return
        if doing.activity == "reps":
            self._reps_before += self._reps_done(doing, self._t_s)
        if activity == "reps" and (movement != self._reps_of or set_id != self._reps_set):
            self._reps_of, self._reps_set, self._reps_before = movement, set_id, 0
        count = self._holds if activity == "hold" else 0
        if activity == "hold":
            self._holds += 1
        self._doing = _Doing(activity, movement, self._t_s, self._position(self._t_s), count)

    def rock(self, seconds: float) -> None:
        """From now, rock the trunk in the hold for ``seconds`` (±``HOLD_ROCK_DEG`` sideways
        at ``HOLD_ROCK_HZ``, a whole number of swings), then keep still in it again."""
        swings = max(1, round(2 * HOLD_ROCK_HZ * seconds))
        self._rocking = (self._t_s, self._t_s + swings / (2 * HOLD_ROCK_HZ))

    def __call__(self, t_s: float) -> tuple[float, float, float]:
        # A restarted stream counts from zero again: the person's time goes on.
        if t_s < self._last_raw_s:
            self._offset_s = self._t_s - t_s
        self._last_raw_s = t_s
        now = t_s + self._offset_s
        self._t_s = max(self._t_s, now)
        x, y, z = self._position(now)
        bx, by, bz = _breathing_and_tremor(now)
        bounce = _walking_bounce(now) if self._doing.activity == "walk" else 0.0
        return (
            GRAVITY_MG * x + bx + bounce * x,
            GRAVITY_MG * y + by + bounce * y,
            GRAVITY_MG * z + bz + bounce * z,
        )

    # --- where the body is -------------------------------------------------------------------

    def _position(self, t_s: float) -> Vec3:
        doing = self._doing
        move = doing.movement
        since = max(0.0, t_s - doing.since_s)
        if doing.activity in ("rest", "walk"):
            return _between(doing.start_g, move.rest_g, since / MOVE_S)
        if doing.activity == "hold":
            target = move.work_g
            if doing.count % SAG_EVERY == 0:
                sag = since - MOVE_S - SAG_AFTER_S
                if 0.0 <= sag < SAG_FOR_S:
                    target = _between(
                        move.work_g, tilted_away(move.work_g, move.rest_g, SAG_DEG), sag / 0.4
                    )
                elif SAG_FOR_S <= sag < SAG_FOR_S + 0.6:
                    sagged = tilted_away(move.work_g, move.rest_g, SAG_DEG)
                    target = _between(sagged, move.work_g, (sag - SAG_FOR_S) / 0.6)
            if since < MOVE_S:
                return _between(doing.start_g, target, since / MOVE_S)
            if self._rocking is not None and self._rocking[0] <= t_s < self._rocking[1]:
                phase = 2 * math.pi * HOLD_ROCK_HZ * (t_s - self._rocking[0])
                return tilted_away(target, move.rest_g, HOLD_ROCK_DEG * math.sin(phase))
            return target
        # Reps: back to the start position first, then rep after rep at the tempo.
        if since < MOVE_S:
            return _between(doing.start_g, move.rest_g, since / MOVE_S)
        cycle = move.lift_s + move.top_s + move.lower_s + move.pause_s
        into = since - MOVE_S
        number = self._reps_before + int(into // cycle) + 1
        phase = into % cycle
        top = move.work_g
        if move.rocks and number % ROCK_EVERY == 3:
            top = tilted_away(move.work_g, move.rest_g, ROCK_DEG)
        if phase < move.lift_s:
            return _between(move.rest_g, top, phase / move.lift_s)
        phase -= move.lift_s
        if phase < move.top_s:
            return top
        phase -= move.top_s
        if phase < move.lower_s:
            return _between(top, move.rest_g, phase / move.lower_s)
        return move.rest_g

    @staticmethod
    def _reps_done(doing: _Doing, t_s: float) -> int:
        move = doing.movement
        cycle = move.lift_s + move.top_s + move.lower_s + move.pause_s
        return max(0, int((t_s - doing.since_s - MOVE_S) // cycle) + 1)


# --- geometry --------------------------------------------------------------------------------


def rotated(v: Vec3, axis: Vec3, angle_deg: float) -> Vec3:
    """``v`` turned by ``angle_deg`` about ``axis`` (Rodrigues' formula)."""
    k = _unit(axis)
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    cross = (k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0])
    dot = k[0] * v[0] + k[1] * v[1] + k[2] * v[2]
    return _unit(
        (
            v[0] * c + cross[0] * s + k[0] * dot * (1 - c),
            v[1] * c + cross[1] * s + k[1] * dot * (1 - c),
            v[2] * c + cross[2] * s + k[2] * dot * (1 - c),
        )
    )


def tilted_away(work_g: Vec3, rest_g: Vec3, angle_deg: float) -> Vec3:
    """``work_g`` tipped sideways by ``angle_deg``: across the way between rest and work, so
    the slip is neither further into the movement nor back toward the rest."""
    along = (work_g[0] - rest_g[0], work_g[1] - rest_g[1], work_g[2] - rest_g[2])
    across = (
        work_g[1] * along[2] - work_g[2] * along[1],
        work_g[2] * along[0] - work_g[0] * along[2],
        work_g[0] * along[1] - work_g[1] * along[0],
    )
    if math.hypot(*across) < 1e-6:  # no movement to be across: any perpendicular will do
        across = (0.0, 0.0, 1.0) if abs(work_g[2]) < 0.9 else (0.0, 1.0, 0.0)
    # Turning about an axis that is the side direction's own perpendicular tips work sideways.
    axis = (
        work_g[1] * across[2] - work_g[2] * across[1],
        work_g[2] * across[0] - work_g[0] * across[2],
        work_g[0] * across[1] - work_g[1] * across[0],
    )
    return rotated(work_g, axis, angle_deg)


def _between(a: Vec3, b: Vec3, share: float) -> Vec3:
    """``share`` of the way from ``a`` to ``b``, turning by angle at a smooth pace, as a body
    turns (a straight line between two far directions would hardly turn, then flip)."""
    s = min(1.0, max(0.0, share))
    s = s * s * (3 - 2 * s)  # smooth start and stop, as a body moves
    a, b = _unit(a), _unit(b)
    dot = max(-1.0, min(1.0, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))
    angle = math.acos(dot)
    if angle < 1e-6:
        return b
    if math.sin(angle) < 1e-6:
        # Face up to face down: any way over will do; a body rolls about its long axis (x).
        # About the long axis, less its share along ``a``, so the turn ends at ``b``.
        side = (1.0, 0.0, 0.0) if abs(a[0]) < 0.9 else (0.0, 1.0, 0.0)
        along = side[0] * a[0] + side[1] * a[1] + side[2] * a[2]
        roll = (side[0] - along * a[0], side[1] - along * a[1], side[2] - along * a[2])
        return rotated(a, roll, math.degrees(s * angle))
    k0, k1 = math.sin((1 - s) * angle) / math.sin(angle), math.sin(s * angle) / math.sin(angle)
    return _unit((a[0] * k0 + b[0] * k1, a[1] * k0 + b[1] * k1, a[2] * k0 + b[2] * k1))


def _unit(v: Vec3) -> Vec3:
    n = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) or 1.0
    return (v[0] / n, v[1] / n, v[2] / n)


def _breathing_and_tremor(t_s: float) -> Vec3:
    breath = 10.0 * math.sin(2.0 * math.pi * 0.25 * t_s)
    return (
        breath + 2.5 * math.sin(2.0 * math.pi * 9.7 * t_s + 0.3),
        0.3 * breath + 2.5 * math.sin(2.0 * math.pi * 11.3 * t_s + 1.9),
        -0.4 * abs(breath) + 2.5 * math.sin(2.0 * math.pi * 8.1 * t_s + 4.1),
    )


def _walking_bounce(t_s: float) -> float:
    """Two steps a second: the trunk rises and falls with each."""
    return 180.0 * math.sin(2.0 * math.pi * 1.9 * t_s)
