"""``lumbar analyze`` on an exported session's hold sets: each set timed again by the session's
own clock over the replayed motion, and its holds, breaks and seconds broken the session's."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from live_exports import Exported, run_and_export

from catalog.models import Dose, Routine, RoutineItem
from tui.cli import main
from tui.live import LiveSession
from tui.locations import Locations

PLANKS = Routine(
    id="planks",
    name="Planks",
    description="A test.",
    # The demo person sags in the first hold, and every third after it: in the first set and
    # the second, not the third.
    items=(RoutineItem(exercise="forearm-plank", dose=Dose(sets=3, reps=2, hold_s=10)),),
)


def analyze(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def as_timed(live: LiveSession) -> list[tuple[list[float], int, float]]:
    """Each hold set's seconds held, breaks and seconds broken, as the live session has them."""
    timed = []
    for result in live.results:
        sensed = live.sensed[result.index]
        assert sensed.hold_breaks is not None
        assert sensed.broken_s is not None
        timed.append((list(result.holds_s), sensed.hold_breaks, sensed.broken_s))
    return timed


def rewrite_steps(exported: Exported, row: int, column: str, value: str) -> None:
    """The export's ``steps.csv`` with one cell changed (it had a value)."""
    steps = exported.motion.with_name("steps.csv")
    with steps.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows[row][column] != ""
    rows[row][column] = value
    with steps.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def planks(lumbar_home: Locations, tmp_path: Path) -> Exported:
    return run_and_export(lumbar_home, PLANKS, tmp_path / "export")


def test_hold_sets_are_timed_again_as_the_session_timed_them(
    capsys: pytest.CaptureFixture[str], planks: Exported
) -> None:
    """The session's figures (the first two sets with a sag, the third with none) come again
    from the motion alone; those it recorded stand beside them. The whole-recording detector
    gave other holds ("released" after 10.2 s) and no break."""
    live = as_timed(planks.live)
    assert [breaks for _, breaks, _ in live] == [1, 1, 0]
    assert all(broken > 2.0 for _, _, broken in live[:2])
    code, out, err = analyze(capsys, str(planks.motion), "--json")
    assert (code, err) == (0, "")
    sets = json.loads(out)["sets"]
    replayed = [(s["holds_s"], s["hold_breaks"], s["broken_s"]) for s in sets]
    stored = [
        (s["holds_s_in_session"], s["hold_breaks_in_session"], s["broken_s_in_session"])
        for s in sets
    ]
    assert replayed == live
    assert stored == live
    assert all(s["reps"] is None for s in sets)


def test_the_text_gives_each_hold_set_beside_the_sessions(
    capsys: pytest.CaptureFixture[str], planks: Exported
) -> None:
    (_, breaks, broken), *_ = as_timed(planks.live)
    code, out, err = analyze(capsys, str(planks.motion))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    title = lines.index("Hold sets, timed again by the session's clock over the replayed motion:")
    assert lines[title + 1].split() == [
        "SET",
        "EXERCISE",
        "HELD",
        "S",
        "IN",
        "SESSION",
        "BREAKS",
        "IN",
        "SESSION",
        "BROKEN",
        "S",
        "IN",
        "SESSION",
    ]
    first = f"{broken:.2f}"
    assert lines[title + 2].split() == [
        "1",
        *["Forearm", "plank", "1"],  # named as the session names its sets
        *["10.0", "10.0"] * 2,
        str(breaks),
        str(breaks),
        first,
        first,
    ]
    assert lines[title + 4].split() == [
        "3",
        *["Forearm", "plank", "3"],
        *["10.0"] * 4,
        "0",
        "0",
        "0.00",
        "0.00",
    ]
    assert any(line.startswith("Holds found in the whole recording") for line in lines)


def test_one_hold_set(capsys: pytest.CaptureFixture[str], planks: Exported) -> None:
    live = as_timed(planks.live)
    code, out, err = analyze(capsys, str(planks.motion), "--set", "2", "--json")
    assert (code, err) == (0, "")
    (chosen,) = json.loads(out)["sets"]
    assert chosen["number"] == 2
    assert (chosen["holds_s"], chosen["hold_breaks"], chosen["broken_s"]) == live[1]
    code, out, err = analyze(capsys, str(planks.motion), "--set", "3")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    title = lines.index("Hold sets, timed again by the session's clock over the replayed motion:")
    assert [line.split()[0] for line in lines[title + 2 : title + 3]] == ["3"]
    assert lines[title + 3] == ""


def test_a_longer_hold_and_a_pause_are_timed_as_the_session_timed_them(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, tmp_path: Path
) -> None:
    """The person lengthens the first set's holds by 5 s (``+``: a ``hold-changed`` event) and
    pauses in its first hold's sag (its seconds in the pause are no break's): the replay
    takes both from the export's events."""

    def longer(live: LiveSession, now: float) -> Any:
        return live.adjust(5, now)

    def space(live: LiveSession, now: float) -> Any:
        return live.toggle(now)

    exported = run_and_export(
        lumbar_home, PLANKS, tmp_path / "export", {16.0: longer, 20.0: space, 23.0: space}
    )
    live = as_timed(exported.live)
    assert live[0][0] == [15.0, 15.0]
    code, out, err = analyze(capsys, str(exported.motion), "--json")
    assert (code, err) == (0, "")
    sets = json.loads(out)["sets"]
    assert [(s["holds_s"], s["hold_breaks"], s["broken_s"]) for s in sets] == live


def test_a_hold_set_the_sensor_did_not_watch_whole_is_not_timed_again(
    capsys: pytest.CaptureFixture[str], planks: Exported
) -> None:
    """No seconds broken stored (the sensor joined the set late, or left it): the session's
    clock timed part of it alone, which no replay of the motion can give."""
    rewrite_steps(planks, 1, "broken_s", "")
    code, out, err = analyze(capsys, str(planks.motion), "--json")
    assert (code, err) == (0, "")
    sets = json.loads(out)["sets"]
    assert [s["holds_s"] is None for s in sets] == [False, True, False]
    assert sets[1]["broken_s_in_session"] is None
    assert sets[1]["holds_s_in_session"] == [10.0, 10.0]
    code, out, err = analyze(capsys, str(planks.motion))
    assert "Not timed again: set 2 (the sensor did not watch the whole set" in out


@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        ("exercise_id", "wall-sit", "unknown exercise 'wall-sit' (see `lumbar catalog`)"),
        ("planned_hold_s", "", "the export gives no hold length for it"),
    ],
)
def test_a_hold_set_that_cannot_be_timed_again_says_why(
    capsys: pytest.CaptureFixture[str], planks: Exported, column: str, value: str, why: str
) -> None:
    """An exercise of another lumbar's catalog, or a file edited by hand: the reason is the
    set's own, not the sensor's."""
    rewrite_steps(planks, 1, column, value)
    code, out, err = analyze(capsys, str(planks.motion), "--json")
    assert (code, err) == (0, "")
    sets = json.loads(out)["sets"]
    assert [s["not_timed_again"] for s in sets] == [None, why, None]
    assert sets[1]["holds_s"] is None
    code, out, err = analyze(capsys, str(planks.motion))
    assert (code, err) == (0, "")
    assert f"Not timed again: set 2 ({why})." in out.splitlines()


BRIDGE_THEN_PLANKS = Routine(
    id="bridge-then-planks",
    name="Bridge then planks",
    description="A test.",
    # The planks' detector begins at a change of exercise, part way through the feed: its
    # frames must fall on the session's grid, in the session and in the replay alike.
    items=(
        RoutineItem(exercise="glute-bridge", dose=Dose(sets=1, reps=3)),
        RoutineItem(exercise="forearm-plank", dose=Dose(sets=3, reps=2, hold_s=10)),
    ),
)


def test_hold_sets_after_a_change_of_exercise_are_timed_as_the_session_timed_them(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, tmp_path: Path
) -> None:
    """The sets after the first following a change of exercise come again to the hundredth
    (the first may not: the export does not keep when each sample arrived)."""
    exported = run_and_export(lumbar_home, BRIDGE_THEN_PLANKS, tmp_path / "export")
    live = [timed for timed in as_timed(exported.live) if timed[0]]
    assert [breaks for _, breaks, _ in live] == [1, 1, 0]
    code, out, err = analyze(capsys, str(exported.motion), "--json")
    assert (code, err) == (0, "")
    sets = json.loads(out)["sets"]
    replayed = [(s["holds_s"], s["hold_breaks"], s["broken_s"]) for s in sets if s["holds_s"]]
    assert len(replayed) == 3
    assert replayed[1:] == live[1:]


def test_steps_csv_gives_each_sets_state_and_worked_seconds_and_analyze_reads_either_file(
    capsys: pytest.CaptureFixture[str], planks: Exported
) -> None:
    """The export's steps.csv gives each set's state and its seconds in the minutes in sets;
    analyze times the sets again the same from it, or from a steps.csv without those columns
    (an export of an earlier lumbar)."""
    steps = planks.motion.with_name("steps.csv")
    with steps.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["state"], float(r["worked_s"])) for r in rows] == [
        ("done", float(r["active_s"])) for r in rows
    ]
    code, out, err = analyze(capsys, str(planks.motion), "--json")
    assert (code, err) == (0, "")
    with_them = json.loads(out)
    older = [{k: v for k, v in r.items() if k not in ("state", "worked_s")} for r in rows]
    with steps.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(older[0]))
        writer.writeheader()
        writer.writerows(older)
    code, out, err = analyze(capsys, str(planks.motion), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == with_them
    assert len(with_them["sets"]) == 3
