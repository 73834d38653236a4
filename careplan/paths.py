"""Where Careplan keeps its files (platformdirs), with environment overrides for tests and IT."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

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

    def ensure(self) -> None:
        for folder in (self.data, self.config, self.backups, self.logs, self.drafts):
            folder.mkdir(parents=True, exist_ok=True)
