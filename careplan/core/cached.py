"""A value the program can make again from its own files, kept as a pickle under a key of what it was made from.

The checked library (``careplan.services.library_cache``) and the drawn figures
(``careplan.figures.shipped``) are kept this way in the user's cache folder.  The key holds the program
version, the Python version and the size and modification time of every file the value was made from
(``file_stamps``), so a changed file makes the cache stale.  A cache only saves time: a file that is
missing, unreadable, damaged or made from another key reads as None (never an error), and a folder or
disk that refuses a write is no error either.  Files are written atomically and owner-only, and a file
is unpickled only if this account owns it and no one else can change it (a pickle can run code).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from careplan.core.files import POSIX_MODES, make_private_folder, write_atomic

log = logging.getLogger(__name__)


def file_stamps(folder: Path, pattern: str) -> list[tuple[str, int, int]]:
    """Every file in ``folder`` matching ``pattern``: its path, size and modification time (for a key)."""
    return stamps_of(sorted(folder.glob(pattern)))


def stamps_of(paths: Iterable[Path]) -> list[tuple[str, int, int]]:
    """Each file's path, size and modification time (for a key); OSError when one cannot be looked at."""
    stamps = []
    for path in paths:
        info = path.stat()
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return stamps


def read_cached(path: Path, key: tuple[Any, ...]) -> object | None:
    """The value stored in ``path`` under ``key``; None when there is none to trust (never raises)."""
    try:
        with path.open("rb") as file:
            if not _private(os.fstat(file.fileno())):
                return None
            data = file.read()
    except OSError:
        return None
    try:
        stored_key, value = pickle.loads(data)
    except Exception:  # a damaged or foreign file: any unpickling error means "rebuild"
        log.info("the cache %s could not be read; rebuilding it", path.name)
        return None
    return value if stored_key == key else None


def _private(info: os.stat_result) -> bool:
    """Only a file this account owns and no one else can change is unpickled (a pickle can run code)."""
    if not POSIX_MODES:
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def write_cached(path: Path, key: tuple[Any, ...], value: object) -> None:
    """Store ``value`` under ``key``; a folder or disk that refuses is not an error (the cache only saves time)."""
    try:
        make_private_folder(path.parent)
        write_atomic(path, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError) as exc:
        log.info("the cache %s could not be written: %s", path.name, type(exc).__name__)
