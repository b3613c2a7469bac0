"""The sensor hub against emulated devices, through bleak: streams, drops, faults, late devices.

No part of the hub is replaced: the faults are the emulated devices' own (a lost link, a
silent strap, malformed packets, a slow connection), and what the test sees is what the
app would see on ``hub.events()``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from typing import Any

from bleak.backends.scanner import BaseBleakScanner
from bleak.exc import BleakBluetoothNotAvailableError, BleakBluetoothNotAvailableReason
from sensors_fixtures import FAST, H10, STRAP, EventLog, emulated

from sensors.backend import Transport
from sensors.hub import (
    DeviceInformation,
    DeviceStateChanged,
    Gap,
    HubSettings,
    SensorHub,
    SensorsUnavailable,
)
from sensors.readings import AccelerationBatch, BatteryReading, HeartRateReading


def states(log: EventLog, device: str) -> list[tuple[str, str]]:
    return [(e.state, e.reason) for e in log.of(DeviceStateChanged, device)]


def acc_samples(log: EventLog) -> list[tuple[float, tuple[int, int, int]]]:
    return [
        (t, sample)
        for batch in log.of(AccelerationBatch, H10)
        for t, sample in zip(batch.t_s, batch.acc_mg, strict=True)
    ]


async def test_the_hub_streams_heart_rate_rr_and_200_hz_acc_without_losing_a_sample() -> None:
    async with emulated("h10", "strap") as transport:
        h10 = transport.emulator["h10"]
        hub = SensorHub(transport, FAST)
        async with hub:
            hub.want_all()
            log = EventLog(hub)
            await log.state(H10, "connected")
            await log.state(STRAP, "connected")
            await log.until(
                lambda: (
                    len(acc_samples(log)) >= 400
                    and all(len(log.of(HeartRateReading, d)) >= 2 for d in (H10, STRAP))
                ),
                "two seconds of ACC and two heart rates from each",
            )
        await log.closed()
    samples = acc_samples(log)
    times = [t for t, _ in samples]
    # Sample count matches rate × time within one frame (36 samples at 200 Hz).
    span_s = times[-1] - times[0]
    assert abs(len(samples) - (span_s * 200 + 1)) <= 36
    assert len(samples) >= 400
    assert all(b > a for a, b in itertools.pairwise(times))
    assert len(samples) == h10.samples_sent  # the stop at the end lost nothing either
    assert all(abs(z - 1000) < 30 for _, (_, _, z) in samples)  # lying still on the back
    for device in (H10, STRAP):
        heart = log.of(HeartRateReading, device)
        assert len(heart) >= 2
        assert all(60 <= r.heart_rate_bpm <= 120 for r in heart)
        # An H10 says nothing of skin contact; the generic strap says it has it.
        assert {r.contact_detected for r in heart} == {None if device == H10 else True}
        assert sum(len(r.rr_intervals_ms) for r in heart) >= 1
        assert [s for s, _ in states(log, device)] == ["connecting", "connected", "disconnected"]
        assert log.of(Gap, device) == []
    (information,) = log.of(DeviceInformation, H10)
    assert ("manufacturer_name", "Polar Electro Oy") in information.fields
    counters = hub.counters()
    assert counters[H10].malformed == {}
    assert counters[H10].packets["acc"] == h10.sent["acc"]


async def test_a_lost_link_is_reconnected_by_itself_and_the_gap_reported() -> None:
    async with emulated("h10") as transport:
        h10 = transport.emulator["h10"]
        hub = SensorHub(transport, FAST)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            await log.wait_for(lambda e: isinstance(e, AccelerationBatch))
            await h10.drop_link(off_air_s=0.3)
            lost = await log.state(H10, "reconnecting")
            await log.state(H10, "connected", after=log.events.index(lost))
            gap = await log.wait_for(lambda e: isinstance(e, Gap))
            after_gap = await log.wait_for(
                lambda e: isinstance(e, AccelerationBatch), after=log.events.index(gap)
            )
        await log.closed()
    assert lost.reason == "link lost"
    assert isinstance(gap, Gap)
    assert gap.reason == "link lost"
    assert 0.3 < gap.duration_s < 2.0
    assert isinstance(after_gap, AccelerationBatch)
    assert after_gap.t_s[-1] >= gap.start_s
    counters = hub.counters()[H10]
    assert (counters.gaps, counters.reconnects) == (1, 1)


async def test_a_device_switched_on_after_the_hub_started_is_picked_up() -> None:
    async with emulated("h10", "strap", switched_on=False) as transport:
        emulator = transport.emulator
        await emulator["h10"].switch_on()
        hub = SensorHub(transport, FAST)
        async with hub:
            hub.want_kind("generic-hr")
            hub.want(H10)
            log = EventLog(hub)
            await log.state(H10, "connected")
            on_s = time.monotonic()
            await emulator["strap"].switch_on()
            await log.state(STRAP, "connected")
            await log.wait_for(lambda e: isinstance(e, HeartRateReading) and e.device == STRAP)
        await log.closed()
    # Nothing of the strap before it was switched on: it was picked up when it came.
    assert min(e.t_s for e in log.of(DeviceStateChanged, STRAP)) >= on_s


async def test_garbage_is_counted_per_stream_and_the_streams_carry_on() -> None:
    async with emulated("h10") as transport:
        h10 = transport.emulator["h10"]
        hub = SensorHub(transport, FAST)
        async with hub:
            hub.want_all()
            log = EventLog(hub)
            await log.wait_for(lambda e: isinstance(e, AccelerationBatch))
            assert await h10.send_garbage(3) == 6
            mark = len(log.events)
            await log.wait_for(lambda e: isinstance(e, AccelerationBatch), after=mark)
            await log.wait_for(lambda e: isinstance(e, HeartRateReading), after=mark)
            counters = hub.counters()[H10]
        await log.closed()
    assert counters.malformed == {"hr": 3, "acc": 3}
    assert counters.state == "connected"
    assert [s for s, _ in states(log, H10)] == ["connecting", "connected", "disconnected"]


async def test_a_silent_device_is_disconnected_and_reconnected() -> None:
    async with emulated("h10") as transport:
        h10 = transport.emulator["h10"]
        hub = SensorHub(transport, FAST)  # silence_timeout_s=1.0
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            await log.wait_for(lambda e: isinstance(e, AccelerationBatch))
            h10.silence(1.6)
            silent = await log.state(H10, "reconnecting")
            await log.state(H10, "connected", after=log.events.index(silent))
            gap = await log.wait_for(lambda e: isinstance(e, Gap))
        await log.closed()
    assert silent.reason.startswith("no data for")
    assert isinstance(gap, Gap)
    assert 1.5 < gap.duration_s < 3.0


async def test_a_slow_connection_times_out_is_retried_and_then_succeeds() -> None:
    async with emulated("strap") as transport:
        strap = transport.emulator["strap"]
        await strap.slow_connect(1.2)  # nothing on the air for 1.2 s
        settings = HubSettings(connect_timeout_s=0.3, backoff_first_s=0.05, backoff_max_s=0.2)
        hub = SensorHub(transport, settings)
        async with hub:
            # Known from an earlier scan: the hub must connect to it without seeing it now.
            hub.want(STRAP)
            log = EventLog(hub)
            hub.connect_known(STRAP, "generic-hr")
            await log.state(STRAP, "connected")
        await log.closed()
    # Never connected yet, so still "connecting", each retry saying why the last one failed.
    retries = [reason for state, reason in states(log, STRAP) if state == "connecting" and reason]
    assert retries
    assert all(r.startswith("could not connect") for r in retries)
    assert states(log, STRAP)[-2:] == [("connected", ""), ("disconnected", "")]


async def test_low_battery_is_read_on_connect_and_notified_while_connected() -> None:
    async with emulated("h10", "strap") as transport:
        emulator = transport.emulator
        await emulator["strap"].set_battery(6)  # read when the hub connects
        hub = SensorHub(transport, FAST)
        async with hub:
            hub.want_all()
            log = EventLog(hub)
            await log.state(H10, "connected")
            await log.state(STRAP, "connected")
            await emulator["h10"].set_battery(4)  # the H10 notifies its battery
            await log.wait_for(
                lambda e: isinstance(e, BatteryReading) and e.device == H10 and e.percent == 4
            )
        await log.closed()
    assert [r.percent for r in log.of(BatteryReading, STRAP)] == [6]
    assert [r.percent for r in log.of(BatteryReading, H10)] == [92, 4]


async def test_disconnects_we_ask_for_are_quiet_and_final() -> None:
    async with emulated("h10", "strap") as transport:
        emulator = transport.emulator
        hub = SensorHub(transport, FAST)
        async with hub:
            hub.want_all()
            log = EventLog(hub)
            await log.state(H10, "connected")
            await log.state(STRAP, "connected")
            await hub.release(H10)
            released = await log.state(H10, "disconnected")
            assert emulator["h10"].acc is None  # the PMD stream was stopped before hanging up
            # No reconnect while the strap goes on: two more heart rates from it, and the
            # H10 still off the link.
            await log.until(
                lambda: (
                    len([r for r in log.of(HeartRateReading, STRAP) if r.t_s > released.t_s]) >= 2
                ),
                "two more heart rates from the strap",
            )
            assert not emulator["h10"].connected
        await log.closed()
    assert states(log, H10) == [("connecting", ""), ("connected", ""), ("disconnected", "")]
    assert states(log, STRAP)[-1] == ("disconnected", "")
    assert log.of(Gap) == []


class NoAdapterScanner(BaseBleakScanner):
    """What bleak's BlueZ backend does on a machine without a Bluetooth adapter."""

    def __init__(self, callback: Any, service_uuids: Sequence[str] | None, *a: Any, **k: Any):
        super().__init__(callback, list(service_uuids) if service_uuids else None)

    async def start(self) -> None:
        raise BleakBluetoothNotAvailableError(
            "No Bluetooth adapters found.", BleakBluetoothNotAvailableReason.NO_BLUETOOTH
        )

    async def stop(self) -> None:
        return None


async def test_no_adapter_is_one_event_with_one_line_and_the_hub_carries_on() -> None:
    hub = SensorHub(Transport("Bluetooth", scanner_backend=NoAdapterScanner), FAST)
    async with hub:
        hub.want_all()
        log = EventLog(hub)
        event = await log.wait_for(lambda e: isinstance(e, SensorsUnavailable))
    await log.closed()
    assert isinstance(event, SensorsUnavailable)
    assert event.reason == (
        "no Bluetooth: No Bluetooth adapters found; lumbar carries on without sensors (try --demo)"
    )
    assert len(log.events) == 1
