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
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from careplan.core.assessments import (
    TOXIN_CYCLE_LAPSES_AFTER_WEEKS,
    TOXIN_REVIEW_WEEKS,
    Assessment,
    Classification,
    DueReason,
    HipMigration,
    Injection,
    check_assessment,
    hip_surveillance_date,
    review_reasons,
    toxin_review_date,
)
from careplan.core.library import Library
from careplan.core.summaries import PlanSummary
from careplan.planfile.convert import assessment_dict, assessment_from_model, injection_dict, injection_from_model
from careplan.planfile.errors import PlanFileError, problems_from_validation
from careplan.planfile.io import read_object_bytes
from careplan.planfile.schema import AssessmentModel, InjectionModel
from careplan.services.audit import Action, Actor, record_event
from careplan.services.errors import NotFoundError, RecordConflict, UserError
from careplan.services.plans import (
    _summaries,  # the reviews-due list's rows: the plan summaries' one select and mapping
    _summary_select,
)
from careplan.services.stored import plan_from_content
from careplan.storage.models import AssessmentRow, InjectionRow, PatientRow, PlanRevisionRow, PlanRow, utcnow

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


def _content(kind: _Kind[R], record: R, library: Library | None, refused: str = "") -> tuple[R, dict[str, Any]]:
    """The record as stored, checked as a plan file's object is (it travels in plan files, so it
    keeps their rules) and, for an assessment, against the scales catalog (each item-scored total
    added up); UserError naming the field when it cannot be stored."""
    refused = refused or f"The {kind.what} was not saved"
    if isinstance(record, Assessment) and library is not None:
        try:
            record = check_assessment(record, library.scales, library.movements)
        except ValueError as exc:
            raise UserError(f"{refused}: {exc}.") from None
    content = kind.to_dict(record)
    try:
        kind.model.model_validate(content)
    except ValidationError as exc:
        problems = problems_from_validation(exc)
        raise UserError(f"{refused}: " + "; ".join(problems[:3]) + ".") from None
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
    refresh: bool = True,
    refused: str = "",
) -> R:
    _check_patient(session, patient_id)
    record, content = _content(kind, record, library, refused)
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
    if refresh:
        _refresh_due(session, patient_id)
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
    _refresh_due(session, changed.patient_id)
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
    _refresh_due(session, gone.patient_id)
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
    added = (
        _store_new(session, ASSESSMENT, actor, patient_id, plan_id, assessments, library),
        _store_new(session, INJECTION, actor, patient_id, plan_id, injections, None),
    )
    if any(added):
        _refresh_due(session, patient_id)
    return added


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
    for i, record in enumerate(records):
        refused = f"The plan file's {kind.what}s[{i}] was not imported"
        # Compared as stored (totals added up from items), so the same file imported again adds nothing.
        _, content = _content(kind, record, library, refused)
        if content in stored.get(record.date, []):
            continue
        _add(
            session,
            kind,
            actor,
            patient_id,
            record,
            plan_id,
            None,
            library,
            current=False,
            refresh=False,
            refused=refused,
        )
        stored.setdefault(record.date, []).append(content)
        added += 1
    return added


# --- reviews due, with their reasons ----------------------------------------------------------------
#
# The reviews-due list reads a page at a time from SQL, whatever the number of patients.  The dates a
# toxin cycle or hip surveillance makes a review due are worked out when an assessment or injection is
# written (``_refresh_due``, with the rules of ``core.assessments``) and kept in indexed columns on one
# row per patient: the latest injection (while no assessment has followed its review date) and the
# latest assessment with hip migration.  The list then reads three index ranges (plans by review date,
# injections and assessments by due date), each ordered and limited, and asks ``review_reasons`` for
# the words of the plans it shows.


@dataclass(frozen=True, slots=True)
class DueReview:
    """A plan whose review is due, with every reason, soonest first."""

    plan: PlanSummary
    reasons: tuple[DueReason, ...]

    @property
    def due(self) -> dt.date:
        return self.reasons[0].due

    @property
    def words(self) -> str:
        """``Review date: the plan's review date; Toxin cycle: week 10 of 12 ...``: the reason column."""
        return "; ".join(r.words for r in self.reasons)


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What the rules need to know of one patient, read from the stored rows."""

    date_of_birth: dt.date
    last_assessed: dt.date | None
    last_injection: dt.date | None
    hips: HipMigration | None
    hips_assessed: dt.date | None
    gmfcs_level: int | None
    hip_row: int | None
    injection_row: int | None


def _inputs(session: Session, patient_id: int) -> _Inputs | None:
    """The patient's latest assessment, injection and hip X-ray, and the GMFCS level that goes with the
    X-ray (recorded with it, else the latest recorded, else the latest-saved plan's)."""
    born = session.scalar(select(PatientRow.date_of_birth).where(PatientRow.id == patient_id))
    if born is None:
        return None
    found = _list(session, ASSESSMENT, patient_id)
    latest_first = list(reversed(found))
    with_hips = next((a for a in latest_first if a.hips is not None), None)
    levels = ([with_hips] if with_hips else []) + latest_first
    gmfcs = next((lvl for a in levels if (lvl := a.classification(Classification.GMFCS)) is not None), None)
    if gmfcs is None and with_hips is not None:
        gmfcs = _plan_gmfcs(session, patient_id)
    injection = session.execute(
        select(InjectionRow.id, InjectionRow.date)
        .where(InjectionRow.patient_id == patient_id)
        .order_by(InjectionRow.date.desc(), InjectionRow.id.desc())
        .limit(1)
    ).first()
    return _Inputs(
        date_of_birth=born,
        last_assessed=latest_first[0].date if latest_first else None,
        last_injection=injection.date if injection else None,
        hips=with_hips.hips if with_hips else None,
        hips_assessed=with_hips.date if with_hips else None,
        gmfcs_level=gmfcs,
        hip_row=with_hips.id if with_hips else None,
        injection_row=injection.id if injection else None,
    )


def _page_inputs(session: Session, patient_ids: Sequence[int]) -> dict[int, _Inputs]:
    """``_inputs`` of a page of patients in four indexed reads: the rows holding a due date hold
    what the rules need (the injection whose cycle review is due, the X-ray whose next one is due).
    A patient whose X-ray assessment records no GMFCS level is read in full, as it was written."""
    if not patient_ids:
        return {}
    born = {
        pid: day
        for pid, day in session.execute(
            select(PatientRow.id, PatientRow.date_of_birth).where(PatientRow.id.in_(patient_ids))
        )
    }
    last = {
        pid: day
        for pid, day in session.execute(
            select(AssessmentRow.patient_id, func.max(AssessmentRow.date))
            .where(AssessmentRow.patient_id.in_(patient_ids))
            .group_by(AssessmentRow.patient_id)
        )
    }
    shots = {
        pid: day
        for pid, day in session.execute(
            select(InjectionRow.patient_id, InjectionRow.date).where(
                InjectionRow.patient_id.in_(patient_ids), InjectionRow.cycle_review_due.is_not(None)
            )
        )
    }
    x_rays = {
        r.patient_id: r
        for r in session.execute(
            select(AssessmentRow.patient_id, AssessmentRow.id, AssessmentRow.version)
            .add_columns(AssessmentRow.plan_id, AssessmentRow.plan_revision, AssessmentRow.content)
            .where(AssessmentRow.patient_id.in_(patient_ids), AssessmentRow.hip_review_due.is_not(None))
        )
    }
    out: dict[int, _Inputs] = {}
    for pid, day_of_birth in born.items():
        x_ray = _snapshot(ASSESSMENT, x_rays[pid]) if pid in x_rays else None
        level = x_ray.classification(Classification.GMFCS) if x_ray else None
        if x_ray is not None and level is None:
            full = _inputs(session, pid)
            if full is not None:
                out[pid] = full
            continue
        out[pid] = _Inputs(
            date_of_birth=day_of_birth,
            last_assessed=last.get(pid),
            last_injection=shots.get(pid),
            hips=x_ray.hips if x_ray else None,
            hips_assessed=x_ray.date if x_ray else None,
            gmfcs_level=level,
            hip_row=x_ray.id if x_ray else None,
            injection_row=None,
        )
    return out


def _plan_gmfcs(session: Session, patient_id: int) -> int | None:
    """The GMFCS level of the patient's most recently saved plan, where it records one."""
    content = session.scalar(
        select(PlanRevisionRow.content)
        .join(PlanRow, and_(PlanRow.id == PlanRevisionRow.plan_id, PlanRow.revision == PlanRevisionRow.number))
        .where(PlanRow.patient_id == patient_id)
        .order_by(PlanRow.updated_at.desc(), PlanRow.id.desc())
        .limit(1)
    )
    return plan_from_content(content).gmfcs_level if content is not None else None


def refresh_due_dates(session: Session, patient_id: int) -> None:
    """Work out the patient's review dates again after something the rules read outside their assessments
    and injections changed: the date of birth, or the latest-saved plan's GMFCS level (hip surveillance's
    next X-ray follows both).  A patient with no assessment has no date to work out (one indexed read)."""
    if session.scalar(select(AssessmentRow.id).where(AssessmentRow.patient_id == patient_id).limit(1)) is None:
        return
    _refresh_due(session, patient_id)


def _refresh_due(session: Session, patient_id: int) -> None:
    """Work out again when the toxin cycle and hip surveillance make the patient's review due, after
    one of their assessments or injections changed: the date goes on the one row it belongs to."""
    found = _inputs(session, patient_id)
    if found is None:
        return
    hip_due = None
    if found.hips is not None and found.hips_assessed is not None:
        hip_due = hip_surveillance_date(found.hips_assessed, found.hips, found.gmfcs_level, found.date_of_birth)
    cycle_due = toxin_review_date(found.last_injection) if found.last_injection else None
    if cycle_due is not None and found.last_assessed is not None and found.last_assessed >= cycle_due:
        cycle_due = None  # reviewed since: not due again until the next injection
    for row, keep, due, column in (
        (AssessmentRow, found.hip_row, hip_due, AssessmentRow.hip_review_due),
        (InjectionRow, found.injection_row, cycle_due, InjectionRow.cycle_review_due),
    ):
        session.execute(
            update(row)
            .where(row.patient_id == patient_id, column.is_not(None), row.id != (keep or 0))
            .values({column: None})
            .execution_options(synchronize_session=False)
        )
        if keep is not None:
            session.execute(
                update(row).where(row.id == keep).values({column: due}).execution_options(synchronize_session=False)
            )


def _due_candidates(session: Session, today: dt.date, horizon: dt.date, limit: int | None) -> dict[int, dt.date]:
    """Plan ids with the earliest date any reason makes them due (by ``horizon``), from three index
    ranges each ordered by date and cut at ``limit``: the plans due soonest are all among them."""
    lapsed = today - dt.timedelta(weeks=TOXIN_CYCLE_LAPSES_AFTER_WEEKS + 1 - TOXIN_REVIEW_WEEKS[0])
    by_plan = select(PlanRow.id, PlanRow.review_date.label("due")).where(
        PlanRow.review_date.is_not(None), PlanRow.review_date <= horizon
    )
    by_cycle = (
        select(PlanRow.id, InjectionRow.cycle_review_due.label("due"))
        .join(PlanRow, PlanRow.patient_id == InjectionRow.patient_id)
        .where(InjectionRow.cycle_review_due <= horizon, InjectionRow.cycle_review_due > lapsed)
    )
    by_hips = (
        select(PlanRow.id, AssessmentRow.hip_review_due.label("due"))
        .join(PlanRow, PlanRow.patient_id == AssessmentRow.patient_id)
        .where(AssessmentRow.hip_review_due <= horizon)
    )
    found: dict[int, dt.date] = {}
    # Each in the order of its own index (the due date, then the row's id), so the database walks the
    # index and stops at ``limit`` instead of sorting every row in range.
    for stmt, order in (
        (by_plan, (PlanRow.review_date, PlanRow.id)),
        (by_cycle, (InjectionRow.cycle_review_due, InjectionRow.id)),
        (by_hips, (AssessmentRow.hip_review_due, AssessmentRow.id)),
    ):
        stmt = stmt.order_by(*order)
        if limit is not None:
            stmt = stmt.limit(limit)
        for plan_id, due in session.execute(stmt):
            if due is not None:  # every range is on a date column known to hold one
                found[plan_id] = min(due, found.get(plan_id, due))
    return found


def reviews_due_with_reasons(
    session: Session, today: dt.date, within_days: int = 14, limit: int | None = None
) -> list[DueReview]:
    """Plans whose review is due by ``today`` + ``within_days`` or overdue, soonest first (at most
    ``limit``), each with every reason: the plan's review date, the toxin cycle (from week 10 after
    the latest injection, until an assessment on or after that day), hip surveillance (the next
    X-ray the last migration percentage, GMFCS level and age imply)."""
    horizon = today + dt.timedelta(days=within_days)
    candidates = _due_candidates(session, today, horizon, limit)
    chosen = sorted(candidates, key=lambda plan_id: (candidates[plan_id], plan_id))[:limit]
    if not chosen:
        return []
    summaries = {p.plan_id: p for p in _summaries(session, _summary_select().where(PlanRow.id.in_(chosen)))}
    inputs = _page_inputs(session, sorted({p.patient_id for p in summaries.values()}))
    out: list[DueReview] = []
    for plan_id in chosen:
        plan = summaries[plan_id]
        found = inputs.get(plan.patient_id)
        reasons = review_reasons(
            today=today,
            review_date=plan.review_date,
            injections=[found.last_injection] if found and found.last_injection else (),
            hips=found.hips if found else None,
            hips_assessed=found.hips_assessed if found else None,
            gmfcs_level=found.gmfcs_level if found else None,
            date_of_birth=found.date_of_birth if found else None,
            last_assessed=found.last_assessed if found else None,
            within_days=within_days,
        )
        if reasons:
            out.append(DueReview(plan, reasons))
    return sorted(out, key=lambda d: (d.due, d.plan.plan_id))


def count_reviews_due_with_reasons(
    session: Session, today: dt.date, within_days: int = 14, cap: int | None = None
) -> tuple[int, int]:
    """(plans due for any reason, of which overdue): the count the reviews-due list shows, read from
    the same index ranges; with ``cap`` each count stops after ``cap + 1``."""
    horizon = today + dt.timedelta(days=within_days)
    due = _due_candidates(session, today, horizon, None if cap is None else cap + 1)
    late = sum(1 for day in due.values() if day < today)
    if cap is not None:
        return min(len(due), cap + 1), min(late, cap + 1)
    return len(due), late
