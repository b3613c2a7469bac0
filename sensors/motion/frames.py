"""From samples at whatever times they came to frames at one steady rate.

Sensors do not keep time perfectly (MEx's 100 Hz is really 96-104 Hz; Bluetooth packets come
in bursts), so every detector works on frames: the mean of the samples whose times fall in
each ``1 / frame_hz`` slot. Averaging is also the anti-alias filter. A slot with no sample
repeats the previous frame, and a run of ``LINE_FROM_SLOTS`` or more is filled along the line
from the frame before it to the first sample after it (a sensor at 4-5 Hz, a lost
notification; the slot after the run may still be open, its frame not known yet, but its first
sample is, whatever the batches); a gap longer than ``max_gap_s`` is reported instead of
filled, so detectors can start afresh rather than time a hold across a dropout.

Work is vectorised per batch (numpy); only one open slot is carried between batches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

DEFAULT_FRAME_HZ = 20.0
DEFAULT_MAX_GAP_S = 1.0
LINE_FROM_SLOTS = 2
"""A run of this many empty slots or more is filled along a line, not with the frame before
repeated: held, a movement sampled at 4-5 Hz became a staircase, and rep counts on the tuned
people's sets thinned to a chest beacon's times fell (``analysis_sections/thinned_sets.py``).
A single empty slot (10-12.5 Hz) is still repeated: a line there moved the tuned people's
counts both ways, worse overall."""

SLOT_EDGE = 1e-4
"""A sample this close before the start of a slot (a share of a slot: 5 µs at 20 Hz) is in
it. At 200 Hz (or 100, 40) every fourth sample falls on a slot's edge, and which side it fell
on was left to rounding: the times a live session hears and the same times written to an
export (to the microsecond) put it in different slots, and a hold began a frame apart live and
in ``lumbar analyze``."""


@dataclass(frozen=True, slots=True)
class Frames:
    """Frames in time order. ``gap_before[i]`` is true when data stopped before frame i."""

    t_s: Array
    acc_g: Array
    gyro_dps: Array | None
    gap_before: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.t_s)


class FrameResampler:
    """Accumulates batches of samples into evenly spaced frames."""

    def __init__(
        self,
        frame_hz: float = DEFAULT_FRAME_HZ,
        max_gap_s: float = DEFAULT_MAX_GAP_S,
        origin_s: float | None = None,
    ) -> None:
        """``origin_s``: a moment on the slots' grid (a session's start), so that frames of
        the same samples fall alike whenever the feed began (a live session's detector for an
        exercise, and a replay's, begin at different samples); None: the first sample's."""
        if frame_hz <= 0:
            raise ValueError("frame_hz must be positive")
        self.frame_hz = frame_hz
        self._max_gap_frames = max(1, round(max_gap_s * frame_hz))
        self._origin_s: float | None = origin_s
        self._last_t_s = -np.inf
        self._has_gyro: bool | None = None
        # The open slot: its index and its samples so far.
        self._open_k = 0
        self._open_values = np.zeros((0, 6))
        # The last frame given out: its slot, to tell a gap before the next batch.
        self._last_k: int | None = None

    def push(
        self, t_s: npt.ArrayLike, acc_g: npt.ArrayLike, gyro_dps: npt.ArrayLike | None = None
    ) -> Frames:
        """Add a batch (times in seconds, ascending; acc in g, shape (n, 3)); return the frames
        completed by it. The last slot stays open until a later sample or :meth:`flush`."""
        t = np.asarray(t_s, dtype=np.float64).reshape(-1)
        acc = np.asarray(acc_g, dtype=np.float64).reshape(-1, 3)
        if len(acc) != len(t):
            raise ValueError(f"{len(t)} times but {len(acc)} acceleration samples")
        has_gyro = gyro_dps is not None
        if self._has_gyro is None:
            self._has_gyro = has_gyro
        elif self._has_gyro != has_gyro:
            raise ValueError("gyro samples must come with every batch or with none")
        values = acc
        if gyro_dps is not None:
            gyro = np.asarray(gyro_dps, dtype=np.float64).reshape(-1, 3)
            if len(gyro) != len(t):
                raise ValueError(f"{len(t)} times but {len(gyro)} gyro samples")
            values = np.hstack([acc, gyro])
        if len(t) == 0:
            return self._empty()
        if t[0] < self._last_t_s or np.any(np.diff(t) < 0):
            raise ValueError("sample times must not go backwards")
        self._last_t_s = float(t[-1])
        # Not measurements, and left out (a short run is filled, a long one is a gap): a value
        # that is not a number, and an acceleration of exactly zero on every axis, which no
        # accelerometer on a person reads (even falling, its noise is not zero).
        measured = np.isfinite(values).all(axis=1) & (acc != 0.0).any(axis=1)
        if not measured.all():
            t, values = t[measured], values[measured]
            if len(t) == 0:
                return self._empty()
        if self._origin_s is None:
            self._origin_s = float(t[0])
        k = np.floor((t - self._origin_s) * self.frame_hz + 0.5 + SLOT_EDGE).astype(np.int64)
        width = values.shape[1]
        if len(self._open_values):
            # The open slot's samples go in again, in order, so a frame's sum is the same
            # whatever the batches were.
            values = np.vstack([self._open_values[:, :width], values])
            k = np.concatenate([np.full(len(self._open_values), self._open_k), k])
        first = int(k[0])
        span = int(k[-1]) - first + 1
        sums = np.empty((span, width))
        for column in range(width):
            sums[:, column] = np.bincount(k - first, weights=values[:, column], minlength=span)
        counts = np.bincount(k - first, minlength=span).astype(np.float64)
        # The last slot stays open; it is present, so every run of empty slots before it is
        # closed and its length known.
        first_samples = None
        if np.count_nonzero(counts) < span:  # a run to fill: it ends at the first sample after
            starts = np.flatnonzero(np.diff(k, prepend=first - 1))  # each slot's first sample
            first_samples = np.zeros((span, width))
            first_samples[k[starts] - first] = values[starts]
        frames = self._emit(first, sums, counts, len(counts) - 1, first_samples)
        self._open_k = int(k[-1])
        self._open_values = values[k == self._open_k]
        return frames

    def flush(self) -> Frames:
        """Close the open slot (at the end of a recording)."""
        if not len(self._open_values):
            return self._empty()
        values = self._open_values
        sums = values.sum(axis=0, keepdims=True)
        frames = self._emit(self._open_k, sums, np.array([float(len(values))]), 1)
        self._open_k += 1
        self._open_values = np.zeros((0, 6))
        return frames

    def _emit(
        self,
        first_k: int,
        sums: Array,
        counts: Array,
        n_emit: int,
        first_samples: Array | None = None,
    ) -> Frames:
        """Frames for the first ``n_emit`` slots from ``first_k``; the last slot is present.
        ``first_samples``: each present slot's first sample, needed when a slot is empty."""
        if n_emit == 0:
            return self._empty()
        width = sums.shape[1]
        span = len(counts)
        index = np.arange(span)
        ks = first_k + index
        present = counts > 0
        means = np.zeros_like(sums)
        means[present] = sums[present] / counts[present, None]
        # For every slot: the nearest present slot at or before it, and at or after it. The
        # first slot is always present (a push's first sample, or the slot it left open), so
        # every run of empty slots lies between two present ones of this span.
        before = np.maximum.accumulate(np.where(present, index, -1))
        after = np.minimum.accumulate(np.where(present, index, span)[::-1])[::-1]
        run = after - before - 1
        fill = ~present & (run <= self._max_gap_frames)
        empty = np.flatnonzero(fill)
        if len(empty):  # a sensor at 200 Hz leaves none, batch after batch
            # Both ends of every run are known (it is closed), so a line adds no delay: it
            # ends at the first sample after the run, not at that slot's frame, which may
            # still be open and change with the next batch.
            start, end = before[empty], after[empty]
            share = (empty - start) / (end - start)
            share[run[empty] < LINE_FROM_SLOTS] = 0.0
            assert first_samples is not None  # only a push's span has an empty slot
            from_value, to_value = means[start], first_samples[end]
            means[empty] = from_value + share[:, None] * (to_value - from_value)
        # A present slot follows a gap when the run of empty slots just before it was long
        # (for the first, since the last frame given out, in an earlier batch).
        carried_k = self._last_k if self._last_k is not None else first_k - 1
        previous_k = np.concatenate(([carried_k], ks[before[:-1]]))
        gap_before = present & (ks - previous_k - 1 > self._max_gap_frames)
        if self._last_k is None:
            gap_before[0] = False
        keep = (present | fill)[:n_emit]
        self._last_k = int(ks[before[n_emit - 1]])
        origin = self._origin_s if self._origin_s is not None else 0.0
        rows = means[:n_emit][keep]
        return Frames(
            t_s=origin + ks[:n_emit][keep] / self.frame_hz,
            acc_g=rows[:, :3],
            gyro_dps=rows[:, 3:6] if width == 6 else None,
            gap_before=gap_before[:n_emit][keep],
        )

    def _empty(self) -> Frames:
        return Frames(
            t_s=np.zeros(0),
            acc_g=np.zeros((0, 3)),
            gyro_dps=np.zeros((0, 3)) if self._has_gyro else None,
            gap_before=np.zeros(0, dtype=bool),
        )
