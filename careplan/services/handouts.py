"""Making a handout for a stored plan."""

from __future__ import annotations

from sqlalchemy.orm import Session

from careplan.core.action_plan import has_action_plan, personal_action_plan
from careplan.core.audience import NAME_ONLY, HandoutPrivacy, audience_misfit
from careplan.core.cautions import cautions_for
from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import ClinicDetails, PlanRecord
from careplan.export import render_handout
from careplan.export.printable import printing_problems as find_printing_problems
from careplan.services.errors import UserError
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
    privacy: HandoutPrivacy = NAME_ONLY,
) -> bytes:
    """The PDF for a plan snapshot (stored or still being edited).

    The clinician summary lists every caution; family and school handouts print each
    caution's plain wording beside its item, and the dystonia action plan page when the plan
    holds one.
    """
    cautions = cautions_for(record.plan, library, age=record.patient.age_on())
    action_plan = None
    if audience is not Audience.CLINICIAN and library.action_plan is not None and has_action_plan(record.plan):
        action_plan = personal_action_plan(
            library.action_plan, record.plan, record.patient, clinic, for_family=audience is Audience.FAMILY
        )
    return render_handout(
        record,
        audience,
        clinic,
        paper=paper,
        large_print=large_print,
        cautions=cautions,
        action_plan=action_plan,
        privacy=privacy,
    )


def printing_problems(record: PlanRecord, library: Library, clinic: ClinicDetails) -> list[str]:
    """What the handouts of ``record`` cannot print as typed, one line per field (empty: none).

    Checks every field any handout prints, with the cautions and the action plan the
    handouts would carry (``careplan check`` and the desktop show it before printing).
    """
    cautions = cautions_for(record.plan, library, age=record.patient.age_on())
    action_plan = None
    if library.action_plan is not None and has_action_plan(record.plan):
        action_plan = personal_action_plan(library.action_plan, record.plan, record.patient, clinic)
    return find_printing_problems(record, clinic, cautions, action_plan)


def make_handout(
    session: Session,
    plan_id: int,
    audience: Audience,
    shipped: Library,
    clinic: ClinicDetails,
    *,
    paper: str = "A4",
    large_print: bool = False,
    privacy: HandoutPrivacy = NAME_ONLY,
) -> bytes:
    record = load_plan(session, plan_id)
    misfit = audience_misfit(record.patient, audience)
    if misfit is not None:
        raise UserError(misfit)
    library = full_library(session, shipped)
    return render_record(record, audience, library, clinic, paper=paper, large_print=large_print, privacy=privacy)
