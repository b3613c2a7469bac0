"""SessionSensing on its own: what the hub's events mean for the sets of a session.

Samples come from the demo performer (the same motion the emulated H10 sends), cut into
H10-sized batches, through the real detectors.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog import Catalog
from catalog.plan import PlannedStep, expand
from sensors.emulation.performer import Performer
from sensors.hub import DeviceStateChanged
from sensors.readings import AccelerationBatch, HeartRateReading
from tui.demo_person import movement_for
from tui.session_sensing import SessionSensing

H10 = "C0:1A:2B:3C:4D:10"
STRAP = "C0:4F:2A:00:00:20"
RATE_HZ = 200.0
BATCH = 14  # samples per H10 frame at 200 Hz


def batches(performer: Performer, start_s: float, end_s: float) -> Iterator[AccelerationBatch]:
    t = start_s
    while t < end_s:
        times = tuple(t + i / RATE_HZ for i in range(BATCH))
        samples = tuple(tuple(round(v) for v in performer(x)) for x in times)
        yield AccelerationBatch(H10, times, samples, RATE_HZ)  # type: ignore[arg-type]
        t += BATCH / RATE_HZ


def bridge_steps(builtin: Catalog) -> list[PlannedStep]:
    return list(expand(builtin.routines["core-basics"], builtin.exercises, rest_s=30))


def test_a_bridge_set_is_counted_and_its_figures_kept(builtin: Catalog) -> None:
    steps = bridge_steps(builtin)
    index = next(
        i for i, s in enumerate(steps) if s.kind == "work" and s.exercise_id == "glute-bridge"
    )
    bridge = builtin.exercises["glute-bridge"]
    movement = movement_for(bridge, steps[index].dose)
    performer = Performer(movement)
    sensing = SessionSensing(builtin.exercises, origin_s=100.0)
    sensing.announce("glute-bridge")
    heard = [sensing.hear(b) for b in batches(performer, 100.0, 105.0)]
    assert heard[0].motion_started
    fed = sum(BATCH for _ in heard)
    assert sensing.streaming
    sensing.step_started(index, steps[index])
    performer.do("reps", movement)
    for t in range(105, 146):
        sensing.hear(HeartRateReading(H10, t + 0.5, 90 + t % 7, (650.0,), True, None))
        sensing.hear(HeartRateReading(STRAP, t + 0.6, 150, (400.0,), True, None))
        for batch in batches(performer, float(t), t + 1.0):
            heard.append(sensing.hear(batch))
            fed += BATCH
    sensing.step_ended(index, 146.0)
    figures = sensing.sensing(index)
    assert figures is not None
    assert figures.sensor == H10
    assert figures.reps_sensed == 5  # 41 s at 8 s a rep (2 up, 2 at the top, 3 down, 1 rest)
    assert len(figures.rep_times_s) == 5
    assert all(5.0 < t < 46.0 for t in figures.rep_times_s)  # session seconds
    assert figures.form_warnings is not None
    assert figures.form_warnings >= 1  # the third rep rocks
    # The first heart-rate device is the one the figures use; the strap's 150 is not in them.
    assert figures.peak_bpm == 96
    assert figures.avg_bpm is not None
    assert 90 <= figures.avg_bpm <= 96
    # Every sample fed is in the packed raw stream, the last partial chunk included.
    chunks = [c for h in heard for c in h.chunks] + sensing.flush_chunks()
    assert sum(c.count for c in chunks) == fed


def test_samples_at_or_before_the_last_are_dropped_not_raised(builtin: Catalog) -> None:
    sensing = SessionSensing(builtin.exercises, origin_s=0.0)
    sensing.announce("forearm-plank")
    performer = Performer(movement_for(builtin.exercises["forearm-plank"]))
    for batch in batches(performer, 0.0, 2.0):
        sensing.hear(batch)
    last = sensing.last_sample_s
    assert last is not None
    # A reconnection re-syncs the device clock a little behind: nothing breaks.
    again = list(batches(performer, last - 0.03, last + 1.0))
    results = [sensing.hear(b) for b in again]
    assert sensing.last_sample_s is not None
    assert sensing.last_sample_s > last
    assert all(not r.motion_started for r in results)


def test_the_motion_device_dropping_is_told_once(builtin: Catalog) -> None:
    sensing = SessionSensing(builtin.exercises, origin_s=0.0)
    sensing.announce("forearm-plank")
    performer = Performer(movement_for(builtin.exercises["forearm-plank"]))
    for batch in batches(performer, 0.0, 1.0):
        sensing.hear(batch)
    sensing.name_motion_device(H10, "Polar H10 1A2B3C4D")
    lost = DeviceStateChanged(H10, None, "polar-h10", "reconnecting", "link lost", 1.5)
    assert sensing.hear(lost).motion_lost == "Polar H10 1A2B3C4D"
    assert not sensing.streaming
    assert sensing.hear(lost).motion_lost is None
    strap_gone = DeviceStateChanged(STRAP, None, "generic-hr", "reconnecting", "", 1.6)
    assert sensing.hear(strap_gone).motion_lost is None
    # Back: the next samples start the motion again.
    back = [sensing.hear(b) for b in batches(performer, 4.0, 5.0)]
    assert back[0].motion_started


def test_nothing_sensed_is_none_and_holds_count_no_reps(builtin: Catalog) -> None:
    steps = bridge_steps(builtin)
    plank = next(
        i for i, s in enumerate(steps) if s.kind == "work" and s.exercise_id == "forearm-plank"
    )
    sensing = SessionSensing(builtin.exercises, origin_s=0.0)
    sensing.step_started(plank, steps[plank])
    assert sensing.sensing(plank) is None  # no sensor took part
    performer = Performer(movement_for(builtin.exercises["forearm-plank"]))
    sensing.announce("forearm-plank")
    for batch in batches(performer, 0.0, 2.0):
        sensing.hear(batch)
    sensing.step_started(plank, steps[plank])
    performer.do("hold", movement_for(builtin.exercises["forearm-plank"]))
    for batch in batches(performer, 2.0, 12.0):
        sensing.hear(batch)
    sensing.hold_broken(7.0)
    sensing.hold_resumed(9.5)
    sensing.step_ended(plank, 12.0)
    figures = sensing.sensing(plank)
    assert figures is not None
    assert figures.reps_sensed is None
    assert (figures.hold_breaks, figures.broken_s) == (1, 2.5)
