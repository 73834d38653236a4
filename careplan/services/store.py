"""Opening the database a user asked for: engine, migrations, backups, sessions."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from careplan.paths import AppPaths
from careplan.storage.db import DatabaseError, describe, make_engine, make_sessionmaker, sqlite_url
from careplan.storage.migrate import routine_backup, upgrade

log = logging.getLogger(__name__)


@dataclass
class Store:
    """One engine and its sessionmaker for the program's life; a Session per user action."""

    engine: Engine
    sessions: sessionmaker[Session]
    url: str

    @property
    def is_embedded(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def resolve_url(cli_url: str | None, env_url: str | None, settings_url: str | None, paths: AppPaths) -> str:
    """``--db`` beats ``CAREPLAN_DB`` beats the settings; the default is the embedded file."""
    return cli_url or env_url or settings_url or sqlite_url(paths.database)


def open_store(url: str, paths: AppPaths, *, migrate: bool = True) -> Store:
    """Connect, back up and migrate.  Raises DatabaseError with a plain message when it cannot."""
    engine = make_engine(url)
    try:
        if migrate:
            result = upgrade(engine, paths.backups)
            if not result.changed:
                routine_backup(engine, paths.backups)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
        raise DatabaseError(f"Careplan cannot open the database {describe(url)}: {reason}.") from None
    except Exception:
        engine.dispose()
        raise
    log.info("opened database (%s)", engine.dialect.name)
    return Store(engine, make_sessionmaker(engine), url)


def check_connection(url: str) -> str:
    """Try a database address without changing it; returns a one-line description of what answered."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.exec_driver_sql(
                "select sqlite_version()" if engine.dialect.name == "sqlite" else "select version()"
            ).scalar()
        return f"{engine.dialect.name} {str(version).split(',')[0]}"
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
        raise DatabaseError(f"Cannot connect to {describe(url)}: {reason}") from None
    finally:
        engine.dispose()
