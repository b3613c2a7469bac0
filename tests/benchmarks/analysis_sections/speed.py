"""Speed: synthetic 100 Hz data analysed in live-sized batches and in big ones, and a whole
recording of holds that starts mid-hold (so it is analysed twice, see ``rest.py``)."""

from __future__ import annotations

import statistics
import time

import numpy as np

from sensors.motion import MotionAnalyzer, analyze_samples

from .data_folder import Array


def synthetic_session(seconds: float, rate_hz: float = 100.0) -> tuple[Array, Array]:
    """Reps (a 30° tilt every 4 s), holds and rests, with sensor noise: seeded, repeatable."""
    rng = np.random.default_rng(5)
    t = np.arange(0.0, seconds, 1.0 / rate_hz)
    phase = (t % 120.0) < 60.0  # a minute of reps, a minute of stillness
    angle = np.radians(30.0) * phase * 0.5 * (1 - np.cos(2 * np.pi * t / 4.0))
    acc = np.column_stack([np.sin(angle), np.zeros_like(t), np.cos(angle)])
    acc += rng.normal(0.0, 0.01, acc.shape)
    return t, acc


def synthetic_holds(seconds: float, rate_hz: float = 100.0) -> tuple[Array, Array]:
    """Holds of 5 s at 25° with 2 s rests between, starting mid-hold: seeded, repeatable."""
    rng = np.random.default_rng(6)
    t = np.arange(0.0, seconds, 1.0 / rate_hz)
    phase = (t + 6.0) % 9.0  # lower 1 s, rest 2 s, rise 1 s, hold 5 s; start 3 s into a hold
    lowering = np.clip(phase, 0.0, 1.0)
    rising = np.clip(phase - 3.0, 0.0, 1.0)
    level = np.where(phase < 3.0, 1.0 - lowering, rising)
    angle = np.radians(25.0) * (0.5 - 0.5 * np.cos(np.pi * level))
    acc = np.column_stack([np.sin(angle), np.zeros_like(t), np.cos(angle)])
    acc += rng.normal(0.0, 0.005, acc.shape)
    return t, acc


def speed(minutes: float) -> None:
    seconds = minutes * 60.0
    t, acc = synthetic_session(seconds)
    print(f"speed: {minutes:g} min of 100 Hz data ({len(t)} samples)")
    for label, batch in (("live-sized batches of 20", 20), ("batches of 4096", 4096)):
        elapsed = _time_analysis(t, acc, batch)
        _print_speed(label, seconds, elapsed)
    t, acc = synthetic_holds(seconds)
    started = time.perf_counter()
    report = analyze_samples(t, acc, placement="thigh")
    _print_speed("holds from mid-hold", seconds, time.perf_counter() - started)
    held = [h.seconds_held for h in report.holds]
    passes = "twice (the rest was found)" if report.rests_found else "once"
    typical = f", median {statistics.median(held):.1f} s" if held else ""
    print(f"    analysed {passes}: {len(held)} holds{typical}")


def _print_speed(label: str, seconds: float, elapsed: float) -> None:
    print(
        f"  {label:25s} {elapsed:.3f} s  = {seconds / elapsed:,.0f}x real time"
        f"  ({3600.0 / seconds * elapsed:.2f} s per hour)"
    )


def _time_analysis(t: Array, acc: Array, batch: int) -> float:
    analyzer = MotionAnalyzer("chest", auto_sets=True)
    started = time.perf_counter()
    for i in range(0, len(t), batch):
        analyzer.feed(t[i : i + batch], acc[i : i + batch])
    analyzer.finish()
    return time.perf_counter() - started
