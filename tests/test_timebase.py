"""DeviceClock: device nanoseconds onto host seconds, through jitter and drift."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import pytest

from sensors.timebase import DeviceClock

RATE_HZ = 200
FRAME_SAMPLES = 36  # an H10 ACC frame at a 232-byte MTU
SAMPLE_NS = 1_000_000_000 // RATE_HZ
MIN_LATENCY_S = 0.005


@dataclass
class Stream:
    """A synthetic device: its clock runs ``drift_ppm`` fast against the host's."""

    drift_ppm: float
    seed: int = 0
    offset_s: float = 1234.5
    start_ns: int = 987_654_321_000

    def true_host_s(self, device_ns: int) -> float:
        return self.offset_s + (device_ns - self.start_ns) * 1e-9 / (1 + self.drift_ppm * 1e-6)

    def frames(self, count: int, spike_every: int = 97) -> list[tuple[list[int], float]]:
        """(sample timestamps, arrival) per frame; arrival = true time + jittery latency."""
        rng = random.Random(self.seed)
        out = []
        for k in range(count):
            last = self.start_ns + (k + 1) * FRAME_SAMPLES * SAMPLE_NS
            stamps = [last - (FRAME_SAMPLES - 1 - i) * SAMPLE_NS for i in range(FRAME_SAMPLES)]
            latency = MIN_LATENCY_S + rng.expovariate(1 / 0.015)
            if k % spike_every == spike_every - 1:
                latency += 0.4  # a radio retry storm
            out.append((stamps, self.true_host_s(last) + latency))
        return out


def run(
    clock: DeviceClock, stream: Stream, count: int
) -> list[tuple[list[int], tuple[float, ...]]]:
    return [
        (stamps, clock.host_times_s(stamps, arrival)) for stamps, arrival in stream.frames(count)
    ]


def test_the_first_frame_is_anchored_at_its_arrival() -> None:
    clock = DeviceClock()
    times = clock.host_times_s([1_000_000_000, 1_005_000_000], 50.0)
    assert times == pytest.approx((49.995, 50.0))
    assert times[-1] == 50.0
    assert clock.offset_s == pytest.approx(50.0 - 1.005)


@pytest.mark.parametrize("drift_ppm", [-120.0, 0.0, 80.0])
def test_jitter_and_drift_give_increasing_times_close_to_the_truth(drift_ppm: float) -> None:
    stream = Stream(drift_ppm)
    mapped = run(DeviceClock(), stream, count=3400)  # about ten minutes at 200 Hz
    all_times = [t for _, times in mapped for t in times]
    assert all(b > a for a, b in itertools.pairwise(all_times))
    settled = mapped[300:]  # after the first minute
    errors = [
        t - stream.true_host_s(ns)
        for stamps, times in settled
        for ns, t in zip(stamps, times, strict=True)
    ]
    # Mapped times sit on the lowest latency seen (5 ms), give or take a few ms, whatever the
    # drift (80 ppm would be 48 ms off after ten minutes uncorrected) and the 0.4 s spikes.
    assert min(errors) > MIN_LATENCY_S - 0.003
    assert max(errors) < MIN_LATENCY_S + 0.004


def test_samples_within_a_frame_keep_the_device_spacing() -> None:
    mapped = run(DeviceClock(), Stream(50.0, seed=3), count=600)
    for _, times in mapped:
        for a, b in itertools.pairwise(times):
            assert (b - a) == pytest.approx(SAMPLE_NS * 1e-9, rel=0.011)  # within max_slew


def test_a_latency_spike_does_not_move_the_mapping() -> None:
    stream = Stream(0.0, seed=5)
    clock = DeviceClock()
    frames = stream.frames(400, spike_every=10_000)
    for stamps, arrival in frames[:-1]:
        clock.host_times_s(stamps, arrival)
    stamps, arrival = frames[-1]
    late = clock.host_times_s(stamps, arrival + 1.5)
    assert late[-1] - stream.true_host_s(stamps[-1]) < MIN_LATENCY_S + 0.004
    assert clock.resyncs == 0


def test_a_late_first_frame_is_corrected_without_going_back() -> None:
    stream = Stream(0.0, seed=7)
    clock = DeviceClock()
    frames = stream.frames(1000)
    first_stamps, first_arrival = frames[0]
    first = clock.host_times_s(first_stamps, first_arrival + 0.3)  # a slow first delivery
    later = [clock.host_times_s(stamps, arrival) for stamps, arrival in frames[1:]]
    all_times = list(first) + [t for times in later for t in times]
    assert all(b > a for a, b in itertools.pairwise(all_times))
    error_s = later[-1][-1] - stream.true_host_s(frames[-1][0][-1])
    assert error_s < MIN_LATENCY_S + 0.004


def test_a_device_clock_restart_re_anchors_and_time_still_moves_forward() -> None:
    clock = DeviceClock()
    before = [clock.host_times_s(stamps, arrival) for stamps, arrival in Stream(0.0).frames(50)]
    restarted = Stream(0.0, offset_s=before[-1][-1] + 0.1, start_ns=0)
    after = [clock.host_times_s(stamps, arrival) for stamps, arrival in restarted.frames(50)]
    assert clock.resyncs == 1
    all_times = [t for times in before + after for t in times]
    assert all(b > a for a, b in itertools.pairwise(all_times))
    assert after[-1][-1] - restarted.true_host_s(restarted.frames(50)[-1][0][-1]) < 0.05


def test_one_sample_at_a_time_agrees_with_whole_frames() -> None:
    by_frame, by_sample = DeviceClock(), DeviceClock()
    for stamps, arrival in Stream(30.0, seed=9).frames(200):
        frame_times = by_frame.host_times_s(stamps, arrival)
        last = by_sample.host_time_s(stamps[-1], arrival)
        assert last == pytest.approx(frame_times[-1], abs=1e-9)
        assert by_sample.host_time_s(stamps[0], arrival) == pytest.approx(frame_times[0], abs=1e-9)


def test_max_slew_must_keep_time_moving_forward() -> None:
    with pytest.raises(ValueError, match="max_slew"):
        DeviceClock(max_slew=1.5)
