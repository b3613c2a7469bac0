"""``dsads``: the torso unit's still postures of UCI Daily and Sports Activities (see
``fetch_data.py``)."""

from __future__ import annotations

from pathlib import Path

from public_sets.files import STANDARD_GRAVITY, Repo, write_index, write_recording

DSADS_ATTRIBUTION = (
    "Daily and Sports Activities, K. Altun, B. Barshan, O. Tunçel (CC BY 4.0); torso unit"
)
DSADS_RATE_HZ = 25.0
DSADS_STILL = {
    "a01": "sitting",
    "a02": "standing",
    "a03": "lying on back",
    "a04": "lying on right side",
    "a07": "standing in lift",
}
"""The still postures, by folder; the other activities are not written."""


def write_dsads(repo: Repo, out: Path) -> int:
    rows: list[dict[str, object]] = []
    listing = repo.files("data")
    for code, activity in DSADS_STILL.items():
        people = sorted({p.split("/")[2] for p in listing if p.startswith(f"data/{code}/")})
        for person in sorted(people, key=lambda p: int(p[1:])):
            segments = sorted(
                p for p in listing if p.startswith(f"data/{code}/{person}/") and p.endswith(".txt")
            )
            lines = [
                line.split(",")
                for segment in segments
                for line in repo.text(segment).splitlines()
                if line.strip()
            ]
            file_name = f"{code}-{person}-{activity.replace(' ', '-')}.csv"
            samples = (
                (i / DSADS_RATE_HZ, *(float(v) / STANDARD_GRAVITY for v in line[:3]))
                for i, line in enumerate(lines)
            )
            write_recording(out / file_name, DSADS_ATTRIBUTION, samples)  # type: ignore[arg-type]
            rows.append(
                {
                    "file": file_name,
                    "person": person,
                    "activity": activity,
                    "segments": len(segments),
                    "duration_s": round(len(lines) / DSADS_RATE_HZ, 2),
                }
            )
    write_index(out, rows)
    return len(rows)
