"""Assessments and injections: recorded, changed, deleted and listed on a real SQLite file and a real
PostgreSQL server; a stale change is a conflict that writes nothing; every change is in the audit log
without names or notes; plan files carry them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from careplan.catalog.loader import load_library
from careplan.core.assessments import (
    Assessment,
    Classification,
    ClassificationLevel,
    GoalRating,
    HipMigration,
    Injection,
    PainRating,
    ScaleScore,
)
from careplan.core.library import Library
from careplan.core.model import PlanRecord
from careplan.planfile import PlanFileError
from careplan.services import assessments as svc
from careplan.services.audit import Actor, events_for
from careplan.services.errors import NotFoundError, RecordConflict, UserError
from careplan.services.plans import load_patient_version, save_patient, save_plan
from careplan.services.store import Store, open_store
from careplan.services.transfer import export_plan, import_plan
from careplan.storage.models import AssessmentRow, AuditEventRow, InjectionRow, PlanRow

from support.db import doc_bytes, example_document
from support.plans import full_document

EMPTY = Library(version="test")
#: The shipped library: its scales catalog checks the assessments a plan file carries.
SHIPPED = load_library()
JO = Actor("Jo Patel", "Neurophysiotherapist", computer="clinic-1")
SAM = Actor("Sam Lee", computer="clinic-2")


def a_plan(store: Store, doc: dict[str, Any] | None = None) -> PlanRecord:
    with store.sessions.begin() as s:
        return import_plan(s, doc_bytes(doc or example_document()), EMPTY, "plan.json", "Jo Patel")


def an_assessment(day: int = 2, **changes: Any) -> Assessment:
    fields: dict[str, Any] = {
        "date": dt.date(2026, 11, day),
        "therapist": "Jo Patel",
        "goals": (GoalRating("Join the class for carpet time", achieved=0),),
        "pain": (PainRating(4, site="left hip"),),
        "scales": (ScaleScore("twstrs", total=31.0, subscores=(("severity", 14.0),)),),
        "classifications": (ClassificationLevel(Classification.GMFCS, 4),),
        "hips": HipMigration(18, 32),
        "findings": "Private: tight left adductors.",
    }
    return Assessment(**(fields | changes))


def an_injection(day: int = 1, **changes: Any) -> Injection:
    return Injection(
        **({"date": dt.date(2026, 10, day), "muscles": "Left adductors", "given_by": "Dr A. Rahman"} | changes)
    )


def rows(store: Store) -> list[tuple[Any, ...]]:
    """Every stored assessment and injection as it is in the database (to show nothing changed)."""
    with store.reads.begin() as s:
        found: list[tuple[Any, ...]] = []
        for model in (AssessmentRow, InjectionRow):
            found += [
                (model.__tablename__, r.id, r.version, r.date, r.plan_id, r.plan_revision, json.dumps(r.content))
                for r in s.scalars(select(model).order_by(model.id))
            ]
        return found


def audit_count(store: Store) -> int:
    with store.reads.begin() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEventRow)) or 0)


# --- recording and listing --------------------------------------------------------------------------------


def test_an_assessment_of_a_plan_is_linked_to_its_current_revision_and_read_back(store: Store) -> None:
    record = a_plan(store)
    assert record.plan_id is not None and record.patient.id is not None
    with store.sessions.begin() as s:
        stored = svc.assess_plan(s, JO, record.plan_id, an_assessment())
    assert stored.id is not None and stored.version == 1
    assert (stored.plan_id, stored.plan_revision) == (record.plan_id, 1)
    with store.reads.begin() as s:
        assert svc.list_assessments(s, record.patient.id) == [stored]
        assert svc.load_assessment(s, stored.id) == stored


def test_the_list_is_in_date_order_whatever_the_order_of_recording(store: Store) -> None:
    record = a_plan(store)
    patient = record.patient.id
    assert patient is not None
    with store.sessions.begin() as s:
        for day in (20, 3, 11):
            svc.add_assessment(s, JO, patient, an_assessment(day))
        for day in (15, 2):
            svc.add_injection(s, JO, patient, an_injection(day))
    with store.reads.begin() as s:
        assert [a.date.day for a in svc.list_assessments(s, patient)] == [3, 11, 20]
        assert [i.date.day for i in svc.list_injections(s, patient)] == [2, 15]
        assert all(a.plan_id is None for a in svc.list_assessments(s, patient))


def test_every_change_is_in_the_audit_log_without_names_or_notes(store: Store) -> None:
    record = a_plan(store)
    assert record.plan_id is not None and record.patient.id is not None
    with store.sessions.begin() as s:
        first = svc.assess_plan(s, JO, record.plan_id, an_assessment())
        shot = svc.add_injection(s, JO, record.patient.id, an_injection(), plan_id=record.plan_id)
    with store.sessions.begin() as s:
        changed = svc.update_assessment(s, SAM, dataclasses.replace(first, findings="Private: better."))
        svc.delete_injection(s, SAM, shot)
        svc.delete_assessment(s, SAM, changed)
    with store.reads.begin() as s:
        events = events_for(s, patient_id=record.patient.id)
    done = [(e.who, e.action, e.detail, e.plan_id, e.revision, e.computer) for e in reversed(events)]
    assert done == [
        ("Jo Patel", "recorded", "assessment", record.plan_id, 1, "clinic-1"),
        ("Jo Patel", "recorded", "injection", record.plan_id, 1, "clinic-1"),
        ("Sam Lee", "changed", "assessment", record.plan_id, 1, "clinic-2"),
        ("Sam Lee", "deleted", "injection", record.plan_id, 1, "clinic-2"),
        ("Sam Lee", "deleted", "assessment", record.plan_id, 1, "clinic-2"),
    ]
    logged = json.dumps([e.as_json() for e in events])
    for secret in ("Amira", "Okafor", "Private", "adductors", "Rahman", "left hip"):
        assert secret not in logged
    assert rows(store) == []


# --- conflicts: never a silent overwrite ----------------------------------------------------------------


def test_a_change_from_a_stale_copy_is_a_conflict_and_changes_nothing(store: Store) -> None:
    record = a_plan(store)
    assert record.plan_id is not None
    with store.sessions.begin() as s:
        opened = svc.assess_plan(s, JO, record.plan_id, an_assessment())
    # Another desktop (Sam) opened the same assessment and saved first.
    with store.sessions.begin() as s:
        theirs = svc.update_assessment(s, SAM, dataclasses.replace(opened, findings="Sam's findings"))
    assert theirs.version == 2
    before, events = rows(store), audit_count(store)
    with pytest.raises(RecordConflict) as info, store.sessions.begin() as s:
        svc.update_assessment(s, JO, dataclasses.replace(opened, findings="Jo's findings"))
    message = str(info.value)
    assert message.startswith("The assessment of 02 Nov 2026 was changed on another computer by Sam Lee at ")
    assert "Your changes were not saved" in message
    assert rows(store) == before and audit_count(store) == events
    with pytest.raises(RecordConflict, match="changed on another computer by Sam Lee"), store.sessions.begin() as s:
        svc.delete_assessment(s, JO, opened)
    assert rows(store) == before and audit_count(store) == events
    with store.reads.begin() as s:
        assert svc.load_assessment(s, opened.id or 0).findings == "Sam's findings"


def test_a_change_to_a_deleted_injection_says_it_was_deleted(store: Store) -> None:
    record = a_plan(store)
    assert record.patient.id is not None
    with store.sessions.begin() as s:
        opened = svc.add_injection(s, JO, record.patient.id, an_injection())
    with store.sessions.begin() as s:
        svc.delete_injection(s, SAM, opened)
    before, events = rows(store), audit_count(store)
    with pytest.raises(RecordConflict) as info, store.sessions.begin() as s:
        svc.update_injection(s, JO, dataclasses.replace(opened, dose="100 units"))
    assert str(info.value).startswith(
        "The injection of 01 Oct 2026 was deleted on another computer after you opened it."
    )
    assert info.value.deleted
    assert rows(store) == before == [] and audit_count(store) == events


def test_two_desktops_changing_at_the_same_moment_on_postgres(pg_db: str, app_paths: Any) -> None:
    """Two transactions at once: the second waits on the first's row lock, then finds the version
    gone and is refused; the first one's change stands."""
    store = open_store(pg_db, app_paths)
    try:
        record = a_plan(store)
        assert record.plan_id is not None
        with store.sessions.begin() as s:
            opened = svc.assess_plan(s, JO, record.plan_id, an_assessment())
        outcome: dict[str, BaseException | Assessment] = {}
        first = store.sessions()
        first.begin()
        svc.update_assessment(first, JO, dataclasses.replace(opened, findings="Jo first"))
        started = threading.Event()

        def second() -> None:
            started.set()
            try:
                with store.sessions.begin() as s:
                    outcome["sam"] = svc.update_assessment(s, SAM, dataclasses.replace(opened, findings="Sam second"))
            except BaseException as exc:  # handed to the test thread
                outcome["sam"] = exc

        worker = threading.Thread(target=second)
        worker.start()
        assert started.wait(10)
        worker.join(0.5)  # Sam's UPDATE is waiting for Jo's row lock
        assert worker.is_alive()
        first.commit()
        first.close()
        worker.join(20)
        assert isinstance(outcome["sam"], RecordConflict), outcome
        assert "by Jo Patel" in str(outcome["sam"])
        with store.reads.begin() as s:
            stored = svc.load_assessment(s, opened.id or 0)
        assert (stored.findings, stored.version) == ("Jo first", 2)
    finally:
        store.close()


# --- refused input: a message naming the field, nothing stored -------------------------------------------


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"therapist": "Jo\x1b[2J Patel"}, "therapist: "),
        ({"findings": "Tight\x1b[2J adductors"}, "findings: "),
        ({"pain": (PainRating(4, site="hip\u202e"),)}, "pain[0].site: "),
    ],
    ids=["control character in the name", "escape in the findings", "bidi override in the pain site"],
)
def test_an_assessment_a_plan_file_could_not_hold_is_refused_by_field(
    store: Store, changes: dict[str, Any], words: str
) -> None:
    record = a_plan(store)
    assert record.plan_id is not None
    before, events = rows(store), audit_count(store)
    with pytest.raises(UserError) as info, store.sessions.begin() as s:
        svc.assess_plan(s, JO, record.plan_id, an_assessment(**changes))
    assert str(info.value).startswith("The assessment was not saved: ")
    assert words in str(info.value)
    assert rows(store) == before and audit_count(store) == events


def test_unknown_patient_plan_or_another_patients_plan_is_refused(store: Store) -> None:
    mine = a_plan(store)
    other_doc = example_document()
    other_doc["patient"]["given_name"] = "Zoë"
    theirs = a_plan(store, other_doc)
    assert mine.patient.id is not None and theirs.plan_id is not None
    before, events = rows(store), audit_count(store)
    no_plan = r"^There is no plan with id 999\. 'careplan list' shows"
    with pytest.raises(NotFoundError, match=no_plan), store.sessions.begin() as s:
        svc.assess_plan(s, JO, 999, an_assessment())
    with pytest.raises(NotFoundError, match=r"^There is no patient with id 999\.$"), store.sessions.begin() as s:
        svc.add_injection(s, JO, 999, an_injection())
    not_theirs = rf"^Plan {theirs.plan_id} is another patient's plan; nothing was saved\.$"
    with pytest.raises(UserError, match=not_theirs), store.sessions.begin() as s:
        svc.add_assessment(s, JO, mine.patient.id, an_assessment(plan_id=theirs.plan_id))
    with pytest.raises(UserError, match="has not been saved yet"), store.sessions.begin() as s:
        svc.update_assessment(s, JO, an_assessment())
    assert rows(store) == before and audit_count(store) == events


# --- plan files carry them ------------------------------------------------------------------------------


def test_import_stores_the_files_assessments_and_export_writes_them_back(store: Store) -> None:
    doc = full_document()
    with store.sessions.begin() as s:
        record = import_plan(s, doc_bytes(doc), SHIPPED, "plan.json", "Jo Patel")
    assert record.patient.id is not None and record.plan_id is not None
    with store.reads.begin() as s:
        found = svc.list_assessments(s, record.patient.id)
        shots = svc.list_injections(s, record.patient.id)
        exported = json.loads(export_plan(s, record.plan_id, EMPTY))
    assert [a.therapist for a in found] == ["Jo Patel", "Sam Lee"]
    # Made elsewhere: linked to the imported plan, to no revision of it.
    assert {(a.plan_id, a.plan_revision) for a in found} == {(record.plan_id, None)}
    assert [i.given_by for i in shots] == ["Dr A. Rahman", "Neurology team"]
    assert exported["format_version"] == 2
    assert exported["assessments"] == doc["assessments"]
    assert exported["injections"] == doc["injections"]
    with store.reads.begin() as s:
        recorded = [e for e in events_for(s, patient_id=record.patient.id) if e.action == "recorded"]
    assert len(recorded) == 4 and {e.who for e in recorded} == {"Jo Patel"}


def test_importing_the_same_file_again_does_not_store_them_twice(store: Store) -> None:
    doc = full_document()
    with store.sessions.begin() as s:
        first = import_plan(s, doc_bytes(doc), SHIPPED, "plan.json", "Jo Patel")
    doc["assessments"].append({"date": "2026-11-01", "therapist": "Jo Patel", "pain": [{"score": 2}]})
    with store.sessions.begin() as s:
        second = import_plan(s, doc_bytes(doc), SHIPPED, "plan.json", "Jo Patel")
    assert first.patient.id == second.patient.id is not None
    with store.reads.begin() as s:
        assert [a.date.isoformat() for a in svc.list_assessments(s, second.patient.id)] == [
            "2026-06-10",
            "2026-09-12",
            "2026-11-01",
        ]
        assert len(svc.list_injections(s, second.patient.id)) == 2


def test_a_file_whose_assessment_is_refused_imports_nothing(store: Store) -> None:
    a_plan(store)
    before, events = rows(store), audit_count(store)
    doc = full_document()
    doc["assessments"][1]["pain"][0]["score"] = 11
    with store.reads.begin() as s:
        plans_before = s.scalar(select(func.count()).select_from(PlanRow))
    with pytest.raises(PlanFileError) as info, store.sessions.begin() as s:
        import_plan(s, doc_bytes(doc), SHIPPED, "plan.json", "Jo Patel")
    assert str(info.value) == "plan.json: assessments[1].pain[0].score: must be at most 10 (got 11)"
    assert rows(store) == before == [] and audit_count(store) == events
    with store.reads.begin() as s:
        assert s.scalar(select(func.count()).select_from(PlanRow)) == plans_before == 1


# --- reviews due, with their reasons ------------------------------------------------------------------

TODAY = dt.date(2026, 11, 30)


def a_patient_plan(store: Store, given: str, born: str, review: str | None, gmfcs: int | None = None) -> PlanRecord:
    doc = example_document()
    doc["patient"] |= {"given_name": given, "date_of_birth": born}
    doc["plan"]["start_date"] = "2026-01-05"
    doc["plan"]["review_date"] = review
    if gmfcs is not None:
        doc["plan"]["gmfcs_level"] = gmfcs
    return a_plan(store, doc)


def hips_only(day: dt.date, left: int, right: int, gmfcs: int | None = None) -> Assessment:
    levels = (ClassificationLevel(Classification.GMFCS, gmfcs),) if gmfcs else ()
    return Assessment(date=day, therapist="Jo Patel", hips=HipMigration(left, right), classifications=levels)


def pain_only(day: dt.date) -> Assessment:
    return Assessment(date=day, therapist="Jo Patel", pain=(PainRating(2),))


def four_patients(store: Store) -> dict[str, PlanRecord]:
    """Amira: injected 1 Sep, not reviewed since (the cycle's review fell due on 10 Nov).  Ben: plan
    review on 5 Dec, and a hip X-ray a year ago at GMFCS IV aged 5 (next due 1 Dec).  Cara: injected
    1 Sep and reviewed on 20 Nov (nothing due).  Dan: injected in January (the cycle has lapsed)."""
    plans = {
        "amira": a_patient_plan(store, "Amira", "2019-03-14", "2027-02-19"),
        "ben": a_patient_plan(store, "Ben", "2020-01-01", "2026-12-05"),
        "cara": a_patient_plan(store, "Cara", "2018-05-05", "2027-03-01"),
        "dan": a_patient_plan(store, "Dan", "2017-07-07", None),
    }
    ids = {name: p.patient.id or 0 for name, p in plans.items()}
    with store.sessions.begin() as s:
        svc.add_injection(s, JO, ids["amira"], an_injection(date=dt.date(2026, 9, 1)))
        svc.add_assessment(s, JO, ids["ben"], hips_only(dt.date(2025, 12, 1), 20, 25, gmfcs=4))
        svc.add_injection(s, JO, ids["cara"], an_injection(date=dt.date(2026, 9, 1)))
        svc.add_assessment(s, JO, ids["cara"], pain_only(dt.date(2026, 11, 20)))
        svc.add_injection(s, JO, ids["dan"], an_injection(date=dt.date(2026, 1, 5)))
    return plans


def test_reviews_due_give_each_reason_soonest_first(store: Store) -> None:
    plans = four_patients(store)
    with store.reads.begin() as s:
        due = svc.reviews_due_with_reasons(s, TODAY)
        counted = svc.count_reviews_due_with_reasons(s, TODAY)
    assert [(d.plan.plan_id, [(r.reason.value, r.due.isoformat()) for r in d.reasons]) for d in due] == [
        (plans["amira"].plan_id, [("toxin_cycle", "2026-11-10")]),
        (plans["ben"].plan_id, [("hip_surveillance", "2026-12-01"), ("review_date", "2026-12-05")]),
    ]
    assert due[0].words == (
        "Toxin cycle: week 12 of 12 since the injection on 2026-09-01: review before the next injection"
    )
    assert due[1].words.startswith("Hip surveillance: hip X-ray due (GMFCS IV: X-ray every 12 months")
    assert due[1].words.endswith("; Review date: the plan's review date")
    assert counted == (2, 1)  # Amira's is overdue
    with store.reads.begin() as s:
        assert [d.plan.plan_id for d in svc.reviews_due_with_reasons(s, TODAY, limit=1)] == [plans["amira"].plan_id]
        assert svc.count_reviews_due_with_reasons(s, TODAY, cap=0) == (1, 1)


def test_a_review_after_the_cycles_review_date_clears_it_and_deleting_it_brings_it_back(store: Store) -> None:
    plans = four_patients(store)
    amira = plans["amira"].patient.id or 0
    with store.sessions.begin() as s:
        review = svc.add_assessment(s, JO, amira, pain_only(dt.date(2026, 11, 12)))
    with store.reads.begin() as s:
        assert [d.plan.plan_id for d in svc.reviews_due_with_reasons(s, TODAY)] == [plans["ben"].plan_id]
    with store.sessions.begin() as s:
        svc.delete_assessment(s, SAM, review)
    with store.reads.begin() as s:
        assert svc.reviews_due_with_reasons(s, TODAY)[0].plan.plan_id == plans["amira"].plan_id
    # A new injection starts a new cycle: its review is 10 weeks on, not yet due.
    with store.sessions.begin() as s:
        svc.add_injection(s, JO, amira, an_injection(date=dt.date(2026, 11, 25)))
    with store.reads.begin() as s:
        assert plans["amira"].plan_id not in [d.plan.plan_id for d in svc.reviews_due_with_reasons(s, TODAY)]


def test_hip_surveillance_follows_the_latest_x_ray_and_the_plans_gmfcs_level(store: Store) -> None:
    """A child at GMFCS IV (the plan's level; the X-ray assessment records none), aged 3: every 6 months."""
    child = a_patient_plan(store, "Eli", "2023-01-10", None, gmfcs=4)
    patient = child.patient.id or 0
    with store.sessions.begin() as s:
        first = svc.add_assessment(s, JO, patient, hips_only(dt.date(2026, 5, 20), 10, 12))
    with store.reads.begin() as s:
        (due,) = svc.reviews_due_with_reasons(s, TODAY)
    assert [(r.reason.value, r.due) for r in due.reasons] == [("hip_surveillance", dt.date(2026, 11, 20))]
    with store.sessions.begin() as s:
        second = svc.add_assessment(s, JO, patient, hips_only(dt.date(2026, 11, 21), 12, 14))
    with store.reads.begin() as s:
        assert svc.reviews_due_with_reasons(s, TODAY) == []
        stored = s.execute(select(AssessmentRow.id, AssessmentRow.hip_review_due).order_by(AssessmentRow.id)).all()
    # Only the latest X-ray holds the next date.
    assert stored == [(first.id, None), (second.id, dt.date(2027, 5, 21))]


def test_the_reviews_due_list_costs_the_same_whatever_the_number_of_patients(store: Store) -> None:
    """The list runs the same statements for 4 patients as for 4 + 150 not due: it reads index ranges."""
    four_patients(store)

    def statements() -> int:
        seen: list[str] = []

        def count(*args: Any) -> None:
            seen.append(str(args[2]))

        from sqlalchemy import event

        event.listen(store.engine, "before_cursor_execute", count)
        try:
            with store.reads.begin() as s:
                svc.reviews_due_with_reasons(s, TODAY, limit=50)
                svc.count_reviews_due_with_reasons(s, TODAY, cap=99)
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        return len(seen)

    before = statements()
    with store.sessions.begin() as s:
        for n in range(150):
            doc = example_document()
            doc["patient"] |= {"given_name": f"P{n}", "date_of_birth": "2015-01-01"}
            doc["plan"]["review_date"] = "2027-06-01"
            record = import_plan(s, doc_bytes(doc), EMPTY, "plan.json", "Jo Patel")
            svc.add_injection(s, JO, record.patient.id or 0, an_injection(date=dt.date(2026, 11, 1)))
    assert statements() == before


def test_an_assessment_the_scales_catalog_refuses_is_not_stored_nor_is_the_file(store: Store) -> None:
    a_plan(store)
    before, events = rows(store), audit_count(store)
    doc = full_document()
    del doc["assessments"][0]["scales"][1]["items"]["eyes"]
    with pytest.raises(UserError) as info, store.sessions.begin() as s:
        import_plan(s, doc_bytes(doc), SHIPPED, "plan.json", "Jo Patel")
    assert str(info.value) == (
        "The plan file's assessments[0] was not imported: items: score every part of the BADS; missing: Eyes."
    )
    doc = full_document()
    doc["assessments"][0]["scales"][0]["scale"] = "twstrs3"
    unknown = r"^The plan file's assessments\[0\] was not imported: scales: 'twstrs3' is not a scale Careplan knows"
    with pytest.raises(UserError, match=unknown), store.sessions.begin() as s:
        import_plan(s, doc_bytes(doc), SHIPPED, "plan.json", "Jo Patel")
    assert rows(store) == before and audit_count(store) == events
    with store.reads.begin() as s:
        assert s.scalar(select(func.count()).select_from(PlanRow)) == 1


def test_a_bads_total_is_added_up_from_its_items_when_recorded(store: Store) -> None:
    record = a_plan(store)
    items = (("eyes", 0), ("mouth", 1), ("neck", 2), ("trunk", 2), ("arm_left", 3), ("arm_right", 1))
    bads = ScaleScore("bads", items=(*items, ("leg_left", 3), ("leg_right", 2)))
    with store.sessions.begin() as s:
        stored = svc.assess_plan(s, JO, record.plan_id or 0, an_assessment(scales=(bads,)), SHIPPED)
    assert stored.scales[0].total == 14
    with store.reads.begin() as s:
        assert svc.load_assessment(s, stored.id or 0).scales[0].total == 14


def test_goal_gas_levels_are_kept_with_the_plan(store: Store) -> None:
    with store.sessions.begin() as s:
        record = import_plan(s, doc_bytes(full_document()), SHIPPED, "plan.json", "Jo Patel")
    from careplan.services.plans import load_plan

    with store.reads.begin() as s:
        goal = load_plan(s, record.plan_id or 0).plan.goals[0]
    assert goal.gas[0] == "5 seconds" and goal.gas[4] == "60 seconds\nwithout the mirror"
    assert (goal.importance, goal.difficulty) == (3, 1)


def _hip_due(store: Store) -> list[tuple[Any, ...]]:
    with store.reads.begin() as s:
        return [tuple(r) for r in s.execute(select(AssessmentRow.id, AssessmentRow.hip_review_due))]


def test_the_next_hip_x_ray_follows_a_new_gmfcs_level_in_the_plan(store: Store) -> None:
    """Eli (GMFCS IV in the plan, aged 3 at the X-ray: every 6 months) is found to be GMFCS III: every 12
    months.  Saving the plan moves the stored date, so the reviews-due list is not left six months early."""
    child = a_patient_plan(store, "Eli", "2023-01-10", None, gmfcs=4)
    with store.sessions.begin() as s:
        x_ray = svc.add_assessment(s, JO, child.patient.id or 0, hips_only(dt.date(2026, 5, 20), 10, 12))
    assert _hip_due(store) == [(x_ray.id, dt.date(2026, 11, 20))]
    with store.sessions.begin() as s:
        saved = save_plan(s, dataclasses.replace(child, plan=dataclasses.replace(child.plan, gmfcs_level=3)), "Jo")
    assert _hip_due(store) == [(x_ray.id, dt.date(2027, 5, 20))]
    with store.reads.begin() as s:
        assert svc.reviews_due_with_reasons(s, TODAY) == []
    with store.sessions.begin() as s:  # and back: due again, on the date the rules give
        save_plan(s, dataclasses.replace(saved, plan=dataclasses.replace(saved.plan, gmfcs_level=4)), "Jo")
    with store.reads.begin() as s:
        (due,) = svc.reviews_due_with_reasons(s, TODAY)
    assert [(r.reason.value, r.due) for r in due.reasons] == [("hip_surveillance", dt.date(2026, 11, 20))]


def test_the_next_hip_x_ray_follows_a_corrected_date_of_birth(store: Store) -> None:
    """Eli's date of birth was typed two years late: at 5, GMFCS IV is X-rayed every 12 months, not 6."""
    child = a_patient_plan(store, "Eli", "2023-01-10", None, gmfcs=4)
    with store.sessions.begin() as s:
        x_ray = svc.add_assessment(s, JO, child.patient.id or 0, hips_only(dt.date(2026, 5, 20), 10, 12))
        patient, version = load_patient_version(s, child.patient.id or 0)
    with store.sessions.begin() as s:
        save_patient(s, dataclasses.replace(patient, date_of_birth=dt.date(2021, 1, 10)), version, "Jo")
    assert _hip_due(store) == [(x_ray.id, dt.date(2027, 5, 20))]
    with store.sessions.begin() as s:  # another change of the details, the date of birth kept: nothing moves
        patient, version = load_patient_version(s, child.patient.id or 0)
        save_patient(s, dataclasses.replace(patient, identifier="H 123 456"), version, "Jo")
    assert _hip_due(store) == [(x_ray.id, dt.date(2027, 5, 20))]
