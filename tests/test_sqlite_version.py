"""An SQLite too old for lumbar's queries is said in one line where the database opens,
never met as a traceback at the first query that needs it. The version is lumbar's own
guard's reading (monkeypatched here), not SQLite itself."""

from __future__ import annotations

import sqlite3

import pytest
from dose_sessions import session

import db.connection
from catalog import Catalog
from db.clock import local_now
from db.connection import open_database
from db.errors import DatabaseProblem
from tui.cli import EXIT_USAGE, main
from tui.locations import Locations

OLD = (
    "SQLite 3.22.0 is too old for lumbar (it needs 3.30 or newer, from 2019): upgrade "
    "SQLite, or use a Python built with a newer one"
)


@pytest.fixture
def a_session(lumbar_home: Locations, builtin: Catalog) -> None:
    db = open_database(lumbar_home.db_path)
    try:
        session(db, builtin, "core-basics", local_now().date())
    finally:
        db.close()


def old_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite 3.22 (Ubuntu 18.04's): no FILTER on an aggregate, which the trends use."""
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.22.0")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 22, 0))


def test_an_old_sqlite_is_one_line_where_the_database_opens(
    lumbar_home: Locations,
    a_session: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old_sqlite(monkeypatch)
    fresh = lumbar_home.db_path.with_name("fresh.db")
    with pytest.raises(DatabaseProblem) as refused:
        open_database(fresh)
    assert str(refused.value) == OLD
    assert not fresh.exists(), "no file is made that cannot be used"
    capsys.readouterr()
    assert main(["log"]) == EXIT_USAGE
    told = capsys.readouterr()
    assert (told.out, told.err) == ("", f"lumbar: {OLD}\n")
    # Browsing the catalog needs no database: the routine's own doses, and the line.
    assert main(["routines", "show", "core-basics"]) == 0
    told = capsys.readouterr()
    assert "# Core basics" in told.out
    assert told.err == f"lumbar: warning: {OLD}; the doses shown are the routine's own\n"


def test_an_sqlite_without_json_functions_is_one_line(
    lumbar_home: Locations, a_session: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db.connection, "_has_json", lambda: False)
    with pytest.raises(DatabaseProblem) as refused:
        open_database(lumbar_home.db_path, writable=False)
    assert str(refused.value) == (
        f"SQLite {sqlite3.sqlite_version} here has no JSON functions, which lumbar needs: "
        "use a Python built with an SQLite that has them (any from 3.38 on does)"
    )


def test_this_sqlite_is_new_enough() -> None:
    """The guard passes the SQLite the tests run on (or every other test would fail)."""
    assert sqlite3.sqlite_version_info >= db.connection.SQLITE_MIN
    db.connection.check_sqlite()
