"""A SQLite write waits for another program's write (BEGIN IMMEDIATE + busy timeout; that it waits is
shown by tests/storage/test_concurrent_saves.py), and when that takes too long it says so in plain
words instead of "database is locked"."""

from __future__ import annotations

import sqlite3

import pytest

from careplan.paths import AppPaths
from careplan.services.store import open_store
from careplan.storage.db import SQLITE_BUSY_TIMEOUT_S, DatabaseBusy, make_engine, make_sessionmaker, sqlite_url


def test_the_busy_timeout_is_at_least_five_seconds(app_paths: AppPaths) -> None:
    store = open_store(sqlite_url(app_paths.database), app_paths)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        store.close()
    assert SQLITE_BUSY_TIMEOUT_S >= 5


def test_a_write_that_waits_too_long_says_another_desktop_is_saving(app_paths: AppPaths) -> None:
    open_store(sqlite_url(app_paths.database), app_paths).close()
    other = sqlite3.connect(app_paths.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    engine = make_engine(sqlite_url(app_paths.database), sqlite_busy_timeout_s=0.2)
    try:
        with (
            pytest.raises(DatabaseBusy, match="Another desktop is saving") as info,
            make_sessionmaker(engine).begin() as s,
        ):
            s.connection()
        assert "locked" not in str(info.value) and "try again" in str(info.value).lower()
        # Reading is never held up by a writer.
        with make_sessionmaker(engine, readonly=True).begin() as s:
            assert s.connection().exec_driver_sql("SELECT count(*) FROM plans").scalar() == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
        engine.dispose()
