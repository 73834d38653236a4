"""Stored documents back to core records: one mapping for the ORM reads (``services.plans``,
``services.library``, ``services.history``) and the light read of a handout (``services.quick_handout``).

No SQLAlchemy and no pydantic here: a stored plan or template is read by ``planfile.reading``, the very
reading an imported file goes through once the schema has checked it; what Careplan stored itself is
read as it wrote it (see there).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from careplan.core.library import Template
from careplan.core.model import Patient, Plan, PlanRecord, RevisionInfo
from careplan.planfile.errors import PlanFileError
from careplan.planfile.reading import ImportedPlan, stored_document, stored_template
from careplan.services.errors import UserError


def stored_record(
    content: dict[str, Any],
    patient: Patient,
    plan_id: int,
    version: int,
    number: int,
    saved_at: dt.datetime,
    author: str | None,
) -> PlanRecord:
    """A stored plan's current revision (its document, number, time and author) with its patient."""
    return PlanRecord(
        plan=plan_from_content(content),
        patient=patient,
        plan_id=plan_id,
        version=version,
        revision=RevisionInfo(number, saved_at, author),
    )


def plan_from_content(content: dict[str, Any]) -> Plan:
    """A stored document back to a plan snapshot (library codes kept, not looked up)."""
    return imported_from_content(content, "A stored plan cannot be read").record.plan


def imported_from_content(content: dict[str, Any], refusal: str) -> ImportedPlan:
    """A stored document (a plan revision) back to core types, read as Careplan wrote it
    (``planfile.reading``: no pydantic, no library lookups); a damaged one is refused as
    ``refusal: <the field and what is wrong>``."""
    try:
        return stored_document(content)
    except PlanFileError as exc:
        raise UserError(f"{refusal}: {exc}") from None


def template_from_content(content: dict[str, Any], version: int | None = None) -> Template:
    """A stored own template (read as Careplan wrote it; library codes kept, not looked up), by the
    reading of the plan file's ``own_library.templates[]``: one mapping for the database and the files."""
    try:
        template = stored_template(content)
    except PlanFileError as exc:
        raise UserError(f"A stored template cannot be read: {exc}") from None
    return replace(template, version=version)
