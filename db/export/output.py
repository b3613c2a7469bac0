"""Writing an export so that a failure leaves nothing half-written.

Everything goes to a temporary file or folder next to the target and is renamed into place
only when complete. Files are private to the user (0600, folders 0700): it is health data.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import IO, Literal, Protocol, TextIO

from db.clock import local_now
from db.export.reading import ExportError

TargetKind = Literal["file", "folder", "zip"]
"""What an export writes at its path: one file, a folder of files, or a zip of files."""


class Folder(Protocol):
    """Where the files of a many-file export go (a real folder or a zip)."""

    def create(self, name: str) -> AbstractContextManager[IO[bytes]]:
        """A new file ``name`` (no folders in it) to write."""
        ...


def check_target(path: Path, kind: TargetKind, *, force: bool) -> None:
    """Refuse, with one line, a target that cannot or must not be written."""
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(
            f"the folder {parent} does not exist; create it or choose another -o PATH"
        )
    if path.is_dir():
        if kind != "folder":
            raise ExportError(f"{path} is a folder; give the name of the file to write")
        if not force:
            raise ExportError(
                f"{path} already exists; add --force to write into it (files of the same "
                "name are replaced, nothing else is touched), or choose another -o PATH"
            )
    elif path.exists() or path.is_symlink():
        if kind == "folder":
            raise ExportError(
                f"{path} is a file, but this export is a folder of files; choose another -o PATH"
            )
        if not force:
            raise ExportError(f"{path} already exists; add --force to replace it")


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A file that appears at ``path`` (replacing what was there) only if the block ends well."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise


@contextmanager
def atomic_folder(path: Path) -> Iterator[Folder]:
    """A folder of files that appears at ``path`` only if the block ends well. An existing
    folder (``--force``) receives the files: same names replaced, nothing else touched."""
    temp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    try:
        yield _RealFolder(temp)
        if path.is_dir():
            names = sorted(child.name for child in temp.iterdir())
            clash = next((n for n in names if (path / n).is_dir()), None)
            if clash is not None:
                raise ExportError(f"{path / clash} is a folder; move it aside and try again")
            for name in names:
                os.replace(temp / name, path / name)
            temp.rmdir()
        else:
            os.rename(temp, path)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


@contextmanager
def atomic_zip(path: Path) -> Iterator[Folder]:
    """A zip of files that appears at ``path`` only if the block ends well."""
    with (
        atomic_file(path) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        yield _ZipFolder(archive)


@contextmanager
def text_file(folder: Folder, name: str) -> Iterator[TextIO]:
    """A new UTF-8 text file in ``folder`` (newlines as written, for the csv module)."""
    with folder.create(name) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        try:
            yield text
        finally:
            text.flush()
            text.detach()


class _RealFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def create(self, name: str) -> Iterator[IO[bytes]]:
        fd = os.open(self.path / _plain(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


class _ZipFolder:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    @contextmanager
    def create(self, name: str) -> Iterator[IO[bytes]]:
        info = zipfile.ZipInfo(_plain(name), date_time=local_now().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o600) << 16
        # zip64 from the start: the size of a member is not known before it is written.
        with self.archive.open(info, "w", force_zip64=True) as member:
            yield member


def _plain(name: str) -> str:
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f"not a plain file name: {name!r}")
    return name
