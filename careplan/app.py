"""Composition root: arguments -> folders and logging -> the command line or the desktop program."""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, cast

from careplan import __version__
from careplan.core.cache_folder import set_cache_folder
from careplan.core.files import make_private_folder
from careplan.paths import AppPaths

log = logging.getLogger("careplan")

#: Everything the program creates is for its user alone (folders 0700, files 0600).
PRIVATE_UMASK = 0o077


#: The log's size before it is rolled over (``careplan.log.1`` ... ``.3`` keep the older lines).
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
#: Room a command's few lines need: below this, a command appends without the rotating handler.
_COMMAND_ROOM = 64_000


def _open_private(path: str, mode: str, encoding: str | None, errors: str | None) -> io.TextIOWrapper:
    """The log file opened for appending, owner-only whatever the umask (rotated files are renamed,
    so they keep the mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        if hasattr(os, "fchmod"):  # POSIX: narrow a log file an older version made 0644
            os.fchmod(fd, 0o600)
        return cast(io.TextIOWrapper, open(fd, mode, encoding=encoding, errors=errors))
    except BaseException:
        os.close(fd)
        raise


class PrivateFileHandler(logging.FileHandler):
    """The log file, owner-only: what a command appends to while the log has room."""

    def _open(self) -> io.TextIOWrapper:
        return _open_private(self.baseFilename, self.mode, self.encoding, self.errors)


def rotating_handler(path: str) -> logging.FileHandler:
    """The log file, owner-only, rolled over at LOG_MAX_BYTES: what the desktop program (which may run
    for days) and a command meeting a full log write to.  (``logging.handlers``, with its sockets and
    queues, loads only here: a command that has no need of it starts some 5 ms sooner.)"""
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:
            return _open_private(self.baseFilename, self.mode, self.encoding, self.errors)

    return PrivateRotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")


def setup_logging(paths: AppPaths, *, command: bool = False) -> None:
    """Log to a rotating file in the data folder (never to the terminal).  A ``command`` writes a few
    lines: while the log has room for them it appends with a plain file handler, and the next run
    that finds the log full rolls it over.

    What is logged: ids, counts, exception types and tracebacks; never a
    patient's name or notes (database errors hide their parameters).
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_careplan", False)]:
        if getattr(old, "baseFilename", None) == str(paths.log_file):
            return
        root.removeHandler(old)
        old.close()
    handler: logging.Handler
    try:
        make_private_folder(paths.logs)
        if command and _log_size(paths) < LOG_MAX_BYTES - _COMMAND_ROOM:
            handler = PrivateFileHandler(paths.log_file, encoding="utf-8")
        else:
            handler = rotating_handler(str(paths.log_file))
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._careplan = True  # type: ignore[union-attr]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _log_size(paths: AppPaths) -> int:
    try:
        return paths.log_file.stat().st_size
    except FileNotFoundError:
        return 0


def tidy_at_start(paths: AppPaths) -> None:
    """Narrow an existing installation to owner-only and remove left-over partial files; the log
    says how many (never which: names of files can hold a patient's name)."""
    try:
        narrowed, partials = paths.tidy()
    except OSError as exc:
        log.warning("could not check the data folder's permissions: %s", type(exc).__name__)
        return
    if narrowed.changed:
        log.info("made %d files and folders in the data folder owner-only", narrowed.changed)
    if narrowed.failed:
        log.warning("could not make %d files or folders in the data folder owner-only", narrowed.failed)
    if partials:
        log.info("removed %d partial files left by an interrupted backup or restore", partials)


def warn_about_passwords(cli_url: str | None, env_url: str | None) -> None:
    """A password in ``--db`` or ``CAREPLAN_DB`` is accepted, with a warning that points to the safer way."""
    for url, where in ((cli_url, "--db"), (env_url, "CAREPLAN_DB")):
        if url:
            from careplan.secrets import password_warning

            warning = password_warning(url, where)
            if warning:
                sys.stderr.write(warning + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command (``argv`` names one) or the desktop program; returns the exit status."""
    return _run(argv)[0]


def _run(argv: Sequence[str] | None) -> tuple[int, bool]:
    """The exit status, and whether a command-line command ran (not the desktop program)."""
    # Careplan uses no pydantic plugins: none installed beside it sees a patient's plan being checked,
    # and the scan of every installed package for one is not paid on each command.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from careplan.cli import build_parser, run

    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(words).parse_args(words)
    # Files a library makes with its own mode (SQLite, Qt, ReportLab) are owner-only too.
    os.umask(PRIVATE_UMASK)
    paths = AppPaths.from_env()
    set_cache_folder(paths.cache)  # parsed fonts and drawn figures are kept there between runs
    setup_logging(paths, command=args.command is not None)
    tidy_at_start(paths)
    warn_about_passwords(args.db, os.environ.get("CAREPLAN_DB"))
    if args.command is not None:
        return run(args, paths), True
    log.info("starting the desktop program, version %s", __version__)
    gc.enable()  # the desktop runs for hours: it collects reference cycles as usual (see launch)
    from careplan.ui.application import run_gui

    return run_gui(args, paths), False


def launch() -> NoReturn:
    """The program as a user starts it (the ``careplan`` command, ``python -m careplan``, ``main.py``).

    A finished command ends at once (``end_now``); the desktop program ends the usual way.

    Python's cyclic garbage collector is off while a command runs: a command lasts a second or a few,
    makes few reference cycles (a handout leaves some 3,000 objects in them, half a megabyte; five
    imports and a clinician summary through SQLAlchemy, 3 MB), and its memory goes back when it ends,
    while the collector's passes over every object the command's imports create cost a handout some
    20 ms, a tenth of what a bare ReportLab script takes to make it.  (Mercurial turns
    the collector off around its large reads for the same reason.)  The desktop program turns it back
    on before its window opens."""
    gc.disable()
    code, command = _run(None)
    if command:
        end_now(code)
    sys.exit(code)


def end_now(code: int) -> NoReturn:
    """End a command that has finished: its files are written whole and closed (``write_atomic``), its
    database connections closed and its transactions committed before ``run`` returns; here the log and
    the terminal are flushed and the process exits without Python's own teardown.  That teardown frees,
    one by one, every object the command loaded (a handout's fonts, drawings and ReportLab: about 60 ms,
    a quarter of what a bare ReportLab script takes to make the whole handout) and does nothing a
    finished command needs.  (Bazaar's launcher ended the same way.)"""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed or broken pipe: nothing more reaches it
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    launch()
