"""End to end in tmux: lumbar killed mid-session, started again in a terminal too small for
home, the offer to resume answered n and lumbar quit under the notice: the line that the
session was interrupted, which no screen could show, is printed on the terminal after the
app, once; where the app told it, nothing is printed."""

from __future__ import annotations

import pytest
from test_resume import killed_mid_session
from test_tmux import SESSION, Tmux, notifications, tmux

from catalog import Catalog
from tui.locations import locate

__all__ = ["tmux"]  # the fixture, shared with test_tmux

pytestmark = pytest.mark.tmux

SAID = "lumbar: a session was interrupted; what was done is kept: lumbar log show {}"


def killed(server: Tmux, builtin: Catalog) -> int:
    """Core basics under way in the tmux test's database when its lumbar was killed."""
    return killed_mid_session(locate(server.env["LUMBAR_DB"]), builtin)


def printed(server: Tmux) -> str:
    """What the pane shows once lumbar has exited, with the lines scrolled above it."""
    return server.run("capture-pane", "-p", "-S", "-", "-t", SESSION).stdout


def unwrapped(screen: str) -> str:
    """The screen's words with every space and line break gone (a long line wraps)."""
    return "".join(screen.split())


def quit_from_home_after_n(server: Tmux, *, notice: bool) -> None:
    server.wait_for("n Not now")
    server.send("n")
    if notice:
        server.wait_for("needs a terminal of at least 80×24")
    else:
        server.wait_for(lambda s: "Interrupted session" in notifications(s))
        # Up its time (seen long enough to be read): quit only once it has gone.
        server.wait_for(lambda s: "Interrupted session" not in notifications(s))
    server.send("q")
    assert server.wait_for_exit() == 0


def test_quit_under_the_notice_prints_the_line_on_the_terminal(
    tmux: Tmux, builtin: Catalog
) -> None:
    session_id = killed(tmux, builtin)
    tmux.start(width=60, height=20)
    quit_from_home_after_n(tmux, notice=True)
    after = unwrapped(printed(tmux))
    assert unwrapped(SAID.format(session_id)) in after, printed(tmux)
    assert after.count("interrupted") == 1, printed(tmux)


def test_a_line_told_in_the_app_is_not_printed_again(tmux: Tmux, builtin: Catalog) -> None:
    """Told over home and up its time: nothing is printed after the app."""
    killed(tmux, builtin)
    tmux.start(width=80, height=24)
    quit_from_home_after_n(tmux, notice=False)
    assert "interrupted" not in printed(tmux), printed(tmux)


def test_quit_as_the_line_is_told_prints_it_too(tmux: Tmux, builtin: Catalog) -> None:
    """Found in review: n then q at once printed nothing (the line counted as told as it
    was put up), and the next start no longer tells it. Quit while it is up: printed."""
    session_id = killed(tmux, builtin)
    tmux.start(width=80, height=24)
    tmux.wait_for("n Not now")
    tmux.send("n")
    tmux.send("q")
    assert tmux.wait_for_exit() == 0
    after = unwrapped(printed(tmux))
    assert unwrapped(SAID.format(session_id)) in after, printed(tmux)
