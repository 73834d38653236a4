"""``careplan.storage.quick_read``: the first page of the patient list read with sqlite3 alone equals the
store's, and every file it cannot be sure of is left to the store, unchanged."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from careplan.core.enums import Category
from careplan.core.model import Patient, Plan, PlanRecord
from careplan.paths import AppPaths
from careplan.services.plans import PAGE_SIZE, count_patients, create_plan, patient_page
from careplan.services.store import open_store
from careplan.storage import migrate
from careplan.storage.db import sqlite_url
from careplan.storage.quick_read import newest_schema, plain_sqlite_file, read_first_page

from support.patients import build_patients


@pytest.fixture
def paths(app_paths: AppPaths) -> AppPaths:
    return app_paths


def stores_first_page(url: str, paths: AppPaths) -> tuple[list[Any], int]:
    store = open_store(url, paths)
    try:
        with store.reads.begin() as session:
            return patient_page(session, "", limit=PAGE_SIZE), count_patients(session, "")
    finally:
        store.close()


def test_the_light_first_page_is_the_stores_first_page(paths: AppPaths) -> None:
    build_patients(paths.database, 450)
    before = paths.database.read_bytes()
    files = sorted(paths.data.iterdir())
    first = read_first_page(paths.database, PAGE_SIZE)
    assert first is not None
    assert paths.database.read_bytes() == before and sorted(paths.data.iterdir()) == files  # nothing changed
    page, total = stores_first_page(sqlite_url(paths.database), paths)
    # Same rows, same order (name_key, id), same columns (every field of the summary, plans and reviews too).
    assert first.patients == page
    assert (first.total, len(first.patients)) == (total, PAGE_SIZE) == (450, 200)
    assert any(not p.family_name.isascii() for p in first.patients)
    assert any(p.plan_count and p.next_review for p in first.patients)


def test_an_empty_database_has_an_empty_first_page(paths: AppPaths) -> None:
    open_store(sqlite_url(paths.database), paths).close()
    first = read_first_page(paths.database, PAGE_SIZE)
    assert first is not None and (first.patients, first.total) == ([], 0)
    assert stores_first_page(sqlite_url(paths.database), paths) == ([], 0)


def test_the_newest_schema_is_the_migrations_head() -> None:
    assert newest_schema() == migrate.HEAD == migrate.head_revision()


def test_only_a_plain_sqlite_address_names_a_file(tmp_path: Path) -> None:
    path = tmp_path / "careplan.sqlite3"
    assert plain_sqlite_file(sqlite_url(path)) == path
    assert plain_sqlite_file(f"sqlite:///{path}") == path
    for other in (
        "postgresql+psycopg://jo@server/careplan",
        f"sqlite+pysqlcipher://:key@/{path}",
        f"sqlite:///{path}?timeout=5",
        "sqlite:///:memory:",
        "sqlite://",
    ):
        assert plain_sqlite_file(other) is None, other


@pytest.mark.parametrize("kind", ["damaged", "newer", "not careplan", "missing"])
def test_files_the_light_read_cannot_be_sure_of_are_left_to_the_store(paths: AppPaths, kind: str) -> None:
    path = paths.data / "other.sqlite3"
    if kind == "damaged":
        path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    elif kind == "newer":
        with sqlite3.connect(path) as conn:
            conn.execute("create table alembic_version (version_num varchar(32) primary key)")
            conn.execute("insert into alembic_version values ('9999_from_the_future')")
        conn.close()
    elif kind == "not careplan":
        with sqlite3.connect(path) as conn:
            conn.execute("create table something_else (x)")
        conn.close()
    before = path.read_bytes() if path.exists() else None
    files = sorted(paths.data.iterdir())
    assert read_first_page(path, PAGE_SIZE) is None
    assert (path.read_bytes() if path.exists() else None) == before  # never created or changed
    assert sorted(paths.data.iterdir()) == files  # no -wal or -shm file made beside it either


def test_a_database_another_program_locked_is_left_to_the_store(paths: AppPaths) -> None:
    build_patients(paths.database, 5)
    holder = sqlite3.connect(paths.database, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE patients SET identifier = identifier")
        assert read_first_page(paths.database, PAGE_SIZE) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert read_first_page(paths.database, PAGE_SIZE) is not None


def test_while_another_desktop_has_the_database_open_the_light_read_sees_its_last_save(paths: AppPaths) -> None:
    """Another desktop's save sits in the WAL file until a checkpoint: the light read reads through it."""
    build_patients(paths.database, 5)
    store = open_store(sqlite_url(paths.database), paths)
    try:
        plan = Plan(title="Neck posture", category=Category.CERVICAL, review_date=dt.date(2027, 1, 5))
        with store.sessions.begin() as session:  # the engine stays open: the -wal and -shm files are there
            create_plan(session, PlanRecord(plan, Patient("Aaron", "Aaberg", dt.date(2015, 1, 2))), "Jo Patel")
        assert Path(f"{paths.database}-wal").exists()
        first = read_first_page(paths.database, PAGE_SIZE)
        assert first is not None and first.total == 6
        with store.reads.begin() as session:
            assert first.patients == patient_page(session, "", limit=PAGE_SIZE)
        assert first.patients[0].family_name == "Aaberg" and first.patients[0].next_review == dt.date(2027, 1, 5)
    finally:
        store.close()
