"""``lumbar scan``, ``lumbar record`` and ``lumbar emulate``: wearables from the command line.

``scan`` lists the supported devices in range; ``record`` streams from them for a while
and summarises what came (and what did not); ``emulate`` runs emulated wearables for a
lumbar in another terminal (``LUMBAR_EMULATOR=tcp:PORT``) and takes fault commands on
stdin, so a person can break the strap on purpose. ``--demo`` uses emulated devices in
the same process. The work is in ``device_runs`` and ``emulator``, imported only when a
command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands.common import add_json_flag

DEFAULT_EMULATOR_PORT = 7339
MAX_SECONDS = 24 * 3600.0


def register(commands: Any) -> None:
    scan = commands.add_parser("scan", help="the wearables in range (kind, name, address, RSSI)")
    scan.add_argument(
        "--timeout", type=_seconds, default=5.0, metavar="S", help="listen this long (default 5)"
    )
    # SUPPRESS: when not given here, 'lumbar --demo scan' keeps the top-level flag.
    scan.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="emulated devices, no Bluetooth needed",
    )
    add_json_flag(scan)
    scan.set_defaults(handler=_scan)

    record = commands.add_parser(
        "record", help="stream from wearables for N seconds and summarise what came"
    )
    # Either --demo (here or before the command) or --device: checked when it runs.
    record.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help="the emulated H10 and strap"
    )
    record.add_argument(
        "--device",
        action="extend",
        nargs="+",
        metavar="ADDR",
        help="the address of a device to record (see 'lumbar scan')",
    )
    record.add_argument(
        "--seconds", type=_seconds, required=True, metavar="N", help="how long to record"
    )
    record.add_argument(
        "--wait",
        type=_seconds,
        default=30.0,
        metavar="S",
        help="give up if no device connects within S seconds (default 30)",
    )
    add_json_flag(record)
    record.set_defaults(handler=_record)

    emulate = commands.add_parser(
        "emulate",
        help="run emulated wearables for another terminal's lumbar; type faults to break them",
        description=(
            "Serve emulated wearables over TCP until 'quit'. In another terminal, "
            "LUMBAR_EMULATOR=tcp:PORT makes lumbar use them. Commands on stdin: "
            "[DEVICE] drop [OFF_S] | silence S | garbage [N] | battery PERCENT | slow S | "
            "off | on | off-skin | on-skin; for the H10 also refuse CODE | stop-acc | "
            "mute-acc | require-pairing | refuse-pairing | mtu BYTES; stats; help; quit."
        ),
    )
    emulate.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_EMULATOR_PORT,
        metavar="P",
        help=f"TCP port on 127.0.0.1 (default {DEFAULT_EMULATOR_PORT})",
    )
    emulate.add_argument(
        "--devices", default="h10,strap", metavar="LIST", help="h10, strap (default h10,strap)"
    )
    emulate.add_argument(
        "--script",
        metavar="FAULTS",
        help="timed faults, e.g. '5 strap drop 2; 10 h10 silence 6'",
    )
    emulate.set_defaults(handler=_emulate)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, not '{text}'") from None
    if not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"expected seconds between 0 and {MAX_SECONDS:g}")
    return value


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"expected a TCP port 1-65535, not '{text}'")
    return int(text)


def _scan(args: argparse.Namespace) -> int:
    from tui.commands.device_runs import scan

    return scan(args)


def _record(args: argparse.Namespace) -> int:
    from tui.commands.device_runs import record

    return record(args)


def _emulate(args: argparse.Namespace) -> int:
    from tui.commands.emulator import emulate

    return emulate(args)
