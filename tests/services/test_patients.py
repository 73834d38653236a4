"""A patient's details are never reverted from a stale copy: versions, history and conflicts,
on a real SQLite file and a real PostgreSQL server, each "desktop" with its own engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from careplan.core.enums import Category
from careplan.core.library import Library
from careplan.core.model import Carer, Patient, Plan, PlanRecord
from careplan.paths import AppPaths
from careplan.services import plans
from careplan.services.errors import PatientConflict
from careplan.services.store import Store, open_store
from careplan.services.stored import plan_from_content
from careplan.services.transfer import import_plan
from careplan.storage.models import PlanRevisionRow

from support.db import doc_bytes

EMPTY = Library(version="test")


@pytest.fixture
def other(db_url: str, app_paths: AppPaths, store: Store) -> Iterator[Store]:
    """A second desktop on the same database (its own engine and connections)."""
    opened = open_store(db_url, app_paths)
    yield opened
    opened.close()


def two_plans(store: Store, example_doc: dict[str, Any]) -> tuple[PlanRecord, PlanRecord]:
    with store.sessions.begin() as s:
        one = import_plan(s, doc_bytes(example_doc), EMPTY, "plan.json", "Jo Patel")
    with store.sessions.begin() as s:
        two = plans.create_plan(s, PlanRecord(Plan("Second plan", Category.GENERALISED), one.patient), "Jo Patel")
    return one, two


def changed_details(patient: Patient) -> Patient:
    carers = (dataclasses.replace(patient.carers[0], phone="07700 900999"), *patient.carers[1:])
    return dataclasses.replace(patient, identifier="NEW-ID-42", carers=carers)


def latest_content(store: Store, plan_id: int) -> dict[str, Any]:
    with store.reads.begin() as s:
        return s.scalars(
            select(PlanRevisionRow.content)
            .where(PlanRevisionRow.plan_id == plan_id)
            .order_by(PlanRevisionRow.number.desc())
        ).first()


def test_edit_patient_elsewhere_then_a_plan_save_keeps_the_new_details(
    store: Store, other: Store, example_doc: dict[str, Any]
) -> None:
    """Lost update 1: A opens plan 1; B changes the carer's phone and the identifier through Edit patient;
    A saves plan 1 changing only the summary.  The patient keeps B's details."""
    one, _ = two_plans(store, example_doc)
    with store.reads.begin() as s:
        opened_on_a = plans.load_plan(s, one.plan_id)
    with other.sessions.begin() as s:
        patient_b, version_b = plans.load_patient_version(s, one.patient.id)
        plans.save_patient(s, changed_details(patient_b), version_b, author="Sam Reid")
    with store.sessions.begin() as s:
        saved = plans.save_plan(
            s, dataclasses.replace(opened_on_a, plan=opened_on_a.plan.replace(summary="Only the summary")), "Jo Patel"
        )
    with store.reads.begin() as s:
        now, version = plans.load_patient_version(s, one.patient.id)
        history = plans.patient_history(s, one.patient.id)
    assert now.identifier == "NEW-ID-42" and now.carers[0].phone == "07700 900999"
    assert saved.patient == now  # the editor adopts the current details
    assert latest_content(store, one.plan_id)["patient"]["identifier"] == "NEW-ID-42"
    # Every version of the details is kept, with who changed them.
    assert [(h.version, h.author) for h in history] == [(1, "Jo Patel"), (2, "Sam Reid")]
    assert history[0].patient.identifier == one.patient.identifier
    assert version == 2


def test_plan_save_elsewhere_with_new_details_then_a_stale_plan_save_keeps_them(
    store: Store, other: Store, example_doc: dict[str, Any]
) -> None:
    """Lost update 2: B changes the details by saving plan 2 of the same patient; A then saves plan 1."""
    one, two = two_plans(store, example_doc)
    with store.reads.begin() as s:
        opened_on_a = plans.load_plan(s, one.plan_id)
    with other.sessions.begin() as s:
        record_b = plans.load_plan(s, two.plan_id)
        _, version_b = plans.load_patient_version(s, one.patient.id)
        plans.save_plan(
            s,
            dataclasses.replace(record_b, patient=changed_details(record_b.patient)),
            "Sam Reid",
            patient_version=version_b,
        )
    # A's plan save, even one that says which patient version it opened, cannot revert them.
    with store.sessions.begin() as s:
        plans.save_plan(
            s,
            dataclasses.replace(opened_on_a, plan=opened_on_a.plan.replace(summary="Only the summary")),
            "Jo Patel",
            patient_version=1,
        )
    with store.reads.begin() as s:
        now = plans.load_patient(s, one.patient.id)
        assert plans.load_plan(s, one.plan_id).plan.summary == "Only the summary"
    assert now.identifier == "NEW-ID-42" and now.carers[0].phone == "07700 900999"
    assert latest_content(store, one.plan_id)["patient"]["identifier"] == "NEW-ID-42"


def test_a_plan_save_that_changed_a_stale_patient_is_a_conflict(
    store: Store, other: Store, example_doc: dict[str, Any]
) -> None:
    one, _ = two_plans(store, example_doc)
    with store.reads.begin() as s:
        opened_on_a = plans.load_plan(s, one.plan_id)
    with other.sessions.begin() as s:
        patient_b, version_b = plans.load_patient_version(s, one.patient.id)
        plans.save_patient(s, changed_details(patient_b), version_b, "Sam Reid")
    mine = dataclasses.replace(opened_on_a.patient, school=None, given_name="Amy")
    with pytest.raises(PatientConflict) as info, store.sessions.begin() as s:
        plans.save_plan(s, dataclasses.replace(opened_on_a, patient=mine), "Jo Patel", patient_version=1)
    assert info.value.theirs.identifier == "NEW-ID-42" and info.value.mine.given_name == "Amy"
    with store.reads.begin() as s:
        assert plans.load_patient(s, one.patient.id).given_name == opened_on_a.patient.given_name
        assert len(plans.list_revisions(s, one.plan_id)) == 1  # nothing was written


def test_two_desktops_editing_one_patient(store: Store, other: Store, example_doc: dict[str, Any]) -> None:
    """Both open Edit patient; B saves first; A's save is refused with both versions, and A may then
    keep theirs knowingly (the history keeps B's)."""
    one, _ = two_plans(store, example_doc)
    with store.reads.begin() as s:
        on_a, version_a = plans.load_patient_version(s, one.patient.id)
    with other.reads.begin() as s:
        on_b, version_b = plans.load_patient_version(s, one.patient.id)
    with other.sessions.begin() as s:
        plans.save_patient(s, dataclasses.replace(on_b, identifier="B-1"), version_b, "Sam Reid")
    mine = dataclasses.replace(on_a, carers=(*on_a.carers, Carer("Grandad Joe", "grandfather")))
    with pytest.raises(PatientConflict) as info, store.sessions.begin() as s:
        plans.save_patient(s, mine, version_a, "Jo Patel")
    conflict = info.value
    assert conflict.mine == mine
    assert conflict.theirs.identifier == "B-1" and conflict.saved_by == "Sam Reid"
    assert "changed on another computer by Sam Reid" in str(conflict)
    with store.reads.begin() as s:
        assert plans.load_patient(s, one.patient.id).identifier == "B-1"
    # "Keep mine" after seeing the difference: saved over the version now shown.
    with store.sessions.begin() as s:
        kept = plans.save_patient(s, mine, conflict.current_version, "Jo Patel")
    assert kept.carers[-1].name == "Grandad Joe"
    with store.reads.begin() as s:
        history = plans.patient_history(s, one.patient.id)
    assert [h.patient.identifier for h in history] == [one.patient.identifier, "B-1", one.patient.identifier]


def test_unchanged_details_write_nothing(store: Store, example_doc: dict[str, Any]) -> None:
    one, _ = two_plans(store, example_doc)
    with store.sessions.begin() as s:
        patient, version = plans.load_patient_version(s, one.patient.id)
        plans.save_patient(s, patient, version)
        plans.save_patient(s, patient)
    with store.reads.begin() as s:
        assert plans.load_patient_version(s, one.patient.id)[1] == version
        assert len(plans.patient_history(s, one.patient.id)) == 1


def test_a_save_is_one_update_and_one_insert(store: Store, example_doc: dict[str, Any]) -> None:
    """Only what is queried sits on the plan row; a save rewrites no item, goal, carer or photo."""
    one, _ = two_plans(store, example_doc)
    with store.reads.begin() as s:
        record = plans.load_plan(s, one.plan_id)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(
            statement.split()[0].upper() + " " + statement.split()[2 if statement.startswith("INSERT") else 1]
        )

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        with store.sessions.begin() as s:
            saved = plans.save_plan(s, dataclasses.replace(record, plan=record.plan.replace(title="Only the title")))
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    writes = [x for x in statements if not x.startswith(("SELECT", "BEGIN"))]
    assert writes == ["UPDATE plans", "INSERT plan_revisions"], statements
    assert len(statements) <= 6
    assert saved.revision is not None and saved.revision.number == 2
    with store.reads.begin() as s:
        assert plans.load_plan(s, one.plan_id).plan == saved.plan


def test_the_current_state_is_the_latest_revision(store: Store, example_doc: dict[str, Any]) -> None:
    one, _ = two_plans(store, example_doc)
    with store.reads.begin() as s:
        record = plans.load_plan(s, one.plan_id)
    with store.sessions.begin() as s:
        plans.save_plan(s, dataclasses.replace(record, plan=record.plan.replace(summary="Two")))
    content = latest_content(store, one.plan_id)
    with store.reads.begin() as s:
        assert plan_from_content(content) == plans.load_plan(s, one.plan_id).plan


# --- the patient list: pages, search, counts ----------------------------------------------------------


def add_patients(store: Store, names: list[tuple[str, str, str | None]]) -> None:
    with store.sessions.begin() as s:
        for i, (given, family, identifier) in enumerate(names):
            patient = Patient(given, family, dt.date(2010, 1, 1) + dt.timedelta(days=i), identifier)
            plans.create_plan(
                s,
                PlanRecord(
                    Plan(f"Plan of {given}", Category.HAND, review_date=dt.date(2027, 1, 1) + dt.timedelta(i)), patient
                ),
            )


def test_list_sorts_by_folded_name_and_pages_by_key(store: Store) -> None:
    add_patients(
        store,
        [
            ("Zoë", "Ó Briain", None),
            ("amy", "obrien", None),
            ("Łukasz", "Nguyễn", "943 476 5919"),
            ("Bea", "Adams", "X1"),
        ],
    )
    with store.reads.begin() as s:
        first = plans.patient_page(s, limit=2)
        rest = plans.patient_page(s, after=(first[-1].name_key, first[-1].id), limit=2)
        everyone = plans.patient_page(s)
        assert plans.count_patients(s) == 4
    assert [p.family_name for p in everyone] == ["Adams", "Nguyễn", "Ó Briain", "obrien"]
    assert first + rest == everyone
    assert everyone[0].number_of_plans == 1 and everyone[0].soonest_review == dt.date(2027, 1, 4)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zoe", ["Zoë Ó Briain"]),
        ("ZOË", ["Zoë Ó Briain"]),
        ("o bri", ["Zoë Ó Briain"]),
        ("obri", ["Zoë Ó Briain", "amy obrien"]),
        ("nguy", ["Łukasz Nguyễn"]),
        ("lukasz", ["Łukasz Nguyễn"]),
        ("943 476 5919", ["Łukasz Nguyễn"]),
        ("9434765919", ["Łukasz Nguyễn"]),
        ("2010-01-01", ["Zoë Ó Briain"]),
        ("02/01/2010", ["amy obrien"]),
        ("amy 02/01/2010", ["amy obrien"]),
        ("nobody", []),
    ],
)
def test_search_in_sql(store: Store, typed: str, expected: list[str]) -> None:
    add_patients(store, [("Zoë", "Ó Briain", None), ("amy", "obrien", None), ("Łukasz", "Nguyễn", "943 476 5919")])
    with store.reads.begin() as s:
        found = plans.patient_page(s, typed, limit=10)
        assert plans.count_patients(s, typed) == len(expected)
    assert sorted(p.full_name for p in found) == sorted(expected)


def test_reviews_due_has_a_limit_and_a_separate_count(store: Store) -> None:
    add_patients(store, [(f"P{i}", f"Family{i}", None) for i in range(6)])
    today = dt.date(2027, 1, 3)
    with store.reads.begin() as s:
        due = plans.reviews_due(s, today, limit=3)
        total, overdue = plans.count_reviews_due(s, today)
        assert plans.count_reviews_due(s, today, cap=3) == (4, 2)  # counting stops after cap + 1
    assert [d.review_date for d in due] == [dt.date(2027, 1, 1), dt.date(2027, 1, 2), dt.date(2027, 1, 3)]
    assert (total, overdue) == (6, 2)


def test_one_patients_row_after_a_save(store: Store, example_doc: dict[str, Any]) -> None:
    one, two = two_plans(store, example_doc)
    with store.reads.begin() as s:
        row = plans.patient_summary(s, one.patient.id)
    assert [p.plan_id for p in row.plans] == [one.plan_id, two.plan_id] and row.number_of_plans == 2
