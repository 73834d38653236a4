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

import sys
from pathlib import Path
from typing import Any

from careplan import __version__
from careplan.core.cached import file_stamps, read_cached, write_cached
from careplan.core.library import Library
from careplan.core.resources import resource_path

CACHE_FILENAME = "library.pickle"

#: The code whose output is cached: a change to any of it (in a development checkout, where the
#: version does not change) makes the cache stale just as a changed library file does.
_CODE = Path(__file__).resolve().parent.parent
_CODE_FOLDERS = (_CODE / "catalog", _CODE / "core")


def cache_key() -> tuple[Any, ...]:
    """What the cached library was made from: versions, and every library and code file's size and time."""
    files = file_stamps(resource_path("catalog"), "*.toml")
    for folder in _CODE_FOLDERS:
        files += file_stamps(folder, "*.py")
    return (__version__, sys.version, files)


def load_shipped_library(cache_folder: Path) -> Library:
    """The shipped library: from ``cache_folder`` when the cache matches, else read, checked and cached."""
    path = Path(cache_folder) / CACHE_FILENAME
    try:
        key = cache_key()
    except OSError:  # a library file that cannot be looked at: let the loader say what is wrong
        key = None
    if key is not None:
        cached = read_cached(path, key)
        if isinstance(cached, Library):
            return cached
    from careplan.catalog import load_library

    library = load_library()
    if key is not None:
        write_cached(path, key, library)
    return library
