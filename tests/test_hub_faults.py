"""What a real Polar H10 does that a naive client does not survive, through bleak, against
the emulated strap. Each fault here made the hub of before drop the strap, heart rate and
all, or lose motion for good (each test was run against it and failed).

Where the real strap's behaviour comes from:

- a measurement keeps running until an app stops it, so the next start answers status 6,
  "already in state": polar-ble-sdk documentation/KnownIssues.md (Polar H10, issue 2),
  polar-ble-sdk issues #255, #186, #782, bleakheart issue #5;
- the control point's refusals: the status codes of Polar's PMD specification and of
  ``PmdControlPointResponse.PmdControlPointResponseCode`` in polar-ble-sdk;
- the strap stopping a stream itself, ``01`` + measurement types:
  ``BlePMDClient.processPmdCpCommand`` (ONLINE_MEASUREMENT_STOPPED) in polar-ble-sdk;
- Windows refusing writes to the PMD control point with Insufficient Authentication until
  the strap is paired: bleak issue #1943 (and btleplug issue #232);
- BlueZ forgetting an unpaired device unseen for ``TemporaryTimeout`` (30 s): BlueZ's
  main.conf; bleak then fails to connect with the old scanned object;
- the MTU: the PMD specification (p.7) asks for at least 232; an H10 refuses a start below
  about 70 bytes (polar-ble-sdk issue #55) and fills whatever MTU it has (#40, #659).

Time is kept short by the settings: a silence of 1.5 s stands for the real 5 s, and an
emulated adapter that forgets after 0.5 s for BlueZ's 30 s.
"""

from __future__ import annotations

import pytest
from bleak import BleakClient
from sensors_fixtures import H10, WAIT_S, EventLog, emulated

from sensors.emulation.polar_h10 import EmulatedPolarH10, Status
from sensors.hub import (
    DeviceStateChanged,
    HubSettings,
    SensorHub,
    StreamResumed,
    StreamStopped,
)
from sensors.pmd import (
    PMD_CONTROL_UUID,
    STATUS_TEXT,
    MeasurementType,
    OpCode,
    SettingType,
    start_request,
    stop_request,
)
from sensors.readings import AccelerationBatch, HeartRateReading
from sensors.transport import Transport

FAULTS = HubSettings(
    connect_timeout_s=1.0,
    response_timeout_s=0.5,
    silence_timeout_s=1.5,  # longer than the heart rate's 1 s: a live link stays up
    gap_after_s=1.5,
    backoff_first_s=0.05,
    backoff_max_s=0.3,
    stop_timeout_s=1.0,
    stream_retry_first_s=0.2,
    stream_retry_max_s=0.5,
    forget_after_s=0.3,
)
START = start_request(
    MeasurementType.ACC,
    {SettingType.SAMPLE_RATE: 200, SettingType.RESOLUTION: 16, SettingType.RANGE: 4},
)
STOP = stop_request(MeasurementType.ACC)


def h10_of(transport: Transport) -> EmulatedPolarH10:
    h10 = transport.emulator["h10"]
    assert isinstance(h10, EmulatedPolarH10)
    return h10


def ops(h10: EmulatedPolarH10) -> list[str]:
    """The control-point writes the strap took, as start/stop."""
    names = {OpCode.REQUEST_MEASUREMENT_START: "start", OpCode.STOP_MEASUREMENT: "stop"}
    return [names.get(OpCode(r[0]), r.hex()) for r in h10.control_requests]


def states(log: EventLog) -> list[str]:
    return [e.state for e in log.of(DeviceStateChanged, H10)]


async def acc_after(log: EventLog, t_s: float, timeout_s: float = WAIT_S) -> AccelerationBatch:
    batch = await log.wait_for(
        lambda e: isinstance(e, AccelerationBatch) and e.t_s[0] > t_s, timeout_s
    )
    assert isinstance(batch, AccelerationBatch)
    return batch


async def heart_rate_after(log: EventLog, t_s: float) -> HeartRateReading:
    reading = await log.wait_for(
        lambda e: isinstance(e, HeartRateReading) and e.device == H10 and e.t_s > t_s, WAIT_S
    )
    assert isinstance(reading, HeartRateReading)
    return reading


async def stopped(log: EventLog, after: int = 0, timeout_s: float = WAIT_S) -> StreamStopped:
    event = await log.wait_for(lambda e: isinstance(e, StreamStopped), timeout_s, after=after)
    assert isinstance(event, StreamStopped)
    return event


async def test_a_measurement_another_app_left_running_is_stopped_and_started_again() -> None:
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        # An app that starts the accelerometer and goes away without stopping it.
        other = BleakClient(H10, timeout=WAIT_S, **transport.client_kwargs())
        await other.connect()
        await other.start_notify(PMD_CONTROL_UUID, lambda _c, _d: None)
        await other.write_gatt_char(PMD_CONTROL_UUID, START, response=True)
        await other.disconnect()
        assert h10.acc is not None  # still measuring, for nobody
        h10.control_requests.clear()

        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            connected = await log.state(H10, "connected")
            await acc_after(log, connected.t_s)
            await heart_rate_after(log, connected.t_s)
        await log.closed()
    assert ops(h10)[:3] == ["start", "stop", "start"]  # 6, then a stop, then ours
    assert states(log) == ["connecting", "connected", "disconnected"]
    assert log.of(StreamStopped) == []


async def test_every_refusal_leaves_the_strap_connected_and_says_why() -> None:
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        hub = SensorHub(transport, FAULTS)
        seen: dict[int, StreamStopped] = {}
        async with hub:
            log = EventLog(hub)
            for status in range(1, 15):
                h10.refuse(status)
                mark = len(log.events)
                hub.want(H10)
                await log.state(H10, "connected", after=mark)
                seen[status] = await stopped(log, after=mark)
                await hub.release(H10)
            # Heart rate flows while motion is refused.
            h10.refuse(Status.DEVICE_IN_CHARGER)
            mark = len(log.events)
            hub.want(H10)
            connected = await log.state(H10, "connected", after=mark)
            await heart_rate_after(log, connected.t_s)
        await log.closed()
    assert "reconnecting" not in states(log)
    for status, event in seen.items():
        assert (event.device, event.stream, event.label) == (H10, "acc", "motion")
        assert f"({STATUS_TEXT[status]})" in event.reason
        # Busy, on the charger, or one running that would not stop: asked again later.
        assert event.retrying is (status in (6, 12, 13)), status
    assert seen[13].line == (
        "Polar H10 1A2B3C4D: motion is off (it refused: it is on its charger "
        "(device in charger)); trying again"
    )
    assert "this link's MTU is 232 bytes" in seen[10].reason


async def test_a_strap_taken_off_its_charger_starts_motion_again() -> None:
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        h10.refuse(Status.DEVICE_IN_CHARGER)
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            off = await stopped(log)
            h10.refuse(0)
            back = await log.wait_for(lambda e: isinstance(e, StreamResumed))
            await acc_after(log, off.t_s)
        await log.closed()
    assert isinstance(back, StreamResumed)
    assert back.line == "Polar H10 1A2B3C4D: motion is back"
    assert states(log) == ["connecting", "connected", "disconnected"]


async def test_a_dead_acc_stream_is_restarted_while_heart_rate_flows() -> None:
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            connected = await log.state(H10, "connected")
            await acc_after(log, connected.t_s)
            assert h10.mute_acc()
            off = await stopped(log)
            # Heart rate went on meanwhile, and motion came back on the same link.
            await heart_rate_after(log, off.t_s - 1.0)
            await acc_after(log, off.t_s)
            await log.wait_for(lambda e: isinstance(e, StreamResumed))
        await log.closed()
    assert off.reason == "no data for 1.5 s"
    assert off.retrying
    assert ops(h10) == ["start", "stop", "start", "stop"]  # restarted, then ours at the end
    assert states(log) == ["connecting", "connected", "disconnected"]  # never dropped


async def test_an_h10_with_its_z_axis_stuck_sends_the_end_of_its_range_for_good() -> None:
    """As polar-ble-sdk issue 634 reports of a real H10: x and y measure, z reads -2000 mG
    (its ±2 g range's end) whatever the motion. The link and the stream go on as ever."""
    from sensors.emulation.faults import apply_fault, parse_fault

    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            connected = await log.state(H10, "connected")
            before = await acc_after(log, connected.t_s)
            said = await apply_fault(parse_fault("h10 stuck-z"), h10)
            batches = [await acc_after(log, before.t_s[-1] + 0.5)]
            batches.append(await acc_after(log, batches[-1].t_s[-1]))
        await log.closed()
    assert said == "the accelerometer's z axis reads the end of its range from now on"
    assert len({z for _, _, z in before.acc_mg}) > 1
    # lumbar asks an H10 for ±4 g: the end of its range is -4000 mG.
    assert {z for batch in batches for _, _, z in batch.acc_mg} == {-4000}
    assert len({x for batch in batches for x, _, _ in batch.acc_mg}) > 1


async def test_the_strap_saying_it_stopped_motion_is_answered_by_a_restart() -> None:
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            connected = await log.state(H10, "connected")
            await acc_after(log, connected.t_s)
            assert await h10.stop_acc()  # indicates 01 02
            off = await stopped(log)  # at once, not after a silence: see its reason
            await acc_after(log, off.t_s)
            resumed = await log.wait_for(lambda e: isinstance(e, StreamResumed))
        await log.closed()
    assert off.reason == "the device stopped it"
    assert isinstance(resumed, StreamResumed)
    assert states(log) == ["connecting", "connected", "disconnected"]


async def test_a_strap_that_wants_pairing_is_paired_and_streams() -> None:
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        h10.require_pairing()
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            connected = await log.state(H10, "connected")
            await acc_after(log, connected.t_s)
        await log.closed()
    assert log.of(StreamStopped) == []
    assert ops(h10)[0] == "start"  # taken once the link was paired


async def test_a_strap_that_cannot_be_paired_gives_heart_rate_and_says_what_to_do() -> None:
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        h10.require_pairing(refuse=True)
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            connected = await log.state(H10, "connected")
            off = await stopped(log)
            await heart_rate_after(log, connected.t_s)
        await log.closed()
    assert not off.retrying
    assert "must be paired first" in off.reason
    assert "pair it in the system's Bluetooth settings, then connect again" in off.reason
    assert h10.control_requests == []  # no write ever got through
    assert "reconnecting" not in states(log)


async def test_a_strap_away_long_enough_for_bluez_to_forget_it_comes_back() -> None:
    """A 60 s absence, shortened: the emulated adapter forgets after 0.5 s, as BlueZ does
    after 30 s, and the old scanned object no longer connects."""
    async with emulated("h10", forget_after_s=0.5) as transport:
        h10 = h10_of(transport)
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)  # heard in the hub's scan: connected with the scanned object
            log = EventLog(hub)
            await log.state(H10, "connected")
            await h10.drop_link(off_air_s=1.0)  # twice as long as the adapter remembers it
            lost = await log.state(H10, "reconnecting")
            back = await log.state(H10, "connected", after=log.events.index(lost))
            await acc_after(log, back.t_s)
        await log.closed()
    assert back.t_s - lost.t_s > 0.5  # away longer than the adapter remembers it


async def test_a_small_mtu_turns_motion_off_and_a_smaller_one_than_232_still_streams() -> None:
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        h10.set_max_mtu(50)
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            connected = await log.state(H10, "connected")
            off = await stopped(log)
            await heart_rate_after(log, connected.t_s)
            await hub.release(H10)
            h10.set_max_mtu(100)  # above the strap's least: frames of 14 samples
            mark = len(log.events)
            hub.want(H10)
            again = await log.state(H10, "connected", after=mark)
            batch = await acc_after(log, again.t_s)
        await log.closed()
    assert off.reason == (
        "it refused: the Bluetooth link's packets are too small for it (invalid MTU); "
        "this link's MTU is 50 bytes"
    )
    assert not off.retrying
    assert len(batch.acc_mg) == (100 - 3 - 10) // 6


async def test_the_hub_stops_the_measurement_before_a_disconnect_of_its_own() -> None:
    """A silent strap is disconnected by the hub while the link is still up: a stop goes
    out first, so the strap is not left measuring and the next start is plain."""
    async with emulated("h10") as transport:
        h10 = h10_of(transport)
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            await log.state(H10, "connected")
            h10.silence(1.8)  # heart rate and motion: the whole strap
            lost = await log.state(H10, "reconnecting")
            back = await log.state(H10, "connected", after=log.events.index(lost))
            await acc_after(log, back.t_s)
        await log.closed()
    assert lost.reason.startswith("no data for")
    # Had the hub hung up on a running measurement, the next start would be answered so.
    already = bytes((0xF0, OpCode.REQUEST_MEASUREMENT_START, MeasurementType.ACC, 6))
    assert not any(answer.startswith(already) for answer in h10.control_answers)


async def test_frames_fill_the_mtu_as_the_strap_sends_them() -> None:
    async with emulated("h10") as transport:
        hub = SensorHub(transport, FAULTS)
        async with hub:
            hub.want(H10)
            log = EventLog(hub)
            connected = await log.state(H10, "connected")
            first = await acc_after(log, connected.t_s)
            second = await acc_after(log, first.t_s[-1])
        await log.closed()
    assert len(first.acc_mg) == len(second.acc_mg) == 36  # 226-byte frames at MTU 232
    assert second.t_s[-1] - first.t_s[-1] == pytest.approx(36 / 200, abs=0.01)  # 180 ms
