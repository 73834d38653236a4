"""The audit log: one event per change in the change's own transaction, reads on their own, no clinical content."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import PlanRecord
from careplan.services import plans
from careplan.services.audit import (
    Action,
    Actor,
    NameRequired,
    events_for,
    handout_detail,
    record_database_restored,
    record_event,
    record_read,
    recorded,
)
from careplan.services.errors import PlanConflict, UserError
from careplan.services.store import Store
from careplan.services.transfer import import_plan
from careplan.storage.models import AuditEventRow

from support.db import doc_bytes

JO = Actor("Jo Patel", "Neurophysiotherapist", "clinic-pc-3")
SAM = Actor("Sam Lee", None, "clinic-pc-4")
#: Put in every clinical field of the test plan: it must never reach the audit table or the log.
MARKER = "Zqxmarker"


def _rows(store: Store) -> list[AuditEventRow]:
    with store.reads.begin() as s:
        return list(s.scalars(select(AuditEventRow).order_by(AuditEventRow.id)))


def _import(store: Store, doc: dict[str, Any], actor: Actor = JO) -> Any:
    with store.sessions.begin() as s:
        return recorded(s, actor, Action.IMPORTED, import_plan(s, doc_bytes(doc), Library(version="t")), "plan file")


def test_a_change_and_its_event_are_one_transaction(store: Store, example_doc: dict[str, Any]) -> None:
    record = _import(store, example_doc)
    (row,) = _rows(store)
    assert (row.who, row.role, row.action, row.plan_id, row.patient_id, row.revision, row.detail, row.computer) == (
        "Jo Patel",
        "Neurophysiotherapist",
        "imported",
        record.plan_id,
        record.patient.id,
        1,
        "plan file",
        "clinic-pc-3",
    )
    assert row.at.tzinfo is not None
    # A save refused (stale version) writes neither the revision nor its event.
    stale = PlanRecord(record.plan.replace(title="Other"), record.patient, record.plan_id, record.version)
    with store.sessions.begin() as s:
        recorded(s, SAM, Action.SAVED, plans.save_plan(s, stale, SAM.name))
    with pytest.raises(PlanConflict), store.sessions.begin() as s:
        recorded(s, SAM, Action.SAVED, plans.save_plan(s, stale, SAM.name))
    assert [r.action for r in _rows(store)] == ["imported", "saved"]
    # A change that fails after its event was added takes the event with it.
    with pytest.raises(RuntimeError), store.sessions.begin() as s:
        record_event(s, SAM, Action.SAVED, plan_id=record.plan_id)
        raise RuntimeError("the change failed")
    assert len(_rows(store)) == 2


def test_events_for_a_plan_a_patient_or_all_newest_first(store: Store, example_doc: dict[str, Any]) -> None:
    first = _import(store, example_doc)
    example_doc["patient"]["given_name"] = "Other"
    second = _import(store, example_doc, SAM)
    assert record_read(store.sessions, SAM, Action.PRINTED, first, handout_detail([(Audience.FAMILY, True)]))
    assert record_read(store.sessions, JO, Action.EXPORTED, second.plan_id, "plan file")
    with store.reads.begin() as s:
        everything = events_for(s)
        of_first = events_for(s, plan_id=first.plan_id)
        of_patient = events_for(s, patient_id=second.patient.id)
        newest = events_for(s, limit=1)
    assert [e.action for e in everything] == ["exported", "printed", "imported", "imported"]
    assert [(e.action, e.who, e.detail) for e in of_first] == [
        ("printed", "Sam Lee", "family (large print) handout"),
        ("imported", "Jo Patel", "plan file"),
    ]
    # An id alone finds the plan's patient and current revision.
    assert [(e.action, e.plan_id, e.revision) for e in of_patient] == [
        ("exported", second.plan_id, 1),
        ("imported", second.plan_id, 1),
    ]
    assert newest == everything[:1]
    assert everything[0].as_json()["at"].endswith("+00:00")


def test_patient_changes_and_database_restores_are_recorded(store: Store, example_doc: dict[str, Any]) -> None:
    record = _import(store, example_doc)
    with store.sessions.begin() as s:
        patient, version = plans.load_patient_version(s, record.patient.id)
        changed = dataclasses.replace(patient, identifier="123")
        recorded(s, SAM, Action.SAVED, plans.save_patient_version(s, changed, version, SAM.name), "patient details")
        record_database_restored(s, JO)
    rows = _rows(store)
    assert [(r.action, r.plan_id, r.patient_id, r.detail) for r in rows[1:]] == [
        ("saved", None, record.patient.id, "patient details"),
        ("restored", None, None, "database restored from a backup"),
    ]
    with pytest.raises(TypeError), store.sessions.begin() as s:
        recorded(s, JO, Action.SAVED, "not a record")


def test_a_read_that_cannot_be_recorded_is_reported_not_raised(
    store: Store, example_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    record = _import(store, example_doc)

    def broken(*_a: Any, **_k: Any) -> None:
        raise OperationalError("INSERT INTO audit_events", {}, Exception(f"disk I/O error {MARKER}"))

    monkeypatch.setattr("careplan.services.audit.record_event", broken)
    with caplog.at_level(logging.WARNING):
        assert not record_read(store.sessions, JO, Action.OPENED, record)
    assert "could not record opened of plan" in caplog.text and "OperationalError" in caplog.text
    assert MARKER not in caplog.text
    assert len(_rows(store)) == 1


@pytest.mark.parametrize(
    ("name", "role", "message"),
    [
        ("", None, "no therapist name is set"),
        ("   ", "Physio", "no therapist name is set"),
        (None, None, "no therapist name is set"),
        ("Jo\x1b[31mPatel", None, "control character"),
        ("Jo Patel", "Physio\u202e", "control character"),
        ("J" * 201, None, "too long"),
    ],
)
def test_a_name_is_required_and_must_be_plain(name: str | None, role: str | None, message: str) -> None:
    with pytest.raises(UserError, match=message):
        Actor.named(name, role, what="saves plans")


def test_the_name_is_trimmed_and_the_message_says_how_to_set_it() -> None:
    actor = Actor.named("  Jo Patel ", " ")
    assert (actor.name, actor.role) == ("Jo Patel", None) and actor.computer
    with pytest.raises(NameRequired) as refused:
        Actor.named("", what="prints handouts")
    assert "records who prints handouts" in str(refused.value) and "--as" in str(refused.value)


def test_no_clinical_content_in_the_audit_table(store: Store, example_doc: dict[str, Any]) -> None:
    doc = example_doc
    doc["patient"]["given_name"] = f"{MARKER}given"
    doc["patient"]["family_name"] = f"{MARKER}family"
    doc["plan"]["title"] = f"{MARKER} title"
    doc["plan"]["clinical_notes"] = f"{MARKER} notes"
    record = _import(store, doc)
    assert record_read(store.sessions, JO, Action.EXPORTED, record, handout_detail([(Audience.SCHOOL, False)]))
    with store.reads.begin() as s:
        dump = s.execute(text("SELECT * FROM audit_events")).all()
    assert len(dump) == 2
    assert MARKER not in repr(dump)


def test_the_database_role_is_recorded(store: Store, example_doc: dict[str, Any]) -> None:
    _import(store, example_doc)
    (row,) = _rows(store)
    if store.engine.dialect.name == "postgresql":
        with store.reads.begin() as s:
            assert row.db_role == s.execute(text("SELECT current_user")).scalar() == "careplan"
    else:
        assert row.db_role is None
