"""Raw accelerometer samples packed compactly for storage, and unpacked exactly.

A chunk holds about a second of one device's 3-axis samples. Its blob (encoding
``ENCODING``) is zlib over three little-endian sections:

- the sample times, as int32 microsecond steps from the chunk's first sample (0 first);
- x, then y, then z (planar), each as int16 steps from the previous sample of that axis,
  wrapping modulo 2**16, so any int16 series round-trips exactly.

A resting or slowly moving trunk changes by a few mG per sample at 200 Hz, so the steps
are small and repeat, which zlib packs tightly: a 200 Hz stream costs 0.7 MB an hour lying
still and about 3 MB an hour with 30 mG of noise on every axis (raw int16 alone would be
4.3 MB, readable rows ten times that). Times come back to the microsecond, values exactly.
Pure: no I/O, no state outside the ``AccChunker``.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from sensors.readings import AccelerationBatch

__all__ = [
    "ENCODING",
    "GAP_S",
    "AccChunker",
    "AccColumns",
    "PackedChunk",
    "acc_columns",
    "pack_acc",
    "unpack_acc",
]

ENCODING = "acc-dt_us-i32-xyz_step-i16-zlib"
US_PER_S = 1_000_000
_INT16_SPAN = 1 << 16
_ZLIB_LEVEL = 6
_SWAP = sys.byteorder != "little"
if array("i").itemsize != 4 or array("h").itemsize != 2:
    raise ImportError("sensors.packing needs 32-bit 'i' and 16-bit 'h' arrays")


@dataclass(frozen=True, slots=True)
class PackedChunk:
    """One stored chunk: the first sample's time, the nominal rate, and the packed blob."""

    device: str
    t0_s: float  # the first sample, on the caller's clock (e.g. seconds since session start)
    rate_hz: float
    count: int
    encoding: str
    data: bytes


def pack_acc(
    device: str,
    t_s: Sequence[float],
    acc_mg: Sequence[tuple[int, int, int]],
    rate_hz: float,
) -> PackedChunk:
    """Pack samples (times ascending, int16 milli-g values) into one chunk."""
    count = len(acc_mg)
    if count == 0 or len(t_s) != count:
        raise ValueError(f"{len(t_s)} times for {count} samples; need as many, at least one")
    t0_s = t_s[0]
    offsets_us = [round((t - t0_s) * US_PER_S) for t in t_s]
    time_steps = array("i", (b - a for a, b in zip([0, *offsets_us], offsets_us, strict=False)))
    axes = array("h")
    for axis in range(3):
        previous = 0
        for sample in acc_mg:
            value = sample[axis]
            if not -0x8000 <= value <= 0x7FFF:
                raise ValueError(f"{value} mG does not fit 16 bits")
            axes.append(_wrap_int16(value - previous))
            previous = value
    raw = _little_endian(time_steps) + _little_endian(axes)
    return PackedChunk(device, t0_s, rate_hz, count, ENCODING, zlib.compress(raw, _ZLIB_LEVEL))


@dataclass(frozen=True, slots=True)
class AccColumns:
    """A chunk's samples as columns: each sample's time as microseconds after the chunk's
    first (its time in seconds is ``time_s(i)``), and x, y, z in milli-g."""

    t0_s: float
    offsets_us: list[int]
    x_mg: list[int]
    y_mg: list[int]
    z_mg: list[int]

    def time_s(self, index: int) -> float:
        """The time of sample ``index``, to the microsecond, as ``unpack_acc`` gives it."""
        return self.t0_s + self.offsets_us[index] / US_PER_S

    def time_span_s(self) -> tuple[float, float]:
        """The earliest and latest sample times (a chunk's times may step back a little)."""
        return (
            self.t0_s + min(self.offsets_us) / US_PER_S,
            self.t0_s + max(self.offsets_us) / US_PER_S,
        )

    def only(self, indices: Sequence[int]) -> AccColumns:
        """The samples at ``indices``, in that order."""
        return AccColumns(
            self.t0_s,
            [self.offsets_us[i] for i in indices],
            [self.x_mg[i] for i in indices],
            [self.y_mg[i] for i in indices],
            [self.z_mg[i] for i in indices],
        )


def acc_columns(chunk: PackedChunk, *, values: bool = True) -> AccColumns:
    """A chunk's samples as columns (``unpack_acc`` without a tuple per sample: a reader
    that keeps few of them looks at whole columns at a time). Without ``values`` only the
    times are unpacked (x, y and z are left empty): enough to count samples in a span."""
    if chunk.encoding != ENCODING:
        raise ValueError(f"unknown chunk encoding {chunk.encoding!r}")
    raw = zlib.decompress(chunk.data)
    count = chunk.count
    if len(raw) != count * (4 + 3 * 2):
        raise ValueError(f"a chunk of {count} samples cannot hold {len(raw)} bytes")
    offsets_us = list(accumulate(_from_little_endian("i", raw[: 4 * count])))
    if not values:
        return AccColumns(chunk.t0_s, offsets_us, [], [], [])
    steps = _from_little_endian("h", raw[4 * count :])
    x_mg, y_mg, z_mg = (
        _int16_running_sum(steps[axis * count : (axis + 1) * count]) for axis in range(3)
    )
    return AccColumns(chunk.t0_s, offsets_us, x_mg, y_mg, z_mg)


def unpack_acc(
    chunk: PackedChunk,
) -> tuple[tuple[float, ...], tuple[tuple[int, int, int], ...]]:
    """The sample times and values a chunk was packed from (times to the microsecond)."""
    columns = acc_columns(chunk)
    times = tuple(chunk.t0_s + offset_us / US_PER_S for offset_us in columns.offsets_us)
    return times, tuple(zip(columns.x_mg, columns.y_mg, columns.z_mg, strict=True))


def _int16_running_sum(steps: array[int]) -> list[int]:
    """The values int16 steps add up to, wrapping modulo 2**16 as they were packed (a sum
    that never leaves int16 wraps nowhere, so the usual case needs no step by step)."""
    sums = list(accumulate(steps))
    if sums and (min(sums) < -0x8000 or max(sums) > 0x7FFF):
        return [_wrap_int16(value) for value in sums]
    return sums


GAP_S = 1.0
"""Samples further apart than this (either way: a reconnection can map a device's clock
behind) go into separate chunks. A chunk's time steps are 32-bit microseconds (±2,147 s),
so a device silent for half an hour must never share a chunk across its silence."""


class AccChunker:
    """Collects one device's accelerometer batches into chunks of about ``chunk_s``.

    ``origin_s`` is subtracted from every time (e.g. the monotonic time a session started),
    so chunks carry session-relative times. A new chunk starts at a new rate and across a
    gap of more than ``gap_s``. Nothing is ever dropped: ``flush`` returns the last, partial
    chunk.
    """

    def __init__(
        self,
        device: str,
        *,
        origin_s: float = 0.0,
        chunk_s: float = 1.0,
        gap_s: float = GAP_S,
    ) -> None:
        if not (0 < chunk_s < 1000 and 0 < gap_s < 1000):
            raise ValueError(f"{chunk_s} s chunks split at {gap_s} s gaps overflow the time steps")
        self.device = device
        self.origin_s = origin_s
        self.chunk_s = chunk_s
        self.gap_s = gap_s
        self._times: list[float] = []
        self._samples: list[tuple[int, int, int]] = []
        self._rate_hz = 0.0

    def push(self, batch: AccelerationBatch) -> list[PackedChunk]:
        """Add a batch; the chunks it completes. A batch that cannot be stored (a value
        beyond 16 bits) raises ValueError and leaves what was collected as it was."""
        for sample in batch.acc_mg:
            for value in sample:
                if not -0x8000 <= value <= 0x7FFF:
                    raise ValueError(f"{value} mG does not fit 16 bits")
        if not batch.acc_mg:
            return []
        first_s = batch.t_s[0] - self.origin_s
        apart = bool(self._times) and abs(first_s - self._times[-1]) > self.gap_s
        done = self.flush() if apart or batch.rate_hz != self._rate_hz else []
        self._rate_hz = batch.rate_hz
        self._times.extend(t - self.origin_s for t in batch.t_s)
        self._samples.extend(batch.acc_mg)
        if self._times and self._times[-1] - self._times[0] >= self.chunk_s:
            done.extend(self.flush())
        return done

    def flush(self) -> list[PackedChunk]:
        if not self._samples:
            return []
        chunk = pack_acc(self.device, self._times, self._samples, self._rate_hz)
        self._times, self._samples = [], []
        return [chunk]


def _wrap_int16(value: int) -> int:
    return (value + 0x8000) % _INT16_SPAN - 0x8000


def _little_endian(values: array[int]) -> bytes:
    if _SWAP:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_little_endian(typecode: str, data: bytes) -> array[int]:
    values = array(typecode)
    values.frombytes(data)
    if _SWAP:
        values.byteswap()
    return values
