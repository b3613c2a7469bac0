"""End to end: the installed ``lumbar`` in tmux opens the log, a session with its charts,
and the trends, on a database written beforehand (see ``test_tmux`` for the harness)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from log_history import story
from test_tmux import Tmux, footer, tmux

pytestmark = pytest.mark.tmux

__all__ = ["tmux"]  # the fixture, shared with test_tmux


def test_the_log_opens_a_session_its_motion_and_the_trends(tmux: Tmux) -> None:
    history = story(Path(tmux.env["LUMBAR_DB"]), datetime.now(UTC))
    tmux.start()
    tmux.wait_for("Open routine")

    tmux.send("l")
    # The count and the footer come first; the rows once loaded and laid out (a busy
    # machine showed the count with a row not drawn yet).
    sensed = f"#{history.with_sensors} · peak 100 bpm · motion recorded"
    log = tmux.wait_for(
        lambda s: "Sessions: 5" in s and "Open session" in footer(s) and sensed in s
    )
    assert "recording" in log
    assert "Back ten" in log, log

    tmux.send("Enter")
    # The exercises are named under the heart-rate chart, two lines above the footer.
    detail = tmux.wait_for(
        lambda s: "heart rate 81 avg, 100 peak" in s and "Forearm plank" in s.splitlines()[-3]
    )
    assert "Sets: planned and done" in detail
    assert "Heart rate, bpm" in detail
    assert "Bird dog" in detail.splitlines()[-3]

    tmux.send("Enter")  # the highlighted set: bird dog, left side
    # The title comes first; the trace and its legend once the samples are decoded.
    tmux.wait_for(lambda s: "Motion · Bird dog 1 L" in s and "━ x ━ y ━ z" in s)

    tmux.send("Escape")
    tmux.wait_for(lambda s: "Sessions: 5" in s)
    tmux.send("t")
    tmux.wait_for(lambda s: "Current streak: 3 days" in s and "Mon" in s and "less" in s)
    tmux.send("3")
    tmux.wait_for("━ before ━ after")

    tmux.send("Escape")
    tmux.wait_for(lambda s: "Open session" in footer(s))
    tmux.send("Escape")
    tmux.wait_for(lambda s: "Open routine" in footer(s))
    tmux.send("q")
    assert tmux.wait_for_exit() == 0
