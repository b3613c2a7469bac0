"""What the emulated devices feel and say: the heart model, the motion script, fault commands."""

from __future__ import annotations

import math
import re
import statistics

import pytest

from sensors.emulation.faults import FaultCommand, FaultStep, parse_fault, parse_script
from sensors.emulation.heart import HeartModel
from sensors.emulation.motion import lying_still


def beats(model: HeartModel, seconds: int) -> list[tuple[float, float, int]]:
    """(beat time, RR ms, reported bpm) for every beat, asked second by second."""
    out = []
    t_s = 0.0
    for second in range(1, seconds + 1):
        for rr in model.beats_until(second):
            t_s += rr / 1000
            out.append((t_s, rr, model.heart_rate_bpm()))
    return out


def test_the_heart_wanders_between_60_and_120_bpm_and_rr_matches_the_rate() -> None:
    series = beats(HeartModel(seed=3), 30 * 60)
    rates = [bpm for _, _, bpm in series]
    assert min(rates) >= 60
    assert max(rates) <= 120
    assert max(rates) - min(rates) > 15  # it drifts, it is not a metronome
    # Beats add up to the time that passed, and the rate is 60 000 / RR.
    assert series[-1][0] == pytest.approx(30 * 60, abs=2.0)
    for _, rr, bpm in series[10:]:
        assert abs(60_000 / rr - bpm) < 15


def test_breathing_modulates_the_rr_intervals() -> None:
    model = HeartModel(seed=1, breathing_hz=0.25, rsa_bpm=5.0, jitter_ms=2.0)
    series = beats(model, 300)
    inhale = [rr for t, rr, _ in series if math.sin(2 * math.pi * 0.25 * (t - rr / 1000)) > 0.7]
    exhale = [rr for t, rr, _ in series if math.sin(2 * math.pi * 0.25 * (t - rr / 1000)) < -0.7]
    # Faster on the in-breath: shorter intervals, by tens of milliseconds.
    assert statistics.mean(exhale) - statistics.mean(inhale) > 40


def test_the_same_seed_gives_the_same_heart_and_a_target_steers_it() -> None:
    assert beats(HeartModel(seed=5), 60) == beats(HeartModel(seed=5), 60)
    assert beats(HeartModel(seed=5), 60) != beats(HeartModel(seed=6), 60)
    model = HeartModel(seed=5)
    model.hold_target(110)
    assert beats(model, 90)[-1][2] >= 100


async def test_the_h10_and_the_strap_worn_by_one_person_give_one_heart_rate() -> None:
    """The demo person wears the H10 and a strap: one heart. Over half an hour, each read at
    its own moment of every second, the two rates differ by a beat or two at most and never
    drift apart, and their RR intervals are the same beats, timed a little differently (found
    by a user: the two rates drifted apart in the Superman, each strap had a heart of its
    own, wandering to its own targets)."""
    from sensors.emulation.hr_strap import EmulatedHeartRateStrap
    from sensors.emulation.world import Emulator

    emulator = Emulator()
    h10, strap = emulator.add("h10"), emulator.add("strap")
    assert isinstance(h10, EmulatedHeartRateStrap)  # an H10 is a strap with more
    assert isinstance(strap, EmulatedHeartRateStrap)
    gaps: list[int] = []
    rates: list[int] = []
    rr_h10: list[float] = []
    rr_strap: list[float] = []
    for second in range(1, 30 * 60 + 1):
        by_h10 = h10.measurement_at(second)
        by_strap = strap.measurement_at(second + 0.43)  # connected at another moment
        gaps.append(by_h10.heart_rate_bpm - by_strap.heart_rate_bpm)
        rates.append(by_h10.heart_rate_bpm)
        rr_h10 += by_h10.rr_intervals_ms
        rr_strap += by_strap.rr_intervals_ms
    await emulator.close()
    assert max(rates) - min(rates) > 15  # the heart wanders: both follow it
    assert max(abs(gap) for gap in gaps) <= 4  # the breath's swing, read at two moments
    for minute in range(30):
        assert abs(statistics.mean(gaps[minute * 60 : (minute + 1) * 60])) < 1.0
    assert len(rr_h10) == len(rr_strap) > 30 * 60  # every beat, by both
    assert rr_h10 != rr_strap  # each strap times a beat to its own sampling
    assert max(abs(a - b) for a, b in zip(rr_h10, rr_strap, strict=True)) < 10


def test_lying_still_is_gravity_through_the_chest_with_breathing_and_tremor() -> None:
    motion = lying_still(breathing_hz=0.25)
    samples = [motion(i / 200) for i in range(200 * 8)]
    magnitudes = [math.dist((0, 0, 0), s) for s in samples]
    assert all(980 < m < 1020 for m in magnitudes)
    xs = [x for x, _, _ in samples]
    assert max(xs) - min(xs) > 15  # the chest rises and falls
    assert motion(1.234) == motion(1.234)
    assert motion(0.5)[0] == pytest.approx(motion(4.5)[0], abs=6)  # one breath later


def test_the_demo_person_turns_from_all_fours_onto_the_back_by_angle_as_a_body_does() -> None:
    """A straight line between two far directions (all fours to the back: 171 degrees) hardly
    turns at first and flips through the middle: a go a third of the way into that turn found
    the person still on all fours, and the rest of the turn was warned as the bridges' fault.
    Turned by angle, at the smooth pace of any move, it is under way from the start."""
    from catalog import load_catalog
    from sensors.emulation.performer import MOVE_S, Movement, Performer
    from sensors.motion.orientation import angle_deg
    from tui.demo_person import movement_for

    exercises = load_catalog(None).exercises
    bridge = movement_for(exercises["glute-bridge"])
    performer = Performer(movement_for(exercises["bird-dog"]))
    start = performer(0.0)
    performer.do("rest", bridge)
    whole = angle_deg(start, bridge.rest_g)
    assert whole > 160.0
    turned = [angle_deg(start, performer(MOVE_S * share)) for share in (0.1, 0.2, 0.3, 0.5)]
    # Smoothstep in angle: 2.8%, 10.4%, 21.6% and half the way (breathing and tremor aside).
    assert turned[0] > 0.015 * whole
    for got, share in zip(turned[1:], (0.104, 0.216, 0.5), strict=True):
        assert got == pytest.approx(share * whole, abs=4.0)

    # Face up to face down, exactly opposite: rolled over a side, half way at the half.
    performer = Performer(Movement((0.0, 0.0, 1.0), (0.0, 0.0, 1.0), 1.0, 0.5, 1.0, 1.0))
    start = performer(0.0)
    performer.do("rest", Movement((0.0, 0.0, -1.0), (0.0, 0.0, -1.0), 1.0, 0.5, 1.0, 1.0))
    assert angle_deg(start, performer(MOVE_S / 2)) == pytest.approx(90.0, abs=2.0)
    assert angle_deg(start, performer(MOVE_S)) == pytest.approx(180.0, abs=2.0)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("drop", FaultCommand("drop", 0.0)),
        ("strap drop 2.5", FaultCommand("drop", 2.5, "strap")),
        ("h10 silence 4", FaultCommand("silence", 4.0, "h10")),
        ("garbage", FaultCommand("garbage", 1.0)),
        ("battery 5", FaultCommand("battery", 5.0)),
        ("strap off", FaultCommand("off", None, "strap")),
        ("h10 refuse 13", FaultCommand("refuse", 13.0, "h10")),
        ("stop-acc", FaultCommand("stop-acc")),
        ("h10 mute-acc", FaultCommand("mute-acc", None, "h10")),
        ("h10 stuck-z", FaultCommand("stuck-z", None, "h10")),
        ("require-pairing", FaultCommand("require-pairing")),
        ("refuse-pairing", FaultCommand("refuse-pairing")),
        ("h10 mtu 50", FaultCommand("mtu", 50.0, "h10")),
    ],
)
def test_fault_commands_parse(text: str, command: FaultCommand) -> None:
    assert parse_fault(text, {"h10": None, "strap": None}) == command


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty command"),
        ("silence", "'silence' needs a number (seconds)"),
        ("silence soon", "'silence' takes a number (seconds), not 'soon'"),
        ("battery 120", "a battery level is 0-100 percent"),
        ("watch drop", "no device 'watch' (devices: h10, strap)"),
        ("strap", "what should happen to strap?"),
        ("drop 1 2", "too many words after 'drop'"),
        ("off 3", "too many words after 'off'"),
        ("refuse", "'refuse' needs a number (PMD status code)"),
        ("refuse 2.5", "a PMD status code is a whole number 0-255"),
        ("mtu 20", "an ATT MTU is a whole number of bytes, 23-517"),
        ("stop-acc 2", "too many words after 'stop-acc'"),
    ],
)
def test_bad_fault_commands_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_fault(text, {"h10": None, "strap": None})


def test_a_fault_script_runs_in_time_order() -> None:
    steps = parse_script("2 h10 garbage 3; 0.5 strap drop\n1 battery 9", {"h10": 1, "strap": 1})
    assert steps == (
        FaultStep(0.5, FaultCommand("drop", 0.0, "strap")),
        FaultStep(1.0, FaultCommand("battery", 9.0)),
        FaultStep(2.0, FaultCommand("garbage", 3.0, "h10")),
    )
    with pytest.raises(ValueError, match="does not start with a time"):
        parse_script("drop now")


def test_the_emulators_help_names_every_fault() -> None:
    """stuck-z was missing from the help typed 'help' shows (found trying it)."""
    from sensors.emulation.faults import ACTIONS
    from tui.commands.emulator import HELP

    words = set(HELP.replace("|", " ").split())
    assert [action for action in ACTIONS if action not in words] == []


def test_the_demo_person_turned_over_face_down_to_face_up_ends_where_told() -> None:
    """``_between`` of exactly opposite directions rolls about x (or y), which reaches the
    other direction only when the first is square to that axis: from a prone leg raise's top
    (-0.17, 0, -0.98) to the opposite (a supine hold's top, 0.17, 0, 0.98) it ends 20 degrees
    off, and stays there. The roll's axis should be square to the start (x less its share
    along it)."""
    from sensors.emulation.performer import _between
    from sensors.motion.orientation import angle_deg

    for a in ((-0.17364817766693036, 0.0, -0.9848077530122081), (0.6, 0.8, 0.0)):
        b = (-a[0], -a[1], -a[2])
        assert angle_deg(_between(a, b, 1.0), b) == pytest.approx(0.0, abs=0.01)
        assert angle_deg(a, _between(a, b, 0.5)) == pytest.approx(90.0, abs=0.01)


async def test_the_demo_persons_heart_climbs_in_work_and_settles_in_rest() -> None:
    """The demo's heart wandered between 60 and 120 bpm whatever the person did, so the heart
    rate of a demo session said nothing of its sets. Now every strap senses a heart that
    settles near a resting rate before the start, climbs through a set of reps, and comes back
    down in the rest after it."""
    from catalog import load_catalog
    from sensors.emulation.hr_strap import EmulatedHeartRateStrap
    from sensors.emulation.world import Emulator
    from tui.demo_person import DemoPerson
    from tui.live.effects import DemoMove

    exercises = load_catalog(None).exercises
    emulator = Emulator()
    strap = emulator.add("strap")
    assert isinstance(strap, EmulatedHeartRateStrap)
    person = DemoPerson(exercises, "glute-bridge")
    person.wear(emulator)

    def rates(from_s: int, to_s: int) -> list[int]:
        return [strap.measurement_at(s).heart_rate_bpm for s in range(from_s, to_s)]

    before = rates(1, 180)
    person.do(DemoMove("reps", "glute-bridge", None, set_index=0))
    working = rates(180, 300)
    person.do(DemoMove("rest", "glute-bridge", None))
    resting = rates(300, 420)
    await emulator.close()
    settled = statistics.mean(before[-60:])
    assert 64 <= settled <= 80
    assert statistics.mean(working[-30:]) >= settled + 20  # climbed with the work
    assert statistics.mean(resting[-30:]) <= settled + 5  # and came back down
