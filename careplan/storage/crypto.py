"""Encryption at rest: a SQLCipher database file whose key lives in the operating system's keyring.

How a file is known to be encrypted: a plain SQLite file starts with ``SQLite format 3\\0``; a SQLCipher
file starts with 16 random bytes (its salt) and is whole 4096-byte pages.  No setting says so, so a
copy of the file (a backup, a restore) is recognised by itself.

The key: 32 random bytes used as a raw key with the file's salt (``PRAGMA key = "x'<key><salt>'"``),
so opening costs no key derivation (a random key gains nothing from one: about 0.4 ms instead of
115 ms per connection, measured).  The keyring holds it under the salt (``database key <salt hex>``),
which every copy of the file shares, so backups open with the same entry.  The key never appears in
a database address, a file, a log or an argument.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets as random
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from careplan.secrets import KeyringUnavailable, get_secret, set_secret
from careplan.storage.db import DatabaseError

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
#: SQLCipher 4's page size: an encrypted file is always a whole number of these.
CIPHER_PAGE = 4096
_SALT_BYTES = 16


class DatabaseKeyMissing(DatabaseError):
    """The file is encrypted and this computer's keyring has no key for it (or no keyring)."""


class DatabaseKeyWrong(DatabaseError):
    """The keyring's key does not open the file."""


class DatabaseInUse(DatabaseError):
    """Another program has the database open, so it cannot be converted now."""


def is_encrypted(path: Path) -> bool:
    """True for a SQLCipher file: not the SQLite header, and whole encrypted pages.

    A file too short, empty or of an odd size is not called encrypted: it is damaged (or new),
    which other checks say in their own words.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
            size = os.fstat(fh.fileno()).st_size
    except OSError:
        return False
    return head != SQLITE_HEADER and size >= CIPHER_PAGE and size % CIPHER_PAGE == 0


def file_identity(path: Path) -> str:
    """The salt at the start of an encrypted file, in hex: shared by every copy made with its key."""
    with open(path, "rb") as fh:
        return fh.read(_SALT_BYTES).hex()


def key_entry(identity: str) -> str:
    """The keyring name of the key of the files whose salt is ``identity``."""
    return f"database key {identity}"


def _raw_key(key: str, identity: str) -> str:
    return f"x'{key}{identity}'"


@functools.cache
def cipher_module() -> ModuleType:
    """The SQLCipher DB-API (``sqlcipher3``), with its own logging to stderr switched off: a wrong
    key would otherwise print lines of its own on the terminal beside Careplan's one message."""
    import sqlcipher3

    with closing(sqlcipher3.connect(":memory:")) as conn:
        conn.execute("PRAGMA cipher_log_level = NONE")
    return sqlcipher3


def key_for(path: Path) -> str:
    """The raw key (``x'…'``) that opens the encrypted file at ``path``, from the keyring."""
    identity = file_identity(path)
    try:
        key = get_secret(key_entry(identity))
    except KeyringUnavailable as exc:
        raise DatabaseKeyMissing(
            f"The database {path} is encrypted, and this computer's keyring cannot be read ({exc}), so Careplan "
            "cannot find its key. Nothing was changed. Unlock the keyring (log out and in again), or ask IT."
        ) from None
    if not key:
        raise DatabaseKeyMissing(
            f"The database {path} is encrypted and its key is not in this computer's keyring, so Careplan cannot "
            "open it; or, if it was never encrypted, it is not a Careplan database, or it is damaged (the two look "
            "the same from outside). Nothing was changed. Put the key back into the keyring (IT keeps a copy of it), "
            "or restore a backup ('careplan backups', then 'careplan restore FILE'), or ask IT."
        )
    return _raw_key(key, identity)


def apply_key(conn: Any, raw_key: str, path: Path) -> None:
    """Give a new SQLCipher connection its key, then read once: a wrong key fails here, in plain words."""
    cipher = cipher_module()
    conn.execute(f'PRAGMA key = "{raw_key}"')
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher.DatabaseError:
        conn.close()
        raise DatabaseKeyWrong(
            f"The key in this computer's keyring does not open the database {path}: the key or the file is "
            "damaged. Nothing was changed. Restore the key or a backup, or ask IT."
        ) from None


def connect(path: Path, raw_key: str | None, *, readonly: bool = False, **kwargs: Any) -> Any:
    """A SQLCipher connection to ``path``; with ``raw_key`` None the file is (or becomes) plain."""
    cipher = cipher_module()
    target = f"file:{path}?mode=ro" if readonly else str(path)
    conn = cipher.connect(target, uri=readonly, **kwargs)
    if raw_key is not None:
        apply_key(conn, raw_key, path)
    return conn


# --- encrypting and decrypting a database file ------------------------------------------------


@dataclass(frozen=True)
class Converted:
    """What ``encrypt_database`` or ``decrypt_database`` did."""

    database: Path
    #: The verified copy of the database as it was, in the backups folder.
    backup: Path
    #: The keyring entry of the key (kept after decrypting: older backups still need it).
    key_entry: str
    #: Backups converted along with the database (encrypting only).
    backups_converted: int = 0


def _counts(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _verify(path: Path, raw_key: str | None, expected: dict[str, int]) -> None:
    """The converted file passes ``quick_check`` and holds as many rows in each table as the original."""
    with closing(connect(path, raw_key, readonly=True)) as conn:
        check = [r[0] for r in conn.execute("PRAGMA quick_check")]
        got = _counts(conn)
    if check != ["ok"] or got != expected:
        raise DatabaseError(
            f"The converted copy of {path.name} did not check out ({'; '.join(check)[:200]}); the database was "
            "left as it was. Nothing was changed."
        )


def _export(conn: Any, target: Path, target_key: str | None, source: dict[str, int]) -> None:
    """Copy the database of ``conn`` into a new file ``target`` (encrypted with ``target_key``, or plain),
    with SQLCipher's ``sqlcipher_export``; verify it and make it durable."""
    target.unlink(missing_ok=True)
    conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), target_key or ""))
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("SELECT sqlcipher_export('converted')").fetchone()
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute("DETACH DATABASE converted")
    _verify(target, target_key, source)
    _fsync(target)


@contextmanager
def _alone(path: Path, raw_key: str | None) -> Iterator[Any]:
    """A connection holding the database's exclusive lock until it closes: another desktop or command
    that has the file open makes this refuse at once (in WAL mode every open connection holds a shared
    lock), and while it is held nobody can read or write the file.  Taking the lock writes nothing."""
    cipher = cipher_module()
    conn = connect(path, raw_key, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("COMMIT")
        except cipher.OperationalError:
            raise DatabaseInUse(
                f"Another Careplan window or program has the database {path} open. Close Careplan on every "
                "computer that uses this file, then try again. Nothing was changed."
            ) from None
        yield conn
    finally:
        conn.close()


def _swap_in(conn: Any, converted: Path, path: Path) -> None:
    """Put the converted file in place of the database, while ``conn`` holds its exclusive lock.

    The old file first leaves WAL mode (its last changes move into it and its ``-wal`` goes), so no
    ``-wal`` of the old file is ever left beside the new one for SQLite to apply to it.
    """
    conn.execute("PRAGMA journal_mode = DELETE")
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    try:
        _replace(converted, path)
    except OSError:
        conn.execute("PRAGMA journal_mode = WAL")
        raise


def _verified_backup(path: Path, backups: Path, reason: str) -> Path:
    from careplan.storage.backup import backup_sqlite

    made = backup_sqlite(path, backups, reason)
    raw = key_for(made) if is_encrypted(made) else None
    with closing(connect(made, raw, readonly=True)) as conn:
        check = [r[0] for r in conn.execute("PRAGMA quick_check")]
    if check != ["ok"]:
        made.unlink(missing_ok=True)
        raise DatabaseError(
            f"The copy of {path} made before converting it did not check out, so nothing was converted: "
            f"{'; '.join(check)[:200]}. Run 'careplan doctor', or ask IT. Nothing was changed."
        )
    return made


@contextmanager
def _written_or_refused(path: Path, action: str) -> Iterator[None]:
    """A copy that cannot be written (a full disk, a read-only folder) is a plain refusal: the
    database itself has not been touched yet when any of these fail."""
    cipher = cipher_module()
    try:
        yield
    except OSError as exc:
        raise DatabaseError(
            f"Could not {action} the database {path}: {exc.strerror or exc}. Nothing was changed. Free some disk "
            "space or ask IT, then try again."
        ) from None
    except (cipher.Error, sqlite3.Error) as exc:
        raise DatabaseError(
            f"Could not {action} the database {path}: {str(exc).strip() or type(exc).__name__}. Nothing was "
            "changed. Free some disk space or ask IT, then try again."
        ) from None


def _replace(source: Path, target: Path) -> None:
    os.replace(source, target)
    _fsync(target.parent)


def _require_file(path: Path) -> None:
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseError(f"There is no database file at {path} to convert. Nothing was changed.")


def _keep_key(key: str, identity: str) -> str:
    entry = key_entry(identity)
    try:
        set_secret(entry, key)
    except KeyringUnavailable as exc:
        raise DatabaseKeyMissing(
            f"This computer's keyring cannot keep the database key ({exc}), so the database was not encrypted. "
            "Nothing was changed. Unlock or set up the keyring, or ask IT."
        ) from None
    return entry


def _convert(path: Path, backups: Path, action: str, key_now: str | None, key_after: str | None) -> Path:
    """The one sequence both directions share: a verified backup (``before-<action>``), then, holding
    the file alone, an export with ``key_after`` (None: plain) checked row for row and swapped in.
    Returns the backup's path; ``<name>.<action>ing`` never outlives the call."""
    partial = path.with_name(f"{path.name}.{action}ing")
    try:
        with _written_or_refused(path, action):
            copy = _verified_backup(path, backups, f"before-{action}")
        with _written_or_refused(path, action), _alone(path, key_now) as conn:
            _export(conn, partial, key_after, _counts(conn))
            _swap_in(conn, partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return copy


def encrypt_database(path: Path, backups: Path) -> Converted:
    """Encrypt the plain database at ``path`` with a new random key kept in the keyring.

    A verified copy goes to ``backups`` first; the encrypted file is written beside the database,
    verified, and renamed over it only after the key is safely in the keyring, so a crash at any
    point leaves either the old file or an encrypted one whose key is kept.  The plain backups in
    ``backups`` are then encrypted with the same key (each verified the same way).
    """
    _require_file(path)
    if is_encrypted(path):
        raise DatabaseError(f"The database {path} is already encrypted. Nothing was changed.")
    key, identity = random.token_hex(32), random.token_hex(_SALT_BYTES)
    raw = _raw_key(key, identity)
    # Refuse at once when another program has the file open.  The lock is not held during the backup:
    # the backup reads through Python's own SQLite library, and POSIX drops every lock this process holds
    # on a file when any connection to it closes; it is taken again (and checked again) for the swap.
    with _alone(path, None):
        pass
    entry = _keep_key(key, identity)
    copy = _convert(path, backups, "encrypt", None, raw)
    log.info("encrypted the database; a plain copy was kept first")
    converted = encrypt_plain_backups(backups, raw)
    return Converted(path, copy, entry, converted)


def encrypt_plain_backups(backups: Path, raw: str) -> int:
    """Encrypt the plain backups with the database's key: a copy left in the clear would defeat it.
    Run after encrypting, and again after each routine backup (a crash between the two leaves some)."""
    from careplan.storage.backup import list_backups

    done = 0
    for _stamp, backup in list_backups(backups):
        if is_encrypted(backup):
            continue
        partial = backup.with_name(backup.name + ".encrypting")
        try:
            with closing(connect(backup, None, isolation_level=None)) as conn:
                _export(conn, partial, raw, _counts(conn))
            _replace(partial, backup)
            done += 1
        except Exception as exc:
            # The database itself is encrypted already; a backup that cannot be converted stays as it was.
            log.warning("could not encrypt a backup: %s", type(exc).__name__)
        finally:
            partial.unlink(missing_ok=True)
    if done:
        log.info("encrypted %d backups", done)
    return done


def decrypt_database(path: Path, backups: Path) -> Converted:
    """Turn the encrypted database at ``path`` back into a plain SQLite file, after a verified
    (encrypted) copy.  The key stays in the keyring: the encrypted backups still need it."""
    _require_file(path)
    if not is_encrypted(path):
        raise DatabaseError(f"The database {path} is not encrypted. Nothing was changed.")
    raw = key_for(path)
    identity = file_identity(path)
    with _alone(path, raw):
        pass
    copy = _convert(path, backups, "decrypt", raw, None)
    log.info("decrypted the database; an encrypted copy was kept first")
    return Converted(path, copy, key_entry(identity))
