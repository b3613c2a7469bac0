"""An emulated generic heart-rate strap: the standard Heart Rate and Battery services.

It advertises the Heart Rate service under a name no profile recognises, so it is known
by its service alone, like most straps. Heart rate with RR intervals is notified once a
second from the heart it is worn on (a ``HeartModel``: its own, or the wearer's, shared with
the other straps they wear), as its own ``Electrodes`` sense it; the battery can only be
read, as on many cheap straps.

Off the skin (``take_off``: dry contacts, a strap slipped down) it goes on notifying once a
second with its contact bits saying "not detected" (polar-ble-sdk issue #83 logged rates
going on with "Contact Status: false"). What the rate is then is not documented: here, as an
assumption, the last one it had, and no RR interval (no beat is sensed). A strap that does
not report contact says nothing of it; see ``OFF_SKIN_LINK_S`` for one that gives up.
"""

from __future__ import annotations

import asyncio

from bumble.device import Connection
from bumble.gatt import Characteristic, Service
from bumble.link import LocalLink

from sensors.emulation.attributes import Props, characteristic, read_only
from sensors.emulation.heart import Electrodes, HeartModel
from sensors.emulation.peripheral import EmulatedPeripheral, log_failure, uuid_16_of
from sensors.gatt import (
    HEART_RATE_MEASUREMENT_UUID,
    HEART_RATE_SERVICE_UUID,
    HeartRateMeasurement,
    encode_heart_rate,
    uuid16,
)

__all__ = ["HR_PERIOD_S", "EmulatedHeartRateStrap"]

BODY_SENSOR_LOCATION_UUID = uuid16(0x2A38)
BODY_SENSOR_CHEST = b"\x01"
HR_PERIOD_S = 1.0


class EmulatedHeartRateStrap(EmulatedPeripheral):
    kind = "generic-hr"
    reports_contact = True
    """Whether its measurements carry the skin-contact bits (flags 0x16, as a Polar H7's)."""
    OFF_SKIN_LINK_S: float | None = None
    """Seconds off the skin after which it drops the link and goes off the air until it is
    worn again; None: it stays connected."""

    def __init__(
        self,
        link: LocalLink,
        *,
        name: str = "HR Strap 4F2A",
        address: str = "C0:4F:2A:00:00:20",
        seed: int = 1,
        battery_percent: int = 64,
        device_information: dict[str, str] | None = None,
        heart: HeartModel | None = None,
    ) -> None:
        self.heart = heart or HeartModel(seed)
        """The heart it is worn on (``heart``: the wearer's; none given, one of its own)."""
        self.electrodes = Electrodes(self.heart, seed)
        self.on_skin = True
        self._held_bpm = 0
        """What it repeats while off the skin: the last rate it sent (0 if it sent none)."""
        self._off_skin_timer: asyncio.TimerHandle | None = None
        self._asleep = False
        """It turned itself off, off the skin too long: worn again, it wakes."""
        self._sleeping: asyncio.Task[None] | None = None
        self.heart_rate_measurement = characteristic(HEART_RATE_MEASUREMENT_UUID, Props.NOTIFY)
        super().__init__(
            link,
            name=name,
            address=address,
            battery_percent=battery_percent,
            device_information=device_information
            or {"manufacturer_name": "Generic", "model_number": "HRM-1"},
        )

    def services(self) -> list[Service]:
        return [
            Service(
                HEART_RATE_SERVICE_UUID,
                [
                    self.heart_rate_measurement,
                    read_only(BODY_SENSOR_LOCATION_UUID, BODY_SENSOR_CHEST),
                ],
            )
        ]

    def advertised_services_16(self) -> tuple[int, ...]:
        return (uuid_16_of(HEART_RATE_SERVICE_UUID),)

    def garbage(self) -> dict[str, tuple[Characteristic[bytes], bytes]]:
        # Flags announce a 16-bit rate, and the rate is missing.
        return {"hr": (self.heart_rate_measurement, b"\x11")}

    async def switch_on(self) -> None:
        self._heart_s()  # the heart beats from now on, if no strap on it was on before
        await self._settled()
        was_on = self.switched_on
        await super().switch_on()
        if not was_on and not self.on_skin:
            self._arm_off_skin_timer()  # on, yet still off the skin: it gives up again

    async def switch_off(self) -> None:
        self._cancel_off_skin_timer()
        if asyncio.current_task() is not self._sleeping:
            await self._settled()
            self._asleep = False  # its battery pulled: wearing it wakes nothing
        await super().switch_off()

    async def _settled(self) -> None:
        """Wait until it has finished turning itself off, if it is doing so (the radio
        takes one power change at a time)."""
        sleeping = self._sleeping
        if sleeping is not None and sleeping is not asyncio.current_task():
            await asyncio.wait({sleeping})

    def on_connected(self, connection: Connection) -> None:
        # Beats missed while nobody listened are not sent in one burst.
        self.electrodes.beats_until(self._heart_s())
        self.stream(self._stream_heart_rate())

    async def _stream_heart_rate(self) -> None:
        loop = asyncio.get_running_loop()
        next_s = loop.time() + HR_PERIOD_S
        while True:
            await asyncio.sleep(max(0.0, next_s - loop.time()))
            next_s += HR_PERIOD_S
            measurement = self.measurement_at(self._heart_s())
            await self.notify("hr", self.heart_rate_measurement, encode_heart_rate(measurement))

    def measurement_at(self, heart_s: float) -> HeartRateMeasurement:
        """What it notifies when the heart's time is ``heart_s`` (once a second): the rate and
        the beats since the last measurement, as its electrodes sense them; off the skin, the
        last rate and no beat."""
        rr_ms = self.electrodes.beats_until(heart_s)
        if self.on_skin:
            self._held_bpm = self.electrodes.heart_rate_bpm()
        else:
            rr_ms = []  # no beat is sensed
        return HeartRateMeasurement(
            heart_rate_bpm=self._held_bpm,
            contact_supported=self.reports_contact,
            contact_detected=self.on_skin if self.reports_contact else None,
            energy_expended_kj=None,
            rr_intervals_ms=tuple(rr_ms),
        )

    # -- faults of its own --------------------------------------------------------------

    def take_off(self) -> bool:
        """Off the skin from now on; False if it already was."""
        if not self.on_skin:
            return False
        self.on_skin = False
        if self.switched_on:
            self._arm_off_skin_timer()
        return True

    async def put_on(self) -> bool:
        """On the skin again (awake again if it had turned itself off); False if it was."""
        await self._settled()  # first: given up while it waits, it is still off the skin
        if self.on_skin:
            return False
        self.on_skin = True
        self._cancel_off_skin_timer()
        if self._asleep:
            self._asleep = False
            await self.switch_on()
        return True

    def _arm_off_skin_timer(self) -> None:
        if self.OFF_SKIN_LINK_S is None:
            return
        self._cancel_off_skin_timer()
        loop = asyncio.get_running_loop()
        self._off_skin_timer = loop.call_later(self.OFF_SKIN_LINK_S, self._fall_asleep)

    def _cancel_off_skin_timer(self) -> None:
        if self._off_skin_timer is not None:
            self._off_skin_timer.cancel()
            self._off_skin_timer = None

    def _fall_asleep(self) -> None:
        """Off the skin too long: it drops the link and turns itself off until worn again
        (a task of its own: switching off cancels the device's tasks)."""
        self._off_skin_timer = None

        async def fall_asleep() -> None:
            self._asleep = True  # from now: wearing it wakes it
            await self.switch_off()

        self._sleeping = asyncio.get_running_loop().create_task(fall_asleep())
        self._sleeping.add_done_callback(log_failure)

    def _heart_s(self) -> float:
        """The heart's time now (it beats on while the strap is off)."""
        return self.heart.heart_s(asyncio.get_running_loop().time())
