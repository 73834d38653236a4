"""Progress over time, printed: the clinician's progress report and the family's "how you are doing" page.

Made from snapshots only: the plan and its patient, the assessments, the toxin injections and the
dates the plan was revised on (no database, no Qt).  ``render_progress`` is the entry point; the
series are built in ``progress_series``, drawn in ``progress_charts``, laid out in
``progress_report`` (clinician) and ``progress_family`` (family).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from careplan.core.assessments import Assessment, Injection
from careplan.core.audience import NAME_ONLY, HandoutPrivacy
from careplan.core.enums import Audience
from careplan.core.model import ClinicDetails, PlanRecord
from careplan.core.scales import RomMovement, ScaleDefinition
from careplan.export.errors import HandoutError
from careplan.export.progress_family import FamilyProgress
from careplan.export.progress_report import ClinicianProgress, ProgressData, ProgressPages
from careplan.export.renderer import NO_CLINIC

#: The progress page for each audience that has one.
PROGRESS_RENDERERS: dict[Audience, type[ProgressPages]] = {
    Audience.CLINICIAN: ClinicianProgress,
    Audience.FAMILY: FamilyProgress,
}


def render_progress(
    record: PlanRecord,
    assessments: Sequence[Assessment],
    injections: Sequence[Injection] = (),
    revisions: Sequence[dt.date] = (),
    clinic: ClinicDetails = NO_CLINIC,
    *,
    audience: Audience = Audience.CLINICIAN,
    scales: Sequence[ScaleDefinition] = (),
    movements: Sequence[RomMovement] = (),
    paper: str = "A4",
    large_print: bool = False,
    privacy: HandoutPrivacy = NAME_ONLY,
    generated_on: dt.date | None = None,
) -> bytes:
    """The progress report (``audience`` CLINICIAN) or the family's page (FAMILY) as PDF bytes.

    ``revisions`` are the dates the plan was saved on; ``scales`` and ``movements`` (the scales catalog's,
    ``Library.scales`` and ``Library.movements``) name the scales and movements, give their ranges and
    say which way each is better.  Raises
    HandoutError, with a message for the therapist, when there is no assessment, for an audience
    with no progress page, large print of the clinician report, or an unknown paper size.
    """
    renderer = PROGRESS_RENDERERS.get(Audience(audience))
    if renderer is None:
        raise HandoutError(
            f"There is no progress page for the {Audience(audience).label.lower()}: "
            "print it for the clinician or the family."
        )
    data = ProgressData(tuple(assessments), tuple(injections), tuple(revisions), tuple(scales), tuple(movements))
    return renderer(
        record, data, clinic, paper=paper, large_print=large_print, privacy=privacy, generated_on=generated_on
    ).render()


__all__ = ["PROGRESS_RENDERERS", "ClinicianProgress", "FamilyProgress", "ProgressData", "render_progress"]
