"""What ``lumbar scan`` and ``lumbar record`` do (see ``devices``).

Imported only when one of them runs: it pulls in asyncio, and through it bleak.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tui.commands.common import UsageError, emit_json, print_table, warn

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.sessions import SessionWriter
    from sensors.hub import HubEvent
    from sensors.recording import DeviceSummary
    from sensors.scan import FoundDevice


EXIT_NO_BLUETOOTH = 1


def _no_bluetooth(line: str) -> int:
    print(f"lumbar: {line}", file=sys.stderr)
    return EXIT_NO_BLUETOOTH


# -- scan -------------------------------------------------------------------------------


def scan(args: argparse.Namespace) -> int:
    from sensors.backend import BluetoothUnavailable

    try:
        found = asyncio.run(_scan_for(args.timeout, getattr(args, "demo", False)))
    except BluetoothUnavailable as error:
        return _no_bluetooth(str(error))
    if args.json:
        emit_json(
            [
                {
                    "kind": d.kind,
                    "label": d.label,
                    "name": d.name,
                    "address": d.address,
                    "rssi_dbm": d.rssi_dbm,
                }
                for d in found
            ]
        )
    elif not found:
        print("No supported devices heard. Is the strap worn (its contacts moist) and awake?")
    else:
        print_table(
            ("KIND", "NAME", "ADDRESS", "RSSI"),
            [(d.kind, d.name or "", d.address, f"{d.rssi_dbm} dBm") for d in found],
        )
    return 0


async def _scan_for(timeout_s: float, demo: bool) -> list[FoundDevice]:
    from sensors.backend import open_transport
    from sensors.scan import scan

    async with await open_transport(demo) as transport:
        return await scan(transport, timeout_s)


# -- record -----------------------------------------------------------------------------


def record(args: argparse.Namespace) -> int:
    from db.connection import open_database
    from db.errors import DatabaseProblem
    from sensors.backend import BluetoothUnavailable
    from tui.locations import locate

    demo = getattr(args, "demo", False)
    if demo == bool(args.device):
        raise UsageError(
            "record needs either --demo (the emulated devices) or --device ADDR (see "
            "'lumbar scan'), not both"
            if demo
            else "record needs --demo (the emulated devices) or --device ADDR (see 'lumbar scan')"
        )
    addresses = [_address(a) for a in args.device or ()]
    locations = locate(args.db)
    try:
        db = open_database(locations.db_path)
    except DatabaseProblem as problem:
        raise UsageError(str(problem)) from None
    if demo:
        from db.demo import record_as_demo

        record_as_demo(db)
    try:
        outcome = asyncio.run(_record_for(args.seconds, demo, addresses, args.wait, db))
    except BluetoothUnavailable as error:
        return _no_bluetooth(str(error))
    finally:
        db.close()
    if isinstance(outcome, str):
        print(f"lumbar: {outcome}", file=sys.stderr)
        return 1
    seconds, origin_s, summaries, session_id = outcome
    if args.json:
        emit_json(
            {
                "session_id": session_id,
                "seconds": round(seconds, 3),
                "devices": [_summary_json(s, origin_s) for s in summaries],
            }
        )
    else:
        _print_summary(seconds, summaries)
        print(f"Saved as recording {session_id}: '{locations.command(f'log show {session_id}')}'.")
    return 0


def _address(text: str) -> str:
    parts = text.split(":")
    if len(parts) == 6 and all(len(p) == 2 for p in parts):
        try:
            bytes.fromhex("".join(parts))
            return text.upper()
        except ValueError:
            pass
    if len(text) == 36 and text.count("-") == 4:  # macOS gives UUIDs, not addresses
        return text.upper()
    raise UsageError(f"'{text}' is not a device address like C0:1A:2B:3C:4D:10 (see 'lumbar scan')")


async def _record_for(
    seconds: float, demo: bool, addresses: Sequence[str], wait_s: float, db: Database
) -> tuple[float, float, list[DeviceSummary], int] | str:
    """Stream for ``seconds`` from the first connection, stored as it comes, or say why not.

    Returns how long it streamed, when it started (host monotonic), a summary per device
    and the id of the recording in the database.
    """
    from db.sessions import SessionWriter
    from sensors.backend import BluetoothUnavailable, open_transport
    from sensors.hub import DeviceStateChanged, SensorHub, SensorsUnavailable, StreamStopped
    from sensors.recording import Recording

    async with await open_transport(demo) as transport:
        hub = SensorHub(transport)
        recording: Recording | None = None
        writer: SessionWriter | None = None
        pending: list[HubEvent] = []
        first_connection = asyncio.Event()
        unavailable: list[str] = []

        async def consume() -> None:
            nonlocal recording, writer
            async for event in hub.events():
                if isinstance(event, SensorsUnavailable):
                    unavailable.append(event.reason)
                    first_connection.set()
                    continue
                if isinstance(event, DeviceStateChanged):
                    if event.state == "connected" and recording is None:
                        writer = SessionWriter.start(db, kind="recording")
                        recording = Recording(event.t_s, sink=writer)
                        for early in pending:
                            recording.add(early)
                        first_connection.set()
                    if event.reason and event.state in ("reconnecting", "gone"):
                        warn([f"{event.name or event.device} {event.state}: {event.reason}"])
                elif isinstance(event, StreamStopped):
                    warn([event.line])
                if recording is None:
                    pending.append(event)
                else:
                    recording.add(event)

        async with hub:
            for address in addresses:
                hub.want(address)
            if demo:
                hub.want_all()
            consumer = asyncio.get_running_loop().create_task(consume())
            saver = asyncio.get_running_loop().create_task(_save_every_second(lambda: writer))
            elapsed_s = 0.0
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(first_connection.wait(), wait_s)
                if recording is not None and not unavailable:
                    started_s = time.monotonic()
                    await asyncio.sleep(seconds)
                    elapsed_s = time.monotonic() - started_s
            finally:
                await hub.stop()
                await consumer
                saver.cancel()
        if unavailable:
            raise BluetoothUnavailable(unavailable[0])
        if recording is None or writer is None:
            return f"no device connected within {wait_s:g} s; is it worn and in range?"
        summaries = recording.finish(hub.counters())
        await asyncio.to_thread(writer.finish, "completed", elapsed_s)
        return elapsed_s, recording.origin_s, summaries, writer.session_id


async def _save_every_second(current: Callable[[], SessionWriter | None]) -> None:
    """Write what came about once a second, in a thread so the radio is never kept waiting.

    A failed write keeps its rows for the next try; the person hears of it once.
    """
    from db.errors import DatabaseProblem

    told = False
    while True:
        await asyncio.sleep(1.0)
        writer = current()
        if writer is None:
            continue
        try:
            await asyncio.to_thread(writer.flush)
        except DatabaseProblem as problem:
            if not told:
                warn([f"{problem}; still recording, the rows are kept and retried"])
                told = True


def _summary_json(summary: DeviceSummary, origin_s: float) -> dict[str, Any]:
    hr = summary.heart_rate
    acc = summary.acc
    return {
        "address": summary.device,
        "name": summary.name,
        "kind": summary.kind,
        "state": summary.state,
        "heart_rate": None
        if hr is None
        else {
            "readings": hr.readings,
            "without_heart_rate": hr.without_heart_rate,
            "rate_hz": None if hr.rate_hz is None else round(hr.rate_hz, 3),
            "rr_intervals": hr.rr_intervals,
            "min_bpm": hr.min_bpm,
            "mean_bpm": None if hr.mean_bpm is None else round(hr.mean_bpm, 1),
            "max_bpm": hr.max_bpm,
        },
        "acc": None
        if acc is None
        else {
            "samples": acc.samples,
            "rate_hz": round(acc.effective_rate_hz, 3),
            "nominal_rate_hz": acc.nominal_rate_hz,
            "missing_samples": acc.missing_samples,
        },
        "battery_percent": summary.battery_percent,
        "packets": dict(summary.packets),
        "malformed": dict(summary.malformed),
        "reconnects": summary.reconnects,
        "gaps": [
            {
                "start_s": round(g.start_s - origin_s, 3),
                "duration_s": round(g.duration_s, 3),
                "reason": g.reason,
            }
            for g in summary.gaps
        ],
    }


def _print_summary(seconds: float, summaries: list[DeviceSummary]) -> None:
    print(f"Recorded {seconds:.1f} s from {len(summaries)} device(s).")
    for s in summaries:
        print(f"\n{s.name or s.device}  ({s.kind}, {s.device}, {s.state})")
        if s.heart_rate is not None:
            hr = s.heart_rate
            rate = "" if hr.rate_hz is None else f" ({hr.rate_hz:.2f}/s)"
            figures = (
                "no heart rate: no skin contact"
                if hr.mean_bpm is None
                else f"{hr.min_bpm}-{hr.max_bpm} bpm (mean {hr.mean_bpm:.0f})"
            )
            if hr.without_heart_rate and hr.mean_bpm is not None:
                figures += f"; {hr.without_heart_rate} without skin contact"
            print(
                f"  heart rate  {_count(hr.readings, 'reading')}{rate}, "
                f"{_count(hr.rr_intervals, 'RR interval')}, {figures}"
            )
        if s.acc is not None:
            acc = s.acc
            missing = f"{acc.missing_samples} missing" if acc.missing_samples else "none missing"
            print(
                f"  acc         {acc.samples} samples at {acc.effective_rate_hz:.1f} Hz "
                f"({acc.nominal_rate_hz:g} Hz asked), {missing}"
            )
        if s.battery_percent is not None:
            print(f"  battery     {s.battery_percent} %")
        packets = ", ".join(f"{k} {v}" for k, v in sorted(s.packets.items())) or "none"
        malformed = ", ".join(f"{k} {v}" for k, v in sorted(s.malformed.items())) or "none"
        print(f"  packets     {packets}; malformed: {malformed}")
        if s.gaps:
            total = sum(g.duration_s for g in s.gaps)
            print(
                f"  gaps        {_count(len(s.gaps), 'gap')}, {total:.1f} s in all; "
                f"{_count(s.reconnects, 'reconnect')}"
            )
        else:
            print("  gaps        none")


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" + ("" if number == 1 else "s")
