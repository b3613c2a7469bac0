"""Where the rest position is: guessed at first, then checked against the structure of the bout.

Holds are timed away from the rest position, so taking the wrong one swaps holds and rests. The
first settled orientation (or the one the caller marks) is the natural guess, but a recording
that starts mid-hold, or while the person is still getting into position, makes it the hold:
the short returns to rest between holds are then timed as holds, and the holds as rests.

The bout tells them apart. A hold is held: still from when it settles until it is left, for a
few seconds (the catalog's holds last at least 5 s). A return to rest between holds is a short
stop. The learner follows the cycles of leaving the guessed rest and coming back, and swaps the
two when the last ``evidence`` cycles all say so:

- the excursion was a stop (still for most of it) too short to be a hold;
- the stay at the guessed rest after it was held still, for most of it and clearly longer.

Anything else keeps the guess: held excursions (a plank between long rests), a limb swung up
and lowered again without stopping (a superman on all fours), stays at rest that are not held
still throughout. Where the swapped excursions stopped becomes the rest. When the structure
cannot tell, the guess stands; a whole recording is then timed as before.

Being back at rest is judged against the size of the bout, so the creep of a resting position
over a bout (10° and more for a thigh on all fours) is not taken for a hold: away from rest is
beyond ``radius_share`` of the recent excursions (and at least the departure a hold needs), back
is within the rest's radius or nearer the rest than half the excursion's farthest point.

Memory is a few numbers for each of the last ``evidence`` cycles.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from dataclasses import dataclass

from sensors.motion.events import Vec3
from sensors.motion.orientation import angle_deg, unit


@dataclass(frozen=True, slots=True)
class RestRules:
    short_hold_s: float = 3.0
    """An excursion from rest held still for less than this is too short to be a hold of a
    hold exercise ..."""
    stopped_share: float = 0.6
    """... but where the person stopped, still for this share of it at least (a return to rest
    is a stop; a limb swung up, held a moment and lowered again is not)."""
    stay_s: float = 2.5
    """A stay at the guessed rest held still at least this long could be a hold ..."""
    stay_share: float = 1.5
    """... when it is held this many times longer than the excursion before it ..."""
    held_share: float = 0.8
    """... and held still for this share of it at least, once settled (a hold is held)."""
    evidence: int = 2
    """Cycles in a row that must agree before the rest and the hold are swapped."""
    radius_share: float = 0.3
    """Away from rest is beyond this share of the recent excursions' size."""


DEFAULT_REST_RULES = RestRules()


@dataclass(frozen=True, slots=True)
class _Excursion:
    seconds: float
    held_s: float
    place: Vec3
    """The farthest direction it reached: the true rest if this was a return to it."""
    place_deg: float
    """How far that was from the guessed rest."""


@dataclass(frozen=True, slots=True)
class _Stay:
    seconds: float
    """From when the person first settled in it to when they left (or now)."""
    held_s: float
    """The longest spell settled and still in it."""


class RestLearner:
    """The rest position of one set. Feed every frame with the gravity direction and how long
    the person has been settled and still; read ``rest``, ``away`` and ``departure_deg``."""

    def __init__(self, min_departure_deg: float, rules: RestRules = DEFAULT_REST_RULES) -> None:
        self.rules = rules
        self.min_departure_deg = min_departure_deg
        """A hold must be at least this far from rest."""
        self.rest: Vec3 | None = None
        self.away = False
        """Out of the rest position, where a hold may be."""
        self.departure_deg = 0.0
        """The angle from the rest, this frame."""
        self._cycles: deque[tuple[_Excursion, _Stay]] = deque(maxlen=rules.evidence)
        """Each excursion and the stay at rest after it (the last may be under way)."""
        self._since_s: float | None = None
        """When the excursion or the stay under way began (None: not known yet)."""
        self._radius_deg = min_departure_deg
        self._held_s = 0.0
        self._far_deg = 0.0
        self._far: Vec3 = (0.0, 0.0, 1.0)
        self._nearest_deg = 0.0
        self._settled_s: float | None = None
        """When the person first settled in the stay under way."""

    def guess(self, rest: Vec3) -> None:
        """The person is taken to be at rest now: forget what was learned about the old one."""
        self.rest = rest
        self.away = False
        self.departure_deg = 0.0
        self._cycles.clear()
        self._since_s = None
        self._radius_deg = self.min_departure_deg
        self._held_s = 0.0
        self._nearest_deg = 0.0

    def update(self, t_s: float, down: Vec3, still_for_s: float) -> Vec3 | None:
        """``still_for_s``: how long the person has been settled and still (0 when moving).
        Returns the true rest when the bout shows the guessed one was the hold."""
        if self.rest is None:
            return None
        departure = self.departure_deg = angle_deg(self.rest, down)
        if self._since_s is None:
            self._since_s = t_s
        held_s = min(still_for_s, t_s - self._since_s)
        if self.away:
            if departure > self._far_deg:
                self._far_deg = departure
                self._far = down
            self._held_s = max(self._held_s, held_s)
            if departure < max(self._radius_deg, 0.5 * self._far_deg):
                self._back(t_s)
            return None
        # Leaving is moving on from the nearest point reached since coming back, not
        # hovering about the edge of the radius on the way in.
        self._nearest_deg = min(self._nearest_deg, departure)
        if departure >= max(self._radius_deg, self._nearest_deg + self.min_departure_deg):
            self._leave(t_s, down, departure)
            return None
        if not self._cycles or held_s <= 0.0:
            return None
        if self._settled_s is None:
            self._settled_s = t_s - held_s
        excursion, stay = self._cycles[-1]
        self._cycles[-1] = (excursion, _Stay(t_s - self._settled_s, max(stay.held_s, held_s)))
        if held_s <= stay.held_s:
            return None
        found = self._swapped()
        if found is not None:
            # The stay under way is at the true hold: an excursion from the true rest.
            self.guess(found)
            self._since_s = t_s
            self.departure_deg = angle_deg(found, down)
            self._leave(t_s, down, self.departure_deg)
        return found

    def _leave(self, t_s: float, down: Vec3, departure_deg: float) -> None:
        if self._cycles and self._settled_s is not None:
            excursion, stay = self._cycles[-1]
            self._cycles[-1] = (excursion, _Stay(t_s - self._settled_s, stay.held_s))
        self.away = True
        self._since_s = t_s
        self._held_s = 0.0
        self._far_deg = departure_deg
        self._far = down

    def _back(self, t_s: float) -> None:
        since_s = self._since_s if self._since_s is not None else t_s
        excursion = _Excursion(t_s - since_s, self._held_s, self._far, self._far_deg)
        self._cycles.append((excursion, _Stay(0.0, 0.0)))
        self.away = False
        self._since_s = t_s
        self._settled_s = None
        self._nearest_deg = self.departure_deg
        largest = max(e.place_deg for e, _ in self._cycles)
        self._radius_deg = max(self.min_departure_deg, self.rules.radius_share * largest)

    def _swapped(self) -> Vec3 | None:
        rules = self.rules
        if len(self._cycles) < rules.evidence:
            return None
        for excursion, stay in self._cycles:
            if excursion.held_s >= rules.short_hold_s:
                return None
            if excursion.held_s < rules.stopped_share * excursion.seconds:
                return None
            least_s = max(
                rules.stay_s, rules.stay_share * excursion.held_s, rules.held_share * stay.seconds
            )
            if stay.held_s < least_s:
                return None
        # They must all have gone to the same place: the true rest.
        places = [e.place for e, _ in self._cycles]
        spread_deg = max(self.min_departure_deg, 0.5 * min(e.place_deg for e, _ in self._cycles))
        if any(angle_deg(a, b) > spread_deg for a, b in itertools.combinations(places, 2)):
            return None
        sx = sum(p[0] for p in places)
        sy = sum(p[1] for p in places)
        sz = sum(p[2] for p in places)
        if math.sqrt(sx * sx + sy * sy + sz * sz) < 1e-9:
            return None
        return unit((sx, sy, sz))
