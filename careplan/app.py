"""Composition root: arguments -> folders and logging -> the command line or the desktop program."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence

from careplan import __version__
from careplan.paths import AppPaths

log = logging.getLogger("careplan")


def setup_logging(paths: AppPaths) -> None:
    """Log to a rotating file in the data folder (never to the terminal).

    What is logged: ids, counts, exception types and tracebacks; never a
    patient's name or notes (database errors hide their parameters).
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_careplan", False)]:
        if getattr(old, "baseFilename", None) == str(paths.log_file):
            return
        root.removeHandler(old)
        old.close()
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._careplan = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def warn_about_passwords(cli_url: str | None, env_url: str | None) -> None:
    """A password in ``--db`` or ``CAREPLAN_DB`` is accepted, with a warning that points to the safer way."""
    for url, where in ((cli_url, "--db"), (env_url, "CAREPLAN_DB")):
        if url:
            from careplan.secrets import password_warning

            warning = password_warning(url, where)
            if warning:
                sys.stderr.write(warning + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    from careplan.cli import build_parser, run

    args = build_parser().parse_args(argv)
    paths = AppPaths.from_env()
    setup_logging(paths)
    warn_about_passwords(args.db, os.environ.get("CAREPLAN_DB"))
    if args.command is not None:
        return run(args, paths)
    log.info("starting the desktop program, version %s", __version__)
    from careplan.ui.application import run_gui

    return run_gui(args, paths)


if __name__ == "__main__":
    sys.exit(main())
