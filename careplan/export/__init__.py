"""PDF handouts (ReportLab) made from a plan snapshot: for the family, the school, an adult's work and
daily life (an employer, a carer) and clinicians.

Stands on ``careplan.core`` alone: no Qt, no database.  ``render_handout`` is the
entry point; the renderer classes can be subclassed to change a step.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from careplan.core.action_plan import PersonalActionPlan
from careplan.core.audience import NAME_ONLY, HandoutPrivacy
from careplan.core.enums import Audience
from careplan.core.model import AppliedCaution, ClinicDetails, PlanRecord
from careplan.export import pdfsetup  # noqa: F401  (ReportLab set up before its graphics load)
from careplan.export.errors import HandoutError
from careplan.export.renderer import LARGE_PRINT_SCALE, NO_CLINIC, HandoutRenderer

if TYPE_CHECKING:
    from careplan.core.history import RevisionSummary
    from careplan.export.clinician import ClinicianSummary
    from careplan.export.family import FamilyHandout
    from careplan.export.school import SchoolHandout
    from careplan.export.work import WorkHandout

#: The renderer class for each audience (module, class): each is imported when its handout is made, so a
#: family handout does not load the school's, the work's and the clinician's code.
_RENDERERS: dict[Audience, tuple[str, str]] = {
    Audience.FAMILY: ("careplan.export.family", "FamilyHandout"),
    Audience.SCHOOL: ("careplan.export.school", "SchoolHandout"),
    Audience.WORK: ("careplan.export.work", "WorkHandout"),
    Audience.CLINICIAN: ("careplan.export.clinician", "ClinicianSummary"),
}


def renderer_class(audience: Audience) -> type[HandoutRenderer]:
    """The renderer class for ``audience``."""
    module, name = _RENDERERS[Audience(audience)]
    found: type[HandoutRenderer] = getattr(importlib.import_module(module), name)
    return found


def __getattr__(name: str) -> Any:
    """``FamilyHandout``, ``SchoolHandout``, ``WorkHandout`` and ``ClinicianSummary``, loaded when asked for."""
    for audience, (_module, class_name) in _RENDERERS.items():
        if class_name == name:
            return renderer_class(audience)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_handout(
    record: PlanRecord,
    audience: Audience,
    clinic: ClinicDetails = NO_CLINIC,
    *,
    paper: str = "A4",
    large_print: bool = False,
    cautions: Sequence[AppliedCaution] = (),
    generated_on: dt.date | None = None,
    action_plan: PersonalActionPlan | None = None,
    privacy: HandoutPrivacy = NAME_ONLY,
    draft: bool = False,
    history: Sequence[RevisionSummary] = (),
) -> bytes:
    """The handout for ``audience`` as PDF bytes.

    ``paper`` is "A4" (default) or "Letter".  ``large_print`` sets every type size
    4/3 larger on the family and school handouts; the clinician summary refuses it
    with HandoutError.  ``cautions`` (from the library rules) are printed on the
    clinician summary in full; their family wording is printed beside each item on the family
    and school handouts.  ``action_plan`` (the personalised dystonia action plan) prints as its
    own page on the family and school handouts.  ``privacy`` says whether the family handout shows the
    identifier and the date of birth (default: neither).  ``draft`` prints "DRAFT" across every page
    (a plan printed before it is ready to print).  ``generated_on`` (default today) is the printed date.
    ``history`` (the plan's revisions, ``careplan.core.history``) prints as the clinician summary's
    "Revision history"; the other handouts never show it (it names authors and internal change notes).

    Raises HandoutError, with a message for the therapist, when the handout cannot
    be made (a photo or the clinic logo that is not a readable PNG or JPEG, an
    unknown paper size, large print asked of the clinician summary).
    """
    only_clinician = {"history": history} if Audience(audience) is Audience.CLINICIAN else {}
    renderer = renderer_class(audience)(
        record,
        clinic,
        paper=paper,
        large_print=large_print,
        cautions=cautions,
        generated_on=generated_on,
        action_plan=action_plan,
        privacy=privacy,
        draft=draft,
        **only_clinician,
    )
    return renderer.render()


__all__ = [
    "LARGE_PRINT_SCALE",
    "ClinicianSummary",
    "FamilyHandout",
    "HandoutError",
    "HandoutRenderer",
    "SchoolHandout",
    "WorkHandout",
    "render_handout",
    "renderer_class",
]
