"""Saving, revisions, conflicts, import and export: on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from careplan.core.enums import Category, GoalDomain
from careplan.core.model import Dosage, Goal, Patient, Plan, PlanRecord
from careplan.planfile import PlanFileError
from careplan.planfile.convert import _clean
from careplan.services import plans
from careplan.services.errors import NotFoundError, PlanConflict, UserError
from careplan.services.store import Store, open_store
from careplan.services.transfer import export_plan, import_plan
from careplan.storage.models import (
    CarerRow,
    OwnGoalRow,
    OwnInterventionRow,
    PatientRow,
    PatientTermRow,
    PatientVersionRow,
    PlanRevisionRow,
    PlanRow,
)

from support.db import doc_bytes
from support.plans import full_document, scales_library

#: No library entries; the shipped scales catalog checks the assessments full_document() carries.
EMPTY = scales_library()
ALL_TABLES = (
    PatientRow,
    CarerRow,
    PatientTermRow,
    PatientVersionRow,
    PlanRow,
    PlanRevisionRow,
    OwnInterventionRow,
    OwnGoalRow,
)


def counts(store: Store) -> dict[str, int]:
    with store.sessions() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0 for t in ALL_TABLES}


def do_import(store: Store, doc: Any, author: str = "Jo Patel") -> PlanRecord:
    with store.sessions.begin() as s:
        return import_plan(s, doc_bytes(doc), EMPTY, "plan.json", author)


def test_import_then_load(store: Store, example_doc: dict[str, Any]) -> None:
    record = do_import(store, example_doc)
    assert record.plan_id is not None and record.revision is not None
    assert record.revision.number == 1
    with store.sessions.begin() as s:
        loaded = plans.load_plan(s, record.plan_id)
    assert loaded.plan == record.plan
    assert loaded.patient.family_name == "Okafor"
    assert loaded.revision and loaded.revision.author == "Jo Patel"


def test_export_import_export_is_the_same_apart_from_ids(store: Store) -> None:
    first = do_import(store, full_document())
    with store.sessions.begin() as s:
        text1 = export_plan(s, first.plan_id, EMPTY)
    second = do_import(store, json.loads(text1))
    with store.sessions.begin() as s:
        text2 = export_plan(s, second.plan_id, EMPTY)
    assert second.plan_id != first.plan_id
    assert text1 == text2
    assert json.loads(text1) == _clean(full_document())


def test_reimport_matches_the_same_patient(store: Store, example_doc: dict[str, Any]) -> None:
    a = do_import(store, example_doc)
    b = do_import(store, example_doc)
    assert a.patient.id == b.patient.id
    assert counts(store)["patients"] == 1 and counts(store)["plans"] == 2


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["plan"]["interventions"][3].update(dosage={"reps": 0}),
        lambda d: d["plan"]["interventions"].append({"catalog_code": "no.such.code"}),
        lambda d: d["plan"].update(review_date="2020-01-01"),
    ],
    ids=["bad dosage late in the list", "unknown code", "review before start"],
)
def test_bad_import_changes_nothing(store: Store, example_doc: dict[str, Any], breakage: Any) -> None:
    do_import(store, full_document())
    before = counts(store)
    breakage(example_doc)
    with pytest.raises(PlanFileError):
        do_import(store, example_doc)
    assert counts(store) == before


def test_each_save_is_a_new_revision_and_old_ones_stay(store: Store, example_doc: dict[str, Any]) -> None:
    record = do_import(store, example_doc)
    first_plan = record.plan
    edited = dataclasses.replace(
        record,
        plan=record.plan.replace(
            title="Second version",
            goals=(*record.plan.goals, Goal(GoalDomain.MOBILITY, "Walk 10 m with the walker")),
        ),
    )
    with store.sessions.begin() as s:
        saved = plans.save_plan(s, edited, author="Sam Reid")
    assert saved.revision and saved.revision.number == 2
    assert saved.version != record.version
    third = dataclasses.replace(saved, plan=saved.plan.replace(summary="Third"))
    with store.sessions.begin() as s:
        plans.save_plan(s, third, author="Jo Patel")
    with store.sessions.begin() as s:
        history = plans.list_revisions(s, record.plan_id)
        assert [(r.number, r.author) for r in history] == [(1, "Jo Patel"), (2, "Sam Reid"), (3, "Jo Patel")]
        assert history[0].saved_at <= history[1].saved_at <= history[2].saved_at
        assert plans.load_revision(s, record.plan_id, 1).plan == first_plan
        assert plans.load_revision(s, record.plan_id, 2).plan == edited.plan
        assert plans.load_plan(s, record.plan_id).plan.summary == "Third"
        contents = s.scalars(select(PlanRevisionRow.content).order_by(PlanRevisionRow.number)).all()
    assert [c["plan"]["title"] for c in contents] == [first_plan.title, "Second version", "Second version"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p.replace(title="Neck \x1b[2Jplan"), "plan.title"),
        (lambda p: p.replace(summary="Turn \u202eleft"), "plan.summary"),
        (lambda p: p.replace(regions=("neck\x00",)), "plan.regions[0]"),
    ],
    ids=["escape-in-title", "bidi-override-in-summary", "nul-in-region"],
)
def test_a_save_is_held_to_the_plan_file_rules(
    store: Store, example_doc: dict[str, Any], change: Any, field: str
) -> None:
    """What the editor saves can always be exported and imported again: text a plan file may
    not hold is refused on save, naming the field, and no revision is added."""
    record = do_import(store, example_doc)
    before = counts(store)
    with pytest.raises(UserError) as caught, store.sessions.begin() as s:
        plans.save_plan(s, dataclasses.replace(record, plan=change(record.plan)), author="Sam Reid")
    assert "The plan was not saved" in str(caught.value)
    assert field in str(caught.value)
    assert counts(store) == before
    with store.sessions() as s:
        assert plans.load_plan(s, record.plan_id).plan == record.plan


def test_restore_makes_a_new_revision(store: Store, example_doc: dict[str, Any]) -> None:
    record = do_import(store, example_doc)
    with store.sessions.begin() as s:
        saved = plans.save_plan(s, dataclasses.replace(record, plan=record.plan.replace(title="Changed")))
    with store.sessions.begin() as s:
        restored = plans.restore_revision(s, record.plan_id, 1, saved.version, author="Jo Patel")
    assert restored.revision and restored.revision.number == 3
    assert restored.plan.title == record.plan.title
    with store.sessions.begin() as s:
        assert len(plans.list_revisions(s, record.plan_id)) == 3


def test_stale_save_is_a_conflict_not_an_overwrite(
    store: Store, example_doc: dict[str, Any], db_url: str, app_paths: Any
) -> None:
    """Two desktops: each opens the plan, the first saves, the second's save is refused."""
    record = do_import(store, example_doc)
    other_desktop = open_store(db_url, app_paths)
    try:
        with store.sessions.begin() as s:
            mine = plans.load_plan(s, record.plan_id)
        with other_desktop.sessions.begin() as s:
            theirs = plans.load_plan(s, record.plan_id)
        with other_desktop.sessions.begin() as s:
            plans.save_plan(s, dataclasses.replace(theirs, plan=theirs.plan.replace(title="Theirs")), "Sam Reid")
        with pytest.raises(PlanConflict) as info, store.sessions.begin() as s:
            plans.save_plan(s, dataclasses.replace(mine, plan=mine.plan.replace(title="Mine")), "Jo Patel")
        assert info.value.saved_by == "Sam Reid"
        assert "another computer" in str(info.value)
        with store.sessions.begin() as s:
            assert plans.load_plan(s, record.plan_id).plan.title == "Theirs"
            assert len(plans.list_revisions(s, record.plan_id)) == 2
        # The therapist can keep their work as a copy.
        with store.sessions.begin() as s:
            copy = plans.save_as_copy(s, dataclasses.replace(mine, plan=mine.plan.replace(title="Mine")), "Jo Patel")
        assert copy.plan_id != record.plan_id and copy.plan.title == "Mine (copy)"
        assert copy.patient.id == record.patient.id
    finally:
        other_desktop.close()


def test_unknown_ids_are_plain_errors(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no plan with id 999"), store.sessions.begin() as s:
        plans.load_plan(s, 999)
    with pytest.raises(NotFoundError), store.sessions.begin() as s:
        plans.load_revision(s, 999, 1)


def test_reviews_due(store: Store) -> None:
    today = dt.date(2027, 1, 10)
    patient = Patient("Ada", "Lovelace", dt.date(2010, 5, 1))
    dates = {"overdue": dt.date(2027, 1, 1), "soon": dt.date(2027, 1, 20), "later": dt.date(2027, 3, 1)}
    with store.sessions.begin() as s:
        for title, review in dates.items():
            plan = Plan(title=title, category=Category.HAND, start_date=dt.date(2026, 11, 1), review_date=review)
            plans.create_plan(s, PlanRecord(plan, patient), match_patient=True)
        plans.create_plan(s, PlanRecord(Plan(title="undated", category=Category.HAND), patient), match_patient=True)
    with store.sessions.begin() as s:
        due = plans.reviews_due(s, today)
        listed = plans.list_patients(s)
    assert [d.title for d in due] == ["overdue", "soon"]
    assert due[0].patient_name == "Ada Lovelace"
    assert len(listed) == 1 and len(listed[0].plans) == 4


def test_dosage_and_order_survive_a_save(store: Store, example_doc: dict[str, Any]) -> None:
    record = do_import(store, example_doc)
    items = list(record.plan.interventions)
    items[0] = dataclasses.replace(items[0], dosage=Dosage(sets=3, reps=12, hold_seconds=5))
    items.reverse()
    with store.sessions.begin() as s:
        plans.save_plan(s, dataclasses.replace(record, plan=record.plan.replace(interventions=tuple(items))))
    with store.sessions.begin() as s:
        loaded = plans.load_plan(s, record.plan_id)
    assert loaded.plan.interventions == tuple(items)
    assert loaded.plan.interventions[-1].dosage == Dosage(sets=3, reps=12, hold_seconds=5)


def test_own_entries_travel_with_the_plan(store: Store) -> None:
    do_import(store, full_document())
    assert counts(store)["own_interventions"] == 1 and counts(store)["own_goals"] == 1
    # Importing again does not duplicate or overwrite the therapist's own entry.
    do_import(store, full_document())
    assert counts(store)["own_interventions"] == 1
