"""What the live motion analysis of a session costs, and how soon it counts each rep: an
emulated H10's 200 Hz stream, as the demo person performs a set, through ``SessionSensing``
(detectors, per-set figures, packing the raw stream), batch by batch as notifications arrive.

    .venv/bin/python tests/benchmarks/live_sensing.py [--minutes 10] [--batch 14]
        [--exercise glute-bridge]

Prints the time per batch (median, p99), the share of one core for 200 Hz, the reps counted
against the reps the demo person performed, and how late each rep was heard: from the moment
the person was back at rest after it to the end of the notification its ``RepCounted`` came out
of (negative: heard before the rep was quite over, on the way back). An H10 sends 36 samples a
frame (about every 180 ms); older emulation sent 14: give ``--batch`` to measure either. The
bridge's reps (24 degrees on the chest) count at once; the bird dog's (11 degrees, its third
rep rocked) are under ``at_once_deg``, so its first rep waits for the second.
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
from tui.live.sensing import SessionSensing

RATE_HZ = 200.0
BATCH = 14
START_S = 5.6  # the set starts after about 5 s at rest
SHOWN_REPS = 6
"""How many of the set's first reps have their delay printed one by one."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--batch", type=int, default=BATCH, help="samples per notification")
    parser.add_argument("--exercise", default="glute-bridge", help="a core-basics exercise")
    args = parser.parse_args()
    size = args.batch
    start_batch = round(START_S * RATE_HZ / size)
    catalog = load_catalog(None)
    steps = list(expand(catalog.routines["core-basics"], catalog.exercises, rest_s=30))
    index = next(
        i for i, s in enumerate(steps) if s.kind == "work" and s.exercise_id == args.exercise
    )
    movement = movement_for(catalog.exercises[args.exercise], steps[index].dose)
    performer = Performer(movement)
    sensing = SessionSensing(catalog.exercises, origin_s=0.0)
    sensing.announce(args.exercise)
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
    heard_s: list[float] = []
    from sensors.motion import RepCounted

    for number, batch in enumerate(batches):
        if number == start_batch:
            sensing.step_started(index, steps[index])
        start = time.perf_counter()
        heard = sensing.hear(batch)
        durations.append(time.perf_counter() - start)
        heard_s += [batch.t_s[-1] for e in heard.motion if isinstance(e, RepCounted)]
    sensing.step_ended(index, seconds)
    figures = sensing.sensing(index)
    durations.sort()
    total = sum(durations)
    print(f"{args.exercise}: {len(batches)} batches of {size} samples", end="")
    print(f" ({args.minutes:g} min at {RATE_HZ:g} Hz)")
    print(f"per batch: median {statistics.median(durations) * 1e3:.3f} ms")
    print(f"per batch: p99 {durations[int(len(durations) * 0.99)] * 1e3:.3f} ms")
    print(f"share of one core: {total / seconds * 100:.2f} %")
    cycle_s = movement.lift_s + movement.top_s + movement.lower_s + movement.pause_s
    counted = figures.reps_sensed if figures else 0
    # A rep is done once the person is back at rest: MOVE_S to get there, then one a cycle.
    done_s = [
        started_s + MOVE_S + k * cycle_s + cycle_s - movement.pause_s
        for k in range(int((t - started_s - MOVE_S) // cycle_s) + 1)
        if started_s + MOVE_S + k * cycle_s + cycle_s - movement.pause_s <= t
    ]
    print(f"reps counted: {counted} (performed about every {cycle_s:g} s)")
    print(f"reps performed: {len(done_s)}")
    late = [heard - done for heard, done in zip(heard_s, done_s, strict=False)]
    if late:
        first = ", ".join(f"{x:+.2f}" for x in late[:SHOWN_REPS])
        print(f"heard after the rep was done (s), reps 1-{min(SHOWN_REPS, len(late))}: {first}")
        rest = late[1:] or late
        print(
            f"heard after the rep was done (s): rep 1 {late[0]:+.2f}, later reps median"
            f" {statistics.median(rest):+.2f}, worst {max(rest):+.2f}"
        )


if __name__ == "__main__":
    main()
