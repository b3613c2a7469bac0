"""Where lumbar keeps its files: settings, the user's catalog files, the database."""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from db.demo import DEMO_DB_NAME

APP_NAME = "lumbar"
ENV_CONFIG_DIR = "LUMBAR_CONFIG_DIR"
ENV_DATA_DIR = "LUMBAR_DATA_DIR"
ENV_DB = "LUMBAR_DB"
PERSON_DB_NAME = "lumbar.db"


@dataclass(frozen=True)
class Locations:
    config_dir: Path
    data_dir: Path
    db_path: Path
    """The database in use: the person's, or with ``--demo`` the demo's own."""

    @property
    def settings_path(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def devices_path(self) -> Path:
        """The wearables lumbar remembers and connects to when it starts."""
        return self.config_dir / "devices.toml"

    @property
    def demo_db_path(self) -> Path:
        """Where ``--demo`` keeps its sessions when no database is named, apart from the
        person's own."""
        return self.data_dir / DEMO_DB_NAME

    @property
    def catalog_dir(self) -> Path:
        """Where the user's own exercise and routine files go."""
        return self.config_dir / "catalog"

    def command(
        self,
        words: str,
        environ: Mapping[str, str] | None = None,
        *,
        platform: str = sys.platform,
    ) -> str:
        """The ``lumbar`` command line that runs ``words`` on this database, typed in this
        environment (``LUMBAR_DB`` too) from any folder: bare where that reaches it,
        ``--demo`` where that does, else ``--db`` and its whole path, quoted for the shells
        of ``platform`` (a POSIX shell; on Windows cmd.exe and PowerShell)."""
        path = self.db_path.absolute()
        if locate(environ=environ).db_path.absolute() == path:
            return f"lumbar {words}"
        if locate(environ=environ, demo=True).db_path.absolute() == path:
            return f"lumbar --demo {words}"
        quote = windows_quote if platform.startswith("win") else shlex.quote
        return f"lumbar --db {quote(str(path))} {words}"


_WINDOWS_BARE = re.compile(r"[\w\-.:\\/]+")
"""What cmd.exe and PowerShell both pass on as it is: letters, digits and a path's marks."""


def windows_quote(word: str) -> str:
    """``word`` as one argument typed in cmd.exe or PowerShell: bare when that is safe, else
    in double quotes by the Microsoft C runtime's rules, as ``subprocess.list2cmdline``
    quotes (backslashes doubled only before a quote, which is escaped). Single quotes,
    which both shells read otherwise, are then plain characters."""
    if _WINDOWS_BARE.fullmatch(word):
        return word
    quoted = re.sub(r'(\\*)"', r'\1\1\\"', word)
    quoted = re.sub(r"(\\+)$", r"\1\1", quoted)
    return f'"{quoted}"'


def locate(
    db: str | None = None, environ: Mapping[str, str] | None = None, *, demo: bool = False
) -> Locations:
    """Resolve every location: ``--db`` beats ``LUMBAR_DB`` beats the data directory, where
    the demo (``demo``) has a database of its own."""
    env = os.environ if environ is None else environ
    import platformdirs

    config_dir = Path(env.get(ENV_CONFIG_DIR) or platformdirs.user_config_dir(APP_NAME))
    data_dir = Path(env.get(ENV_DATA_DIR) or platformdirs.user_data_dir(APP_NAME))
    default = data_dir / (DEMO_DB_NAME if demo else PERSON_DB_NAME)
    db_path = Path(db or env.get(ENV_DB) or default)
    return Locations(
        config_dir=config_dir.expanduser(),
        data_dir=data_dir.expanduser(),
        db_path=db_path.expanduser(),
    )
