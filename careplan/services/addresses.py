"""Which database the programs open: ``--db`` beats ``CAREPLAN_DB`` beats the settings; the default is
the embedded file in the data folder.  No SQLAlchemy here, so a command can find its file before (or
without) loading it; ``services.store`` opens what this names."""

from __future__ import annotations

from careplan.paths import AppPaths
from careplan.storage.light import sqlite_url


def resolve_url(cli_url: str | None, env_url: str | None, settings_url: str | None, paths: AppPaths) -> str:
    """``--db`` beats ``CAREPLAN_DB`` beats the settings; the default is the embedded file."""
    return cli_url or env_url or settings_url or sqlite_url(paths.database)
