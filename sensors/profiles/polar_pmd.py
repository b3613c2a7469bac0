"""What Polar devices with the Measurement Data service share: HR plus PMD accelerometer.

Not a profile itself (no ``PROFILE``); ``polar_h10`` and ``polar_verity_sense`` use it.

Heart rate and battery come by subscribing, as from any strap. The accelerometer is a
``Measurement``: started on the PMD control point and answered there. How each refusal is
read (Polar SDK, ``PmdControlPointResponseCode``; the PMD specification's error table):
"already in state" means a measurement left running (the H10 keeps one going until an app
stops it: polar-ble-sdk documentation/KnownIssues.md, H10 issue 2), so the hub stops it and
starts again; "invalid state" and "device in charger" may pass, so it tries again later;
every other code says this device will not take lumbar's request, so it does not ask again
on this connection.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sensors.errors import PayloadError
from sensors.gatt import BATTERY_LEVEL_UUID, HEART_RATE_MEASUREMENT_UUID
from sensors.pmd import (
    PMD_CONTROL_UUID,
    PMD_DATA_UUID,
    ControlResponse,
    MeasurementType,
    OpCode,
    SettingType,
    parse_control_point,
    parse_data_frame,
    sample_times_ns,
    start_request,
    stop_request,
)
from sensors.profiles.base import (
    ControlAnswer,
    ControlMessage,
    Decoder,
    HeartRateDecoder,
    Measurement,
    MeasurementsHalted,
    Profile,
    Subscription,
)
from sensors.readings import AccelerationBatch, Reading
from sensors.timebase import DeviceClock

__all__ = ["PolarAccDecoder", "PolarPmdProfile", "read_answer"]

# Samples are spread evenly between consecutive frame timestamps (following the device's real
# rate) unless that spacing is this much longer than nominal, which means frames were lost.
_SPACING_TOLERANCE = 0.1
# A frame this far before the previous one means the device clock restarted, not a repeat.
_RESTART_NS = 2_000_000_000
_MAX_MG = 0x7FFF  # the largest value a stored sample holds (int16 milli-g)

ALREADY_IN_STATE = 6
INVALID_MTU = 10
# Refusals that may pass on their own: ask again later on the same connection.
_PASSING = frozenset({6, 12, 13})
# Why a device refused, for a person (the SDK's name in brackets, as 'lumbar decode' says it).
_WHY: dict[int, str] = {
    1: "it does not know the command",
    2: "it does not know the measurement",
    3: "this device does not offer it",
    4: "it did not take lumbar's request",
    5: "it did not take lumbar's settings",
    6: "it says one is running already, and stopping it did not help",
    7: "it did not take the resolution",
    8: "it did not take the sample rate",
    9: "it did not take the range",
    10: "the Bluetooth link's packets are too small for it",
    11: "it did not take the channels",
    12: "it is busy",
    13: "it is on its charger",
    14: "its memory is full",
}


@dataclass(frozen=True)
class PolarPmdProfile(Profile):
    name_prefix: str = "Polar"
    acc_rates_hz: tuple[int, ...] = ()
    acc_range_g: int = 8
    acc_resolution_bits: int = 16
    acc_channels: int | None = None  # sent only to devices whose settings list channels
    specificity: int = 10

    def __post_init__(self) -> None:
        if self.acc_rate_hz not in self.acc_rates_hz:
            raise ValueError(
                f"{self.label}: ACC at {self.acc_rate_hz} Hz is not offered; "
                f"choose one of {', '.join(map(str, self.acc_rates_hz))} Hz"
            )

    def matches(self, name: str | None, service_uuids: Collection[str]) -> bool:
        # Polar straps advertise "Polar H10 0A1B2C3D": model, then the device id.
        return name is not None and name.startswith(self.name_prefix + " ")

    def subscriptions(self) -> tuple[Subscription, ...]:
        return (
            Subscription("hr", HEART_RATE_MEASUREMENT_UUID),
            Subscription("battery", BATTERY_LEVEL_UUID, optional=True),
        )

    def acc_settings(self) -> dict[SettingType, int]:
        assert self.acc_rate_hz is not None  # checked in __post_init__
        settings = {
            SettingType.SAMPLE_RATE: self.acc_rate_hz,
            SettingType.RESOLUTION: self.acc_resolution_bits,
            SettingType.RANGE: self.acc_range_g,
        }
        if self.acc_channels is not None:
            settings[SettingType.CHANNELS] = self.acc_channels
        return settings

    def measurements(self) -> tuple[Measurement, ...]:
        return (
            Measurement(
                stream="acc",
                label="motion",
                control=Subscription("pmd-control", PMD_CONTROL_UUID),
                data=Subscription("acc", PMD_DATA_UUID),
                start=start_request(MeasurementType.ACC, self.acc_settings()),
                stop=stop_request(MeasurementType.ACC),
            ),
        )

    def read_control(self, data: bytes) -> ControlMessage:
        message = parse_control_point(data)
        if not isinstance(message, ControlResponse):
            halted = ("acc",) if MeasurementType.ACC in message.measurements else ()
            return MeasurementsHalted(halted)
        return read_answer(message)

    def new_decoder(self, device: str) -> Decoder:
        assert self.acc_rate_hz is not None
        return PolarAccDecoder(device, float(self.acc_rate_hz))


def read_answer(response: ControlResponse) -> ControlAnswer:
    """A PMD control-point response as an answer to a start or a stop."""
    status = response.status
    if status == 0:
        return ControlAnswer(ok=True)
    why = _WHY.get(status, "it refused")
    return ControlAnswer(
        ok=False,
        already_running=status == ALREADY_IN_STATE,
        lasting=status not in _PASSING and status in _WHY,
        mtu_too_small=status == INVALID_MTU,
        why=f"{why} ({response.status_text})",
    )


class PolarAccDecoder:
    """HR and battery as any strap, plus PMD accelerometer frames on the host's clock."""

    def __init__(self, device: str, rate_hz: float) -> None:
        self.device = device
        self.rate_hz = rate_hz
        self.clock = DeviceClock()
        self.factor = 1.0
        self.last_control: ControlResponse | None = None
        self._heart = HeartRateDecoder(device)
        self._previous_ns: int | None = None

    def decode(self, stream: str, data: bytes, received_host_s: float) -> list[Reading]:
        if stream == "acc":
            return [self._acc(data, received_host_s)]
        if stream == "pmd-control":
            self._control(data)
            return []
        return self._heart.decode(stream, data, received_host_s)

    def _control(self, data: bytes) -> None:
        message = parse_control_point(data)
        if not isinstance(message, ControlResponse):
            return  # the device stopped a stream by itself; the hub sees the silence
        self.last_control = message
        starts_acc = (
            message.op_code == OpCode.REQUEST_MEASUREMENT_START
            and message.measurement == MeasurementType.ACC
        )
        if starts_acc and message.ok:
            # A new stream: its first frame cannot be spaced against the last one's timestamp.
            self._previous_ns = None
            factor = message.factor
            self.factor = 1.0 if factor is None else factor

    def _acc(self, data: bytes, received_host_s: float) -> AccelerationBatch:
        frame = parse_data_frame(data, factor=self.factor)
        if any(not -_MAX_MG <= v <= _MAX_MG for sample in frame.samples_mg for v in sample):
            # A frame that parses but says more than any wearable's range (±16 g at most;
            # stored in 16 bits) is damaged: counted and skipped like any malformed packet.
            raise PayloadError("PMD data frame: a sample beyond ±32 g")
        previous = self._previous_ns
        if previous is not None and frame.timestamp_ns <= previous:
            if previous - frame.timestamp_ns < _RESTART_NS:
                raise PayloadError(
                    f"PMD data frame: timestamp {frame.timestamp_ns} ns repeats or goes back"
                )
            previous = None  # the device clock restarted
        if previous is not None:
            spacing_ns = (frame.timestamp_ns - previous) / len(frame.samples_mg)
            if spacing_ns > (1 + _SPACING_TOLERANCE) * 1e9 / self.rate_hz:
                previous = None  # frames were lost in between: space by the nominal rate
        device_ns = sample_times_ns(frame, self.rate_hz, previous_timestamp_ns=previous)
        self._previous_ns = frame.timestamp_ns
        return AccelerationBatch(
            device=self.device,
            t_s=self.clock.host_times_s(device_ns, received_host_s),
            acc_mg=frame.samples_mg,
            rate_hz=self.rate_hz,
        )
