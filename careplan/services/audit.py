"""Who did what: the audit log of opens, saves, prints, exports, imports and restores.

Health records must say who looked at and changed them.  Each event names the therapist as
they gave their name (never the computer's login: one login is often shared by a clinic, and
"root" says nothing), their role, the computer, and on PostgreSQL the database role.  It holds
no clinical content: no patient or plan names, no notes, no file paths (a file name often holds
a patient's name); only the kind of thing done and, for handouts, the audience.

Changes (saves, imports, restores) write their event in the same transaction as the change, so
there is never a change without its record nor a record of a change that did not happen: the
caller passes its session to ``record_event``.  Reads (open, print, export) write theirs in a
short transaction of their own after the work succeeded (``record_read``): a failure to record
a read is logged and reported to the caller, which tells the user, but does not take away the
plan they are treating the patient with (health record systems fail closed for writes and open
for reads).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from careplan.core.model import Patient, PlanRecord
from careplan.services.actors import (
    HOW_TO_NAME,
    MAX_NAME,
    NOT_RECORDED,
    Action,
    Actor,
    NameRequired,
    event_values,
    handout_detail,
)
from careplan.storage.db import DatabaseError
from careplan.storage.models import AuditEventRow, PlanRow

if TYPE_CHECKING:
    from sqlalchemy.orm import sessionmaker

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The light names live in ``services.actors`` (no SQLAlchemy); callers keep importing them from here.
__all__ = [
    "HOW_TO_NAME",
    "MAX_NAME",
    "NOT_RECORDED",
    "Action",
    "Actor",
    "AuditEvent",
    "NameRequired",
    "events_for",
    "handout_detail",
    "record_database_restored",
    "record_event",
    "record_read",
    "recorded",
]


@dataclass(frozen=True)
class AuditEvent:
    """One row of the log, as the screens and ``careplan audit`` show it."""

    id: int
    at: dt.datetime
    who: str
    role: str | None
    action: str
    patient_id: int | None
    plan_id: int | None
    revision: int | None
    detail: str | None
    computer: str | None
    db_role: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.astimezone(dt.UTC).isoformat(),
            "who": self.who,
            "role": self.role,
            "action": self.action,
            "patient_id": self.patient_id,
            "plan_id": self.plan_id,
            "revision": self.revision,
            "detail": self.detail,
            "computer": self.computer,
            "database_role": self.db_role,
        }


def record_event(
    session: Session,
    actor: Actor,
    action: Action,
    *,
    plan_id: int | None = None,
    patient_id: int | None = None,
    revision: int | None = None,
    detail: str | None = None,
) -> None:
    """Add one event in the caller's transaction (it commits or rolls back with the change)."""
    on_postgres = session.get_bind().dialect.name == "postgresql"
    session.execute(
        insert(AuditEventRow).values(
            **event_values(actor, action, plan_id=plan_id, patient_id=patient_id, revision=revision, detail=detail),
            db_role=func.current_user() if on_postgres else None,
        )
    )


def recorded(session: Session, actor: Actor, action: Action, result: T, detail: str | None = None) -> T:
    """Record ``action`` on what a change returned (a PlanRecord, a Patient, or a (Patient, version)
    pair) and hand it back, so that a change and its event are one expression in one transaction:
    ``recorded(s, actor, Action.SAVED, save_plan(s, ...))``."""
    target: Any = result[0] if isinstance(result, tuple) else result
    if isinstance(target, PlanRecord):
        revision = target.revision.number if target.revision else None
        record_event(
            session,
            actor,
            action,
            plan_id=target.plan_id,
            patient_id=target.patient.id,
            revision=revision,
            detail=detail,
        )
    elif isinstance(target, Patient):
        record_event(session, actor, action, patient_id=target.id, detail=detail)
    else:
        raise TypeError(f"cannot record {type(target).__name__} in the audit log")
    return result


def record_read(
    sessions: sessionmaker[Session],
    actor: Actor,
    action: Action,
    plan: PlanRecord | int,
    detail: str | None = None,
) -> bool:
    """Record a read (open, print, export) in a short transaction of its own, after the work was done.

    ``plan`` is the record that was read (its revision is the one it was loaded at; a plan not yet
    stored has no ids) or a stored plan's id.  Returns False when the event could not be written:
    the cause is logged (its type only: an error's text may carry values) and the caller warns the
    user; the work itself stands.
    """
    try:
        with sessions.begin() as session:
            if isinstance(plan, PlanRecord):
                recorded(session, actor, action, plan, detail)
            else:
                found = session.execute(select(PlanRow.patient_id, PlanRow.revision).where(PlanRow.id == plan)).first()
                patient_id, revision = found if found is not None else (None, None)
                record_event(
                    session, actor, action, plan_id=plan, patient_id=patient_id, revision=revision, detail=detail
                )
    except (SQLAlchemyError, DatabaseError, OSError) as exc:
        plan_id = plan.plan_id if isinstance(plan, PlanRecord) else plan
        log.warning("could not record %s of plan %s in the activity log: %s", action.value, plan_id, type(exc).__name__)
        return False
    return True


def record_database_restored(session: Session, actor: Actor, detail: str = "database restored from a backup") -> None:
    """After a whole database was restored from a backup: one event, in the restored database."""
    record_event(session, actor, Action.RESTORED, detail=detail)


def events_for(
    session: Session, *, plan_id: int | None = None, patient_id: int | None = None, limit: int = 200
) -> list[AuditEvent]:
    """The newest ``limit`` events of a plan, of a patient (all their plans), or of everything."""
    query = select(AuditEventRow)
    if plan_id is not None:
        query = query.where(AuditEventRow.plan_id == plan_id)
    if patient_id is not None:
        query = query.where(AuditEventRow.patient_id == patient_id)
    rows = session.scalars(query.order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc()).limit(limit))
    return [
        AuditEvent(
            r.id, r.at, r.who, r.role, r.action, r.patient_id, r.plan_id, r.revision, r.detail, r.computer, r.db_role
        )
        for r in rows
    ]
