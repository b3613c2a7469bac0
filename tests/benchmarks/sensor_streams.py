"""What streaming from wearables costs the app: an emulated H10 at 200 Hz plus a strap.

Run as ``python tests/benchmarks/sensor_streams.py [--seconds S]`` with the project's Python.
The emulated devices run in their own process (``lumbar emulate``, HCI over TCP), so the
app's figures are the app's alone: bleak, the Bumble host on the app side, the hub's
parsing and queueing, and a consumer reading ``hub.events()``. Figures only, no thresholds:

* CPU share: the app process's CPU time over the wall time while streaming (and the
  emulator's, for comparison);
* notify-to-reading latency: from the moment the hub's notification callback stamped a
  heart-rate reading (its ``t_s``) to the moment the consumer had it;
* sample-to-reading latency: from the host time the hub gives an accelerometer frame's last
  sample (the device clock mapped onto ours) to the moment the consumer had the batch;
* samples lost: accelerometer samples (and heart-rate notifications) the emulator sent that
  the consumer never saw (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def lumbar_command() -> list[str]:
    installed = Path(sys.executable).with_name("lumbar")
    if installed.exists():
        return [str(installed)]
    found = shutil.which("lumbar")
    return [found] if found else [sys.executable, "-m", "tui.cli"]


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of another process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(seconds: float, port: int, emulator: subprocess.Popen[str]) -> dict[str, float]:
    from sensors.backend import open_transport
    from sensors.hub import DeviceStateChanged, SensorHub
    from sensors.readings import AccelerationBatch, HeartRateReading

    transport = await open_transport(emulator=f"tcp:{port}")
    hub = SensorHub(transport)
    hr_latency_s: list[float] = []
    acc_latency_s: list[float] = []
    counts = {"acc_samples": 0, "hr_readings": 0}
    connected: set[str] = set()
    both_connected = asyncio.Event()

    async def consume() -> None:
        async for event in hub.events():
            now = time.monotonic()
            if isinstance(event, AccelerationBatch):
                counts["acc_samples"] += len(event.acc_mg)
                acc_latency_s.append(now - event.t_s[-1])
            elif isinstance(event, HeartRateReading):
                counts["hr_readings"] += 1
                hr_latency_s.append(now - event.t_s)
            elif isinstance(event, DeviceStateChanged) and event.state == "connected":
                connected.add(event.device)
                if len(connected) == 2:
                    both_connected.set()

    async with hub:
        hub.want_all()
        consumer = asyncio.get_running_loop().create_task(consume())
        await asyncio.wait_for(both_connected.wait(), 30)
        cpu0, wall0, emu0 = time.process_time(), time.monotonic(), process_cpu_s(emulator.pid)
        await asyncio.sleep(seconds)
        cpu1, wall1, emu1 = time.process_time(), time.monotonic(), process_cpu_s(emulator.pid)
    await consumer
    await transport.close()
    wall = wall1 - wall0
    return {
        "wall_s": wall,
        "app_cpu_share": (cpu1 - cpu0) / wall,
        "emulator_cpu_share": (emu1 - emu0) / wall,
        "hr_latency_median_ms": 1000 * statistics.median(hr_latency_s),
        "hr_latency_p99_ms": 1000 * percentile(hr_latency_s, 0.99),
        "hr_latency_n": len(hr_latency_s),
        "acc_latency_median_ms": 1000 * statistics.median(acc_latency_s),
        "acc_latency_p99_ms": 1000 * percentile(acc_latency_s, 0.99),
        "acc_latency_n": len(acc_latency_s),
        **{key: float(value) for key, value in counts.items()},
    }


def emulator_stats(emulator: subprocess.Popen[str]) -> dict[str, dict[str, Any]]:
    assert emulator.stdin is not None
    assert emulator.stdout is not None
    emulator.stdin.write("stats\n")
    emulator.stdin.flush()
    for line in emulator.stdout:
        if line.startswith("{"):
            stats: dict[str, dict[str, Any]] = json.loads(line)
            return stats
    raise RuntimeError("the emulator closed without answering 'stats'")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="streaming time (15)")
    args = parser.parse_args(argv)
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("LUMBAR_EMULATOR", None)
    emulator = subprocess.Popen(
        [*lumbar_command(), "emulate", "--port", str(port), "--devices", "h10,strap"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO,
        env=env,
    )
    try:
        assert emulator.stdout is not None
        for line in emulator.stdout:
            if line.startswith("HCI on"):
                break
        else:
            print("the emulator did not start", file=sys.stderr)
            return 1
        figures = asyncio.run(measure(args.seconds, port, emulator))
        stats = emulator_stats(emulator)
    finally:
        if emulator.stdin is not None:
            emulator.stdin.write("quit\n")
            emulator.stdin.flush()
        try:
            emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emulator.kill()
    acc_sent = int(str(stats["h10"]["acc_samples_sent"]))
    hr_sent = sum(int(str(dict(device["sent"]).get("hr", 0))) for device in stats.values())
    acc_lost = acc_sent - int(figures["acc_samples"])
    hr_lost = hr_sent - int(figures["hr_readings"])
    print(f"emulated Polar H10 (ACC 200 Hz) + heart-rate strap, separate process, port {port}")
    print(f"streaming              {figures['wall_s']:.1f} s")
    print(f"app CPU share          {100 * figures['app_cpu_share']:.1f} % of one core")
    print(f"emulator CPU share     {100 * figures['emulator_cpu_share']:.1f} % of one core")
    print(
        f"notify-to-reading      median {figures['hr_latency_median_ms']:.2f} ms, "
        f"p99 {figures['hr_latency_p99_ms']:.2f} ms (heart rate, n={figures['hr_latency_n']:.0f})"
    )
    print(
        f"sample-to-reading      median {figures['acc_latency_median_ms']:.2f} ms, "
        f"p99 {figures['acc_latency_p99_ms']:.2f} ms (ACC frames, n={figures['acc_latency_n']:.0f})"
    )
    print(f"ACC samples            {acc_sent} sent, {int(figures['acc_samples'])} read")
    print(f"samples lost           {acc_lost}")
    print(f"heart-rate lost        {hr_lost} of {hr_sent}")
    return 0 if acc_lost == 0 and hr_lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
