"""The rules a rep counter is tuned by (``RepRules``; ``MotionAnalyzer`` takes them).

What each rule does is told where the counter applies it (``reps.py`` gives the overview).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RepRules:
    min_swing_deg: float = 5.0
    """Movements smaller than this are never reps (sensor noise, fidgets, and breathing,
    which tilts a chest strap by a few degrees at a rep-like pace)."""
    swing_share: float = 0.3
    """Hysteresis as a share of the recent swing size."""
    amplitude_tau_s: float = 5.0
    """How quickly the recent swing size fades while nothing swings."""
    return_share: float = 0.5
    """Coming back counts only once the movement has undone this share of its swing (an
    overshoot at the top is not a return)."""
    min_rep_s: float = 0.6
    max_rep_s: float = 20.0
    first_rep_deg: float = 10.0
    """A swing this big decides at once which side is rest (a smaller one waits for three)."""
    pair_share: float = 0.6
    """A set's first candidate counts once the next is alike: the smaller of the two at least
    this share of the larger."""
    fit_share: float = 0.65
    """A rep at least this share of the set's typical rep fits it..."""
    fit_over: float = 2.0
    """...and at most this many times it (the rocked rep of a small exercise is bigger)."""
    at_once_deg: float = 15.0
    """A set's first candidate this big counts on its own, once the movement rests after it
    (``LED_INTO_S``); a smaller one waits for the next."""
    set_min_reps: int = 3
    """In hindsight: fewer reps that fit than this and the 'set' was sways and fidgets."""
    uneven_cv: float = 0.6
    """In hindsight: a 'set' of no more than ``set_min_reps`` reps whose lengths vary more than
    this (standard deviation over mean) was fidgets too: a set's reps take about as long..."""
    fidget_s: float = 1.0
    """...when the shortest is shorter than this (a fidget's; a rep held long at the top,
    beside two quick ones, is still a rep)."""
    axis_tau_s: float = 4.0
    """Memory of the covariance that gives the main axis of movement."""
    moving_dps: float = 2.0
    """The axis learns only from frames turning faster than this."""
    departure_share: float = 0.2
    """A rep starts when the signal last sat within this share of ``h`` of its rest extreme."""


DEFAULT_REP_RULES = RepRules()
