"""Opening the database a user asked for: engine, migrations, backups, sessions."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from careplan.paths import AppPaths
from careplan.services.addresses import resolve_url as resolve_url  # no SQLAlchemy there
from careplan.storage.backup import BackupFailed
from careplan.storage.db import DatabaseError, describe, make_engine, make_sessionmaker, sqlite_errors, sqlite_url
from careplan.storage.migrate import routine_backup, upgrade

log = logging.getLogger(__name__)


@dataclass
class Store:
    """One engine and its sessionmakers for the program's life; a Session per user action.

    ``sessions`` is for anything that may write (on SQLite it starts with BEGIN IMMEDIATE, so it
    waits for another writer, then says "another desktop is saving"); ``reads`` is for reading only.
    """

    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    reads: sessionmaker[Session] = None  # type: ignore[assignment]
    backups: Path | None = None
    #: Set once when a routine backup failed; whoever shows it takes it (``take_backup_warning``).
    backup_warning: str | None = None
    _backup_warned: bool = False

    def take_backup_warning(self) -> str | None:
        """The warning about a failed routine backup, once: None after it was taken."""
        warning, self.backup_warning = self.backup_warning, None
        return warning

    def __post_init__(self) -> None:
        if self.reads is None:
            self.reads = make_sessionmaker(self.engine, readonly=True)

    @property
    def is_embedded(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def routine_backup(self) -> Path | None:
        """The daily copy of a SQLite file, when it changed since the last one (never at start-up:
        the desktop runs it in the background once its window shows, the command line after a change)."""
        if self.backups is None:
            return None
        failures: tuple[type[Exception], ...] = (OSError, DatabaseError, *sqlite_errors())
        try:
            made = routine_backup(self.engine, self.backups)
            _no_plain_backups(self.engine, self.backups)
        except failures as exc:
            # Never blocks work: logged, and said once (``backup_warning``) by the screen or command.
            log.warning("routine backup failed: %s", type(exc).__name__)
            if not self._backup_warned:
                self._backup_warned = True
                self.backup_warning = backup_failure_warning(exc)
            return None
        if made is not None:
            log.info("made the daily backup")
        return made

    def close(self) -> None:
        self.engine.dispose()


def backup_failure_warning(exc: BaseException) -> str:
    """The one warning shown when the routine backup failed (work goes on)."""
    from careplan.storage.backup import plain_reason

    reason = str(exc) if isinstance(exc, BackupFailed) else f"The backup could not be written: {plain_reason(exc)}."
    return (
        f"Today's backup of the database was not made. {reason} Your work is saved as usual; "
        "free some disk space or ask IT to check the backups folder."
    )


def _no_plain_backups(engine: Engine, backups: Path) -> None:
    """Beside an encrypted database, a plain backup (left by a crash while encrypting) is encrypted too."""
    from careplan.storage import crypto
    from careplan.storage.migrate import sqlite_file

    database = sqlite_file(engine)
    if database is not None and crypto.is_encrypted(database):
        crypto.encrypt_plain_backups(backups, crypto.key_for(database))


def open_database(paths: AppPaths, *urls: str | None) -> Store:
    """The one place the programs open their database (the composition root): the first of ``urls``
    given, in order of precedence (``--db``, ``CAREPLAN_DB``, the settings; see ``resolve_url``), else
    the embedded file; then ``open_store``.  The command line, the desktop's start and Settings
    switching to another database all come here, so each opens, backs up and migrates alike."""
    url = next((u for u in urls if u), None) or sqlite_url(paths.database)
    paths.ensure()
    return open_store(url, paths)


def open_store(url: str, paths: AppPaths, *, migrate: bool = True) -> Store:
    """Connect, back up and migrate.  Raises DatabaseError with a plain message when it cannot."""
    engine = make_engine(url)
    try:
        if migrate:
            upgrade(engine, paths.backups)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
        raise DatabaseError(
            f"Careplan cannot open the database {describe(url)}: {reason}.{_password_hint(reason)}"
        ) from None
    except Exception:
        engine.dispose()
        raise
    log.info("opened database (%s)", engine.dialect.name)
    return Store(engine, make_sessionmaker(engine), url, backups=paths.backups)


def _password_hint(reason: str) -> str:
    """What to do when the server wants a password it did not get, or refused the one it got."""
    if "no password supplied" in reason or "password authentication failed" in reason:
        return (
            " Enter the password in Settings > Database (it is kept in this computer's keyring), or ask IT to put "
            "it in ~/.pgpass."
        )
    return ""


def check_connection(url: str, password: str | None = None) -> str:
    """Try a database address without changing it; returns a one-line description of what answered.
    ``password``: one typed in Settings but not kept yet (given to the driver, never put in the address)."""
    engine = make_engine(url, connect_args={"password": password}) if password else make_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.exec_driver_sql(
                "select sqlite_version()" if engine.dialect.name == "sqlite" else "select version()"
            ).scalar()
        return f"{engine.dialect.name} {str(version).split(',')[0]}"
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
        raise DatabaseError(f"Cannot connect to {describe(url)}: {reason}{_password_hint(reason)}") from None
    finally:
        engine.dispose()
