"""Applying Alembic migrations in-process at start, after a backup."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from careplan.storage.backup import backup_if_changed, backup_sqlite, thin_backups
from careplan.storage.db import DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseTooNew(DatabaseError):
    """The database was written by a newer Careplan whose schema this build does not know."""


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database)


def upgrade(engine: Engine, backup_dir: Path | None = None) -> UpgradeResult:
    """Bring the database to this build's schema.

    A SQLite file that already holds data is copied to ``backup_dir`` first.
    A database written by a newer Careplan is refused (DatabaseTooNew); so is one
    that holds tables but is not a Careplan database.
    """
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    current = current_revision(engine)
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise DatabaseTooNew(
            "This database was written by a newer version of Careplan "
            f"(database schema {current!r}; this version knows up to {head!r}). "
            "Install the newer version of Careplan to open it. Nothing was changed."
        )
    if current == head:
        return UpgradeResult(current, head)
    if current is None:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables:
            raise DatabaseError(
                "This database holds tables but is not a Careplan database "
                f"(found: {', '.join(sorted(tables)[:5])}). Choose another database. Nothing was changed."
            )
    backup = None
    db_file = sqlite_file(engine)
    if db_file is not None and current is not None and backup_dir is not None:
        backup = backup_sqlite(db_file, backup_dir, f"before-{head}")
        thin_backups(backup_dir)
        log.info("backed up the database before migrating from %s to %s", current, head)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database schema migrated from %s to %s", current, head)
    return UpgradeResult(current, head, backup)


def routine_backup(engine: Engine, backup_dir: Path) -> Path | None:
    """A daily copy of the SQLite file at start, when it changed (no-op for server databases)."""
    db_file = sqlite_file(engine)
    if db_file is None:
        return None
    return backup_if_changed(db_file, backup_dir, "daily", dt.timedelta(hours=20))
