"""``storage.light``: a stored plan's rows read with sqlite3 as the ORM hands them back, and an activity
event written as the ORM writes it; everything it cannot be sure of left to the store, unchanged."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from careplan.catalog import load_library
from careplan.paths import AppPaths
from careplan.services.actors import Action, Actor
from careplan.services.audit import record_read
from careplan.services.store import open_store
from careplan.services.transfer import import_plan
from careplan.storage.db import make_engine, sqlite_url
from careplan.storage.light import add_event, prepare_connection, read_plan_rows

from support.db import doc_bytes, example_document

#: How SQLAlchemy stores a moment in SQLite: UTC, no zone, microseconds.
STORED_MOMENT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def one_plan(paths: AppPaths) -> int:
    store = open_store(sqlite_url(paths.database), paths)
    try:
        with store.sessions.begin() as session:
            record = import_plan(session, doc_bytes(example_document()), load_library(), author="Jo Patel")
        assert record_read(store.sessions, Actor("Jo Patel"), Action.EXPORTED, record, "family handout (PDF)")
    finally:
        store.close()
    assert record.plan_id is not None
    return record.plan_id


def files(paths: AppPaths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths.data.iterdir() if p.is_file()}


def test_rows_come_back_as_the_orm_hands_them_back(app_paths: AppPaths) -> None:
    plan_id = one_plan(app_paths)
    before = files(app_paths)
    rows = read_plan_rows(app_paths.database, plan_id)
    assert rows is not None
    assert files(app_paths) == before  # read as an unchanging file: no -wal, no -shm made
    assert isinstance(rows.plan.content, dict) and rows.plan.content["format"] == "careplan-plan"
    assert (rows.plan.number, rows.plan.version, rows.plan.author) == (1, 1, "Jo Patel")
    assert rows.plan.saved_at.tzinfo is dt.UTC
    assert abs(dt.datetime.now(dt.UTC) - rows.plan.saved_at) < dt.timedelta(minutes=5)
    [patient] = rows.patient  # the example plan's patient has one carer
    assert isinstance(patient.date_of_birth, dt.date) and patient.name is not None
    assert read_plan_rows(app_paths.database, plan_id + 1) is None  # no such plan: the store says so


def test_an_event_is_stored_as_the_orm_stores_it(app_paths: AppPaths) -> None:
    plan_id = one_plan(app_paths)
    values: dict[str, Any] = {
        "at": dt.datetime(2026, 11, 30, 21, 15, 7, 120, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        "who": "Jo Patel",
        "role": None,
        "action": "exported",
        "patient_id": 1,
        "plan_id": plan_id,
        "revision": 1,
        "detail": "school handout (PDF)",
        "computer": "clinic-desk-3",
    }
    assert add_event(app_paths.database, values)
    with sqlite3.connect(app_paths.database) as conn:
        (orm_at,), (light_at,) = conn.execute("SELECT at FROM audit_events ORDER BY id").fetchall()
    conn.close()
    assert STORED_MOMENT.fullmatch(orm_at) and light_at == "2026-11-30 20:15:07.000120"  # in UTC, no zone


def test_an_event_that_cannot_be_written_returns_false_and_changes_nothing(app_paths: AppPaths) -> None:
    one_plan(app_paths)
    with sqlite3.connect(app_paths.database) as conn:
        conn.execute("CREATE TRIGGER no_more BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'no'); END")
    conn.close()
    before = files(app_paths)
    values = {"at": dt.datetime.now(dt.UTC), "who": "Jo Patel", "action": "exported"}
    assert add_event(app_paths.database, values) is False
    assert files(app_paths) == before
    assert add_event(app_paths.data / "gone" / "careplan.sqlite3", values) is False


def test_a_connection_that_writes_gets_the_stores_pragmas(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "light.sqlite3")
    prepare_connection(conn, 2.5)
    asked = ("foreign_keys", "busy_timeout", "journal_mode", "synchronous")
    assert [conn.execute(f"PRAGMA {p}").fetchone()[0] for p in asked] == [1, 2500, "wal", 2]  # 2: FULL
    conn.close()
    engine = make_engine(sqlite_url(tmp_path / "store.sqlite3"))
    try:
        with engine.connect() as orm:
            got = [orm.execute(text(f"PRAGMA {p}")).scalar() for p in ("foreign_keys", "journal_mode", "synchronous")]
    finally:
        engine.dispose()
    assert got == [1, "wal", 2]


@pytest.mark.parametrize("leftover", ["-journal", "-wal"])
def test_a_file_in_the_middle_of_a_change_is_left_to_the_store(app_paths: AppPaths, leftover: str) -> None:
    plan_id = one_plan(app_paths)
    Path(f"{app_paths.database}{leftover}").write_bytes(b"")  # a hot journal, or half of the WAL pair
    before = files(app_paths)
    assert read_plan_rows(app_paths.database, plan_id) is None
    assert files(app_paths) == before
