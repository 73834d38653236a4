"""Restoring a backup safely, and the checks ``careplan doctor`` makes of a SQLite database.

The danger a restore must avoid: SQLite keeps recent changes in ``careplan.sqlite3-wal``
beside the database.  A ``-wal`` left by a crash belongs to the file it was written for;
copying an older backup over the database and leaving that ``-wal`` beside it makes SQLite
apply it to the wrong file, which damages it.  So a restore (1) checks the backup on a
private copy before anything else, (2) takes the current database for itself (refusing
while another program has it open), which replays its own ``-wal`` into it and removes the
``-wal`` and ``-shm``, (3) keeps a copy of it, (4) writes the backup into it with SQLite's
online backup API under that same lock, (5) checks the result, and only then (6) brings
it to the current schema.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from careplan.core.files import PARTIAL_SUFFIX, create_private_file
from careplan.storage.backup import (
    BEFORE_RESTORE,
    BackupFailed,
    backup_name,
    backups_in,
    copy_database,
    online_copy,
    plain_reason,
)
from careplan.storage.db import DatabaseError, sqlite_connect, sqlite_errors

#: How long a restore waits for a moment when nobody else is using the database.
LOCK_WAIT_MS = 1000
SIDE_FILES = ("-wal", "-shm", "-journal")


class RestoreRefused(DatabaseError):
    """The backup cannot be restored, or not now; nothing was changed."""


CLOSE_FIRST = (
    "Careplan is still using the database (in another window, or on this computer in another "
    "account). Close Careplan on this computer first, then restore again. Nothing was changed."
)


def known_revisions() -> list[str]:
    """The schema versions this build knows, oldest first."""
    from alembic.script import ScriptDirectory

    from careplan.storage.migrate import alembic_config

    return [s.revision for s in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def side_file(db_path: Path, suffix: str) -> Path:
    return db_path.with_name(db_path.name + suffix)


# --- what is in a database file ------------------------------------------------------------------


def stored_revision(conn: sqlite3.Connection, where: str) -> str:
    """The Careplan schema version of an open database; RestoreRefused when it is not Careplan's."""
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite_errors():
        raise RestoreRefused(
            f"{where} is not a Careplan database (it holds no Careplan schema). Nothing was changed."
        ) from None
    if len(rows) != 1:
        raise RestoreRefused(
            f"{where} is damaged: it records {len(rows)} schema versions instead of one. Nothing was changed."
        )
    revision = str(rows[0][0])
    known = known_revisions()
    if revision not in known:
        raise RestoreRefused(
            f"{where} was made by a newer version of Careplan (schema {revision!r}; this version knows up to "
            f"{known[-1]!r}). Install the newer version to restore it. Nothing was changed."
        )
    return revision


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check``: an empty list for a sound database."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # table: one of two fixed names
    except sqlite_errors():
        return 0


@dataclass(frozen=True)
class CheckedBackup:
    """A backup that passed its checks (read from a private copy of it)."""

    path: Path
    revision: str
    patients: int
    plans: int


def _open_copy_of(source: Path, staged: Path) -> None:
    """Copy ``source`` to ``staged`` with the online backup API (a self-contained, owner-only file),
    leaving no ``-wal``/``-shm`` of our own beside ``source``."""
    before = {s for s in SIDE_FILES if side_file(source, s).exists()}
    try:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
        src = sqlite_connect(source, readonly=True)
        try:
            online_copy(src, staged, like=source)
        finally:
            src.close()
    finally:
        for suffix in set(SIDE_FILES) - before:
            extra = side_file(source, suffix)
            with contextlib.suppress(OSError):
                if suffix != "-wal" or extra.stat().st_size == 0:
                    extra.unlink()


def check_backup(path: Path, staged: Path) -> CheckedBackup:
    """Check ``path`` on a private copy at ``staged``: readable, a database, sound, Careplan's, a schema
    this build knows.  RestoreRefused (and ``staged`` removed) when it is not; ``path`` is never changed."""
    where = str(path)
    if not path.is_file():
        raise RestoreRefused(f"{where}: there is no such file. Nothing was changed.")
    try:
        try:
            _open_copy_of(path, staged)
        except sqlite_errors() as exc:
            text = str(exc).lower()
            if "full" in text or "unable to open" in text:
                raise RestoreRefused(
                    f"{where} cannot be checked: there is no room for a copy of it in {staged.parent} "
                    f"({plain_reason(exc)}). Nothing was changed."
                ) from None
            if "not a database" in text or "malformed" in text or "encrypted" in text:
                raise RestoreRefused(
                    f"{where} is not a Careplan backup: it is not a database file, or it is damaged. "
                    "Nothing was changed."
                ) from None
            raise RestoreRefused(f"{where} cannot be read: {plain_reason(exc)}. Nothing was changed.") from None
        except OSError as exc:
            raise RestoreRefused(
                f"{where} cannot be copied to check it: {plain_reason(exc)}. Nothing was changed."
            ) from None
        conn = sqlite_connect(staged, readonly=True)
        try:
            try:
                problems = integrity_problems(conn)
            except sqlite_errors():
                problems = ["the file cannot be read as a database"]
            if problems:
                raise RestoreRefused(
                    f"{where} is damaged ({len(problems)} problem{'s' if len(problems) != 1 else ''} found, "
                    f"first: {problems[0]}). Choose another backup. Nothing was changed."
                )
            revision = stored_revision(conn, where)
            return CheckedBackup(path, revision, _count(conn, "patients"), _count(conn, "plans"))
        finally:
            conn.close()
    except BaseException:
        _remove(staged)
        raise


def _remove(path: Path) -> None:
    for p in (path, side_file(path, "-journal")):
        with contextlib.suppress(OSError):
            p.unlink()


# --- restoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    backup: CheckedBackup
    #: The copy of the database as it was before the restore (None when there was none).
    kept: Path | None


def _is_busy(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _take_for_restore(db_path: Path) -> sqlite3.Connection | None:
    """The current database, held exclusively: its own ``-wal`` replayed into it and removed.
    None when the file is not a database SQLite can open (damaged); RestoreRefused while in use."""
    conn = sqlite_connect(db_path)
    try:
        conn.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        # Leaving WAL needs every other connection closed: it checkpoints the -wal into this file,
        # then removes the -wal and -shm.
        mode = str(conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower()
        if mode != "delete":
            raise RestoreRefused(CLOSE_FIRST)
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the exclusive lock stays (locking_mode=EXCLUSIVE) until close
        return conn
    except RestoreRefused:
        conn.close()
        raise
    except sqlite_errors() as exc:
        conn.close()
        if _is_busy(exc):
            raise RestoreRefused(CLOSE_FIRST) from None
        if type(exc).__name__ == "OperationalError":
            raise
        return None  # not a database SQLite can open: damaged


def _keep_raw_copy(db_path: Path, backups: Path, now: dt.datetime) -> Path:
    """A damaged current database is kept as it is (with its own ``-wal``) before it is replaced."""
    target = backups / backup_name(BEFORE_RESTORE, now)
    for suffix in ("", "-wal"):
        source = side_file(db_path, suffix) if suffix else db_path
        if source.exists():
            dest = side_file(target, suffix) if suffix else target
            create_private_file(dest)
            shutil.copyfile(source, dest)
    return target


def _nobody_else_has(db_path: Path) -> None:
    """For a file SQLite cannot open: take SQLite's own lock bytes, so another program that still has
    it open shows up as busy."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the rename below fails while the file is open
        return
    fd = os.open(db_path, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 512, 0x40000000)
        fcntl.lockf(fd, fcntl.LOCK_UN, 512, 0x40000000)
    except OSError:
        raise RestoreRefused(CLOSE_FIRST) from None
    finally:
        os.close(fd)


def restore_file(db_path: Path, backup: Path, backups: Path, now: dt.datetime | None = None) -> RestoreResult:
    """Put the backup ``backup`` in place of the database ``db_path``; see the module's docstring.

    Raises RestoreRefused (nothing changed) when the backup is not a sound Careplan database of a
    schema this build knows, or while the database is in use.  Bringing the restored file to the
    current schema is the caller's next step (``migrate.upgrade``).
    """
    now = now or dt.datetime.now(dt.UTC)
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise RestoreRefused(f"{backup} is the database in use, not a backup of it. Nothing was changed.")
    staged = db_path.with_name(f".{db_path.name}.restore{PARTIAL_SUFFIX}")
    checked = check_backup(backup, staged)
    try:
        if db_path.exists():
            return RestoreResult(checked, _replace_existing(db_path, staged, backups, now))
        _place(db_path, staged)
        return RestoreResult(checked, None)
    finally:
        _remove(staged)


def _looks_like_sqlite(path: Path) -> bool:
    """A plain SQLite file starts so.  One that does not is never opened by SQLite here: closing a
    connection to it would delete the ``-wal`` beside it, which is kept with it instead."""
    from careplan.storage import crypto

    try:
        with open(path, "rb") as fh:
            plain = fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
    return plain or crypto.is_encrypted(path)


def _replace_existing(db_path: Path, staged: Path, backups: Path, now: dt.datetime) -> Path:
    try:
        current = _take_for_restore(db_path) if _looks_like_sqlite(db_path) else None
    except RestoreRefused:
        raise
    except DatabaseError:  # an encrypted file whose key is gone: kept as it is, like a damaged one
        current = None
    except sqlite_errors() as exc:
        raise RestoreRefused(
            f"The database {db_path} cannot be opened to restore into it: {plain_reason(exc)}. Nothing was changed."
        ) from None
    if current is not None:
        try:
            try:
                damaged = bool(integrity_problems(current))
            except sqlite_errors():
                damaged = True
            if not damaged:
                keep_as = backups / backup_name(BEFORE_RESTORE, now)
                if _same_kind(staged, db_path):
                    return _write_into(current, db_path, staged, keep_as)
                # One encrypted and the other not (or with another key): SQLite's backup cannot write
                # between them; the checked copy is renamed in instead, the -wal/-shm already gone.
                kept = _keep_copy(current, db_path, keep_as)
                _place(db_path, staged)
                return kept
        finally:
            current.close()
    # Damaged: kept as it is (with its own -wal), then the checked copy is renamed into its place.
    _nobody_else_has(db_path)
    try:
        kept = _keep_raw_copy(db_path, backups, now)
    except OSError as exc:
        raise RestoreRefused(
            f"A copy of the current database could not be kept in {backups}: {plain_reason(exc)}. Nothing was changed."
        ) from None
    _place(db_path, staged)
    return kept


def _same_kind(a: Path, b: Path) -> bool:
    """Both plain SQLite files, or both encrypted with the same key (``storage.crypto``)."""
    from careplan.storage import crypto

    if crypto.is_encrypted(a) != crypto.is_encrypted(b):
        return False
    return not crypto.is_encrypted(a) or crypto.file_identity(a) == crypto.file_identity(b)


def _keep_copy(current: sqlite3.Connection, like: Path, keep_as: Path) -> Path:
    """A verified copy of the sound current database, made before anything replaces it."""
    try:
        return copy_database(current, keep_as, like=like)
    except BackupFailed as exc:
        raise RestoreRefused(
            f"A copy of the current database could not be kept first. {exc} Nothing was changed."
        ) from None


def _write_into(current: sqlite3.Connection, like: Path, staged: Path, keep_as: Path) -> Path:
    """Keep a verified copy of the sound current database, then write the checked backup into it
    under the exclusive lock ``current`` holds (journaled: a crash midway leaves the old content)."""
    kept = _keep_copy(current, like, keep_as)
    source = sqlite_connect(staged, readonly=True)
    try:
        source.backup(current)
    finally:
        source.close()
    problems = integrity_problems(current)
    if problems:  # pragma: no cover - the copy was checked; this guards the write itself
        raise DatabaseError(
            f"The restored database did not pass its check ({problems[0]}). The database as it was is kept "
            f"in {kept}; restore that copy."
        )
    return kept


def _place(db_path: Path, staged: Path) -> None:
    """Rename the checked copy into place, stale ``-wal``/``-shm`` removed FIRST (they belong to the
    file being replaced and must never be applied to the restored one)."""
    for suffix in SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            side_file(db_path, suffix).unlink()
    with open(staged, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(staged, db_path)
    with contextlib.suppress(OSError):
        fd = os.open(db_path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- doctor --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One check of ``careplan doctor``: what was checked, whether it is fine, and what to do."""

    check: str
    ok: bool
    text: str

    def line(self) -> str:
        return f"{'OK' if self.ok else 'PROBLEM':<8} {self.check}: {self.text}"


def database_findings(db_path: Path) -> list[Finding]:
    """Integrity, foreign keys and schema version of a SQLite file (opened read-only)."""
    if not db_path.exists():
        return [Finding("database", True, f"none yet at {db_path} (it is made when Careplan first saves)")]
    try:
        conn = sqlite_connect(db_path, readonly=True)
    except DatabaseError as exc:  # an encrypted file whose key is missing, in plain words
        return [Finding("database", False, str(exc))]
    except sqlite_errors() as exc:
        return [Finding("database", False, f"{db_path} cannot be opened ({plain_reason(exc)}); ask IT to check it")]
    restore = "restore a backup with 'careplan restore FILE' (see 'careplan backups')"
    try:
        try:
            problems = integrity_problems(conn)
        except sqlite_errors() as exc:
            return [Finding("integrity", False, f"{db_path} is not a readable database ({exc}); {restore}")]
        found = [
            Finding("integrity", True, "the database file is sound")
            if not problems
            else Finding("integrity", False, f"{len(problems)} problems, first: {problems[0]}; {restore}")
        ]
        if not problems:
            orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
            found.append(
                Finding("foreign keys", True, "every record points at one that exists")
                if not orphans
                else Finding("foreign keys", False, f"{len(orphans)} records point at missing ones; {restore}")
            )
        found.append(_schema_finding(conn))
        return found
    finally:
        conn.close()


def _schema_finding(conn: sqlite3.Connection) -> Finding:
    known = known_revisions()
    try:
        stored = stored_revision(conn, "the database")
    except RestoreRefused as exc:
        return Finding("schema", False, str(exc).removesuffix(" Nothing was changed."))
    except sqlite_errors() as exc:
        return Finding("schema", False, f"cannot be read ({exc})")
    return schema_finding(stored, known)


def schema_finding(stored: str | None, known: list[str]) -> Finding:
    if stored is None:
        return Finding("schema", True, "empty: Careplan sets it up when it first opens the database")
    if stored == known[-1]:
        return Finding("schema", True, f"version {stored}, the current one")
    if stored in known:
        return Finding("schema", True, f"version {stored}; Careplan updates it to {known[-1]} when it next opens it")
    return Finding(
        "schema", False, f"version {stored} is from a newer Careplan (this one knows up to {known[-1]}); install it"
    )


def backup_findings(db_path: Path, backups: Path, now: dt.datetime | None = None) -> list[Finding]:
    """How many backups there are, the newest one's date, and whether the database changed since
    the last week without one."""
    now = now or dt.datetime.now(dt.UTC)
    found = backups_in(backups)
    if not db_path.exists():
        return [Finding("backups", True, f"{len(found)} in {backups}")]
    modified = max(
        dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC)
        for p in (db_path, side_file(db_path, "-wal"))
        if p.exists()
    )
    if not found:
        return [Finding("backups", False, f"none in {backups}; make one now with 'careplan backup'")]
    newest = found[0].made
    text = f"{len(found)} in {backups}, the newest from {newest.astimezone():%Y-%m-%d %H:%M}"
    if now - newest > dt.timedelta(days=7) and modified > newest:
        return [
            Finding(
                "backups", False, f"{text}: none in the last 7 days though the database changed; run 'careplan backup'"
            )
        ]
    return [Finding("backups", True, text)]
