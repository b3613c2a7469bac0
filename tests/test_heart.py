"""Heart-rate zones, per-segment figures, recovery, and HRV against published references."""

from __future__ import annotations

from pathlib import Path

import pytest

from sensors.heart import (
    HeartRateSegmenter,
    filter_rr,
    heart_rate_zones,
    hrv_of_intervals,
    hrv_summary,
    max_heart_rate,
    unfiltered,
    zone_of,
)
from sensors.recording_csv import read_rr_intervals

FIXTURES = Path(__file__).parent / "fixtures"

# pyhrv's reference values for SampleNNISeriesShort (the data README's table, rechecked there
# independently): mean NN, SDNN (ddof=1), RMSSD in ms; NN50; pNN50 in %.
SHORT_REFERENCE = (888.955, 95.690, 101.301, 163, 48.512)


def test_zones_from_age_or_a_measured_maximum() -> None:
    assert max_heart_rate(age=50) == 170
    assert max_heart_rate(age=50, measured_max_bpm=182) == 182
    zones = heart_rate_zones(200)
    assert [(z.number, z.low_bpm, z.high_bpm) for z in zones] == [
        (1, 100, 120),
        (2, 120, 140),
        (3, 140, 160),
        (4, 160, 180),
        (5, 180, 200),
    ]
    assert [zone_of(bpm, 200) for bpm in (80, 100, 139.9, 140, 199, 210)] == [0, 1, 2, 3, 5, 5]
    with pytest.raises(ValueError, match="age or a measured"):
        max_heart_rate()
    with pytest.raises(ValueError, match="between 1 and 119"):
        max_heart_rate(age=0)


def test_segments_give_average_peak_and_recovery_in_rests() -> None:
    segmenter = HeartRateSegmenter()
    assert segmenter.start("set 1", 0.0) is None
    for t, bpm in [(1, 100), (2, 120), (3, 0), (4, 140)]:  # 0 bpm: no skin contact
        segmenter.add(t, bpm)
    exercise = segmenter.start("rest", 5.0)
    for t, bpm in [(6, 138), (30, 120), (60, 104)]:
        segmenter.add(t, bpm)
    rest = segmenter.end(61.0)
    assert exercise is not None
    assert (exercise.label, exercise.samples, exercise.average_bpm, exercise.peak_bpm) == (
        "set 1",
        3,
        120.0,
        140.0,
    )
    assert rest.recovery_bpm == 34.0
    assert (rest.start_s, rest.end_s) == (5.0, 61.0)
    assert segmenter.open_label is None
    with pytest.raises(RuntimeError, match="no heart-rate segment"):
        segmenter.end(70.0)


def test_a_segment_without_readings_has_no_figures() -> None:
    segmenter = HeartRateSegmenter()
    segmenter.start("rest", 0.0)
    empty = segmenter.end(10.0)
    assert (empty.average_bpm, empty.peak_bpm, empty.recovery_bpm) == (None, None, None)


def test_hrv_matches_the_reference_to_a_hundredth_of_a_millisecond() -> None:
    series = read_rr_intervals(FIXTURES / "hrv-sample-nni-short.csv")
    assert len(series.rr_intervals_ms) == 337
    summary = hrv_summary(unfiltered(series.rr_intervals_ms))
    mean, sdnn, rmssd, nn50, pnn50 = SHORT_REFERENCE
    assert summary.mean_rr_ms == pytest.approx(mean, abs=0.01)
    assert summary.sdnn_ms == pytest.approx(sdnn, abs=0.01)
    assert summary.rmssd_ms == pytest.approx(rmssd, abs=0.01)
    assert summary.nn50 == nn50
    assert summary.pnn50_pct == pytest.approx(pnn50, abs=0.01)
    assert summary.mean_hr_bpm == pytest.approx(60_000 / mean, abs=0.01)


def test_the_filter_changes_the_reference_series() -> None:
    """The sample series are clean NN intervals, yet 27 of their beats jump more than 20 %
    from the previous kept beat; filtering them changes every figure (reported, not hidden)."""
    series = read_rr_intervals(FIXTURES / "hrv-sample-nni-short.csv")
    kept = filter_rr(series.rr_intervals_ms)
    assert len(kept.removed_indices) == 27
    filtered = hrv_summary(kept)
    assert filtered.removed_beats == 27
    assert filtered.rmssd_ms < SHORT_REFERENCE[2] - 10


def test_implausible_beats_are_removed_by_range_and_by_jump() -> None:
    rr = [800, 250, 810, 2100, 820, 1100, 830, 840]
    kept = filter_rr(rr)
    # 250 and 2100 are out of range; 1100 is 34 % above the previous kept beat (820).
    assert kept.removed_indices == (1, 3, 5)
    assert kept.rr_intervals_ms == (800.0, 810.0, 820.0, 830.0, 840.0)
    # Differences are only taken between beats that were neighbours: 830-840.
    assert kept.successive_differences_ms() == [10.0]


def test_the_jump_rule_compares_with_the_previous_kept_beat() -> None:
    # 700 is >20 % below 1000 and dropped; 780 is compared with 1000 (kept), not with 700.
    assert filter_rr([1000, 700, 780, 950]).removed_indices == (1, 2)


def test_successive_differences_skip_removed_beats() -> None:
    summary = hrv_of_intervals([800, 820, 400, 840, 860, 880])
    # 400 is out of range: the differences are 820-800, 860-840, 880-860 (not 840-820).
    assert summary.beats == 5
    assert summary.rmssd_ms == pytest.approx(20.0)
    assert summary.nn50 == 0


def test_too_few_beats_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        hrv_of_intervals([800, 810])
    with pytest.raises(ValueError, match="at least 3"):
        hrv_of_intervals([800, 200, 810, 200, 820])
