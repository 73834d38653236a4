"""``careplan backup``, ``backups``, ``restore`` and ``doctor``: real SQLite files, real subprocesses.

Every refusal checks its message and that nothing changed (the database's bytes, the backups folder).
Full disks and read-only folders are made by failing the narrowest OS call (CI runs as root, which
ignores file modes).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careplan import app
from careplan.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK
from careplan.core.files import PARTIAL_STALE_AFTER_S

from support.db import FIXTURES, doc_bytes, example_document, pg_url_or_skip, reset_pg
from support.sqlite_files import dump, integrity

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = Path(__file__).resolve().parent / "support"


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    """``app.main`` makes the process umask 077; the rest of the test session keeps its own."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


class Run:
    """``careplan ARGS`` in-process with its own data folder: (status, stdout, stderr)."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp = tmp_path
        self.data = tmp_path / "data"
        self.config = tmp_path / "config"
        monkeypatch.setenv("CAREPLAN_DATA_DIR", str(self.data))
        monkeypatch.setenv("CAREPLAN_CONFIG_DIR", str(self.config))
        monkeypatch.delenv("CAREPLAN_DB", raising=False)
        monkeypatch.setenv("CAREPLAN_THERAPIST", "Jo Patel")
        self.capsys = capsys

    @property
    def db(self) -> Path:
        return self.data / "careplan.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    def __call__(self, *args: str) -> tuple[int, str, str]:
        try:
            code = app.main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else EXIT_FAILURE
        out, err = self.capsys.readouterr()
        return code, out, err

    def import_ok(self, doc: Any = None, *options: str) -> int:
        path = self.tmp / "plan.json"
        path.write_bytes(doc_bytes(doc or example_document()))
        code, out, err = self(*options, "import", str(path))
        assert code == EXIT_OK, err
        return int(out.strip().splitlines()[-1])

    def backup_ok(self, *extra: str) -> Path:
        code, out, err = self("backup", *extra)
        assert code == EXIT_OK, err
        made = Path(out.strip())
        assert made.is_file()
        return made

    def plans(self) -> list[tuple[int, str]]:
        code, out, err = self("list", "--json")
        assert code == EXIT_OK, err
        return [(pl["id"], pl["title"]) for p in json.loads(out)["patients"] for pl in p["plans"]]

    def backup_names(self) -> list[str]:
        return sorted(p.name for p in self.backups.iterdir()) if self.backups.exists() else []


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(tmp_path, monkeypatch, capsys)


def damage(path: Path) -> None:
    """Overwrite the middle of a database file with garbage (the header stays, so it still opens)."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\xa5" * 8192)


def fail_os_open(monkeypatch: pytest.MonkeyPatch, code: int, where: str) -> None:
    """``os.open`` of any path containing ``where`` fails with ``code`` (a full disk, a read-only folder)."""
    real = os.open

    def fake(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if where in str(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake)


# --- backup ---------------------------------------------------------------------------------------


def test_backup_is_verified_private_self_contained_and_listed(run: Run) -> None:
    run.import_ok()
    made = run.backup_ok()
    assert made.parent == run.backups and made.name.endswith("_manual.sqlite3")
    assert integrity(made) == [("ok",)]
    assert made.stat().st_mode & 0o777 == 0o600
    # One self-contained file (rollback journal): no -wal needed to read it, none left beside it.
    conn = sqlite3.connect(f"file:{made}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert conn.execute("select count(*) from plans").fetchone() == (1,)
    conn.close()
    assert [p.name for p in run.backups.iterdir() if not p.name.endswith(".sqlite3")] == []

    elsewhere = run.tmp / "usb" / "copy.sqlite3"
    elsewhere.parent.mkdir()
    assert run.backup_ok("-o", str(elsewhere)) == elsewhere
    assert integrity(elsewhere) == [("ok",)]

    code, out, err = run("backups")
    assert code == EXIT_OK and err == ""
    lines = out.strip().splitlines()
    assert lines[0] == f"Backups in {run.backups}, newest first:"
    assert any(made.name in line and "made by hand" in line and "KB" in line for line in lines)
    assert any("daily" in line for line in lines)  # the import made the daily copy


def test_a_backup_whose_check_fails_is_removed_and_an_error(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from careplan.storage import backup

    run.import_ok()
    before = run.backup_names()
    monkeypatch.setattr(
        backup,
        "quick_check",
        lambda path: ["*** in database main ***", "Page 7: btreeInitPage() returns error code 11"],
    )
    code, out, err = run("backup")
    assert code == EXIT_BAD_INPUT and out == ""
    assert "did not pass its check" in err and "careplan doctor" in err
    assert run.backup_names() == before  # neither the copy nor its .partial is left


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only")])
def test_backup_to_a_full_or_read_only_folder_says_why(
    run: Run, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    run.import_ok()
    before = run.backup_names()
    fail_os_open(monkeypatch, code, str(run.backups))
    status, out, err = run("backup")
    assert status == EXIT_BAD_INPUT and out == ""
    assert words in err and str(run.backups) in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    monkeypatch.undo()
    assert run.backup_names() == before


def test_backup_without_room_for_the_copy_is_refused_before_writing(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.import_ok()
    before = run.backup_names()
    usage = shutil.disk_usage(run.data)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage._replace(free=64 * 1024))
    status, out, err = run("backup")
    assert status == EXIT_BAD_INPUT and out == "" and "the disk is full" in err
    assert run.backup_names() == before


def test_a_rename_that_fails_leaves_no_partial_file(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.import_ok()
    before = run.backup_names()
    real = os.replace

    def full(src: Any, dst: Any) -> None:
        if str(src).endswith(".partial"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", full)
    status, _, err = run("backup")
    assert status == EXIT_BAD_INPUT and "the disk is full" in err
    assert run.backup_names() == before


def test_partial_files_left_by_a_crash_are_removed_at_next_start(run: Run) -> None:
    run.import_ok()
    old = run.backups / "careplan-20270101-101010-000000_daily.sqlite3.partial"
    old_journal = old.with_name(old.name + "-journal")
    restore_left = run.data / ".careplan.sqlite3.restore.partial"
    fresh = run.backups / "careplan-20270101-101011-000000_daily.sqlite3.partial"
    for path in (old, old_journal, restore_left, fresh):
        path.write_bytes(b"half a copy")
    stale = time.time() - PARTIAL_STALE_AFTER_S - 60
    for path in (old, old_journal, restore_left):
        os.utime(path, (stale, stale))
    assert run("backups")[0] == EXIT_OK
    assert not old.exists() and not old_journal.exists() and not restore_left.exists()
    # One still being written (by another Careplan running now) is left alone.
    assert fresh.exists()
    log = (run.data / "logs" / "careplan.log").read_text("utf-8")
    assert "removed 3 partial files" in log


# --- a failed routine backup never blocks work --------------------------------------------------------


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only")])
def test_a_failed_daily_backup_warns_once_and_blocks_nothing(
    run: Run, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    fail_os_open(monkeypatch, code, str(run.backups))
    status, out, err = run("import", str(FIXTURES / "example-plan.json"))
    assert status == EXIT_OK and out.strip() == "1"
    assert err.count("\n") == 1 and err.startswith("careplan import: warning: Today's backup")
    assert words in err and "Your work is saved" in err
    assert run("list")[0] == EXIT_OK
    status, _, err = run("export", "1", "-o", str(run.tmp / "out.json"))
    assert status == EXIT_OK and err == ""
    assert json.loads((run.tmp / "out.json").read_text("utf-8"))["plan"]["title"]
    assert run.backup_names() == []
    log = (run.data / "logs" / "careplan.log").read_text("utf-8")
    assert "routine backup failed: BackupFailed" in log


def test_the_store_gives_its_backup_warning_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from careplan.core.library import Library
    from careplan.paths import AppPaths
    from careplan.services.store import open_store
    from careplan.services.transfer import import_plan
    from careplan.storage.db import sqlite_url

    paths = AppPaths(tmp_path / "data", tmp_path / "config")
    paths.ensure()
    store = open_store(sqlite_url(paths.database), paths)
    try:
        with store.sessions.begin() as s:
            import_plan(s, doc_bytes(example_document()), Library(version="t"), "a.json", "t")
        fail_os_open(monkeypatch, errno.ENOSPC, str(paths.backups))
        assert store.routine_backup() is None
        assert store.routine_backup() is None
        warning = store.take_backup_warning()
        assert warning is not None and "the disk is full" in warning
        assert store.take_backup_warning() is None
    finally:
        store.close()


def test_the_backup_before_a_migration_that_fails_stops_it_and_says_why(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.data.mkdir(parents=True)
    shutil.copyfile(ROOT / "tests" / "data" / "schema-0002.sqlite3", run.db)
    before = dump(run.db)
    fail_os_open(monkeypatch, errno.ENOSPC, str(run.backups))
    status, out, err = run("list")
    assert status == EXIT_BAD_INPUT and out == ""
    assert "needs to update the database, and makes a copy of it first" in err
    assert "the disk is full" in err and "nothing was changed" in err
    assert "unexpected" not in err
    # Opening switched the file to WAL (two header bytes); its content is as it was, at schema 0002.
    assert dump(run.db) == before


# --- restore --------------------------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_keeps_the_current_database(run: Run) -> None:
    first = run.import_ok()
    exported = run.tmp / "first.json"
    assert run("export", str(first), "-o", str(exported))[0] == EXIT_OK
    made = run.backup_ok()
    doc = example_document()
    doc["plan"]["title"] = "Second plan"
    run.import_ok(doc)
    assert len(run.plans()) == 2

    code, out, err = run("restore", made.name)  # a name from 'careplan backups' is enough
    assert code == EXIT_OK, err
    assert out.startswith(f"Restored {made.name}: 1 patient, 1 plan.")
    kept = Path(out.split("kept in ")[1].strip().removesuffix("."))
    assert kept.name.endswith("_before-restore.sqlite3") and integrity(kept) == [("ok",)]
    assert integrity(run.db) == [("ok",)]
    assert run.plans() == [(first, example_document()["plan"]["title"])]
    again = run.tmp / "again.json"
    assert run("export", str(first), "-o", str(again))[0] == EXIT_OK
    assert again.read_bytes() == exported.read_bytes()
    # ... and the copy kept first brings the second plan back.
    assert run("restore", str(kept))[0] == EXIT_OK
    assert len(run.plans()) == 2
    assert "before a restore" in run("backups")[1]


def test_restore_brings_an_older_backup_to_the_current_schema(run: Run) -> None:
    run.import_ok()
    old = run.tmp / "schema-0002.sqlite3"
    shutil.copyfile(ROOT / "tests" / "data" / "schema-0002.sqlite3", old)
    code, out, err = run("restore", str(old))
    assert code == EXIT_OK, err
    assert "updated from schema 0002 to" in out
    assert integrity(run.db) == [("ok",)]
    assert len(run.plans()) >= 2


def _not_careplan(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("create table recipes (name text)")
    conn.commit()
    conn.close()


def _too_new(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("update alembic_version set version_num = '9999'")
    conn.commit()
    conn.close()


def _two_versions(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("insert into alembic_version values ('0002')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (damage, "is damaged"),
        (lambda p: p.write_bytes(b"These are my notes, not a database.\n" * 200), "not a database file"),
        (lambda p: p.write_bytes(b""), "not a Careplan database"),
        (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 3]), "damaged"),
        (_not_careplan, "not a Careplan database"),
        (_too_new, "newer version of Careplan"),
        (_two_versions, "records 2 schema versions"),
        (lambda p: p.unlink(), "there is no such file"),
    ],
    ids=["damaged", "text file", "empty file", "truncated", "not careplan", "too new", "two versions", "missing"],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(run: Run, spoil: Any, words: str) -> None:
    run.import_ok()
    candidate = run.tmp / "candidate.sqlite3"
    made = run.backup_ok("-o", str(candidate))
    if spoil is _not_careplan:
        made.unlink()
    spoil(made)
    before = run.db.read_bytes()
    backups_before = run.backup_names()
    data_before = sorted(p.name for p in run.data.iterdir())
    code, out, err = run("restore", str(made))
    assert code == EXIT_BAD_INPUT and out == ""
    assert words in err and "Nothing was changed" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert run.db.read_bytes() == before
    assert run.backup_names() == backups_before
    assert sorted(p.name for p in run.data.iterdir()) == data_before


def test_restore_without_room_to_check_the_backup_changes_nothing(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from careplan.storage import backup as backup_module  # the staging copy is made through its connect_new

    run.import_ok()
    made = run.backup_ok()
    before = run.db.read_bytes()
    backups_before = run.backup_names()

    def full(path: Path, like: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_module, "connect_new", full)
    code, _, err = run("restore", str(made))
    assert code == EXIT_BAD_INPUT
    assert "cannot be checked" in err and "the disk is full" in err and "Nothing was changed" in err
    assert run.db.read_bytes() == before and run.backup_names() == backups_before
    assert not list(run.data.glob("*.partial"))


def test_restore_refuses_the_database_itself(run: Run) -> None:
    run.import_ok()
    before = run.db.read_bytes()
    code, _, err = run("restore", str(run.db))
    assert code == EXIT_BAD_INPUT and "is the database in use" in err
    assert run.db.read_bytes() == before


HOLDER = """
import sys, time
from pathlib import Path
from careplan.paths import AppPaths
from careplan.services.plans import list_patients
from careplan.services.store import open_store
from careplan.storage.db import sqlite_url
paths = AppPaths(Path(sys.argv[1]), Path(sys.argv[2]))
store = open_store(sqlite_url(paths.database), paths)
with store.reads.begin() as s:
    list_patients(s)
print("ready", flush=True)
time.sleep(120)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(SUPPORT.parent)])}


def test_restore_while_another_careplan_has_the_database_open_is_refused(run: Run) -> None:
    run.import_ok()
    made = run.backup_ok()
    run.import_ok()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(run.data), str(run.config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        before = run.db.read_bytes()
        backups_before = run.backup_names()
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "restore", str(made)],
            capture_output=True,
            text=True,
            env={**_env(), "CAREPLAN_DATA_DIR": str(run.data), "CAREPLAN_CONFIG_DIR": str(run.config)},
            timeout=60,
        )
        assert done.returncode == EXIT_BAD_INPUT, done.stderr
        assert "Close Careplan on this computer first" in done.stderr and "Nothing was changed" in done.stderr
        assert run.db.read_bytes() == before
        assert run.backup_names() == backups_before
    finally:
        holder.kill()
        holder.communicate()
    assert len(run.plans()) == 2


def test_restore_over_a_database_that_is_not_one_keeps_it_aside(run: Run) -> None:
    run.import_ok()
    made = run.backup_ok()
    run.db.write_bytes(b"garbage " * 4096)
    side_wal = run.db.with_name(run.db.name + "-wal")
    side_wal.write_bytes(b"a wal that belongs to the garbage")
    code, out, err = run("restore", str(made))
    assert code == EXIT_OK, err
    assert not side_wal.exists()
    assert integrity(run.db) == [("ok",)]
    kept = Path(out.split("kept in ")[1].strip().removesuffix("."))
    assert kept.read_bytes() == b"garbage " * 4096
    assert kept.with_name(kept.name + "-wal").read_bytes() == b"a wal that belongs to the garbage"
    assert len(run.plans()) == 1


def test_restore_with_no_database_yet_and_a_stray_wal(run: Run) -> None:
    run.import_ok()
    made = run.backup_ok("-o", str(run.tmp / "copy.sqlite3"))
    wal = run.db.with_name(run.db.name + "-wal")
    shutil.copyfile(run.db, wal)  # anything: it must never be applied to the restored file
    run.db.unlink()
    code, _, err = run("restore", str(made))
    assert code == EXIT_OK, err
    assert integrity(run.db) == [("ok",)]
    assert len(run.plans()) == 1


# --- the crash, then the restore ----------------------------------------------------------------------


def heavy_plan(path: Path) -> None:
    doc = example_document()
    base = doc["plan"]["interventions"]
    doc["plan"]["interventions"] = [{**base[i % len(base)], "title": f"Item {i}"} for i in range(60)]
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_killed_during_a_save_then_restored_gives_a_sound_database(run: Run) -> None:
    """The issue's dangerous case: a -wal left by a crash beside the database when an older backup
    is put back.  The -wal belongs to the crashed file: it is replayed into it (and kept in the copy
    made first), never applied to the restored one."""
    first = run.import_ok()
    exported = run.tmp / "before.json"
    assert run("export", str(first), "-o", str(exported))[0] == EXIT_OK
    made = run.backup_ok()
    plan_file = run.tmp / "heavy.json"
    heavy_plan(plan_file)
    worker = subprocess.Popen(
        [sys.executable, str(SUPPORT / "crash_worker.py"), f"sqlite:///{run.db}", str(run.data), str(plan_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert worker.stdout is not None
    assert worker.stdout.readline().strip() == "ready"
    commits = [worker.stdout.readline() for _ in range(6)]
    worker.kill()  # SIGKILL in the middle of the import/save loop
    rest, _ = worker.communicate()
    committed = len(commits) + rest.count("\n")
    wal = run.db.with_name(run.db.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the crash must leave its -wal beside the database"

    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "restore", str(made)],
        capture_output=True,
        text=True,
        env={**_env(), "CAREPLAN_DATA_DIR": str(run.data), "CAREPLAN_CONFIG_DIR": str(run.config)},
        timeout=120,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert integrity(run.db) == [("ok",)]
    conn = sqlite3.connect(run.db)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    assert run.plans() == [(first, example_document()["plan"]["title"])]
    again = run.tmp / "after.json"
    assert run("export", str(first), "-o", str(again))[0] == EXIT_OK
    assert again.read_bytes() == exported.read_bytes()
    # The copy kept first holds what the crashed program had committed (its -wal replayed into it).
    kept = Path(done.stdout.split("kept in ")[1].strip().removesuffix("."))
    assert integrity(kept) == [("ok",)]
    conn = sqlite3.connect(f"file:{kept}?mode=ro", uri=True)
    kept_plans = conn.execute("select count(*) from plans").fetchone()[0]
    conn.close()
    imported = sum(1 for line in commits if line.startswith("imported"))
    assert kept_plans >= 1 + imported and committed >= 6


# --- doctor ---------------------------------------------------------------------------------------


def test_doctor_on_a_healthy_database(run: Run) -> None:
    run.import_ok()
    run.backup_ok()
    code, out, err = run("doctor")
    assert code == EXIT_OK, out + err
    lines = out.strip().splitlines()
    checks = [line.split(":")[0].split(maxsplit=1) for line in lines]
    assert [c[1] for c in checks] == [
        "integrity",
        "foreign keys",
        "schema",
        "backups",
        "file modes",
        "disk space",
        "partial files",
    ]
    assert all(c[0] == "OK" for c in checks)
    assert "the current one" in out and "MB free" in out


def test_doctor_on_a_damaged_database_says_what_to_do(run: Run) -> None:
    run.import_ok()
    conn = sqlite3.connect(run.db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damage(run.db)
    before = run.db.read_bytes()
    code, out, err = run("doctor")
    assert code == EXIT_BAD_INPUT
    assert "PROBLEM  integrity" in out and "careplan restore" in out
    assert err.strip() == "careplan doctor: 1 problem found (see above)." or "problems found" in err
    assert run.db.read_bytes() == before


def test_doctor_reports_open_modes_old_backups_low_disk_and_partials(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from careplan.paths import AppPaths
    from careplan.services.maintenance import doctor
    from careplan.storage.db import sqlite_url

    run.import_ok()
    paths = AppPaths(run.data, run.config)
    for backup in run.backups.iterdir():
        backup.unlink()
    loose = run.data / "notes.txt"
    loose.write_text("x")
    loose.chmod(0o644)
    partial = run.backups / "careplan-20200101-000000-000000_daily.sqlite3.partial"
    partial.write_bytes(b"x")
    os.utime(partial, (0, 0))
    usage = shutil.disk_usage(run.data)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage._replace(free=50 * 1024 * 1024))
    found = {f.check: f for f in doctor(sqlite_url(run.db), paths, dt.datetime.now(dt.UTC))}
    assert not found["backups"].ok and "careplan backup" in found["backups"].text
    assert not found["file modes"].ok and "1 files or folders" in found["file modes"].text
    assert not found["disk space"].ok and "only 50 MB free" in found["disk space"].text
    assert not found["partial files"].ok and partial.name in found["partial files"].text
    assert found["integrity"].ok


def test_doctor_warns_when_the_newest_backup_is_old_and_the_database_changed(run: Run) -> None:
    from careplan.paths import AppPaths
    from careplan.services.maintenance import doctor
    from careplan.storage.db import sqlite_url

    run.import_ok()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=9)
    os.utime(run.db, (later.timestamp(), later.timestamp()))
    found = {f.check: f for f in doctor(sqlite_url(run.db), AppPaths(run.data, run.config), later)}
    assert not found["backups"].ok and "none in the last 7 days" in found["backups"].text


# --- PostgreSQL ----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["backup"], ["backups"], ["restore", "x.sqlite3"], ["backup", "-o", "y"]])
def test_on_postgresql_backup_and_restore_point_at_the_servers_tools(run: Run, command: list[str]) -> None:
    from sqlalchemy.engine import make_url

    url = pg_url_or_skip()
    parsed = make_url(url)
    code, out, err = run("--db", url, *command)
    # A password in --db gets a warning of its own (storage of passwords: careplan.secrets) first.
    err = "\n".join(line for line in err.splitlines() if "holds a password" not in line)
    assert code == EXIT_BAD_INPUT
    assert "server's own backups apply" in out
    assert f"pg_dump --host={parsed.host} --port={parsed.port} --username={parsed.username}" in out
    assert f"--dbname={parsed.database} careplan.dump" in out and "pg_restore" in out
    assert len(err.strip().splitlines()) == 1 and "pg_dump" in err
    if parsed.password:
        assert parsed.password not in out + err
    assert not run.db.exists()


@pytest.mark.postgres
def test_doctor_on_postgresql(run: Run) -> None:
    url = pg_url_or_skip()
    reset_pg(url)
    code, out, err = run("--db", url, "doctor")
    assert code == EXIT_OK and "OK       schema: empty" in out
    run.import_ok(None, "--db", url)
    code, out, err = run("--db", url, "doctor")
    assert code == EXIT_OK, out + err
    assert "OK       connection:" in out and "OK       server: PostgreSQL" in out
    assert "OK       schema: version" in out and "OK       file modes" in out


@pytest.mark.postgres
def test_doctor_on_a_postgresql_server_that_does_not_answer(run: Run) -> None:
    code, out, _ = run("--db", "postgresql+psycopg://jo:secret@127.0.0.1:1/careplan", "doctor")
    assert code == EXIT_BAD_INPUT
    assert "PROBLEM  connection" in out and "secret" not in out


# --- an encrypted database (storage.crypto) --------------------------------------------------------


def test_backups_of_an_encrypted_database_stay_encrypted_and_restore(run: Run) -> None:
    run.import_ok()
    plain_backup = run.backup_ok("-o", str(run.tmp / "plain-copy.sqlite3"))
    code, _, err = run("encrypt")
    assert code == EXIT_OK, err
    doc = example_document()
    doc["plan"]["title"] = "Second plan"
    run.import_ok(doc)
    made = run.backup_ok()
    with pytest.raises(sqlite3.DatabaseError):
        integrity(made)  # sqlite3 without the key cannot read the copy
    run.import_ok()
    assert len(run.plans()) == 3

    code, out, err = run("restore", str(made))  # encrypted into encrypted: written in place
    assert code == EXIT_OK, err
    assert "2 plans" in out and len(run.plans()) == 2
    kept = Path(out.split("kept in ")[1].strip().removesuffix("."))
    with pytest.raises(sqlite3.DatabaseError):
        integrity(kept)  # the copy kept first is encrypted too

    code, out, err = run("restore", str(plain_backup))  # a plain backup over the encrypted database
    assert code == EXIT_OK, err
    assert len(run.plans()) == 1 and integrity(run.db) == [("ok",)]
    code, out, _ = run("doctor")
    assert code == EXIT_OK, out


def test_a_restore_is_recorded_with_the_therapists_name_and_needs_one(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.import_ok()
    made = run.backup_ok()
    monkeypatch.delenv("CAREPLAN_THERAPIST")
    before = run.db.read_bytes()
    code, _, err = run("restore", str(made))
    assert code == EXIT_BAD_INPUT and "records who restores backups" in err and "Nothing was changed" in err
    assert run.db.read_bytes() == before
    code, _, err = run("--as", "Sam Lee", "restore", str(made))
    assert code == EXIT_OK, err
    code, out, err = run("--as", "Sam Lee", "audit", "--json")
    assert code == EXIT_OK, err
    events = json.loads(out)["events"]
    assert events[0]["action"] == "restored" and events[0]["who"] == "Sam Lee"
    assert events[0]["detail"] == "database restored from a backup"
