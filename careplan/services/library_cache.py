"""The shipped library, kept ready in the cache folder so a command need not parse it every run.

Reading ``resources/catalog`` (TOML parsing and pydantic checks of every entry) costs a
``careplan handout`` about a tenth of its time.  The result, a plain ``careplan.core.library.Library``,
is stored here as a pickle after it passed every check, under a key made of the program version,
the Python version and the size and modification time of every library file and of the code that
reads it.  Any change to those files changes the key, so the library is read and checked again
(and a broken file raises ``CatalogError`` exactly as without the cache).

The cache only saves time: a cache file that is missing, unreadable, damaged, from another
version or not a library is ignored and rebuilt; a folder that cannot be written is no error
(the library read this run is used).  The file is written atomically and owner-only in an
owner-only folder (the user's cache folder, ``AppPaths.cache``); it holds only the shipped
library, no patient data, and is unpickled only if this account owns it and no one else can write it.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from careplan import __version__
from careplan.core.files import POSIX_MODES, make_private_folder, write_atomic
from careplan.core.library import Library
from careplan.core.resources import resource_path

log = logging.getLogger(__name__)

CACHE_FILENAME = "library.pickle"

#: The code whose output is cached: a change to any of it (in a development checkout, where the
#: version does not change) makes the cache stale just as a changed library file does.
_CODE = Path(__file__).resolve().parent.parent
_CODE_FOLDERS = (_CODE / "catalog", _CODE / "core")


def _stamp(folder: Path, pattern: str) -> list[tuple[str, int, int]]:
    stamps = []
    for path in sorted(folder.glob(pattern)):
        info = path.stat()
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return stamps


def cache_key() -> tuple[Any, ...]:
    """What the cached library was made from: versions, and every library and code file's size and time."""
    files = _stamp(resource_path("catalog"), "*.toml")
    for folder in _CODE_FOLDERS:
        files += _stamp(folder, "*.py")
    return (__version__, sys.version, files)


def load_shipped_library(cache_folder: Path) -> Library:
    """The shipped library: from ``cache_folder`` when the cache matches, else read, checked and cached."""
    path = Path(cache_folder) / CACHE_FILENAME
    try:
        key = cache_key()
    except OSError:  # a library file that cannot be looked at: let the loader say what is wrong
        key = None
    if key is not None:
        cached = _read(path, key)
        if cached is not None:
            return cached
    from careplan.catalog import load_library

    library = load_library()
    if key is not None:
        _write(path, key, library)
    return library


def _read(path: Path, key: tuple[Any, ...]) -> Library | None:
    """The cached library if the file holds one made from ``key``; None otherwise (never raises)."""
    try:
        with path.open("rb") as file:
            if not _private(os.fstat(file.fileno())):
                return None
            data = file.read()
    except OSError:
        return None
    try:
        stored_key, library = pickle.loads(data)
    except Exception:  # a damaged or foreign file: any unpickling error means "rebuild"
        log.info("the library cache could not be read; rebuilding it")
        return None
    if stored_key != key or not isinstance(library, Library):
        return None
    return library


def _private(info: os.stat_result) -> bool:
    """Only a file this account owns and no one else can change is unpickled (a pickle can run code)."""
    if not POSIX_MODES:
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _write(path: Path, key: tuple[Any, ...], library: Library) -> None:
    """Store ``library`` under ``key``; a folder or disk that refuses is not an error (the cache only saves time)."""
    try:
        make_private_folder(path.parent)
        write_atomic(path, pickle.dumps((key, library), protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError) as exc:
        log.info("the library cache could not be written: %s", type(exc).__name__)
