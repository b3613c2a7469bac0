"""A set of emulated wearables on one virtual radio, in this process or served over TCP.

``Emulator`` builds the devices ("h10", "strap"), worn by one person (one heart: every strap
senses the same beats), switches them on, and either hands the
app a central on the same in-process link (``central``) or serves an HCI over TCP
(``serve_hci``) so that an app in another process attaches with
``tcp-client:127.0.0.1:PORT``. One app at a time may attach over TCP; a new one resets
the HCI, which drops whatever the previous one left connected.
"""

from __future__ import annotations

from collections.abc import Sequence

from sensors.emulation.backend import BLUEZ_TEMPORARY_TIMEOUT_S, BumbleCentral
from sensors.emulation.hci_server import HciServer
from sensors.emulation.heart import HeartModel
from sensors.emulation.hr_strap import EmulatedHeartRateStrap
from sensors.emulation.motion import MotionScript
from sensors.emulation.peripheral import EmulatedPeripheral
from sensors.emulation.polar_h10 import EmulatedPolarH10
from sensors.emulation.radio import new_link
from sensors.transport import Transport

__all__ = ["DEVICE_CHOICES", "Emulator", "parse_device_list"]

DEVICE_CHOICES = ("h10", "strap")
HEART_SEED = 10


def parse_device_list(text: str) -> tuple[str, ...]:
    """``"h10,strap"`` -> ("h10", "strap"); ValueError naming an unknown device."""
    names = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    if not names:
        raise ValueError("no devices given; choose from " + ", ".join(DEVICE_CHOICES))
    for name in names:
        if name not in DEVICE_CHOICES:
            raise ValueError(
                f"no emulated device '{name}'; choose from {', '.join(DEVICE_CHOICES)}"
            )
    return names


class Emulator:
    """Emulated wearables, each with its own controller on one shared link, all worn by one
    person: the straps sense ``heart``, each through its own electrodes."""

    def __init__(self) -> None:
        self.link = new_link()
        self.heart = HeartModel(HEART_SEED)
        self.devices: dict[str, EmulatedPeripheral] = {}
        self._servers: list[HciServer] = []
        self._centrals: list[BumbleCentral] = []

    def add(self, kind: str, *, motion: MotionScript | None = None) -> EmulatedPeripheral:
        """Add an "h10" or a "strap" (switched off), worn on the person's heart; the first is
        called "h10", the next "h10-2"."""
        count = sum(1 for name in self.devices if name.split("-")[0] == kind)
        key = kind if count == 0 else f"{kind}-{count + 1}"
        device: EmulatedPeripheral
        if kind == "h10":
            device = EmulatedPolarH10(
                self.link,
                device_id=f"{0x1A2B3C4D + count:08X}",
                address=f"C0:1A:2B:3C:4D:{0x10 + count:02X}",
                seed=10 + count,
                motion=motion,
                heart=self.heart,
            )
        elif kind == "strap":
            device = EmulatedHeartRateStrap(
                self.link,
                name=f"HR Strap {0x4F2A + count:04X}",
                address=f"C0:4F:2A:00:00:{0x20 + count:02X}",
                seed=20 + count,
                heart=self.heart,
            )
        else:
            raise ValueError(
                f"no emulated device '{kind}'; choose from {', '.join(DEVICE_CHOICES)}"
            )
        self.devices[key] = device
        return device

    @classmethod
    async def start(cls, kinds: Sequence[str] = DEVICE_CHOICES) -> Emulator:
        """An emulator with these devices, all switched on and advertising."""
        emulator = cls()
        for kind in kinds:
            emulator.add(kind)
        for device in emulator.devices.values():
            await device.switch_on()
        return emulator

    def __getitem__(self, key: str) -> EmulatedPeripheral:
        return self.devices[key]

    def wear(self, motion: MotionScript) -> bool:
        """Put the first emulated H10 on a person moving as ``motion`` says (the demo person);
        False when there is no H10."""
        h10 = self.devices.get("h10")
        if not isinstance(h10, EmulatedPolarH10):
            return False
        h10.motion = motion
        return True

    async def central(self, *, forget_after_s: float = BLUEZ_TEMPORARY_TIMEOUT_S) -> BumbleCentral:
        """The app's adapter on this emulator's link (in-process). It forgets a device
        unheard for ``forget_after_s``, as BlueZ does (a test makes that short)."""
        central = await BumbleCentral.on_link(self.link, forget_after_s=forget_after_s)
        self._centrals.append(central)
        return central

    async def transport(self, *, forget_after_s: float = BLUEZ_TEMPORARY_TIMEOUT_S) -> Transport:
        """What the app uses to reach these devices in-process; closing it closes them."""
        central = await self.central(forget_after_s=forget_after_s)
        return Transport(
            label="emulated devices (in-process)",
            scanner_backend=central.scanner_backend,
            client_backend=central.client_backend,
            emulator=self,
            closers=[self.close],
        )

    async def serve_hci(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Serve an HCI for one app at a time over TCP; the port (chosen when 0 is asked).

        Raises OSError when the port is taken.
        """
        server = HciServer(self.link)
        bound = await server.start(host, port)
        self._servers.append(server)
        return bound

    async def close(self) -> None:
        for central in self._centrals:
            await central.close()
        for device in self.devices.values():
            await device.switch_off()
        for server in self._servers:
            await server.close()
        self._centrals.clear()
        self._servers.clear()
