"""A session run live with the demo person wearing an H10, recorded and exported.

The whole path a person takes: the live session hears the demo person's H10 (36 samples
every 180 ms, on a clock the test moves), its rows go through the session writer into a real
database, and ``lumbar export --format csv`` writes the session for ``lumbar analyze``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog import Routine
from tui.cli import main
from tui.live import LiveSession
from tui.locations import Locations

H10 = "C0:1A:2B:3C:4D:10"
RATE_HZ, BATCH = 200.0, 36

Key = Callable[[LiveSession, float], Any]
"""A key the person presses at a moment (``LiveSession.adjust``, ``toggle``...)."""


@dataclass(frozen=True)
class Exported:
    live: LiveSession
    session_id: int
    motion: Path
    """The export's ``motion-ID.csv``."""


def run_and_export(
    home: Locations, routine: Routine, out: Path, keys: Mapping[float, Key] | None = None
) -> Exported:
    """``routine`` done by the demo person from its first exercise's position, started once
    lying still for 3 s and run to its end; ``keys``: pressed at those seconds. Exported
    into ``out``."""
    from catalog import load_catalog
    from catalog.plan import expand
    from db.connection import open_database
    from db.sessions import SessionWriter
    from sensors.readings import AccelerationBatch
    from tui.demo_person import DemoPerson

    catalog = load_catalog(None)
    steps = list(expand(routine, catalog.exercises, rest_s=10))
    live = LiveSession(routine, steps, catalog.exercises, sensors=True, demo=True)
    db = open_database(home.db_path)
    writer = SessionWriter.start(db, **live.record_fields(2))
    person = DemoPerson(catalog.exercises, steps[0].exercise_id)
    pending = sorted((keys or {}).items())

    def carry_out(effects: Any) -> None:
        writer.write(effects.rows)
        if effects.demo is not None:
            person.do(effects.demo)

    carry_out(live.begin(0.0))
    t = 0.0
    while not live.over:
        assert t < 900, "the session runs to its end"
        if t >= 3.0 and live.engine.phase == "waiting":
            carry_out(live.toggle(t))  # space, once lying still for a moment
        while pending and pending[0][0] <= t:
            carry_out(pending.pop(0)[1](live, t))
        stamps = tuple(t + i / RATE_HZ for i in range(BATCH))
        values = tuple(tuple(round(v) for v in person.performer(x)) for x in stamps)
        t += BATCH / RATE_HZ
        carry_out(live.hear(AccelerationBatch(H10, stamps, values, RATE_HZ), t))  # type: ignore[arg-type]
        carry_out(live.tick(t))
    writer.flush()
    session_id = writer.session_id
    db.close()
    argv = ["export", "--format", "csv", "--session", str(session_id), "-o", str(out)]
    assert main(argv) == 0
    return Exported(live, session_id, out / f"motion-{session_id}.csv")
