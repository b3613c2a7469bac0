"""A database file as an older lumbar left it, for tests of what a migration does to it."""

from __future__ import annotations

from sqlite_utils import Database

from db.schema import MIGRATIONS, Migration


def back_to_before(db: Database, migration: Migration) -> None:
    """At the version before ``migration``, without the tables, columns and indexes that it
    and the later migrations added (they are made again when the file is opened to write)."""
    index = MIGRATIONS.index(migration)
    earlier = Database(memory=True)
    for older in MIGRATIONS[:index]:
        older(earlier)
    for view in db.view_names():  # made again as they were: a later one may name a column
        db.execute(f"DROP VIEW {view}")
    for table in reversed(db.table_names()):
        if table.startswith("sqlite_"):
            continue  # SQLite's own (sqlite_sequence: session ids are never given twice)
        if table not in earlier.table_names():
            db.execute(f"DROP TABLE {table}")
            continue
        kept = set(earlier.table(table).columns_dict)
        for column in db.table(table).columns_dict:
            if column not in kept:
                db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    known = {name for (name,) in earlier.execute(indexes)}
    for (name,) in db.execute(indexes).fetchall():
        if name not in known:
            db.execute(f'DROP INDEX "{name}"')
    for (sql,) in earlier.execute("SELECT sql FROM sqlite_master WHERE type = 'view'"):
        db.execute(sql)
    db.execute(f"PRAGMA user_version = {index}")
    db.conn.commit()
