"""A stored plan, its patient's assessments and injections as an HL7 FHIR Bundle (JSON bytes).

Reads what the bundle holds in one session (the plan, or the desktop's open snapshot of it, and
the patient's assessments of this plan and injections), then hands the snapshots to
``careplan.export.fhir``, which needs no database.  Used by ``careplan fhir`` and File → Export as
FHIR.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from careplan.core.library import Library
from careplan.core.model import PlanRecord
from careplan.export.fhir import FhirOptions, export_fhir
from careplan.services.assessments import list_assessments, list_injections
from careplan.services.plans import load_plan
from careplan.services.progress import plan_assessments


def record_fhir(
    session: Session,
    record: PlanRecord,
    library: Library,
    options: FhirOptions,
    *,
    generated_at: dt.datetime | None = None,
) -> bytes:
    """``record`` (a stored plan or the editor's snapshot of one) with its patient's assessments of this
    plan and injections; a patient not stored yet has none.  Raises FhirExportError (what is missing)."""
    patient_id, plan_id = record.patient.id, record.plan_id
    assessments = plan_assessments(list_assessments(session, patient_id), plan_id or 0) if patient_id else []
    injections = list_injections(session, patient_id) if patient_id else []
    return export_fhir(
        record,
        assessments,
        injections,
        scales=library.scales,
        movements=library.movements,
        options=options,
        generated_at=generated_at,
    )


def fhir_bundle(
    session: Session,
    plan_id: int,
    library: Library,
    options: FhirOptions,
    *,
    generated_at: dt.datetime | None = None,
) -> bytes:
    """The stored plan ``plan_id`` as a FHIR bundle; UserError for an unknown plan."""
    return record_fhir(session, load_plan(session, plan_id), library, options, generated_at=generated_at)
