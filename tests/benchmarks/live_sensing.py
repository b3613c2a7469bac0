"""What the live motion analysis of a session costs: an emulated H10's 200 Hz stream, as the
demo person performs a bridge set, through ``SessionSensing`` (detectors, per-set figures,
packing the raw stream), batch by batch as notifications arrive.

    .venv/bin/python tests/benchmarks/live_sensing.py [--minutes 10] [--batch 14]

Prints the time per batch (median, p99), the share of one core for 200 Hz, and the reps
counted against the reps the demo person performed. An H10 sends 36 samples a frame (about
every 180 ms); older emulation sent 14: give ``--batch`` to measure either.
"""

from __future__ import annotations

import argparse
import statistics
import time

from catalog import load_catalog
from catalog.plan import expand
from sensors.emulation.performer import MOVE_S, Performer
from sensors.readings import AccelerationBatch
from tui.demo_person import movement_for
from tui.session_sensing import SessionSensing

RATE_HZ = 200.0
BATCH = 14
START_S = 5.6  # the set starts after about 5 s at rest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--batch", type=int, default=BATCH, help="samples per notification")
    args = parser.parse_args()
    size = args.batch
    start_batch = round(START_S * RATE_HZ / size)
    catalog = load_catalog(None)
    steps = list(expand(catalog.routines["core-basics"], catalog.exercises, rest_s=30))
    index = next(
        i for i, s in enumerate(steps) if s.kind == "work" and s.exercise_id == "glute-bridge"
    )
    movement = movement_for(catalog.exercises["glute-bridge"], steps[index].dose)
    performer = Performer(movement)
    sensing = SessionSensing(catalog.exercises, origin_s=0.0)
    sensing.announce("glute-bridge")
    seconds = args.minutes * 60
    batches: list[AccelerationBatch] = []
    t = started_s = 0.0
    while t < seconds:
        if len(batches) == start_batch:
            performer.do("reps", movement)
            started_s = t
        times = tuple(t + i / RATE_HZ for i in range(size))
        values = tuple(tuple(round(v) for v in performer(x)) for x in times)
        batches.append(AccelerationBatch("H10", times, values, RATE_HZ))  # type: ignore[arg-type]
        t += size / RATE_HZ
    durations: list[float] = []
    for number, batch in enumerate(batches):
        if number == start_batch:
            sensing.step_started(index, steps[index])
        start = time.perf_counter()
        sensing.hear(batch)
        durations.append(time.perf_counter() - start)
    sensing.step_ended(index, seconds)
    figures = sensing.sensing(index)
    durations.sort()
    total = sum(durations)
    print(f"{len(batches)} batches of {size} samples ({args.minutes:g} min at {RATE_HZ:g} Hz)")
    print(f"per batch: median {statistics.median(durations) * 1e3:.3f} ms")
    print(f"per batch: p99 {durations[int(len(durations) * 0.99)] * 1e3:.3f} ms")
    print(f"share of one core: {total / seconds * 100:.2f} %")
    cycle_s = movement.lift_s + movement.top_s + movement.lower_s + movement.pause_s
    counted = figures.reps_sensed if figures else 0
    # A rep is done once the person is back at rest: MOVE_S to get there, then one a cycle.
    performed = int((t - started_s - MOVE_S - (cycle_s - movement.pause_s)) // cycle_s) + 1
    print(f"reps counted: {counted} (performed about every {cycle_s:g} s)")
    print(f"reps performed: {performed}")


if __name__ == "__main__":
    main()
