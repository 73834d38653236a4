"""Writing files so that a failure never leaves half a file behind, and only their owner can read them."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` durably: a temporary file beside it, fsync, then rename.

    On any failure (a full disk, a missing folder) the old file, if any, is untouched
    and no temporary file is left.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


#: Owner-only modes: patient data is never readable by another account on the computer.
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
#: Modes mean something on Linux and macOS; on Windows the user's profile folder (where the data
#: folder is) is private to the account by its access list, and modes are not checked or changed.
POSIX_MODES = os.name == "posix"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) owner-only; an existing one is narrowed to owner-only.

    ``mkdir(mode=...)`` is filtered by the umask, so the mode is set again explicitly.
    """
    folder = Path(folder)
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if not POSIX_MODES or folder.is_symlink():
        return
    if folder.stat().st_mode & 0o077:
        os.chmod(folder, PRIVATE_FOLDER_MODE)


_UMASK_LOCK = threading.Lock()


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders a library creates meanwhile (SQLite's database, ``-wal``, ``-shm``) are
    owner-only, made so atomically.  The umask is the process's: held under a lock so that two
    threads never restore each other's, and meanwhile anything else created is only stricter."""
    with _UMASK_LOCK:
        old = os.umask(0o077)
        try:
            yield
        finally:
            os.umask(old)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and owner-only if it does not exist (before a library such as SQLite
    creates it with its own, wider mode); True when it was created here."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


@dataclass(frozen=True)
class Tightened:
    """What ``make_tree_private`` did: entries narrowed to owner-only, and entries it could not change."""

    changed: int
    failed: int


def make_tree_private(root: Path) -> Tightened:
    """Take group and other permissions away from every file and folder under ``root`` (and ``root``).

    Symbolic links are never followed (neither to a folder nor to a file), so nothing outside
    ``root`` is touched.  Each entry is opened with O_NOFOLLOW and changed through its descriptor,
    so a link swapped in after the check is not followed either.
    """
    root = Path(root)
    if not POSIX_MODES or not root.is_dir():
        return Tightened(0, 0)
    results = [_narrow(root)]
    for folder, dirs, files in os.walk(root, followlinks=False):
        results += [_narrow(Path(folder) / name) for name in (*dirs, *files)]
    return Tightened(results.count("changed"), results.count("failed"))


def _narrow(path: Path) -> str:
    try:
        st = os.lstat(path)
    except OSError:
        return "failed"
    if stat.S_ISLNK(st.st_mode) or not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
        return "skipped"
    if not st.st_mode & 0o077:
        return "kept"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        try:  # a file the owner cannot read (mode 0200, say) is still the owner's to narrow
            os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)
        except OSError:
            return "failed"
        return "changed"
    try:
        os.fchmod(fd, stat.S_IMODE(st.st_mode) & 0o700)
    except OSError:
        return "failed"
    finally:
        os.close(fd)
    return "changed"


def wider_than_private(root: Path) -> list[Path]:
    """Files and folders under ``root`` (and ``root`` itself) that a group or other users may use."""
    found: list[Path] = []
    root = Path(root)
    if not POSIX_MODES or not root.is_dir():
        return found
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            try:
                st = os.lstat(path)
            except OSError:  # gone since the folder was listed (a -journal, a partial file)
                continue
            if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
                found.append(path)
    if root.stat().st_mode & 0o077:
        found.insert(0, root)
    return found


#: A ``*.partial`` file is what a backup or restore writes before renaming it into place.  One that
#: has not been written to for this long belongs to no running copy of Careplan: it is left over.
PARTIAL_STALE_AFTER_S = 15 * 60
PARTIAL_SUFFIX = ".partial"


def stale_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Left-over ``*.partial`` files in ``folder`` (and SQLite's ``-journal`` beside them)."""
    now = time.time() if now is None else now
    if not Path(folder).is_dir():
        return []
    found = []
    for path in Path(folder).iterdir():
        if not (path.name.endswith(PARTIAL_SUFFIX) or path.name.endswith(PARTIAL_SUFFIX + "-journal")):
            continue
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and now - st.st_mtime >= PARTIAL_STALE_AFTER_S:
            found.append(path)
    return found


def remove_stale_partials(folder: Path, now: float | None = None) -> int:
    """Delete left-over ``*.partial`` files; returns how many went (one that cannot go is left)."""
    removed = 0
    for path in stale_partials(folder, now):
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
    return removed
