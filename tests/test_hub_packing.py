"""Raw streams packed for storage, and a recording's tally of what came and what did not."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensors.emulation.motion import lying_still
from sensors.hub import DeviceCounters, DeviceStateChanged, Gap
from sensors.packing import ENCODING, AccChunker, PackedChunk, pack_acc, unpack_acc
from sensors.readings import AccelerationBatch, BatteryReading, HeartRateReading
from sensors.recording import Recording

int16 = st.integers(min_value=-0x8000, max_value=0x7FFF)


@given(
    st.lists(st.tuples(int16, int16, int16), min_size=1, max_size=300),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.lists(st.floats(min_value=0, max_value=0.5), min_size=300, max_size=300),
)
def test_any_int16_samples_and_times_come_back_exactly(
    samples: list[tuple[int, int, int]], t0_s: float, steps_s: list[float]
) -> None:
    times = [t0_s]
    for step in steps_s[: len(samples) - 1]:
        times.append(times[-1] + step)
    chunk = pack_acc("dev", times, samples, 200.0)
    back_times, back_samples = unpack_acc(chunk)
    assert back_samples == tuple(samples)
    assert chunk.count == len(samples)
    assert chunk.t0_s == t0_s
    assert all(abs(a - b) <= 0.6e-6 + 1e-9 * abs(a) for a, b in zip(back_times, times, strict=True))


def test_a_200_hz_stream_costs_well_under_10_mb_an_hour() -> None:
    motion = lying_still()
    noise = random.Random(7)
    chunker = AccChunker("dev")
    chunks: list[PackedChunk] = []
    rate_hz, frame = 200, 20
    for index in range(0, 60 * rate_hz, frame):  # one minute, in 20-sample frames
        times = tuple((index + i) / rate_hz for i in range(frame))
        samples = tuple(tuple(round(v + noise.gauss(0, 10)) for v in motion(t)) for t in times)
        chunks += chunker.push(AccelerationBatch("dev", times, samples, rate_hz))  # type: ignore[arg-type]
    chunks += chunker.flush()
    assert sum(c.count for c in chunks) == 60 * rate_hz
    bytes_per_hour = 60 * sum(len(c.data) for c in chunks)
    assert bytes_per_hour < 4_000_000  # 10 mG of noise on every axis: still under 4 MB/h


def test_the_chunker_cuts_about_every_second_and_keeps_every_sample() -> None:
    chunker = AccChunker("dev", origin_s=100.0, chunk_s=1.0)
    chunks: list[PackedChunk] = []
    samples_in: list[tuple[int, int, int]] = []
    for frame in range(26):  # 2.6 s at 200 Hz
        times = tuple(100.0 + (frame * 20 + i) / 200 for i in range(20))
        samples = tuple((frame, i, -i) for i in range(20))
        samples_in.extend(samples)
        chunks += chunker.push(AccelerationBatch("dev", times, samples, 200.0))
    assert [c.count for c in chunks] == [220, 220]
    chunks += chunker.flush()
    assert [c.count for c in chunks] == [220, 220, 80]
    assert chunker.flush() == []
    assert [c.t0_s for c in chunks] == pytest.approx([0.0, 1.1, 2.2])
    assert [s for c in chunks for s in unpack_acc(c)[1]] == samples_in
    assert all(c.encoding == ENCODING and c.device == "dev" for c in chunks)


def test_a_new_rate_starts_a_new_chunk() -> None:
    chunker = AccChunker("dev")
    assert chunker.push(AccelerationBatch("dev", (0.0, 0.01), ((1, 1, 1),) * 2, 100.0)) == []
    (done,) = chunker.push(AccelerationBatch("dev", (0.02,), ((2, 2, 2),), 50.0))
    assert (done.count, done.rate_hz) == (2, 100.0)
    (rest,) = chunker.flush()
    assert (rest.count, rest.rate_hz) == (1, 50.0)


def test_a_chunk_that_does_not_add_up_is_refused() -> None:
    chunk = pack_acc("dev", [0.0, 0.005], [(1, 2, 3), (4, 5, 6)], 200.0)
    with pytest.raises(ValueError, match="cannot hold"):
        unpack_acc(PackedChunk("dev", 0.0, 200.0, 3, ENCODING, chunk.data))
    with pytest.raises(ValueError, match="unknown chunk encoding"):
        unpack_acc(PackedChunk("dev", 0.0, 200.0, 2, "csv", chunk.data))
    with pytest.raises(ValueError, match="does not fit 16 bits"):
        pack_acc("dev", [0.0], [(40_000, 0, 0)], 200.0)


class Rows:
    """A recording's storage, kept in lists (what the session writer would buffer)."""

    def __init__(self) -> None:
        self.devices: list[tuple[str, str, str | None, int | None]] = []
        self.heart: list[tuple[str, float, int, tuple[float, ...], bool | None]] = []
        self.chunks: list[tuple[str, PackedChunk]] = []  # stream, chunk

    def device(self, address: str, kind: str, name: str | None, battery: int | None) -> None:
        self.devices.append((address, kind, name, battery))

    def heart_rate(
        self, device: str, t_s: float, bpm: int, rr: tuple[float, ...], contact: bool | None
    ) -> None:
        self.heart.append((device, t_s, bpm, rr, contact))

    def stream_chunk(
        self,
        device: str,
        stream: str,
        t0_s: float,
        rate_hz: float,
        count: int,
        encoding: str,
        data: bytes,
    ) -> None:
        self.chunks.append((stream, PackedChunk(device, t0_s, rate_hz, count, encoding, data)))


def test_a_recordings_heart_rate_figures_leave_out_readings_without_skin_contact() -> None:
    """Every reading is counted and kept; the figures are of those that are a heart rate,
    as the log's are (``lumbar record`` prints them and points to ``lumbar log show``)."""
    rows = Rows()
    recording = Recording(origin_s=0.0, sink=rows)
    recording.add(DeviceStateChanged("S", "Strap", "generic-hr", "connected", "", 0.0))
    for second, (bpm, contact) in enumerate([(80, True), (150, False), (0, False), (90, True)]):
        recording.add(HeartRateReading("S", 1.0 + second, bpm, (700.0,), contact, None))
    (summary,) = recording.finish({})
    assert summary.heart_rate is not None
    assert summary.heart_rate.readings == 4
    assert summary.heart_rate.without_heart_rate == 2
    assert summary.heart_rate.rr_intervals == 2  # as the RR export counts them
    assert (summary.heart_rate.min_bpm, summary.heart_rate.max_bpm) == (80, 90)
    assert summary.heart_rate.mean_bpm == pytest.approx(85.0)
    assert len(rows.heart) == 4


def test_a_recording_tallies_streams_and_hands_on_every_row() -> None:
    rows = Rows()
    recording = Recording(origin_s=50.0, sink=rows)
    recording.add(DeviceStateChanged("H", "Polar H10 1", "polar-h10", "connected", "", 50.0))
    recording.add(BatteryReading("H", 50.1, 80))
    for second, bpm in enumerate((64, 70, 67)):
        recording.add(HeartRateReading("H", 51.0 + second, bpm, (900.0,), True, None))
    for frame in range(10):  # 1 s at 200 Hz, then 0.5 s lost, then 0.5 s more
        start = frame * 20 + (100 if frame >= 5 else 0)
        times = tuple(50.0 + (start + i) / 200 for i in range(20))
        recording.add(AccelerationBatch("H", times, ((0, 0, 1000),) * 20, 200.0))
    recording.add(Gap("H", 50.5, 51.0, "link lost"))
    counters = {
        "H": DeviceCounters(
            "H", "Polar H10 1", "polar-h10", "connected", {"acc": 10}, {"hr": 1}, 1, 1
        )
    }
    (summary,) = recording.finish(counters)
    assert summary.heart_rate is not None
    assert summary.acc is not None
    assert (summary.heart_rate.min_bpm, summary.heart_rate.max_bpm) == (64, 70)
    assert summary.heart_rate.mean_bpm == pytest.approx(67.0)
    assert summary.heart_rate.rate_hz == pytest.approx(1.0)
    assert summary.acc.samples == 200
    assert summary.acc.missing_samples == 100
    assert summary.battery_percent == 80
    assert summary.gaps == (Gap("H", 50.5, 51.0, "link lost"),)
    assert (summary.malformed, summary.reconnects) == ({"hr": 1}, 1)
    assert rows.devices == [
        ("H", "polar-h10", "Polar H10 1", None),
        ("H", "polar-h10", "Polar H10 1", 80),
    ]
    assert [(t, bpm) for _, t, bpm, _, _ in rows.heart] == [(1.0, 64), (2.0, 70), (3.0, 67)]
    assert [s for _, chunk in rows.chunks for s in unpack_acc(chunk)[1]] == [(0, 0, 1000)] * 200
    assert {stream for stream, _ in rows.chunks} == {"acc"}
    assert rows.chunks[0][1].t0_s == pytest.approx(0.0)


def test_a_gap_either_way_starts_a_new_chunk() -> None:
    chunker = AccChunker("dev")
    assert chunker.push(AccelerationBatch("dev", (10.0, 10.005), ((1, 1, 1),) * 2, 200.0)) == []
    (before_gap,) = chunker.push(AccelerationBatch("dev", (11.5,), ((2, 2, 2),), 200.0))
    assert (before_gap.t0_s, before_gap.count) == (10.0, 2)
    (after_gap,) = chunker.push(AccelerationBatch("dev", (9.0,), ((3, 3, 3),), 200.0))
    assert (after_gap.t0_s, after_gap.count) == (11.5, 1)  # mapped behind: a new chunk too


def test_a_device_silent_for_an_hour_does_not_overflow_a_recording() -> None:
    """The pipeline `lumbar record` and a session share: time steps are 32-bit microseconds,
    so one chunk across 36 minutes of silence used to raise OverflowError."""
    chunks: list[tuple[float, int]] = []

    class Sink:
        def device(self, *args: object) -> None:
            pass

        def heart_rate(self, *args: object) -> None:
            pass

        def stream_chunk(self, device: str, stream: str, t0_s: float, rate_hz: float,
                         count: int, encoding: str, data: bytes) -> None:  # fmt: skip
            chunks.append((t0_s, count))

    recording = Recording(0.0, sink=Sink())
    recording.add(AccelerationBatch("dev", (0.0, 0.005), ((1, 2, 3),) * 2, 200.0))
    recording.add(AccelerationBatch("dev", (3600.0, 3600.005), ((1, 2, 3),) * 2, 200.0))
    recording.finish({})
    assert chunks == [(0.0, 2), (3600.0, 2)]
