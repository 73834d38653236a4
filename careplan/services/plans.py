"""Use cases for patients, plans and revisions.  Each function takes an open Session;
the caller owns the transaction (``with sessions.begin() as session: ...``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, undefer
from sqlalchemy.orm.exc import StaleDataError

from careplan.core.enums import Category
from careplan.core.library import Library, LibraryGoal, LibraryIntervention
from careplan.core.model import Patient, Plan, PlanRecord, RevisionInfo
from careplan.planfile import to_document, to_imported
from careplan.planfile.io import validate
from careplan.services.errors import NotFoundError, PlanConflict
from careplan.storage.mapping import fill_patient_row, fill_plan_row, patient_from_row, plan_from_row
from careplan.storage.models import InterventionRow, PatientRow, PlanRevisionRow, PlanRow, utcnow


@dataclass(frozen=True, slots=True)
class PlanSummary:
    plan_id: int
    patient_id: int
    patient_name: str
    title: str
    category: Category
    review_date: dt.date | None
    revision: int
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PatientSummary:
    id: int
    given_name: str
    family_name: str
    date_of_birth: dt.date
    identifier: str | None
    plans: tuple[PlanSummary, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def _latest_numbers(session: Session, plan_ids: Sequence[int] | None = None) -> dict[int, int]:
    stmt = select(PlanRevisionRow.plan_id, func.max(PlanRevisionRow.number)).group_by(PlanRevisionRow.plan_id)
    if plan_ids is not None:
        stmt = stmt.where(PlanRevisionRow.plan_id.in_(plan_ids))
    return {pid: n for pid, n in session.execute(stmt)}


def list_patients(session: Session) -> list[PatientSummary]:
    """Every patient with a summary of each plan, sorted by family then given name."""
    patients = session.execute(
        select(
            PatientRow.id,
            PatientRow.given_name,
            PatientRow.family_name,
            PatientRow.date_of_birth,
            PatientRow.identifier,
        ).order_by(PatientRow.family_name, PatientRow.given_name, PatientRow.id)
    ).all()
    numbers = _latest_numbers(session)
    plans: dict[int, list[PlanSummary]] = {}
    names = {p.id: f"{p.given_name} {p.family_name}" for p in patients}
    for row in session.execute(
        select(
            PlanRow.id,
            PlanRow.patient_id,
            PlanRow.title,
            PlanRow.category,
            PlanRow.review_date,
            PlanRow.updated_at,
        ).order_by(PlanRow.id)
    ):
        plans.setdefault(row.patient_id, []).append(
            PlanSummary(
                row.id,
                row.patient_id,
                names.get(row.patient_id, ""),
                row.title,
                Category(row.category),
                row.review_date,
                numbers.get(row.id, 0),
                row.updated_at,
            )
        )
    return [
        PatientSummary(p.id, p.given_name, p.family_name, p.date_of_birth, p.identifier, tuple(plans.get(p.id, ())))
        for p in patients
    ]


def reviews_due(session: Session, today: dt.date, within_days: int = 14) -> list[PlanSummary]:
    """Plans whose review date has passed or falls within ``within_days``, soonest first."""
    limit = today + dt.timedelta(days=within_days)
    rows = session.execute(
        select(
            PlanRow.id,
            PlanRow.patient_id,
            PatientRow.given_name,
            PatientRow.family_name,
            PlanRow.title,
            PlanRow.category,
            PlanRow.review_date,
            PlanRow.updated_at,
        )
        .join(PatientRow, PatientRow.id == PlanRow.patient_id)
        .where(PlanRow.review_date.is_not(None), PlanRow.review_date <= limit)
        .order_by(PlanRow.review_date, PlanRow.id)
    ).all()
    numbers = _latest_numbers(session, [r.id for r in rows])
    return [
        PlanSummary(
            r.id,
            r.patient_id,
            f"{r.given_name} {r.family_name}",
            r.title,
            Category(r.category),
            r.review_date,
            numbers.get(r.id, 0),
            r.updated_at,
        )
        for r in rows
    ]


def _get_plan_row(session: Session, plan_id: int, *, for_update: bool = False) -> PlanRow:
    stmt = (
        select(PlanRow)
        .where(PlanRow.id == plan_id)
        .options(
            selectinload(PlanRow.goals),
            selectinload(PlanRow.interventions).options(undefer(InterventionRow.photo)),
            selectinload(PlanRow.patient).selectinload(PatientRow.carers),
        )
    )
    if for_update:
        stmt = stmt.with_for_update(of=PlanRow)
    row = session.scalars(stmt).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no plan with id {plan_id}. 'careplan list' shows the plans and their ids.")
    return row


def _latest_revision(session: Session, plan_id: int) -> PlanRevisionRow | None:
    return session.scalars(
        select(PlanRevisionRow).where(PlanRevisionRow.plan_id == plan_id).order_by(PlanRevisionRow.number.desc())
    ).first()


def _info(rev: PlanRevisionRow | None) -> RevisionInfo | None:
    return RevisionInfo(rev.number, rev.saved_at, rev.author) if rev else None


def load_plan(session: Session, plan_id: int) -> PlanRecord:
    row = _get_plan_row(session, plan_id)
    return PlanRecord(
        plan=plan_from_row(row),
        patient=patient_from_row(row.patient),
        plan_id=row.id,
        version=row.version,
        revision=_info(_latest_revision(session, plan_id)),
    )


def load_patient(session: Session, patient_id: int) -> Patient:
    row = session.get(PatientRow, patient_id)
    if row is None:
        raise NotFoundError(f"There is no patient with id {patient_id}.")
    return patient_from_row(row)


def _add_revision(
    session: Session,
    row: PlanRow,
    record: PlanRecord,
    author: str | None,
    own: tuple[Sequence[LibraryIntervention], Sequence[LibraryGoal]],
    note: str | None = None,
) -> PlanRevisionRow:
    latest = session.scalar(select(func.max(PlanRevisionRow.number)).where(PlanRevisionRow.plan_id == row.id))
    revision = PlanRevisionRow(
        plan_id=row.id,
        number=(latest or 0) + 1,
        saved_at=utcnow(),
        author=author,
        note=note,
        content=to_document(record, *own),
    )
    session.add(revision)
    return revision


def own_entries_used(plan: Plan, library: Library | None) -> tuple[list[LibraryIntervention], list[LibraryGoal]]:
    if library is None:
        return [], []
    items = [
        e
        for code in dict.fromkeys(i.catalog_code for i in plan.interventions if i.catalog_code)
        if (e := library.intervention(code)) is not None and e.is_own
    ]
    goals = [
        g for code in dict.fromkeys(g.code for g in plan.goals if g.code) if (g := library.goal(code)) and g.is_own
    ]
    return items, goals


def _find_patient(session: Session, patient: Patient) -> PatientRow | None:
    """The stored patient ``patient`` is, when names, date of birth and identifier all match."""
    return session.scalars(
        select(PatientRow)
        .where(
            PatientRow.given_name == patient.given_name,
            PatientRow.family_name == patient.family_name,
            PatientRow.date_of_birth == patient.date_of_birth,
            PatientRow.identifier.is_(None)
            if patient.identifier is None
            else PatientRow.identifier == patient.identifier,
        )
        .order_by(PatientRow.id)
    ).first()


def save_patient(session: Session, patient: Patient) -> Patient:
    """Add a new patient (``id`` None) or update a stored one; returns it with its id."""
    if patient.id is None:
        row = PatientRow()
        session.add(row)
    else:
        found = session.get(PatientRow, patient.id)
        if found is None:
            raise NotFoundError(f"There is no patient with id {patient.id}.")
        row = found
    fill_patient_row(row, patient)
    session.flush()
    return patient_from_row(row)


def create_plan(
    session: Session,
    record: PlanRecord,
    author: str | None = None,
    library: Library | None = None,
    *,
    match_patient: bool = False,
    note: str | None = None,
) -> PlanRecord:
    """Store a new plan (revision 1) for ``record.patient``.

    A patient with an id is updated; one without is added, or, with
    ``match_patient``, matched to a stored patient with the same names, date of
    birth and identifier.
    """
    patient_row: PatientRow | None = None
    if record.patient.id is not None:
        patient_row = session.get(PatientRow, record.patient.id)
        if patient_row is None:
            raise NotFoundError(f"There is no patient with id {record.patient.id}.")
    elif match_patient:
        patient_row = _find_patient(session, record.patient)
    if patient_row is None:
        patient_row = PatientRow()
        session.add(patient_row)
    fill_patient_row(patient_row, record.patient)
    now = utcnow()
    row = PlanRow(patient=patient_row, created_at=now, updated_at=now)
    fill_plan_row(row, record.plan)
    session.add(row)
    session.flush()
    stored = PlanRecord(record.plan, patient_from_row(patient_row), row.id, row.version)
    revision = _add_revision(session, row, stored, author, own_entries_used(record.plan, library), note)
    session.flush()
    return PlanRecord(stored.plan, stored.patient, row.id, row.version, _info(revision))


def save_plan(
    session: Session,
    record: PlanRecord,
    author: str | None = None,
    library: Library | None = None,
    note: str | None = None,
) -> PlanRecord:
    """Store ``record`` as a new revision of its plan.

    ``record.version`` must be the version it was loaded at: if another desktop
    saved in between, PlanConflict is raised and nothing is written.
    """
    if record.plan_id is None:
        return create_plan(session, record, author, library, note=note)
    row = _get_plan_row(session, record.plan_id, for_update=True)
    if row.version != record.version:
        latest = _latest_revision(session, row.id)
        raise PlanConflict(
            row.id,
            record.version,
            row.version,
            latest.author if latest else None,
            latest.saved_at if latest else None,
        )
    fill_patient_row(row.patient, record.patient)
    fill_plan_row(row, record.plan)
    row.updated_at = utcnow()
    try:
        session.flush()
    except StaleDataError:
        raise PlanConflict(row.id, record.version, None) from None
    stored = PlanRecord(record.plan, patient_from_row(row.patient), row.id, row.version)
    revision = _add_revision(session, row, stored, author, own_entries_used(record.plan, library), note)
    session.flush()
    return PlanRecord(stored.plan, stored.patient, row.id, row.version, _info(revision))


def list_revisions(session: Session, plan_id: int) -> list[RevisionInfo]:
    """Every saved revision of the plan, oldest first."""
    _get_plan_row(session, plan_id)
    rows = session.execute(
        select(PlanRevisionRow.number, PlanRevisionRow.saved_at, PlanRevisionRow.author)
        .where(PlanRevisionRow.plan_id == plan_id)
        .order_by(PlanRevisionRow.number)
    )
    return [RevisionInfo(n, at, author) for n, at, author in rows]


def load_revision(session: Session, plan_id: int, number: int) -> PlanRecord:
    """A saved revision, read back as it was (no ``version``: it is read-only)."""
    rev = session.scalars(
        select(PlanRevisionRow).where(PlanRevisionRow.plan_id == plan_id, PlanRevisionRow.number == number)
    ).one_or_none()
    if rev is None:
        raise NotFoundError(f"Plan {plan_id} has no revision {number}.")
    imported = to_imported(validate(rev.content), lambda code: None, resolve_codes=False)
    patient_id = session.scalar(select(PlanRow.patient_id).where(PlanRow.id == plan_id))
    patient = dataclasses.replace(imported.record.patient, id=patient_id)
    return PlanRecord(imported.record.plan, patient, plan_id, None, _info(rev))


def restore_revision(
    session: Session, plan_id: int, number: int, expected_version: int | None, author: str | None = None
) -> PlanRecord:
    """Make an old revision the plan's current state, as a new revision (history is kept)."""
    old = load_revision(session, plan_id, number)
    current = _get_plan_row(session, plan_id)
    record = PlanRecord(old.plan, patient_from_row(current.patient), plan_id, expected_version)
    return save_plan(session, record, author, note=f"restored revision {number}")


def save_as_copy(
    session: Session, record: PlanRecord, author: str | None = None, library: Library | None = None
) -> PlanRecord:
    """Store ``record`` as a new plan for the same patient (used after a conflict)."""
    copy = PlanRecord(record.plan.replace(title=_copy_title(record.plan.title)), record.patient)
    return create_plan(session, copy, author, library, note="saved as a copy")


def _copy_title(title: str) -> str:
    suffix = " (copy)"
    return title[: 200 - len(suffix)] + suffix
