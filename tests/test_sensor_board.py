"""The sensor board: hub events folded into what the sensors screen shows of each device."""

from __future__ import annotations

import math

from sensors.hub import (
    DeviceInformation,
    DeviceStateChanged,
    Gap,
    SensorsUnavailable,
    StreamResumed,
    StreamStopped,
)
from sensors.readings import AccelerationBatch, BatteryReading, HeartRateReading
from sensors.scan import FoundDevice
from tui.sensor_board import TRACE_HZ, SensorBoard

H10 = "C0:1A:2B:3C:4D:10"
STRAP = "C0:4F:2A:00:00:20"


def batch(samples: list[tuple[int, int, int]], rate_hz: float = 200.0) -> AccelerationBatch:
    return AccelerationBatch(
        H10, tuple(i / rate_hz for i in range(len(samples))), tuple(samples), rate_hz
    )


def connected(board: SensorBoard, address: str = H10, kind: str = "polar-h10") -> None:
    board.apply(DeviceStateChanged(address, None, kind, "connected", "", 1.0))


def test_the_trace_is_the_magnitude_averaged_down_to_the_display_rate() -> None:
    board = SensorBoard()
    connected(board)
    per_point = round(200 / TRACE_HZ)
    # Three-four-five: each sample's magnitude is exactly 500 or 1000 mg.
    board.apply(batch([(300, 400, 0)] * per_point + [(0, 600, 800)] * (per_point + 3)))
    assert board.trace_mg(H10) == [500.0, 1000.0]
    # The three samples left over are averaged with the next frame's, not dropped.
    board.apply(batch([(0, 0, 1000)] * (per_point - 3)))
    assert board.trace_mg(H10) == [500.0, 1000.0, 1000.0]
    # A new rate starts afresh: at 25 Hz every sample is a point.
    board.apply(batch([(0, 0, -2000), (0, 0, 20)], rate_hz=25.0))
    assert board.trace_mg(H10)[-2:] == [2000.0, 20.0]
    view = board.view(H10)
    assert view is not None
    assert view.acc_rate_hz == 25.0
    assert all(math.isfinite(p) for p in board.trace_mg(H10))


def test_heart_rate_battery_gaps_and_information_reach_the_view() -> None:
    board = SensorBoard()
    connected(board)
    board.apply(HeartRateReading(H10, 2.0, 71, (800.0, 810.0, 790.0), True, None))
    board.apply(HeartRateReading(H10, 3.0, 72, (805.0, 820.0), False, None))
    board.apply(BatteryReading(H10, 3.0, 9))
    board.apply(Gap(H10, 4.0, 5.25, "link lost"))
    board.apply(DeviceInformation(H10, 1.0, (("manufacturer_name", "Polar Electro Oy"),)))
    view = board.view(H10.lower())
    assert view is not None
    assert (view.heart_rate_bpm, view.contact_detected) == (72, False)
    assert view.rr_intervals_ms == (810.0, 790.0, 805.0, 820.0)  # the last four
    assert view.battery_percent == 9
    assert (view.gaps, view.last_gap_s, view.last_gap_reason) == (1, 1.25, "link lost")
    assert view.information == (("manufacturer_name", "Polar Electro Oy"),)
    assert view.active
    assert view.has_acc


def test_events_of_unknown_devices_or_none_are_ignored() -> None:
    board = SensorBoard()
    assert board.apply(HeartRateReading(STRAP, 1.0, 60, (), None, None)) is None
    assert board.apply(SensorsUnavailable("no Bluetooth", 1.0)) is None
    assert board.devices() == []


def test_heard_remembered_and_forgotten_devices() -> None:
    board = SensorBoard()
    board.remembered(H10, "polar-h10", "Polar H10 1A2B3C4D", True)
    board.heard(FoundDevice(STRAP, "HR Strap 4F2A", "generic-hr", "Heart-rate strap", -61))
    board.remembered(STRAP, "generic-hr", None, True)
    views = board.devices()
    assert [(v.address, v.remembered, v.rssi_dbm, v.state) for v in views] == [
        (H10, True, None, None),
        (STRAP, True, -61, None),
    ]
    assert not views[1].has_acc
    assert views[1].title == "HR Strap 4F2A"
    # Forgotten: the strap was heard, so it stays listed; the H10 was never seen, so it goes.
    board.remembered(STRAP, "generic-hr", None, False)
    board.remembered(H10, "polar-h10", None, False)
    assert [(v.address, v.remembered) for v in board.devices()] == [(STRAP, False)]


def test_a_stream_off_is_kept_until_it_resumes_or_the_device_goes() -> None:
    board = SensorBoard()
    connected(board)
    board.apply(StreamStopped(H10, None, "acc", "motion", "it is on its charger", True, 2.0))
    view = board.view(H10)
    assert view is not None
    assert view.motion_off == "it is on its charger; trying again"
    board.apply(StreamResumed(H10, None, "acc", "motion", 3.0))
    view = board.view(H10)
    assert view is not None
    assert view.motion_off is None
    board.apply(StreamStopped(H10, None, "acc", "motion", "it did not answer", False, 4.0))
    board.apply(DeviceStateChanged(H10, None, "polar-h10", "reconnecting", "link lost", 5.0))
    view = board.view(H10)
    assert view is not None
    assert view.streams_off == ()  # the next connection starts it afresh
