"""How long lumbar takes to show its first screen, next to a bare Textual app.

Run as ``python tests/benchmarks/startup.py [--runs N]`` with the project's Python. Every run
is a fresh subprocess, headless at 80x24, with settings and the user's catalog read from
empty temporary directories (the real home is never touched). Figures only: no thresholds.

Two figures per app:

* first screen: wall time from just before the parent spawns the child to the moment the
  child reports its first screen is composed and painted (interpreter start, imports,
  loading the catalog, composing);
* process: wall time of the whole child process, exit included.

The command figures time ``lumbar catalog --json`` and ``lumbar routines`` end to end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

READY = "READY"


# --- children: each runs in its own fresh interpreter ------------------------------------


def _child_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.pilot import Pilot
    from textual.widgets import Footer, Header, Static

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello from a bare Textual app.")
            yield Footer()

    async def auto_pilot(pilot: Pilot[object]) -> None:
        await pilot.pause()
        print(f"{READY} {time.time():.6f}", flush=True)
        pilot.app.exit()

    BareApp().run(headless=True, size=(80, 24), auto_pilot=auto_pilot)


def _child_lumbar() -> None:
    # The same steps as ``lumbar`` with no command: tui.cli.main -> load -> build_app.
    from tui.cli import build_app, load

    app = build_app(load(None))

    from textual.pilot import Pilot
    from textual.widgets import OptionList

    from tui.screens.home import HomeScreen

    def home_ready() -> bool:
        screen = app.screen
        if not isinstance(screen, HomeScreen):
            return False
        routines = screen.query(OptionList).filter("#routines")
        return bool(routines) and routines.first().option_count > 0

    async def auto_pilot(pilot: Pilot[object]) -> None:
        deadline = time.monotonic() + 30
        while not home_ready():
            if time.monotonic() > deadline:
                raise SystemExit("lumbar's home screen never showed its routines")
            await pilot.pause()
        await pilot.pause()  # let the screen paint once with the routines in it
        print(f"{READY} {time.time():.6f}", flush=True)
        pilot.app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)


CHILDREN = {"bare": _child_bare, "lumbar": _child_lumbar}


# --- the parent: spawns, times and reports -------------------------------------------------


def _spawn_app(kind: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds to first screen, seconds of process wall time) of one fresh child."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    start_wall = time.time()
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    total = time.perf_counter() - start
    ready = [line for line in result.stdout.splitlines() if line.startswith(READY + " ")]
    if result.returncode != 0 or not ready:
        raise SystemExit(
            f"the {kind} child failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
        )
    first_screen = float(ready[-1].split()[1]) - start_wall
    return first_screen, total


def _time_command(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed (exit {result.returncode}):\n{result.stderr}")
    return took


def _lumbar_command() -> list[str]:
    beside = Path(sys.executable).parent / "lumbar"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("lumbar")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for number, row in enumerate([header, *rows]):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells))
        if number == 0:
            print("  ".join("-" * w for w in widths))


def _benchmark(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lumbar-bench-") as tmp:
        env = {
            **os.environ,
            "LUMBAR_CONFIG_DIR": str(Path(tmp, "config")),
            "LUMBAR_DATA_DIR": str(Path(tmp, "data")),
            "LUMBAR_DB": str(Path(tmp, "data", "lumbar.db")),
        }
        for name in ("TEXTUAL", "TEXTUAL_PRESS", "TEXTUAL_SCREENSHOT"):
            env.pop(name, None)

        apps: dict[str, tuple[list[float], list[float]]] = {}
        for kind in ("bare", "lumbar"):
            _spawn_app(kind, env)  # warm the file cache and bytecode once, not counted
            firsts, totals = [], []
            for _ in range(runs):
                first, total = _spawn_app(kind, env)
                firsts.append(first)
                totals.append(total)
            apps[kind] = (firsts, totals)

        lumbar = _lumbar_command()
        commands: dict[str, list[float]] = {}
        for label, args in (
            ("lumbar catalog --json", ["catalog", "--json"]),
            ("lumbar routines", ["routines"]),
        ):
            _time_command([*lumbar, *args], env)
            commands[label] = [_time_command([*lumbar, *args], env) for _ in range(runs)]

    print(f"Startup, headless at 80x24, {runs} fresh process{'es' if runs != 1 else ''} each")
    print()
    labels = {"bare": "bare Textual app", "lumbar": "lumbar app"}
    rows = []
    for kind, (firsts, totals) in apps.items():
        rows.append(
            (
                labels[kind],
                _ms(statistics.median(firsts)),
                _ms(min(firsts)),
                _ms(statistics.median(totals)),
                _ms(min(totals)),
            )
        )
    _table(("", "first screen median", "min", "process median", "min"), rows)
    print()
    _table(
        ("command", "median", "min"),
        [(label, _ms(statistics.median(t)), _ms(min(t))) for label, t in commands.items()],
    )
    print()
    over = statistics.median(apps["lumbar"][0]) - statistics.median(apps["bare"][0])
    print(f"lumbar first screen is {over * 1000:+.1f} ms over a bare Textual app")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each measure (default 10)")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        CHILDREN[args.child]()
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    _benchmark(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
