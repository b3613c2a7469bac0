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
GIVEN_A_TIME = {"localtime": 1, "gmtime": 1, "ctime": 1, "asctime": 1, "strftime": 2}
"""Reads only when called with fewer arguments than this (else they convert a time given)."""
TIME_READS = READS | GIVEN_A_TIME.keys()
CLOCK_MODULES = {"datetime", "time"}
MAYBE = re.compile(
    r"\.(?:now|today|utcnow|time|time_ns|localtime|gmtime|ctime|asctime|strftime|astimezone)\b"
    r"|from time import|import (?:time|datetime) as|from datetime import (?:\([^)]*|.*) as "
)
"""Files without any of these are not parsed (``from datetime import date`` alone is found
by its ``date.today``)."""


def clock_reads(source: str) -> list[str]:
    """``datetime.now(...)``, ``date.today()``, ``time.time()``, ``time.localtime()`` or
    ``time.strftime(format)`` (with no time given), and each under another name (``datetime.
    datetime.now``, ``from datetime import datetime as dt``, ``from time import time``);
    ``datetime.now`` passed uncalled (``default_factory=datetime.now``); ``moment.
    astimezone()`` or ``astimezone(None)`` (to the machine's zone, asked apart)."""
    found: list[str] = []
    if not MAYBE.search(source):
        return found
    tree = ast.parse(source)
    owners = {"datetime", "date", "time", "os_time"}  # the classes and modules, by name
    functions: dict[str, str] = {}  # a function of module time imported bare: its name
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            owners |= {a.asname for a in node.names if a.asname and a.name in CLOCK_MODULES}
        elif isinstance(node, ast.ImportFrom) and node.module in CLOCK_MODULES:
            for alias in node.names:
                if node.module == "datetime" and alias.name in {"datetime", "date"}:
                    owners.add(alias.asname or alias.name)
                elif node.module == "time" and alias.name in TIME_READS:
                    functions[alias.asname or alias.name] = alias.name
    calls = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    owning = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        call = calls.get(id(node))
        if isinstance(node, ast.Attribute):
            name, owner = node.attr, node.value
            owner_name = owner.id if isinstance(owner, ast.Name) else ""
            if isinstance(owner, ast.Attribute):  # datetime.datetime, lumbar's os_time...
                owner_name = owner.attr
            if name == "astimezone" and call is not None and to_the_machines_zone(call):
                found.append(f"{node.lineno}: .astimezone()")
            elif name in TIME_READS and owner_name in owners:
                if call is not None and len(call.args) >= GIVEN_A_TIME.get(name, 99):
                    continue  # a given time, converted
                found.append(f"{node.lineno}: {owner_name}.{name}{'()' if call else ''}")
        elif isinstance(node, ast.Name) and node.id in functions and id(node) not in owning:
            name = functions[node.id]
            if call is not None and len(call.args) >= GIVEN_A_TIME.get(name, 99):
                continue
            found.append(f"{node.lineno}: {node.id}{'()' if call else ''}")
    return sorted(found, key=lambda read: int(read.split(":")[0]))


def to_the_machines_zone(call: ast.Call) -> bool:
    """``astimezone()``, ``astimezone(None)``, ``astimezone(tz=None)``."""
    given = [*call.args, *(keyword.value for keyword in call.keywords)]
    return all(isinstance(arg, ast.Constant) and arg.value is None for arg in given)


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
        "import datetime as dtm\nfrom datetime import datetime as dt\n"
        "from time import time, strftime as fmt\n"
        "datetime.now(UTC)\ndate.today()\ntime.time()\nos_time.localtime()\n"
        "moment.astimezone()\ntime.localtime(stamp)\nmoment.astimezone(zone)\n"
        "datetime.datetime.now()\ndt.now()\ntime()\nfield(default_factory=datetime.now)\n"
        "time.strftime('%H')\ntime.strftime('%H', moment)\nx.astimezone(None)\n"
        "x.astimezone(tz=zone)\nfmt('%H')\ndtm.date.today()\nos_time.monotonic()\n"
    )
    assert [read.split(": ")[1] for read in clock_reads(source)] == [
        "datetime.now()",
        "date.today()",
        "time.time()",
        "os_time.localtime()",
        ".astimezone()",
        "datetime.now()",
        "dt.now()",
        "time()",
        "datetime.now",
        "time.strftime()",
        ".astimezone()",
        "fmt()",
        "date.today()",
    ]


def test_the_check_parses_a_file_whose_only_read_is_under_another_name() -> None:
    assert clock_reads("from time import time\nstamp = time()\n") == ["2: time()"]
    assert clock_reads("from datetime import (\n    datetime as dt,\n)\ndt.now()\n") == [
        "4: dt.now()"
    ]
    assert clock_reads("import datetime as d\nd.date.today()\n") == ["2: date.today()"]
