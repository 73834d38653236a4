"""``services.addresses``: which database the programs open, found without loading SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

from careplan.paths import AppPaths
from careplan.services.addresses import resolve_url
from careplan.storage.quick_read import plain_sqlite_file

SERVER = "postgresql+psycopg://careplan@clinic-server/careplan"


def test_db_beats_the_environment_beats_the_settings_beats_the_embedded_file(app_paths: AppPaths) -> None:
    given, env, settings = "sqlite:////srv/given.sqlite3", "sqlite:////srv/env.sqlite3", SERVER
    assert resolve_url(given, env, settings, app_paths) == given
    assert resolve_url(None, env, settings, app_paths) == env
    assert resolve_url(None, None, settings, app_paths) == settings
    embedded = resolve_url(None, None, None, app_paths)
    assert plain_sqlite_file(embedded) == app_paths.database  # the embedded file, read back as a plain file
    assert resolve_url("", "", None, app_paths) == embedded  # an empty value is no choice


def test_finding_the_database_loads_no_sqlalchemy() -> None:
    probe = "import sys, careplan.services.addresses; print('sqlalchemy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"
