"""Consistent, verified copies of the SQLite file, thinned so they never pile up.

Like Anki: a routine copy only when the database changed, kept densely for recent days
and more sparsely further back.  Every copy is made with SQLite's online backup API
(consistent while the program runs), written under a ``.partial`` name, checked with
``PRAGMA quick_check``, made durable and only then renamed into place: a copy that is
there is whole.  Copies are owner-only; they open the same way as the database
(``sqlite_connect``), so the copy of an encrypted database is encrypted too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from careplan.core.files import PARTIAL_SUFFIX, make_private_folder, private_umask
from careplan.storage.db import DatabaseError, sqlite_connect, sqlite_errors

PREFIX = "careplan-"
SUFFIX = ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S-%f"

#: Why a copy was made, as its file name says it (``before-0004``: before migrating to schema 0004).
DAILY = "daily"
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
#: Copies someone asked for, or that keep what a restore replaced: never thinned away.
KEPT_REASONS = frozenset({MANUAL, BEFORE_RESTORE})


class BackupFailed(DatabaseError):
    """A copy could not be made or did not pass its check; nothing was left behind."""


@dataclass(frozen=True)
class BackupInfo:
    """One copy in the backups folder."""

    path: Path
    made: dt.datetime
    reason: str
    size: int

    @property
    def why(self) -> str:
        """The reason in words: "daily", "before the update to schema 0004", ..."""
        return describe_reason(self.reason)


def describe_reason(reason: str) -> str:
    if reason == DAILY:
        return "daily"
    if reason == MANUAL:
        return "made by hand"
    if reason == BEFORE_RESTORE:
        return "before a restore"
    if reason.startswith("before-"):
        return f"before the update to schema {reason.removeprefix('before-')}"
    return reason or "unknown"


def _parse(path: Path) -> tuple[dt.datetime, str] | None:
    core = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
    stamp, _, reason = core.partition("_")
    try:
        return dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC), reason
    except ValueError:
        return None


def _stamp_of(path: Path) -> dt.datetime | None:
    parsed = _parse(path)
    return parsed[0] if parsed else None


def list_backups(folder: Path) -> list[tuple[dt.datetime, Path]]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [(stamp, p) for p in folder.glob(f"{PREFIX}*{SUFFIX}") if (stamp := _stamp_of(p))]
    return sorted(found, reverse=True)


def backups_in(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder`` with their date, reason and size, newest first."""
    found = []
    for stamp, path in list_backups(folder):
        parsed = _parse(path)
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, stamp, parsed[1] if parsed else "", size))
    return found


def backup_name(reason: str, now: dt.datetime) -> str:
    return f"{PREFIX}{now.strftime(_STAMP)}_{reason}{SUFFIX}"


def plain_reason(exc: BaseException) -> str:
    """What stopped a file operation, in a therapist's words."""
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code == errno.ENOSPC or "disk is full" in text or "disk full" in text:
        return "the disk is full"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return "the folder cannot be written to (it is read-only or belongs to someone else)"
    if "unable to open" in text:
        return "the file cannot be created there"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_partial(partial: Path) -> None:
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def quick_check(path: Path) -> list[str]:
    """``PRAGMA quick_check`` of a database file, read-only: ``["ok"]`` for a sound file."""
    conn = sqlite_connect(path, readonly=True)
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    finally:
        conn.close()


#: Room kept free beyond the copy itself (SQLite's journal of the copy, the folder's own needs).
ROOM_MARGIN_BYTES = 1024 * 1024


def _check_room(source: Path, partial: Path) -> None:
    """Before copying: enough free space for the copy, and a file can be created where it goes
    (SQLite would only say "unable to open"; this finds out why: a read-only folder, a full disk)."""
    needed = sum(p.stat().st_size for p in (source, source.with_name(source.name + "-wal")) if p.exists())
    free = shutil.disk_usage(partial.parent).free
    if free < needed + ROOM_MARGIN_BYTES:
        raise OSError(errno.ENOSPC, f"No space left on device ({needed // 1024 // 1024 + 1} MB needed)")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.unlink(partial)


def connect_new(path: Path, like: Path) -> sqlite3.Connection:
    """A connection that creates the database file ``path`` owner-only, for a copy of the database
    ``like`` (``sqlite_connect`` opens it the same way, so a copy of an encrypted database is too)."""
    with private_umask():
        return sqlite_connect(path, like=like)


def online_copy(src: sqlite3.Connection, path: Path, like: Path) -> None:
    """Copy the database open on ``src`` to the new file ``path`` with SQLite's online backup API:
    one self-contained file (no ``-wal``), opened like ``like`` (an encrypted database's copy is
    encrypted with its key)."""
    dest = connect_new(path, like)
    try:
        src.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        dest.close()


def copy_database(source: Path | sqlite3.Connection, target: Path, *, like: Path | None = None) -> Path:
    """A verified, durable, owner-only copy of the database ``source`` (a file, or a connection
    already open on the file ``like``) at ``target``.

    Written to ``target.partial`` with the online backup API, switched to a rollback journal
    (so the copy is one self-contained file), checked with ``quick_check``, fsynced, then renamed.
    On any failure the partial file is removed and BackupFailed says why; ``target`` is untouched.
    """
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    failures: tuple[type[Exception], ...] = (OSError, *sqlite_errors())
    try:
        _remove_partial(partial)
        _check_room(like or Path(str(source)), partial)
        src = sqlite_connect(source, readonly=True) if isinstance(source, Path) else source
        try:
            online_copy(src, partial, like or Path(str(source)))
        finally:
            if src is not source:
                src.close()
        checked = quick_check(partial)
        if checked != ["ok"]:
            _remove_partial(partial)
            raise BackupFailed(
                f"The backup copy did not pass its check ({checked[0]}), so it was not kept. "
                "Run 'careplan doctor' to check the database."
            )
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BackupFailed:
        raise
    except failures as exc:
        _remove_partial(partial)
        raise BackupFailed(f"The backup could not be written to {target.parent}: {plain_reason(exc)}.") from None
    _fsync_folder(target.parent)
    return target


def backup_sqlite(db_path: Path, folder: Path, reason: str, now: dt.datetime | None = None) -> Path:
    """Copy ``db_path`` into ``folder`` (named by time and reason); verified and durable on return."""
    now = now or dt.datetime.now(dt.UTC)
    try:
        make_private_folder(folder)
    except OSError as exc:
        raise BackupFailed(f"The backups folder {folder} cannot be made: {plain_reason(exc)}.") from None
    return copy_database(db_path, folder / backup_name(reason, now))


def backups_to_remove(stamps: list[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """Thinning rule: keep every copy of the last day, then the newest copy of each day for a
    week, of each week for two months and of each month for two years; drop the rest."""
    keep: set[dt.datetime] = set()
    seen_buckets: set[tuple[str, object]] = set()
    for stamp in sorted(stamps, reverse=True):
        age = now - stamp
        if age <= dt.timedelta(days=1):
            keep.add(stamp)
            continue
        if age <= dt.timedelta(days=7):
            bucket: tuple[str, object] = ("day", stamp.date())
        elif age <= dt.timedelta(weeks=9):
            bucket = ("week", tuple(stamp.isocalendar())[:2])
        elif age <= dt.timedelta(days=731):
            bucket = ("month", (stamp.year, stamp.month))
        else:
            continue
        if bucket not in seen_buckets:
            seen_buckets.add(bucket)
            keep.add(stamp)
    return set(stamps) - keep


def thin_backups(folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Remove routine copies the thinning rule no longer keeps (copies made by hand or before a
    restore stay until someone deletes them)."""
    now = now or dt.datetime.now(dt.UTC)
    backups = [(s, p) for s, p in list_backups(folder) if (_parse(p) or (s, ""))[1] not in KEPT_REASONS]
    doomed = backups_to_remove([s for s, _ in backups], now)
    removed = []
    for stamp, path in backups:
        if stamp in doomed:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def backup_if_changed(db_path: Path, folder: Path, reason: str, min_age: dt.timedelta) -> Path | None:
    """A routine copy: only when the file changed since the newest backup and that one is old enough.

    Raises BackupFailed (with the reason in plain words) when the copy cannot be made.
    """
    try:
        if not db_path.exists():
            return None
        backups = list_backups(folder)
        now = dt.datetime.now(dt.UTC)
        if backups:
            newest_stamp, _ = backups[0]
            modified = max(
                dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC)
                for p in (db_path, db_path.with_name(db_path.name + "-wal"))
                if p.exists()
            )
            if modified <= newest_stamp or now - newest_stamp < min_age:
                return None
    except OSError as exc:
        raise BackupFailed(f"The backups folder {folder} cannot be read: {plain_reason(exc)}.") from None
    made = backup_sqlite(db_path, folder, reason, now)
    with contextlib.suppress(OSError):  # old copies that cannot be deleted now are thinned next time
        thin_backups(folder, now)
    return made
