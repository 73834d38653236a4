"""Making a handout for a stored plan."""

from __future__ import annotations

from sqlalchemy.orm import Session

from careplan.core.cautions import cautions_for
from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import ClinicDetails, PlanRecord
from careplan.export import render_handout
from careplan.services.library import full_library
from careplan.services.plans import load_plan


def render_record(
    record: PlanRecord,
    audience: Audience,
    library: Library,
    clinic: ClinicDetails,
    *,
    paper: str = "A4",
    large_print: bool = False,
) -> bytes:
    """The PDF for a plan snapshot (stored or still being edited); cautions go on the clinician summary."""
    cautions = cautions_for(record.plan, library) if audience is Audience.CLINICIAN else ()
    return render_handout(record, audience, clinic, paper=paper, large_print=large_print, cautions=cautions)


def make_handout(
    session: Session,
    plan_id: int,
    audience: Audience,
    shipped: Library,
    clinic: ClinicDetails,
    *,
    paper: str = "A4",
    large_print: bool = False,
) -> bytes:
    record = load_plan(session, plan_id)
    library = full_library(session, shipped)
    return render_record(record, audience, library, clinic, paper=paper, large_print=large_print)
