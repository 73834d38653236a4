"""Where Careplan keeps its files (platformdirs), with environment overrides for tests and IT."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from careplan.core.files import Tightened, make_private_folder, make_tree_private, remove_stale_partials

APP_NAME = "careplan"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path

    @classmethod
    def from_env(cls) -> AppPaths:
        """``CAREPLAN_DATA_DIR`` and ``CAREPLAN_CONFIG_DIR`` override the platform's folders."""
        data = os.environ.get("CAREPLAN_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, appauthor=False)
        config = os.environ.get("CAREPLAN_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME, appauthor=False)
        return cls(Path(data), Path(config))

    @property
    def database(self) -> Path:
        return self.data / "careplan.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def logs(self) -> Path:
        return self.data / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "careplan.log"

    @property
    def drafts(self) -> Path:
        return self.data / "drafts"

    @property
    def cache(self) -> Path:
        """The user's cache folder (platformdirs): only what the program can make again from its own
        files (the checked library), never patient data, so it is outside the data folder."""
        return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))

    def ensure(self) -> None:
        """Create the folders, owner-only (0700) whatever the umask."""
        for folder in (self.data, self.config, self.backups, self.logs, self.drafts):
            make_private_folder(folder)

    def tidy(self) -> tuple[Tightened, int]:
        """At start: narrow an existing installation to owner-only (the data and configuration folders,
        never following a link out of them) and remove the ``*.partial`` files an interrupted backup
        or restore left behind.  Returns (what was narrowed, partial files removed)."""
        narrowed = [make_tree_private(folder) for folder in (self.data, self.config)]
        removed = sum(remove_stale_partials(folder) for folder in (self.data, self.backups))
        return Tightened(sum(t.changed for t in narrowed), sum(t.failed for t in narrowed)), removed
