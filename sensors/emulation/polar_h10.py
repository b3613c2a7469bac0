"""An emulated Polar H10: heart rate with RR, battery, device information, and PMD.

Like the real strap it advertises "Polar H10 <device id>" with the Heart Rate service,
notifies heart rate once a second, and answers the PMD control point by indication
(settings on offer, start, stop, and the error codes of Polar's SDK). Where the real strap's
behaviour is known, it behaves the same (sources: Polar's PMD specification,
polar-ble-sdk's documentation/KnownIssues.md and issues; see tests/test_pmd.py):

- it takes an ATT MTU of at most 232 bytes and fills it: at 200 Hz, 36 samples a frame
  (226 bytes) about every 180 ms (polar-ble-sdk issues #40, #55, #659); below 70 bytes it
  refuses to start (invalid MTU, #55);
- it answers a start with ``F0 02 02 00 00 01`` (the spec's p.10: the last byte reserved);
- a measurement runs until it is stopped, across a lost link and into the next connection,
  whose start then answers "already in state" (KnownIssues.md, H10 issue 2);
- the samples measured while nobody listens are lost, not sent later;
- its heart rate measurements say nothing of skin contact (flags 0x10: neither contact bit
  set; polar-ble-sdk issues #470, #691), where a generic strap's say "contact detected";
- taken off the strap, it drops the link after 45 s and goes quiet (KnownIssues.md, H10
  issue 1; issue #302).

Faults a test or ``lumbar emulate`` can inflict on top of the shared ones: refuse every
start with a status code, stop the accelerometer and say so (``01 02``), let its stream
die without a word while heart rate goes on, require pairing before the control point
takes a write (Windows and the H10: bleak issue #1943), or refuse to pair at all, and a
smaller MTU. The frames carry the device's own nanosecond clock (since 2000-01-01,
drifting a few ppm against the host), in the format of ``sensors.pmd``. What the
accelerometer feels comes from a motion script.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bumble import att, pairing
from bumble.device import Connection
from bumble.gatt import Characteristic, Service
from bumble.link import LocalLink

from sensors.emulation.attributes import Props, characteristic
from sensors.emulation.heart import HeartModel
from sensors.emulation.hr_strap import EmulatedHeartRateStrap
from sensors.emulation.motion import MotionScript, lying_still
from sensors.pmd import (
    PMD_CONTROL_UUID,
    PMD_DATA_UUID,
    PMD_SERVICE_UUID,
    SETTING_WIDTH,
    MeasurementType,
    OpCode,
    SettingType,
    encode_acc_frame,
    encode_control_response,
    encode_features,
    encode_measurement_stopped,
)

__all__ = ["ACC_RANGES_G", "ACC_RATES_HZ", "EmulatedPolarH10", "Status"]

ACC_RATES_HZ = (25, 50, 100, 200)
ACC_RANGES_G = (2, 4, 8)
ACC_RESOLUTION_BITS = 16
# The ATT MTU the strap takes at most: the PMD spec (p.7) asks hosts for 232, and the H10's
# frames are 226 bytes, 36 samples (polar-ble-sdk issues #40, #659).
MAX_MTU = 232
MIN_PMD_MTU = 70  # below this, a start answers "invalid MTU" (polar-ble-sdk issue #55)
FRAME_HEADER_BYTES = 10
SAMPLE_BYTES = 6  # three int16 axes
ATT_NOTIFY_OVERHEAD = 3

NS_PER_S = 1_000_000_000
EPOCH_2000_UNIX_S = 946_684_800


class Status:
    """PMD control-point status codes (Polar SDK, PmdControlPointResponseCode)."""

    SUCCESS = 0
    INVALID_OP_CODE = 1
    INVALID_MEASUREMENT_TYPE = 2
    NOT_SUPPORTED = 3
    INVALID_LENGTH = 4
    INVALID_PARAMETER = 5
    ALREADY_IN_STATE = 6
    INVALID_RESOLUTION = 7
    INVALID_SAMPLE_RATE = 8
    INVALID_RANGE = 9
    INVALID_MTU = 10
    INVALID_NUMBER_OF_CHANNELS = 11
    INVALID_STATE = 12
    DEVICE_IN_CHARGER = 13
    DISK_FULL = 14


@dataclass(frozen=True, slots=True)
class AccRequest:
    rate_hz: int
    range_g: int


class EmulatedPolarH10(EmulatedHeartRateStrap):
    kind = "polar-h10"
    reports_contact = False
    """An H10 of today leaves both contact bits clear: its measurements start with flags 0x10
    where an H7's start with 0x16 (polar-ble-sdk issues #470, #691)."""
    OFF_SKIN_LINK_S = 45.0
    """Taken off the strap, it drops the link after 45 s (polar-ble-sdk KnownIssues.md, H10
    issue 1) and turns itself off (#302). Until then it goes on notifying heart rates that no
    heart gave (#447 saw "false values from nothing"; which ones is not documented: here the
    last rate it had), without RR intervals and, as always, without contact bits."""

    def __init__(
        self,
        link: LocalLink,
        *,
        device_id: str = "1A2B3C4D",
        address: str = "C0:1A:2B:3C:4D:10",
        seed: int = 0,
        motion: MotionScript | None = None,
        battery_percent: int = 92,
        compressed_frames: bool = False,
        clock_drift_ppm: float = 15.0,
        heart: HeartModel | None = None,
    ) -> None:
        self.motion = motion or lying_still()
        self.compressed_frames = compressed_frames
        self.clock_drift_ppm = clock_drift_ppm
        self.samples_sent = 0
        self.acc: AccRequest | None = None
        self.refusing = 0  # a status code every start is answered with (0: none)
        self.acc_muted = False  # the stream runs but nothing reaches the air
        self.stuck_z = False
        """The z axis reads the low end of the range whatever the motion (a fault seen on a
        real H10: polar-ble-sdk issue 634, -2000 mG at ±2 g); it stays so."""
        self.pairing: Literal["none", "required", "refused"] = "none"
        self.control_requests: list[bytes] = []  # every write to the control point, in order
        self.control_answers: list[bytes] = []  # and what the strap answered to each
        self._acc_task: asyncio.Task[None] | None = None
        self._clock_origin_host_s = time.monotonic()
        self._clock_origin_ns = int((time.time() - EPOCH_2000_UNIX_S) * NS_PER_S)
        self.pmd_control = characteristic(
            PMD_CONTROL_UUID,
            Props.READ | Props.WRITE | Props.INDICATE,
            read=lambda _connection: encode_features([MeasurementType.ACC]),
            write=self._on_control_write,
        )
        self.pmd_data = characteristic(PMD_DATA_UUID, Props.NOTIFY)
        super().__init__(
            link,
            name=f"Polar H10 {device_id}",
            address=address,
            seed=seed,
            battery_percent=battery_percent,
            heart=heart,
            device_information={
                "manufacturer_name": "Polar Electro Oy",
                "model_number": "H10",
                "serial_number": device_id,
                "hardware_revision": "39044024.10",
                "firmware_revision": "3.1.1",
                "software_revision": "emulated",
            },
        )
        self.device.gatt_server.max_mtu = MAX_MTU

    # -- description --------------------------------------------------------------------

    def services(self) -> list[Service]:
        return [*super().services(), Service(PMD_SERVICE_UUID, [self.pmd_control, self.pmd_data])]

    def battery_properties(self) -> Characteristic.Properties:
        return Props.READ | Props.NOTIFY

    def garbage(self) -> dict[str, tuple[Characteristic[bytes], bytes]]:
        # An ACC frame cut inside its 10-byte header.
        return {**super().garbage(), "acc": (self.pmd_data, b"\x02\x00\x11\x22")}

    # -- power --------------------------------------------------------------------------

    async def switch_off(self) -> None:
        await super().switch_off()
        self._stop_acc()  # the battery pulled: nothing runs on

    # -- faults of its own --------------------------------------------------------------

    def refuse(self, status: int) -> None:
        """Answer every start with ``status`` from now on (0: start again as asked)."""
        if not 0 <= status <= 0xFF:
            raise ValueError(f"a status code is 0-255, not {status}")
        self.refusing = status

    async def stop_acc(self) -> bool:
        """Stop the accelerometer by itself and say so (``01 02``); False if it was not on."""
        if self.acc is None:
            return False
        self._stop_acc()
        connection = self._connection
        if connection is not None and self.subscribed(connection, self.pmd_control, indicate=True):
            await self.device.indicate_subscriber(
                connection, self.pmd_control, encode_measurement_stopped([MeasurementType.ACC])
            )
        return True

    def mute_acc(self) -> bool:
        """The accelerometer's frames stop reaching the air while the strap thinks it sends
        them, until it is stopped or started again; False if it was not on."""
        if self.acc is None:
            return False
        self.acc_muted = True
        return True

    def require_pairing(self, *, refuse: bool = False) -> None:
        """Writes to the control point need a paired (encrypted) link from now on, as on
        Windows; ``refuse``: and every attempt to pair is turned down."""
        self.pairing = "refused" if refuse else "required"
        if refuse:
            self.device.pairing_config_factory = lambda _connection: pairing.PairingConfig(
                delegate=_Refusing()
            )

    def set_max_mtu(self, mtu: int) -> None:
        """The largest ATT MTU the strap takes from the next connection on (23-517)."""
        if not 23 <= mtu <= 517:
            raise ValueError(f"an ATT MTU is 23-517 bytes, not {mtu}")
        self.device.gatt_server.max_mtu = mtu

    # -- PMD control point --------------------------------------------------------------

    def _on_control_write(self, connection: Connection, value: bytes) -> None:
        if self.pairing != "none" and not connection.is_encrypted:
            raise att.ATT_Error(att.ATT_INSUFFICIENT_AUTHENTICATION_ERROR)
        request = bytes(value)
        self.control_requests.append(request)
        response = self._answer(connection, request)
        self.control_answers.append(response)
        # Indicate after the write response has gone out, as the strap does.
        self.stream(self._indicate(connection, response))

    async def _indicate(self, connection: Connection, response: bytes) -> None:
        await self.device.indicate_subscriber(connection, self.pmd_control, response)

    def _answer(self, connection: Connection, request: bytes) -> bytes:
        if len(request) < 2:
            op = request[0] if request else 0
            return encode_control_response(op, 0, Status.INVALID_LENGTH)
        op, measurement = request[0], request[1]
        if op not in (
            OpCode.GET_MEASUREMENT_SETTINGS,
            OpCode.REQUEST_MEASUREMENT_START,
            OpCode.STOP_MEASUREMENT,
        ):
            return encode_control_response(op, measurement, Status.INVALID_OP_CODE)
        if measurement not in set(MeasurementType):
            return encode_control_response(op, measurement, Status.INVALID_MEASUREMENT_TYPE)
        if measurement != MeasurementType.ACC:
            return encode_control_response(op, measurement, Status.NOT_SUPPORTED)
        if op == OpCode.GET_MEASUREMENT_SETTINGS:
            offered = {
                SettingType.SAMPLE_RATE: ACC_RATES_HZ,
                SettingType.RESOLUTION: (ACC_RESOLUTION_BITS,),
                SettingType.RANGE: ACC_RANGES_G,
            }
            return encode_control_response(op, measurement, Status.SUCCESS, offered)
        if op == OpCode.STOP_MEASUREMENT:
            if self.acc is None:
                return encode_control_response(op, measurement, Status.ALREADY_IN_STATE)
            self._stop_acc()
            return encode_control_response(op, measurement, Status.SUCCESS)
        status = self.refusing or self._start_acc(connection, request[2:])
        # An H10 ends a successful start's answer with a reserved 01 (the spec's p.10).
        trailing = b"\x01" if status == Status.SUCCESS else b""
        return encode_control_response(op, measurement, status, trailing=trailing)

    def _start_acc(self, connection: Connection, encoded_settings: bytes) -> int:
        settings = parse_settings(encoded_settings)
        if settings is None:
            return Status.INVALID_LENGTH
        if set(settings) - {SettingType.SAMPLE_RATE, SettingType.RESOLUTION, SettingType.RANGE}:
            return Status.INVALID_PARAMETER
        rate = settings.get(SettingType.SAMPLE_RATE)
        range_g = settings.get(SettingType.RANGE)
        resolution = settings.get(SettingType.RESOLUTION, ACC_RESOLUTION_BITS)
        if rate is None or range_g is None:
            return Status.INVALID_PARAMETER
        if rate not in ACC_RATES_HZ:
            return Status.INVALID_SAMPLE_RATE
        if resolution != ACC_RESOLUTION_BITS:
            return Status.INVALID_RESOLUTION
        if range_g not in ACC_RANGES_G:
            return Status.INVALID_RANGE
        if self.acc is not None:
            return Status.ALREADY_IN_STATE
        if connection.att_mtu < MIN_PMD_MTU:
            return Status.INVALID_MTU
        self.acc = AccRequest(rate, range_g)
        self.acc_muted = False
        # The measurement outlives the connection: it runs until stopped or switched off.
        self._acc_task = self.run(self._stream_acc(self.acc))
        return Status.SUCCESS

    def _stop_acc(self) -> None:
        self.acc = None
        self.acc_muted = False
        if self._acc_task is not None:
            self._acc_task.cancel()
            self._acc_task = None

    # -- accelerometer ------------------------------------------------------------------

    async def _stream_acc(self, request: AccRequest) -> None:
        """Measure at the asked rate; send a frame each time one fills the link's MTU.

        Whatever is measured while no frame can go out (no connection, nobody subscribed,
        a silence, a muted stream) is lost, as on the strap.
        """
        loop = asyncio.get_running_loop()
        rate = request.rate_hz * (1.0 + self.clock_drift_ppm * 1e-6)  # in host time
        limit_mg = request.range_g * 1000
        start_s = loop.time()
        index = 0  # samples measured so far, from the measurement's start
        while True:
            connection = self._connection
            per_frame = samples_that_fit(connection.att_mtu if connection else MAX_MTU)
            due = int((loop.time() - start_s) * rate) + 1
            while due - index >= per_frame:
                times = [start_s + (index + i) / rate for i in range(per_frame)]
                index += per_frame
                if self.acc_muted:
                    continue
                samples = [self._sample(t - start_s, limit_mg) for t in times]
                frame = encode_acc_frame(
                    self._device_ns(times[-1]), samples, compressed=self.compressed_frames
                )
                if await self.notify("acc", self.pmd_data, frame):
                    self.samples_sent += per_frame
            next_s = start_s + (index + per_frame - 1) / rate
            await asyncio.sleep(max(0.0, next_s - loop.time()))

    def _sample(self, t_s: float, limit_mg: int) -> tuple[int, int, int]:
        x, y, z = self.motion(t_s)
        if self.stuck_z:
            z = -limit_mg
        return (_clip(x, limit_mg), _clip(y, limit_mg), _clip(z, limit_mg))

    def _device_ns(self, host_s: float) -> int:
        """The strap's clock: nanoseconds since 2000, running a little fast or slow."""
        elapsed_s = host_s - self._clock_origin_host_s
        return self._clock_origin_ns + round(
            elapsed_s * (1.0 + self.clock_drift_ppm * 1e-6) * NS_PER_S
        )


def samples_that_fit(mtu: int) -> int:
    """How many samples one notification carries at this ATT MTU (at least one)."""
    return max(1, (mtu - ATT_NOTIFY_OVERHEAD - FRAME_HEADER_BYTES) // SAMPLE_BYTES)


def parse_settings(data: bytes) -> Mapping[SettingType, int] | None:
    """The settings of a start request (one value each); None when malformed."""
    settings: dict[SettingType, int] = {}
    offset = 0
    while offset < len(data):
        if offset + 2 > len(data):
            return None
        kind_byte, count = data[offset], data[offset + 1]
        offset += 2
        try:
            kind = SettingType(kind_byte)
        except ValueError:
            return None
        width = SETTING_WIDTH[kind]
        if count != 1 or offset + width > len(data):
            return None
        settings[kind] = int.from_bytes(data[offset : offset + width], "little")
        offset += width
    return settings


def _clip(value: float, limit: int) -> int:
    return max(-limit, min(limit, round(value)))


class _Refusing(pairing.PairingDelegate):
    """A strap that turns down every request to pair."""

    async def accept(self) -> bool:
        return False
