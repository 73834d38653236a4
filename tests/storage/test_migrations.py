"""Migrations: upgrading old databases, refusing newer ones, backups first, models == migrations."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from careplan.core.library import Library
from careplan.paths import AppPaths
from careplan.services import plans
from careplan.services.library import own_entries
from careplan.services.store import open_store
from careplan.services.transfer import export_plan, import_plan
from careplan.storage.backup import backups_to_remove, list_backups, thin_backups
from careplan.storage.db import DatabaseError, make_engine, sqlite_url
from careplan.storage.migrate import DatabaseTooNew, current_revision, head_revision, upgrade
from careplan.storage.models import Base

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE_0001 = DATA / "schema-0001.sqlite3"
FIXTURE_0002 = DATA / "schema-0002.sqlite3"


def test_upgrade_from_the_first_schema_keeps_data_and_backs_up_first(app_paths: AppPaths) -> None:
    shutil.copy(FIXTURE_0001, app_paths.database)
    original = FIXTURE_0001.read_bytes()
    store = open_store(sqlite_url(app_paths.database), app_paths)
    try:
        assert current_revision(store.engine) == head_revision()
        with store.sessions.begin() as s:
            record = plans.load_plan(s, 1)
            history = plans.list_revisions(s, 1)
            old = plans.load_revision(s, 1, 1)
        assert record.plan.title == "Writing without cramp"
        assert record.patient.family_name == "Ó Briain"
        assert record.patient.carers[0].name == "Aoife"
        assert record.plan.interventions[0].dosage is not None and record.plan.interventions[0].dosage.reps == 10
        assert record.plan.clinical_notes == "Private note"
        assert history[0].author == "Jo Patel" and history[0].saved_at.tzinfo is not None
        assert old.plan.category.value == "hand"
    finally:
        store.close()
    backups = list_backups(app_paths.backups)
    assert len(backups) == 1
    _, backup = backups[0]
    assert "before-" in backup.name
    with sqlite3.connect(backup) as db:
        assert db.execute("select version_num from alembic_version").fetchone()[0] == "0001"
        assert db.execute("select count(*) from plans").fetchone()[0] == 1
    assert original == FIXTURE_0001.read_bytes()


def test_upgrade_from_schema_0002_keeps_every_plan_and_its_current_state(app_paths: AppPaths) -> None:
    """0002 stored plans as rows beside revisions; 0003 keeps one form: the current revision."""
    shutil.copy(FIXTURE_0002, app_paths.database)
    with sqlite3.connect(FIXTURE_0002) as db:
        photo = db.execute("select photo from interventions where photo is not null").fetchone()[0]
    store = open_store(sqlite_url(app_paths.database), app_paths)
    try:
        with store.sessions.begin() as s:
            full = plans.load_plan(s, 1)
            hand = plans.load_plan(s, 2)
            kept = plans.load_plan(s, 3)
            history = plans.list_revisions(s, 3)
            exported = export_plan(s, 1, Library(version="test"))
            zoe = plans.patient_page(s, "zoe")
            by_identifier = plans.patient_page(s, "943 476 5919")
            versions = plans.patient_history(s, 2)
            own = own_entries(s)
        # The full plan: the latest revision held exactly the rows, so it is the current state.
        assert full.revision is not None and full.revision.number == 2 and full.revision.author == "Sam Lee"
        assert full.plan.summary == "Second revision: walk daily."
        assert full.plan.interventions[0].photo is not None and full.plan.interventions[0].photo.data == photo
        assert full.patient.carers[1].name == "Piotr Wójcik"
        assert hand.revision is not None and hand.revision.number == 1
        # Rows that had moved on without a revision win, kept as a new revision.
        assert kept.plan.summary == "Rows say this"
        assert [r.number for r in history] == [1, 2]
        with store.sessions.begin() as s:
            assert plans.load_revision(s, 3, 1).plan.summary == "Rows changed after the revision"
        assert [p.full_name for p in zoe] == ["Zoë Ó Briain"] == [p.full_name for p in by_identifier]
        assert zoe[0].number_of_plans == 2
        assert [v.version for v in versions] == [1] and versions[0].patient.carers[0].name == "Aoife Ó Briain"
        assert [e.code for e in own[0]] == ["own.neck_glide"]
        # The plan file is unchanged by the move: export -> import -> export gives the same bytes.
        with store.sessions.begin() as s:
            again = import_plan(s, exported.encode(), Library(version="test"), "again.json")
        with store.sessions.begin() as s:
            assert export_plan(s, again.plan_id, Library(version="test")) == exported
    finally:
        store.close()
    with sqlite3.connect(app_paths.database) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    assert not tables & {"goals", "interventions"}
    backups = list_backups(app_paths.backups)
    assert len(backups) == 1 and "before-" in backups[0][1].name


def test_fresh_database_needs_no_backup(app_paths: AppPaths) -> None:
    store = open_store(sqlite_url(app_paths.database), app_paths)
    store.close()
    assert list_backups(app_paths.backups) == []


def test_sqlite_connections_have_foreign_keys_wal_and_full_sync(app_paths: AppPaths) -> None:
    store = open_store(sqlite_url(app_paths.database), app_paths)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        store.close()


def test_newer_database_is_refused_and_left_alone(app_paths: AppPaths) -> None:
    store = open_store(sqlite_url(app_paths.database), app_paths)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    store.close()
    before = app_paths.database.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version of Careplan"):
        open_store(sqlite_url(app_paths.database), app_paths)
    assert app_paths.database.read_bytes() == before


def test_foreign_database_is_refused(app_paths: AppPaths) -> None:
    with sqlite3.connect(app_paths.database) as db:
        db.execute("create table invoices (id integer primary key)")
    with pytest.raises(DatabaseError, match="not a Careplan database"):
        open_store(sqlite_url(app_paths.database), app_paths)


def test_bad_urls_and_folders_are_plain_errors(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="not valid"):
        make_engine("not a url at all")
    with pytest.raises(DatabaseError, match="folder for the database does not exist"):
        make_engine(sqlite_url(tmp_path / "missing" / "db.sqlite3"))


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    finally:
        engine.dispose()


def test_models_and_migrations_agree_on_sqlite(app_paths: AppPaths) -> None:
    assert _diff(sqlite_url(app_paths.database)) == []


@pytest.mark.postgres
def test_models_and_migrations_agree_on_postgres(pg_db: str) -> None:
    assert _diff(pg_db) == []


@pytest.mark.postgres
def test_postgres_upgrade_from_empty_and_again(pg_db: str) -> None:
    engine = create_engine(pg_db)
    try:
        first = upgrade(engine)
        second = upgrade(engine)
    finally:
        engine.dispose()
    assert first.from_revision is None and first.changed
    assert not second.changed


# --- backups ----------------------------------------------------------------------------------------


def test_thinning_keeps_recent_daily_weekly_monthly() -> None:
    now = dt.datetime(2027, 6, 1, 12, tzinfo=dt.UTC)
    stamps = [now - dt.timedelta(hours=h) for h in range(0, 24 * 800, 6)]  # every 6 hours for 800 days
    removed = backups_to_remove(stamps, now)
    kept = sorted(set(stamps) - removed, reverse=True)
    assert len(stamps) == 3200
    assert len(kept) < 60
    assert all(now - k <= dt.timedelta(days=731) for k in kept)
    assert sum(1 for k in kept if now - k <= dt.timedelta(days=1)) == 5
    assert kept[0] == now


def test_thin_backups_deletes_files(tmp_path: Path) -> None:
    now = dt.datetime(2027, 6, 1, 12, tzinfo=dt.UTC)
    for days in range(0, 200):
        stamp = now - dt.timedelta(days=days)
        (tmp_path / f"careplan-{stamp.strftime('%Y%m%d-%H%M%S-%f')}_daily.sqlite3").write_bytes(b"x")
    removed = thin_backups(tmp_path, now)
    left = list_backups(tmp_path)
    assert len(removed) + len(left) == 200
    assert 10 < len(left) < 30


def test_head_constant_is_alembics_head() -> None:
    from careplan.storage.migrate import HEAD

    assert head_revision() == HEAD


@pytest.mark.postgres
def test_postgres_upgrade_from_schema_0002_with_data(pg_db: str, app_paths: AppPaths) -> None:
    """The schema-0002 fixture's rows, put in a PostgreSQL database of schema 0002, come through 0003."""
    from alembic import command

    from careplan.storage.migrate import alembic_config

    engine = create_engine(pg_db)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
        tables = ["patients", "carers", "plans", "goals", "interventions", "plan_revisions", "own_interventions"]
        tables.append("own_goals")
        with sqlite3.connect(FIXTURE_0002) as source, engine.begin() as conn:
            source.row_factory = sqlite3.Row
            for table in tables:
                rows = [dict(r) for r in source.execute(f"SELECT * FROM {table}")]
                if not rows:
                    continue
                columns = ", ".join(rows[0])
                values = ", ".join(f":{c}" for c in rows[0])
                conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), rows)
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
    finally:
        engine.dispose()
    store = open_store(pg_db, app_paths)
    try:
        assert current_revision(store.engine) == head_revision()
        with store.sessions.begin() as s:
            full = plans.load_plan(s, 1)
            kept = plans.load_plan(s, 3)
            assert [r.number for r in plans.list_revisions(s, 3)] == [1, 2]
            zoe = plans.patient_page(s, "zoe")
        assert full.plan.summary == "Second revision: walk daily." and full.revision.number == 2
        assert full.plan.interventions[0].photo is not None
        assert kept.plan.summary == "Rows say this"
        assert [p.full_name for p in zoe] == ["Zoë Ó Briain"]
    finally:
        store.close()


def _store_at_0003_with_a_plan(url: str, app_paths: AppPaths) -> int:
    """A database at schema 0003 (migrated only that far), holding one imported plan."""
    from alembic import command

    from careplan.storage.migrate import alembic_config

    from support.db import example_document
    from support.old_data import before_assessments

    engine = make_engine(url)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0003")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
        from careplan.storage.db import make_sessionmaker

        with make_sessionmaker(engine).begin() as s, before_assessments():
            doc = json.dumps(example_document()).encode()
            return import_plan(s, doc, Library(version="test"), "plan.json", author="Jo Patel").plan_id
    finally:
        engine.dispose()


@pytest.mark.parametrize("where", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_upgrade_from_schema_0003_adds_an_empty_audit_log(where: str, app_paths: AppPaths) -> None:
    from careplan.services.audit import Action, Actor, events_for, record_read

    from support.db import pg_url_or_skip, reset_pg

    if where == "sqlite":
        url = sqlite_url(app_paths.database)
    else:
        url = pg_url_or_skip()
        reset_pg(url)
    plan_id = _store_at_0003_with_a_plan(url, app_paths)
    store = open_store(url, app_paths)
    try:
        assert current_revision(store.engine) == head_revision() == "0006"
        with store.reads.begin() as s:
            assert plans.load_plan(s, plan_id).revision.author == "Jo Patel"
            assert events_for(s) == []
        assert record_read(store.sessions, Actor("Jo Patel"), Action.OPENED, plan_id)
        with store.reads.begin() as s:
            assert [(e.action, e.plan_id, e.revision) for e in events_for(s)] == [("opened", plan_id, 1)]
    finally:
        store.close()
    if where == "sqlite":
        assert len(list_backups(app_paths.backups)) == 1
