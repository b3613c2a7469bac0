"""How long ``lumbar serve`` takes to listen, and a browser to show lumbar's first screen.

Run as ``python tests/benchmarks/serve.py [--runs N]`` with the project's Python (Debian's
``chromium`` installed). Every run starts the installed ``lumbar serve --port 0`` afresh,
with settings and data in an empty temporary directory, and opens its link in a fresh
headless Chromium the size of a tablet. Figures only: no thresholds.

* listening: from spawning ``lumbar serve`` to its printed link;
* first screen: from asking Chromium to open the link to the home screen's routines drawn
  (the page, textual.js, the websocket, a new lumbar process, its first paint).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from browser import TABLET, chromium

LUMBAR = Path(sys.executable).parent / "lumbar"


async def one_run(folder: Path) -> tuple[float, float]:
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")},
        "LUMBAR_CONFIG_DIR": str(folder / "config"),
        "LUMBAR_DATA_DIR": str(folder / "data"),
    }
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(LUMBAR), "serve", "--port", "0"], stdout=subprocess.PIPE, text=True, env=environ
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]
        listening = time.perf_counter() - started
        async with chromium(folder / "chromium", TABLET) as (_, page):
            opened = time.perf_counter()
            await page.open(url, TABLET)
            await page.wait_for("Core basics", timeout_s=60)
            first_screen = time.perf_counter() - opened
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    return listening, first_screen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    figures = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            figures.append(asyncio.run(one_run(Path(folder))))
    for label, values in (
        ("lumbar serve listening", [f[0] for f in figures]),
        ("first screen in Chromium", [f[1] for f in figures]),
    ):
        ms = [v * 1000 for v in values]
        print(f"{label:<26} median {statistics.median(ms):7.0f} ms  max {max(ms):7.0f} ms")
    print(f"({runs} runs)")


if __name__ == "__main__":
    main()
