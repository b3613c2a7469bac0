"""Whether the process that wrote a session row is still there to finish it.

A process that was killed but not yet reaped by its parent (a zombie, seen under tmux)
still answers ``kill(pid, 0)``; it will never write again, so it is not alive. A process
that started after a row was last written cannot have written it: its pid was reused.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from db.clock import on_this_clock

PROC = Path("/proc")
WINDOWS = os.name == "nt"

_GONE_STATES = frozenset("ZXx")
"""Zombie, dead: states in /proc/PID/stat of a process that will never run again."""


def process_alive(pid: int | None) -> bool:
    """True while ``pid`` is a process on this machine that can still run."""
    if not pid or pid < 0:
        return False
    if pid == os.getpid():
        return True
    if WINDOWS:
        # There signal 0 is CTRL_C_EVENT: os.kill would interrupt a console's processes, or
        # fail and look like a death. Taken as alive; the row's age decides (STALE_AFTER_S).
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


_STOPPED_STATES = frozenset("Tt")
"""Stopped (ctrl+z, SIGSTOP) or by a debugger: a process that runs again once continued."""


def process_stopped(pid: int) -> bool:
    """True while the process is stopped (False where there is no /proc to ask)."""
    return process_state(pid) in _STOPPED_STATES


def process_state(pid: int) -> str | None:
    """The one-letter state Linux gives the process (R, S, D, T, Z, ...), or None where
    there is no /proc to ask."""
    fields = _stat_fields(pid)
    return fields[0] if fields else None


def process_started_at(pid: int) -> datetime | None:
    """When the process started (to within a second, on ``db.clock``'s clock, as the rows'
    times are), or None where there is no /proc."""
    fields = _stat_fields(pid)
    try:
        ticks = int(fields[STARTTIME_FIELD])
        with (PROC / "stat").open(encoding="ascii") as handle:
            boot_s = next(int(line.split()[1]) for line in handle if line.startswith("btime "))
        seconds = boot_s + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None
    return on_this_clock(datetime.fromtimestamp(seconds, UTC))


STARTTIME_FIELD = 19
"""proc(5)'s field 22, "starttime" (clock ticks after boot), counted from the state (field 3)."""


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat's fields from the state on ([] where there is none)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    # "PID (command name, which may hold spaces and parentheses) STATE ...".
    _, _, after_name = stat.rpartition(")")
    return after_name.split()
