"""``careplan.app.setup_logging``: the log in the data folder, owner-only, rolled over when full.

A command writes a few lines: it appends with a plain file handler while the log has room (the rotating
handler's module costs every command ~5 ms to load), and rolls a full log over like the desktop does."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from careplan import app
from careplan.paths import AppPaths


@pytest.fixture
def paths(tmp_path: Path) -> Iterator[AppPaths]:
    made = AppPaths(tmp_path / "data", tmp_path / "config")
    made.ensure()
    yield made
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_careplan", False)]:
        root.removeHandler(handler)
        handler.close()


def _handler() -> logging.Handler:
    return next(h for h in logging.getLogger().handlers if getattr(h, "_careplan", False))


def _private(path: Path) -> bool:
    return not stat.S_IMODE(path.stat().st_mode) & 0o077


def test_a_command_appends_to_a_log_with_room(paths: AppPaths) -> None:
    paths.logs.mkdir(parents=True, exist_ok=True)
    paths.log_file.write_text("an earlier line\n", encoding="utf-8")
    old = os.umask(0o022)
    try:
        app.setup_logging(paths, command=True)
    finally:
        os.umask(old)
    handler = _handler()
    assert type(handler) is app.PrivateFileHandler
    logging.getLogger("careplan.test").info("wrote a family handout for plan 1")
    handler.flush()
    lines = paths.log_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "an earlier line" and lines[1].endswith("INFO careplan.test: wrote a family handout for plan 1")
    assert _private(paths.log_file)


def test_a_command_rolls_a_full_log_over(paths: AppPaths) -> None:
    paths.logs.mkdir(parents=True, exist_ok=True)
    paths.log_file.write_text("x" * (app.LOG_MAX_BYTES - 10) + "\n", encoding="utf-8")
    app.setup_logging(paths, command=True)
    handler = _handler()
    assert type(handler) is not app.PrivateFileHandler
    assert isinstance(handler, logging.FileHandler) and getattr(handler, "maxBytes", 0) == app.LOG_MAX_BYTES
    logging.getLogger("careplan.test").info("a line that does not fit")
    handler.flush()
    rolled = paths.log_file.with_name(paths.log_file.name + ".1")
    assert rolled.read_text(encoding="utf-8").startswith("xxx")
    assert "a line that does not fit" in paths.log_file.read_text(encoding="utf-8")
    assert _private(rolled) and _private(paths.log_file)


def test_the_desktop_always_rotates(paths: AppPaths) -> None:
    app.setup_logging(paths)
    handler = _handler()
    assert getattr(handler, "maxBytes", 0) == app.LOG_MAX_BYTES and getattr(handler, "backupCount", 0) == 3
