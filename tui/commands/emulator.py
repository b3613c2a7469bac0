"""What ``lumbar emulate`` does (see ``devices``): emulated wearables served over TCP for a
lumbar in another terminal, broken on purpose by fault commands typed on stdin or scripted.

The command is the emulator's own face, so it is one of the few modules that import
``sensors.emulation`` (see the import-linter contract in pyproject.toml).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.commands.common import UsageError

if TYPE_CHECKING:
    from sensors.emulation.world import Emulator


def emulate(args: argparse.Namespace) -> int:
    from sensors.emulation.world import parse_device_list

    try:
        kinds = parse_device_list(args.devices)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return asyncio.run(_emulate_until_quit(kinds, args.port, args.script))


HELP = """commands: [DEVICE] drop [OFF_S] | silence S | garbage [N] | battery PERCENT | slow S |
          off | on | off-skin | on-skin   (no DEVICE: every device);  stats;  help;  quit
  the H10: refuse CODE (13: on its charger; 0: stop refusing) | stop-acc | mute-acc |
          stuck-z | require-pairing | refuse-pairing | mtu BYTES"""


async def _emulate_until_quit(kinds: Sequence[str], port: int, script_text: str | None) -> int:
    from sensors.emulation.faults import apply_fault, parse_fault, parse_script, run_script, targets
    from sensors.emulation.world import Emulator

    emulator = await Emulator.start(kinds)
    try:
        try:
            script = parse_script(script_text, emulator.devices) if script_text else ()
        except ValueError as error:
            raise UsageError(f"--script: {error}") from None
        try:
            port = await emulator.serve_hci(port=port)
        except OSError as error:
            raise UsageError(
                f"cannot listen on port {port} ({error.strerror or error}); "
                "choose another with --port"
            ) from None
        for key, device in emulator.devices.items():
            _say(f"{key}: {device.name} ({device.address})")
        _say(f"HCI on tcp:127.0.0.1:{port}. In another terminal:")
        _say(f"  LUMBAR_EMULATOR=tcp:{port} lumbar scan")
        _say(HELP)
        scripted = None
        if script:
            scripted = asyncio.get_running_loop().create_task(
                run_script(script, emulator.devices, _say)
            )
        lines = _stdin_lines()
        while (line := await lines.get()) is not None:
            text = line.strip()
            if not text:
                continue
            if text in ("quit", "exit"):
                break
            if text == "help":
                _say(HELP)
                continue
            if text == "stats":
                _say(json.dumps(_stats(emulator)))
                continue
            try:
                command = parse_fault(text, emulator.devices)
            except ValueError as error:
                _say(f"? {error}")
                continue
            for name in targets(command, emulator.devices):
                _say(f"{name}: {await apply_fault(command, emulator.devices[name])}")
        if scripted is not None:
            scripted.cancel()
    finally:
        await emulator.close()
    return 0


def _say(line: str) -> None:
    print(line, flush=True)


def _stats(emulator: Emulator) -> dict[str, Any]:
    from sensors.emulation.polar_h10 import EmulatedPolarH10

    stats: dict[str, Any] = {}
    for key, device in emulator.devices.items():
        entry: dict[str, Any] = {
            "connected": device.connected,
            "sent": dict(device.sent),
            "battery_percent": device.battery_percent,
        }
        if isinstance(device, EmulatedPolarH10):
            entry["acc_samples_sent"] = device.samples_sent
        stats[key] = entry
    return stats


def _stdin_lines() -> asyncio.Queue[str | None]:
    """Lines typed on stdin, read by a daemon thread (None at end of input)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        try:
            for line in sys.stdin:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, None)
        except RuntimeError:  # the loop has closed: nobody is listening any more
            return

    threading.Thread(target=read, name="lumbar-emulate-stdin", daemon=True).start()
    return queue
