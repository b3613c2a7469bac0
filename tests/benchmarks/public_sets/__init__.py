"""The writers of the public sets ``../fetch_data.py`` fetches, one module a set (what each
holds: ``fetch_data.py``), and what they share (``files.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from public_sets.barbell import write_barbell
from public_sets.dsads import write_dsads
from public_sets.eurobench_sts import write_eurobench_sts
from public_sets.exermote import write_exermote, write_exermote_chest
from public_sets.files import Repo
from public_sets.hapt import write_hapt

WRITERS: dict[str, Callable[[Repo, Path], int]] = {
    "barbell": write_barbell,
    "exermote": write_exermote,
    "hapt": write_hapt,
    "exermote-chest": write_exermote_chest,
    "dsads": write_dsads,
    "eurobench-sts": write_eurobench_sts,
}
"""Each set's writer: reads the set's repository, writes its recordings and index into a
folder, and says how many it wrote."""
