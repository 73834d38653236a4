"""``services.quick_handout`` and ``storage.light``: a handout made without SQLAlchemy is the store's handout.

The light read must hand back exactly what the ORM read does (the same plan record, the same library with
the therapist's own entries and templates), the handout made from it must be the same pages, its activity
event the same row, and every file it cannot be sure of must be left to the store, unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from careplan.catalog import load_library
from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import ClinicDetails
from careplan.paths import AppPaths
from careplan.services.actors import Action, Actor
from careplan.services.audit import events_for, record_read
from careplan.services.handouts import HandoutOptions, make_handout
from careplan.services.library import full_library
from careplan.services.plans import load_plan, save_plan
from careplan.services.quick_handout import quick_handout, record_quick_read, stored_plan
from careplan.services.store import Store, open_store
from careplan.services.transfer import import_plan
from careplan.storage.db import sqlite_url
from careplan.storage.light import PlanRows, read_plan_rows

from support.db import doc_bytes
from support.plans import sample_documents

CLINIC = ClinicDetails(name="Riverside Neurophysiotherapy", phone="0161 496 0000")
JO = Actor("Jo Patel", "Neurophysiotherapist", "clinic-desk-3")


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library()


@pytest.fixture
def store(app_paths: AppPaths) -> Iterator[Store]:
    opened = open_store(sqlite_url(app_paths.database), app_paths)
    yield opened
    opened.close()


def stored(store: Store, doc: dict[str, Any], library: Library | None = None) -> int:
    library = library or load_library()
    with store.sessions.begin() as session:
        record = import_plan(session, doc_bytes(doc), library, author="Jo Patel")
    assert record.plan_id is not None
    return record.plan_id


def light(path: Path, plan_id: int) -> PlanRows:
    rows = read_plan_rows(path, plan_id)
    assert rows is not None
    return rows


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("name", sorted(sample_documents()))
def test_the_light_read_is_the_stores_read(store: Store, app_paths: AppPaths, shipped: Library, name: str) -> None:
    plan_id = stored(store, sample_documents()[name])
    record, library = stored_plan(light(app_paths.database, plan_id), plan_id, shipped)
    with store.reads.begin() as session:
        assert record == load_plan(session, plan_id)
        assert library == full_library(session, shipped)
    if name == "every field":  # the own entries, goals and templates the file carried are all there
        own = "own."
        assert any(e.code.startswith(own) for e in library.interventions)
        assert any(g.code.startswith(own) for g in library.goals)
        assert any(t.code.startswith(own) for t in library.templates)
        assert len(record.patient.carers) == 2 and record.patient.school is not None


def test_the_light_read_follows_the_current_revision(store: Store, app_paths: AppPaths, shipped: Library) -> None:
    plan_id = stored(store, sample_documents()["neck-adult"])
    with store.sessions.begin() as session:
        first = load_plan(session, plan_id)
        changed = dataclasses.replace(first, plan=dataclasses.replace(first.plan, title="Neck plan, second look"))
        save_plan(session, changed, "Sam Lee", note="after review")
    record, _ = stored_plan(light(app_paths.database, plan_id), plan_id, shipped)
    assert record.plan.title == "Neck plan, second look"
    assert record.revision is not None and (record.revision.number, record.revision.author) == (2, "Sam Lee")
    assert record.revision.saved_at.tzinfo is not None
    with store.reads.begin() as session:
        assert record == load_plan(session, plan_id)


@pytest.mark.parametrize(("name", "audience"), [("neck-adult", Audience.WORK), ("child-gmfcs-4", Audience.SCHOOL)])
def test_the_light_handout_is_the_stores_handout(
    store: Store, app_paths: AppPaths, shipped: Library, name: str, audience: Audience
) -> None:
    plan_id = stored(store, sample_documents()[name])
    before = app_paths.database.read_bytes()
    for large_print in (False, True):
        made = quick_handout(
            app_paths.database, plan_id, audience, shipped, CLINIC, HandoutOptions(large_print=large_print)
        )
        assert made is not None and made.record.plan_id == plan_id
        with store.reads.begin() as session:
            theirs = make_handout(session, plan_id, audience, shipped, CLINIC, HandoutOptions(large_print=large_print))
        ours = texts(made.pdf)
        assert ours == texts(theirs) and len(ours) >= 2
        family = quick_handout(
            app_paths.database, plan_id, Audience.FAMILY, shipped, CLINIC, HandoutOptions(large_print=large_print)
        )
        with store.reads.begin() as session:
            their_family = make_handout(
                session, plan_id, Audience.FAMILY, shipped, CLINIC, HandoutOptions(large_print=large_print)
            )
        assert family is not None and texts(family.pdf) == texts(their_family)
    assert app_paths.database.read_bytes() == before  # reading changed nothing


def test_the_light_handouts_event_is_the_stores_event(store: Store, app_paths: AppPaths, shipped: Library) -> None:
    plan_id = stored(store, sample_documents()["neck-adult"])
    made = quick_handout(app_paths.database, plan_id, Audience.FAMILY, shipped, CLINIC)
    assert made is not None
    assert record_read(store.sessions, JO, Action.EXPORTED, plan_id, "family handout (PDF)")
    started = dt.datetime.now(dt.UTC)
    assert record_quick_read(made, JO, "family handout (PDF)")
    with store.reads.begin() as session:
        light_event, store_event = events_for(session, plan_id=plan_id, limit=2)
    assert started <= light_event.at <= dt.datetime.now(dt.UTC)  # read back as the same moment, in UTC
    assert light_event.id > store_event.id
    same = ("who", "role", "action", "patient_id", "plan_id", "revision", "detail", "computer", "db_role")
    assert {f: getattr(light_event, f) for f in same} == {f: getattr(store_event, f) for f in same}
    assert (light_event.action, light_event.revision, light_event.computer) == ("exported", 1, "clinic-desk-3")


def _older_schema(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()


def _damaged_plan(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("""UPDATE plan_revisions SET content = '{"format": "careplan-plan", "format_version": 9}'""")
    conn.close()


def _hot_journal(path: Path) -> None:
    Path(f"{path}-journal").write_bytes(b"")


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"not a database at all" * 10)


@pytest.mark.parametrize("change", [None, _older_schema, _damaged_plan, _hot_journal, _not_sqlite])
@pytest.mark.parametrize("case", ["as is", "no such plan", "clinician", "no file"])
def test_what_the_light_read_cannot_be_sure_of_is_left_to_the_store(
    store: Store, app_paths: AppPaths, shipped: Library, change: Any, case: str
) -> None:
    plan_id = stored(store, sample_documents()["neck-adult"])
    store.close()
    if change is not None:
        change(app_paths.database)
    before = {p.name: p.read_bytes() for p in app_paths.data.iterdir() if p.is_file()}
    path = None if case == "no file" else app_paths.database
    audience = Audience.CLINICIAN if case == "clinician" else Audience.FAMILY
    wanted = plan_id + 1 if case == "no such plan" else plan_id
    made = quick_handout(path, wanted, audience, shipped, CLINIC)
    assert (made is not None) == (change is None and case == "as is")
    assert {p.name: p.read_bytes() for p in app_paths.data.iterdir() if p.is_file()} == before
