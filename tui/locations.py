"""Where lumbar keeps its files: settings, the user's catalog files, the database."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "lumbar"
ENV_CONFIG_DIR = "LUMBAR_CONFIG_DIR"
ENV_DATA_DIR = "LUMBAR_DATA_DIR"
ENV_DB = "LUMBAR_DB"
PERSON_DB_NAME = "lumbar.db"
DEMO_DB_NAME = "demo.db"


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

    def command(self, words: str, environ: Mapping[str, str] | None = None) -> str:
        """The ``lumbar`` command line that runs ``words`` on this database, typed in this
        environment (``LUMBAR_DB`` too) from any folder: bare where that reaches it,
        ``--demo`` where that does, else ``--db`` and its whole path."""
        path = self.db_path.absolute()
        if locate(environ=environ).db_path.absolute() == path:
            return f"lumbar {words}"
        if locate(environ=environ, demo=True).db_path.absolute() == path:
            return f"lumbar --demo {words}"
        return f"lumbar --db {shlex.quote(str(path))} {words}"


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
