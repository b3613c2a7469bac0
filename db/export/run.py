"""One export from start to end: which sessions, in which form, written where.

What is written at the path:

- csv: a folder of CSV files, or a zip of them when the path ends in ``.zip``;
- json: one file;
- tcx, fit, rr: one file for one session named with ``--session``; otherwise (several
  sessions, or all) a folder with ``session-ID.tcx``, ``session-ID.fit`` or
  ``session-ID-rr.txt`` per session, or a zip of those files when the path ends in ``.zip``.

Several files never go into a folder named like one file: a csv export to ``s2.csv`` (or a
FIT export of several sessions to ``all.fit``) is refused with what to write instead,
rather than making a folder called ``s2.csv``.

RR needs RR intervals, and TCX and FIT with ``device`` need that device's heart rate: a
session named without them is refused; with every session asked for, those without are
skipped and listed in the result. Otherwise TCX and FIT take any session: one without heart
rate (no strap was worn) is an activity of laps and times without it. They carry one device's
heart rate and RR: the session's best source (``db.figures``), or ``device``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from db.clock import utc_now
from db.export.csv_tables import write_tables
from db.export.json_doc import write_json
from db.export.output import (
    TargetKind,
    atomic_file,
    atomic_folder,
    atomic_zip,
    check_target,
)
from db.export.reading import (
    DecodeAcc,
    ExportError,
    SessionRecord,
    choose_sessions,
    device_address,
    has_heart_rate,
    has_rr_intervals,
    read_record,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

Format = Literal["csv", "json", "tcx", "fit", "rr"]
FORMATS: tuple[Format, ...] = ("csv", "json", "tcx", "fit", "rr")
FILE_NAMES = {"tcx": "session-{id}.tcx", "fit": "session-{id}.fit", "rr": "session-{id}-rr.txt"}
FILE_SUFFIXES = frozenset({".csv", ".json", ".tcx", ".fit", ".rr", ".txt", ".tsv", ".xml"})
"""Names that promise one file: a many-file export refuses to make a folder so named."""
ONE_DEVICE_FORMATS = ("tcx", "fit", "rr")
"""The formats that carry one device's heart rate (``device`` chooses it)."""


@dataclass(frozen=True, slots=True)
class ExportRequest:
    format: Format
    path: Path
    session_ids: tuple[int, ...] | None
    """None: every session."""
    decode_acc: DecodeAcc
    """Decodes stored raw accelerometer chunks (for csv)."""
    force: bool = False
    """Replace an existing file, or write into an existing folder."""
    flexibility_exercises: frozenset[str] = frozenset()
    """Ids of stretching and mobility exercises: FIT's flexibility training."""
    tz: tzinfo | None = None
    """The local zone for FIT's local time (default: this machine's)."""
    device: str | None = None
    """tcx, fit, rr: whose heart rate and RR to carry (default: each session's best source)."""
    include_demo: bool = False
    """With every session asked for: the demo's too (``db.demo``)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    kind: TargetKind
    files: tuple[str, ...]
    """Names written (for a file: its own name)."""
    sessions: tuple[int, ...]
    skipped: tuple[int, ...]
    """Of every session: those without the RR intervals (or ``device``'s heart rate) the
    format needs."""


def export_sessions(db: Database, request: ExportRequest) -> ExportResult:
    """Write the export; ``ExportError`` (one line) when it cannot be made as asked, and then
    nothing is left at the path."""
    if request.device is not None and request.format not in ONE_DEVICE_FORMATS:
        raise ExportError(
            f"--device chooses the heart rate of a tcx, fit or rr export; {request.format} "
            "holds every device's: leave --device out"
        )
    chosen = choose_sessions(db, request.session_ids, include_demo=request.include_demo)
    chosen, skipped = _with_what_the_format_needs(db, request, chosen)
    kind = target_kind(request, len(chosen))
    path = request.path
    _check_name(request, kind)
    check_target(path, kind, force=request.force)
    try:
        files = _write(db, request, chosen, kind)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ExportError(f"cannot write {path}: {reason}") from None
    return ExportResult(path, kind, files, chosen, skipped)


def target_kind(request: ExportRequest, sessions: int) -> TargetKind:
    if request.format == "json":
        return "file"
    if request.format != "csv" and request.session_ids is not None and sessions == 1:
        return "file"
    return "zip" if request.path.suffix.lower() == ".zip" else "folder"


def _check_name(request: ExportRequest, kind: TargetKind) -> None:
    """A folder of files is not written under a name that promises one file."""
    suffix = request.path.suffix.lower()
    if kind != "folder" or suffix not in FILE_SUFFIXES:
        return
    what = (
        "a csv export is a file per table"
        if request.format == "csv"
        else f"several sessions make several {request.format.upper()} files"
    )
    stem = request.path.with_suffix("")
    raise ExportError(
        f"{what}, not one {suffix} file: give a folder (-o {stem}) or a zip (-o {stem}.zip)"
    )


def _with_what_the_format_needs(
    db: Database, request: ExportRequest, chosen: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if request.format in ("tcx", "fit") and request.device is not None:
        has, lacking = has_heart_rate, "heart rate"
    elif request.format == "rr":
        has, lacking = has_rr_intervals, "RR intervals"
    else:
        return chosen, ()
    device = request.device
    missing = tuple(i for i in chosen if not has(db, i, device_address(db, i, device)))
    if not missing:
        return chosen, ()
    form = request.format.upper()
    a_form = f"an {form}" if form == "RR" else f"a {form}"  # "an RR", said "an ar-ar"
    if request.session_ids is not None:
        if device is not None:
            raise ExportError(
                f"session {missing[0]} has no {lacking} from {device} to put in {a_form} "
                "export; 'lumbar log show ID' lists its devices, or leave --device out"
            )
        raise ExportError(
            f"session {missing[0]} has no {lacking} to put in {a_form} export "
            "(no strap was worn, or it had no skin contact); export it as csv or json, "
            "or leave it out"
        )
    kept = tuple(i for i in chosen if i not in set(missing))
    if not kept:
        source = "" if device is None else f" from {device}"
        demo = (
            "" if request.include_demo else " (the demo's are left out: --include-demo adds them)"
        )
        raise ExportError(f"no session has {lacking}{source} to put in {a_form} export{demo}")
    return kept, missing


def _write(
    db: Database, request: ExportRequest, chosen: tuple[int, ...], kind: TargetKind
) -> tuple[str, ...]:
    path = request.path
    if request.format == "csv":
        opened = atomic_zip(path) if kind == "zip" else atomic_folder(path)
        with opened as folder:
            return tuple(write_tables(db, chosen, folder, request.decode_acc))
    if request.format == "json":
        with atomic_file(path) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8")
            write_json(db, chosen, out, exported_at=utc_now())
            out.flush()
            out.detach()
        return (path.name,)
    build = _builder(request)
    if kind == "file":
        (session_id,) = chosen
        content = build(read_record(db, session_id, request.device))
        with atomic_file(path) as raw:
            raw.write(content)
        return (path.name,)
    names = []
    opened = atomic_zip(path) if kind == "zip" else atomic_folder(path)
    with opened as folder:
        for session_id in chosen:
            name = FILE_NAMES[request.format].format(id=session_id)
            content = build(read_record(db, session_id, request.device))
            with folder.create(name) as raw:
                raw.write(content)
            names.append(name)
    return tuple(names)


def _builder(request: ExportRequest) -> Callable[[SessionRecord], bytes]:
    if request.format == "tcx":
        from db.export.tcx import tcx_document

        return tcx_document
    if request.format == "fit":
        from db.export.fit import fit_file  # Garmin's SDK: loaded only for FIT

        return lambda record: fit_file(
            record, flexibility_exercises=request.flexibility_exercises, tz=request.tz
        )
    from db.export.rr import rr_text

    return lambda record: rr_text(record).encode("utf-8")
