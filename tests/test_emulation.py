"""The emulated wearables through plain bleak: discovery, GATT, PMD, faults, the backend.

Every exchange is a real protocol event on Bumble's virtual radio: advertising, connection,
MTU exchange, discovery, CCCD writes, notifications and indications.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import math
import time
from typing import Any

import pytest
from bleak import BleakClient, BleakScanner
from bleak.backends.client import BaseBleakClient
from bleak.backends.scanner import BaseBleakScanner
from bleak.exc import BleakError, BleakGATTProtocolError
from bumble.gatt import Characteristic, CharacteristicValue, Service
from sensors_fixtures import H10, STRAP, WAIT_S, emulated, until

from sensors.backend import Transport
from sensors.emulation.backend import BumbleClient, BumbleScanner
from sensors.emulation.faults import apply_fault, parse_fault, parse_script, run_script
from sensors.emulation.hr_strap import EmulatedHeartRateStrap
from sensors.emulation.polar_h10 import EmulatedPolarH10, Status
from sensors.gatt import (
    BATTERY_LEVEL_UUID,
    DEVICE_INFORMATION_UUIDS,
    HEART_RATE_MEASUREMENT_UUID,
    parse_battery_level,
    parse_heart_rate,
)
from sensors.pmd import (
    PMD_CONTROL_UUID,
    PMD_DATA_UUID,
    ControlResponse,
    MeasurementType,
    SettingType,
    get_settings_request,
    parse_control_response,
    parse_data_frame,
    parse_features,
    start_request,
    stop_request,
)
from sensors.scan import scan

ACC_200 = {SettingType.SAMPLE_RATE: 200, SettingType.RESOLUTION: 16, SettingType.RANGE: 4}
START_ACC_200 = start_request(MeasurementType.ACC, ACC_200)


def client(transport: Transport, address: str, timeout_s: float = WAIT_S) -> BleakClient:
    return BleakClient(address, timeout=timeout_s, **transport.client_kwargs())


class ControlPoint:
    """Writes to the PMD control point and collects its indications."""

    def __init__(self, bleak: BleakClient) -> None:
        self.bleak = bleak
        self.answers: asyncio.Queue[ControlResponse] = asyncio.Queue()

    async def subscribe(self) -> None:
        await self.bleak.start_notify(
            PMD_CONTROL_UUID,
            lambda _c, data: self.answers.put_nowait(parse_control_response(bytes(data))),
        )

    async def ask(self, request: bytes) -> ControlResponse:
        await self.bleak.write_gatt_char(PMD_CONTROL_UUID, request, response=True)
        return await asyncio.wait_for(self.answers.get(), WAIT_S)


# -- the backend itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "ours"), [(BaseBleakScanner, BumbleScanner), (BaseBleakClient, BumbleClient)]
)
def test_the_backend_implements_every_abstract_method_of_this_bleak(
    base: type[Any], ours: type[Any]
) -> None:
    """A bleak upgrade that adds an abstract method must fail here, not in a user's hands."""
    assert base.__abstractmethods__, "bleak's base class has no abstract methods any more?"
    missing = sorted(name for name in base.__abstractmethods__ if name not in ours.__dict__)
    assert not missing, f"{ours.__name__} lacks {missing}"
    assert not ours.__abstractmethods__
    for name in base.__abstractmethods__:
        theirs, mine = inspect.getattr_static(base, name), inspect.getattr_static(ours, name)
        if isinstance(theirs, property):
            assert isinstance(mine, property), name
            continue
        assert inspect.iscoroutinefunction(mine) == inspect.iscoroutinefunction(theirs), name
        wanted = inspect.signature(theirs).parameters
        accepted = inspect.signature(mine).parameters
        takes_any_keyword = any(p.kind == p.VAR_KEYWORD for p in accepted.values())
        for parameter in wanted.values():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            assert parameter.name in accepted or takes_any_keyword, f"{name}({parameter.name})"


async def test_scanning_finds_the_h10_and_the_strap_with_their_kinds() -> None:
    async with emulated("h10", "strap") as transport:
        found = {d.address: d for d in await scan(transport, 0.3)}
    assert set(found) == {H10, STRAP}
    assert found[H10].kind == "polar-h10"
    assert found[H10].name == "Polar H10 1A2B3C4D"
    assert found[STRAP].kind == "generic-hr"
    assert all(d.rssi_dbm < 0 for d in found.values())


async def test_a_scanner_filtering_on_a_service_sees_only_devices_that_advertise_it() -> None:
    async with emulated("h10", "strap") as transport:
        pmd_only = await BleakScanner.discover(
            0.2, service_uuids=[PMD_CONTROL_UUID], **transport.scanner_kwargs()
        )
        heart_rate = await BleakScanner.discover(
            0.2,
            service_uuids=["0000180d-0000-1000-8000-00805f9b34fb"],
            **transport.scanner_kwargs(),
        )
    assert pmd_only == []  # the H10 advertises only the Heart Rate service, like the strap
    assert {d.address for d in heart_rate} == {H10, STRAP}


async def test_connecting_negotiates_the_h10s_mtu_and_discovers_its_services() -> None:
    async with emulated("h10", "strap") as transport:
        async with client(transport, STRAP) as strap:
            assert strap.mtu_size == 517  # what the central asks for, and a strap takes
        bleak = client(transport, H10)
        await bleak.connect()
        # The H10 takes 232 at most (the PMD spec's "minimum 232"): frames of 36 samples.
        assert bleak.mtu_size == 232
        services = {service.uuid for service in bleak.services}
        assert {
            "0000180d-0000-1000-8000-00805f9b34fb",
            "0000180f-0000-1000-8000-00805f9b34fb",
            "0000180a-0000-1000-8000-00805f9b34fb",
            "fb005c80-02e7-f387-1cad-8acd2d8df0c8",
        } <= services
        control = bleak.services.get_characteristic(PMD_CONTROL_UUID)
        assert control is not None
        assert set(control.properties) == {"read", "write", "indicate"}
        model = await bleak.read_gatt_char(DEVICE_INFORMATION_UUIDS["model_number"])
        assert bytes(model) == b"H10"
        assert parse_features(bytes(await bleak.read_gatt_char(PMD_CONTROL_UUID))) == {
            MeasurementType.ACC
        }
        await bleak.disconnect()


async def test_characteristic_properties_are_enforced_with_att_errors() -> None:
    async with emulated("strap") as transport, client(transport, STRAP) as bleak:
        with pytest.raises(BleakGATTProtocolError) as write:
            await bleak.write_gatt_char(BATTERY_LEVEL_UUID, b"\x05", response=True)
        assert write.value.code == 0x03  # write not permitted
        with pytest.raises(BleakGATTProtocolError) as read:
            await bleak.read_gatt_char(HEART_RATE_MEASUREMENT_UUID)
        assert read.value.code == 0x02  # read not permitted
        # The strap's battery cannot notify: no CCCD, so subscribing is an error, not silence.
        with pytest.raises(BleakError, match="CCCD"):
            await bleak.start_notify(BATTERY_LEVEL_UUID, lambda _c, _d: None)


async def test_heart_rate_comes_every_second_with_rr_intervals_that_agree_with_it() -> None:
    async with emulated("strap") as transport, client(transport, STRAP) as bleak:
        measurements = []
        arrived_s: list[float] = []

        def heard(_c: object, data: bytearray) -> None:
            measurements.append(parse_heart_rate(bytes(data)))
            arrived_s.append(time.monotonic())

        await bleak.start_notify(HEART_RATE_MEASUREMENT_UUID, heard)
        await until(lambda: len(measurements) >= 3, "three heart rates")
    assert [b - a for a, b in itertools.pairwise(arrived_s)] == pytest.approx([1.0, 1.0], abs=0.1)
    rr = [r for m in measurements for r in m.rr_intervals_ms]
    assert len(rr) >= 1  # about one beat a second at 60-70 bpm
    for m in measurements:
        assert m.contact_detected is True
        assert 60 <= m.heart_rate_bpm <= 120
    mean_rr_bpm = 60_000 / (sum(rr) / len(rr))
    mean_bpm = sum(m.heart_rate_bpm for m in measurements) / len(measurements)
    assert abs(mean_rr_bpm - mean_bpm) < 6


async def test_the_h10s_heart_rate_says_nothing_of_skin_contact_as_a_real_one() -> None:
    """A real H10 of today starts its measurements with flags 0x10 (RR present, neither
    contact bit set), where an H7 sends 0x16 (polar-ble-sdk issues #470, #691)."""
    async with emulated("h10") as transport, client(transport, H10) as bleak:
        flags: list[int] = []
        await bleak.start_notify(
            HEART_RATE_MEASUREMENT_UUID, lambda _c, data: flags.append(data[0])
        )
        await until(lambda: len(flags) >= 2, "two heart rates")
    assert all(f & 0b110 == 0 for f in flags), [hex(f) for f in flags]
    assert 0x10 in flags  # with RR intervals, 8-bit rate


async def test_a_strap_off_the_skin_says_so_and_repeats_its_last_rate_without_beats() -> None:
    """As an H7-class strap does (polar-ble-sdk issue #83): contact "not detected", the last
    rate again every second, no RR interval; worn again, it measures again."""
    async with emulated("strap") as transport, client(transport, STRAP) as bleak:
        strap = transport.emulator["strap"]
        assert isinstance(strap, EmulatedHeartRateStrap)
        measurements = []
        await bleak.start_notify(
            HEART_RATE_MEASUREMENT_UUID,
            lambda _c, data: measurements.append(parse_heart_rate(bytes(data))),
        )
        await until(lambda: len(measurements) >= 2, "heart rates on the skin")
        assert await apply_fault(parse_fault("off-skin"), strap) == "off the skin"
        assert not strap.take_off()  # already off
        worn = len(measurements)
        await until(lambda: len(measurements) >= worn + 3, "heart rates off the skin")
        off = measurements[worn + 1 :]  # the first may have been on its way already
        assert all(m.contact_supported and m.contact_detected is False for m in off)
        assert all(m.rr_intervals_ms == () for m in off)
        last_worn = [m for m in measurements[: worn + 1] if m.contact_detected][-1]
        assert {m.heart_rate_bpm for m in off} == {last_worn.heart_rate_bpm}
        assert await strap.put_on()
        again = len(measurements)
        await until(lambda: len(measurements) >= again + 2, "heart rates worn again")
        assert measurements[-1].contact_detected is True
        assert strap.connected  # a generic strap never gave the link up


async def test_an_h10_off_the_strap_drops_the_link_after_its_timeout_and_hides() -> None:
    """Polar's KnownIssues.md (H10 issue 1): taken off the strap, the H10 disconnects after
    45 s; until then its rates carry no contact bit, so nothing says it is off."""
    async with emulated("h10") as transport:
        h10 = transport.emulator["h10"]
        assert isinstance(h10, EmulatedPolarH10)
        assert h10.OFF_SKIN_LINK_S == 45.0
        h10.OFF_SKIN_LINK_S = 1.5  # the same behaviour, sooner
        lost = asyncio.Event()
        bleak = BleakClient(H10, lambda _b: lost.set(), timeout=WAIT_S, **transport.client_kwargs())
        await bleak.connect()
        flags: list[int] = []
        await bleak.start_notify(HEART_RATE_MEASUREMENT_UUID, lambda _c, d: flags.append(d[0]))
        said = await apply_fault(parse_fault("h10 off-skin", transport.emulator.devices), h10)
        assert said == "off the skin; drops the link in 1.5 s"
        await asyncio.wait_for(lost.wait(), WAIT_S)
        assert all(f & 0b110 == 0 for f in flags)  # it never said it was off
        found = await scan(transport, 1.5)
        assert H10 not in {d.address for d in found}  # it went quiet
        assert await apply_fault(parse_fault("on-skin"), h10) == "worn again"
        await until(lambda: h10.device.is_advertising, "the H10 awake again")
        await bleak.connect()
        assert bleak.is_connected
        await bleak.disconnect()


async def test_an_h10_off_the_strap_gives_up_only_while_it_is_on_and_off_the_skin() -> None:
    """Its battery pulled and put back while off the strap, it gives up again; worn before
    it is switched on, nothing of the old countdown is left to drop the new link."""
    async with emulated("h10") as transport:
        h10 = transport.emulator["h10"]
        assert isinstance(h10, EmulatedPolarH10)
        h10.OFF_SKIN_LINK_S = 0.5

        def on() -> bool:
            return h10.switched_on

        h10.take_off()
        await h10.switch_off()
        await h10.switch_on()  # still off the skin
        await until(lambda: not on(), "it to turn itself off again")
        await h10.put_on()  # wearing it wakes it
        assert on()
        h10.take_off()
        await h10.switch_off()
        await h10.put_on()  # worn while its battery is out: nothing counts down
        assert not on()  # and nothing wakes it
        h10.take_off()
        await h10.switch_on()
        await until(lambda: not on(), "it to turn itself off once more")
        await h10.switch_off()  # asleep, then its battery pulled
        await h10.put_on()
        assert not on()  # wearing it wakes nothing now
        await h10.switch_on()
        async with client(transport, H10) as bleak:
            flags: list[int] = []
            await bleak.start_notify(HEART_RATE_MEASUREMENT_UUID, lambda _c, d: flags.append(d[0]))
            await until(lambda: len(flags) >= 3, "three heart rates, well past 0.5 s")
            assert bleak.is_connected


async def test_an_h10_put_on_while_it_turns_itself_off_and_given_up_can_be_put_on_again() -> None:
    """Worn while it is still turning itself off, the wearing waits; given up then (the
    fault's caller cancelled), the H10 is still off the skin, and wearing it later wakes it."""
    async with emulated("h10") as transport:
        h10 = transport.emulator["h10"]
        assert isinstance(h10, EmulatedPolarH10)
        h10.take_off()
        h10._fall_asleep()  # its 45 s off the skin are up now
        wearing = asyncio.get_running_loop().create_task(h10.put_on())
        await asyncio.sleep(0)  # it waits for the turning off
        assert not wearing.done()
        wearing.cancel()
        await until(lambda: not h10.switched_on, "it turned off")
        assert not h10.on_skin
        assert await h10.put_on()
        assert h10.switched_on


async def test_the_control_point_answers_settings_start_stop_and_refuses_bad_requests() -> None:
    async with emulated("h10") as transport, client(transport, H10) as bleak:
        control = ControlPoint(bleak)
        await control.subscribe()
        offered = await control.ask(get_settings_request(MeasurementType.ACC))
        assert offered.ok
        assert offered.settings[SettingType.SAMPLE_RATE] == (25, 50, 100, 200)
        assert offered.settings[SettingType.RANGE] == (2, 4, 8)

        wrong_rate = await control.ask(
            start_request(MeasurementType.ACC, {**ACC_200, SettingType.SAMPLE_RATE: 52})
        )
        assert wrong_rate.status == Status.INVALID_SAMPLE_RATE
        wrong_range = await control.ask(
            start_request(MeasurementType.ACC, {**ACC_200, SettingType.RANGE: 16})
        )
        assert wrong_range.status == Status.INVALID_RANGE
        ecg = await control.ask(get_settings_request(MeasurementType.ECG))
        assert ecg.status == Status.NOT_SUPPORTED
        assert (await control.ask(bytes([0x7F, 0x02]))).status == Status.INVALID_OP_CODE
        assert (await control.ask(b"\x02\x02\x00\x01")).status == Status.INVALID_LENGTH
        assert (await control.ask(stop_request(MeasurementType.ACC))).status == (
            Status.ALREADY_IN_STATE
        )

        assert (await control.ask(start_request(MeasurementType.ACC, ACC_200))).ok
        again = await control.ask(start_request(MeasurementType.ACC, ACC_200))
        assert again.status == Status.ALREADY_IN_STATE
        assert (await control.ask(stop_request(MeasurementType.ACC))).ok


async def test_the_h10_answers_as_in_the_spec_and_measures_on_across_a_lost_link() -> None:
    """The PMD specification's answers (p.10, p.11), and polar-ble-sdk KnownIssues.md, H10
    issue 2: a measurement runs until an app stops it, whatever happens to the link."""
    async with emulated("h10") as transport:
        h10 = transport.emulator["h10"]
        raw: list[bytes] = []
        bleak = client(transport, H10)
        await bleak.connect()
        await bleak.start_notify(PMD_CONTROL_UUID, lambda _c, data: raw.append(bytes(data)))
        await bleak.write_gatt_char(PMD_CONTROL_UUID, START_ACC_200, response=True)
        await until(lambda: len(raw) == 1, "the start's answer")
        assert raw[0] == bytes.fromhex("F0 02 02 00 00 01")

        await h10.drop_link()
        await until(lambda: not bleak.is_connected, "the link lost")
        assert h10.acc is not None  # still measuring, for nobody
        sent_before_the_drop = h10.samples_sent

        frames: list[bytes] = []
        raw.clear()
        await bleak.connect()
        await bleak.start_notify(PMD_CONTROL_UUID, lambda _c, data: raw.append(bytes(data)))
        await bleak.start_notify(PMD_DATA_UUID, lambda _c, data: frames.append(bytes(data)))
        await until(lambda: bool(frames), "frames of the measurement left running")
        assert h10.samples_sent > sent_before_the_drop
        await bleak.write_gatt_char(PMD_CONTROL_UUID, START_ACC_200, response=True)
        await bleak.write_gatt_char(PMD_CONTROL_UUID, stop_request(MeasurementType.ACC), True)
        await until(lambda: len(raw) == 2, "two answers")
        assert raw == [bytes.fromhex("F0 02 02 06 00"), bytes.fromhex("F0 03 02 00 00")]
        assert h10.acc is None
        await bleak.disconnect()


async def test_acc_frames_come_at_the_asked_rate_with_the_motion_scripts_values() -> None:
    async with emulated() as transport:
        h10 = EmulatedPolarH10(
            transport.emulator.link, address="C0:00:00:00:00:77", motion=lambda t: (t * 100, -5, 7)
        )
        await h10.switch_on()
        async with client(transport, h10.address) as bleak:
            control = ControlPoint(bleak)
            await control.subscribe()
            frames = []
            await bleak.start_notify(
                PMD_DATA_UUID, lambda _c, data: frames.append(parse_data_frame(bytes(data)))
            )
            # Before the request: the device starts on it, and its answer may come late.
            started_s = time.monotonic()
            started = await control.ask(start_request(MeasurementType.ACC, ACC_200))
            assert started.ok
            await until(lambda: sum(len(f.samples_mg) for f in frames) >= 400, "2 s of frames")
            assert (await control.ask(stop_request(MeasurementType.ACC))).ok
            stopped_s = time.monotonic()
            assert h10.acc is None  # stop stops the measurement
            # Whatever went out before the stop arrives, and nothing after it.
            await until(
                lambda: sum(len(f.samples_mg) for f in frames) == h10.samples_sent,
                "every sample sent",
            )
        await h10.switch_off()
    samples = [s for f in frames for s in f.samples_mg]
    # Frames fill the H10's MTU of 232: 36 samples (226 bytes), one every 180 ms at 200 Hz.
    assert {len(f.samples_mg) for f in frames} == {36}
    assert len(samples) <= 200 * (stopped_s - started_s) + 36
    assert len(samples) == h10.samples_sent  # nothing sent was lost on the way
    # The motion script's x rises 100 mG a second: 0.5 mG per sample at 200 Hz.
    xs = [s[0] for s in samples]
    assert xs[0] == 0
    assert abs(xs[-1] - 100 * len(xs) / 200) <= 1
    assert {s[1:] for s in samples} == {(-5, 7)}
    # Each frame's timestamp is its last sample's, 5 ms apart, on the device clock.
    steps_ns = [b.timestamp_ns - a.timestamp_ns for a, b in itertools.pairwise(frames)]
    per_sample = [step / len(f.samples_mg) for step, f in zip(steps_ns, frames[1:], strict=True)]
    assert all(math.isclose(p, 5_000_000, rel_tol=1e-3) for p in per_sample)


async def test_a_connect_that_times_out_is_cancelled_so_the_next_one_works() -> None:
    async with emulated("strap") as transport:
        strap = transport.emulator["strap"]
        await strap.slow_connect(0.8)  # quiet on the air for 0.8 s
        with pytest.raises(TimeoutError):
            await client(transport, STRAP, timeout_s=0.2).connect()
        # Cancelled from outside too (a task timeout, not bleak's): the controller must not
        # be left with a connection attempt pending.
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2):
                await client(transport, STRAP, timeout_s=5.0).connect()
        async with client(transport, STRAP) as bleak:
            assert bleak.is_connected


async def test_a_dropped_link_calls_the_disconnect_callback_once_and_reconnects() -> None:
    async with emulated("strap") as transport:
        strap = transport.emulator["strap"]
        lost = asyncio.Event()
        calls = []

        def on_disconnect(which: BleakClient) -> None:
            calls.append(which)
            lost.set()

        bleak = BleakClient(STRAP, on_disconnect, timeout=WAIT_S, **transport.client_kwargs())
        await bleak.connect()
        await strap.drop_link()
        await asyncio.wait_for(lost.wait(), WAIT_S)
        assert calls == [bleak]
        assert not bleak.is_connected
        with pytest.raises(BleakError):
            await bleak.read_gatt_char(BATTERY_LEVEL_UUID)
        await bleak.connect()
        assert parse_battery_level(bytes(await bleak.read_gatt_char(BATTERY_LEVEL_UUID))) == 64
        await bleak.disconnect()  # ours: no callback
        await until(lambda: not strap.connected, "the strap to see the disconnect")
        await asyncio.sleep(0)  # a callback would have been scheduled (call_soon) by now
        assert calls == [bleak]


async def test_garbage_silence_and_low_battery_reach_a_subscriber_as_scripted() -> None:
    async with emulated("h10") as transport, client(transport, H10) as bleak:
        h10 = transport.emulator["h10"]
        heart: list[tuple[float, bytes]] = []
        battery: list[int] = []
        await bleak.start_notify(
            HEART_RATE_MEASUREMENT_UUID,
            lambda _c, d: heart.append((time.monotonic(), bytes(d))),
        )
        await bleak.start_notify(
            BATTERY_LEVEL_UUID, lambda _c, d: battery.append(parse_battery_level(bytes(d)))
        )
        assert await h10.send_garbage(2) == 2  # two on heart rate; ACC is not subscribed
        await h10.set_battery(4)

        def garbage() -> list[bytes]:
            return [data for _, data in heart if data == b"\x11"]

        await until(lambda: battery == [4] and len(garbage()) == 2, "garbage and battery")
        silent_from_s = time.monotonic()
        h10.silence(1.0)

        def after_silence() -> list[float]:
            # (One notification may have been on its way as the silence began.)
            return [t for t, _ in heart if t > silent_from_s + 0.05]

        await until(lambda: bool(after_silence()), "heart rate after the silence")
        assert after_silence()[0] - silent_from_s >= 1.0  # nothing came while it was silent
        parse_heart_rate(heart[-1][1])


async def test_the_emulator_over_tcp_serves_a_central_in_another_process_the_same_way() -> None:
    from sensors.backend import BluetoothUnavailable, open_transport
    from sensors.emulation.world import Emulator

    emulator = await Emulator.start(["strap"])
    try:
        port = await emulator.serve_hci()
        first = await open_transport(emulator=f"tcp:{port}")
        found = await scan(first, 0.3)
        assert [(d.address, d.kind) for d in found] == [(STRAP, "generic-hr")]
        stale = client(first, STRAP)
        await stale.connect()
        assert emulator["strap"].connected
        # The first app vanishes without disconnecting; the next one resets the HCI, which
        # must free the strap.
        await first.close()
        second = await open_transport(emulator=f"tcp:{port}")
        async with client(second, STRAP) as bleak:
            level = await bleak.read_gatt_char(BATTERY_LEVEL_UUID)
            assert parse_battery_level(bytes(level)) == 64
        await second.close()
    finally:
        await emulator.close()
    with pytest.raises(BluetoothUnavailable, match=r"no emulator at .*lumbar emulate --port"):
        await open_transport(emulator=f"tcp:{port}")
    with pytest.raises(BluetoothUnavailable, match="tcp:PORT"):
        await open_transport(emulator="udp:1")


async def test_the_demo_person_wears_the_h10() -> None:
    async with emulated("strap") as transport:
        assert not transport.emulator.wear(lambda t: (0.0, 0.0, 1000.0))  # no H10 to wear
    async with emulated("h10") as transport:

        def person(t: float) -> tuple[float, float, float]:
            return (t, 0.0, 1000.0)

        assert transport.emulator.wear(person)
        assert transport.emulator["h10"].motion is person


async def test_a_fault_script_breaks_the_devices_on_time() -> None:
    async with emulated("strap") as transport:
        devices = transport.emulator.devices
        lost = asyncio.Event()
        bleak = BleakClient(
            STRAP, lambda _c: lost.set(), timeout=WAIT_S, **transport.client_kwargs()
        )
        await bleak.connect()
        reported: list[str] = []
        steps = parse_script("0.2 drop; 0 strap battery 9", devices)
        log = await run_script(steps, devices, reported.append)
        await asyncio.wait_for(lost.wait(), WAIT_S)
        level = devices["strap"].battery_percent
    assert log == reported == ["0 s strap: battery at 9 %", "0.2 s strap: link dropped"]
    assert level == 9


class StrapWithASlowRead(EmulatedHeartRateStrap):
    """A strap with one characteristic that takes a second to read."""

    SLOW_UUID = "0000ff01-0000-1000-8000-00805f9b34fb"

    def services(self) -> list[Service]:
        self.reading = asyncio.Event()  # the read arrived and is being answered

        async def read_slowly(_connection: Any) -> bytes:
            self.reading.set()
            await asyncio.sleep(1.0)
            return b"late"

        slow: Characteristic[bytes] = Characteristic(
            self.SLOW_UUID,
            Characteristic.Properties.READ,
            Characteristic.READABLE,
            CharacteristicValue[bytes](read=read_slowly),
        )
        return [*super().services(), Service("0000ff00-0000-1000-8000-00805f9b34fb", [slow])]


async def test_a_request_cut_short_by_a_lost_link_raises_bleak_error() -> None:
    async with emulated() as transport:
        strap = StrapWithASlowRead(transport.emulator.link, address="C0:00:00:00:00:55")
        await strap.switch_on()
        async with client(transport, strap.address) as bleak:
            reading = asyncio.ensure_future(bleak.read_gatt_char(strap.SLOW_UUID))
            await asyncio.wait_for(strap.reading.wait(), WAIT_S)
            await strap.drop_link()
            with pytest.raises(BleakError, match="disconnected during a GATT request"):
                await asyncio.wait_for(reading, WAIT_S)
        await strap.switch_off()
