"""Faults for emulated devices, as short commands a person types or a test scripts.

One command: ``[DEVICE] ACTION [VALUE]``, e.g. ``drop``, ``strap silence 5``,
``h10 garbage 3``. Without a device it applies to every device. Actions:

    drop [OFF_S]      lose the link; stay off the air OFF_S seconds (default 0)
    silence SECONDS   stay connected but send nothing
    garbage [COUNT]   send COUNT malformed packets on every stream (default 1)
    battery PERCENT   set the battery level
    slow SECONDS      the next connection takes about SECONDS
    off | on          switch the device off or on
    off-skin          off the skin (a strap with contact bits says so, the rate it repeats
                      is stale; an H10 says nothing, and drops the link after 45 s)
    on-skin           worn again

and what only the H10 does (its accelerometer, over PMD):

    refuse CODE       answer every start with PMD status CODE (13: on its charger; 0: stop)
    stop-acc          stop the accelerometer and say so (01 02); heart rate goes on
    mute-acc          the accelerometer's frames stop, without a word, until it restarts
    stuck-z           the accelerometer's z axis reads the end of its range (-2000 mG at
                      ±2 g) whatever the motion, for good (polar-ble-sdk issue 634)
    require-pairing   take control-point writes only over a paired link (as on Windows)
    refuse-pairing    the same, and turn down every request to pair
    mtu BYTES         the largest ATT MTU it takes from the next connection (23-517)

A script is commands with the time to run them, separated by ``;`` or new lines:
``"1.0 strap drop 0.5; 2.5 h10 garbage 3"`` (seconds from when the script starts).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sensors.emulation.hr_strap import EmulatedHeartRateStrap
from sensors.emulation.peripheral import EmulatedPeripheral
from sensors.emulation.polar_h10 import EmulatedPolarH10

__all__ = [
    "ACTIONS",
    "FaultCommand",
    "FaultStep",
    "apply_fault",
    "parse_fault",
    "parse_script",
    "run_script",
]

# action -> (needs a value, default value, what the value is)
ACTIONS: dict[str, tuple[bool, float | None, str]] = {
    "drop": (False, 0.0, "seconds off the air"),
    "silence": (True, None, "seconds"),
    "garbage": (False, 1.0, "packets per stream"),
    "battery": (True, None, "percent"),
    "slow": (True, None, "seconds"),
    "off": (False, None, ""),
    "on": (False, None, ""),
    "off-skin": (False, None, ""),
    "on-skin": (False, None, ""),
    "refuse": (True, None, "PMD status code"),
    "stop-acc": (False, None, ""),
    "mute-acc": (False, None, ""),
    "stuck-z": (False, None, ""),
    "require-pairing": (False, None, ""),
    "refuse-pairing": (False, None, ""),
    "mtu": (True, None, "bytes"),
}
H10_ONLY = frozenset(
    {"refuse", "stop-acc", "mute-acc", "stuck-z", "require-pairing", "refuse-pairing", "mtu"}
)


@dataclass(frozen=True, slots=True)
class FaultCommand:
    action: str
    value: float | None = None
    device: str | None = None  # None: every device


@dataclass(frozen=True, slots=True)
class FaultStep:
    at_s: float
    command: FaultCommand


def parse_fault(text: str, devices: Mapping[str, object] | None = None) -> FaultCommand:
    """One command; ValueError with a line saying what is wrong."""
    words = text.split()
    if not words:
        raise ValueError("empty command")
    device: str | None = None
    if words[0] not in ACTIONS:
        device, words = words[0], words[1:]
        if devices is not None and device not in devices:
            known = ", ".join(devices)
            raise ValueError(f"no device '{device}' (devices: {known})")
        if not words:
            raise ValueError(f"what should happen to {device}? ({', '.join(ACTIONS)})")
    action, arguments = words[0], words[1:]
    if action not in ACTIONS:
        raise ValueError(f"unknown action '{action}' (actions: {', '.join(ACTIONS)})")
    needs_value, default, unit = ACTIONS[action]
    if len(arguments) > (1 if unit else 0):
        raise ValueError(f"too many words after '{action}'")
    value = default
    if arguments:
        try:
            value = float(arguments[0])
        except ValueError:
            raise ValueError(f"'{action}' takes a number ({unit}), not '{arguments[0]}'") from None
        if value < 0:
            raise ValueError(f"'{action}' takes a number of {unit} of 0 or more")
    elif needs_value:
        raise ValueError(f"'{action}' needs a number ({unit})")
    if action == "battery" and value is not None and not value <= 100:
        raise ValueError("a battery level is 0-100 percent")
    if action == "refuse" and value is not None and not (value.is_integer() and value <= 255):
        raise ValueError("a PMD status code is a whole number 0-255 (13: device in charger)")
    if action == "mtu" and value is not None and not (value.is_integer() and 23 <= value <= 517):
        raise ValueError("an ATT MTU is a whole number of bytes, 23-517")
    return FaultCommand(action, value, device)


async def apply_fault(command: FaultCommand, device: EmulatedPeripheral) -> str:
    """Inflict the fault on one device; what happened, as a short line."""
    value = command.value
    if command.action in H10_ONLY:
        if not isinstance(device, EmulatedPolarH10):
            return "has no accelerometer: nothing done"
        return await _apply_to_h10(command.action, value, device)
    match command.action:
        case "drop":
            was_connected = device.connected
            await device.drop_link(value or 0.0)
            off = f", off the air for {value:g} s" if value else ""
            return f"link dropped{off}" if was_connected else f"was not connected{off}"
        case "silence":
            device.silence(value or 0.0)
            return f"silent for {value:g} s"
        case "garbage":
            sent = await device.send_garbage(int(value or 1))
            return f"{sent} malformed packets sent" if sent else "not streaming: nothing sent"
        case "battery":
            await device.set_battery(int(value or 0))
            return f"battery at {int(value or 0)} %"
        case "slow":
            await device.slow_connect(value or 0.0)
            return f"the next connection takes about {value:g} s"
        case "off":
            await device.switch_off()
            return "switched off"
        case "on":
            await device.switch_on()
            return "switched on"
        case "off-skin" | "on-skin":
            if not isinstance(device, EmulatedHeartRateStrap):
                return "is not worn on the skin: nothing done"
            if command.action == "on-skin":
                return "worn again" if await device.put_on() else "was worn: nothing done"
            if not device.take_off():
                return "was off the skin: nothing done"
            if device.OFF_SKIN_LINK_S is None:
                return "off the skin"
            return f"off the skin; drops the link in {device.OFF_SKIN_LINK_S:g} s"
    raise ValueError(f"unknown action '{command.action}'")


async def _apply_to_h10(action: str, value: float | None, h10: EmulatedPolarH10) -> str:
    match action:
        case "refuse":
            code = int(value or 0)
            h10.refuse(code)
            return f"refusing every start with status {code}" if code else "starting again"
        case "stop-acc":
            return "accelerometer stopped, and said so" if await h10.stop_acc() else "ACC was off"
        case "mute-acc":
            return (
                "accelerometer frames stopped (no word said)" if h10.mute_acc() else "ACC was off"
            )
        case "stuck-z":
            h10.stuck_z = True
            return "the accelerometer's z axis reads the end of its range from now on"
        case "require-pairing":
            h10.require_pairing()
            return "control-point writes need a paired link"
        case "refuse-pairing":
            h10.require_pairing(refuse=True)
            return "control-point writes need a paired link, and pairing is refused"
        case "mtu":
            h10.set_max_mtu(int(value or 0))
            return f"takes an MTU of {int(value or 0)} bytes at most from the next connection"
    raise ValueError(f"unknown action '{action}'")


def parse_script(text: str, devices: Mapping[str, object] | None = None) -> tuple[FaultStep, ...]:
    """``"1.0 strap drop 0.5; 2.5 h10 garbage 3"`` -> steps in time order."""
    steps: list[FaultStep] = []
    for part in text.replace("\n", ";").split(";"):
        words = part.split(maxsplit=1)
        if not words:
            continue
        try:
            at_s = float(words[0])
        except ValueError:
            raise ValueError(f"'{part.strip()}' does not start with a time in seconds") from None
        if len(words) < 2:
            raise ValueError(f"nothing to do at {at_s:g} s")
        steps.append(FaultStep(at_s, parse_fault(words[1], devices)))
    return tuple(sorted(steps, key=lambda step: step.at_s))


async def run_script(
    steps: tuple[FaultStep, ...],
    devices: Mapping[str, EmulatedPeripheral],
    report: Callable[[str], None] | None = None,
) -> list[str]:
    """Run the steps at their times; what happened at each, in order (also to ``report``)."""
    loop = asyncio.get_running_loop()
    start_s = loop.time()
    log: list[str] = []
    for step in steps:
        await asyncio.sleep(max(0.0, start_s + step.at_s - loop.time()))
        for name in targets(step.command, devices):
            line = f"{step.at_s:g} s {name}: {await apply_fault(step.command, devices[name])}"
            log.append(line)
            if report is not None:
                report(line)
    return log


def targets(command: FaultCommand, devices: Mapping[str, EmulatedPeripheral]) -> list[str]:
    return list(devices) if command.device is None else [command.device]
