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
    LargeBinary,
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
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    identifier: Mapped[str | None] = mapped_column(String(200))
    school_name: Mapped[str | None] = mapped_column(String(200))
    school_contact_name: Mapped[str | None] = mapped_column(String(200))
    school_phone: Mapped[str | None] = mapped_column(String(200))
    school_email: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    carers: Mapped[list[CarerRow]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="CarerRow.position"
    )
    plans: Mapped[list[PlanRow]] = relationship(back_populates="patient", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_patients_family_name_given_name", "family_name", "given_name"),
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


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    regions: Mapped[list[str]] = mapped_column(default=list)
    therapist_name: Mapped[str | None] = mapped_column(String(200))
    therapist_role: Mapped[str | None] = mapped_column(String(200))
    therapist_phone: Mapped[str | None] = mapped_column(String(200))
    therapist_email: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    review_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    visits: Mapped[str | None] = mapped_column(Text)
    home_practice: Mapped[str | None] = mapped_column(Text)
    adjustments: Mapped[list[str]] = mapped_column(default=list)
    clinical_notes: Mapped[str | None] = mapped_column(Text)
    cervical_form: Mapped[str | None] = mapped_column(String(16))
    gmfcs_level: Mapped[int | None] = mapped_column(Integer)
    catalog_version: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Optimistic lock: a save from a stale copy finds a different number here.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    patient: Mapped[PatientRow] = relationship(back_populates="plans")
    goals: Mapped[list[GoalRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="GoalRow.position"
    )
    interventions: Mapped[list[InterventionRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="InterventionRow.position"
    )
    revisions: Mapped[list[PlanRevisionRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanRevisionRow.number"
    )

    __mapper_args__ = {"version_id_col": version}


class GoalRow(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    domain: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    code: Mapped[str | None] = mapped_column(String(200))

    plan: Mapped[PlanRow] = relationship(back_populates="goals")


class InterventionRow(Base):
    __tablename__ = "interventions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    catalog_code: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str | None] = mapped_column(Text)
    school_instructions: Mapped[str | None] = mapped_column(Text)
    clinician_note: Mapped[str | None] = mapped_column(Text)
    sets: Mapped[int | None] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold_seconds: Mapped[int | None] = mapped_column(Integer)
    rest_seconds: Mapped[int | None] = mapped_column(Integer)
    times_per_day: Mapped[int | None] = mapped_column(Integer)
    days_per_week: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[int | None] = mapped_column(Integer)
    side: Mapped[str | None] = mapped_column(String(8))
    setting: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(16))
    wear_schedule: Mapped[str | None] = mapped_column(Text)
    skin_checks: Mapped[str | None] = mapped_column(Text)
    referral_to: Mapped[str | None] = mapped_column(String(200))
    referral_reason: Mapped[str | None] = mapped_column(Text)
    audiences: Mapped[list[str]] = mapped_column(default=list)
    photo_type: Mapped[str | None] = mapped_column(String(32))
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    plan: Mapped[PlanRow] = relationship(back_populates="interventions")


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

    plan: Mapped[PlanRow] = relationship(back_populates="revisions")

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
