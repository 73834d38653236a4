"""Each database fault a user can meet becomes one typed DatabaseError with a plain message naming
the cause and what to do, and refusing it changes nothing: the file byte-identical, no ``-wal`` or
``-shm`` left behind, no new empty database, the plans as they were."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careplan.core.enums import Category
from careplan.core.model import Patient, Plan, PlanRecord
from careplan.paths import AppPaths
from careplan.services import plans
from careplan.services.store import Store, check_connection, open_store
from careplan.storage import db, faults
from careplan.storage.db import DatabaseBusy, DatabaseError, DatabaseUnreachable, sqlite_url
from careplan.storage.faults import (
    DatabaseDamaged,
    DatabaseDiskError,
    DatabaseEmpty,
    DatabaseFull,
    DatabaseLocked,
    DatabaseReadOnly,
    NotADatabase,
)

from support.damage import FILE_FAULTS, RESTORE, snapshot, zero_bytes


def one_plan(store: Store, title: str = "Neck posture") -> int:
    with store.sessions.begin() as s:
        record = plans.create_plan(
            s, PlanRecord(Plan(title, Category.CERVICAL), Patient("Ada", "Lovelace", dt.date(2010, 5, 1)))
        )
    assert record.plan_id is not None
    return record.plan_id


def plan_titles(store: Store) -> list[str]:
    with store.reads.begin() as s:
        return sorted(pl.title for p in plans.iter_patients(s) for pl in p.plans)


@pytest.fixture
def seeded(app_paths: AppPaths) -> Path:
    """A real Careplan database holding one plan, closed (so no ``-wal`` is left)."""
    store = open_store(sqlite_url(app_paths.database), app_paths)
    try:
        one_plan(store)
    finally:
        store.close()
    assert not app_paths.database.with_name("careplan.sqlite3-wal").exists()
    return app_paths.database


def open_and_read(url: str, paths: AppPaths) -> list[str]:
    store = open_store(url, paths)
    try:
        return plan_titles(store)
    finally:
        store.close()


@pytest.mark.parametrize("fault", list(FILE_FAULTS))
def test_a_bad_database_file_is_refused_and_left_as_it_is(fault: str, seeded: Path, app_paths: AppPaths) -> None:
    damage, says = FILE_FAULTS[fault]
    damage(seeded)
    before = snapshot(app_paths.data)
    with pytest.raises(DatabaseError) as info:
        open_and_read(sqlite_url(seeded), app_paths)
    message = str(info.value)
    assert says.lower() in message.lower()
    assert str(seeded) in message and RESTORE in message.lower()
    assert "unexpected" not in message
    assert snapshot(app_paths.data) == before, "refusing it must change nothing"


@pytest.mark.parametrize("fault", list(FILE_FAULTS))
def test_a_save_into_a_bad_database_file_is_refused_too(fault: str, seeded: Path, app_paths: AppPaths) -> None:
    """A write never reaches a damaged file: the fault is found before anything is written."""
    damage, says = FILE_FAULTS[fault]
    damage(seeded)
    before = snapshot(app_paths.data)
    with pytest.raises(DatabaseError, match="(?i)" + says.replace("(", r"\(").replace(")", r"\)")):
        store = open_store(sqlite_url(seeded), app_paths)
        try:
            one_plan(store, "Written into a damaged file?")
        finally:
            store.close()
    assert snapshot(app_paths.data) == before


def test_the_fault_types_say_what_kind_of_fault_it_is(seeded: Path, app_paths: AppPaths, tmp_path: Path) -> None:
    zero_bytes(seeded)
    with pytest.raises(DatabaseEmpty):
        open_store(sqlite_url(seeded), app_paths)
    assert issubclass(DatabaseEmpty, DatabaseDamaged)
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    with pytest.raises(NotADatabase):
        open_store(sqlite_url(text), app_paths)
    assert issubclass(DatabaseLocked, DatabaseBusy), "code that waits and retries a busy database keeps working"


def test_a_zero_byte_database_is_never_taken_for_a_new_one(app_paths: AppPaths) -> None:
    app_paths.database.write_bytes(b"")
    for _attempt in range(2):
        with pytest.raises(DatabaseEmpty, match=r"remove the file if this is a new installation"):
            open_store(sqlite_url(app_paths.database), app_paths)
    assert app_paths.database.read_bytes() == b""
    assert sorted(p.name for p in app_paths.data.iterdir()) == ["backups", "careplan.sqlite3", "drafts", "logs"]


def test_a_new_installation_still_creates_its_database(app_paths: AppPaths) -> None:
    assert not app_paths.database.exists()
    assert open_and_read(sqlite_url(app_paths.database), app_paths) == []
    assert app_paths.database.stat().st_size > 0


def test_a_zero_byte_file_whose_work_is_in_its_wal_is_left_to_sqlite(tmp_path: Path) -> None:
    """A database whose pages are all still in its ``-wal`` may legitimately be 0 bytes long."""
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"")
    path.with_name("db.sqlite3-wal").write_bytes(b"\x00" * 32)
    faults.check_sqlite_file(path)  # no refusal: SQLite decides


# --- the address points somewhere wrong ---------------------------------------------------------


def address_faults(tmp_path: Path) -> dict[str, tuple[str, type[DatabaseError], str]]:
    folder = tmp_path / "a folder"
    folder.mkdir()
    text = tmp_path / "letter.txt"
    text.write_text("Dear colleague,\n")
    return {
        "a text file": (sqlite_url(text), NotADatabase, "is not a Careplan database"),
        "a folder": (sqlite_url(folder), NotADatabase, "points at a folder, not a database file"),
        "a missing folder": (sqlite_url(tmp_path / "gone" / "db.sqlite3"), NotADatabase, "folder for the database"),
        "an unknown kind": ("foo://host/careplan", NotADatabase, "a kind of database Careplan does not know"),
        "nothing listens on the port": (
            "postgresql+psycopg://careplan:secret@127.0.0.1:9/careplan",
            DatabaseUnreachable,
            "Check the address in Settings and that the server is running",
        ),
    }


@pytest.mark.parametrize(
    "fault", ["a text file", "a folder", "a missing folder", "an unknown kind", "nothing listens on the port"]
)
def test_an_address_that_is_not_a_database_is_refused(fault: str, tmp_path: Path, app_paths: AppPaths) -> None:
    url, kind, says = address_faults(tmp_path)[fault]
    before = snapshot(tmp_path)
    for attempt in (lambda: open_store(url, app_paths), lambda: check_connection(url)):
        with pytest.raises(kind, match=says) as info:
            attempt()
        assert "secret" not in str(info.value)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "gone").exists()


# --- read-only -------------------------------------------------------------------------------------


@pytest.fixture
def query_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection refuses writes as a read-only file does: SQLite's own SQLITE_READONLY
    (root, who runs CI, ignores file modes, so chmod cannot do it there)."""
    original = db._sqlite_on_connect

    def read_only(conn: sqlite3.Connection, record: Any, busy_timeout_s: float) -> None:
        original(conn, record, busy_timeout_s)
        conn.execute("PRAGMA query_only=ON")

    monkeypatch.setattr(db, "_sqlite_on_connect", read_only)


def test_a_read_only_database_can_be_read_but_a_save_says_read_only(
    seeded: Path, app_paths: AppPaths, query_only: None
) -> None:
    before = snapshot(app_paths.data)
    store = open_store(sqlite_url(seeded), app_paths)
    try:
        assert plan_titles(store) == ["Neck posture"]
        with pytest.raises(DatabaseReadOnly, match="is read-only, so nothing can be saved") as info:
            one_plan(store, "Saved into a read-only file?")
        assert str(seeded) in str(info.value) and "Ask IT" in str(info.value)
        assert plan_titles(store) == ["Neck posture"]
    finally:
        store.close()
    assert snapshot(app_paths.data) == before


def read_only_file_checks(seeded: Path, app_paths: AppPaths) -> None:
    """Reading works, saving says read-only, and no ``-wal``/``-shm`` is left beside the file."""
    before = snapshot(app_paths.data)
    store = open_store(sqlite_url(seeded), app_paths)
    try:
        assert plan_titles(store) == ["Neck posture"]
        with pytest.raises(DatabaseReadOnly, match="is read-only"):
            one_plan(store, "Saved into a read-only file?")
    finally:
        store.close()
    assert snapshot(app_paths.data) == before


def test_a_file_this_account_cannot_write_opens_without_leaving_files_beside_it(
    seeded: Path, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a 0444 file, a read-only folder or a read-only drive looks like to Careplan (os.access
    says "not writable"; for root it never does, so it is told so here)."""
    monkeypatch.setattr(faults, "_writable", lambda path: False)
    read_only_file_checks(seeded, app_paths)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes; the test above covers this as root")
def test_a_read_only_file_for_real(seeded: Path, app_paths: AppPaths) -> None:
    seeded.chmod(0o444)
    try:
        read_only_file_checks(seeded, app_paths)
    finally:
        seeded.chmod(0o600)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder modes; the test above covers this as root")
def test_a_database_in_a_read_only_folder_for_real(seeded: Path, app_paths: AppPaths) -> None:
    app_paths.data.chmod(0o555)
    try:
        read_only_file_checks(seeded, app_paths)
    finally:
        app_paths.data.chmod(0o700)


# --- locked, full ----------------------------------------------------------------------------------


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait 0.2 s for a lock instead of 10 (tests/test_cli_faults.py waits the real 10 s once)."""
    original = db._sqlite_on_connect
    monkeypatch.setattr(db, "_sqlite_on_connect", lambda conn, record, _timeout: original(conn, record, 0.2))


@pytest.fixture
def held_by_another_program(seeded: Path) -> Iterator[sqlite3.Connection]:
    """Another program holds an exclusive lock on the file (as a backup tool copying it may)."""
    other = sqlite3.connect(seeded, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_database_another_program_holds_says_so(
    seeded: Path, app_paths: AppPaths, short_busy_timeout: None, held_by_another_program: sqlite3.Connection
) -> None:
    before = snapshot(app_paths.data)
    with pytest.raises(DatabaseLocked, match="Another program is holding the database") as info:
        open_and_read(sqlite_url(seeded), app_paths)
    assert "backup tool" in str(info.value) and "Close the other program" in str(info.value)
    assert snapshot(app_paths.data) == before


def test_a_long_write_by_another_program_stops_a_save_plainly(
    seeded: Path, app_paths: AppPaths, short_busy_timeout: None
) -> None:
    store = open_store(sqlite_url(seeded), app_paths)
    other = sqlite3.connect(seeded, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy, match="another program, such as a backup tool"):
            one_plan(store, "Saved while another program writes?")
        other.execute("ROLLBACK")
        assert plan_titles(store) == ["Neck posture"]
    finally:
        other.close()
        store.close()


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """No room for one more page: SQLite's max_page_count gives the very SQLITE_FULL error a full
    disk gives ("database or disk is full")."""
    original = db._sqlite_on_connect

    def full(conn: sqlite3.Connection, record: Any, busy_timeout_s: float) -> None:
        original(conn, record, busy_timeout_s)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")

    monkeypatch.setattr(db, "_sqlite_on_connect", full)


def pack(path: Path) -> None:
    """VACUUM leaves no free room in the pages, so the next save needs a new page."""
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()


def test_a_full_disk_during_a_save_says_so_and_saves_nothing(
    seeded: Path, app_paths: AppPaths, disk_full: None
) -> None:
    pack(seeded)
    before = snapshot(app_paths.data)
    store = open_store(sqlite_url(seeded), app_paths)
    try:
        with store.reads.begin() as s:
            record = plans.load_plan(s, 1)
        long_text = "Stretch the neck gently to the left, then to the right. " * 150
        edited = dataclasses.replace(record, plan=record.plan.replace(summary=long_text))
        with (
            pytest.raises(DatabaseFull, match="is full, so nothing was saved") as info,
            store.sessions.begin() as s,
        ):
            plans.save_plan(s, edited, "Jo Patel")
        assert "Free some disk space" in str(info.value)
        with store.reads.begin() as s:
            assert len(plans.list_revisions(s, 1)) == 1
    finally:
        store.close()
    assert snapshot(app_paths.data) == before


@pytest.mark.parametrize(
    ("code", "kind", "says"),
    [
        (errno.ENOSPC, DatabaseFull, "is full"),
        (errno.EROFS, DatabaseReadOnly, "not allowed to change"),
        (errno.EACCES, DatabaseReadOnly, "not allowed to change"),
        (errno.EIO, DatabaseDiskError, "a disk error"),
    ],
)
def test_operating_system_faults_are_said_plainly(code: int, kind: type[DatabaseError], says: str) -> None:
    mapped = faults.fault_from(OSError(code, os.strerror(code)), "/data/careplan.sqlite3")
    assert isinstance(mapped, kind) and says in str(mapped) and "/data/careplan.sqlite3" in str(mapped)


def test_other_errors_are_not_taken_for_faults() -> None:
    """A constraint or a programming error is not the user's to fix: it stays a bug for the log."""
    assert faults.fault_from(sqlite3.IntegrityError("UNIQUE constraint failed"), "x") is None
    assert faults.fault_from(ValueError("no"), "x") is None
    assert faults.fault_from(OSError(errno.ENOENT, "gone"), "x") is None


def test_an_encrypted_database_is_not_called_garbage_by_the_checks_before_opening(tmp_path: Path) -> None:
    """SQLCipher files start with random bytes: with a key, only the checks that do not read the
    contents apply (an empty file is still refused)."""
    encrypted = tmp_path / "encrypted.sqlite3"
    encrypted.write_bytes(os.urandom(8192))
    faults.check_sqlite_file(encrypted, encrypted=True)
    with pytest.raises(NotADatabase, match="if it is an encrypted database, the key for it was not found"):
        faults.check_sqlite_file(encrypted)
    encrypted.write_bytes(b"")
    with pytest.raises(DatabaseEmpty):
        faults.check_sqlite_file(encrypted, encrypted=True)


def test_sqlcipher_errors_are_mapped_like_sqlite_ones(tmp_path: Path) -> None:
    sqlcipher3 = pytest.importorskip("sqlcipher3")
    path = tmp_path / "encrypted.sqlite3"
    path.write_bytes(os.urandom(8192))
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA key = 'not the key'")
        with pytest.raises(sqlcipher3.DatabaseError) as info:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        conn.close()
    mapped = faults.fault_from(info.value, str(path))
    assert isinstance(mapped, DatabaseDamaged) and "encrypted and the key Careplan has does not open it" in str(mapped)
