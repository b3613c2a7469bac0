"""Only ``db.clock`` reads the wall clock's date and time and the machine's zone, so that a
test pins one day for every reader (``pinned_days``): no other module of lumbar asks
``datetime.now``, ``date.today``, ``time.time`` or a zone-less ``astimezone()`` itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGES = ("catalog", "db", "sensors", "tui")
SEAM = Path("db/clock.py")
OWN_CLOCK = {Path("sensors/emulation/polar_h10.py")}
"""An emulated strap keeps its own clock, as a real one does (and sensors import nothing of
ours)."""
READS = {"now", "today", "utcnow", "time", "time_ns", "localtime", "gmtime", "ctime"}
MAYBE = re.compile(r"\.(?:now|today|utcnow|time|time_ns|localtime|gmtime|ctime|astimezone)\(")
"""Files without any of these are not parsed."""


def clock_reads(source: str) -> list[str]:
    """``datetime.now(...)``, ``date.today()``, ``time.time()``, ``time.localtime()``
    (with no time given), ``moment.astimezone()`` (to the machine's zone, asked apart)."""
    found: list[str] = []
    if not MAYBE.search(source):
        return found
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, owner = node.func.attr, node.func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else ""
        if name == "astimezone" and not node.args:
            found.append(f"{node.lineno}: .astimezone()")
        elif name in READS and owner_name in {"datetime", "date", "time", "os_time"}:
            if name in {"localtime", "gmtime", "ctime"} and node.args:
                continue  # a given time, converted
            found.append(f"{node.lineno}: {owner_name}.{name}()")
    return found


def test_only_db_clock_reads_the_clock() -> None:
    found = {
        str(path.relative_to(ROOT)): reads
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.relative_to(ROOT) not in {SEAM, *OWN_CLOCK}
        and (reads := clock_reads(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_finds_each_way_of_reading_the_clock() -> None:
    source = (
        "datetime.now(UTC)\ndate.today()\ntime.time()\nos_time.localtime()\n"
        "moment.astimezone()\ntime.localtime(stamp)\nmoment.astimezone(zone)\n"
    )
    assert [read.split(": ")[1] for read in clock_reads(source)] == [
        "datetime.now()",
        "date.today()",
        "time.time()",
        "os_time.localtime()",
        ".astimezone()",
    ]
