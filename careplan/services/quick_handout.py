"""A family, school or work handout of a stored plan without SQLAlchemy, when the light read can.

``careplan handout`` tries this first: the plan's rows come from ``storage.light`` (the standard
library's ``sqlite3``, under the same guard as the desktop's first list), are mapped to a plan record and
the library by the very functions the ORM read uses (``services.stored``, ``storage.mapping``), and the
handout is made by the same ``services.handouts.handout_of``: so it is the same PDF, refused for the same
reasons in the same words.  Where the light read cannot answer (see ``storage.light``), or for the
clinician summary (its revision history is a query of the store's), this gives None and the command
opens the store as always.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import ClinicDetails, PlanRecord
from careplan.services.actors import Action, Actor, event_values
from careplan.services.errors import UserError
from careplan.services.handouts import HandoutOptions, handout_of
from careplan.services.stored import stored_record, template_from_content
from careplan.storage.light import PlanRows, add_event, read_plan_rows
from careplan.storage.mapping import own_goal_from_row, own_intervention_from_row, patient_from_joined_rows


@dataclass(frozen=True)
class QuickHandout:
    """A handout made the light way, and what its activity-log event needs."""

    pdf: bytes
    record: PlanRecord
    path: Path


def stored_plan(rows: PlanRows, plan_id: int, shipped: Library) -> tuple[PlanRecord, Library]:
    """The plan record and the full library (shipped and own entries) from the light read's rows."""
    patient, _version = patient_from_joined_rows(rows.patient, rows.plan.patient_id)
    p = rows.plan
    record = stored_record(p.content, patient, plan_id, p.version, p.number, p.saved_at, p.author)
    library = shipped.with_own(
        [own_intervention_from_row(r) for r in rows.own_items],
        [own_goal_from_row(r) for r in rows.own_goals],
        [template_from_content(r.content, r.version) for r in rows.own_templates],
    )
    return record, library


def quick_handout(
    path: Path | None,
    plan_id: int,
    audience: Audience,
    shipped: Library,
    clinic: ClinicDetails,
    options: HandoutOptions = HandoutOptions(),  # noqa: B008 (frozen: one shared default is safe)
) -> QuickHandout | None:
    """The handout of plan ``plan_id`` in the SQLite file ``path``, or None when the store must make it.

    Raises what ``handout_of`` raises (an audience that does not fit, a plan not ready to print)."""
    if path is None or audience is Audience.CLINICIAN:
        return None
    rows = read_plan_rows(path, plan_id)
    if rows is None:
        return None
    try:
        record, library = stored_plan(rows, plan_id, shipped)
    except (UserError, ValueError, KeyError, TypeError):
        return None  # a stored plan that cannot be read: the store says so, in its words
    return QuickHandout(handout_of(record, library, audience, clinic, options), record, path)


def record_quick_read(made: QuickHandout, actor: Actor, detail: str) -> bool:
    """The activity log's event for a handout made the light way, as ``services.audit.record_read`` writes
    it for one made through the store; False when it could not be written (the caller warns)."""
    record = made.record
    values = event_values(
        actor,
        Action.EXPORTED,
        plan_id=record.plan_id,
        patient_id=record.patient.id,
        revision=record.revision.number if record.revision else None,
        detail=detail,
    )
    return add_event(made.path, values)
