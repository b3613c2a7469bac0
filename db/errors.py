"""The one kind of database failure lumbar reports: a line saying what is wrong and what to do."""

from __future__ import annotations


class DatabaseProblem(Exception):
    """The session database cannot be used as it is; ``str()`` is one line for the person."""
