"""careplan.services.fhir: a stored plan with its patient's assessments and injections, read from a real
database (SQLite, and PostgreSQL where CI gives one), as a FHIR bundle; refusals change nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from careplan.catalog import load_library
from careplan.core.model import Therapist
from careplan.export.fhir import FhirOptions
from careplan.export.fhir_checks import FhirExportError, bundle_problems
from careplan.export.fhir_read import read_bundle
from careplan.services.errors import UserError
from careplan.services.fhir import fhir_bundle, record_fhir
from careplan.services.plans import load_plan
from careplan.services.store import Store
from careplan.services.transfer import import_plan
from careplan.storage.models import Base

from support.db import doc_bytes, example_document

NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
VISITS: list[dict[str, Any]] = [
    {"date": "2026-08-03", "therapist": "Jo Patel", "pain": [{"score": 5}], "hips": {"left_percent": 26}},
    {"date": "2026-11-23", "therapist": "Jo Patel", "pain": [{"score": 3}], "findings": "Zebrafinding: tone"},
]
INJECTIONS = [{"date": "2026-09-01", "muscles": "Hamstrings", "given_by": "Dr A. Khan", "dose": "200 units"}]


def stored(store: Store) -> int:
    doc = example_document()
    doc.update(format_version=2, assessments=VISITS, injections=INJECTIONS)
    with store.sessions.begin() as session:
        record = import_plan(session, doc_bytes(doc), load_library(), "plan.json", "Jo Patel")
    assert record.plan_id is not None
    return record.plan_id


def row_counts(store: Store) -> dict[str, int]:
    with store.reads.begin() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


@pytest.mark.parametrize("version", ["R4B", "R5"])
def test_a_stored_plan_with_its_assessments_and_injections(store: Store, version: str) -> None:
    plan_id = stored(store)
    with store.reads.begin() as session:
        data = fhir_bundle(session, plan_id, load_library(), FhirOptions(version, document=True), generated_at=NOW)
    assert bundle_problems(json.loads(data), version) == []
    read = read_bundle(data, version)
    pain = sorted((o.date, o.value) for o in read.observations if o.code[1] == "72514-3")
    assert pain == [(dt.date(2026, 8, 3), 5), (dt.date(2026, 11, 23), 3)]
    assert [(p.date, p.muscles) for p in read.procedures] == [(dt.date(2026, 9, 1), "Hamstrings")]
    assert read.title == "Postural management and school participation"
    assert "Zebrafinding" not in data.decode()


def test_the_open_snapshot_of_a_plan_is_exported_as_it_is(store: Store) -> None:
    """The desktop exports what the editor holds (with unsaved changes) and the stored assessments."""
    plan_id = stored(store)
    with store.reads.begin() as session:
        record = load_plan(session, plan_id)
        edited = dataclasses.replace(record, plan=record.plan.replace(title="Edited, not saved yet"))
        data = record_fhir(session, edited, load_library(), FhirOptions(), generated_at=NOW)
    read = read_bundle(data, "R4B")
    assert read.title == "Edited, not saved yet" and len(read.observations) == 3


def test_a_patient_not_stored_yet_has_no_assessments(store: Store) -> None:
    plan_id = stored(store)
    with store.reads.begin() as session:
        record = load_plan(session, plan_id)
        new = dataclasses.replace(record, plan_id=None, patient=dataclasses.replace(record.patient, id=None))
        data = record_fhir(session, new, load_library(), FhirOptions(), generated_at=NOW)
    assert read_bundle(data, "R4B").observations == ()


def test_refusals_change_nothing(store: Store) -> None:
    plan_id = stored(store)
    before = row_counts(store)
    with store.reads.begin() as session, pytest.raises(UserError, match="There is no plan with id 999"):
        fhir_bundle(session, 999, load_library(), FhirOptions())
    with store.reads.begin() as session:
        record = load_plan(session, plan_id)
        nameless = dataclasses.replace(record, plan=record.plan.replace(therapist=Therapist()))
        with pytest.raises(FhirExportError, match="the plan names no therapist"):
            record_fhir(session, nameless, load_library(), FhirOptions(document=True))
    assert row_counts(store) == before
