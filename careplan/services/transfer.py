"""Importing and exporting plan files: one transaction each, nothing half-done."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from careplan.core.assessments import Assessment, Injection
from careplan.core.library import Library
from careplan.core.model import PlanRecord
from careplan.planfile import dumps, read_plan_bytes, to_document, to_imported
from careplan.services.assessments import list_assessments, list_injections, store_carried
from careplan.services.audit import Actor
from careplan.services.library import full_library, merge_carried_entries, own_entries
from careplan.services.plans import create_plan, load_plan
from careplan.services.templates import merge_carried_templates, own_library_used


def import_plan(
    session: Session,
    data: bytes,
    shipped: Library,
    source: str | None = None,
    author: str | None = None,
    note: str | None = None,
    *,
    actor: Actor | None = None,
) -> PlanRecord:
    """Validate and store a plan file as a new plan (raises PlanFileError; the caller's
    transaction then rolls back, so a bad file changes nothing).  ``note`` is revision 1's
    change note (default "imported").  The patient's assessments and injections the file carries
    are stored too, each recorded in the audit log as by ``actor`` (default: ``author``)."""
    doc = read_plan_bytes(data, source)
    library = shipped.with_own(*own_entries(session))
    imported = to_imported(doc, library.intervention)
    merge_carried_entries(session, imported.own_interventions, imported.own_goals)
    merge_carried_templates(session, imported.own_templates, author)
    plan = imported.record.plan
    if plan.catalog_version is None and any(i.catalog_code for i in plan.interventions):
        plan = plan.replace(catalog_version=shipped.version)
    record = PlanRecord(plan, imported.record.patient)
    library = library.with_own(imported.own_interventions, imported.own_goals)
    stored = create_plan(session, record, author, library, match_patient=True, note=note or "imported")
    if imported.assessments or imported.injections:
        assert stored.patient.id is not None and stored.plan_id is not None
        by = actor or Actor.named(author, what="imports assessments")
        store_carried(
            session, by, stored.patient.id, stored.plan_id, imported.assessments, imported.injections, shipped
        )
    return stored


def export_plan(session: Session, plan_id: int, shipped: Library) -> str:
    """The plan file of a stored plan, carrying the therapist's own entries it uses and the
    patient's assessments and injections."""
    record = load_plan(session, plan_id)
    assert record.patient.id is not None
    carried = (list_assessments(session, record.patient.id), list_injections(session, record.patient.id))
    return export_record(record, full_library(session, shipped), *carried)


def export_record(
    record: PlanRecord,
    library: Library,
    assessments: Sequence[Assessment] = (),
    injections: Sequence[Injection] = (),
) -> str:
    """The plan file of ``record``, carrying the own entries it uses, the own template it started from,
    and the patient's ``assessments`` and ``injections`` (``services.assessments.list_*``)."""
    return dumps(to_document(record, *own_library_used(record.plan, library), assessments, injections))
