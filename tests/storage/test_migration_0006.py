"""Schema 0006 adds assessments and injections: a database at 0005 upgrades with its plans intact and
two empty tables, indexed for the progress view and the reviews-due list; 0006 goes down again to
0005 without touching the rest; rows follow their patient (cascade) and outlive their plan.  On SQLite
and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, delete, func, inspect, select, text

from careplan.core.library import Library
from careplan.paths import AppPaths
from careplan.services import plans
from careplan.services.store import open_store
from careplan.services.transfer import import_plan
from careplan.storage.db import make_engine, make_sessionmaker
from careplan.storage.migrate import alembic_config, current_revision, head_revision
from careplan.storage.models import AssessmentRow, InjectionRow, PatientRow, PlanRow, utcnow

from support.db import example_document
from support.old_data import before_assessments


def _migrate(url: str, target: str, down: bool = False) -> None:
    from alembic import command

    engine = make_engine(url)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, target)
    finally:
        engine.dispose()


def _store_at_0005_with_a_plan(url: str) -> int:
    _migrate(url, "0005")
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as s, before_assessments():
            doc = json.dumps(example_document()).encode()
            return import_plan(s, doc, Library(version="test"), "plan.json", author="Jo Patel").plan_id
    finally:
        engine.dispose()


def _indexes(engine: Engine, table: str) -> dict[str, list[str]]:
    return {i["name"]: list(i["column_names"]) for i in inspect(engine).get_indexes(table)}


def _row(
    model: type[AssessmentRow] | type[InjectionRow], patient_id: int, plan_id: int | None, **values: object
) -> object:
    now = utcnow()
    return model(
        patient_id=patient_id,
        plan_id=plan_id,
        date=dt.date(2026, 11, 2),
        content={"date": "2026-11-02"},
        created_at=now,
        updated_at=now,
        version=1,
        **values,
    )


def test_upgrade_from_0005_adds_empty_indexed_tables_and_downgrade_removes_them(
    db_url: str, app_paths: AppPaths
) -> None:
    plan_id = _store_at_0005_with_a_plan(db_url)
    store = open_store(db_url, app_paths)
    try:
        assert current_revision(store.engine) == head_revision() == "0006"
        with store.reads.begin() as s:
            assert s.execute(text("SELECT count(*) FROM assessments")).scalar() == 0
            assert s.execute(text("SELECT count(*) FROM injections")).scalar() == 0
            assert plans.load_plan(s, plan_id).plan.title == "Postural management and school participation"
        # What the progress view (a patient's rows by date) and the reviews-due list read by index.
        assert _indexes(store.engine, "assessments") == {
            "ix_assessments_patient_id_date": ["patient_id", "date"],
            "ix_assessments_plan_id": ["plan_id"],
            "ix_assessments_hip_review_due": ["hip_review_due"],
        }
        assert _indexes(store.engine, "injections") == {
            "ix_injections_patient_id_date": ["patient_id", "date"],
            "ix_injections_plan_id": ["plan_id"],
            "ix_injections_cycle_review_due": ["cycle_review_due"],
        }
    finally:
        store.close()

    _migrate(db_url, "0005", down=True)
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == "0005"
        tables = set(inspect(engine).get_table_names())
        assert "assessments" not in tables and "injections" not in tables
        with make_sessionmaker(engine).begin() as s:
            assert plans.load_plan(s, plan_id).revision is not None
    finally:
        engine.dispose()
    _migrate(db_url, "0006")  # and up again, over the same data
    store = open_store(db_url, app_paths)
    try:
        assert current_revision(store.engine) == "0006"
    finally:
        store.close()


def test_assessments_and_injections_go_with_their_patient_and_outlive_their_plan(
    db_url: str, app_paths: AppPaths
) -> None:
    store = open_store(db_url, app_paths)
    try:
        with store.sessions.begin() as s:
            doc = json.dumps(example_document()).encode()
            record = import_plan(s, doc, Library(version="test"), "plan.json", author="Jo Patel")
        patient_id, plan_id = record.patient.id, record.plan_id
        assert patient_id is not None and plan_id is not None
        with store.sessions.begin() as s:
            s.add(_row(AssessmentRow, patient_id, plan_id, therapist="Jo Patel", plan_revision=1))
            s.add(_row(InjectionRow, patient_id, plan_id, given_by="Dr A. Rahman"))
        with store.sessions.begin() as s:
            s.execute(delete(PlanRow).where(PlanRow.id == plan_id))
        with store.reads.begin() as s:
            assert s.execute(select(AssessmentRow.plan_id, AssessmentRow.patient_id)).all() == [(None, patient_id)]
            assert s.execute(select(InjectionRow.plan_id)).all() == [(None,)]
        with store.sessions.begin() as s:
            s.execute(delete(PatientRow).where(PatientRow.id == patient_id))
        with store.reads.begin() as s:
            assert s.scalar(select(func.count()).select_from(AssessmentRow)) == 0
            assert s.scalar(select(func.count()).select_from(InjectionRow)) == 0
    finally:
        store.close()
