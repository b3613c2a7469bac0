"""Samples at uneven times become frames at one steady rate, whatever the batches."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pytest

from sensors.motion.frames import FrameResampler, Frames


def collect(resampler: FrameResampler, parts: list[Frames]) -> Frames:
    parts = [*parts, resampler.flush()]
    gyro = [p.gyro_dps for p in parts if p.gyro_dps is not None]
    return Frames(
        t_s=np.concatenate([p.t_s for p in parts]),
        acc_g=np.concatenate([p.acc_g for p in parts]),
        gyro_dps=np.concatenate(gyro) if gyro else None,
        gap_before=np.concatenate([p.gap_before for p in parts]),
    )


def feed(
    t: npt.NDArray[np.float64], acc: npt.NDArray[np.float64], batch: int, frame_hz: float = 20.0
) -> Frames:
    resampler = FrameResampler(frame_hz)
    return collect(
        resampler,
        [resampler.push(t[i : i + batch], acc[i : i + batch]) for i in range(0, len(t), batch)],
    )


def test_each_frame_is_the_mean_of_the_samples_in_its_slot() -> None:
    t = np.arange(0.0, 1.0, 0.01)
    acc = np.column_stack([t, np.zeros_like(t), np.ones_like(t)])
    frames = feed(t, acc, batch=len(t))
    assert frames.t_s == pytest.approx(np.arange(21) * 0.05)  # slots centred on 0, 0.05 .. 1.0
    # The slot around 0.5 s holds the samples at 0.48-0.52 s.
    assert frames.acc_g[10, 0] == pytest.approx(0.5)
    assert frames.acc_g[:, 2] == pytest.approx(1.0)
    assert not frames.gap_before.any()


def test_irregular_times_still_give_one_frame_per_slot() -> None:
    rng = np.random.default_rng(1)
    t = np.cumsum(rng.uniform(0.0096, 0.0104, 2000))  # MEx-like: 96-104 Hz
    acc = np.tile([0.0, 0.0, 1.0], (len(t), 1))
    frames = feed(t, acc, batch=333)
    steps = np.diff(frames.t_s)
    assert steps == pytest.approx(0.05)
    assert len(frames) == pytest.approx((t[-1] - t[0]) * 20, abs=2)


@pytest.mark.parametrize("batch", [1, 5, 17, 500])
def test_batches_of_any_size_give_identical_frames(batch: int) -> None:
    rng = np.random.default_rng(2)
    t = np.cumsum(rng.uniform(0.005, 0.015, 900))
    acc = rng.normal(0.0, 1.0, (len(t), 3))
    whole, split = feed(t, acc, batch=len(t)), feed(t, acc, batch=batch)
    assert np.array_equal(whole.t_s, split.t_s)
    assert np.array_equal(whole.acc_g, split.acc_g)


def test_a_short_dropout_is_filled_and_a_long_one_is_marked() -> None:
    t = np.arange(0.0, 6.0, 0.01)
    keep = ~(((t > 1.0) & (t < 1.2)) | ((t > 3.0) & (t < 4.5)))
    acc = np.column_stack([t, np.zeros_like(t), np.ones_like(t)])[keep]
    frames = feed(t[keep], acc, batch=50)
    assert np.flatnonzero(frames.gap_before).tolist() == [int(np.searchsorted(frames.t_s, 4.5))]
    assert frames.t_s[frames.gap_before][0] == pytest.approx(4.5)
    assert 1.1 in np.round(frames.t_s, 2)  # filled
    assert not np.any((frames.t_s > 3.05) & (frames.t_s < 4.45))  # not invented


def test_a_run_of_empty_slots_is_filled_along_the_line_between_its_neighbours() -> None:
    """A sensor at 4-5 Hz (a beacon on the chest) leaves three or four empty slots between
    samples. Repeating the sample before made each movement a staircase, read as jolts; one
    empty slot (10-12.5 Hz) is still the one before repeated."""
    t = np.array([0.0, 0.05, 0.25, 0.35, 0.45])
    acc = np.column_stack([[0.0, 0.0, 0.8, 1.0, 1.0], np.zeros(5), np.ones(5)])
    frames = feed(t, acc, batch=2)
    assert frames.t_s == pytest.approx(np.arange(10) * 0.05)
    assert frames.acc_g[:, 0] == pytest.approx([0.0, 0.0, 0.2, 0.4, 0.6, 0.8, 0.8, 1.0, 1.0, 1.0])


def test_sparse_irregular_samples_in_batches_of_any_size_give_identical_frames() -> None:
    rng = np.random.default_rng(3)
    t = np.cumsum(rng.choice([0.1, 0.2, 0.22, 0.3, 0.66, 1.4], 300))
    acc = rng.normal(0.0, 1.0, (len(t), 3))
    whole = feed(t, acc, batch=len(t))
    for batch in (1, 2, 7):
        split = feed(t, acc, batch=batch)
        assert np.array_equal(whole.t_s, split.t_s)
        assert np.array_equal(whole.acc_g, split.acc_g)
        assert np.array_equal(whole.gap_before, split.gap_before)


def test_gyro_is_framed_alongside() -> None:
    t = np.arange(0.0, 1.0, 0.01)
    acc = np.tile([0.0, 0.0, 1.0], (len(t), 1))
    resampler = FrameResampler(20.0)
    frames = collect(resampler, [resampler.push(t, acc, np.tile([10.0, 0.0, 0.0], (len(t), 1)))])
    assert frames.gyro_dps is not None
    assert frames.gyro_dps[:, 0] == pytest.approx(10.0)


def test_mistakes_in_the_stream_are_refused() -> None:
    resampler = FrameResampler(20.0)
    resampler.push([0.0, 0.01], [[0, 0, 1], [0, 0, 1]])
    with pytest.raises(ValueError, match="backwards"):
        resampler.push([0.005], [[0, 0, 1]])
    with pytest.raises(ValueError, match="2 times but 1"):
        resampler.push([0.02, 0.03], [[0, 0, 1]])
    with pytest.raises(ValueError, match="every batch or with none"):
        resampler.push([0.04], [[0, 0, 1]], [[0, 0, 0]])
    with pytest.raises(ValueError, match="positive"):
        FrameResampler(0.0)


def test_a_line_toward_a_slot_still_open_does_not_depend_on_where_the_batch_ended() -> None:
    """Review h97: the line across a run of empty slots ended at the frame after it while that
    slot was still open, so a sample after the batch that fell in the same slot changed the
    frame but not the line already given out: the frames depended on where a batch ended
    (live notifications against a recording's batches)."""
    t = np.array([0.0, 0.15, 0.16])  # slots 0, 3, 3: a run of two empty slots
    acc = np.column_stack([[0.0, 0.3, 0.9], np.zeros(3), np.ones(3)])
    whole, split = feed(t, acc, batch=3), feed(t, acc, batch=2)
    assert np.array_equal(whole.t_s, split.t_s)
    assert np.array_equal(whole.acc_g, split.acc_g)


def test_a_line_across_empty_slots_ends_at_the_first_sample_after_them() -> None:
    """Its end is known when the run closes, whatever the batches; the slot's frame (the mean
    of its samples) may not be yet. With one sample a slot (a sensor at 4-5 Hz) they agree."""
    t = np.array([0.0, 0.15, 0.16])  # slots 0, 3, 3: a run of two empty slots
    acc = np.column_stack([[0.0, 0.3, 0.9], np.zeros(3), np.ones(3)])
    for batch in (1, 2, 3):
        assert feed(t, acc, batch=batch).acc_g[:, 0] == pytest.approx([0.0, 0.1, 0.2, 0.6])


def framed_in_parts(
    t: npt.NDArray[np.float64],
    values: npt.NDArray[np.float64],
    bounds: list[int],
    frame_hz: float,
    max_gap_s: float,
) -> Frames:
    """Frames of acc (``values[:, :3]``) and gyro (``values[:, 3:]``) pushed in the parts
    ``bounds`` cut them into."""
    resampler = FrameResampler(frame_hz, max_gap_s)
    parts = [
        resampler.push(t[a:b], values[a:b, :3], values[a:b, 3:])
        for a, b in itertools.pairwise(bounds)
    ]
    return collect(resampler, parts)


def test_sparse_bursty_samples_with_gyro_and_dropped_ones_give_the_same_frames_in_any_batches() -> (
    None
):
    """Review h97: random sparse times with several samples in some slots, gaps short and long,
    zero and NaN samples, at frame rates other than 20 Hz, split at random (batch size 1
    too): every split gives the frames of one batch, bit for bit."""
    rng = np.random.default_rng(97)
    steps_s = [0.0, 0.004, 0.02, 0.05, 0.1, 0.12, 0.15, 0.2, 0.25, 0.5, 1.05, 1.5]
    for _ in range(300):
        frame_hz = float(rng.choice([20.0, 12.5, 25.0, 50.0, 7.0]))
        max_gap_s = float(rng.choice([1.0, 0.3, 2.0]))
        n = int(rng.integers(1, 50))
        t = np.cumsum(rng.choice(steps_s, n)) + rng.uniform(0.0, 0.05)
        values = rng.normal(0.0, 1.0, (n, 6))
        values[rng.random(n) < 0.1, :3] = 0.0
        values[rng.random(n) < 0.05, int(rng.integers(0, 6))] = np.nan
        inner = rng.choice(np.arange(1, n), int(rng.integers(0, n)), replace=False)
        cuts = [0, *sorted(int(c) for c in inner), n]
        if rng.random() < 0.3:
            cuts = list(range(n + 1))  # one sample a batch
        whole = framed_in_parts(t, values, [0, n], frame_hz, max_gap_s)
        split = framed_in_parts(t, values, cuts, frame_hz, max_gap_s)
        assert np.array_equal(whole.t_s, split.t_s)
        assert np.array_equal(whole.acc_g, split.acc_g)
        assert whole.gyro_dps is not None
        assert split.gyro_dps is not None
        assert np.array_equal(whole.gyro_dps, split.gyro_dps)
        assert np.array_equal(whole.gap_before, split.gap_before)


def test_times_written_to_the_microsecond_give_the_frames_heard_live() -> None:
    """At 200 Hz every fourth sample falls on a slot's edge. The times a live session hears
    (36 samples a notification: t + i/200, t adding 0.18 each time) and the same times as an
    export writes them (to the microsecond) differ by a few picoseconds, on both sides of an
    edge: the samples on an edge went into different slots, and a hold began 50 ms apart live
    and in ``lumbar analyze``."""
    live: list[float] = []
    t = -0.146921
    while len(live) < 36 * 200:
        live += [t + i / 200.0 for i in range(36)]
        t += 36 / 200.0
    heard = np.array(live)
    written = np.round(heard, 6)
    assert np.any(heard - written != 0.0)
    rng = np.random.default_rng(7)
    acc = rng.normal(0.0, 0.05, (len(heard), 3)) + np.array([0.0, 0.0, 1.0])
    live_frames, exported = feed(heard, acc, 36), feed(written, acc, 36)
    np.testing.assert_allclose(exported.t_s, live_frames.t_s, atol=1e-6)
    np.testing.assert_array_equal(exported.acc_g, live_frames.acc_g)


def test_frames_on_a_given_grid_fall_alike_wherever_the_feed_began() -> None:
    """A live session's detector for an exercise begins with the first notification after the
    last set ended, a replay's with the first sample after that set's end: a few samples
    apart. Anchored on the session's start, both frame the samples they share alike (anchored
    on their first samples, a hold's break lasted 2.90 s live and 2.95 s replayed)."""
    t = -0.146921 + np.arange(4000) / 200.0
    rng = np.random.default_rng(3)
    acc = rng.normal(0.0, 0.05, (len(t), 3)) + np.array([0.0, 0.0, 1.0])
    frames = []
    for first in (1000, 1003, 1007):
        resampler = FrameResampler(20.0, origin_s=0.0)
        parts = [resampler.push(t[i : i + 36], acc[i : i + 36]) for i in range(first, len(t), 36)]
        frames.append(collect(resampler, parts))
    later = frames[0].t_s >= t[1007] + 0.05  # the slots all three saw whole
    for other in frames[1:]:
        shared = np.isin(other.t_s, frames[0].t_s[later])
        np.testing.assert_array_equal(other.t_s[shared], frames[0].t_s[later])
        np.testing.assert_array_equal(other.acc_g[shared], frames[0].acc_g[later])
    assert np.allclose(frames[0].t_s * 20.0, np.round(frames[0].t_s * 20.0))  # on the grid
