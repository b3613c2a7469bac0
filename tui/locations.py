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

    def command(self, words: str) -> str:
        """The ``lumbar`` command line that runs ``words`` on this database: the demo's
        is reached with ``--demo``, any other but the person's own with ``--db``."""
        if self.db_path == self.data_dir / PERSON_DB_NAME:
            return f"lumbar {words}"
        if self.db_path == self.demo_db_path:
            return f"lumbar --demo {words}"
        return f"lumbar --db {shlex.quote(str(self.db_path))} {words}"


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
