"""Schema 0005 adds the therapists' own templates: a database at 0004 upgrades with its plans intact
and an empty ``own_templates`` table, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import text

from careplan.core.library import Library
from careplan.paths import AppPaths
from careplan.services import plans
from careplan.services.library import full_library, own_templates
from careplan.services.store import open_store
from careplan.services.templates import save_own_template, template_of_plan
from careplan.services.transfer import import_plan
from careplan.storage.db import make_engine, make_sessionmaker
from careplan.storage.migrate import alembic_config, current_revision, head_revision

from support.db import example_document
from support.old_data import before_assessments


def _store_at_0004_with_a_plan(url: str) -> int:
    from alembic import command

    engine = make_engine(url)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0004")
        with make_sessionmaker(engine).begin() as s, before_assessments():
            doc = json.dumps(example_document()).encode()
            return import_plan(s, doc, Library(version="test"), "plan.json", author="Jo Patel").plan_id
    finally:
        engine.dispose()


def test_upgrade_from_0004_adds_an_empty_template_table(db_url: str, app_paths: AppPaths) -> None:
    plan_id = _store_at_0004_with_a_plan(db_url)
    store = open_store(db_url, app_paths)
    try:
        assert current_revision(store.engine) == head_revision()
        with store.reads.begin() as s:
            assert s.execute(text("SELECT count(*) FROM own_templates")).scalar() == 0
            record = plans.load_plan(s, plan_id)
            assert own_templates(s) == []
        with store.sessions.begin() as s:
            saved = save_own_template(
                s, template_of_plan(record.plan, record.patient, full_library(s, Library("t")), title="Neck")
            )
        with store.reads.begin() as s:
            assert [t.code for t in own_templates(s)] == [saved.code]
    finally:
        store.close()
