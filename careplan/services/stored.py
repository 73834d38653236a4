"""Stored documents back to core records: one mapping for the ORM reads (``services.plans``,
``services.library``, ``services.history``) and the light read of a handout (``services.quick_handout``).

No SQLAlchemy here; the plan file's pydantic models (``careplan.planfile``) do the checking, so a stored
plan or template is read exactly as an imported file is, with the rules for what Careplan stored itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from careplan.core.library import Template
from careplan.core.model import Patient, Plan, PlanRecord, RevisionInfo
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
    """A stored document back to a plan snapshot (validated; library codes kept, not looked up)."""
    from careplan.planfile import PlanFileError, to_imported
    from careplan.planfile.io import validate

    try:
        return to_imported(validate(content, stored=True), lambda code: None, resolve_codes=False).record.plan
    except PlanFileError as exc:
        raise UserError(f"A stored plan cannot be read: {exc}") from None


def template_from_content(content: dict[str, Any], version: int | None = None) -> Template:
    """A stored own template (validated as Careplan wrote it; library codes kept, not looked up), mapped
    by the plan file's ``own_library.templates[]`` model: one mapping for the database and the files.
    (The plan-file modules load here, when there is a template to read, not when the desktop starts.)"""
    from pydantic import ValidationError

    from careplan.planfile.convert import own_template
    from careplan.planfile.errors import PlanFileError, problems_from_validation
    from careplan.planfile.schema import OwnTemplateModel

    try:
        template = own_template(OwnTemplateModel.model_validate(content, context={"stored": True}), None)
    except ValidationError as exc:
        raise UserError(f"A stored template cannot be read: {'; '.join(problems_from_validation(exc))}") from None
    except PlanFileError as exc:
        raise UserError(f"A stored template cannot be read: {exc}") from None
    return replace(template, version=version)
