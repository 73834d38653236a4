"""SQLAlchemy 2 typed models of the Careplan database.

Schema changes only through Alembic migrations (``careplan/storage/migrations``);
a test checks that these models and the migrations agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment in time, always read back as timezone-aware UTC (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class PatientRow(Base):
    """A patient's current details.  Every version is also kept in ``patient_versions``."""

    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    #: Family then given name, lower case without accents: what the list sorts by (indexed).
    name_key: Mapped[str] = mapped_column(String(401))
    date_of_birth: Mapped[dt.date] = mapped_column(Date, index=True)
    identifier: Mapped[str | None] = mapped_column(String(200))
    school_name: Mapped[str | None] = mapped_column(String(200))
    school_contact_name: Mapped[str | None] = mapped_column(String(200))
    school_phone: Mapped[str | None] = mapped_column(String(200))
    school_email: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Optimistic lock: an edit from a stale copy finds a different number here.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    carers: Mapped[list[CarerRow]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="CarerRow.position"
    )

    __table_args__ = (
        Index("ix_patients_name_key_id", "name_key", "id"),
        Index("ix_patients_identifier", "identifier"),
    )


class CarerRow(Base):
    __tablename__ = "carers"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    relationship_: Mapped[str | None] = mapped_column("relationship", String(200))
    phone: Mapped[str | None] = mapped_column(String(200))

    patient: Mapped[PatientRow] = relationship(back_populates="carers")


class PatientTermRow(Base):
    """Search words of a patient (folded name words, identifier without spaces), for prefix search by index."""

    __tablename__ = "patient_terms"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(String(200), primary_key=True)

    __table_args__ = (Index("ix_patient_terms_term_patient_id", "term", "patient_id"),)


class PatientVersionRow(Base):
    """One version of a patient's details, kept for ever (like plan revisions)."""

    __tablename__ = "patient_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    author: Mapped[str | None] = mapped_column(String(200))
    #: The details as the plan file's ``patient`` object holds them.
    content: Mapped[dict[str, Any]] = mapped_column()

    __table_args__ = (UniqueConstraint("patient_id", "version", name="uq_patient_versions_patient_id_version"),)


class PlanRow(Base):
    """What is queried of a plan; its body is the revision numbered ``revision`` (one stored form)."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    review_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Optimistic lock: a save from a stale copy finds a different number here.
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The number of the current revision, whose content is the plan.
    revision: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (Index("ix_plans_patient_id_review_date", "patient_id", "review_date"),)


class PlanRevisionRow(Base):
    """One saved state of a plan, kept for ever: its plan file as JSON."""

    __tablename__ = "plan_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    author: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[dict[str, Any]] = mapped_column()

    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_plan_revisions_plan_id_number"),)


class OwnInterventionRow(Base):
    """A therapist's own library entry (the shipped library stays read-only)."""

    __tablename__ = "own_interventions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    school_instructions: Mapped[str | None] = mapped_column(Text)
    clinician_note: Mapped[str | None] = mapped_column(Text)
    dosage: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    wear_schedule: Mapped[str | None] = mapped_column(Text)
    skin_checks: Mapped[str | None] = mapped_column(Text)
    setting: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(16))
    referral_to: Mapped[str | None] = mapped_column(String(200))
    referral_reason: Mapped[str | None] = mapped_column(Text)
    audiences: Mapped[list[str]] = mapped_column(default=list)
    categories: Mapped[list[str]] = mapped_column(default=list)
    regions: Mapped[list[str]] = mapped_column(default=list)
    cautions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class OwnGoalRow(Base):
    __tablename__ = "own_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    domain: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    categories: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class OwnTemplateRow(Base):
    """A therapist's own template, saved from a plan: its body is the plan file's
    ``own_library.templates[]`` object (``careplan.services.templates`` maps it)."""

    __tablename__ = "own_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    category: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    author: Mapped[str | None] = mapped_column(String(200))
    #: Optimistic lock: a change from a stale copy (another desktop changed it) finds a different number.
    version: Mapped[int] = mapped_column(Integer, nullable=False)


class AuditEventRow(Base):
    """Who did what to which plan or patient, and when (``careplan.services.audit``).

    Never clinical content or file paths; plan and patient ids are plain numbers (not foreign
    keys) so that the record outlives what it is about.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    who: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    patient_id: Mapped[int | None] = mapped_column(Integer)
    plan_id: Mapped[int | None] = mapped_column(Integer)
    revision: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String(200))
    computer: Mapped[str | None] = mapped_column(String(255))
    #: On PostgreSQL the database role the desktop connected as (``current_user``); None on SQLite.
    db_role: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        Index("ix_audit_events_plan_id_at", "plan_id", "at"),
        Index("ix_audit_events_patient_id_at", "patient_id", "at"),
    )


class AssessmentRow(Base):
    """One dated re-evaluation of a patient: its body is the plan file's ``assessments[]`` object
    (``careplan.planfile`` maps it, as plan revisions keep the plan file), with what is queried
    beside it: the patient, the date, the plan and revision it was made against."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    #: The plan and revision that were current; the assessment stays with the patient if the plan goes.
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"), index=True)
    plan_revision: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    therapist: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict[str, Any]] = mapped_column()
    #: On the patient's latest assessment with hip migration only: when hip surveillance next falls due
    #: (worked out when written, so the reviews-due list reads it by index).
    hip_review_due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Who last wrote it (shown when another desktop's change is refused as a conflict).
    author: Mapped[str | None] = mapped_column(String(200))
    #: Optimistic lock: a change from a stale copy finds a different number here.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (Index("ix_assessments_patient_id_date", "patient_id", "date"),)


class InjectionRow(Base):
    """One botulinum toxin injection session: its body is the plan file's ``injections[]`` object."""

    __tablename__ = "injections"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"), index=True)
    plan_revision: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    given_by: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict[str, Any]] = mapped_column()
    #: On the patient's latest injection only, while no review has followed it: when the review before
    #: the next cycle falls due (worked out when written, read by index).
    cycle_review_due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    author: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (Index("ix_injections_patient_id_date", "patient_id", "date"),)
