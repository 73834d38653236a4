"""Backups, restore and the doctor's checks, for the desktop program and the command line alike.

A SQLite database (the file on this computer) has its backups in the data folder; a
PostgreSQL database is the clinic server's, whose own backups apply: for it these say so
and give the ``pg_dump``/``pg_restore`` commands (never a password).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from careplan.core.files import POSIX_MODES, stale_partials, wider_than_private
from careplan.paths import AppPaths
from careplan.services.audit import Actor
from careplan.services.errors import UserError
from careplan.storage.backup import MANUAL, BackupInfo, backup_name, backup_sqlite, backups_in, copy_database
from careplan.storage.db import DatabaseError, describe, make_engine, make_sessionmaker
from careplan.storage.maintenance import (
    Finding,
    RestoreRefused,
    RestoreResult,
    backup_findings,
    database_findings,
    known_revisions,
    restore_file,
    schema_finding,
)

log = logging.getLogger(__name__)

#: Below this much free space in the data folder, ``doctor`` warns (a backup needs room for a copy).
MIN_FREE_BYTES = 200 * 1024 * 1024


class ServerDatabase(UserError):
    """Backups and restore of a database on a server are the server's business; ``advice`` says how."""

    def __init__(self, advice: str) -> None:
        super().__init__(
            "the database is on the clinic's server, where the server's own backups apply (pg_dump and "
            "pg_restore; the commands are printed above)."
        )
        self.advice = advice


def sqlite_file_of(url: str) -> Path | None:
    """The database file of a SQLite address; None for a server (or an in-memory database)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"The database address {describe(url)} is not valid.") from None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def server_backup_advice(url: str) -> str:
    """What to do on PostgreSQL, with the commands for this server (host, port, database, user; no password)."""
    parsed = make_url(url)
    where = []
    if parsed.host:
        where.append(f"--host={parsed.host}")
    if parsed.port:
        where.append(f"--port={parsed.port}")
    if parsed.username:
        where.append(f"--username={parsed.username}")
    options = " ".join(where)
    database = parsed.database or "careplan"
    return "\n".join(
        [
            f"This database is on the clinic's server ({describe(url)}). Careplan does not back it up or restore",
            "it itself: the server's own backups apply. Ask whoever looks after the server, or use PostgreSQL's tools:",
            "",
            "  make a backup:",
            f"    pg_dump {options} --format=custom --file=careplan.dump {database}",
            "  restore one (replaces what is in the database; close Careplan on every computer first):",
            f"    pg_restore {options} --clean --if-exists --dbname={database} careplan.dump",
            "",
            "They ask for the password, or read it from ~/.pgpass (PGPASSFILE).",
        ]
    )


def _local_file(url: str) -> Path:
    path = sqlite_file_of(url)
    if path is None:
        raise ServerDatabase(server_backup_advice(url))
    return path


def make_backup(url: str, paths: AppPaths, output: Path | None = None) -> Path:
    """A verified copy of the database now: into the backups folder, or to ``output`` (a file or a folder)."""
    db = _local_file(url)
    if not db.exists():
        raise UserError(f"There is no database to back up yet ({db} does not exist).")
    if output is None:
        return backup_sqlite(db, paths.backups, MANUAL)
    target = output / backup_name(MANUAL, dt.datetime.now(dt.UTC)) if output.is_dir() else output
    if target.exists() and target.resolve() == db.resolve():
        raise UserError(f"{target} is the database itself; choose another file for the backup.")
    if not target.parent.is_dir():
        raise UserError(f"Cannot write the backup to {target}: the folder {target.parent} does not exist.")
    return copy_database(db, target)


def list_backups(url: str, paths: AppPaths) -> list[BackupInfo]:
    _local_file(url)
    return backups_in(paths.backups)


@dataclass(frozen=True)
class Restored:
    result: RestoreResult
    #: The schema the restored database has now (after bringing it up to date).
    revision: str
    #: Whether the restore is in the restored database's activity log.
    recorded: bool = False

    @property
    def summary(self) -> str:
        checked = self.result.backup
        update = (
            f", updated from schema {checked.revision} to {self.revision}" if checked.revision != self.revision else ""
        )
        kept = f" The database as it was is kept in {self.result.kept}." if self.result.kept else ""
        counts = f"{_plural(checked.patients, 'patient')}, {_plural(checked.plans, 'plan')}"
        return f"Restored {checked.path.name}: {counts}{update}.{kept}"


def find_backup(name: Path, paths: AppPaths) -> Path:
    """A path as given, or a bare file name from ``careplan backups`` looked up in the backups folder."""
    path = name.expanduser()
    if not path.exists() and path.name == str(name) and (paths.backups / path.name).is_file():
        return paths.backups / path.name
    return path


def restore(url: str, paths: AppPaths, backup: Path, actor: Actor | None = None) -> Restored:
    """Restore ``backup`` in place of the database (see ``storage.maintenance``), bring it to this
    build's schema, and record in it who restored it (``actor``; the activity log of the restored
    database).  The caller must have closed its own connections to the database first."""
    from careplan.storage.migrate import upgrade

    db = _local_file(url)
    paths.ensure()
    result = restore_file(db, find_backup(backup, paths), paths.backups)
    engine = make_engine(url)
    try:
        upgraded = upgrade(engine, paths.backups)
        recorded = actor is not None and _record_restore(engine, actor)
    finally:
        engine.dispose()
    return Restored(result, upgraded.to_revision, recorded)


def _record_restore(engine: Engine, actor: Actor) -> bool:
    """The restore in the restored database's activity log; False (and logged) when it cannot be
    written: the restore itself stands."""
    from careplan.services.audit import record_database_restored

    try:
        with make_sessionmaker(engine).begin() as session:
            record_database_restored(session, actor)
    except (SQLAlchemyError, DatabaseError, OSError) as exc:
        log.warning("could not record the restore in the activity log: %s", type(exc).__name__)
        return False
    return True


# --- doctor --------------------------------------------------------------------------------------


def doctor(url: str, paths: AppPaths, now: dt.datetime | None = None) -> list[Finding]:
    """Every check, in order: the database, then the data folder (which holds logs and drafts on a
    server database too)."""
    db = sqlite_file_of(url)
    if db is None:
        return server_findings(url) + folder_findings(paths)
    return database_findings(db) + backup_findings(db, paths.backups, now) + folder_findings(paths)


def server_findings(url: str) -> list[Finding]:
    """Connection, schema version and server version of a database server."""
    from careplan.storage.migrate import current_revision

    try:
        engine = make_engine(url)
    except DatabaseError as exc:
        return [Finding("connection", False, str(exc))]
    try:
        with engine.connect() as conn:
            version = str(conn.exec_driver_sql("select version()").scalar() or "")
        found = [Finding("connection", True, f"{describe(url)} answers")]
        found.append(Finding("server", True, version.split(",")[0]))
        found.append(schema_finding(current_revision(engine), known_revisions()))
        return found
    except (SQLAlchemyError, DatabaseError) as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        reason = first[0] if first else type(exc).__name__
        return [Finding("connection", False, f"{describe(url)} cannot be reached ({reason}); ask IT")]
    finally:
        engine.dispose()


def folder_findings(paths: AppPaths, min_free: int = MIN_FREE_BYTES) -> list[Finding]:
    """File modes of the data and configuration folders, free disk space, left-over partial files."""
    found: list[Finding] = []
    open_to_others = [p for folder in (paths.data, paths.config) for p in wider_than_private(folder)]
    if open_to_others:
        found.append(
            Finding(
                "file modes",
                False,
                f"{len(open_to_others)} files or folders can be read by other accounts on this computer "
                f"(for example {open_to_others[0]}); start Careplan once (it narrows them) or run "
                f"chmod -R go-rwx {paths.data}",
            )
        )
    elif not POSIX_MODES:
        found.append(Finding("file modes", True, "not used on Windows: your profile folder is private to your account"))
    else:
        found.append(Finding("file modes", True, f"{paths.data} is readable by you alone"))
    try:
        free = shutil.disk_usage(paths.data if paths.data.exists() else paths.data.parent).free
    except OSError as exc:
        found.append(Finding("disk space", False, f"cannot be measured ({exc.strerror or exc})"))
    else:
        text = f"{free / 1024 / 1024:,.0f} MB free in {paths.data}"
        if free < min_free:
            found.append(Finding("disk space", False, f"only {text}; free some space so saves and backups work"))
        else:
            found.append(Finding("disk space", True, text))
    partials = stale_partials(paths.data) + stale_partials(paths.backups)
    if partials:
        found.append(
            Finding(
                "partial files",
                False,
                f"{len(partials)} left by an interrupted backup or restore (for example {partials[0].name}); "
                "they can be deleted",
            )
        )
    else:
        found.append(Finding("partial files", True, "none left over"))
    return found


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def format_size(size: int) -> str:
    """``12.3 MB``: sizes as a file manager shows them."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover - the loop always returns


__all__ = [
    "BackupInfo",
    "Finding",
    "RestoreRefused",
    "Restored",
    "ServerDatabase",
    "doctor",
    "format_size",
    "list_backups",
    "make_backup",
    "restore",
    "server_backup_advice",
    "sqlite_file_of",
]
