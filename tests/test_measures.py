"""PEG and PSFS: scoring by the published rules, minimal important change, when to ask."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.measures import (
    PEG_ITEMS,
    PEG_MIC,
    PSFS_MIC,
    LastAsked,
    ScoreOutOfRange,
    important_change,
    is_due,
    next_due,
    peg_score,
    psfs_score,
)


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        # Krebs et al. 2009: the PEG score is the three answers added and divided by three.
        ((6, 7, 5), 6.0),
        ((8, 7, 6), 7.0),
        ((5, 3, 4), 4.0),
        ((7, 4, 5), 16 / 3),
        ((0, 0, 0), 0.0),  # the lowest total, 0, is 0 of 10
        ((10, 10, 10), 10.0),  # the highest total, 30, is 10 of 10
    ],
)
def test_peg_is_the_mean_of_its_three_items(answers: tuple[int, int, int], score: float) -> None:
    assert peg_score(*answers) == pytest.approx(score)


def test_peg_with_an_item_skipped_has_no_score() -> None:
    # The paper gives no rule for a missing item: nothing is made up.
    assert peg_score(6, None, 5) is None
    assert peg_score(None, None, None) is None


def test_peg_items_are_pain_enjoyment_general_activity_in_that_order() -> None:
    assert [item.key for item in PEG_ITEMS] == ["pain", "enjoyment", "activity"]
    assert "on average in the past week" in PEG_ITEMS[0].question
    assert PEG_ITEMS[1].high == "completely interferes"


@pytest.mark.parametrize(
    ("ratings", "score"),
    [
        # Stratford et al. 1995: total score = sum of the activity scores / number of
        # activities.
        ((3, 5, 4), 4.0),
        ((2, 7), 4.5),
        ((6,), 6.0),
        ((None, 6, 8), 7.0),  # an activity not rated is not one of the activities scored
        ((0, 0, 0), 0.0),
        ((10, 10, 10), 10.0),
    ],
)
def test_psfs_is_the_mean_of_the_activities_rated(
    ratings: tuple[int | None, ...], score: float
) -> None:
    assert psfs_score(ratings) == pytest.approx(score)


def test_psfs_with_nothing_rated_has_no_score() -> None:
    assert psfs_score([None, None]) is None
    assert psfs_score([]) is None


@pytest.mark.parametrize("bad", [-1, 11, 42])
def test_an_answer_outside_0_to_10_is_refused(bad: int) -> None:
    with pytest.raises(ScoreOutOfRange):
        peg_score(bad, 1, 1)
    with pytest.raises(ScoreOutOfRange):
        psfs_score([bad])


def test_a_change_of_the_minimal_important_change_counts_either_way() -> None:
    assert PEG_MIC == 1.0
    assert PSFS_MIC == 2.0
    # PEG: lower is better; scores are in thirds, 6⅓ → 5⅓ is exactly one point.
    assert important_change("peg", 19 / 3, 16 / 3) == "better"
    assert important_change("peg", 5.0, 5 + 2 / 3) == "within"
    assert important_change("peg", 4.0, 5.0) == "worse"
    # PSFS: higher is better.
    assert important_change("psfs", 3.0, 5.0) == "better"
    assert important_change("psfs", 3.0, 4.5) == "within"
    assert important_change("psfs", 6.0, 4.0) == "worse"


def test_peg_is_due_weekly_and_psfs_every_two_weeks() -> None:
    today = date(2025, 3, 14)
    never = LastAsked()
    assert is_due("peg", never, today)
    assert is_due("psfs", never, today)
    six_days = LastAsked(answered=date(2025, 3, 8))
    assert not is_due("peg", six_days, today)
    assert is_due("peg", LastAsked(answered=date(2025, 3, 7)), today)
    assert not is_due("psfs", LastAsked(answered=date(2025, 3, 1)), today)
    assert is_due("psfs", LastAsked(answered=date(2025, 2, 28)), today)
    assert next_due("psfs", LastAsked(answered=date(2025, 3, 1))) == date(2025, 3, 15)
    assert next_due("peg", never) is None


def test_a_questionnaire_skipped_waits_two_days_before_it_is_offered_again() -> None:
    today = date(2025, 3, 14)
    skipped_yesterday = LastAsked(answered=date(2025, 2, 1), skipped=date(2025, 3, 13))
    assert not is_due("peg", skipped_yesterday, today)
    assert is_due("peg", LastAsked(answered=None, skipped=date(2025, 3, 12)), today)
    # A skip before the last answer does not hold the next one back.
    answered_after = LastAsked(answered=date(2025, 3, 6), skipped=date(2025, 3, 5))
    assert is_due("peg", answered_after, date(2025, 3, 13))
