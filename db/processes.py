"""Whether the process that wrote a session row is still there to finish it.

A process that was killed but not yet reaped by its parent (a zombie, seen under tmux)
still answers ``kill(pid, 0)``; it will never write again, so it is not alive.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")

_GONE_STATES = frozenset("ZXx")
"""Zombie, dead: states in /proc/PID/stat of a process that will never run again."""


def process_alive(pid: int | None) -> bool:
    """True while ``pid`` is a process on this machine that can still run."""
    if not pid or pid < 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    except OSError:
        return False
    return process_state(pid) not in _GONE_STATES


def process_state(pid: int) -> str | None:
    """The one-letter state Linux gives the process (R, S, D, T, Z, ...), or None where
    there is no /proc to ask."""
    try:
        stat = (PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # "PID (command name, which may hold spaces and parentheses) STATE ...".
    _, _, after_name = stat.rpartition(")")
    fields = after_name.split()
    return fields[0] if fields else None
