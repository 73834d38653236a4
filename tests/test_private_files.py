"""With umask 022, no file or folder Careplan writes can be read by another account (issue 10, item 1).

Each test lists the mode of every file and folder written and fails on any group or other bit.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from careplan import app
from careplan.cli import EXIT_OK
from careplan.core.library import Library
from careplan.paths import AppPaths

from support.db import FIXTURES, doc_bytes, example_document

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    """A normal desktop umask for the test; the session's own afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(*roots: Path) -> dict[str, str]:
    """``{path: "0o600"}`` for every file and folder under ``roots`` (links are not followed)."""
    found: dict[str, str] = {}
    for root in roots:
        if not root.exists():
            continue
        found[str(root)] = oct(stat.S_IMODE(root.lstat().st_mode))
        for folder, dirs, files in os.walk(root):
            for name in (*dirs, *files):
                path = Path(folder) / name
                found[str(path)] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def readable_by_others(found: dict[str, str]) -> dict[str, str]:
    """Entries with a group or other bit (a symbolic link's own mode is always 0777 and means nothing)."""
    return {path: mode for path, mode in found.items() if int(mode, 8) & 0o077 and not Path(path).is_symlink()}


def test_library_callers_write_owner_only_files_whatever_the_umask(tmp_path: Path) -> None:
    """No ``app.main`` (so no umask of its own): the folders, the database with its -wal and -shm, the
    log and its rotated copies, daily and manual backups, a restore and its kept copy are all private."""
    from careplan.services.maintenance import make_backup, restore
    from careplan.services.store import open_store
    from careplan.services.transfer import import_plan
    from careplan.storage.db import sqlite_url

    paths = AppPaths(tmp_path / "data", tmp_path / "config")
    paths.ensure()
    app.setup_logging(paths)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_careplan", False))
    try:
        url = sqlite_url(paths.database)
        store = open_store(url, paths)
        with store.sessions.begin() as s:
            import_plan(s, doc_bytes(example_document()), Library(version="t"), "a.json", "t")
        assert store.routine_backup() is not None
        made = make_backup(url, paths)
        # While the database is open its -wal and -shm exist: list them too.
        open_now = modes(paths.data, paths.config)
        assert str(paths.database) + "-wal" in open_now and str(paths.database) + "-shm" in open_now
        assert readable_by_others(open_now) == {}
        store.close()
        restore(url, paths, made)
        logging.getLogger("careplan.test").info("a line")
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        logging.getLogger("careplan.test").info("after rotation")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    found = modes(paths.data, paths.config)
    names = {Path(p).name for p in found}
    assert {"careplan.log", "careplan.log.1", "careplan.sqlite3", "backups", "drafts", "logs"} <= names
    assert any(n.endswith("_before-restore.sqlite3") for n in names)
    assert any(n.endswith("_daily.sqlite3") for n in names)
    assert readable_by_others(found) == {}, found


def test_a_realistic_command_line_run_writes_nothing_others_can_read(tmp_path: Path) -> None:
    """Real processes started with umask 022: import, export, handout, backup, backups, restore, doctor."""
    data, config, out = tmp_path / "data", tmp_path / "config", tmp_path / "out"
    out.mkdir()
    out.chmod(0o755)
    env = {
        **os.environ,
        "CAREPLAN_DATA_DIR": str(data),
        "CAREPLAN_CONFIG_DIR": str(config),
        "CAREPLAN_THERAPIST": "Jo Patel",
        "PYTHONPATH": str(ROOT),
    }

    def careplan(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == EXIT_OK, done.stderr
        return done.stdout

    plan_id = careplan("import", str(FIXTURES / "example-plan.json")).strip()
    careplan("export", plan_id, "-o", str(out / "plan.json"))
    careplan("handout", plan_id, "--for", "family", "-o", str(out / "family.pdf"))
    backup = careplan("backup").strip()
    careplan("backup", "-o", str(out / "copy.sqlite3"))
    careplan("backups")
    careplan("restore", backup)
    careplan("doctor")
    found = modes(data, config) | {k: v for k, v in modes(out).items() if k != str(out)}
    assert {Path(p).name for p in found} >= {"plan.json", "family.pdf", "copy.sqlite3", "careplan.log"}
    assert readable_by_others(found) == {}, found


def test_an_existing_installation_is_narrowed_at_start_without_following_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    for folder in (data / "backups", data / "drafts", data / "logs", config):
        folder.mkdir(parents=True)
        folder.chmod(0o755)
    data.chmod(0o755)
    for path in (
        data / "careplan.sqlite3",
        data / "backups" / "careplan-20270101-000000-000000_daily.sqlite3",
        data / "drafts" / "plan-1.json",
        config / "settings.json",
    ):
        path.write_text("{}")
        path.chmod(0o644)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    outside.chmod(0o755)
    (outside / "shared.txt").write_text("not Careplan's")
    (outside / "shared.txt").chmod(0o644)
    (data / "link-to-file").symlink_to(outside / "shared.txt")
    (data / "link-to-folder").symlink_to(outside)
    monkeypatch.setenv("CAREPLAN_DATA_DIR", str(data))
    monkeypatch.setenv("CAREPLAN_CONFIG_DIR", str(config))
    try:
        assert app.main(["backups"]) == EXIT_OK
    finally:
        capsys.readouterr()
    found = modes(data, config)
    assert readable_by_others(found) == {}, found
    # Nothing outside was touched through the links.
    assert stat.S_IMODE(outside.stat().st_mode) == 0o755
    assert stat.S_IMODE((outside / "shared.txt").stat().st_mode) == 0o644
    log = (data / "logs" / "careplan.log").read_text("utf-8")
    # data, backups, drafts, config and four files: eight entries narrowed at start (the logs folder was
    # already narrowed when the log was opened); the log says how many, never which.
    assert "made 8 files and folders in the data folder owner-only" in log
    assert "plan-1" not in log
