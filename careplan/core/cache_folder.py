"""Where this process may keep what it can make again from its own files (the user's cache folder).

The composition root (``careplan.app``) sets it once, from ``AppPaths.cache``; code below the
services that keeps process-wide state anyway (the handout fonts, registered once per process in
ReportLab's own registry) reads it here instead of being handed a folder through every call.
Unset (None: tests, a script that imports the package) nothing is kept and everything is made
afresh, exactly as without a cache.  Standard library only, so setting it costs the command nothing.
"""

from __future__ import annotations

from pathlib import Path

_folder: Path | None = None


def set_cache_folder(folder: Path | None) -> None:
    """Keep cached files in ``folder`` from now on (None: keep none)."""
    global _folder
    _folder = None if folder is None else Path(folder)


def cache_folder() -> Path | None:
    """The folder set by ``set_cache_folder``, or None when nothing is to be kept."""
    return _folder
