"""A real (non-editable) build carries the catalog's data files and the app's stylesheet."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_the_catalog_and_the_stylesheet(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("lumbar-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n for n in names if n.startswith("catalog/data/")}
    expected = {str(p.relative_to(ROOT)) for p in (ROOT / "catalog" / "data").rglob("*.toml")}
    assert shipped == expected
    assert "tui/lumbar.tcss" in names
    assert "tui/serving/page.html" in names  # the page 'lumbar serve' serves
    for package in ("catalog", "sensors", "db", "tui", "tui/screens", "tui/serving"):
        assert f"{package}/__init__.py" in names
