"""Outcome measures asked between sessions: the questions, their scoring and when to ask.

Only measures free to use and validated for low-back pain are here. The Oswestry Disability
Index and PROMIS need permission and are left out on purpose; check the licence of any other
questionnaire before adding it.

- **PEG** (Krebs EE, Lorenz KA, Bair MJ, et al. Development and initial validation of the PEG,
  a three-item scale assessing pain intensity and interference. J Gen Intern Med.
  2009;24(6):733-738). Three 0-10 items about the past week: average pain (P), how pain
  interfered with enjoyment of life (E) and with general activity (G). The score is the sum
  of the three answers divided by three, 0-10; higher is worse. The paper gives no rule for
  a missing item, so a PEG with an item skipped has no score (its answers are kept).
- **PSFS**, the Patient-Specific Functional Scale (Stratford P, Gill C, Westaway M, Binkley J.
  Assessing disability and change on individual patients: a report of a patient specific
  measure. Physiother Can. 1995;47:258-263). The person names up to three activities that are
  hard because of their back and rates each 0 (unable to do it) to 10 (able to do it as
  before the problem). Total score = the sum of the activity scores / the number of activities
  (those rated); higher is better.

Knows nothing of storage or screens: answers in, scores and dates out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Measure = Literal["peg", "psfs"]
MEASURES: tuple[Measure, ...] = ("peg", "psfs")


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    question: str
    low: str  # what 0 means
    high: str  # what 10 means


PEG_ITEMS = (
    Item(
        "pain",
        "What number best describes your pain on average in the past week?",
        "no pain",
        "pain as bad as you can imagine",
    ),
    Item(
        "enjoyment",
        "What number best describes how, during the past week, pain has interfered with "
        "your enjoyment of life?",
        "does not interfere",
        "completely interferes",
    ),
    Item(
        "activity",
        "What number best describes how, during the past week, pain has interfered with "
        "your general activity?",
        "does not interfere",
        "completely interferes",
    ),
)
"""The three PEG items in the paper's words and order (P, E, G), each answered 0-10."""

PSFS_MAX_ACTIVITIES = 3
PSFS_QUESTION = (
    "Name up to three important activities that you are unable to do or have difficulty "
    "with because of your back, and rate how well you can do each today."
)
PSFS_LOW = "unable to do the activity"
PSFS_HIGH = "able to do it at the same level as before the problem"

PEG_MIC = 1.0
"""Minimal important change of the PEG score, in points (0-10 scale; a fall is better).

Reed DE II, Stump TE, Monahan PO, Kroenke K. Comparable minimally important differences and
responsiveness of Brief Pain Inventory and PEG pain scales across six trials. J Pain.
2024;25(1):142-152 (doi:10.1016/j.jpain.2023.07.028). Across 1,710 people in six trials the
anchor-based estimates (pain "a little better") mostly ran from 1.0 to 1.75 points and the
distribution-based ones from 0.6 to 1.22; 1 point is the smallest change the anchor calls
important."""

PSFS_MIC = 2.0
"""Minimal important change of the PSFS total (average) score, in points (a rise is better).

Stratford et al. 1995 (above) give 2 points as the minimal detectable change (90% confidence)
of the average score: a smaller change cannot be told from measurement error. Maughan EF,
Lewis JS. Outcome measures in chronic low back pain. Eur Spine J. 2010;19(9):1484-1494 found
1.4 points (standard error of measurement) to be the minimal clinically important difference
in chronic low-back pain; 2 points is therefore both detectable and important."""

PSFS_ACTIVITY_MIC = 3.0
"""Minimal detectable change (90% confidence) of one activity's score, Stratford et al. 1995."""

PEG_EVERY_DAYS = 7
"""The PEG asks about the past week: it is asked again once a week."""
PSFS_EVERY_DAYS = 14
"""The PSFS is asked again every two weeks, about the same activities."""
SKIPPED_WAIT_DAYS = 2
"""A questionnaire skipped as a whole is offered again after a session no sooner than this;
from the home screen it can be answered at any time."""

EVERY_DAYS: dict[Measure, int] = {"peg": PEG_EVERY_DAYS, "psfs": PSFS_EVERY_DAYS}
MIC: dict[Measure, float] = {"peg": PEG_MIC, "psfs": PSFS_MIC}
MIC_TEXT: dict[Measure, str] = {
    "peg": "1 point; Reed et al., J Pain 2024",
    "psfs": (
        "2 points: the smallest change beyond measurement error, Stratford et al. 1995; above "
        "the 1.4 found important in chronic low-back pain, Maughan & Lewis 2010"
    ),
}
"""What the minimal important change is, and who says so: the same words on every face."""
PSFS_ACTIVITY_MIC_TEXT = (
    "3 points for one activity: the smallest change beyond measurement error, Stratford et al. 1995"
)


def mic_of(measure: Measure, activities: int = 0) -> float:
    """The minimal important change of ``measure``: for a PSFS compared on one activity,
    that activity's own."""
    return PSFS_ACTIVITY_MIC if measure == "psfs" and activities == 1 else MIC[measure]


def mic_text(measure: Measure, activities: int = 0) -> str:
    if measure == "psfs" and activities == 1:
        return PSFS_ACTIVITY_MIC_TEXT
    return MIC_TEXT[measure]


BETTER: dict[Measure, Literal["lower", "higher"]] = {"peg": "lower", "psfs": "higher"}
NAMES: dict[Measure, str] = {
    "peg": "PEG (pain, enjoyment of life, general activity)",
    "psfs": "Patient-Specific Functional Scale",
}


class ScoreOutOfRange(ValueError):
    """An answer outside 0-10."""


def _checked(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise ScoreOutOfRange(f"an answer is from 0 to 10, not {value}")
    return value


def peg_score(pain: int | None, enjoyment: int | None, activity: int | None) -> float | None:
    """(P + E + G) / 3, from 0 to 10; None when an item was skipped (Krebs et al. 2009)."""
    answers = [_checked(pain), _checked(enjoyment), _checked(activity)]
    if any(answer is None for answer in answers):
        return None
    return sum(answer for answer in answers if answer is not None) / 3


def psfs_score(ratings: Sequence[int | None]) -> float | None:
    """The sum of the activity scores / the number of activities rated (Stratford et al.
    1995); None when no activity was rated."""
    rated = [rating for rating in map(_checked, ratings) if rating is not None]
    if not rated:
        return None
    return sum(rated) / len(rated)


@dataclass(frozen=True, slots=True)
class LastAsked:
    """When a measure was last answered (at least one item) and last skipped as a whole:
    local days, None for never."""

    answered: date | None = None
    skipped: date | None = None


def is_due(measure: Measure, last: LastAsked, today: date) -> bool:
    """Whether to ask ``measure`` today: never answered, or answered ``EVERY_DAYS`` or more
    days ago; and not skipped as a whole in the last ``SKIPPED_WAIT_DAYS`` days."""
    skipped = last.skipped
    if (
        skipped is not None
        and (last.answered is None or skipped >= last.answered)
        and today - skipped < timedelta(days=SKIPPED_WAIT_DAYS)
    ):
        return False
    if last.answered is None:
        return True
    return today - last.answered >= timedelta(days=EVERY_DAYS[measure])


def next_due(measure: Measure, last: LastAsked) -> date | None:
    """The first day ``measure`` is due again (None: due now, never answered)."""
    if last.answered is None:
        return None
    return last.answered + timedelta(days=EVERY_DAYS[measure])


def important_change(measure: Measure, first: float, latest: float, *, activities: int = 0) -> str:
    """ "better", "worse" or "within" the minimal important change, from first to latest;
    ``activities``: a PSFS compared on this many (on one, its own, larger, change counts)."""
    change = latest - first
    # A PEG score is in thirds: 6⅓ - 5⅓ is not quite 1.0.
    if abs(change) < mic_of(measure, activities) - 1e-9:
        return "within"
    improved = change < 0 if BETTER[measure] == "lower" else change > 0
    return "better" if improved else "worse"
