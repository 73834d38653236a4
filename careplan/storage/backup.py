"""Consistent copies of the SQLite file, thinned so they never pile up.

Like Anki: a copy only when the database changed, kept densely for recent days
and more sparsely further back.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from careplan.storage.db import sqlite_connect

PREFIX = "careplan-"
SUFFIX = ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S-%f"


def _stamp_of(path: Path) -> dt.datetime | None:
    core = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
    try:
        return dt.datetime.strptime(core.split("_", 1)[0], _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def list_backups(folder: Path) -> list[tuple[dt.datetime, Path]]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [(stamp, p) for p in folder.glob(f"{PREFIX}*{SUFFIX}") if (stamp := _stamp_of(p))]
    return sorted(found, reverse=True)


def backup_sqlite(db_path: Path, folder: Path, reason: str, now: dt.datetime | None = None) -> Path:
    """Copy ``db_path`` with SQLite's online backup (consistent even while in use); durable on return."""
    now = now or dt.datetime.now(dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{PREFIX}{now.strftime(_STAMP)}_{reason}{SUFFIX}"
    partial = target.with_suffix(".partial")
    source = sqlite_connect(db_path, readonly=True)
    try:
        dest = sqlite_connect(partial, like=db_path)  # an encrypted database's copies are encrypted too
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    with open(partial, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    return target


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
    now = now or dt.datetime.now(dt.UTC)
    backups = list_backups(folder)
    doomed = backups_to_remove([s for s, _ in backups], now)
    removed = []
    for stamp, path in backups:
        if stamp in doomed:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def backup_if_changed(db_path: Path, folder: Path, reason: str, min_age: dt.timedelta) -> Path | None:
    """A routine copy: only when the file changed since the newest backup and that one is old enough."""
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
    made = backup_sqlite(db_path, folder, reason, now)
    thin_backups(folder, now)
    return made
