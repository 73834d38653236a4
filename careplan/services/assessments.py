"""A patient's assessments and botulinum toxin injections: record, change, delete, list; and the
reviews due with their reasons (review date, toxin cycle, hip surveillance).

One stored form: each row keeps the plan file's ``assessments[]`` / ``injections[]`` object
(``planfile.convert`` writes and reads it, the same mapping import and export use), with what is
queried beside it (patient, date, plan and revision, the date a review falls due).  Each change is
checked as a plan file's object is (the text rule, the lengths), then against the scales catalog,
and written with its audit event in the caller's transaction.  ``version`` is the optimistic lock: a
change or delete from a stale copy raises RecordConflict and writes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from careplan.core.assessments import Assessment, Injection
from careplan.core.library import Library
from careplan.planfile.convert import assessment_dict, assessment_from_model, injection_dict, injection_from_model
from careplan.planfile.errors import PlanFileError, problems_from_validation
from careplan.planfile.io import read_object_bytes
from careplan.planfile.schema import AssessmentModel, InjectionModel
from careplan.services.audit import Action, Actor, record_event
from careplan.services.errors import NotFoundError, RecordConflict, UserError
from careplan.storage.models import AssessmentRow, InjectionRow, PatientRow, PlanRow, utcnow

R = TypeVar("R", Assessment, Injection)


@dataclass(frozen=True)
class _Kind(Generic[R]):
    """What differs between assessments and injections: the table, the file object, the words."""

    what: str
    row: type[AssessmentRow] | type[InjectionRow]
    model: type[BaseModel]
    to_dict: Callable[[R], dict[str, Any]]
    from_model: Callable[[Any, str], R]
    #: The column naming who assessed / who injected, and the snapshot's field for it.
    who: str


ASSESSMENT: _Kind[Assessment] = _Kind(
    "assessment", AssessmentRow, AssessmentModel, assessment_dict, assessment_from_model, "therapist"
)
INJECTION: _Kind[Injection] = _Kind(
    "injection", InjectionRow, InjectionModel, injection_dict, injection_from_model, "given_by"
)


# --- reading ---------------------------------------------------------------------------------------


def _snapshot(kind: _Kind[R], row: Any) -> R:
    """A stored row back to its snapshot: the stored object read with the rules for stored plans (a
    record kept before a rule tightened stays readable), with the row's ids and link."""
    try:
        model = kind.model.model_validate(row.content, context={"stored": True})
        found = kind.from_model(model, "")
    except (ValidationError, PlanFileError) as exc:
        raise UserError(
            f"A stored {kind.what} (id {row.id}) cannot be read: {_first_problem(exc)}. "
            "Restore a backup, or tell whoever looks after Careplan."
        ) from None
    extra: dict[str, Any] = {"id": row.id, "version": row.version}
    if kind is ASSESSMENT:
        extra |= {"plan_id": row.plan_id, "plan_revision": row.plan_revision}
    return dataclasses.replace(found, **extra)


def _first_problem(exc: ValidationError | PlanFileError) -> str:
    problems = problems_from_validation(exc) if isinstance(exc, ValidationError) else exc.problems
    return problems[0] if problems else str(exc)


def _list(session: Session, kind: _Kind[R], patient_id: int) -> list[R]:
    row = kind.row
    rows = session.execute(
        select(row.id, row.version, row.plan_id, row.plan_revision, row.content)
        .where(row.patient_id == patient_id)
        .order_by(row.date, row.id)
    )
    return [_snapshot(kind, r) for r in rows]


def list_assessments(session: Session, patient_id: int) -> list[Assessment]:
    """The patient's assessments, oldest first (by date, then as recorded)."""
    return _list(session, ASSESSMENT, patient_id)


def list_injections(session: Session, patient_id: int) -> list[Injection]:
    """The patient's botulinum toxin injections, oldest first."""
    return _list(session, INJECTION, patient_id)


def load_assessment(session: Session, assessment_id: int) -> Assessment:
    return _load(session, ASSESSMENT, assessment_id)


def load_injection(session: Session, injection_id: int) -> Injection:
    return _load(session, INJECTION, injection_id)


def _load(session: Session, kind: _Kind[R], record_id: int) -> R:
    row = kind.row
    found = session.execute(
        select(row.id, row.version, row.plan_id, row.plan_revision, row.content).where(row.id == record_id)
    ).first()
    if found is None:
        raise NotFoundError(f"There is no {kind.what} with id {record_id}.")
    return _snapshot(kind, found)


# --- checks ------------------------------------------------------------------------------------------


def _content(kind: _Kind[R], record: R, library: Library | None) -> tuple[R, dict[str, Any]]:
    """The record as stored, checked as a plan file's object is (it travels in plan files, so it
    keeps their rules) and, for an assessment, against the scales catalog; UserError naming the
    field when it cannot be stored."""
    content = kind.to_dict(record)
    try:
        kind.model.model_validate(content)
    except ValidationError as exc:
        problems = problems_from_validation(exc)
        raise UserError(f"The {kind.what} was not saved: " + "; ".join(problems[:3]) + ".") from None
    return record, content


def _patient_of_plan(session: Session, plan_id: int) -> tuple[int, int]:
    found = session.execute(select(PlanRow.patient_id, PlanRow.revision).where(PlanRow.id == plan_id)).first()
    if found is None:
        raise NotFoundError(f"There is no plan with id {plan_id}. 'careplan list' shows the plans and their ids.")
    return found.patient_id, found.revision


def _link(
    session: Session, patient_id: int, plan_id: int | None, revision: int | None, *, current: bool = True
) -> tuple[int | None, int | None]:
    """The plan and revision a record is linked to: the plan's current revision unless one is named
    (or, without ``current``, none); the plan must be one of the patient's."""
    if plan_id is None:
        return None, None
    owner, latest = _patient_of_plan(session, plan_id)
    if owner != patient_id:
        raise UserError(f"Plan {plan_id} is another patient's plan; nothing was saved.")
    if revision is not None and not 1 <= revision <= latest:
        raise UserError(f"Plan {plan_id} has no revision {revision}; nothing was saved.")
    return plan_id, revision if revision is not None or not current else latest


def _check_patient(session: Session, patient_id: int) -> None:
    if session.scalar(select(PatientRow.id).where(PatientRow.id == patient_id)) is None:
        raise NotFoundError(f"There is no patient with id {patient_id}.")


# --- writing -------------------------------------------------------------------------------------


def _add(
    session: Session,
    kind: _Kind[R],
    actor: Actor,
    patient_id: int,
    record: R,
    plan_id: int | None,
    plan_revision: int | None,
    library: Library | None,
    *,
    current: bool = True,
) -> R:
    _check_patient(session, patient_id)
    record, content = _content(kind, record, library)
    plan_id, plan_revision = _link(session, patient_id, plan_id, plan_revision, current=current)
    now = utcnow()
    row = kind.row
    new_id = session.execute(
        insert(row)
        .values(
            patient_id=patient_id,
            plan_id=plan_id,
            plan_revision=plan_revision,
            date=record.date,
            content=content,
            created_at=now,
            updated_at=now,
            author=actor.name,
            version=1,
            **{kind.who: getattr(record, kind.who)},
        )
        .returning(row.id)
    ).scalar_one()
    record_event(
        session,
        actor,
        Action.RECORDED,
        patient_id=patient_id,
        plan_id=plan_id,
        revision=plan_revision,
        detail=kind.what,
    )
    extra: dict[str, Any] = {"id": new_id, "version": 1}
    if kind is ASSESSMENT:
        extra |= {"plan_id": plan_id, "plan_revision": plan_revision}
    return dataclasses.replace(record, **extra)


def _conflict(session: Session, kind: _Kind[R], record: R) -> RecordConflict:
    assert record.id is not None
    row = kind.row
    found = session.execute(select(row.author, row.updated_at).where(row.id == record.id)).first()
    if found is None:
        return RecordConflict(kind.what, record.id, record.date, deleted=True)
    return RecordConflict(kind.what, record.id, record.date, found.author, found.updated_at)


def _update(session: Session, kind: _Kind[R], actor: Actor, record: R, library: Library | None) -> R:
    if record.id is None or record.version is None:
        raise UserError(f"This {kind.what} has not been saved yet; add it instead.")
    record, content = _content(kind, record, library)
    row = kind.row
    link: dict[str, Any] = {}
    if isinstance(record, Assessment) and record.plan_id is not None:
        patient_id = session.scalar(select(row.patient_id).where(row.id == record.id))
        if patient_id is not None:
            plan_id, revision = _link(session, patient_id, record.plan_id, record.plan_revision)
            link = {"plan_id": plan_id, "plan_revision": revision}
    changed = session.execute(
        update(row)
        .where(row.id == record.id, row.version == record.version)
        .values(
            date=record.date,
            content=content,
            updated_at=utcnow(),
            author=actor.name,
            version=row.version + 1,
            **{kind.who: getattr(record, kind.who)},
            **link,
        )
        .returning(row.version, row.patient_id, row.plan_id, row.plan_revision)
        .execution_options(synchronize_session=False)
    ).first()
    if changed is None:
        raise _conflict(session, kind, record)
    record_event(
        session,
        actor,
        Action.CHANGED,
        patient_id=changed.patient_id,
        plan_id=changed.plan_id,
        revision=changed.plan_revision,
        detail=kind.what,
    )
    extra: dict[str, Any] = {"version": changed.version}
    if kind is ASSESSMENT:
        extra |= {"plan_id": changed.plan_id, "plan_revision": changed.plan_revision}
    return dataclasses.replace(record, **extra)


def _delete(session: Session, kind: _Kind[R], actor: Actor, record: R) -> None:
    if record.id is None or record.version is None:
        raise UserError(f"This {kind.what} has not been saved; there is nothing to delete.")
    row = kind.row
    gone = session.execute(
        delete(row)
        .where(row.id == record.id, row.version == record.version)
        .returning(row.patient_id, row.plan_id, row.plan_revision)
        .execution_options(synchronize_session=False)
    ).first()
    if gone is None:
        raise _conflict(session, kind, record)
    record_event(
        session,
        actor,
        Action.DELETED,
        patient_id=gone.patient_id,
        plan_id=gone.plan_id,
        revision=gone.plan_revision,
        detail=kind.what,
    )


def add_assessment(
    session: Session, actor: Actor, patient_id: int, assessment: Assessment, library: Library | None = None
) -> Assessment:
    """Record a new assessment of the patient (linked to ``assessment.plan_id``'s current revision
    when a plan is named); returns it with its id and version 1."""
    return _add(
        session, ASSESSMENT, actor, patient_id, assessment, assessment.plan_id, assessment.plan_revision, library
    )


def assess_plan(
    session: Session, actor: Actor, plan_id: int, assessment: Assessment, library: Library | None = None
) -> Assessment:
    """Record an assessment of the plan's patient, linked to the plan's current revision."""
    patient_id, revision = _patient_of_plan(session, plan_id)
    linked = dataclasses.replace(assessment, plan_id=plan_id, plan_revision=revision)
    return _add(session, ASSESSMENT, actor, patient_id, linked, plan_id, revision, library)


def update_assessment(
    session: Session, actor: Actor, assessment: Assessment, library: Library | None = None
) -> Assessment:
    """Write ``assessment`` over the stored one it was read as (its ``id`` at its ``version``);
    RecordConflict, nothing written, when another desktop changed or deleted it since."""
    return _update(session, ASSESSMENT, actor, assessment, library)


def delete_assessment(session: Session, actor: Actor, assessment: Assessment) -> None:
    """Delete the assessment read as ``assessment`` (RecordConflict when it changed since)."""
    _delete(session, ASSESSMENT, actor, assessment)


def add_injection(
    session: Session, actor: Actor, patient_id: int, injection: Injection, plan_id: int | None = None
) -> Injection:
    """Record a botulinum toxin injection of the patient (linked to ``plan_id``'s current revision)."""
    return _add(session, INJECTION, actor, patient_id, injection, plan_id, None, None)


def update_injection(session: Session, actor: Actor, injection: Injection) -> Injection:
    return _update(session, INJECTION, actor, injection, None)


def delete_injection(session: Session, actor: Actor, injection: Injection) -> None:
    _delete(session, INJECTION, actor, injection)


# --- plan files --------------------------------------------------------------------------------


def assessment_from_file(data: bytes, source: str) -> Assessment:
    """One assessment written as an element of the plan file's ``assessments`` array (what
    ``careplan assess --from FILE`` reads): UserError, one line naming the file and the field."""
    try:
        model = read_object_bytes(data, AssessmentModel, "one assessment, as in a plan file's assessments", source)
        return assessment_from_model(model, "")
    except PlanFileError as exc:
        shown = "; ".join(exc.problems[:3]) + (f" (and {len(exc.problems) - 3} more)" if len(exc.problems) > 3 else "")
        raise UserError(f"{source}: {shown}. Nothing was recorded.") from None


def store_carried(
    session: Session,
    actor: Actor,
    patient_id: int,
    plan_id: int,
    assessments: Sequence[Assessment],
    injections: Sequence[Injection],
    library: Library | None = None,
) -> tuple[int, int]:
    """Store the assessments and injections an imported plan file carried for the patient, linked to
    the imported plan (no revision: they were made elsewhere); one already stored with exactly the
    same content is not stored twice (importing the same file again).  Returns how many were new."""
    return (
        _store_new(session, ASSESSMENT, actor, patient_id, plan_id, assessments, library),
        _store_new(session, INJECTION, actor, patient_id, plan_id, injections, None),
    )


def _store_new(
    session: Session,
    kind: _Kind[R],
    actor: Actor,
    patient_id: int,
    plan_id: int,
    records: Sequence[R],
    library: Library | None,
) -> int:
    row = kind.row
    stored: dict[Any, list[dict[str, Any]]] = {}
    for day, content in session.execute(select(row.date, row.content).where(row.patient_id == patient_id)):
        stored.setdefault(day, []).append(content)
    added = 0
    for record in records:
        content = kind.to_dict(record)
        if content in stored.get(record.date, []):
            continue
        _add(session, kind, actor, patient_id, record, plan_id, None, library, current=False)
        stored.setdefault(record.date, []).append(content)
        added += 1
    return added
