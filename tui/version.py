"""lumbar's own version, looked up only when asked (importlib.metadata costs ~14 ms)."""

from __future__ import annotations


def lumbar_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lumbar")
    except PackageNotFoundError:
        return "unknown"
