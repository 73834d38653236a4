"""Applying Alembic migrations in-process at start, after a backup."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from careplan.storage.backup import BackupFailed, backup_if_changed, backup_sqlite, thin_backups
from careplan.storage.db import DatabaseError
from careplan.storage.faults import RESTORE_HINT, DatabaseDamaged

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: The newest migration of this build.  Checked against Alembic's own head by a test; it lets a
#: start on an up-to-date database skip importing Alembic (about 180 ms).
HEAD = "0006"

if TYPE_CHECKING:
    from alembic.config import Config


class DatabaseTooNew(DatabaseError):
    """The database was written by a newer Careplan whose schema this build does not know."""


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revision_quickly(engine: Engine) -> str | None:
    """The stored revision read with one query, without Alembic; None when it cannot tell."""
    try:
        # A read transaction: it needs no write lock, so a read-only database or another desktop's save
        # does not stop the program from starting.
        with engine.execution_options(careplan_readonly=True).connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        return None
    if len(rows) > 1:
        raise _two_versions(engine, rows)
    return rows[0] if rows else None


def _two_versions(engine: Engine, rows: Sequence[str]) -> DatabaseDamaged:
    """Careplan's migrations form one line, so its version table holds exactly one row; more than
    one means another program (or damage) changed it, and Alembic would only fail obscurely."""
    db_file = sqlite_file(engine)
    where = str(db_file) if db_file else engine.url.render_as_string(hide_password=True)
    shown = ", ".join(repr(r) for r in rows[:4])
    return DatabaseDamaged(
        f"The database {where} records {len(rows)} schema "
        f"versions ({shown}) where there is always one: another program changed it, or it is damaged. "
        f"Nothing was changed. Please {RESTORE_HINT}."
    )


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
    if _stored_revision_quickly(engine) == HEAD:
        return UpgradeResult(HEAD, HEAD)
    from alembic import command
    from alembic.script import ScriptDirectory

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
        try:
            backup = backup_sqlite(db_file, backup_dir, f"before-{head}")
        except BackupFailed as exc:
            # Migrating without a copy would risk the data: stop, and say why.
            raise DatabaseError(
                f"This version of Careplan needs to update the database, and makes a copy of it first. {exc} "
                "The database was not updated and nothing was changed; free some disk space or fix the "
                "backups folder, then start Careplan again."
            ) from None
        with contextlib.suppress(OSError):
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
