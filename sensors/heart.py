"""Heart-rate figures: zones, per-segment average and peak, recovery in rests, and HRV.

Pure Python, no state beyond what a caller holds, so the same code serves a live session and
``lumbar hrv``. HRV follows the usual time-domain definitions (Task Force of the ESC/NASPE,
1996) and matches pyhrv's reference values on its sample series:

- mean RR: the mean of the intervals;
- SDNN: their standard deviation with ``ddof=1``;
- RMSSD: the root mean square of successive differences;
- NN50: successive differences larger than 50 ms; pNN50: NN50 over the number of differences.

Implausible beats are removed by :func:`filter_rr`, an explicit step the caller chooses to run
(``lumbar hrv`` does); see its docstring for the rule and its sources. Successive differences
are only taken between beats that were neighbours in the recording, never across a removed beat.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

RR_MIN_MS = 300.0
RR_MAX_MS = 2000.0
"""The physiological range of an RR interval: 200 down to 30 beats per minute."""
ARTEFACT_THRESHOLD_MS_AT_60_BPM = 350.0
"""Kubios' "low" threshold: how far a beat may stray from its local median at 60 bpm."""
LOCAL_MEDIAN_BEATS = 11
"""Beats in the window whose median is a beat's local reference (Lipponen & Tarvainen 2019)."""

NN50_MS = 50.0

ZONE_BOUNDS = (0.50, 0.60, 0.70, 0.80, 0.90)
"""Lower edge of zones 1 to 5 as a share of the maximum heart rate."""
ZONE_NAMES = ("very light", "light", "moderate", "hard", "maximum")


# --- zones -----------------------------------------------------------------------------------


def max_heart_rate(age: int | None = None, measured_max_bpm: int | None = None) -> int:
    """A measured maximum wins; otherwise the common estimate ``220 - age``."""
    if measured_max_bpm is not None:
        if measured_max_bpm <= 0:
            raise ValueError(f"a maximum heart rate must be positive, not {measured_max_bpm}")
        return measured_max_bpm
    if age is None:
        raise ValueError("give an age or a measured maximum heart rate")
    if not 0 < age < 120:
        raise ValueError(f"an age must be between 1 and 119, not {age}")
    return 220 - age


@dataclass(frozen=True, slots=True)
class HeartRateZone:
    number: int
    name: str
    low_bpm: float
    high_bpm: float
    """Exclusive, except for zone 5 which includes the maximum and above."""


def heart_rate_zones(max_bpm: int) -> tuple[HeartRateZone, ...]:
    """Zones 1-5 at 50-60-70-80-90-100 % of the maximum."""
    edges = [*ZONE_BOUNDS, 1.0]
    return tuple(
        HeartRateZone(i + 1, ZONE_NAMES[i], edges[i] * max_bpm, edges[i + 1] * max_bpm)
        for i in range(len(ZONE_BOUNDS))
    )


def zone_of(bpm: float, max_bpm: int) -> int:
    """The zone number 1-5 of a heart rate, 0 below zone 1."""
    share = bpm / max_bpm
    zone = 0
    for i, bound in enumerate(ZONE_BOUNDS):
        if share >= bound:
            zone = i + 1
    return zone


# --- segments: one exercise or one rest --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeartRateSegment:
    """Heart rate over one part of a session. A rest's ``recovery_bpm`` is how far it fell."""

    label: str
    start_s: float
    end_s: float
    samples: int
    average_bpm: float | None
    peak_bpm: float | None
    first_bpm: float | None
    last_bpm: float | None

    @property
    def recovery_bpm(self) -> float | None:
        if self.first_bpm is None or self.last_bpm is None:
            return None
        return self.first_bpm - self.last_bpm


class HeartRateSegmenter:
    """Streams heart-rate readings into labelled segments (an exercise, a rest, ...).

    A reading of 0 bpm or less means "no contact" (straps and Polar exports send 0) and is
    ignored. Memory is constant: only running sums are kept.
    """

    def __init__(self) -> None:
        self._label: str | None = None
        self._start_s = 0.0
        self._reset()

    def _reset(self) -> None:
        self._count = 0
        self._total = 0.0
        self._peak: float | None = None
        self._first: float | None = None
        self._last: float | None = None

    @property
    def open_label(self) -> str | None:
        return self._label

    def start(self, label: str, t_s: float) -> HeartRateSegment | None:
        """Begin a segment; the open one, if any, ends here and is returned."""
        ended = self.end(t_s) if self._label is not None else None
        self._label = label
        self._start_s = t_s
        self._reset()
        return ended

    def add(self, t_s: float, bpm: float) -> None:
        if self._label is None or bpm <= 0 or t_s < self._start_s:
            return
        self._count += 1
        self._total += bpm
        self._peak = bpm if self._peak is None else max(self._peak, bpm)
        if self._first is None:
            self._first = bpm
        self._last = bpm

    def end(self, t_s: float) -> HeartRateSegment:
        if self._label is None:
            raise RuntimeError("no heart-rate segment is open")
        segment = HeartRateSegment(
            label=self._label,
            start_s=self._start_s,
            end_s=t_s,
            samples=self._count,
            average_bpm=self._total / self._count if self._count else None,
            peak_bpm=self._peak,
            first_bpm=self._first,
            last_bpm=self._last,
        )
        self._label = None
        self._reset()
        return segment


# --- HRV ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FilteredRR:
    """The beats kept by :func:`filter_rr`, with where they were in the input."""

    rr_intervals_ms: tuple[float, ...]
    kept_indices: tuple[int, ...]
    removed_indices: tuple[int, ...]

    def successive_differences_ms(self) -> list[float]:
        """Differences between kept beats that were neighbours in the input."""
        rr, index = self.rr_intervals_ms, self.kept_indices
        return [rr[i + 1] - rr[i] for i in range(len(rr) - 1) if index[i + 1] == index[i] + 1]


def filter_rr(
    rr_intervals_ms: Iterable[float],
    *,
    threshold_ms_at_60_bpm: float = ARTEFACT_THRESHOLD_MS_AT_60_BPM,
) -> FilteredRR:
    """Drop implausible beats: out of range, artefacts, and the other half of a split beat.

    1. A beat outside ``RR_MIN_MS``-``RR_MAX_MS`` is dropped.
    2. Kubios' threshold-based artefact detection (Kubios HRV User's Guide ver. 3.4, Tarvainen
       et al., 3.3 "Artefact correction algorithms"): each beat is compared with a local reference,
       the median of the ``LOCAL_MEDIAN_BEATS`` in-range beats around it, and dropped if it is
       further from it than a threshold. The guide's thresholds are given at 60 bpm (very low
       450 ms, low 350, medium 250, strong 150, very strong 50) and scaled to the mean heart
       rate, so the threshold is ``threshold_ms_at_60_bpm * mean RR / 1000 ms``. The default,
       "low", is 35 % of the mean RR: a missed beat (+100 %) or an extra beat (one half at
       -50 % or less) is caught with a wide margin, an ectopic beat when it comes more than
       35 % early (and its pause when that is as long), and variability below that is kept.
       The 11-beat median is the local reference of Lipponen & Tarvainen 2019 (J Med Eng
       Technol 43(3):173-181); a median ignores a lone artefact, and because every beat is
       compared with the recording rather than with the beats kept so far, one removal never
       causes the next.
    3. An extra beat splits one interval in two. When a dropped beat is short (in range or
       not) and adding a neighbour gives an interval that would pass step 2 and is closer to
       the local median than the neighbour alone, that neighbour is the other half and is
       dropped too (the extra-beat test of Lipponen & Tarvainen 2019, with this threshold).
       A near-zero interval (one beat counted twice) leaves its neighbour whole, so it stays.
    """
    rr = [float(x) for x in rr_intervals_ms]
    in_range = [i for i, x in enumerate(rr) if RR_MIN_MS <= x <= RR_MAX_MS]
    removed = set(range(len(rr))) - set(in_range)
    if in_range:
        values = [rr[i] for i in in_range]
        threshold_ms = threshold_ms_at_60_bpm * statistics.fmean(values) / 1000.0
        # The local median at every position, from the in-range beats around it.
        before = 0
        medians: list[float] = []
        for i in range(len(rr)):
            medians.append(_local_median(values, before))
            if before < len(in_range) and in_range[before] == i:
                before += 1
        removed.update(i for i in in_range if abs(rr[i] - medians[i]) > threshold_ms)
        removed.update(_other_halves(rr, medians, removed, threshold_ms))
    kept_at = tuple(i for i in range(len(rr)) if i not in removed)
    return FilteredRR(tuple(rr[i] for i in kept_at), kept_at, tuple(sorted(removed)))


def _local_median(values: Sequence[float], at: int) -> float:
    """The median of ``LOCAL_MEDIAN_BEATS`` values centred on ``at`` (shifted at the ends)."""
    half = LOCAL_MEDIAN_BEATS // 2
    start = max(0, min(at - half, len(values) - LOCAL_MEDIAN_BEATS))
    return statistics.median(values[start : start + LOCAL_MEDIAN_BEATS])


def _other_halves(
    rr: Sequence[float], medians: Sequence[float], removed: set[int], threshold_ms: float
) -> set[int]:
    """Kept neighbours that, added to a dropped short beat, make a more plausible interval."""
    halves: set[int] = set()
    for i in sorted(removed):
        median = medians[i]
        if rr[i] >= median:
            continue
        gaps = {
            j: abs(rr[i] + rr[j] - median)
            for j in (i - 1, i + 1)
            if 0 <= j < len(rr) and j not in removed
        }
        if gaps:
            j = min(gaps, key=gaps.__getitem__)
            if gaps[j] <= threshold_ms and gaps[j] < abs(rr[j] - median):
                halves.add(j)
    return halves


def unfiltered(rr_intervals_ms: Iterable[float]) -> FilteredRR:
    """Every beat kept: for series that are already clean NN intervals."""
    rr = tuple(float(x) for x in rr_intervals_ms)
    return FilteredRR(rr, tuple(range(len(rr))), ())


@dataclass(frozen=True, slots=True)
class HrvSummary:
    beats: int
    removed_beats: int
    mean_rr_ms: float
    sdnn_ms: float
    rmssd_ms: float
    nn50: int
    pnn50_pct: float
    mean_hr_bpm: float


def hrv_summary(beats: FilteredRR) -> HrvSummary:
    """Time-domain HRV of the kept beats (at least three, with two successive differences)."""
    rr = beats.rr_intervals_ms
    diffs = beats.successive_differences_ms()
    if len(rr) < 3 or len(diffs) < 2:
        total = len(rr) + len(beats.removed_indices)
        raise ValueError(
            f"HRV needs at least 3 plausible beats in a row; {len(rr)} of {total} were plausible"
        )
    n = len(rr)
    mean = math.fsum(rr) / n
    sdnn = math.sqrt(math.fsum((x - mean) ** 2 for x in rr) / (n - 1))
    rmssd = math.sqrt(math.fsum(d * d for d in diffs) / len(diffs))
    nn50 = sum(1 for d in diffs if abs(d) > NN50_MS)
    return HrvSummary(
        beats=n,
        removed_beats=len(beats.removed_indices),
        mean_rr_ms=mean,
        sdnn_ms=sdnn,
        rmssd_ms=rmssd,
        nn50=nn50,
        pnn50_pct=100.0 * nn50 / len(diffs),
        mean_hr_bpm=60_000.0 / mean,
    )


def hrv_of_intervals(rr_intervals_ms: Sequence[float], *, filtered: bool = True) -> HrvSummary:
    """Filter (unless told the series is clean) and summarise."""
    beats = filter_rr(rr_intervals_ms) if filtered else unfiltered(rr_intervals_ms)
    return hrv_summary(beats)
