"""Making a handout for a stored plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from careplan.core.action_plan import has_action_plan, personal_action_plan
from careplan.core.audience import NAME_ONLY, HandoutPrivacy, audience_misfit
from careplan.core.cautions import cautions_for
from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import ClinicDetails, PlanRecord
from careplan.core.readiness import Problem, readiness_problems
from careplan.export import render_handout
from careplan.export.printable import printing_problems as find_printing_problems
from careplan.services.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from careplan.core.history import RevisionSummary


def render_record(
    record: PlanRecord,
    audience: Audience,
    library: Library,
    clinic: ClinicDetails,
    *,
    paper: str = "A4",
    large_print: bool = False,
    privacy: HandoutPrivacy = NAME_ONLY,
    draft: bool = False,
    history: Sequence[RevisionSummary] = (),
) -> bytes:
    """The PDF for a plan snapshot (stored or still being edited).

    The clinician summary lists every caution and, given ``history`` (``revision_history``), the
    plan's revisions; family and school handouts print each caution's plain wording beside its
    item, and the dystonia action plan page when the plan holds one, and never the history.
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
        draft=draft,
        history=history if audience is Audience.CLINICIAN else (),
    )


def handout_history(session: Session, plan_id: int | None, audience: Audience) -> list[RevisionSummary]:
    """The revisions a handout of this plan prints: all of them on the clinician summary (one
    query), none on the others or for a plan never saved."""
    if audience is not Audience.CLINICIAN or plan_id is None:
        return []
    from careplan.services.history import revision_history

    return revision_history(session, plan_id)


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


def not_ready(record: PlanRecord, library: Library, clinic: ClinicDetails, today: dt.date) -> list[Problem]:
    """What a handout of ``record`` would print wrong (empty: ready to print).

    The plan's own problems (blanks, bare items, no contact number, dates) from
    ``careplan.core.readiness`` and, as one problem per field, the characters no font can print.
    """
    cautions = cautions_for(record.plan, library, age=record.patient.age_on())
    found = readiness_problems(record, cautions, library, clinic, today)
    for line in printing_problems(record, library, clinic):
        place, _, message = line.partition(": ")
        found.append(Problem(place, message))
    return found


@dataclass(frozen=True)
class HandoutOptions:
    """How a stored plan's handout is printed: ``paper`` "A4" or "Letter", ``large_print``, ``privacy``
    (identifier and date of birth on the family handout), ``draft`` (a copy marked DRAFT even while the
    plan is not ready to print) and ``today`` (the date readiness is judged on; default today)."""

    paper: str = "A4"
    large_print: bool = False
    privacy: HandoutPrivacy = NAME_ONLY
    draft: bool = False
    today: dt.date | None = None


def make_handout(
    session: Session,
    plan_id: int,
    audience: Audience,
    shipped: Library,
    clinic: ClinicDetails,
    options: HandoutOptions = HandoutOptions(),
) -> bytes:
    """The handout of a stored plan (``handout_of``), read in the caller's session.

    The database modules load here, not with this module: the light path (``services.quick_handout``)
    reads the plan without them and makes the handout with the same ``handout_of``."""
    from careplan.services.library import full_library
    from careplan.services.plans import load_plan

    record = load_plan(session, plan_id)
    history = handout_history(session, plan_id, audience)
    return handout_of(record, full_library(session, shipped), audience, clinic, options, history)


def handout_of(
    record: PlanRecord,
    library: Library,
    audience: Audience,
    clinic: ClinicDetails,
    options: HandoutOptions = HandoutOptions(),
    history: Sequence[RevisionSummary] = (),
) -> bytes:
    """The handout of a stored plan; refuses (UserError) an audience that does not fit the person (a
    school handout for an adult), and (HandoutNotReady, listing the problems) a plan not ready to print,
    unless ``options.draft`` asks for a copy with DRAFT across every page."""
    misfit = audience_misfit(record.patient, audience)
    if misfit is not None:
        raise UserError(misfit)
    if not options.draft:
        problems = not_ready(record, library, clinic, options.today or dt.date.today())
        if problems:
            raise HandoutNotReady(problems)
    return render_record(
        record,
        audience,
        library,
        clinic,
        paper=options.paper,
        large_print=options.large_print,
        privacy=options.privacy,
        draft=options.draft,
        history=history,
    )


class HandoutNotReady(UserError):
    """The plan would print wrong; ``problems`` says where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"the plan is not ready to print ({count}: {'; '.join(str(p) for p in problems)}). "
            "Fix them, or print a copy marked DRAFT with --draft."
        )
