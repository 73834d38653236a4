"""Importing and exporting plan files: one transaction each, nothing half-done."""

from __future__ import annotations

from sqlalchemy.orm import Session

from careplan.core.library import Library
from careplan.core.model import PlanRecord
from careplan.planfile import dumps, read_plan_bytes, to_document, to_imported
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
) -> PlanRecord:
    """Validate and store a plan file as a new plan (raises PlanFileError; the caller's
    transaction then rolls back, so a bad file changes nothing).  ``note`` is revision 1's
    change note (default "imported")."""
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
    return create_plan(session, record, author, library, match_patient=True, note=note or "imported")


def export_plan(session: Session, plan_id: int, shipped: Library) -> str:
    """The plan file of a stored plan, carrying the therapist's own entries it uses."""
    record = load_plan(session, plan_id)
    return export_record(record, full_library(session, shipped))


def export_record(record: PlanRecord, library: Library) -> str:
    """The plan file of ``record``, carrying the own entries it uses and the own template it started from."""
    return dumps(to_document(record, *own_library_used(record.plan, library)))
