"""Printing a stored plan's progress: the clinician's report or the family's page, as PDF bytes.

Reads the plan, its patient's assessments and injections and the dates the plan was revised on in
one read-only session, then hands the snapshots to ``careplan.export.progress`` (which needs no
database).  Used by ``careplan progress`` and open to the desktop.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan.core.assessments import Assessment
from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import ClinicDetails
from careplan.export.progress import render_progress
from careplan.export.progress_report import no_assessments
from careplan.export.revisions import local_time
from careplan.services.assessments import list_assessments, list_injections
from careplan.services.plans import load_plan
from careplan.storage.models import PlanRevisionRow


def revision_dates(session: Session, plan_id: int) -> list[dt.date]:
    """The days (this computer's time) the plan's revisions were saved on, oldest first."""
    saved = session.scalars(
        select(PlanRevisionRow.saved_at).where(PlanRevisionRow.plan_id == plan_id).order_by(PlanRevisionRow.number)
    )
    return [local_time(moment).date() for moment in saved]


def plan_assessments(assessments: list[Assessment], plan_id: int) -> list[Assessment]:
    """The patient's assessments of this plan: linked to it, or linked to no plan (carried in a plan
    file from elsewhere); an assessment made for another of the patient's plans is that plan's."""
    return [a for a in assessments if a.plan_id is None or a.plan_id == plan_id]


def progress_pdf(
    session: Session,
    plan_id: int,
    audience: Audience,
    library: Library,
    clinic: ClinicDetails,
    *,
    paper: str = "A4",
    large_print: bool = False,
    today: dt.date | None = None,
) -> bytes:
    """The progress report (clinician) or page (family) of a stored plan; ``library`` gives the scales and
    movements (their names, ranges and which way is better).

    Raises UserError for an unknown plan, and HandoutError (the message names the person) when the
    plan has no assessment yet, for large print of the clinician report, or a bad clinic logo.
    """
    record = load_plan(session, plan_id)
    patient_id = record.patient.id
    assert patient_id is not None  # a stored plan's patient is stored
    assessments = plan_assessments(list_assessments(session, patient_id), plan_id)
    if not assessments:
        raise no_assessments(record.patient.full_name)
    return render_progress(
        record,
        assessments,
        list_injections(session, patient_id),
        revision_dates(session, plan_id),
        clinic,
        audience=audience,
        scales=library.scales,
        movements=library.movements,
        paper=paper,
        large_print=large_print,
        generated_on=today,
    )
