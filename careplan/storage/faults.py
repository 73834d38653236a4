"""Database faults said in a therapist's words: what went wrong, and what to do about it.

SQLite reports a damaged, full, read-only or locked database with a terse code ("database disk
image is malformed", "attempt to write a readonly database"); left alone, those reach the user as
"an unexpected problem".  This module is the one place that turns them into a typed DatabaseError
with a plain message:

* ``check_sqlite_file`` looks at a database file *before* SQLite opens it, so that an empty,
  truncated, foreign or folder "database" is refused without SQLite creating ``-wal``/``-shm``
  files beside it or treating it as a new, empty database;
* ``fault_from`` maps a DB-API or OS error to its DatabaseError; ``plain_sqlite_errors`` registers
  it once on every SQLite engine (SQLAlchemy's ``handle_error`` event), as
  ``db._plain_server_errors`` does for a PostgreSQL server that does not answer.

Messages name the file (paths are fine) and never hold patient data: SQLite's own messages for
these codes do not quote rows.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError

from careplan.storage.db import SQLITE_BUSY_TIMEOUT_S, DatabaseBusy, DatabaseError

#: The first 16 bytes of every plain SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: A SQLite file's header is its first 100 bytes; anything shorter is cut off.
SQLITE_HEADER_SIZE = 100

#: How the command line restores a backup (the desktop says its own way instead).
COMMAND_LINE_RESTORE = "('careplan backups' lists them, 'careplan restore FILE' puts one back)"
RESTORE_HINT = f"restore a backup {COMMAND_LINE_RESTORE} or ask IT for help"
ADDRESS_HINT = "check the database address in Settings (or CAREPLAN_DB, or --db)"


class DatabaseDamaged(DatabaseError):
    """The database file is damaged: cut short, or pages inside it corrupted."""


class DatabaseEmpty(DatabaseDamaged):
    """The database file is there but holds nothing (0 bytes): never taken for a new database."""


class NotADatabase(DatabaseError):
    """The address points at something that is not a SQLite database: a text file, a folder, a PDF."""


class DatabaseReadOnly(DatabaseError):
    """The database can be read but not written (file mode, read-only folder or drive)."""


class DatabaseFull(DatabaseError):
    """The disk holding the database is full."""


class DatabaseLocked(DatabaseBusy):
    """Another program holds the database (a lock or a long write) beyond the busy timeout."""


class DatabaseDiskError(DatabaseError):
    """The operating system could not read or write the database file (an I/O error, a lost drive)."""


# --- before opening ----------------------------------------------------------------------------


def sqlite_path(url: URL) -> Path | None:
    """The file a SQLite address names; None for an in-memory database.

    Both forms are understood: ``sqlite:////path/db`` and the URI form
    ``sqlite:///file:/path/db?mode=ro&uri=true``.
    """
    database = url.database
    if not database or database == ":memory:":
        return None
    if str(url.query.get("uri", "")).lower() in {"true", "1"} and database.startswith("file:"):
        name = unquote(database[len("file:") :].split("?", 1)[0])
        if not name or name == ":memory:":
            return None
        return Path(name).expanduser()
    return Path(database).expanduser()


def _looks_like_sqlite(path: Path) -> bool:
    """Whether the file starts as a plain SQLite 3 database does (its 16-byte magic header).

    The one place that decides "is this a database file at all?": an encrypted database
    (SQLCipher) starts with random bytes instead, so a caller that holds a key skips this
    (``check_sqlite_file(..., encrypted=True)``).
    """
    with path.open("rb") as f:
        return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _has_wal(path: Path) -> bool:
    """A non-empty ``-wal`` beside the file: committed work may live there, not yet in the file."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _cut_short(path: Path, size: int) -> bool:
    """The header says the file holds more pages than it does (a copy or download cut off).

    SQLite's in-header page count is only trusted when its "valid for" counter matches the change
    counter (bytes 92 and 24), and only when no ``-wal`` holds newer pages.
    """
    with path.open("rb") as f:
        header = f.read(SQLITE_HEADER_SIZE)
    if len(header) < SQLITE_HEADER_SIZE:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[92:96] == header[24:28]
    return valid and pages > 0 and size < pages * page_size and not _has_wal(path)


def check_sqlite_file(path: Path, *, encrypted: bool = False) -> None:
    """Refuse, before SQLite touches it, a database file that cannot be a Careplan database.

    A missing file in an existing folder is fine (a new installation: SQLite creates it).
    ``encrypted``: the caller holds a key for an encrypted database, whose bytes look random,
    so only the checks that do not read the contents apply.
    """
    folder = path.parent
    if not path.exists():
        if not folder.is_dir():
            raise NotADatabase(
                f"The folder for the database does not exist: {folder}. Nothing was changed. "
                f"If the database is on a drive that is not connected, connect it; otherwise {ADDRESS_HINT}."
            )
        return
    if path.is_dir():
        raise NotADatabase(
            f"The database address points at a folder, not a database file: {path}. Nothing was changed. "
            f"Please {ADDRESS_HINT}."
        )
    try:
        size = path.stat().st_size
        if size == 0 and not _has_wal(path):
            raise DatabaseEmpty(
                f"The database file is empty (0 bytes): {path}. It may have been damaged. Nothing was changed. "
                f"Restore a backup {COMMAND_LINE_RESTORE}, or ask IT to remove the file if this is a new installation."
            )
        if encrypted or size == 0:
            return
        if not _looks_like_sqlite(path):
            raise NotADatabase(
                f"{path} is not a Careplan database, or it is damaged: it does not start as a database file does "
                "(if it is an encrypted database, the key for it was not found). Nothing was changed. "
                f"If this is your usual database, {RESTORE_HINT}; otherwise {ADDRESS_HINT}."
            )
        if _cut_short(path, size):
            raise DatabaseDamaged(
                f"The database {path} is damaged: the file is shorter than it should be (cut off, perhaps "
                f"by a copy that did not finish or a full disk). Nothing was changed. Please {RESTORE_HINT}."
            )
    except OSError as exc:
        raise fault_from(exc, str(path)) or DatabaseDiskError(
            f"Careplan cannot read the database file {path} ({exc.strerror or exc}). Nothing was changed. "
            "Check that the drive is connected and that you may use the folder, or ask IT."
        ) from None


def _writable(path: Path) -> bool:
    """Whether this account may change the file and create files beside it (``-wal``, ``-shm``);
    False on a read-only drive, for a file of mode 0444 or in a read-only folder."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_only_address(url: URL, path: Path) -> URL:
    """A database this account cannot write is opened read-only and *immutable*.

    Otherwise SQLite, to read a WAL database, would create ``-wal`` and ``-shm`` files that a
    read-only connection cannot remove again.  Reading still works; the first save then fails
    as SQLITE_READONLY, which ``fault_from`` says plainly.  Left as it is when the file is
    writable, new, or already has its ``-wal``/``-shm`` (SQLite uses those as they are).
    """
    if not path.is_file() or _writable(path):
        return url
    if any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm")):
        return url
    return url.set(
        database=f"file:{quote(str(path))}", query={**url.query, "mode": "ro", "immutable": "1", "uri": "true"}
    )


def check_address(url: URL) -> None:
    """An address naming a kind of database Careplan has no driver for ('foo://…') is refused plainly."""
    try:
        url.get_dialect()
    except NoSuchModuleError:
        raise NotADatabase(
            f"The database address {url.render_as_string(hide_password=True)!r} names a kind of database "
            f"Careplan does not know ({url.drivername!r}). Use a file path like sqlite:////path/careplan.sqlite3 "
            f"or a server address like postgresql+psycopg://user@host:5432/careplan; {ADDRESS_HINT}."
        ) from None


# --- while using it ----------------------------------------------------------------------------

# SQLite's primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def _sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of a DB-API error (the extended code's low byte); None for others."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if not isinstance(code, int) else code & 0xFF


def fault_from(exc: BaseException, where: str) -> DatabaseError | None:
    """The plain DatabaseError for a SQLite or operating-system fault; None for anything else
    (a constraint, a programming error: those are not the user's to fix)."""
    if isinstance(exc, OSError):
        return _os_fault(exc, where)
    code = _sqlite_code(exc)  # sqlite3's errors and SQLCipher's (sqlcipher3) both carry the code
    if code is None:
        return None
    if code == _SQLITE_CORRUPT:
        return DatabaseDamaged(
            f"The database {where} is damaged (SQLite found: {exc}). Nothing was changed. Please {RESTORE_HINT}."
        )
    if code == _SQLITE_NOTADB:
        return DatabaseDamaged(
            f"The database {where} cannot be read (SQLite found: {exc}): it is damaged, or it is encrypted and "
            f"the key Careplan has does not open it. Nothing was changed. Please {RESTORE_HINT}."
        )
    if code == _SQLITE_READONLY:
        return DatabaseReadOnly(
            f"The database {where} is read-only, so nothing can be saved to it; nothing was changed. "
            "Ask IT to let you write to the file and its folder (or move it off a read-only drive)."
        )
    if code == _SQLITE_FULL:
        return _full(where)
    if code in {_SQLITE_BUSY, _SQLITE_LOCKED}:
        return DatabaseLocked(
            f"Another program is holding the database {where} (perhaps Careplan in another window or on another "
            f"computer, or a backup tool), and it was not free after {SQLITE_BUSY_TIMEOUT_S:.0f} seconds. "
            "Nothing was changed. Close the other program or wait for it to finish, then try again."
        )
    if code == _SQLITE_IOERR:
        return DatabaseDiskError(
            f"The computer could not read or write the database {where} (a disk error). Nothing was changed. "
            "Check that the drive is still connected; if it keeps happening, ask IT to check the disk."
        )
    if code in {_SQLITE_CANTOPEN, _SQLITE_PERM}:
        return DatabaseDiskError(
            f"Careplan cannot open the database file {where}. Nothing was changed. Check that the drive is "
            f"connected and that you may use the folder (ask IT), or {ADDRESS_HINT}."
        )
    return None


def _full(where: str) -> DatabaseFull:
    return DatabaseFull(
        f"The disk holding the database {where} is full, so nothing was saved; nothing was changed. "
        "Free some disk space (or ask IT to), then try again."
    )


def _os_fault(exc: OSError, where: str) -> DatabaseError | None:
    if exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        return _full(where)
    if exc.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
        return DatabaseReadOnly(
            f"Careplan is not allowed to change the database {where} ({exc.strerror}); nothing was changed. "
            "Ask IT to let you write to the file and its folder (or move it off a read-only drive)."
        )
    if exc.errno == errno.EIO:
        return DatabaseDiskError(
            f"The computer could not read or write the database {where} (a disk error). Nothing was changed. "
            "Check that the drive is still connected; if it keeps happening, ask IT to check the disk."
        )
    return None


def plain_sqlite_errors(engine: Engine, where: str) -> None:
    """Every SQLite fault on ``engine`` (opening, reading, writing, committing) becomes its plain
    DatabaseError; anything else goes on as SQLAlchemy raised it."""

    def handle(ctx: Any) -> BaseException | None:
        return fault_from(ctx.original_exception, where)

    event.listen(engine, "handle_error", handle)
